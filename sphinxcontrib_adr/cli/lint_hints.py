"""``sphinx-adr lint``'s info lines: sphinx-adr's spellings, with the native ones.

They build without a warning (see :mod:`..core.compat_sphinx_adr`), so they are
no problem and do not fail the lint; the lines say what to write instead for
a log that reads the same as others of this extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.compat_sphinx_adr import OPTION_ALIASES
from ..core.domain import get_domain
from ..core.model import id_key
from .project import scan_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADR


def sphinx_adr_hints(app: Sphinx) -> list[str]:
    """One ``info:`` line per ADR written with sphinx-adr's spellings."""
    domain = get_domain(app.env)
    hints: list[str] = []
    for docname in sorted(domain.docs):
        raw = domain.docs[docname].adrs
        if not raw:
            continue
        path = Path(app.env.doc2path(docname))
        blocks = {block.lineno: block for block in scan_file(path)}
        for adr in raw:
            block = blocks.get(adr.lineno)
            aliases = [n for n in OPTION_ALIASES if block is not None and n in block.options]
            native = [f":{OPTION_ALIASES[n]}: for :{n}:" for n in aliases]
            native += _paths(domain, adr)
            if native:
                where = path.relative_to(app.srcdir) if path.is_relative_to(app.srcdir) else path
                hints.append(
                    f"info: {where}:{adr.lineno}: {adr.id} is written in sphinx-adr's "
                    f"spellings, which work; the native ones: {'; '.join(native)}"
                )
    return hints


def _paths(domain: ADRDomain, raw: ADR) -> list[str]:
    """``:superseded-by: ADR-0004 for adr/0004-x`` for each relation naming a document."""
    resolved = domain.get(raw.id) or raw
    found: list[str] = []
    for before, after in zip(raw.links, resolved.links, strict=False):
        if not before.by_path:
            continue
        reverse = id_key(before.source) != id_key(before.declared_in)
        written = before.source if reverse else before.target
        other = after.source if reverse else after.target
        if other == written:  # unresolved: the build warned
            continue
        kind = domain.settings.link_kind(before.kind)
        name = kind.reverse if kind is not None and reverse else before.kind
        found.append(f":{name}: {other} for {written}")
    return found


def print_hints(app: Sphinx) -> None:
    for line in sphinx_adr_hints(app):
        print(line)
