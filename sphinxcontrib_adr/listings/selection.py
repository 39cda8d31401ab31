"""Which ADRs a listing shows: its query applied to the domain, in its order.

Shared by every listing that keeps a :class:`~.query.Query` (``adr-table``,
``adr-list``, the graph, the timeline); they differ only in how they draw the
ADRs selected here.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.locale import _, translate
from ..core.model import today
from .columns import COUNT_COLUMNS, child_counts, group_keys, scalar_value, sort_adrs
from .filters import FilterProblem, warn_problem
from .query import Query

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core.config import Settings
    from ..core.model import ADR
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder


def query_of(ctx: RenderContext, node: nodes.Element) -> Query:
    """The query a listing's placeholder shows (it keeps only the key of it)."""
    return ctx.domain.page_of(node, Query)


def selected(ctx: RenderContext, query: Query, limit: int | None = None) -> list[ADR]:
    """The ADRs a query shows, in its order."""
    domain = ctx.domain
    adrs = query.filter.apply(domain.adrs(known_projects(ctx, query)), domain)
    counts = None
    if any(key.column in COUNT_COLUMNS for key in query.sort):
        counts = {adr.key: child_counts(domain.children(adr)) for adr in adrs}
    ordered = sort_adrs(adrs, query.sort, ctx.settings, counts, domain.children)
    return ordered[:limit] if limit else ordered


def known_projects(ctx: RenderContext, query: Query) -> tuple[str, ...]:
    """``:projects:`` without the names of no project (each said once, at its line)."""
    known = ctx.domain.external_logs
    names = query.filter.projects
    unknown = [n for n in names if n not in ("*", "local") and n not in known]
    for name in unknown:
        warn_problem(
            FilterProblem(
                f":projects: {name!r} is not a project; write local, * or names of "
                f"adr_external ({', '.join(sorted(known)) or 'none configured'})"
            ),
            query.kind,
            (query.docname, query.lineno),
        )
    kept = tuple(n for n in names if n not in unknown)
    return kept or (("local",) if names else ())


def grouped(
    adrs: Sequence[ADR], group_by: str | None, conf: Settings
) -> list[tuple[str | None, list[ADR]]]:
    if group_by is None:
        return [(None, list(adrs))]
    groups: dict[str, list[ADR]] = {}
    for adr in adrs:
        for key in group_keys(adr, group_by):
            groups.setdefault(key, []).append(adr)

    def rank(key: str) -> tuple[int, Any]:
        if key == "":
            return (2, "")
        if group_by == "status":
            return (0, conf.status_rank(key))
        return (1, key.casefold())

    empty_label = {"tag": _("(untagged)"), "year": _("(undated)"), "status": ""}[group_by]
    return [(key or empty_label, groups[key]) for key in sorted(groups, key=rank)]


def empty_line(ctx: RenderContext, node: adr_placeholder) -> nodes.paragraph:
    # the default (or a project's own words, when the catalog knows them) translated
    text = node.get("empty") or translate(ctx.domain.env.config.adr_empty_text)
    return nodes.paragraph(text, text, classes=["adr-empty"])


def unchanged_for(ctx: RenderContext, adrs: list[ADR], days: int) -> list[ADR]:
    """The ADRs whose last change is at least ``days`` old (decisions due for review)."""
    now = today(os.environ.get("SOURCE_DATE_EPOCH"))
    cutoff = (now - _dt.timedelta(days=days)).isoformat()
    kept = []
    for adr in adrs:
        last = scalar_value(adr, "last-changed", None, ctx.domain.children(adr))
        if isinstance(last, str) and last <= cutoff:
            kept.append(adr)
    return kept
