"""The ids an import gives: from the file's number, from the order of the dates of a
log named by date, with a letter for files that share a number or an id the
project already holds, and explicit on every ADR when ``--id-format`` is given."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ...core.model import format_id

if TYPE_CHECKING:
    from collections.abc import Sequence


class _Item(Protocol):
    source: Path
    adr_id: str
    number: int | None
    explicit_id: bool


#: ``2023-07-05-title``: a log named by date (several MADR setups); its leading
#: number is a year, shared by every file, not the ADR's number
_DATED_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_.]|$)")


def shown(path: Path) -> str:
    """A source as the report shows it: relative to the working directory when it
    lies under it (two logs' ``0001-x.md`` stay apart), else as given."""
    full = Path(os.path.normpath(path.absolute()))  # "adr/../../records/x" as the file is
    try:
        return str(full.relative_to(Path.cwd()))
    except ValueError:
        return str(full) if ".." in path.parts else str(path)


def suffixed(adr_id: str, used: set[str]) -> str:
    """``adr_id`` with the first of ``b``, ``c``, ... ``z``, ``z2``, ``z3``, ...
    appended that no id in ``used`` (casefolded) has; added to ``used``. Never
    runs out, however many files share a number."""
    letters = itertools.chain("bcdefghijklmnopqrstuvwxyz", (f"z{n}" for n in itertools.count(2)))
    new_id = next(f"{adr_id}{c}" for c in letters if f"{adr_id}{c}".casefold() not in used)
    used.add(new_id.casefold())
    return new_id


def dated(path: Path) -> str | None:
    """The ``YYYY-MM-DD`` a file name starts with, or ``None``."""
    match = _DATED_RE.match(path.stem)
    return "-".join(match.groups()) if match else None


def number_by_date(files: Sequence[_Item], id_format: str) -> list[str]:
    """Number the files named by date in the order of their dates (the name breaks
    ties), after the highest number the other files hold; each gets an explicit
    ``:id:`` (the build would read the year as the number). Returns the report."""
    by_date = sorted((d, f.source.name, f) for f in files if (d := dated(f.source)) is not None)
    if not by_date:
        return []
    numbers = [f.number for f in files if dated(f.source) is None and f.number is not None]
    start = max(numbers, default=0)
    for offset, (_date, _name, item) in enumerate(by_date, start=1):
        item.number = start + offset
        item.adr_id = format_id(id_format, start + offset)
        item.explicit_id = True
    first, last = by_date[0][2], by_date[-1][2]
    return [
        f"{len(by_date)} files are named by date, not by number: their ids follow the "
        f"order of the dates, {first.adr_id} ({shown(first.source)}) to {last.adr_id} "
        f"({shown(last.source)}), written as :id: on each page; pass --id-format to "
        "give them another form"
    ]


def check_numbers(files: Sequence[_Item]) -> list[str]:
    """Files that share a number become distinct ADRs: the first keeps the id its
    name gives, each other one gets that id with ``b``, ``c``, ... appended (an
    explicit ``:id:``), so the original number stays visible and the file name,
    and every link to it, stays as it was. Returns the report."""
    by_number: dict[int, list[_Item]] = {}
    for item in files:
        if item.number is not None:
            by_number.setdefault(item.number, []).append(item)
    used = {item.adr_id.casefold() for item in files}
    report = []
    for number, group in sorted(by_number.items()):
        first = shown(group[0].source)
        for item in group[1:]:
            adr_id = suffixed(item.adr_id, used)
            report.append(
                f"{shown(item.source)} shares the number {number} with {first}: it becomes "
                f"{adr_id} ({first} stays {group[0].adr_id}); a relation written as number "
                f"{number} means {group[0].adr_id}, name the file to mean {adr_id}"
            )
            item.adr_id = adr_id
            item.explicit_id = True
    return report


def check_taken(files: Sequence[_Item], taken: dict[str, str]) -> list[str]:
    """A file whose id a page of the project already holds gets that id with ``b``,
    ``c``, ... appended (an explicit ``:id:``), as files sharing a number do:
    importing a log beside an existing one must not give the build duplicate ids.
    Relations inside the imported log follow the new id. Returns the report."""
    used = {item.adr_id.casefold() for item in files} | set(taken)
    report = []
    for item in files:
        where = taken.get(item.adr_id.casefold())
        if where is None:
            continue
        new_id = suffixed(item.adr_id, used)
        report.append(
            f"{shown(item.source)} would be {item.adr_id}, which {where} already is in "
            f"this project: it becomes {new_id} (the log's own relations to it follow); "
            "to keep its number, give the log ids of its own with --id-format "
            "(e.g. 'LOG-{number:04d}')"
        )
        item.adr_id = new_id
        item.explicit_id = True
    return report
