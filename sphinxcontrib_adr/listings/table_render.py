"""``adr-table`` and ``adr-list`` at write time: the ADRs a query selected as a
docutils table or bullet list, built from the domain's current records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.config import LinkKind
from ..core.domain import css_name
from ..core.locale import translate
from ..core.model import ADR_FIELDS
from ..render import context as render
from ..render.table import Column, build_table
from .columns import (
    COUNT_COLUMNS,
    LIST_COLUMNS,
    child_counts,
    is_relation_column,
    relation_values,
    scalar_value,
)
from .selection import empty_line, grouped, query_of, selected, unchanged_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core.model import ADR
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder
    from .query import SortKey

_HEADERS = {f.name: f.label for f in ADR_FIELDS}


def header(column: str) -> str:
    if column in _HEADERS:
        return _HEADERS[column]
    return LinkKind.label(column)


def cell(ctx: RenderContext, adr: ADR, column: str, counts: dict[str, int]) -> list[nodes.Node]:
    """The content of one column for one ADR (inline nodes)."""
    conf = ctx.settings
    if column == "id":
        return [ctx.xref(adr.id, text=adr.id)]
    if column == "title":
        return [ctx.xref(adr.id, text=adr.title)]
    if column == "status":
        return [ctx.status_badge(adr.status, adr.status_date)]
    if is_relation_column(column, conf):
        others = relation_values(column, conf, ctx.domain.links_of(adr))
        return render.joined(ctx.xref(other, text=other) for other in others)
    value = scalar_value(adr, column, counts, ctx.domain.children(adr))
    if value is None:
        return []
    if isinstance(value, tuple):
        if column == "tags":
            return render.chips(value)
        css = ["adr-person"] if column == "deciders" else []
        return render.text_items(value, css)
    # a word a feature's column holds (health "overdue", confirmation "passing") in the
    # reader's language; a word the catalog does not know is shown as written
    return [nodes.Text(translate(value) if isinstance(value, str) else str(value))]


def _counts(ctx: RenderContext, adr: ADR, columns: Sequence[str]) -> dict[str, int]:
    if any(c in COUNT_COLUMNS for c in columns):
        return child_counts(ctx.domain.children(adr))
    return {}


def _kind(ctx: RenderContext, column: str) -> str:
    if column in COUNT_COLUMNS:
        return "number"
    if column in ("id", "status", "date") or is_relation_column(column, ctx.settings):
        return {"status": "badge", "date": "date"}.get(column, "id")
    return {"title": "title", "deciders": "name"}.get(column, "text")


def build_adr_table(
    ctx: RenderContext,
    adrs: Sequence[ADR],
    columns: Sequence[str],
    caption: str | None,
    sort: Sequence[SortKey] = (),
    page_size: int | None = None,
) -> nodes.table:
    """The docutils table of ``adrs``, one column per name of ``columns``."""
    conf = ctx.settings
    heads = [
        Column(
            header(column),
            _kind(ctx, column),
            (f"adr-col-{css_name(column)}", "number" if column in COUNT_COLUMNS else "text"),
        )
        for column in columns
    ]
    rows, entry_classes = _rows(ctx, adrs, columns)
    # HTML writers anchor a captioned table (permalink): give it a stable id
    ids = [ctx.unique_id(f"adr-table-{caption}-{adrs[0].id if adrs else ''}")] if caption else []
    return build_table(
        heads,
        rows,
        _table_classes(ctx, columns, sort, page_size),
        name="Decisions",
        caption=caption,
        ids=ids,
        # the lifecycle rank again on the row: the status chips follow adr_statuses
        # even when no status column is shown
        row_classes=(
            [f"adr-status-{css_name(adr.status)}", f"adr-rank-{conf.status_rank(adr.status)}"]
            for adr in adrs
        ),
        entry_classes=entry_classes,
    )


def _table_classes(
    ctx: RenderContext, columns: Sequence[str], sort: Sequence[SortKey], page_size: int | None
) -> list[str]:
    classes = ["adr-table"]
    if ctx.domain.env.config.adr_table_interactive:
        classes.append("adr-interactive")
    if page_size is not None:  # else adr_table_page_size (see page_size_classes)
        classes.append(f"adr-page-size-{page_size}")
    if sort and sort[0].column in columns:
        # the order the table is written in, for the header's aria-sort
        classes.append(f"adr-sort-by-{css_name(sort[0].column)}")
        classes.append("adr-sort-desc" if sort[0].descending else "adr-sort-asc")
    return classes


def _rows(
    ctx: RenderContext, adrs: Sequence[ADR], columns: Sequence[str]
) -> tuple[list[list[list[nodes.Node]]], list[list[list[str]]]]:
    """The cells of every row, and the classes of each cell."""
    conf = ctx.settings
    rows: list[list[list[nodes.Node]]] = []
    entry_classes: list[list[list[str]]] = []
    for adr in adrs:
        counts = _counts(ctx, adr, columns)
        cells: list[list[nodes.Node]] = []
        classes_of: list[list[str]] = []
        for index, column in enumerate(columns):
            content = cell(ctx, adr, column, counts)
            cells.append([render.record_text(adr), *content] if index == 0 else content)
            classes_of.append([f"adr-col-{css_name(column)}"])
            if column == "status":
                # the lifecycle rank, so sorting in the browser follows adr_statuses
                classes_of[-1].append(f"adr-rank-{conf.status_rank(adr.status)}")
        rows.append(cells)
        entry_classes.append(classes_of)
    return rows, entry_classes


def list_item(ctx: RenderContext, adr: ADR, columns: Sequence[str]) -> nodes.list_item:
    para = nodes.paragraph("", "", ctx.xref(adr.id))
    counts = _counts(ctx, adr, columns)
    parts = [
        (column, content)
        for column in columns
        if column not in ("id", "title")
        for content in [cell(ctx, adr, column, counts)]
        if content
    ]
    for index, (column, content) in enumerate(parts):
        para += nodes.Text(" \u2014 " if index == 0 else "; ")
        if column in LIST_COLUMNS or is_relation_column(column, ctx.settings):
            label = header(column)
            para += nodes.Text(f"{label}: ")
        elif column in COUNT_COLUMNS:
            content = [*content, nodes.Text(f" {column}")]
        para += content
    return nodes.list_item("", para, classes=[f"adr-status-{css_name(adr.status)}"])


def render_listing(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    query = query_of(ctx, node)
    days: int | None = node.get("unchanged_for")
    adrs = selected(ctx, query, None if days else node.get("limit"))
    if days:
        adrs = unchanged_for(ctx, adrs, days)[: node.get("limit") or None]
    if not adrs:
        return [empty_line(ctx, node)]
    result: list[nodes.Node] = []
    container = nodes.container(classes=["adr-listing", f"adr-{query.kind}"])
    for label, members in grouped(adrs, node.get("group_by"), ctx.settings):
        if label is not None:
            label = translate(label) if node.get("group_by") == "status" else label
            container += nodes.rubric(label, label, classes=["adr-group"])
        if query.kind == "adr-table":
            container += build_adr_table(
                ctx, members, query.columns, node.get("caption"), query.sort, node.get("page_size")
            )
        else:
            container += nodes.bullet_list(
                "", *(list_item(ctx, adr, query.columns) for adr in members), classes=["adr-list"]
            )
    result.append(container)
    return result
