"""Reading a reST ADR with docutils' own parser: its section titles, and the
field lists, paragraphs and sphinx-adr ``adr`` blocks under them, each with
the lines it takes in the source.

The parse runs without Sphinx, its messages silenced, files never read
(``include`` and ``raw`` are off: a log's include is no business of the
import). What docutils sees is what the build will see: an underline shorter
than a title of four or more columns, a field whose value goes on over deeper
lines, a ``Status:`` line that is only the second line of a sentence. The
importer then edits by the line numbers docutils gives, so every other line
stays as it was. A node whose lines cannot be found where docutils says is
left as text, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from docutils import nodes

from ...core.foreign import FIELD_KEYS, KEY_PATTERN
from ...core.sourcescan import OPTION_RE, RST_ADR_RE

if TYPE_CHECKING:
    from docutils.frontend import Values

__all__ = [
    "Span",
    "Title",
    "adr_block_span",
    "body_of",
    "field_span",
    "key_lines",
    "known_field",
    "option_end",
    "paragraph_span",
    "parse",
    "titles_of",
]

_ADORNMENT_RE = re.compile(r"^([=\-~^\"'`#*+_.:])\1+\s*$")
#: a line of a ``Status: accepted`` paragraph (a known key) ...
_KEY_LINE_RE = re.compile(rf"^({KEY_PATTERN})\s*:\s+(.*)$", re.I)
#: ... and of the ``Owner: Bo`` lines that may stand between them
_LABEL_LINE_RE = re.compile(r"^[^\s:][^:]{0,40}:\s+\S")


@dataclass(frozen=True, slots=True)
class Title:
    """A section title: its first line (the overline's, if any), the lines it
    takes, its style (``"o="`` over- and underlined, ``"="`` underlined: docutils
    tells levels apart by it), its text as written and as read (no markup), and
    its section."""

    first: int
    size: int
    style: str
    text: str
    name: str
    section: nodes.section


@dataclass(frozen=True, slots=True)
class Span:
    """Lines ``first`` up to (not including) ``end`` of the source."""

    first: int
    end: int


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


def parse(lines: list[str]) -> nodes.document:
    """The doctree docutils reads from ``lines`` (no transforms: the sections are
    nested as written, the first title is not lifted to the document's)."""
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("<import>", _settings())
    Parser().parse("\n".join(lines), document)
    return document


def titles_of(document: nodes.document, lines: list[str]) -> list[Title]:
    """Each section title of ``document``, in the order of the text."""
    found: list[Title] = []
    for title in document.findall(nodes.title):
        if not isinstance(title.parent, nodes.section) or not title.line:
            continue
        under = title.line - 1  # docutils gives the underline's line (1-based)
        if not (0 < under < len(lines)) or not _ADORNMENT_RE.match(lines[under]):
            continue
        mark = lines[under].strip()[0]
        over = under - 2
        text = lines[under - 1].strip()
        if over >= 0 and _ADORNMENT_RE.match(lines[over]) and lines[over].strip()[0] == mark:
            found.append(Title(over, 3, "o" + mark, text, title.astext(), title.parent))
        else:
            found.append(Title(under - 1, 2, mark, text, title.astext(), title.parent))
    return sorted(found, key=lambda t: t.first)


def body_of(section: nodes.section) -> list[nodes.Element]:
    """The section's own text: its children but its title and subsections."""
    return [
        child
        for child in section.children
        if isinstance(child, nodes.Element) and not isinstance(child, nodes.title | nodes.section)
    ]


def paragraph_span(node: nodes.paragraph, lines: list[str]) -> Span | None:
    """The lines of a paragraph at the section's margin; ``None`` when they are
    not where docutils says (a paragraph docutils made up, or one indented)."""
    if not node.line:
        return None
    first = node.line - 1
    written = node.rawsource.split("\n")
    end = first + len(written)
    if end > len(lines) or lines[first:end] != written:
        return None
    return Span(first, end)


def field_span(field: nodes.field, lines: list[str]) -> Span | None:
    """The lines of one field of a field list at the margin: its ``:Name:`` line
    and the deeper lines its value goes on over."""
    if not field.line or len(field.children) != 2 or not isinstance(field[1], nodes.field_body):
        return None
    first = field.line - 1
    name = field[0].astext()
    if first >= len(lines) or not lines[first].startswith(f":{name}:"):
        return None
    body = field[1].rawsource.rstrip("\n")  # the value, its blank lines after it dropped
    return Span(first, min(len(lines), first + body.count("\n") + 1))


def known_field(field: nodes.field) -> tuple[str, str] | None:
    """``(key, value as written)`` of a field the import moves (``:Status:``,
    ``:Date:``, ...); the value keeps its markup (a link names an ADR)."""
    if len(field.children) != 2 or not isinstance(field[1], nodes.field_body):
        return None
    key = " ".join(field[0].astext().split())
    if key.lower() not in FIELD_KEYS:
        return None
    return key, " ".join(field[1].rawsource.split())


def key_lines(span: Span, lines: list[str]) -> list[tuple[int, str, str]]:
    """``(line, key, value)`` of a paragraph (at ``span``) that only states metadata, one
    ``Key: value`` per line (``Status: accepted`` then ``Date: ...``); empty for
    prose, where a line starting with ``Status:`` is a sentence's, not a field."""
    found: list[tuple[int, str, str]] = []
    for number in range(span.first, span.end):
        if not _LABEL_LINE_RE.match(lines[number]):
            return []
        match = _KEY_LINE_RE.match(lines[number])
        if match:
            found.append((number, match.group(1), match.group(2)))
    return found


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
