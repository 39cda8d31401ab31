"""The extension's message catalogs: extract the template, merge, compile.

    python tools/catalogs.py extract   # sphinxcontrib_adr/locale/sphinxcontrib-adr.pot
    python tools/catalogs.py update    # merge the template into every language's .po
    python tools/catalogs.py compile   # .po -> .mo, next to it (the .mo files are committed)
    python tools/catalogs.py init LANG # start a new language from the template

Messages are the arguments of ``_()`` and ``N_()`` in the package's Python
modules (sphinxcontrib_adr/core/locale.py says which to use where), read with
babel's Python extractor (babel comes with Sphinx). The compiled ``.mo``
files are committed because Sphinx loads only compiled catalogs and the
package is installed read-only (docs/decisions/0026); tests/test_locale.py
fails when one is older than its ``.po``, when the template misses a message
of the code, or when a language misses a translation.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sphinxcontrib_adr"
LOCALE = PACKAGE / "locale"
DOMAIN = "sphinxcontrib-adr"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None}


def extract() -> Catalog:
    """Every message of the package's code, with the files that use it."""
    catalog = Catalog(project="sphinxcontrib-adr", domain=DOMAIN, fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
        PACKAGE, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        path = (PACKAGE / filename).relative_to(ROOT).as_posix()
        catalog.add(message, locations=[(path, None)], auto_comments=comments, context=context)
    return catalog


def po_files() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def language_of(po: Path) -> str:
    return po.parent.parent.name


def compiled(po: Path) -> bytes:
    """The ``.mo`` that belongs to ``po``."""
    out = io.BytesIO()
    write_mo(out, read(po, language_of(po)))
    return out.getvalue()


def _write(path: Path, catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, sort_output=True)
    path.write_bytes(out.getvalue())


def _cmd_extract() -> None:
    _write(TEMPLATE, extract())


def _cmd_update() -> None:
    template = read(TEMPLATE)
    for po in po_files():
        catalog = read(po, language_of(po))
        catalog.update(template, update_header_comment=False)
        # a message whose English changed is retranslated, not guessed
        catalog.obsolete.clear()
        _write(po, catalog)


def _cmd_compile() -> None:
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compiled(po))


def _cmd_init(language: str) -> None:
    template = read(TEMPLATE)
    catalog = Catalog(locale=language, domain=DOMAIN, project="sphinxcontrib-adr")
    catalog.update(template)
    target = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(target, catalog)


def main(argv: list[str]) -> int:
    commands = {"extract": _cmd_extract, "update": _cmd_update, "compile": _cmd_compile}
    if len(argv) == 2 and argv[0] == "init":
        _cmd_init(argv[1])
        return 0
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
