"""Options written as definition lists, and sections of rejected options.

A reST log lists its options as a definition list (the option the term, why
the definition), or keeps those it turned down in a section of their own:
"Rejected Alternatives", "Rejected Options", one subsection per option or a
definition list. MyST writes a definition list as ``Term`` and ``: text``.
Definitions are found by the parsers that read them at build time (docutils'
rule for reST: a term line with its definition indented right under it;
markdown-it-py's deflist plugin for MyST), and written in place as
``alternative`` directives by their line numbers, so no other line moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .blocks import (
    ITEM_RE,
    Candidate,
    Item,
    Option,
    Section,
    Structure,
    children,
    fenced,
    items,
    option_key,
    plain,
    spans,
    split_label,
)
from .bullets import bullet_candidates
from .directives import write_item, write_section
from .outcomes import mark
from .titles import clean_titles

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .writer import Writer

__all__ = ["REJECTED_TITLES", "Definition", "read_definitions", "read_rejected", "write_rejected"]

#: titles of a section of the options that were turned down (folded)
REJECTED_TITLES = frozenset(
    {
        "rejected alternatives",
        "rejected options",
        "rejected approaches",
        "rejected solutions",
        "alternatives rejected",
        "options rejected",
    }
)


@dataclass(frozen=True)
class Definition:
    """One entry of a definition list: the term's line, the term, and the
    definition's lines ``[body, end)`` (trailing blanks excluded)."""

    line: int
    term: str
    body: int
    end: int
    #: the definition's text as content (its marker and indentation gone)
    text: tuple[str, ...]


# --------------------------------------------------------------------------
# reading


def read_definitions(lines: list[str], start: int, end: int, syntax: str) -> list[Definition]:
    """The top-level definition list entries in ``[start, end)``."""
    if syntax == "rst":
        return _rst_definitions(lines, start, end)
    return _md_definitions(lines, start, end)


def _rst_definitions(lines: list[str], start: int, end: int) -> list[Definition]:
    """docutils' rule: an unindented line after a blank one, with an indented line
    right under it (no blank between), is a term; the indented block its definition.
    Directives, comments, fields and list items are no terms."""
    found: list[Definition] = []
    number = start
    follows = start  # a term may follow the previous definition without a blank line
    while number < end - 1:
        line, below = lines[number], lines[number + 1]
        term = (
            line.strip()
            and not line[:1].isspace()
            and (number == follows or not lines[number - 1].strip())
            and below.strip()
            and below[:1].isspace()
            and not line.startswith(("..", ":", "+", "|"))
            and not ITEM_RE.match(line)
        )
        if not term:
            number += 1
            continue
        last = number + 1
        cursor = number + 1
        while cursor < end and (not lines[cursor].strip() or lines[cursor][:1].isspace()):
            if lines[cursor].strip():
                last = cursor
            cursor += 1
        body = lines[number + 1 : last + 1]
        indent = min(len(b) - len(b.lstrip()) for b in body if b.strip())
        text = tuple(b[indent:] if b.strip() else "" for b in body)
        # a classifier (``term : classifier``) is kept after the name, in parentheses
        name, *classifiers = re.split(r"\s+:\s+", line.strip())
        name += "".join(f" ({c})" for c in classifiers)
        found.append(Definition(number, name, number + 1, last + 1, text))
        number = follows = cursor
    return found


@cache
def _deflist_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    return parser.use(deflist_plugin).disable("inline")


def _md_definitions(lines: list[str], start: int, end: int) -> list[Definition]:
    """MyST's ``deflist`` syntax (``Term`` then ``: definition``), read by
    markdown-it-py's plugin over the section's own lines."""
    code = fenced(lines, start, end)
    if not any(lines[n].startswith((":", "~")) for n in range(start, end) if n not in code):
        return []  # no definition marker: the parser need not run
    tokens = _deflist_parser().parse("\n".join(lines[start:end]) + "\n")
    found: list[Definition] = []
    term: tuple[int, str] | None = None
    spans_: list[tuple[int, int]] = []
    for token in tokens:
        if token.level == 1 and token.type == "dt_open" and token.map:
            if term is not None and spans_:
                found.append(_md_definition(lines, term, spans_))
            term = (start + token.map[0], lines[start + token.map[0]].strip())
            spans_ = []
        elif token.level == 1 and token.type == "dd_open" and token.map:
            spans_.append((start + token.map[0], start + token.map[1]))
    if term is not None and spans_:
        found.append(_md_definition(lines, term, spans_))
    return found


def _md_definition(
    lines: list[str], term: tuple[int, str], ranges: list[tuple[int, int]]
) -> Definition:
    # the plugin's map of a definition may start on its term's line
    body, end = max(ranges[0][0], term[0] + 1), ranges[-1][1]
    while body < end and not lines[body].strip():
        body += 1
    while end > body and not lines[end - 1].strip():
        end -= 1
    text: list[str] = []
    width = 2
    for number in range(body, end):
        line = lines[number]
        marker = re.match(r"^([:~])(\s+)", line)
        if marker:
            # each ``:`` opens a definition; its text is indented by the marker's width
            width = marker.end()
            text.append(line[width:])
        else:
            indent = len(line) - len(line.lstrip(" "))
            text.append(line[min(indent, width) :] if line.strip() else "")
    return Definition(term[0], term[1], body, end, tuple(text))


def definition_candidates(definitions: list[Definition], verdict: str | None) -> list[Candidate]:
    """The options a definition list names (``verdict``: the one its section states)."""
    found = []
    for entry in definitions:
        stated = verdict or mark(entry.term, "\n".join(entry.text))
        label = split_label(plain(entry.term))[0]
        found.append(
            Candidate(
                entry.term,
                "definition",
                option_key(entry.term),
                (),
                stated,
                entry,
                label,
                spans(entry.term),
            )
        )
    return found


def read_rejected(
    lines: list[str], all_sections: list[Section], syntax: str, problems: list[str]
) -> list[Candidate]:
    """The options of every "Rejected Alternatives" section (any level): its
    subsections, else its definition list, else its bullet list (a bullet that
    names no option is reported in ``problems``); each marked rejected."""
    found: list[Candidate] = []
    for section in all_sections:
        if section.key not in REJECTED_TITLES:
            continue
        subsections = children(all_sections, section)
        for sub in subsections:
            title = sub.heading.text
            label = split_label(plain(title))[0]
            found.append(
                Candidate(
                    title, "section", option_key(title), (), "rejected", sub, label, spans(title)
                )
            )
        if subsections:
            continue
        entries = read_definitions(lines, section.start, section.own_end, syntax)
        found += definition_candidates(entries, "rejected")
        if not entries:
            bullets = items(lines, section.start, section.own_end)
            found += bullet_candidates(bullets, "rejected", section, problems)
    return found


# --------------------------------------------------------------------------
# writing


def write_definition(
    entry: Definition, verdict: str, written: tuple[str, dict[str, str]], writer: Writer
) -> Option:
    """A definition list entry becomes an ``alternative``: the term its argument, the
    definition its content."""
    title, extra = written
    options = {"verdict": verdict, **extra}
    fence = writer.fence(entry.line, entry.end)
    opening = writer.open_lines("alternative", title, options, fence)
    writer.instead[entry.line] = opening
    for offset, line in enumerate(entry.text):
        if writer.syntax == "rst":
            writer.instead[entry.body + offset] = [f"   {line}" if line.strip() else ""]
        else:
            writer.instead[entry.body + offset] = [line]
    if writer.syntax != "rst":
        writer.after.setdefault(entry.end - 1, []).append(fence)
    following = entry.end
    if following < len(writer.lines) and writer.lines[following].strip():
        writer.after.setdefault(entry.end - 1, []).append("")
    return Option(plain(title), verdict, "definition")


def write_definitions(
    candidates: list[Candidate],
    verdicts: list[str],
    writer: Writer,
    structure: Structure,
    adr_id: str,
) -> None:
    """Options written as a definition list become ``alternative`` directives."""
    titles = clean_titles([c.title for c in candidates], [c.title for c in candidates], adr_id)
    for candidate, verdict, written in zip(candidates, verdicts, titles, strict=True):
        assert isinstance(candidate.write, Definition)
        structure.options.append(write_definition(candidate.write, verdict, written, writer))


def write_rejected(
    lines: list[str],
    rejected: list[Candidate],
    listed: list[Candidate],
    writer: Writer,
    structure: Structure,
    skipped: set[int],
    all_sections: list[Section],
    adr_id: str,
) -> None:
    """Write the options of the rejected sections, each ``:verdict: rejected``. One
    that the options list already names (``listed``) was marked rejected there: its
    text stays as written, so no option is written twice."""
    keys = {k for c in listed for k in (c.key, *c.keys) if k}
    fresh = []
    for candidate in rejected:
        if candidate.key and candidate.key in keys:
            structure.prose.append(
                f"{plain(candidate.title)!r} of a rejected-options section is an option of the "
                "list: marked rejected there, its text stays as written"
            )
        else:
            fresh.append(candidate)
    titles = clean_titles([c.title for c in fresh], [c.title for c in fresh], adr_id)
    for candidate, written in zip(fresh, titles, strict=True):
        option: Option | None
        if isinstance(candidate.write, Definition):
            entry = candidate.write
            if writer.touched(entry.line, entry.end) or entry.line in skipped:
                continue
            option = write_definition(entry, "rejected", written, writer)
        elif isinstance(candidate.write, Item):
            triple = (*written, candidate.title)
            option = write_item(lines, candidate.write, "rejected", writer, skipped, triple)
        else:
            assert isinstance(candidate.write, Section)
            option = write_section(
                lines,
                candidate.write,
                "rejected",
                writer,
                structure,
                skipped,
                all_sections,
                written,
            )
        if option is not None:
            structure.options.append(option)
            structure.rejected += 1
