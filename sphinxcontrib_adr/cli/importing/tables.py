"""Reading and writing a comparison table of options (a Markdown pipe table or a reST
``list-table`` with a Verdict, Chosen, Decision or Status column) as one
``alternative`` per row; split from :mod:`.directives`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .blocks import Candidate, Option, Section, fenced, plain, title_key

if TYPE_CHECKING:
    from .writer import Writer

__all__ = ["read_tables", "table_choice", "write_table"]


def write_table(
    start: int,
    end: int,
    rows: list[list[str]],
    candidates: list[Candidate],
    verdicts: list[str],
    writer: Writer,
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
        body = _row_body(keys, header, row)
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
    # the header's names stay, as a comment: the first column's name labels nothing
    comment = ".." if writer.syntax == "rst" else "%"
    head = [f"{comment} {' | '.join(header)}", ""]
    writer.instead[start] = [*head, *(new[:-1] if new and not new[-1] else new)]
    for number in range(start + 1, end):
        writer.instead[number] = []
    return options


def _row_body(keys: list[str], header: list[str], row: list[str]) -> list[str]:
    """A row's cells, each labelled with its column's name (the verdict's: Reason),
    a blank line after each."""
    body = []
    for key, name, cell in zip(keys[1:], header[1:], row[1:], strict=False):
        if not cell:
            continue
        label = "Reason" if key in ("verdict", "chosen", "decision", "status") else name
        body += [f"{label}: {cell}", ""]
    extra = [cell for cell in row[len(header) :] if cell]
    if extra:
        # cells past the header's columns have no column name: kept, not dropped
        body += [f"Beyond the table's columns: {' | '.join(extra)}", ""]
    return body


# --------------------------------------------------------------------------
# reading


_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")


_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_tables(lines: list[str], listing: Section) -> list[tuple[int, int, list[list[str]]]]:
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


def table_choice(lines: list[str], listing: Section) -> list[str] | None:
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
