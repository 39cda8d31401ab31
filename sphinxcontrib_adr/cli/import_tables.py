"""Writing a comparison table of options (a Markdown pipe table or a reST
``list-table`` with a Verdict, Chosen, Decision or Status column) as one
``alternative`` per row; split from :mod:`.import_directives`."""

from __future__ import annotations

from typing import Protocol

from .import_blocks import Candidate, Option, plain, title_key


class Writer(Protocol):
    """What of :class:`.import_directives.Writer` a table's rewrite uses (a protocol:
    that module imports this one)."""

    syntax: str
    instead: dict[int, list[str]]

    def open_lines(
        self, name: str, argument: str, options: dict[str, str], fence: str
    ) -> list[str]: ...


__all__ = ["write_table"]


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
