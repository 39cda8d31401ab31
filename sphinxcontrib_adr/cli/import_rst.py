"""Reading a reST ADR's section titles with docutils' own parser.

The section titles the build will see are the ones docutils finds: an
underline shorter than a title of four or more columns, an overline, a title
inside a literal block or a directive's content (which is none), a line of
symbols that is a transition. The parse runs without Sphinx, its messages
silenced, files never read (``include`` and ``raw`` are off: a log's include
is no business of the import); the importer then edits by the line numbers
docutils gives.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils.frontend import Values

__all__ = ["rst_titles"]

_ADORNMENT_RE = re.compile(r"^([=\-~^\"'`#*+_.:])\1+\s*$")


@cache
def _settings() -> Values:
    import io

    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = 5  # the build reports the log's mistakes, not the import
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    return settings


def rst_titles(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """``(first line, lines taken, adornment, title as written)`` of each section
    title, in the order of the text; the adornment is ``"o="`` for an over- and
    underlined title, ``"="`` for an underlined one (docutils tells levels apart
    by it)."""
    from docutils import nodes
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("<import>", _settings())
    Parser().parse("\n".join(lines), document)
    found: list[tuple[int, int, str, str]] = []
    for title in document.findall(nodes.title):
        if not isinstance(title.parent, nodes.section) or not title.line:
            continue
        under = title.line - 1  # docutils gives the underline's line (1-based)
        if not (0 < under < len(lines)) or not _ADORNMENT_RE.match(lines[under]):
            continue
        mark = lines[under].strip()[0]
        over = under - 2
        if over >= 0 and _ADORNMENT_RE.match(lines[over]) and lines[over].strip()[0] == mark:
            found.append((over, 3, "o" + mark, lines[under - 1].strip()))
        else:
            found.append((under - 1, 2, mark, lines[under - 1].strip()))
    return sorted(found)
