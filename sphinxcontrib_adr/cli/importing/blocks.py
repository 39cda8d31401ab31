"""The blocks of an ADR's text the structure import reads: section titles and
sections, top-level list items, and the keys options are matched by.

Pure functions over the lines of one file and the section titles
:mod:`.convert` found (Markdown and reST alike); nothing here reads files or
knows Sphinx. :mod:`.structure` reads options and verdicts from these
blocks, :mod:`.directives` writes them as directives.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

ITEM_RE = re.compile(r"^([*+-]|\d+[.)])(\s+)(.*)$")
RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
#: an option's label: ``Option 1:``, ``Proposed option: option 1 -``, ``B)``, ``1.``
LABEL_RE = re.compile(
    r"^(?P<label>(?:(?:proposed|considered)\s+(?:option|alternative)\s*:\s*)?"
    r"(?:option|alternative|approach|solution)\s+(?:\d+|[a-z])"
    r"|(?:\d+|[a-z])(?=[.)]))"
    r"(?!\w)\s*[:.)\u2013\u2014-]?(?:\*\*|__)?\s+",
    re.I,
)
# no "[" inside the text: each "[" is tried once (a run of them took quadratic time)
LINK_RE = re.compile(r"\[([^\[\]]*)\]\(([^)\s]*)[^)]*\)")
RST_LINK_RE = re.compile(r"`([^`<]*?)\s*<([^>]+)>`_{1,2}|:(?:doc|adr|ref):`(?:[^`<]*<)?([^`>]+)>?`")


@dataclass(frozen=True)
class Heading:
    """A section title as the importer found it."""

    line: int
    #: lines the title takes (1 for ``# Title``, 2 underlined, 3 over- and underlined)
    size: int
    #: depth, 1 for the page title
    level: int
    text: str


@dataclass(frozen=True)
class Section:
    heading: Heading
    #: the line after the section, its subsections included
    end: int
    #: the line after the section's own text (where the first subsection starts)
    own_end: int

    @property
    def start(self) -> int:
        return self.heading.line + self.heading.size

    @property
    def key(self) -> str:
        return title_key(self.heading.text)


@dataclass(frozen=True)
class Item:
    """A top-level list item: its lines ``[start, end)`` (trailing blanks excluded)."""

    start: int
    end: int
    #: the marker (``*``, ``-``, ``1.``) and the spaces after it
    marker: str
    text: str


@dataclass(frozen=True)
class Option:
    """An option the import wrote as an ``alternative``."""

    title: str
    verdict: str
    #: where it came from: "list", "section", "table" or "outcome"
    shape: str
    pros: int = 0
    cons: int = 0


@dataclass
class Structure:
    """What the import read from one file's prose, and how to write it."""

    #: line number -> the lines that replace it (the line itself included, if kept)
    edits: dict[int, list[str]] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    consequences: int = 0
    #: ``(target, text)``: ADRs a "Related ADRs" list names
    related: list[tuple[str, str]] = field(default_factory=list)
    #: problems the import reports instead of guessing
    problems: list[str] = field(default_factory=list)
    #: parts left as prose, with why
    prose: list[str] = field(default_factory=list)
    #: options read from a "Rejected Alternatives" section (counted in ``options``)
    rejected: int = 0

    @property
    def chosen(self) -> list[str]:
        return [o.title for o in self.options if o.verdict == "chosen"]

    def summary(self) -> str:
        """``3 options (chosen: X), 2 consequence lists, 1 related ADR``."""
        parts = []
        if self.options:
            chosen = ", ".join(repr(c) for c in self.chosen) or "none"
            parts.append(f"{_count(len(self.options), 'option')} (chosen: {chosen})")
        if self.rejected:
            parts.append(f"{self.rejected} of them from a rejected-options section")
        if self.consequences:
            parts.append(_count(self.consequences, "consequence list"))
        if self.related:
            parts.append(_count(len(self.related), "related ADR"))
        return ", ".join(parts)


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


@dataclass
class Candidate:
    """An option found in the text, before it is written."""

    title: str
    shape: str
    key: str
    #: alternative keys ("parent, child" of a nested option list)
    keys: tuple[str, ...] = ()
    mark: str | None = None
    write: object = None
    #: the label the title starts with (``Option 1``), folded by :func:`label_key`
    label: str = ""
    #: bold and code text inside the title, folded (an outcome may name it alone)
    spans: tuple[str, ...] = ()
    #: the title to write when it is not the text's own (a listed option's name
    #: for its shortened subsection title)
    argument: str = ""


def split_label(title: str) -> tuple[str, str]:
    """``(label, name)`` of an option's title: ``Option 1: Derive`` -> ``("Option 1",
    "Derive")``; bold around the label goes too (``**Option 1:** Derive``)."""
    text = title.strip()
    bold = re.match(r"^(\*\*|__)(.+?)\1\s*", text)
    if bold and LABEL_RE.match(bold.group(2).strip() + " "):
        rest = text[bold.end() :].lstrip(" :.)-\u2013\u2014")
        label = re.sub(r"\s*[:.)\u2013\u2014-]$", "", bold.group(2).strip())
        return (label, rest) if rest else ("", text)
    match = LABEL_RE.match(text)
    if match is None or not text[match.end() :].strip():
        return "", text
    return match.group("label").strip(), text[match.end() :].strip()


def label_key(text: str) -> str:
    """A label folded: ``Option 1`` and ``option 1`` are ``1``, ``A`` is ``a``."""
    words = re.sub(r"[^\w\s]", " ", plain(text)).lower().split()
    return words[-1] if words else ""


def spans(title: str) -> tuple[str, ...]:
    """The bold and code text inside a title, folded for matching."""
    found = re.findall(r"\*\*([^*]+)\*\*|__([^_]+)__|`([^`]+)`", title)
    return tuple(k for groups in found if (k := option_key(next(g for g in groups if g))))


# --------------------------------------------------------------------------
# reading: sections, items, keys


def sections(headings: list[Heading], total: int) -> list[Section]:
    """Every section with where it ends (one pass: a section ends at the first later
    heading of its level or above, found with a stack of the open sections)."""
    ends = [total] * len(headings)
    open_sections: list[int] = []
    for index, heading in enumerate(headings):
        while open_sections and headings[open_sections[-1]].level >= heading.level:
            ends[open_sections.pop()] = heading.line
        open_sections.append(index)
    found = []
    for index, heading in enumerate(headings):
        own_end = headings[index + 1].line if index + 1 < len(headings) else total
        found.append(Section(heading, ends[index], min(own_end, ends[index])))
    return found


def inside(all_sections: list[Section], parent: Section) -> list[Section]:
    """The sections under ``parent`` (``all_sections`` is in the order of the text)."""
    first = bisect.bisect_right(all_sections, parent.heading.line, key=lambda s: s.heading.line)
    last = bisect.bisect_left(all_sections, parent.end, key=lambda s: s.heading.line)
    return all_sections[first:last]


def children(all_sections: list[Section], parent: Section) -> list[Section]:
    level = parent.heading.level + 1
    return [s for s in inside(all_sections, parent) if s.heading.level == level]


def title_key(text: str) -> str:
    """A title folded for recognising it: markup, comments and a trailing colon gone."""
    text = re.sub(r"<!--.*?-->", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", plain(text)).lower().split())


def plain(text: str) -> str:
    """Inline markup removed (links keep their text)."""
    text = LINK_RE.sub(lambda m: m.group(1), text)
    text = RST_LINK_RE.sub(lambda m: m.group(1) or m.group(3) or "", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def option_key(text: str) -> str:
    """An option's name folded for matching a decision outcome to it."""
    text = split_label(plain(text))[1]
    text = re.sub(r"\s[\u2013\u2014-]\s.*$", "", text)
    text = re.sub(r"\(\s*chosen\s*\)", "", text, flags=re.I)
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


def items(lines: list[str], start: int, end: int) -> list[Item]:
    """The top-level list items between ``start`` and ``end`` (outside code fences)."""
    found: list[Item] = []
    fence: str | None = None
    current: tuple[int, str, str] | None = None
    last = start
    for number in range(start, end):
        line = lines[number]
        fenced = FENCE_RE.match(line)
        if fenced:
            fence = (
                None if fence and fenced.group(1).startswith(fence) else fence or fenced.group(1)
            )
        match = ITEM_RE.match(line) if fence is None or fenced else None
        if match:
            if current:
                found.append(Item(current[0], last + 1, current[1], current[2]))
            current = (number, match.group(1) + match.group(2), match.group(3))
        elif (
            line.strip()
            and not line[:1].isspace()
            and current
            and fence is None
            and not lines[number - 1].strip()
        ):
            # an unindented paragraph after a blank line ends the list
            found.append(Item(current[0], last + 1, current[1], current[2]))
            current = None
        if line.strip() and current:
            last = number
    if current:
        found.append(Item(current[0], last + 1, current[1], current[2]))
    return found


def content_range(lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """``[first, last]`` nonblank lines of a range, thematic breaks at its end left out."""
    nonblank = [n for n in range(start, end) if lines[n].strip()]
    while nonblank and RULE_RE.match(lines[nonblank[-1]]):
        nonblank.pop()
    return (nonblank[0], nonblank[-1]) if nonblank else None


def item_title(text: str) -> tuple[str, str]:
    """``(name, description)`` of an option list item (``Name - what it is``)."""
    depth = 0
    for match in re.finditer(r"[\[\]()]|\s(?:[\u2013\u2014]|-{1,2})\s", text):
        mark = match.group(0)
        if mark in "[(":
            depth += 1
        elif mark in "])":
            depth = max(depth - 1, 0)
        elif depth == 0 and match.start() > 0:
            # a dash inside a link's text or target is no separator
            return text[: match.start()].rstrip(), text[match.end() :].strip()
    return text.strip(), ""


def outside_fences(lines: list[str], start: int, end: int, pattern: re.Pattern[str]) -> list[int]:
    """Lines in ``[start, end)`` matching ``pattern``, code fences skipped."""
    inside = fenced(lines, start, end)
    return [n for n in range(start, end) if n not in inside and pattern.match(lines[n])]


def fenced(lines: list[str], start: int, end: int) -> set[int]:
    """The lines in ``[start, end)`` that are code fences or inside one."""
    inside: set[int] = set()
    fence: str | None = None
    for number in range(start, end):
        match = FENCE_RE.match(lines[number])
        if match:
            mark = match.group(1)
            if fence is None:
                fence = mark[0] * len(mark)
            elif mark.startswith(fence):
                fence = None
            inside.add(number)
        elif fence is not None:
            inside.add(number)
    return inside
