"""Columns, sort keys, limits and groups of the ADR listings: the names a
listing may show or sort by, their values for an ADR, and the order of ADRs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..core.model import ADR_FIELDS, split_list
from .filters import FilterProblem, strip_quotes
from .query import SortKey

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from ..core.config import LinkKind, Settings
    from ..core.model import ADR, ChildRecord

#: the event features declare their listing columns through: ``(app) -> names``;
#: an ADR's value is the first ``column_value(name)`` its child records give
LISTING_COLUMNS_EVENT = "adr-listing-columns"

#: count columns: column name -> class name (lower-cased) of the child records counted
COUNT_COLUMNS: dict[str, str] = {"alternatives": "alternative", "risks": "risk"}

#: columns (and sort keys) that every ADR has
BASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in ADR_FIELDS)
#: columns that hold lists (sorted by their first item, shown comma-separated)
LIST_COLUMNS = frozenset(f.name for f in ADR_FIELDS if f.kind == "list")
_FIELDS = {f.name: f for f in ADR_FIELDS}
DEFAULT_COLUMNS: tuple[str, ...] = ("id", "title", "status", "date")
GROUP_BY: tuple[str, ...] = ("status", "tag", "year")


def known_columns(conf: Settings, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Every column (and sort key) name: built-ins, relations, extra fields, counts,
    and ``extra`` (the columns features declare)."""
    return (
        BASE_COLUMNS
        + tuple(conf.link_options)
        + tuple(spec.name for spec in conf.fields)
        + tuple(COUNT_COLUMNS)
        + tuple(extra)
    )


def is_relation_column(name: str, conf: Settings) -> bool:
    return name in conf.link_options


def parse_columns(value: str | None, conf: Settings, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """``:columns: id, title, status, risks`` (raises :class:`FilterProblem`)."""
    if value is None:
        return DEFAULT_COLUMNS
    columns = tuple(c.casefold() for c in split_list(strip_quotes(value)))
    if not columns:
        raise FilterProblem("option ':columns:' is empty; list columns or remove it")
    known = known_columns(conf, extra)
    for column in columns:
        if column not in known:
            raise FilterProblem(
                f":columns: {column!r} is not a column; write some of {', '.join(known)}"
            )
    return columns


def parse_sort(value: str | None, conf: Settings, extra: Sequence[str] = ()) -> tuple[SortKey, ...]:
    """``:sort: -date, id`` or ``:sort: date desc, id`` (raises :class:`FilterProblem`)."""
    if value is None:
        return ()
    keys: list[SortKey] = []
    known = [c for c in known_columns(conf, extra) if not is_relation_column(c, conf)]
    for item in split_list(strip_quotes(value)):
        words = item.split()
        descending = False
        if len(words) == 2 and words[1].casefold() in ("asc", "desc"):
            descending = words[1].casefold() == "desc"
            name = words[0]
        elif len(words) == 1:
            name = words[0]
            if name[0] in "+-":
                descending, name = name[0] == "-", name[1:]
        else:
            name = ""
        name = name.casefold()
        if name not in known:
            raise FilterProblem(
                f":sort: {item!r} is not a sort key; write keys among {', '.join(known)}, "
                "each optionally prefixed by '-' or followed by 'desc' for descending"
            )
        keys.append(SortKey(name, descending))
    if not keys:
        raise FilterProblem("option ':sort:' is empty; give keys ('-date, id') or remove it")
    return tuple(keys)


def parse_limit(value: str | None) -> int | None:
    if value is None:
        return None
    text = strip_quotes(value)
    if not text.isdigit() or int(text) < 1:
        raise FilterProblem(f":limit: {text!r} is not a positive whole number")
    return int(text)


def parse_group_by(value: str | None) -> str | None:
    if value is None:
        return None
    text = strip_quotes(value).casefold()
    if text not in GROUP_BY:
        raise FilterProblem(
            f":group-by: {text!r} is not a grouping; write one of " + ", ".join(GROUP_BY)
        )
    return text


def child_counts(children: Iterable[object]) -> dict[str, int]:
    """Children of an ADR counted by (lower-cased) class name."""
    counts: dict[str, int] = {}
    for child in children:
        name = type(child).__name__.casefold()
        counts[name] = counts.get(name, 0) + 1
    return counts


def relation_values(
    column: str, conf: Settings, relations: Iterable[tuple[LinkKind, bool, str]]
) -> tuple[str, ...]:
    """The ids a relation column (``supersedes``, ``superseded-by``, ...) shows,
    given an ADR's ``(kind, reverse, other)`` relations."""
    kind, reverse = conf.link_options[column]
    return tuple(sorted({other for k, rev, other in relations if k == kind and rev == reverse}))


def scalar_value(
    adr: ADR,
    column: str,
    counts: dict[str, int] | None = None,
    children: Iterable[ChildRecord] = (),
) -> str | int | tuple[str, ...] | None:
    """The plain value of a non-relation column (``None``: no value); ``children``
    (the ADR's child records) answer the columns features declare."""
    if column in COUNT_COLUMNS:
        return (counts or {}).get(COUNT_COLUMNS[column], 0)
    spec = _FIELDS.get(column)
    if spec is None:
        written = adr.field(column)
        if written is not None:
            return written
        return next((v for c in children if (v := c.column_value(column)) is not None), None)
    value: str | tuple[str, ...] | None = getattr(adr, spec.attr)
    return value or None


def sort_adrs(
    adrs: Sequence[ADR],
    keys: Sequence[SortKey],
    conf: Settings,
    counts: dict[str, dict[str, int]] | None = None,
    children: Callable[[ADR], Iterable[ChildRecord]] | None = None,
) -> list[ADR]:
    """Stable multi-key sort; ADRs lacking a value come last either way.

    With no keys, ADRs are ordered by id (numbers inside ids compare as numbers).
    """
    result = sorted(adrs, key=lambda a: natural_key(a.id))
    choices = {spec.name: spec.choices for spec in conf.fields if spec.type == "choice"}
    for key in reversed(keys):

        def value(adr: ADR, column: str = key.column) -> Any:
            kids = children(adr) if children is not None and column not in _FIELDS else ()
            raw = scalar_value(adr, column, (counts or {}).get(adr.key), kids)
            if raw is None:
                return None
            if column == "status":
                return conf.status_rank(str(raw))
            if column in choices and isinstance(raw, str):
                folded = [c.casefold() for c in choices[column]]
                return folded.index(raw.casefold()) if raw.casefold() in folded else len(folded)
            if isinstance(raw, tuple):
                raw = raw[0] if raw else ""
            if column == "id":
                return natural_key(str(raw))
            return raw.casefold() if isinstance(raw, str) else raw

        present = [a for a in result if value(a) is not None]
        missing = [a for a in result if value(a) is None]
        present.sort(key=value, reverse=key.descending)
        result = present + missing
    return result


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``ADR-9`` before ``ADR-10``: digit runs compare as numbers."""
    parts = re.split(r"(\d+)", text.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def group_keys(adr: ADR, group_by: str) -> list[str]:
    """The group(s) an ADR belongs to (an ADR with two tags is in both groups)."""
    if group_by == "status":
        return [adr.status]
    if group_by == "tag":
        # tags match case-insensitively in filters, so "Backend" and "backend" group together
        return list(dict.fromkeys(tag.casefold() for tag in adr.tags)) or [""]
    return [adr.date[:4] if adr.date else ""]
