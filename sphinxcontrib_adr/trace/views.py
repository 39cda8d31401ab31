"""``adr-trace`` (the traceability matrix) and ``adr-code`` (decisions affecting a path).

Both directives validate their options at read time, leave a record that
answers ``affected_by`` for incremental builds, and return a placeholder that
becomes a standard docutils table at write time, built from the domain.
"""

# Implements: ADR-0002, ADR-0004 (records answer affected_by; tables of standard nodes)

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

from ..core.directive import OptionChecker
from ..core.locale import N_, _
from ..core.model import PageRecord, declared_links
from ..core.nodes import leave_page_draft
from ..core.warnings import warn
from ..listings.columns import COUNT_COLUMNS, child_counts, natural_key
from ..listings.filters import FILTER_OPTIONS, parse_filter
from ..render.context import joined
from ..render.table import Column, build_table
from .code import CodeRef, CodeSpec, code_refs, parse_code, refs_nodes, spec_node
from .globs import compile_glob, is_glob, static_prefix
from .settings import trace_settings
from .tickets import ticket_node, tickets_of
from .validated import schemes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.util.docutils import SphinxDirective

    from ..core.model import ADR, ADRView, Change
    from ..listings.query import ADRFilter
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder

TRACE_COLUMNS = ("adr", "status", "tickets", "code", "alternatives", "risks", "gaps")
DEFAULT_TRACE_COLUMNS = ("adr", "status", "tickets", "code", "gaps")
_HEADERS = {
    "adr": N_("Decision"),
    "status": N_("Status"),
    "tickets": N_("Tickets"),
    "code": N_("Code"),
    "alternatives": N_("Alternatives"),
    "risks": N_("Risks"),
    "gaps": N_("Gaps"),
}
#: the kinds of the trace columns (the rest are text): LaTeX sizes them by kind
_KINDS = {"adr": "title", "status": "badge", "alternatives": "number", "risks": "number"}


@dataclass(frozen=True, slots=True)
class TraceQuery(PageRecord):
    """An ``adr-trace`` matrix: it shows the ADRs its filter selects, with their
    tickets, code references and children, all part of the ADR's view."""

    docname: str
    lineno: int
    filter: ADRFilter
    columns: tuple[str, ...] = DEFAULT_TRACE_COLUMNS

    def affected_by(self, change: Change) -> bool:
        old = change.old.adr if change.old is not None else None
        new = change.new.adr if change.new is not None else None
        if self.filter.may_match(old) or self.filter.may_match(new):
            return True
        # relation filters: what this ADR declares changes what its partners match
        return self.filter.uses_relations and declared_links(old) != declared_links(new)

    @property
    def shows_code(self) -> bool:
        return True


def run_trace(directive: SphinxDirective, placeholder: type[adr_placeholder]) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): str(value) for name, value in directive.options.items()}
    for name in check.unknown(options, (*FILTER_OPTIONS, "columns")):
        options.pop(name)
    columns = list(DEFAULT_TRACE_COLUMNS)
    if "columns" in options:
        columns = []
        for item in check.items(options, "columns"):
            if item.casefold() in TRACE_COLUMNS:
                columns.append(item.casefold())
            else:
                warn(
                    f"{directive.name}: unknown column {item!r}; write some of: "
                    + ", ".join(TRACE_COLUMNS),
                    "filter",
                    directive.get_location(),
                )
                return []
        if not columns:
            return []
    adr_filter = parse_filter(options, directive, what=directive.name)
    if adr_filter is None:  # reported; an unfiltered matrix would mislead
        return []
    node = placeholder(kind="adr-trace")
    leave_page_draft(node, TraceQuery("", directive.lineno, adr_filter, tuple(columns)))
    directive.set_source_info(node)
    return [node]


def _gaps(ctx: RenderContext, adr: ADR, has_code: bool, has_tickets: bool) -> list[str]:
    if adr.status in ctx.settings.inactive:
        return []  # nobody is expected to implement a decision that no longer applies
    gaps = []
    if not has_code:
        gaps.append(_("no code"))
    if not has_tickets:
        gaps.append(_("no ticket"))
    return gaps


def render_trace(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    domain = ctx.domain
    query = domain.page_of(node, TraceQuery)
    columns = query.columns
    adrs = sorted(query.filter.apply(domain.adrs(), domain), key=lambda a: natural_key(a.id))
    if not adrs:
        text = _("No decision matches.")
        return [nodes.paragraph(text, text, classes=["adr-empty"])]
    rows: list[list[list[nodes.Node]]] = []
    row_classes: list[list[str]] = []
    totals = {"code": 0, "locations": 0, "tickets": 0, "ticketed": 0, "gaps": 0}
    all_tickets: set[str] = set()
    for adr in adrs:
        tickets = tickets_of(domain, adr)
        specs = [parse_code(raw) for raw in adr.code]
        refs = code_refs(domain, adr)
        gaps = _gaps(ctx, adr, bool(specs or refs), bool(tickets))
        totals["code"] += bool(specs or refs)
        totals["locations"] += len(specs) + len(refs)
        totals["ticketed"] += bool(tickets)
        all_tickets.update(tickets)
        totals["gaps"] += not (specs or refs or tickets) and bool(gaps)
        rows.append([_trace_cell(ctx, adr, c, tickets, specs, refs, gaps) for c in columns])
        row_classes.append(["adr-trace-gap"] if gaps else [])
    table = build_table(
        [Column(_HEADERS[c], _KINDS.get(c, "text")) for c in columns],
        rows,
        ["adr-table", "adr-trace"],
        name=_("Traceability"),
        row_classes=row_classes,
        interactive=bool(ctx.domain.env.config.adr_table_interactive),
    )
    totals["tickets"] = len(all_tickets)
    summary = _trace_summary(len(adrs), totals)
    return [table, nodes.paragraph(summary, summary, classes=["adr-trace-summary"])]


def _trace_cell(
    ctx: RenderContext,
    adr: ADR,
    column: str,
    tickets: Sequence[str],
    specs: Sequence[CodeSpec],
    refs: Sequence[CodeRef],
    gaps: Sequence[str],
) -> list[nodes.Node]:
    """One cell of the traceability table."""
    config = ctx.domain.env.config
    if column == "adr":
        return [ctx.xref(adr.id)]
    if column == "status":
        return [ctx.status_badge(adr.status)]
    if column == "tickets":
        trackers = schemes(config)
        return joined(
            ticket_node(trackers, t) or nodes.inline(t, t, classes=["adr-ticket"]) for t in tickets
        )
    if column == "code":
        ts = trace_settings(config)
        declared = joined(spec_node(ts, s) for s in specs)
        scanned = refs_nodes(ts, list(refs), config.adr_json_path)
        return declared + ([nodes.Text("; ")] if declared and scanned else []) + scanned
    if column in COUNT_COLUMNS:
        number = str(child_counts(ctx.domain.children(adr)).get(COUNT_COLUMNS[column], 0))
        return [nodes.Text(number)]
    text = ", ".join(gaps)
    return [nodes.inline(text, text, classes=["adr-trace-gap"])] if gaps else []


def _trace_summary(count: int, totals: dict[str, int]) -> str:
    def counted(n: int, one: str, many: str) -> str:
        return one if n == 1 else many.format(count=n)

    return _(
        "{decisions}: {traced} traced to code ({locations}), {ticketed} with tickets "
        "({tickets}), {gaps} active without code or tickets."
    ).format(
        decisions=counted(count, _("1 decision"), _("{count} decisions")),
        traced=totals["code"],
        locations=counted(totals["locations"], _("1 location"), _("{count} locations")),
        ticketed=totals["ticketed"],
        tickets=counted(totals["tickets"], _("1 ticket"), _("{count} tickets")),
        gaps=totals["gaps"],
    )


# --------------------------------------------------------------------------
# adr-code


@functools.lru_cache(maxsize=1024)
def _path_regex(query: str) -> re.Pattern[str]:
    """Matches the query path itself or anything below it (a directory or a glob)."""
    try:
        return compile_glob(query, "(?:/.*)?")
    except ValueError:  # parse_code refuses such paths; this keeps the function total
        return re.compile("(?!)")


def path_affects(query: str, candidate: str) -> bool:
    """Whether a code location (path or glob) concerns the queried path or glob."""
    if _path_regex(query).fullmatch(candidate):
        return True
    if is_glob(candidate):
        if not is_glob(query) and _path_regex(candidate).fullmatch(query):
            return True
        # a glob below the queried directory, or two globs whose fixed parts nest
        base_q = query if not is_glob(query) else static_prefix(query)
        base_c = static_prefix(candidate)
        return (
            base_c == base_q
            or base_c.startswith(base_q + "/")
            or (is_glob(query) and (not base_q or base_q.startswith(base_c + "/")))
        )
    return False


def _view_touches(view: ADRView | None, query: str) -> bool:
    if view is None:
        return False
    for raw in view.adr.code:
        spec = parse_code(raw)
        if not spec.problem and path_affects(query, spec.path):
            return True
    return any(isinstance(c, CodeRef) and path_affects(query, c.path) for c in view.children)


@dataclass(frozen=True, slots=True)
class CodeQuery(PageRecord):
    """An ``adr-code`` listing: the ADRs whose code (declared or scanned) lies in ``path``."""

    docname: str
    lineno: int
    path: str
    #: the text shown when no decision concerns the path
    empty: str = ""

    def affected_by(self, change: Change) -> bool:
        return _view_touches(change.old, self.path) or _view_touches(change.new, self.path)

    @property
    def shows_code(self) -> bool:
        return True


def run_code(directive: SphinxDirective, placeholder: type[adr_placeholder]) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): str(value) for name, value in directive.options.items()}
    for name in check.unknown(options, ("empty",)):
        options.pop(name)
    spec = parse_code(directive.arguments[0])
    if spec.problem:
        warn(
            f"{directive.name}: {directive.arguments[0]!r} {spec.problem}; write a path "
            "relative to adr_code_root",
            "code_path",
            directive.get_location(),
        )
        return []
    path = spec.path.rstrip("/")
    empty = " ".join(options.get("empty", "").split()) or _("No decision concerns {path}.").format(
        path=path
    )
    node = placeholder(kind="adr-code")
    leave_page_draft(node, CodeQuery("", directive.lineno, path, empty))
    directive.set_source_info(node)
    return [node]


def render_code(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    domain = ctx.domain
    query = domain.page_of(node, CodeQuery)
    path = query.path
    ts = trace_settings(domain.env.config)
    rows: list[list[list[nodes.Node]]] = []
    for adr in sorted(domain.adrs(), key=lambda a: natural_key(a.id)):
        specs = [
            s for s in map(parse_code, adr.code) if not s.problem and path_affects(path, s.path)
        ]
        refs = [r for r in code_refs(domain, adr) if path_affects(path, r.path)]
        if not specs and not refs:
            continue
        declared = joined(spec_node(ts, s) for s in specs)
        scanned = refs_nodes(ts, refs, domain.env.config.adr_json_path)
        rows.append([[ctx.xref(adr.id)], [ctx.status_badge(adr.status)], declared, scanned])
    if not rows:
        return [nodes.paragraph(query.empty, query.empty, classes=["adr-empty"])]
    columns = [
        Column(_("Decision"), "title"),
        Column(_("Status"), "badge"),
        Column(_("Declared"), "text"),
        Column(_("Referenced from"), "text"),
    ]
    interactive = bool(ctx.domain.env.config.adr_table_interactive)
    table = build_table(
        columns,
        rows,
        ["adr-table", "adr-code"],
        name=_("Decisions on {path}").format(path=path),
        interactive=interactive,
    )
    return [table]
