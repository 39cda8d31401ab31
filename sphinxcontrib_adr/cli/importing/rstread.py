"""Reading a reST ADR with docutils' own parser, for the import: the reader of
titles, field lists, paragraphs and metadata is the one the history of an ADR's
file reads its past with (:mod:`...core.foreign_rst`); here is what only the
importer reads, sphinx-adr's ``adr`` block, which docutils hands back whole.

The importer edits by the line numbers docutils gives, so every other line
stays as it was. A node whose lines cannot be found where docutils says is
left as text, never guessed at.
"""

from __future__ import annotations

from docutils import nodes

from ...core.foreign_rst import Span
from ...core.sourcescan import OPTION_RE, RST_ADR_RE


def adr_block_span(message: nodes.system_message, lines: list[str], start: int) -> Span | None:
    """The lines of sphinx-adr's ``.. adr::`` directive at the margin, which
    docutils (knowing no such directive) hands back whole in its message."""
    if not message.children or not isinstance(message[-1], nodes.literal_block):
        return None
    written = message[-1].astext().rstrip("\n").split("\n")
    opener = RST_ADR_RE.match(written[0])
    if opener is None or opener.group("indent") or opener.group("arg"):
        return None
    for first in range(start, len(lines) - len(written) + 1):
        if lines[first : first + len(written)] == written:
            return Span(first, first + len(written))
    return None


def option_end(lines: list[str], span: Span) -> int:
    """The line after a directive's options (as
    :func:`~sphinxcontrib_adr.core.sourcescan.options_after` reads them: a value
    goes on over deeper lines, a blank line ends them)."""
    number = span.first + 1
    indent = 0
    while number < span.end:
        line = lines[number]
        if OPTION_RE.match(line):
            indent = len(line) - len(line.lstrip())
        elif not (line.strip() and indent and len(line) - len(line.lstrip()) > indent):
            break
        number += 1
    return number
