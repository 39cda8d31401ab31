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


def cell(
    ctx: RenderContext,
    adr: ADR,
    column: str,
    counts: dict[str, int],
    links: dict[str, nodes.Element] | None = None,
) -> list[nodes.Node]:
    """The content of one column for one ADR (inline nodes); ``links``: the row's
    links of its ``id`` and ``title`` columns, when made already (:func:`_links`)."""
    if links and column in links:
        return [links[column]]
    if column == "id":
        return [ctx.xref(adr.id, text=adr.id)]
    if column == "title":
        return [ctx.xref(adr.id, text=adr.title)]
    if column == "status":
        return [ctx.status_badge(adr.status, adr.status_date)]
    conf = ctx.settings
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
    heads = [
        Column(
            header(column),
            _kind(ctx, column),
            (f"adr-col-{css_name(column)}", "number" if column in COUNT_COLUMNS else "text"),
        )
        for column in columns
    ]
    by_status = _status_classes(ctx, adrs)
    rows, entry_classes = _rows(ctx, adrs, columns, by_status)
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
        row_classes=[by_status[adr.status][0] for adr in adrs],
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


def _status_classes(
    ctx: RenderContext, adrs: Sequence[ADR]
) -> dict[str, tuple[list[str], list[str]]]:
    """Per status shown: the classes of its rows and of its status cells (a node
    copies the list it is given, so one list serves every row of a status)."""
    result: dict[str, tuple[list[str], list[str]]] = {}
    for status in {adr.status: None for adr in adrs}:
        rank = f"adr-rank-{ctx.settings.status_rank(status)}"
        result[status] = ([f"adr-status-{css_name(status)}", rank], ["adr-col-status", rank])
    return result


def _rows(
    ctx: RenderContext,
    adrs: Sequence[ADR],
    columns: Sequence[str],
    by_status: dict[str, tuple[list[str], list[str]]],
) -> tuple[list[list[list[nodes.Node]]], list[list[list[str]]]]:
    """The cells of every row, and the classes of each cell."""
    # a cell's classes depend on its column only, but a status cell's on the status
    classes = [[f"adr-col-{css_name(column)}"] for column in columns]
    statuses = [index for index, column in enumerate(columns) if column == "status"]
    linked = [column for column in columns if column in ("id", "title")]
    counted = any(column in COUNT_COLUMNS for column in columns)
    rows: list[list[list[nodes.Node]]] = []
    entry_classes: list[list[list[str]]] = []
    for adr in adrs:
        counts = child_counts(ctx.domain.children(adr)) if counted else {}
        links = _links(ctx, adr, linked)
        cells = [cell(ctx, adr, column, counts, links) for column in columns]
        if cells:
            cells[0] = [render.record_text(adr, ctx.word(adr.status)), *cells[0]]
        rows.append(cells)
        of_row = classes.copy() if statuses else classes
        for index in statuses:
            # the lifecycle rank, so sorting in the browser follows adr_statuses
            of_row[index] = by_status[adr.status][1]
        entry_classes.append(of_row)
    return rows, entry_classes


def _links(ctx: RenderContext, adr: ADR, linked: Sequence[str]) -> dict[str, nodes.Element]:
    """The row's links of its ``id`` and ``title`` columns, the ADR resolved once."""
    texts = [adr.id if column == "id" else adr.title for column in linked]
    return dict(zip(linked, ctx.links(adr.id, texts), strict=True))


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
