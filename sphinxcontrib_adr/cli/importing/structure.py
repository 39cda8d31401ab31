"""Reading the structure of an ADR's prose: options, verdicts, pros and cons,
consequences and related ADRs.

Pure functions over the lines of one file and its section titles (found by
:mod:`.convert`). :func:`read_structure` returns a :class:`Structure`: the
options with their verdicts (from the decision outcome or the marks the text
writes), the relations a "Related ADRs" list states, a report (what was left
as prose and why, problems the import does not guess about), and the line
edits of :mod:`.directives` that write it all as directives.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .blocks import (
    ITEM_RE,
    Candidate,
    Heading,
    Item,
    Section,
    Structure,
    children,
    inside,
    item_title,
    items,
    option_key,
    plain,
    sections,
    spans,
    split_label,
    title_key,
)
from .bullets import labelled_paragraphs, listed_title, paragraph_title, take_alternatives
from .consequences import related_adrs, write_consequences
from .directives import write_options
from .outcomes import mark, outcome_names, verdicts
from .rejected import (
    REJECTED_TITLES,
    Definition,
    definition_candidates,
    read_definitions,
    read_rejected,
    write_definitions,
    write_rejected,
)
from .tables import read_tables, table_choice
from .writer import Writer

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Heading", "Structure", "read_structure"]

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

# --------------------------------------------------------------------------
# the whole file

_EXISTING_RE = re.compile(
    r"^\s*(?:(?:`{3,}|~{3,}|:{3,})\{(?:alternative|consequences)\}|\.\.\s+(?:alternative|consequences)::)"
)


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
    writer = Writer(lines, syntax)
    skipped = set(skip)
    found = sections(headings, len(lines))
    # only the ADR's own section: options after a second top-level title are not its
    end = found[0].end if found else len(lines)
    all_sections = [s for s in found[1:] if s.heading.line not in skipped and s.heading.line < end]
    if any(_EXISTING_RE.match(line) for line in lines):
        # the text already says which parts are options and consequences (a page
        # imported before, or written for the extension): it stays as written
        structure.prose.append("it already holds alternative or consequences directives")
        return structure
    rejected = read_rejected(lines, all_sections, syntax, structure.problems)
    listed = _options(lines, all_sections, writer, structure, skipped, adr_id, rejected)
    write_rejected(lines, rejected, listed, writer, structure, skipped, all_sections, adr_id)
    for section in all_sections:
        if section.key in RELATED_TITLES:
            structure.related += related_adrs(lines, section)
    for section in all_sections:
        write_consequences(lines, section, writer, structure, skipped)
    structure.edits = writer.edits()
    return structure


def _options(
    lines: list[str],
    all_sections: list[Section],
    writer: Writer,
    structure: Structure,
    skipped: set[int],
    adr_id: str,
    rejected: list[Candidate],
) -> list[Candidate]:
    """Write the options list's options; returns them (an option that a rejected-options
    section names again is marked rejected here)."""
    listing, details, outcome = _parts(all_sections)
    named = _named(lines, outcome, listing)
    listed, table, subsections, details = _read_options(lines, all_sections, listing, details)
    if listing is not None and not (listed or table or subsections):
        # a definition list of options (reST, or MyST's deflist)
        entries = read_definitions(lines, listing.start, listing.own_end, writer.syntax)
        if entries:
            return _definitions(entries, named, listing, writer, structure, adr_id, rejected)
    if not (listed or table or subsections):
        if named and named[1] and not rejected:
            structure.problems.append(
                f"the decision outcome names {named[0][0]!r} but no list of options was "
                "found; no alternative written"
            )
        return []
    own = details is not None and details is listing
    candidates = _candidates(lines, listed, table, subsections, structure, own)
    _mark_rejected(candidates, rejected)
    chosen = take_alternatives(listing, named, verdicts(candidates, named, structure), structure)
    write_options(
        lines,
        candidates,
        chosen,
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
    return candidates


def _read_options(
    lines: list[str], all_sections: list[Section], listing: Section | None, details: Section | None
) -> tuple[
    list[tuple[Item, list[str]]],
    list[tuple[int, int, list[list[str]]]],
    list[Section],
    Section | None,
]:
    """``(listed items, comparison tables, option subsections, the section holding
    them)``: the options as the list, its tables and the subsections write them."""
    listed: list[tuple[Item, list[str]]] = []
    table: list[tuple[int, int, list[list[str]]]] = []
    if listing is not None:
        listed = _listed(lines, listing) or labelled_paragraphs(lines, listing)
        table = read_tables(lines, listing)
        if details is None and children(all_sections, listing):
            details = listing
    subsections = [
        s
        for s in (children(all_sections, details) if details is not None else [])
        if not _NOT_OPTION_RE.match(s.key) and s.key not in REJECTED_TITLES
    ]
    return listed, table, subsections, details


def _parts(all_sections: list[Section]) -> tuple[Section | None, Section | None, Section | None]:
    """``(options list, pros-and-cons section, decision outcome)`` of the sections."""
    listing = next(
        (s for s in all_sections if s.key in OPTION_TITLES and s.heading.level > 1), None
    )
    # a "Pros and Cons" under one option is that option's detail, not the list's
    details = next(
        (
            s
            for s in all_sections
            if s.key in DETAIL_TITLES
            and (listing is None or s not in inside(all_sections, listing))
        ),
        None,
    )
    outcome = next((s for s in all_sections if s.key in OUTCOME_TITLES), None)
    return listing, details, outcome


def _named(
    lines: list[str], outcome: Section | None, listing: Section | None
) -> tuple[list[str], bool] | None:
    """What the outcome names, and whether it states it (see :func:`outcome_names`)."""
    named = outcome_names(lines, outcome) if outcome else None
    if (named is None or not named[1]) and listing is not None:
        # a Chosen column states the choice; prose under the outcome only reads as one
        choice = table_choice(lines, listing)
        named = (choice, True) if choice else named
    return named


def _definitions(
    entries: list[Definition],
    named: tuple[list[str], bool] | None,
    listing: Section,
    writer: Writer,
    structure: Structure,
    adr_id: str,
    rejected: list[Candidate],
) -> list[Candidate]:
    """Options written as a definition list, with their verdicts."""
    candidates = definition_candidates(entries, None)
    _mark_rejected(candidates, rejected)
    chosen = take_alternatives(listing, named, verdicts(candidates, named, structure), structure)
    write_definitions(candidates, chosen, writer, structure, adr_id)
    return candidates


def _mark_rejected(candidates: list[Candidate], rejected: list[Candidate]) -> None:
    """An option a rejected-options section names again was rejected."""
    keys = {c.key for c in rejected if c.key}
    for candidate in candidates:
        if candidate.mark is None and keys & {candidate.key, *candidate.keys}:
            candidate.mark = "rejected"


def _listed(lines: list[str], listing: Section) -> list[tuple[Item, list[str]]]:
    """The options list's items, each with the keys of its nested items."""
    found = []
    for item in items(lines, listing.start, listing.own_end):
        nested = [
            ITEM_RE.match(lines[n].strip())
            for n in range(item.start + 1, item.end)
            if ITEM_RE.match(lines[n].strip()) and lines[n][:1].isspace()
        ]
        subkeys = [f"{option_key(item.text)} {option_key(m.group(3))}" for m in nested if m]
        found.append((item, subkeys))
    return found


def _candidate(
    title: str, shape: str, verdict: str | None, write: object, keys: tuple[str, ...] = ()
) -> Candidate:
    label = split_label(plain(title))[0] or split_label(title)[0]
    return Candidate(title, shape, option_key(title), keys, verdict, write, label, spans(title))


def _candidates(
    lines: list[str],
    listed: list[tuple[Item, list[str]]],
    table: list[tuple[int, int, list[list[str]]]],
    subsections: list[Section],
    structure: Structure,
    own: bool,
) -> list[Candidate]:
    """The options found; ``own``: the subsections are the options list's own (a
    subsection none of the listed options names is then a detail, not an option)."""
    found = _section_and_row_candidates(lines, subsections, table)
    sections_found = [c for c in found if c.shape == "section"]
    by_key: dict[str, list[Candidate]] = {}
    for candidate in found:
        if candidate.key:
            by_key.setdefault(candidate.key, []).append(candidate)
    unpaired: list[tuple[Item, list[str], str]] = []
    for item, subkeys in listed:
        title = listed_title(item.text) if item.marker else paragraph_title(item.text)
        key = option_key(title)
        # titles that differ only in symbols pair in their order
        twins = [c for c in by_key.get(key, []) if not c.keys] if key else []
        twin = twins[0] if twins else (by_key[key][0] if key in by_key else None)
        if twin is None and len(key.split()) >= 2:  # _closest needs two words
            twin = _closest(key, [c for c in sections_found if not c.keys])
        if twin is not None:
            _pair(twin, title, subkeys)
            continue
        unpaired.append((item, subkeys, title))
    # MADR repeats the options, in order, as the subsections: those left over on both
    # sides, as many on each, are the same options renamed
    lonely = [c for c in sections_found if not c.keys]
    if unpaired and len(lonely) == len(unpaired):
        for candidate, (_item, subkeys, title) in zip(lonely, unpaired, strict=True):
            _pair(candidate, title, subkeys)
        return found
    if own and listed and len(lonely) < len(sections_found):
        # the list names the options: a subsection that is none of them is a detail
        for candidate in lonely:
            structure.prose.append(
                f"{plain(candidate.title)!r} is no option of the list; left as a section"
            )
        found = [c for c in found if c not in lonely]
    return found + [_item_candidate(item, subkeys, title) for item, subkeys, title in unpaired]


def _section_and_row_candidates(
    lines: list[str], subsections: list[Section], table: list[tuple[int, int, list[list[str]]]]
) -> list[Candidate]:
    """The options that are subsections, then those that are rows of a table."""
    found: list[Candidate] = []
    for section in subsections:
        text = "\n".join(lines[n] for n in range(section.start, section.own_end))
        title = section.heading.text
        found.append(_candidate(title, "section", mark(title, text), section))
    for start, _end, rows in table:
        header = [title_key(c) for c in rows[0]]
        verdict_col = next(
            i for i, h in enumerate(header) if h in ("verdict", "chosen", "decision", "status")
        )
        for row in rows[1:]:
            if not row or not row[0]:
                continue
            cell = row[verdict_col] if verdict_col < len(row) else ""
            found.append(_candidate(row[0], "table", mark("", cell), start))
    return found


def _item_candidate(item: Item, subkeys: list[str], title: str) -> Candidate:
    """A listed option no subsection discusses."""
    candidate = _candidate(title, "list", mark(title, ""), item, tuple(subkeys))
    # an ordered list's enumerator is the option's label ("Chosen option: 3")
    enumerator = item.marker.strip().rstrip(".)")
    candidate.label = candidate.label or (enumerator if enumerator.isdigit() else "")
    return candidate


def _pair(section: Candidate, title: str, subkeys: list[str]) -> None:
    """A listed option and its subsection are one option: the list's name is the
    title when the subsection's title is a shortened form of it."""
    section.keys = (*section.keys, option_key(title), *subkeys)
    label = split_label(plain(title))[0]
    section.label = section.label or label
    section.spans = (*section.spans, *spans(title))
    written = set(title_key(split_label(title)[1]).split())
    if set(section.key.split()) <= written and section.key != option_key(title):
        section.argument = item_title(title)[0]


def _closest(key: str, candidates: list[Candidate]) -> Candidate | None:
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
