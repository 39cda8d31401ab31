"""Converting a reST ADR: the metadata docutils' parser finds (a field list or
``Key: value`` paragraph under the title, a ``Status`` section, sphinx-adr's
``adr`` block; see :mod:`.rstread`) moves into the ``adr`` block, removed by
the lines docutils gives; every other line stays as it was.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from docutils import nodes

from ...core.foreign import NoTitleError, find_relations
from ...core.foreign_rst import (
    Span,
    Title,
    body_of,
    field_span,
    is_status_title,
    key_lines,
    known_field,
    paragraph_span,
    parse,
    titles_of,
)
from ...core.sourcescan import options_after
from .fields import apply_field, block_options, read_prose, sphinx_adr_option
from .lines import drop_stale_number, is_relation_text, joined, kept, split_lines
from .rstread import adr_block_span, option_end
from .structure import Heading

if TYPE_CHECKING:
    from .fields import Index
    from .plan import Converted, ImportSettings

__all__ = ["convert_rst", "rst_titles"]


def rst_titles(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """``(first line, lines taken, adornment, title as written)`` of each section
    title, in the order of the text (see :class:`.rstread.Title`)."""
    return [(t.first, t.size, t.style, t.text) for t in titles_of(parse(lines), lines)]


def convert_rst(item: Converted, text: str, settings: ImportSettings, index: Index) -> None:
    lines = split_lines(text)
    titles = titles_of(parse(lines), lines)
    if not titles:
        raise NoTitleError(
            "it has no section title (a line underlined with ===) to take as the ADR's "
            "title; add one"
        )
    first = titles[0]
    title_line = first.first + 1 if first.size == 3 else first.first
    lines[title_line] = drop_stale_number(item, lines[title_line])
    item.title = drop_stale_number(item, first.text)
    title_end = first.first + first.size
    drop: set[int] = set()
    body_extra = _rst_preamble(item, lines, first, settings, drop)
    for position, title in enumerate(titles[1:], start=1):
        if is_status_title(title):
            _rst_status_section(item, lines, titles, position, settings, drop)
    levels = _title_levels([t.style for t in titles])
    found = [Heading(t.first, t.size, lvl, t.text) for t, lvl in zip(titles, levels, strict=True)]
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
    item: Converted, lines: list[str], title: Title, settings: ImportSettings, drop: set[int]
) -> list[str]:
    """Move the metadata of the title's own text (before its first subsection) into
    ``item``: the known fields of a field list, a paragraph of ``Key: value``
    lines, a sphinx-adr ``.. adr::`` block; returns the content of such a block,
    which stays as text."""
    body_extra: list[str] = []
    for node in body_of(title.section):
        if isinstance(node, nodes.field_list):
            for field in (f for f in node.children if isinstance(f, nodes.field)):
                known = known_field(field)
                span = field_span(field, lines) if known else None
                if known and span and apply_field(item, *known, settings, "field"):
                    drop.update(range(span.first, span.end))
        elif isinstance(node, nodes.paragraph) and (span := paragraph_span(node, lines)):
            for number, key, value in key_lines(span, lines):
                if apply_field(item, key, value, settings, "line"):
                    drop.add(number)
        elif isinstance(node, nodes.system_message) and not body_extra:
            block = adr_block_span(node, lines, title.first + title.size)
            if block is not None:
                body_extra = _sphinx_adr_block(item, lines, block, settings)
                drop.update(range(block.first, block.end))
    return body_extra


def _sphinx_adr_block(
    item: Converted, lines: list[str], block: Span, settings: ImportSettings
) -> list[str]:
    """sphinx-adr's directive: its options become ours, its content (the
    decision, as that extension writes it) stays as text at the margin."""
    for name, value in options_after(lines[: block.end], block.first + 1, None).items():
        sphinx_adr_option(item, name, value, settings)
    content = textwrap.dedent("\n".join(lines[option_end(lines, block) : block.end]))
    return content.strip("\n").split("\n") if content.strip() else []


def _rst_status_section(
    item: Converted,
    lines: list[str],
    titles: list[Title],
    position: int,
    settings: ImportSettings,
    drop: set[int],
) -> None:
    """Move a ``Status`` section's status and relations (its paragraphs) into
    ``item``; the section goes when nothing else was in it and removing it moves
    no other section."""
    title = titles[position]
    # the section's own text runs to the next title of any level: a subsection
    # written with a new underline (Status ---, then Context ___) is nested in it
    end = titles[position + 1].first if position + 1 < len(titles) else len(lines)
    leftover = moved = False
    for node in body_of(title.section):
        span = paragraph_span(node, lines) if isinstance(node, nodes.paragraph) else None
        if span is None:
            leftover = True  # a list, a note, a comment: the author's, it stays
            continue
        para = " ".join(lines[n].strip() for n in range(span.first, span.end))
        if item.status is None or not item.status.word:
            apply_field(item, "status", para, settings, "Status section")
        elif is_relation_text(para):
            item.relations.extend(find_relations(para))
        else:
            leftover = True
            continue
        drop.update(range(span.first, span.end))
        moved = True
    # an empty Status section moved nothing: its title is the author's and stays
    if moved and not leftover and _same_tree_without(titles, position):
        drop.update(range(title.first, end))


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


def _same_tree_without(titles: list[Title], position: int) -> bool:
    """Whether removing title ``position`` leaves every other section where it was
    (its subsections move up to its parent, nothing else changes level)."""
    styles = [t.style for t in titles]
    before = _title_parents(styles)
    expected = [
        before[position] if parent == position else parent
        for index, parent in enumerate(before)
        if index != position
    ]
    after = _title_parents(styles[:position] + styles[position + 1 :])
    shift = [p if p is None or p < position else p + 1 for p in after]
    return shift == expected
