"""``adr-table`` and ``adr-list``: filtered, sorted, grouped listings of ADRs.

The directives validate their options at read time (:mod:`.queries`), leave a
:class:`~.queries.Query` record in the domain (so incremental builds re-write
the page exactly when something it shows changed) and return a placeholder.
At write time the placeholder becomes a standard docutils table or bullet
list built from the domain's current records, so every builder works. HTML
tables carry the class ``adr-interactive``: ``static/adr-table.js`` adds
sorting by column and filtering as you type; without JavaScript the plain
table is all there is.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.config import (
    LinkKind,
    SettingError,
    Settings,
    add_config_value,
    connect_check,
    settings,
)
from ..core.directive import OptionChecker, any_options
from ..core.domain import css_name
from ..core.locale import _, translate
from ..core.model import ADR, ADR_FIELDS, ValueProblem, today
from ..core.nodes import leave_page_draft
from ..render import context as render
from ..render.assets import add_assets, shows_class
from ..render.placeholders import add_placeholder, adr_placeholder
from ..render.table import Column
from ..render.table import build_table as build_rows
from .filters import (
    COUNT_COLUMNS,
    FILTER_OPTIONS,
    LIST_COLUMNS,
    LISTING_COLUMNS_EVENT,
    FilterProblem,
    Query,
    SortKey,
    child_counts,
    group_keys,
    is_relation_column,
    parse_columns,
    parse_filter,
    parse_group_by,
    parse_limit,
    parse_sort,
    relation_values,
    scalar_value,
    sort_adrs,
    warn_problem,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from ..render.context import RenderContext

_HEADERS = {f.name: f.label for f in ADR_FIELDS}


class listing_placeholder(adr_placeholder):
    """An ``adr-table`` or ``adr-list``, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render_listing(ctx, self)

    def renders_late(self, ctx: RenderContext) -> bool:
        # links to the listed ADRs themselves always resolve; a relation column
        # may name an ADR of no page here, which only Sphinx's resolver handles
        return not query_of(ctx, self).shown_relations


def query_of(ctx: RenderContext, node: nodes.Element) -> Query:
    """The query a listing's placeholder shows (it keeps only the key of it)."""
    return ctx.domain.page_of(node, Query)


class QueryDirective(SphinxDirective):
    """Base of the listing directives: filter options, a Query record, a placeholder."""

    kind: ClassVar[str] = ""
    #: the placeholder this directive returns (it renders itself at write time)
    node_class: ClassVar[type[adr_placeholder]]
    #: options besides the filters
    extra_options: ClassVar[tuple[str, ...]] = ()
    default_columns: ClassVar[tuple[str, ...]] = ()
    has_content = False
    option_spec: ClassVar[OptionSpec] = any_options(*FILTER_OPTIONS)

    def run(self) -> list[nodes.Node]:
        check = OptionChecker(self, self.name)
        options = {name.lower(): str(value) for name, value in self.options.items()}
        for name in check.unknown(options, FILTER_OPTIONS + self.extra_options):
            options.pop(name)
        conf = settings(self.config)
        adr_filter = parse_filter(options, self, conf, what=self.name)
        try:
            extra = self.parse_extra(options, conf)
        except ValueProblem as problem:
            warn_problem(problem, self.name, self.get_location())
            return []
        if adr_filter is None:  # already reported; an unfiltered list would mislead
            return []
        query = Query(
            docname="",  # the read step completes it
            lineno=self.lineno,
            kind=self.kind,
            filter=adr_filter,
            columns=extra.get("columns", ()),
            sort=extra.get("sort", ()),
            shown_relations=self.shown_relations(extra, conf),
        )
        node = self.node_class(kind=self.kind, **extra.get("attrs", {}))
        leave_page_draft(node, query)
        self.set_source_info(node)
        return [node]

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        raise NotImplementedError

    def shown_relations(self, extra: dict[str, Any], conf: Settings) -> frozenset[str]:
        return frozenset(
            conf.link_options[c][0].name
            for c in extra.get("columns", ())
            if is_relation_column(c, conf)
        )


class ListingDirective(QueryDirective):
    node_class = listing_placeholder
    extra_options = (
        "columns", "sort", "limit", "group-by", "empty", "caption", "unchanged-for",
        "page-size",
    )  # fmt: skip

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        declared = feature_columns(self.env)
        columns = parse_columns(options.get("columns"), conf, declared)
        unchanged = parse_unchanged_for(options.get("unchanged-for"), declared)
        if "columns" not in options:
            columns = self.default_columns
        attrs = {
            "limit": parse_limit(options.get("limit")),
            "group_by": parse_group_by(options.get("group-by")),
            "empty": " ".join(options["empty"].split()) if options.get("empty") else None,
            "caption": " ".join(options["caption"].split()) if options.get("caption") else None,
            "unchanged_for": unchanged,
            "page_size": parse_page_size(options.get("page-size")),
        }
        return {
            "columns": columns,
            "sort": parse_sort(options.get("sort"), conf, declared),
            "attrs": attrs,
        }


class ADRTableDirective(ListingDirective):
    """A table of ADRs: all of them, or those matching the filter options.

    Filters: ``status``, ``tags`` (with ``tags-match: any|all``), ``date``,
    ``deciders``, ``docname``, ``search``, ``relation``, ``field``. Display:
    ``columns``, ``sort``, ``limit``, ``group-by`` (status, tag, year),
    ``empty`` (the line shown when nothing matches), ``caption``,
    ``page-size`` (rows per page in HTML; 0 never pages). In HTML the table can
    be sorted by clicking a header and filtered by typing.
    """

    kind = "adr-table"
    default_columns = ("id", "title", "status", "date")


class ADRListDirective(ListingDirective):
    """A bullet list of ADRs ("ADR-0007: Title" links), with the same filters,
    sort keys, limit and grouping as ``adr-table``; ``columns`` are the values
    shown after each title (default: status and date)."""

    kind = "adr-list"
    default_columns = ("status", "date")


# --------------------------------------------------------------------------
# write time


_SPAN_RE = re.compile(r"^(\d+)\s*(d|days?|w|weeks?|m|months?|y|years?)?$")
_SPAN_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_unchanged_for(value: str | None, declared: Sequence[str]) -> int | None:
    """``:unchanged-for: 1y`` (days, weeks, months of 30 days, years of 365) -> days."""
    if value is None:
        return None
    match = _SPAN_RE.match(value.strip().casefold())
    if not match:
        raise FilterProblem(
            f":unchanged-for: {value.strip()!r} is not a time span; write a number of days "
            "or one such as 90d, 12w, 6m or 1y"
        )
    if "last-changed" not in declared:
        raise FilterProblem(
            ":unchanged-for: needs the history from git; set adr_history = True in conf.py"
        )
    return int(match.group(1)) * _SPAN_DAYS[(match.group(2) or "d")[0]]


def parse_page_size(value: str | None) -> int | None:
    """``:page-size: 50`` -> 50 rows per page in HTML (0: the table is never paged)."""
    if value is None:
        return None
    if not value.strip().isdigit():
        raise FilterProblem(f":page-size: {value.strip()!r} is not a whole number (0: no pages)")
    return int(value.strip())


def _unchanged_for(ctx: RenderContext, adrs: list[ADR], days: int) -> list[ADR]:
    """The ADRs whose last change is at least ``days`` old (decisions due for review)."""
    now = today(os.environ.get("SOURCE_DATE_EPOCH"))
    cutoff = (now - _dt.timedelta(days=days)).isoformat()
    kept = []
    for adr in adrs:
        last = scalar_value(adr, "last-changed", None, ctx.domain.children(adr))
        if isinstance(last, str) and last <= cutoff:
            kept.append(adr)
    return kept


def feature_columns(env: BuildEnvironment) -> tuple[str, ...]:
    """The listing columns features declare (``adr-listing-columns``)."""
    return tuple(name for names in env.events.emit(LISTING_COLUMNS_EVENT) for name in names)


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


def build_table(
    ctx: RenderContext,
    adrs: Sequence[ADR],
    columns: Sequence[str],
    caption: str | None,
    sort: Sequence[SortKey] = (),
    page_size: int | None = None,
) -> nodes.table:
    conf = ctx.settings
    classes = ["adr-table"]
    if ctx.domain.env.config.adr_table_interactive:
        classes.append("adr-interactive")
    if page_size is not None:  # else adr_table_page_size (see page_size_classes)
        classes.append(f"adr-page-size-{page_size}")
    if sort and sort[0].column in columns:
        # the order the table is written in, for the header's aria-sort
        classes.append(f"adr-sort-by-{css_name(sort[0].column)}")
        classes.append("adr-sort-desc" if sort[0].descending else "adr-sort-asc")
    heads = [
        Column(
            header(column),
            _kind(ctx, column),
            (f"adr-col-{css_name(column)}", "number" if column in COUNT_COLUMNS else "text"),
        )
        for column in columns
    ]
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
    # HTML writers anchor a captioned table (permalink): give it a stable id
    ids = [ctx.unique_id(f"adr-table-{caption}-{adrs[0].id if adrs else ''}")] if caption else []
    return build_rows(
        heads,
        rows,
        classes,
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
        adrs = _unchanged_for(ctx, adrs, days)[: node.get("limit") or None]
    if not adrs:
        return [empty_line(ctx, node)]
    result: list[nodes.Node] = []
    container = nodes.container(classes=["adr-listing", f"adr-{query.kind}"])
    for label, members in grouped(adrs, node.get("group_by"), ctx.settings):
        if label is not None:
            label = translate(label) if node.get("group_by") == "status" else label
            container += nodes.rubric(label, label, classes=["adr-group"])
        if query.kind == "adr-table":
            container += build_table(
                ctx, members, query.columns, node.get("caption"), query.sort, node.get("page_size")
            )
        else:
            container += nodes.bullet_list(
                "", *(list_item(ctx, adr, query.columns) for adr in members), classes=["adr-list"]
            )
    result.append(container)
    return result


def register(app: Sphinx) -> None:
    app.add_event(LISTING_COLUMNS_EVENT)
    add_config_value(
        app,
        "adr_empty_text",
        "No decisions match.",
        "The line ``adr-table``, ``adr-list`` and ``adr-timeline`` show when no ADR "
        "matches their filters (a directive's ``:empty:`` option overrides it).",
    )
    add_config_value(
        app,
        "adr_table_interactive",
        True,
        "Whether HTML ADR tables can be sorted by clicking a column header and filtered "
        "by typing (a small script; without JavaScript the plain table remains).",
    )
    add_config_value(
        app,
        "adr_table_page_size",
        25,
        "Rows per page of the interactive HTML tables (``adr-table``, the risk register, "
        "the trace matrix, ...): a table of more than twice as many rows is shown a page "
        "at a time, with buttons to turn pages and a choice of 50, 100 or all rows; 0 "
        "never pages. ``adr-table``'s ``:page-size:`` sets it for one table. Without "
        "JavaScript, and in every other builder, the whole table is shown.",
    )
    app.connect("doctree-resolved", page_size_classes, priority=600)
    app.add_directive("adr-table", ADRTableDirective)
    app.add_directive("adr-list", ADRListDirective)
    add_placeholder(app, listing_placeholder)
    add_assets(app, css=["adr-queries.css"])
    # the script only where a listing has controls: tables and timelines
    add_assets(app, js=["adr-table.js"], needed=shows_class("adr-interactive", "adr-timeline"))
    connect_check(app, _check_config)


def page_size_classes(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """``adr_table_page_size`` as a class (read by ``adr-table.js``) on each interactive
    table without a ``:page-size:``; after the listings rendered late (priority 100)."""
    for table in doctree.findall(nodes.table):
        classes = table["classes"]
        if "adr-interactive" in classes and not any("adr-page-size-" in c for c in classes):
            classes.append(f"adr-page-size-{app.config.adr_table_page_size}")


def _check_config(_app: Sphinx, config: Any) -> None:

    if not isinstance(config.adr_empty_text, str):
        raise SettingError(
            "adr_empty_text", f"adr_empty_text = {config.adr_empty_text!r}: must be a string"
        )
    size = config.adr_table_page_size
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise SettingError(
            "adr_table_page_size",
            f"adr_table_page_size = {size!r}: must be a whole number of rows (0: never page)",
        )
    if not isinstance(config.adr_table_interactive, bool):
        raise SettingError(
            "adr_table_interactive",
            f"adr_table_interactive = {config.adr_table_interactive!r}: must be True or False",
        )
