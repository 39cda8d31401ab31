"""Reading the structure of an ADR's prose: options, verdicts, pros and cons,
consequences and related ADRs.

Pure functions over the lines of one file and its section titles (found by
:mod:`.importer`). :func:`read_structure` returns a :class:`Structure`: the
options with their verdicts (from the decision outcome or the marks the text
writes), the relations a "Related ADRs" list states, a report (what was left
as prose and why, problems the import does not guess about), and the line
edits of :mod:`.import_directives` that write it all as directives.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .import_blocks import (
    ITEM_RE,
    LINK_RE,
    RST_LINK_RE,
    Candidate,
    Heading,
    Item,
    Section,
    Structure,
    children,
    fenced,
    item_title,
    items,
    option_key,
    plain,
    sections,
    title_key,
)
from .import_directives import Writer, write_consequences, write_options

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CHOSEN_LINE_RE = re.compile(
    r"^\s*(?:\*\*|__)?chosen\s+(?:option|alternative)s?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$",
    re.I,
)
_QUOTED_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|'([^']+)'|\*\*([^*]+)\*\*")
_ADR_ID_RE = re.compile(r"\bADR[-\s_]?(\d+)\b", re.I)

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
    _options(lines, all_sections, writer, structure, skipped, adr_id)
    for section in all_sections:
        if section.key in RELATED_TITLES:
            structure.related += _related(lines, section)
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
) -> None:
    listing = next(
        (s for s in all_sections if s.key in OPTION_TITLES and s.heading.level > 1), None
    )
    details = next((s for s in all_sections if s.key in DETAIL_TITLES), None)
    outcome = next((s for s in all_sections if s.key in OUTCOME_TITLES), None)
    named = _outcome_names(lines, outcome) if outcome else None
    if named is None and listing is not None:
        named = _table_choice(lines, listing)
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
    write_options(
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


def _tables(lines: list[str], listing: Section) -> list[tuple[int, int, list[list[str]]]]:
    """Pipe tables with a Verdict (or Chosen, Decision, Status) column: ``(start,
    end, rows)`` where the first row is the header."""
    found = []
    code = fenced(lines, listing.start, listing.own_end)
    number = listing.start
    while number < listing.own_end:
        if number not in code and (
            _PIPE_ROW_RE.match(lines[number])
            and number + 1 < listing.own_end
            and _PIPE_RULE_RE.match(lines[number + 1])
        ):
            end = number + 2
            while end < listing.own_end and _PIPE_ROW_RE.match(lines[end]):
                end += 1
            rows = [_cells(lines[n]) for n in range(number, end) if n != number + 1]
            if _is_comparison(rows):
                found.append((number, end, rows))
            number = end
            continue
        if number not in code and _LIST_TABLE_RE.match(lines[number]):
            end, rows = _list_table(lines, number, listing.own_end)
            if rows and _is_comparison(rows):
                found.append((number, end, rows))
            number = end
            continue
        number += 1
    return found


def _is_comparison(rows: list[list[str]]) -> bool:
    header = [title_key(c) for c in rows[0]]
    return any(h in ("verdict", "chosen", "decision", "status") for h in header[1:])


_LIST_TABLE_RE = re.compile(r"^\.\.\s+list-table::")


def _list_table(lines: list[str], start: int, limit: int) -> tuple[int, list[list[str]]]:
    """``(end, rows)`` of a reST ``list-table`` whose first row is its header
    (``:header-rows: 1``); no rows for any other."""
    end = start + 1
    while end < limit and (not lines[end].strip() or lines[end][:1].isspace()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    body = lines[start + 1 : end]
    if not any(re.match(r"^\s+:header-rows:\s*1\s*$", line) for line in body):
        return end, []
    rows: list[list[str]] = []
    for line in body:
        row = re.match(r"^\s+\*\s+-\s+(.*)$", line)
        cell = re.match(r"^\s+-\s+(.*)$", line)
        if row:
            rows.append([row.group(1).strip()])
        elif cell and rows:
            rows[-1].append(cell.group(1).strip())
        elif line.strip() and rows and not line.strip().startswith(":"):
            rows[-1][-1] = f"{rows[-1][-1]} {line.strip()}"
    return end, rows


def _table_choice(lines: list[str], listing: Section) -> list[str] | None:
    """The option a comparison of criteria names in its *Chosen* column (``| Cost |
    Low | High | **Option B** |``): the name written most often there."""
    counts: dict[str, int] = {}
    code = fenced(lines, listing.start, listing.end)
    number = listing.start
    while number + 1 < listing.end:
        if number in code or not (
            _PIPE_ROW_RE.match(lines[number]) and _PIPE_RULE_RE.match(lines[number + 1])
        ):
            number += 1
            continue
        header = [title_key(c) for c in _cells(lines[number])]
        column = header.index("chosen") if "chosen" in header[1:] else None
        number += 2
        while number < listing.end and _PIPE_ROW_RE.match(lines[number]):
            cells = _cells(lines[number])
            if column is not None and column < len(cells):
                bold = re.search(r"\*\*([^*]+)\*\*", cells[column])
                if bold:
                    counts[bold.group(1).strip()] = counts.get(bold.group(1).strip(), 0) + 1
            number += 1
    if not counts:
        return None
    return [max(counts, key=lambda name: counts[name])]


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _candidates(
    lines: list[str],
    listed: list[tuple[Item, list[str]]],
    table: list[tuple[int, int, list[list[str]]]],
    subsections: list[Section],
) -> list[Candidate]:
    found: list[Candidate] = []
    for section in subsections:
        text = "\n".join(lines[n] for n in range(section.start, section.own_end))
        found.append(
            Candidate(
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
                Candidate(row[0], "table", option_key(row[0]), mark=_mark("", cell), write=start)
            )
    sections_found = [c for c in found if c.shape == "section"]
    by_key: dict[str, Candidate] = {}
    for candidate in found:
        if candidate.key:
            by_key.setdefault(candidate.key, candidate)
    unpaired: list[tuple[Item, list[str], str]] = []
    for item, subkeys in listed:
        title = item_title(item.text)[0]
        key = option_key(title)
        twin = by_key.get(key) if key else None
        if twin is None and len(key.split()) >= 2:  # _closest needs two words
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
            Candidate(title, "list", option_key(title), tuple(subkeys), _mark(title, ""), item)
        )
    return found


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
        words = re.sub(r"^[\W_]+", "", plain(ITEM_RE.sub(r"\3", line.strip()))).lower()
        words = re.sub(r"^(?:verdict|status|decision)\s*:\s*", "", words)
        for word, verdict in _VERDICT_WORDS:
            if re.match(rf"{word}\b", words):
                return verdict
    return None


def _outcome_names(lines: list[str], outcome: Section) -> list[str] | None:
    """The option names a ``Chosen option: "X", because ...`` line states."""
    code = fenced(lines, outcome.start, outcome.own_end)
    for number in range(outcome.start, outcome.own_end):
        match = None if number in code else _CHOSEN_LINE_RE.match(lines[number])
        if match:
            return _names(match.group(1))
    return None


def _names(text: str) -> list[str]:
    head = re.split(r",?\s+because\b|\.\s*$", text, maxsplit=1)[0].strip().rstrip(",.")
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED_RE.finditer(head)]
    whole = head.strip(" \"'“”*")
    return [whole, *quoted] if quoted else [whole]


def _verdicts(
    candidates: list[Candidate], named: list[str] | None, structure: Structure
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


def _match(candidates: list[Candidate], named: list[str]) -> set[int] | None:
    """The candidates the outcome's names mean: the whole text first, then each
    quoted name; exact keys before prefixes. ``None``: no option matches. A name is
    compared with and without a leading ``Option 2:`` (``Option B`` names
    ``Option B: Queue``)."""

    def keys(c: Candidate) -> tuple[str, ...]:
        return (c.key, *c.keys, title_key(c.title))

    def hits(name: str, rule: Callable[[str, str], bool]) -> set[int]:
        wanted = {k for k in (option_key(name), title_key(name)) if k}
        return {
            i for i, c in enumerate(candidates) if any(rule(k, w) for k in keys(c) for w in wanted)
        }

    # several quoted names: the whole text is one option only when it is exactly one
    for rule in (_exact, _prefix) if len(named) < 3 else (_exact,):
        whole = hits(named[0], rule)
        if len(whole) == 1:
            return whole
    found: set[int] = set()
    for name in named[1:]:
        for rule in (_exact, _prefix):
            matched = hits(name, rule)
            if matched:
                found |= matched
                break
    return found or None


def _exact(a: str, b: str) -> bool:
    return bool(a) and a == b


def _prefix(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short + " ")


def _related(lines: list[str], section: Section) -> list[tuple[str, str]]:
    """``(target, text)`` of each ADR a "Related ADRs" list item links to or names."""
    found = []
    for item in items(lines, section.start, section.own_end):
        text = item.text
        link = LINK_RE.search(text) or RST_LINK_RE.search(text)
        if link and not re.match(r"^[a-z]+://", link.group(2) or link.group(3) or "", re.I):
            found.append(
                ((link.group(2) or link.group(3) or "").split("#", 1)[0], link.group(1) or "")
            )
            continue
        number = _ADR_ID_RE.search(text)
        if number:
            found.append((number.group(0), number.group(0)))
    return found
