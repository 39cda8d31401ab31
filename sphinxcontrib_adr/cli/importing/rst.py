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

from ...core.foreign import KEY_PATTERN, META_LINE_RES, NoTitleError, find_relations
from .fields import apply_field, block_options, read_prose, sphinx_adr_option
from .lines import drop_stale_number, is_relation_text, joined, kept, paragraphs, split_lines
from .structure import Heading

if TYPE_CHECKING:
    from docutils.frontend import Values

    from .fields import Index
    from .plan import Converted, Settings

__all__ = ["convert_rst", "rst_titles"]

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


# --------------------------------------------------------------------------
# converting a reST ADR


_RST_FIELD_RE = re.compile(rf"^:({KEY_PATTERN}):\s*(.*)$", re.I)


_RST_OPTION_RE = re.compile(r"^\s+:([\w-]+):\s*(.*)$")


def convert_rst(item: Converted, text: str, settings: Settings, index: Index) -> None:
    lines = split_lines(text)
    titles = rst_titles(lines)
    if not titles:
        raise NoTitleError(
            "it has no section title (a line underlined with ===) to take as the ADR's "
            "title; add one"
        )
    first, size, _mark, title = titles[0]
    title_line = first + 1 if size == 3 else first
    lines[title_line] = drop_stale_number(item, lines[title_line])
    item.title = drop_stale_number(item, title)
    title_end = first + size
    drop: set[int] = set()
    preamble_end = titles[1][0] if len(titles) > 1 else len(lines)
    body_extra = _rst_preamble(item, lines, title_end, preamble_end, settings, drop)
    for position, (_start, _size, _style, name) in enumerate(titles[1:], start=1):
        if name.rstrip(":").lower() == "status":
            _rst_status_section(item, lines, titles, position, settings, drop)
    levels = _title_levels([t[2] for t in titles])
    found = [Heading(t[0], t[1], level, t[3]) for t, level in zip(titles, levels, strict=True)]
    edits = read_prose(item, lines, found, drop, settings, index)

    options = block_options(item, settings, index)
    out = [lines[n] for n in range(0, title_end) if n not in drop]
    out += ["", ".. adr::", *(f"   :{k}: {v}" for k, v in options)]
    rest = kept(lines, title_end, drop, edits)
    if body_extra:
        rest = ["", *body_extra, *rest]
    out += rest
    item.options = options
    item.text = joined(out, text)


def _rst_preamble(
    item: Converted,
    lines: list[str],
    start: int,
    end: int,
    settings: Settings,
    drop: set[int],
) -> list[str]:
    """Move the metadata between the title and the first section (field lists,
    ``Status:`` lines, a sphinx-adr ``.. adr::`` block) into ``item``; returns the
    content of such a block, which stays as text."""
    body_extra: list[str] = []
    number = start
    while number < end:
        line = lines[number]
        field_match = _RST_FIELD_RE.match(line)
        if field_match and apply_field(
            item, field_match.group(1), field_match.group(2), settings, "field"
        ):
            drop.add(number)
        elif re.match(r"^\.\.\s+adr::\s*$", line):
            # sphinx-adr's directive: its options become ours, its content stays as text
            drop.add(number)
            number += 1
            while number < end and (not lines[number].strip() or lines[number][:1].isspace()):
                option = _RST_OPTION_RE.match(lines[number])
                if option and not body_extra:
                    sphinx_adr_option(item, option.group(1), option.group(2), settings)
                elif lines[number].strip():
                    body_extra.append(lines[number].strip())
                elif body_extra:
                    body_extra.append("")
                drop.add(number)
                number += 1
            continue
        else:
            for pattern in META_LINE_RES[2:]:
                match = pattern.match(line)
                if match and apply_field(item, match.group(1), match.group(2), settings, "line"):
                    drop.add(number)
        number += 1
    return body_extra


def _rst_status_section(
    item: Converted,
    lines: list[str],
    titles: list[tuple[int, int, str, str]],
    position: int,
    settings: Settings,
    drop: set[int],
) -> None:
    """Move a ``Status`` section's status and relations into ``item``; the section
    goes when nothing else was in it and removing it moves no other section."""
    start, tsize, _style, _name = titles[position]
    # the section's own text runs to the next title of any level: a subsection
    # written with a new underline (Status ---, then Context ___) is nested in it
    end = titles[position + 1][0] if position + 1 < len(titles) else len(lines)
    leftover = moved = False
    for begin, stop in paragraphs(lines, start + tsize, end):
        para = " ".join(lines[n].strip() for n in range(begin, stop))
        if item.status is None or not item.status.word:
            apply_field(item, "status", para, settings, "Status section")
        elif is_relation_text(para):
            item.relations.extend(find_relations(para))
        else:
            leftover = True
            continue
        drop.update(range(begin, stop))
        moved = True
    # an empty Status section moved nothing: its title is the author's and stays
    if moved and not leftover and _same_tree_without(titles, position):
        drop.update(range(start, end))


def _title_parents(styles: list[str]) -> list[int | None]:
    """The parent of each title, its sections nested as docutils nests them (a style's
    level is the order in which it first appears)."""
    order: list[str] = []
    stack: list[tuple[int, int]] = []  # (level, index)
    parents: list[int | None] = []
    for index, style in enumerate(styles):
        if style not in order:
            order.append(style)
        level = order.index(style)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parents.append(stack[-1][1] if stack else None)
        stack.append((level, index))
    return parents


def _title_levels(styles: list[str]) -> list[int]:
    """The depth of each title (1 for the first), as docutils nests them."""
    parents = _title_parents(styles)
    levels: list[int] = []
    for parent in parents:
        levels.append(1 if parent is None else levels[parent] + 1)
    return levels


def _same_tree_without(titles: list[tuple[int, int, str, str]], position: int) -> bool:
    """Whether removing title ``position`` leaves every other section where it was
    (its subsections move up to its parent, nothing else changes level)."""
    styles = [t[2] for t in titles]
    before = _title_parents(styles)
    expected = [
        before[position] if parent == position else parent
        for index, parent in enumerate(before)
        if index != position
    ]
    after = _title_parents(styles[:position] + styles[position + 1 :])
    shift = [p if p is None or p < position else p + 1 for p in after]
    return shift == expected
