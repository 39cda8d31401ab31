"""``sphinx-adr import``: existing ADR logs -> MyST or reST pages with the ``adr`` block.

Markdown logs (MADR, Nygard / adr-tools, log4brains, Jekyll front matter)
become MyST; reST ADRs (a ``Status`` section, a docinfo field list, or the
``.. adr::`` directive of sphinx-adr) stay reST. Only the metadata moves
into the block: front-matter keys, ``* Status:`` / ``**Status:**`` /
``Date:`` lines under the title, the ``## Status`` section and relation
bullets under ``## Links``. Every other line is copied unchanged, so the
body is preserved word for word. A stub page that only includes the ADR's
file converts that file.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ...core.foreign import FrontMatterError, NoTitleError
from ...core.model import format_id, number_from_name
from ...core.sourcescan import MD_OPEN_RE, RST_ADR_RE, has_content
from .fields import FLATTENED_RE, Index
from .ids import check_numbers, check_taken, number_by_date, shown
from .included import stub_target
from .markdown import convert_markdown
from .plan import Converted, ImportResult
from .rst import convert_rst, rst_titles

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .plan import ImportSettings


def import_files(paths: Sequence[Path], settings: ImportSettings) -> ImportResult:
    """Convert ``paths`` (one ADR log); nothing is written."""
    result = ImportResult()
    items, stubs = _read_sources(paths, result)
    files: list[Converted] = []
    texts: list[str] = []
    for path, text in items:
        item = _identify(path, text, settings)
        if path in stubs:
            _numbered_as(item, stubs[path], settings)
        if _already_converted(item.syntax, text):
            item.text = text
            result.already.append(item)
        else:
            files.append(item)
            texts.append(text)
    result.notes.extend(number_by_date(files, settings.id_format))
    result.warnings.extend(check_numbers(files))
    result.warnings.extend(check_taken(files, settings.taken))
    if settings.explicit_ids:
        # --id-format: the ids are written, so the log keeps them whatever
        # adr_id_format the project has (several logs in one project)
        for item in files:
            item.explicit_id = True
    _check_number_width(files, settings, result)
    index = Index([*files, *result.already], settings)
    for item, text in zip(files, texts, strict=True):
        _convert(item, text, settings, index, result)
    return result


def _read_sources(
    paths: Sequence[Path], result: ImportResult
) -> tuple[list[tuple[Path, str]], dict[Path, Path]]:
    """``([(path, text)], {included file: its stub page})``: each source read as
    Sphinx reads it; a stub page that only includes the ADR's file gives that file."""
    items: list[tuple[Path, str]] = []
    stubs: dict[Path, Path] = {}
    for path in sorted(paths):
        try:
            data = path.read_bytes()
            if not data.strip():
                result.empty.append(path)  # a placeholder, not an ADR without a title
                continue
            text = data.decode("utf-8-sig")  # as read_source
            target = stub_target(path, text)
            if target is not None and target not in stubs:
                result.included.append(
                    f"{shown(path)} only includes {shown(target)}: that file is converted, "
                    "the page stays as it is"
                )
                stubs[target] = path
                path, data = target, target.read_bytes()
                text = data.decode("utf-8-sig")
            items.append((path, text))
            result.snapshots[path] = data
        except UnicodeDecodeError as err:
            result.errors.append((path, _not_utf8(path, err)))
        except OSError as err:
            result.errors.append((path, f"cannot read it ({err})"))
    return items, stubs


def _not_utf8(path: Path, err: UnicodeDecodeError) -> str:
    """What a file in another encoding needs: the build reads pages as UTF-8 only."""
    byte = err.object[err.start]
    return (
        f"not UTF-8 text (byte 0x{byte:02x} at offset {err.start}); convert it first, "
        f"e.g. iconv -f <its encoding> -t utf-8 {shown(path)} > {path.stem}.utf8{path.suffix}"
    )


def _convert(
    item: Converted, text: str, settings: ImportSettings, index: Index, result: ImportResult
) -> None:
    """Convert one file in its syntax, its line ends kept; a file that cannot be
    converted is one error of ``result``."""
    path = item.source
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    try:
        if item.syntax == "rst":
            convert_rst(item, text, settings, index)
        else:
            convert_markdown(item, text, settings, index)
    except FrontMatterError as err:
        result.errors.append((path, f"front matter cannot be read: {err}"))
        return
    except NoTitleError as err:
        result.errors.append((path, f"no title: {err}"))
        return
    if newline != "\n":
        item.text = item.text.replace("\n", newline)
    item.assets = _assets(item, text)
    result.files.append(item)
    result.warnings.extend(f"{shown(path)}: {w}" for w in item.warnings)


def _numbered_as(item: Converted, stub: Path, settings: ImportSettings) -> None:
    """The ADR of an included file has the id its stub page's name gives (the build
    names it by the page), written as ``:id:`` when the file's own name differs."""
    number = number_from_name(FLATTENED_RE.sub("", stub.stem))
    if number is not None and number != item.number:
        item.number, item.adr_id = number, format_id(settings.id_format, number)
        item.explicit_id = True


def _check_number_width(
    files: list[Converted], settings: ImportSettings, result: ImportResult
) -> None:
    """Suggest ``--id-format`` when the files number the log with another number of
    digits than the ids will have (``ADR-001.md`` becomes ADR-0001 by default)."""
    if settings.explicit_ids:
        return  # --id-format given: the user chose the ids' form
    widths = Counter(
        len(match.group(1))
        for item in files
        if (match := re.match(r"^(?:adr[-_]?)?(0\d+)", item.source.stem, re.I))
    )
    if not widths:
        return
    width, count = widths.most_common(1)[0]
    wanted = format_id(settings.id_format, 1)
    if count * 2 > len(files) and len(re.sub(r"\D", "", wanted)) != width:
        suggested = re.sub(r"\{number(:[^}]*)?\}", f"{{number:0{width}d}}", settings.id_format)
        result.warnings.append(
            f"the file names number the ADRs with {width} digits, the ids get "
            f"{len(re.sub(r'[^0-9]', '', wanted))} ({wanted}); to keep the log's ids, pass "
            f"--id-format '{suggested}' (and set adr_id_format to it)"
        )


def _already_converted(syntax: str, text: str) -> bool:
    """Whether ``text`` already holds this extension's ``adr`` block (in MyST, an
    ``{adr}`` fence; in reST, ``.. adr::`` with options only: sphinx-adr's
    directive of the same name has the decision as its content)."""
    if syntax != "rst":
        return MD_OPEN_RE.search(text) is not None
    lines = text.splitlines()
    for match in RST_ADR_RE.finditer(text):
        lineno = text.count("\n", 0, match.start()) + 1
        if match.group("arg") or not has_content(lines, lineno):
            return True  # the compact form, or the section form: ours
    return False


_ASSET_RES = (
    re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?"),  # ![alt](img.png)
    re.compile(r"<img\s[^>]*?src=[\"']([^\"']+)[\"']", re.I),  # <img src="img.png">
    re.compile(r"^\s*\.\.\s+(?:image|figure)::\s*(\S+)", re.M),  # .. image:: img.png
)


def _assets(item: Converted, text: str) -> list[str]:
    """The local files (images) the text shows, as written; those that are missing or
    lie outside the log's folder are reported instead. A link to a local file with a
    query or fragment (GitHub's ``img.png?raw=true``) is pointed at the file, said
    once: Sphinx reads ``?raw=true`` as part of the file name."""
    found: list[str] = []
    for pattern in _ASSET_RES:
        for match in pattern.finditer(text):
            written = match.group(1)
            ref = written.split("#", 1)[0].split("?", 1)[0]
            if not ref or re.match(r"^[a-z][a-z0-9+.-]*:|^/", ref, re.I) or ref in found:
                continue
            parts = PurePosixPath(ref).parts
            if ".." in parts:
                item.warnings.append(f"{ref} lies outside the log's folder; copy it yourself")
            elif (item.source.parent / ref).is_file():
                found.append(ref)
                if written != ref:
                    _point_at(item, written, ref)
            else:
                item.warnings.append(
                    f"{ref} is not in the log's folder, so the page shows a broken image; "
                    "copy the file next to the page, or fix the link"
                )
    return found


def _point_at(item: Converted, written: str, ref: str) -> None:
    """Replace the link target ``written`` by ``ref`` where it is a link target."""
    for before, after in (("(", ""), ("(<", ">"), ('"', '"'), ("'", "'"), (":: ", "")):
        item.text = item.text.replace(f"{before}{written}{after}", f"{before}{ref}{after}")
    item.warnings.append(
        f"the image link {written} now points at {ref} (a query or fragment is part of "
        "the file name for Sphinx)"
    )


def read_source(path: Path) -> str:
    """The text of a file as Sphinx reads it (UTF-8, a byte-order mark dropped),
    line ends kept as written."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return handle.read()


_ATX_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")  # a closing "#" follows a space


def _syntax(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".rst", ".rest", ".txt"):
        return "rst"
    if suffix:
        return "myst"
    # no extension: reST when its first title is underlined and no '# ' heading comes first
    lines = text.replace("\r\n", "\n").split("\n")
    rst = rst_titles(lines)
    atx = next((n for n, line in enumerate(lines) if _ATX_RE.match(line)), None)
    return "rst" if rst and (atx is None or rst[0][0] < atx) else "myst"


def _identify(path: Path, text: str, settings: ImportSettings) -> Converted:
    stem = FLATTENED_RE.sub("", path.stem)
    number = number_from_name(stem)
    syntax = _syntax(path, text)
    suffix = ".rst" if syntax == "rst" else ".md"
    if number is not None and number < 10**6:
        return Converted(
            path,
            path.stem + suffix,
            syntax,
            format_id(settings.id_format, number),
            number,
            explicit_id=False,
        )
    # log4brains (YYYYMMDD-slug) and unnumbered logs: the slug is the id
    slug = re.sub(r"[^A-Za-z0-9._:+-]+", "-", stem).strip("-") or "adr"
    return Converted(path, path.stem + suffix, syntax, slug, None, explicit_id=True)
