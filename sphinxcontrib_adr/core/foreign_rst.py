"""Reading a reST ADR with docutils' own parser: its section titles, and the
field lists and paragraphs under them, each with the lines it takes in the
source; and the metadata (``:Status:`` fields, ``Key: value`` paragraphs, a
``Status`` section) they state.

The one reader of a reST log's metadata: the importer
(:mod:`..cli.importing.rstread`) moves what it finds into the ``adr`` block by
the line numbers docutils gives, and the history of an ADR's file
(:func:`.foreign.foreign_options`) reads the revisions from before the import
with it, so the two cannot disagree on what a revision said.

The parse runs without Sphinx, its messages silenced, files never read
(``include`` and ``raw`` are off: a log's include is no business of the
import). What docutils sees is what the build will see: an underline shorter
than a title of four or more columns, a field whose value goes on over deeper
lines, a ``Status:`` line that is only the second line of a sentence, a
comment at the head of a Status section. A node whose lines cannot be found
where docutils says is left as text, never guessed at.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from docutils import nodes

from .foreign_keys import FIELD_KEYS, KEY_PATTERN

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.frontend import Values

__all__ = [
    "Span",
    "Title",
    "body_of",
    "field_span",
    "is_status_title",
    "key_lines",
    "known_field",
    "paragraph_span",
    "parse",
    "rst_metadata",
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
    with _docutils_only():
        Parser().parse("\n".join(lines), document)
    return document


@contextmanager
def _docutils_only() -> Iterator[None]:
    """docutils' own directives and roles only, for the time of one parse. During a
    build (history reads old revisions then) Sphinx's are registered in docutils'
    tables, and they need the build's environment, which this parse has not: its
    ``include`` would read the file, its roles would fail. An unknown directive
    comes back whole in a message, as the importer expects (``.. adr::``)."""
    from docutils.parsers.rst import directives, roles

    saved = directives._directives, roles._roles  # type: ignore[attr-defined]
    directives._directives, roles._roles = {}, {}  # type: ignore[attr-defined]
    try:
        yield
    finally:
        directives._directives, roles._roles = saved  # type: ignore[attr-defined]


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


def is_status_title(title: Title) -> bool:
    """Whether a section title is a ``Status`` section's (``Status:`` too)."""
    return title.name.rstrip(":").strip().lower() == "status"


def rst_metadata(lines: list[str]) -> list[tuple[str, str]]:
    """``(key, value)`` of each metadata value a reST ADR states where the importer
    reads it, in its order: the known fields of a field list and the ``Key: value``
    paragraphs under the title, then each paragraph of a ``Status`` section (the
    importer takes the first as the status)."""
    titles = titles_of(parse(lines), lines)
    if not titles:
        return []
    found: list[tuple[str, str]] = []
    for node in body_of(titles[0].section):
        if isinstance(node, nodes.field_list):
            for field in (f for f in node.children if isinstance(f, nodes.field)):
                known = known_field(field)
                if known and field_span(field, lines):
                    found.append(known)
        elif isinstance(node, nodes.paragraph) and (span := paragraph_span(node, lines)):
            found += [(key, value) for _number, key, value in key_lines(span, lines)]
    for title in (t for t in titles[1:] if is_status_title(t)):
        for node in body_of(title.section):
            if isinstance(node, nodes.paragraph) and (span := paragraph_span(node, lines)):
                para = " ".join(lines[n].strip() for n in range(span.first, span.end))
                found.append(("status", para))
    return found
