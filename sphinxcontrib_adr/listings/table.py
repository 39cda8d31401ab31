"""``adr-table`` and ``adr-list``: filtered, sorted, grouped listings of ADRs.

The directives validate their options at read time (:mod:`.filters`), leave a
:class:`~.query.Query` record in the domain (so incremental builds re-write
the page exactly when something it shows changed) and return a placeholder.
At write time the placeholder becomes a standard docutils table or bullet
list built from the domain's current records (:mod:`.table_render`), so
every builder works. HTML tables carry the class ``adr-interactive``:
``static/adr-table.js`` adds sorting by column and filtering as you type;
without JavaScript the plain table is all there is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.config import SettingError, add_config_value, connect_check, settings
from ..core.directive import OptionChecker, any_options
from ..core.model import ValueProblem
from ..core.nodes import leave_page_draft
from ..render.assets import add_assets, shows_class
from ..render.placeholders import add_placeholder, adr_placeholder
from ..render.transform import shows_views
from .columns import (
    LISTING_COLUMNS_EVENT,
    is_relation_column,
    parse_columns,
    parse_group_by,
    parse_limit,
    parse_sort,
)
from .filters import FILTER_OPTIONS, FilterProblem, parse_filter, warn_problem
from .query import Query
from .selection import query_of
from .table_render import render_listing

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from ..core.config import Settings
    from ..render.context import RenderContext


class listing_placeholder(adr_placeholder):
    """An ``adr-table`` or ``adr-list``, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render_listing(ctx, self)

    def renders_late(self, ctx: RenderContext) -> bool:
        # links to the listed ADRs themselves always resolve; a relation column
        # may name an ADR of no page here, which only Sphinx's resolver handles
        return not query_of(ctx, self).shown_relations


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


class ADRListingDirective(QueryDirective):
    node_class = listing_placeholder
    extra_options = (
        "columns", "sort", "limit", "group-by", "empty", "caption", "unchanged-for",
        "page-size",
    )  # fmt: skip

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        declared = feature_columns(self.env)
        problems: list[ValueProblem] = []

        def parsed(parse: Callable[[], Any]) -> Any:
            # each option is checked, so that every mistake is reported in one build
            # (a typo in :columns: no longer hides one in :sort:)
            try:
                return parse()
            except ValueProblem as problem:
                problems.append(problem)
                return None

        columns = parsed(lambda: parse_columns(options.get("columns"), conf, declared))
        attrs = {
            "limit": parsed(lambda: parse_limit(options.get("limit"))),
            "group_by": parsed(lambda: parse_group_by(options.get("group-by"))),
            "empty": " ".join(options["empty"].split()) if options.get("empty") else None,
            "caption": " ".join(options["caption"].split()) if options.get("caption") else None,
            "unchanged_for": parsed(
                lambda: parse_unchanged_for(options.get("unchanged-for"), declared)
            ),
            "page_size": parsed(lambda: parse_page_size(options.get("page-size"))),
        }
        sort = parsed(lambda: parse_sort(options.get("sort"), conf, declared))
        for problem in problems[:-1]:
            warn_problem(problem, self.name, self.get_location())
        if problems:
            raise problems[-1]  # the caller reports it and leaves the listing out
        if "columns" not in options:
            columns = self.default_columns
        return {"columns": columns, "sort": sort, "attrs": attrs}


class ADRTableDirective(ADRListingDirective):
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


class ADRListDirective(ADRListingDirective):
    """A bullet list of ADRs ("ADR-0007: Title" links), with the same filters,
    sort keys, limit and grouping as ``adr-table``; ``columns`` are the values
    shown after each title (default: status and date)."""

    kind = "adr-list"
    default_columns = ("status", "date")


# --------------------------------------------------------------------------
# the display options


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


def feature_columns(env: BuildEnvironment) -> tuple[str, ...]:
    """The listing columns features declare (``adr-listing-columns``)."""
    return tuple(name for names in env.events.emit(LISTING_COLUMNS_EVENT) for name in names)


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
    if not shows_views(doctree):  # no listing on the page: no walk
        return
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
