"""Reading the structure of an ADR's prose: options, verdicts, pros and cons,
consequences and related ADRs, written back as the extension's directives.

Pure functions over the lines of one file and its section titles (found by
:mod:`.importer`); nothing here reads files or knows Sphinx. The result is a
:class:`Structure`: line edits that wrap or replace parts of the text with
``alternative`` and ``consequences`` directives, the relations a "Related
ADRs" list states, and a report (options, the chosen one, what was left as
prose and why, problems the import does not guess about).

Nothing is reworded: a converted part keeps every word in its order. The edits
only add directive syntax (fences, ``:verdict:``, ``Pros:``/``Cons:`` labels
before MADR's ``Good, because`` / ``Bad, because`` runs), drop a section
title's adornment (the title becomes the directive's argument), a list marker
or enumerator, or a comparison table's header row (its column names become
the labels of each row), and indent reST content under its directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..body.content import ALTERNATIVE_PARTS
from ..body.inline import label_map, normalise_label
from ..core.model import slugify

if TYPE_CHECKING:
    from collections.abc import Iterable

#: titles of the section that lists the options (folded, see :func:`title_key`)
OPTION_TITLES = frozenset(
    {
        "considered options",
        "considered alternatives",
        "options considered",
        "alternatives considered",
        "alternatives",
        "options",
        "proposed solutions",
    }
)
#: titles of the section that discusses each option in a subsection (MADR)
DETAIL_TITLES = frozenset(
    {
        "pros and cons of the options",
        "pros and cons of the alternatives",
        "pros and cons",
    }
)
OUTCOME_TITLES = frozenset({"decision outcome", "decision", "outcome"})
RELATED_TITLES = frozenset(
    {"related adrs", "related decisions", "related records", "related", "see also"}
)
#: subsections of an options section that are no option ("Why we chose X")
_NOT_OPTION_RE = re.compile(
    r"^(why|comparison|summary|decision|conclusion|recommendation)\b"
    r"|^(positive|negative|neutral)?\s*consequences?$|^(positive|negative|neutral)$"
)
_CONSEQUENCE_KIND_RE = re.compile(r"^(positive|negative|neutral)(?: consequences?)?$")
#: MADR's argument markers -> alternative part / consequence kind
_MERIT_RE = re.compile(r"^(?:\*\*|__)?(good|bad|neutral)\b(?:\*\*|__)?\s*[,:]", re.I)
_MERIT_PART = {"good": "pros", "bad": "cons", "neutral": "neutral"}
_MERIT_KIND = {"good": "positive", "bad": "negative", "neutral": "neutral"}
_ITEM_RE = re.compile(r"^([*+-]|\d+[.)])(\s+)(.*)$")
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_CHOSEN_LINE_RE = re.compile(
    r"^\s*(?:\*\*|__)?chosen\s+(?:option|alternative)s?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$",
    re.I,
)
_QUOTED_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|'([^']+)'|\*\*([^*]+)\*\*")
_PREFIX_RE = re.compile(
    r"^(?:(?:option|alternative|approach)\s+(?:\d+|[a-z])\b\s*[:.)-]?\s*|\d+\s*[.)]\s*)", re.I
)
_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_RST_LINK_RE = re.compile(
    r"`([^`<]*?)\s*<([^>]+)>`_{1,2}|:(?:doc|adr|ref):`(?:[^`<]*<)?([^`>]+)>?`"
)
_ADR_ID_RE = re.compile(r"\bADR[-\s_]?(\d+)\b", re.I)


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

    @property
    def chosen(self) -> list[str]:
        return [o.title for o in self.options if o.verdict == "chosen"]

    def summary(self) -> str:
        """``3 options (chosen: X), 2 consequence lists, 1 related ADR``."""
        parts = []
        if self.options:
            chosen = ", ".join(repr(c) for c in self.chosen) or "none"
            parts.append(f"{len(self.options)} options (chosen: {chosen})")
        if self.consequences:
            parts.append(f"{self.consequences} consequence lists")
        if self.related:
            parts.append(f"{len(self.related)} related ADRs")
        return ", ".join(parts)


# --------------------------------------------------------------------------
# reading: sections, items, keys


def sections(headings: list[Heading], total: int) -> list[Section]:
    """Every section with where it ends."""
    found = []
    for index, heading in enumerate(headings):
        later = headings[index + 1 :]
        end = next((h.line for h in later if h.level <= heading.level), total)
        own_end = later[0].line if later else total
        found.append(Section(heading, end, min(own_end, end)))
    return found


def children(all_sections: list[Section], parent: Section) -> list[Section]:
    level = parent.heading.level + 1
    return [
        s
        for s in all_sections
        if parent.heading.line < s.heading.line < parent.end and s.heading.level == level
    ]


def title_key(text: str) -> str:
    """A title folded for recognising it: markup, comments and a trailing colon gone."""
    text = re.sub(r"<!--.*?-->", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", plain(text)).lower().split())


def plain(text: str) -> str:
    """Inline markup removed (links keep their text)."""
    text = _LINK_RE.sub(lambda m: m.group(1), text)
    text = _RST_LINK_RE.sub(lambda m: m.group(1) or m.group(3) or "", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def option_key(text: str) -> str:
    """An option's name folded for matching a decision outcome to it."""
    text = plain(text)
    text = re.sub(r"\s[\u2013\u2014-]\s.*$", "", text)
    text = _PREFIX_RE.sub("", text.strip())
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
        fenced = _FENCE_RE.match(line)
        if fenced:
            fence = (
                None if fence and fenced.group(1).startswith(fence) else fence or fenced.group(1)
            )
        match = _ITEM_RE.match(line) if fence is None or fenced else None
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


def _content_range(lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """``[first, last]`` nonblank lines of a range, thematic breaks at its end left out."""
    nonblank = [n for n in range(start, end) if lines[n].strip()]
    while nonblank and _RULE_RE.match(lines[nonblank[-1]]):
        nonblank.pop()
    return (nonblank[0], nonblank[-1]) if nonblank else None


# --------------------------------------------------------------------------
# writing


@dataclass
class _Writer:
    """Collects line edits: lines before, instead of and after a source line."""

    lines: list[str]
    syntax: str
    before: dict[int, list[str]] = field(default_factory=dict)
    instead: dict[int, list[str]] = field(default_factory=dict)
    after: dict[int, list[str]] = field(default_factory=dict)

    def touched(self, start: int, end: int) -> bool:
        return any(n in self.instead for n in range(start, end))

    def fence(self, start: int, end: int) -> str:
        longest = max(
            (
                len(m.group(1))
                for n in range(start, end)
                if (m := re.match(r"^\s*(~{3,})", self.lines[n]))
            ),
            default=2,
        )
        return "~" * (longest + 1)

    def open_lines(
        self, name: str, argument: str, options: dict[str, str], fence: str
    ) -> list[str]:
        """The opening of a directive (with a blank line after its options)."""
        if self.syntax == "rst":
            head = f".. {name}:: {argument}".rstrip()
            return [head, *(f"   :{k}: {v}" for k, v in options.items()), ""]
        head = f"{fence}{{{name}}} {argument}".rstrip()
        return [head, *(f":{k}: {v}" for k, v in options.items()), ""]

    def wrap(
        self,
        name: str,
        argument: str,
        options: dict[str, str],
        first: int,
        last: int,
        replace_from: int | None = None,
    ) -> None:
        """Lines ``[first, last]`` become the content of a directive (opened on line
        ``replace_from`` when given, which then goes, else before ``first``)."""
        fence = self.fence(first, last + 1)
        opening = self.open_lines(name, argument, options, fence)
        if replace_from is not None:
            # the blank line under the title now follows the options
            gap = first - 1 > replace_from and not self.lines[first - 1].strip()
            self.instead[replace_from] = opening[:-1] if gap else opening
        else:
            self.before.setdefault(first, [])[:0] = opening
        if self.syntax == "rst":
            for number in range(first, last + 1):
                line = self.lines[number]
                self.instead.setdefault(number, [f"   {line}" if line.strip() else ""])
            following = last + 1
            if following < len(self.lines) and self.lines[following].strip():
                self.after.setdefault(last, []).append("")
        else:
            self.after.setdefault(last, []).append(fence)

    def insert_label(self, number: int, label: str) -> None:
        """A label paragraph before line ``number`` (a blank line on each side)."""
        indent = "   " if self.syntax == "rst" else ""
        lines = [] if not self.lines[number - 1].strip() else [""]
        self.before.setdefault(number, []).extend([*lines, f"{indent}{label}", ""])

    def edits(self) -> dict[int, list[str]]:
        result: dict[int, list[str]] = {}
        for number in sorted({*self.before, *self.instead, *self.after}):
            own = self.instead.get(number, [self.lines[number]])
            result[number] = [*self.before.get(number, []), *own, *self.after.get(number, [])]
        return result


# --------------------------------------------------------------------------
# the whole file


def read_structure(
    lines: list[str],
    headings: list[Heading],
    syntax: str,
    skip: Iterable[int] = (),
    adr_id: str = "",
) -> Structure:
    """Options, consequences and related ADRs of one file, with the edits that
    write them as directives. ``skip``: lines that are metadata the importer
    moves (never touched)."""
    structure = Structure()
    writer = _Writer(lines, syntax)
    skipped = set(skip)
    found = sections(headings, len(lines))
    # only the ADR's own section: options after a second top-level title are not its
    end = found[0].end if found else len(lines)
    all_sections = [s for s in found[1:] if s.heading.line not in skipped and s.heading.line < end]
    _options(lines, all_sections, writer, structure, skipped, adr_id)
    for section in all_sections:
        if section.key in RELATED_TITLES:
            structure.related += _related(lines, section)
    for section in all_sections:
        _consequences(lines, section, writer, structure, skipped)
    structure.edits = writer.edits()
    return structure


@dataclass
class _Candidate:
    """An option found in the text, before it is written."""

    title: str
    shape: str
    key: str
    #: alternative keys ("parent, child" of a nested option list)
    keys: tuple[str, ...] = ()
    mark: str | None = None
    write: object = None


def _options(
    lines: list[str],
    all_sections: list[Section],
    writer: _Writer,
    structure: Structure,
    skipped: set[int],
    adr_id: str,
) -> None:
    listing = next(
        (s for s in all_sections if s.key in OPTION_TITLES and s.heading.level > 1), None
    )
    details = next((s for s in all_sections if s.key in DETAIL_TITLES), None)
    outcome = next((s for s in all_sections if s.key in OUTCOME_TITLES), None)
    named = _outcome_names(lines, outcome) if outcome else None
    listed: list[tuple[Item, list[str]]] = []
    table: list[tuple[int, int, list[list[str]]]] = []
    subsections: list[Section] = []
    if listing is not None:
        listed = _listed(lines, listing)
        table = _tables(lines, listing)
        if details is None and children(all_sections, listing):
            details = listing
    if details is not None:
        subsections = [
            s for s in children(all_sections, details) if not _NOT_OPTION_RE.match(s.key)
        ]
    if not (listed or table or subsections):
        if named:
            structure.problems.append(
                f"the decision outcome names {named[0]!r} but no list of options was found; "
                "no alternative written"
            )
        return
    candidates = _candidates(lines, listed, table, subsections)
    verdicts = _verdicts(candidates, named, structure)
    _write_options(
        lines,
        candidates,
        verdicts,
        listed,
        table,
        subsections,
        details,
        writer,
        structure,
        skipped,
        all_sections,
        adr_id,
    )


def _unique_id(title: str, adr_id: str, slugs: dict[str, int]) -> dict[str, str]:
    """``{"id": ...}`` when the title's derived id repeats an earlier option's (titles
    that differ only in symbols: ``character `§``` and ``character `%```)."""
    slug = slugify(plain(title))
    slugs[slug] = slugs.get(slug, 0) + 1
    return {"id": f"{adr_id}.{slug}-{slugs[slug]}"} if slugs[slug] > 1 and adr_id else {}


def _listed(lines: list[str], listing: Section) -> list[tuple[Item, list[str]]]:
    """The options list's items, each with the keys of its nested items."""
    found = []
    for item in items(lines, listing.start, listing.own_end):
        nested = [
            _ITEM_RE.match(lines[n].strip())
            for n in range(item.start + 1, item.end)
            if _ITEM_RE.match(lines[n].strip()) and lines[n][:1].isspace()
        ]
        subkeys = [f"{option_key(item.text)} {option_key(m.group(3))}" for m in nested if m]
        found.append((item, subkeys))
    return found


def _tables(lines: list[str], listing: Section) -> list[tuple[int, int, list[list[str]]]]:
    """Pipe tables with a Verdict (or Chosen, Decision, Status) column: ``(start,
    end, rows)`` where the first row is the header."""
    found = []
    number = listing.start
    while number < listing.own_end:
        if (
            _PIPE_ROW_RE.match(lines[number])
            and number + 1 < listing.own_end
            and _PIPE_RULE_RE.match(lines[number + 1])
        ):
            end = number + 2
            while end < listing.own_end and _PIPE_ROW_RE.match(lines[end]):
                end += 1
            rows = [_cells(lines[n]) for n in range(number, end) if n != number + 1]
            header = [title_key(c) for c in rows[0]]
            if any(h in ("verdict", "chosen", "decision", "status") for h in header):
                found.append((number, end, rows))
            number = end
            continue
        number += 1
    return found


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _candidates(
    lines: list[str],
    listed: list[tuple[Item, list[str]]],
    table: list[tuple[int, int, list[list[str]]]],
    subsections: list[Section],
) -> list[_Candidate]:
    found: list[_Candidate] = []
    for section in subsections:
        text = "\n".join(lines[n] for n in range(section.start, section.own_end))
        found.append(
            _Candidate(
                section.heading.text,
                "section",
                option_key(section.heading.text),
                mark=_mark(section.heading.text, text),
                write=section,
            )
        )
    for start, _end, rows in table:
        header = [title_key(c) for c in rows[0]]
        verdict_col = next(
            i for i, h in enumerate(header) if h in ("verdict", "chosen", "decision", "status")
        )
        for row in rows[1:]:
            if not row or not row[0]:
                continue
            cell = row[verdict_col] if verdict_col < len(row) else ""
            found.append(
                _Candidate(row[0], "table", option_key(row[0]), mark=_mark("", cell), write=start)
            )
    sections_found = [c for c in found if c.shape == "section"]
    unpaired: list[tuple[Item, list[str], str]] = []
    for item, subkeys in listed:
        title = _item_title(item.text)[0]
        key = option_key(title)
        twin = next((c for c in found if _same(c.key, key)), None)
        if twin is None:
            twin = _closest(key, [c for c in sections_found if not c.keys])
        if twin is not None:
            twin.keys = (*twin.keys, key, *subkeys)
            continue
        unpaired.append((item, subkeys, title))
    # MADR repeats the options, in order, as the subsections: those left over on both
    # sides, as many on each, are the same options renamed
    lonely = [c for c in sections_found if not c.keys]
    if unpaired and len(lonely) == len(unpaired):
        for candidate, (_item, subkeys, title) in zip(lonely, unpaired, strict=True):
            candidate.keys = (option_key(title), *subkeys)
        return found
    for item, subkeys, title in unpaired:
        found.append(
            _Candidate(title, "list", option_key(title), tuple(subkeys), _mark(title, ""), item)
        )
    return found


def _closest(key: str, candidates: list[_Candidate]) -> _Candidate | None:
    """The one candidate whose words nearly all are the key's, or the other way round
    (``Existing SidePane`` and ``The existing SidePane``)."""
    words = set(key.split())
    hits = []
    for candidate in candidates:
        other = set(candidate.key.split())
        smaller = min(len(words), len(other))
        if smaller >= 2 and len(words & other) / smaller >= 0.8:
            hits.append(candidate)
    return hits[0] if len(hits) == 1 else None


def _item_title(text: str) -> tuple[str, str]:
    """``(name, description)`` of an option list item (``Name - what it is``)."""
    match = re.search(r"\s([\u2013\u2014]|-{1,2})\s", text)
    if match and match.start() > 0:
        return text[: match.start()].rstrip(), text[match.end() :].strip()
    return text.strip(), ""


def _same(a: str, b: str) -> bool:
    return bool(a) and a == b


_VERDICT_WORDS = (
    ("rejected", "rejected"),
    ("not chosen", "rejected"),
    ("chosen", "chosen"),
    ("selected", "chosen"),
    ("deferred", "deferred"),
    ("future consideration", "deferred"),
    ("on hold", "deferred"),
)


def _mark(title: str, text: str) -> str | None:
    """The verdict a title (``(chosen)``) or a line of an option's text states: a
    line that *starts* with the verdict (``**Rejected** because:``, ``❌ Rejected -
    ...``, ``Verdict: chosen``), marks and markup aside; a check mark in a list of
    pros is no verdict."""
    for word, verdict in _VERDICT_WORDS:
        if re.search(rf"\(\s*{word}\s*\)", title, re.I):
            return verdict
    for line in text.split("\n"):
        words = re.sub(r"^[\W_]+", "", plain(_ITEM_RE.sub(r"\3", line.strip()))).lower()
        words = re.sub(r"^(?:verdict|status|decision)\s*:\s*", "", words)
        for word, verdict in _VERDICT_WORDS:
            if re.match(rf"{word}\b", words):
                return verdict
    return None


def _outcome_names(lines: list[str], outcome: Section) -> list[str] | None:
    """The option names a ``Chosen option: "X", because ...`` line states."""
    for number in range(outcome.start, outcome.own_end):
        match = _CHOSEN_LINE_RE.match(lines[number])
        if match:
            return _names(match.group(1))
    return None


def _names(text: str) -> list[str]:
    head = re.split(r",?\s+because\b|\.\s*$", text, maxsplit=1)[0].strip().rstrip(",.")
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED_RE.finditer(head)]
    whole = head.strip(" \"'“”*")
    return [whole, *quoted] if quoted else [whole]


def _verdicts(
    candidates: list[_Candidate], named: list[str] | None, structure: Structure
) -> list[str]:
    """The verdict of each candidate: the outcome's choice, else the marks; an outcome
    that names no option of the list, or two, is reported and chooses none."""
    marks = [c.mark for c in candidates]
    chosen: set[int] = {i for i, m in enumerate(marks) if m == "chosen"}
    if named:
        found = _match(candidates, named)
        if found is None:
            structure.problems.append(
                f"the decision outcome names {named[0]!r}, which is none of the options "
                f"({', '.join(repr(c.title) for c in candidates)}); no option is marked chosen"
            )
        elif len(found) > 1:
            structure.problems.append(
                f"the decision outcome names {len(found)} options ("
                + ", ".join(repr(candidates[i].title) for i in sorted(found))
                + "); none is marked chosen, give the alternatives their :verdict:"
            )
            chosen = set()
        else:
            chosen |= found
    if len(chosen) > 1:
        structure.problems.append(
            "more than one option is marked chosen ("
            + ", ".join(repr(candidates[i].title) for i in sorted(chosen))
            + "); none is marked chosen, give the alternatives their :verdict:"
        )
        chosen = set()
    decided = bool(chosen)
    verdicts = []
    for index, mark in enumerate(marks):
        if index in chosen:
            verdicts.append("chosen")
        elif mark in ("rejected", "deferred"):
            verdicts.append(mark)
        else:
            # the outcome took another option: this one was not taken
            verdicts.append("rejected" if decided else "considered")
    return verdicts


def _match(candidates: list[_Candidate], named: list[str]) -> set[int] | None:
    """The candidates the outcome's names mean: the whole text first, then each
    quoted name; exact keys before prefixes. ``None``: no option matches."""

    def keys(c: _Candidate) -> tuple[str, ...]:
        return (c.key, *c.keys)

    whole = option_key(named[0])
    # several quoted names: the whole text is one option only when it is exactly one
    for rule in (_exact, _prefix) if len(named) < 3 else (_exact,):
        hits = {i for i, c in enumerate(candidates) if any(rule(k, whole) for k in keys(c))}
        if len(hits) == 1:
            return hits
    found: set[int] = set()
    for name in named[1:]:
        key = option_key(name)
        for rule in (_exact, _prefix):
            hits = {i for i, c in enumerate(candidates) if any(rule(k, key) for k in keys(c))}
            if hits:
                found |= hits
                break
    return found or None


def _exact(a: str, b: str) -> bool:
    return bool(a) and a == b


def _prefix(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short + " ")


# --------------------------------------------------------------------------
# writing the options


def _write_options(
    lines: list[str],
    candidates: list[_Candidate],
    verdicts: list[str],
    listed: list[tuple[Item, list[str]]],
    table: list[tuple[int, int, list[list[str]]]],
    subsections: list[Section],
    details: Section | None,
    writer: _Writer,
    structure: Structure,
    skipped: set[int],
    all_sections: list[Section],
    adr_id: str,
) -> None:
    in_place = not subsections and not table
    slugs: dict[str, int] = {}
    appended: list[tuple[_Candidate, str]] = []
    for candidate, verdict in zip(candidates, verdicts, strict=True):
        if candidate.shape == "section":
            assert isinstance(candidate.write, Section)
            option = _write_section(
                lines,
                candidate.write,
                verdict,
                writer,
                structure,
                skipped,
                all_sections,
                _unique_id(candidate.title, adr_id, slugs),
            )
        elif candidate.shape == "list" and in_place:
            assert isinstance(candidate.write, Item)
            option = _write_item(lines, candidate.write, verdict, writer, skipped)
        elif candidate.shape == "list":
            appended.append((candidate, verdict))
            continue
        else:
            continue
        if option is not None:
            structure.options.append(option)
    for start, end, rows in table:
        structure.options += _write_table(start, end, rows, candidates, verdicts, writer)
    if appended and details is not None:
        last = _content_range(lines, details.start, details.end)
        if last is None:
            return
        for candidate, verdict in appended:
            _append_option(last[1], candidate.title, verdict, writer)
            structure.options.append(Option(plain(candidate.title), verdict, "list"))


#: subsections of an option that are labels of its content (``#### Pros``)
_PART_TITLES = frozenset(
    {"pros", "cons", "pro", "con", "advantages", "disadvantages", "benefits", "drawbacks",
     "reason", "reasons", "rationale", "rejected because", "chosen because"}
)  # fmt: skip


def _write_section(
    lines: list[str],
    section: Section,
    verdict: str,
    writer: _Writer,
    structure: Structure,
    skipped: set[int],
    all_sections: list[Section],
    extra: dict[str, str],
) -> Option | None:
    """An option's subsection becomes an ``alternative``: its title the argument, its
    text the content, MADR's Good/Bad runs labelled Pros/Cons, ``#### Pros``
    subsections labels. A subsection that cannot be content (other subsections, a
    horizontal rule, a comment in the title) stays a section, with an ``alternative``
    of its title and verdict under its title."""
    title = section.heading.text
    span = range(section.heading.line, section.end)
    if any(n in skipped for n in span) or writer.touched(section.heading.line, section.end):
        return None
    heading = section.heading
    options = {"verdict": verdict, **extra}
    why = _why_not_content(lines, section, all_sections)
    if why is not None:
        structure.prose.append(
            f"option {plain(title)!r}: {why}; its text stays a section, with an alternative "
            "of its title and verdict under the title"
        )
        argument = re.sub(r"\s*<!--.*?-->\s*", " ", title).strip()
        opening = writer.open_lines("alternative", argument, options, "~~~")[:-1]
        closing = [] if writer.syntax == "rst" else ["~~~"]
        writer.after.setdefault(heading.line + heading.size - 1, []).extend(
            ["", *opening, *closing]
        )
        return Option(plain(argument), verdict, "section")
    for number in range(heading.line + 1, heading.line + heading.size):
        writer.instead[number] = []
    parts = [s for s in all_sections if section.heading.line < s.heading.line < section.end]
    for part in parts:
        # ``#### Pros`` becomes the label ``Pros:`` (its adornment goes)
        writer.instead[part.heading.line] = [f"{part.heading.text.strip()}:"]
        for number in range(part.heading.line + 1, part.heading.line + part.heading.size):
            writer.instead[number] = []
    content = _content_range(lines, section.start, section.end)
    if content is None:
        opening = writer.open_lines("alternative", title.strip(), options, "~~~")
        writer.instead[heading.line] = opening if writer.syntax == "rst" else [*opening, "~~~"]
        return Option(plain(title), verdict, "section")
    first, last = content
    writer.wrap("alternative", title.strip(), options, first, last, replace_from=heading.line)
    if writer.syntax == "rst":
        for part in parts:
            writer.instead[part.heading.line] = [f"   {part.heading.text.strip()}:"]
    pros, cons = (0, 0) if parts else _label_merits(lines, first, last + 1, writer, _MERIT_PART)
    return Option(plain(title), verdict, "section", pros, cons)


def _why_not_content(lines: list[str], section: Section, all_sections: list[Section]) -> str | None:
    """Why a subsection's text cannot be an ``alternative``'s content, or ``None``."""
    if "<!--" in section.heading.text:
        return "its title holds a comment"
    inner = [s for s in all_sections if section.heading.line < s.heading.line < section.end]
    for part in inner:
        if part.key not in _PART_TITLES or part.heading.level != section.heading.level + 1:
            return f"it has the subsection {plain(part.heading.text)!r}"
        listed = items(lines, part.start, part.end)
        if not listed or _content_range(lines, part.start, part.end) != (
            listed[0].start,
            listed[-1].end - 1,
        ):
            return f"its subsection {plain(part.heading.text)!r} is not one list"
    content = _content_range(lines, section.start, section.end)
    if content is not None and any(_outside_fences(lines, content[0], content[1], _RULE_RE)):
        return "a horizontal rule is inside it"
    if content is not None:
        label = _label_without_list(lines, content[0], content[1] + 1)
        if label is not None:
            return f"its label {label!r} is not followed by a list"
    return None


_LABELS = label_map(ALTERNATIVE_PARTS)


def _label_without_list(lines: list[str], start: int, end: int) -> str | None:
    """A one-line ``Label:`` paragraph of the alternative's parts that no list follows
    (the directive would report it as an empty part)."""
    for number in range(start, end):
        line = lines[number].strip()
        alone = not lines[number - 1].strip() and (
            number + 1 >= end or not lines[number + 1].strip()
        )
        if not alone or not line.rstrip("*_ ").endswith(":"):
            continue
        if normalise_label(line) not in _LABELS:
            continue
        following = next((n for n in range(number + 1, end) if lines[n].strip()), None)
        if following is None or not _ITEM_RE.match(lines[following]):
            return line
    return None


def _outside_fences(lines: list[str], start: int, end: int, pattern: re.Pattern[str]) -> list[int]:
    """Lines in ``[start, end)`` matching ``pattern``, code fences skipped."""
    found = []
    fence: str | None = None
    for number in range(start, end):
        match = _FENCE_RE.match(lines[number])
        if match:
            mark = match.group(1)
            if fence is None:
                fence = mark[0] * len(mark)
            elif mark.startswith(fence):
                fence = None
            continue
        if fence is None and pattern.match(lines[number]):
            found.append(number)
    return found


def _label_merits(
    lines: list[str], start: int, end: int, writer: _Writer, names: dict[str, str]
) -> tuple[int, int]:
    """Label the runs of ``Good, because`` / ``Bad, because`` items (when every
    top-level item of the range is one): ``(good, bad)`` counts."""
    found = items(lines, start, end)
    kinds = [_MERIT_RE.match(i.text) for i in found]
    if not found or not all(kinds):
        return 0, 0
    previous: str | None = None
    labelled = False
    counts = {"good": 0, "bad": 0, "neutral": 0}
    for item, kind in zip(found, kinds, strict=True):
        assert kind is not None
        word = kind.group(1).lower()
        counts[word] += 1
        if word == previous:
            continue
        previous = word
        label = names[word]
        if label == "neutral" and names is _MERIT_PART:
            if labelled:
                # a neutral run after a labelled one would join its list: an empty
                # comment ends that list (it shows nothing)
                writer.insert_label(item.start, ".." if writer.syntax == "rst" else "%")
            continue
        writer.insert_label(item.start, f"{label[:1].upper()}{label[1:]}:")
        labelled = True
    return counts["good"], counts["bad"]


def _write_item(
    lines: list[str], item: Item, verdict: str, writer: _Writer, skipped: set[int]
) -> Option | None:
    """An option list item becomes an ``alternative``: the name its argument, the
    rest of the item its content (the list marker goes)."""
    if any(n in skipped for n in range(item.start, item.end)) or writer.touched(
        item.start, item.end
    ):
        return None
    title, description = _item_title(item.text)
    width = len(item.marker)
    body = [description] if description else []
    for number in range(item.start + 1, item.end):
        line = lines[number]
        body.append(line[width:] if line[:width].isspace() else line.strip())
    if writer.syntax == "rst":
        opening = writer.open_lines("alternative", title, {"verdict": verdict}, "")
        new = [
            *opening[:-1],
            *(["", *(f"   {b}" if b.strip() else "" for b in body)] if body else []),
        ]
    else:
        fence = "~~~" + "~" * max(
            (len(m.group(0)) - 3 for b in body if (m := re.match(r"~{3,}", b))), default=0
        )
        opening = writer.open_lines("alternative", title, {"verdict": verdict}, fence)
        new = [*opening[:-1], *(["", *body] if body else []), fence]
    if (
        item.start > 0
        and lines[item.start - 1].strip()
        and not _ITEM_RE.match(lines[item.start - 1])
    ):
        new.insert(0, "")
    new.append("")
    writer.instead[item.start] = new
    for number in range(item.start + 1, item.end):
        writer.instead[number] = []
    # the blank line that separated items is now written after each directive
    following = item.end
    if following < len(lines) and not lines[following].strip():
        writer.instead[following] = []
    return Option(plain(title), verdict, "list")


def _write_table(
    start: int,
    end: int,
    rows: list[list[str]],
    candidates: list[_Candidate],
    verdicts: list[str],
    writer: _Writer,
) -> list[Option]:
    """A comparison table becomes one ``alternative`` per row; each cell is labelled
    with its column's name (``Pros: ...``), the verdict cell is the reason."""
    header = rows[0]
    keys = [title_key(c) for c in header]
    by_title = {c.title: v for c, v in zip(candidates, verdicts, strict=True) if c.shape == "table"}
    new: list[str] = []
    options = []
    for row in rows[1:]:
        if not row or not row[0]:
            continue
        verdict = by_title.get(row[0], "considered")
        body = []
        for key, name, cell in zip(keys[1:], header[1:], row[1:], strict=False):
            if not cell:
                continue
            label = "Reason" if key in ("verdict", "chosen", "decision", "status") else name
            body += [f"{label}: {cell}", ""]
        if writer.syntax == "rst":
            new += [
                *writer.open_lines("alternative", row[0], {"verdict": verdict}, ""),
                *(f"   {b}" if b else "" for b in body),
            ]
        else:
            new += [
                *writer.open_lines("alternative", row[0], {"verdict": verdict}, "~~~"),
                *body[:-1],
                "~~~",
                "",
            ]
        options.append(
            Option(plain(row[0]), verdict, "table", int("pros" in keys), int("cons" in keys))
        )
    writer.instead[start] = new[:-1] if new and not new[-1] else new
    for number in range(start + 1, end):
        writer.instead[number] = []
    return options


def _append_option(after: int, title: str, verdict: str, writer: _Writer) -> None:
    """A listed option without a subsection: a directive of its own after the others."""
    if writer.syntax == "rst":
        lines = ["", *writer.open_lines("alternative", title, {"verdict": verdict}, "")[:-1]]
    else:
        lines = [
            "",
            *writer.open_lines("alternative", title, {"verdict": verdict}, "~~~")[:-1],
            "~~~",
        ]
    writer.after.setdefault(after, []).extend(lines)


# --------------------------------------------------------------------------
# consequences and related ADRs


def _consequences(
    lines: list[str], section: Section, writer: _Writer, structure: Structure, skipped: set[int]
) -> None:
    """A ``Positive Consequences`` section's list, or a ``Consequences`` section's
    Good/Bad/Neutral items, become a ``consequences`` directive."""
    key = re.sub(r"\s+", " ", section.key)
    kind = _CONSEQUENCE_KIND_RE.match(key)
    if not kind and key != "consequences":
        return
    span = (section.start, section.own_end)
    if any(n in skipped for n in range(*span)) or writer.touched(*span):
        return
    found = items(lines, *span)
    content = _content_range(lines, *span)
    if not found or content is None:
        return
    first, last = found[0].start, found[-1].end - 1
    if kind:
        # only a section that is one list: anything else is prose a list would not hold
        if content != (first, last):
            structure.prose.append(
                f"{plain(section.heading.text)!r}: not a plain list, left as prose"
            )
            return
        writer.wrap("consequences", "", {"kind": kind.group(1)}, first, last)
        structure.consequences += 1
        return
    if not all(_MERIT_RE.match(i.text) for i in found):
        return
    writer.wrap("consequences", "", {}, first, last)
    _label_merits(lines, first, last + 1, writer, _MERIT_KIND)
    structure.consequences += 1


def _related(lines: list[str], section: Section) -> list[tuple[str, str]]:
    """``(target, text)`` of each ADR a "Related ADRs" list item links to or names."""
    found = []
    for item in items(lines, section.start, section.own_end):
        text = item.text
        link = _LINK_RE.search(text) or _RST_LINK_RE.search(text)
        if link and not re.match(r"^[a-z]+://", link.group(2) or link.group(3) or "", re.I):
            found.append(
                ((link.group(2) or link.group(3) or "").split("#", 1)[0], link.group(1) or "")
            )
            continue
        number = _ADR_ID_RE.search(text)
        if number:
            found.append((number.group(0), number.group(0)))
    return found
