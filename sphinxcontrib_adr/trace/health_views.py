"""How decisions' health is shown: the *Reviewed*, *Next review*, *Approved by*,
*Accepted by*, *Health* and *Impact* fields of an ADR's metadata block, and the
``adr-health`` page (counts by status with a bar, then one table per problem
kind). Everything renders the :class:`~.health_records.Health` records at write
time, so incremental builds re-write what changed (see :mod:`.health_records`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.directive import OptionChecker
from ..core.locale import N_, _, translate
from ..core.model import split_list
from ..core.nodes import leave_page_draft
from ..core.warnings import warn
from ..listings.columns import natural_key
from ..render.context import field, joined, sentence, text_items
from ..render.metadata import AT_END
from ..render.table import Column, build_table
from .derived import record_of
from .health import assessed, now
from .health_assess import Log, assess
from .health_records import KINDS, SUBTYPE, TITLES, Health, HealthDashboard
from .history_views import commit_node
from .validated import evidence_settings, health_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective

    from ..core.model import ADR
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder
    from .validated import HealthSettings

# --------------------------------------------------------------------------
# the metadata block


def metadata_fields(_app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The health fields of one ADR (only those that say something)."""
    health = record_of(ctx.domain.children(adr), Health)
    if health is None:
        return []
    fields: list[nodes.field] = []
    if adr.reviewed:
        fields.append(field(N_("Reviewed"), nodes.Text(adr.reviewed), classes=["adr-reviewed"]))
    if health.next_review and health.next_review != adr.review_by:
        text = health.next_review
        fields.append(field(N_("Next review"), nodes.Text(text), classes=["adr-next-review"]))
    fields.extend(_approval_fields(ctx, adr, health))
    # failing tests show in the page's own "Confirmed by" part
    problems = [f for f in health.findings if f.kind in SUBTYPE]
    if problems:
        items = [
            nodes.inline(
                "",
                "",
                nodes.strong(translate(f.kind), translate(f.kind)),
                nodes.Text(f": {f.shown(translate)}"),
            )
            for f in problems
        ]
        fields.append(field(N_("Health"), *joined(items, "; "), classes=["adr-health-field"]))
    if health.impacted:
        fields.append(field(N_("Impact"), *impact_nodes(ctx, health), classes=["adr-impact"]))
    return [(AT_END, f) for f in fields]


def _approval_fields(ctx: RenderContext, adr: ADR, health: Health) -> list[nodes.field]:
    fields: list[nodes.field] = []
    wanted = health.required_approvals and adr.status == ctx.settings.accepted
    if adr.approved_by or wanted:
        body = text_items(adr.approved_by, ["adr-person"])
        if wanted:
            count = _("{count} of {required} required").format(
                count=health.approvals, required=health.required_approvals
            )
            body.append(nodes.inline(count, f" ({count})", classes=["adr-approval-count"]))
        fields.append(field(N_("Approved by"), *body, classes=["adr-approved-by"]))
    if health.accepted_by is not None:
        author, commit, date = health.accepted_by
        config = ctx.domain.env.config
        body = sentence(
            _("{author} in {commit}, {date}"),
            author=author,
            commit=commit_node(config, commit),
            date=date,
        )
        fields.append(field(N_("Accepted by"), *body, classes=["adr-accepted-by"]))
    return fields


def impact_nodes(ctx: RenderContext, health: Health) -> list[nodes.Node]:
    """Who relies on the ADR (directly, then through others), its code and tickets."""
    items: list[nodes.Node] = []
    for item in health.impacted:
        if item.via:
            how = _("through {adr}").format(adr=item.via)
        elif item.kind == "depends-on":
            how = _("depends on it")
        elif item.kind == "amends":
            how = _("amends it")
        else:  # a project's own relying kind, as its name reads
            how = f"{item.kind.replace('-', ' ')} it"
        items.append(nodes.inline("", "", ctx.xref(item.id), nodes.Text(f" ({how})")))
    hidden = health.impacted_total - len(health.impacted)
    if hidden > 0:
        items.append(nodes.Text(_("and {count} more").format(count=hidden)))
    lead = nodes.Text(_("decisions:") + " ")
    parts: list[nodes.Node] = [nodes.inline("", "", lead, *joined(items))]
    if health.code:
        places = _("1 place") if health.code == 1 else _("{count} places")
        text = _("code: {places}").format(places=places.format(count=health.code))
        parts.append(nodes.inline("", text))
    if health.tickets:
        text = _("tickets: {tickets}").format(tickets=_(", ").join(health.tickets))
        parts.append(nodes.inline("", text))
    return joined(parts, "; ")


# --------------------------------------------------------------------------
# the health page


def run_health(directive: SphinxDirective, placeholder: type[adr_placeholder]) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): v for name, v in directive.options.items()}
    for name in check.unknown(options, ("show", "projects", "untraced")):
        options.pop(name)
    shown = [k for k in KINDS if k != "untraced" or "untraced" in options]
    if not evidence_settings(directive.config).globs:  # no test results read: nothing to say
        shown.remove("confirmation")
    if options.get("show") is not None:
        shown = [k.casefold() for k in check.items(options, "show")]
        wrong = [k for k in shown if k not in KINDS]
        if wrong:
            warn(
                f"{directive.name}: :show: {', '.join(wrong)} is not a kind; write some of "
                f"{', '.join(KINDS)}",
                "value",
                directive.get_location(),
            )
            return []
    projects = tuple(split_list(str(options.get("projects") or "")))
    node = placeholder(shown=tuple(shown), projects=projects)
    leave_page_draft(node, HealthDashboard("", directive.lineno))  # the read step stores it
    directive.set_source_info(node)
    return [node]


def _all_health(ctx: RenderContext, projects: tuple[str, ...]) -> list[tuple[ADR, Health]]:
    """This project's ADRs with their records; other projects' assessed here (their
    logs hold no history, so reviews and approvals are what they wrote)."""
    domain = ctx.domain
    found = assessed(domain)
    wanted = set(projects)
    hs: HealthSettings = health_settings(domain.env.config)
    for name in sorted(domain.external_logs):
        if "*" in wanted or name in wanted:
            log = domain.external_logs[name]
            links = [link for adr in log.adrs for link in adr.links]
            theirs = assess(Log(log.adrs, links, domain.settings), hs, now())
            found.extend((a, theirs[a.key]) for a in log.adrs if a.key in theirs)
    return found


def status_bar(count: int, total: int, status: str) -> list[nodes.Node]:
    """A bar as long as the status' share: SVG in HTML, a rule in LaTeX (no script);
    the share in percent in text."""
    share = count / total if total else 0.0
    width = max(1, round(share * 120)) if count else 0
    svg = (
        f'<svg class="adr-health-bar" width="120" height="10" role="img" '
        f'aria-label="{round(share * 100)}%"><rect class="adr-status-{nodes.make_id(status)}" '
        f'width="{width}" height="10" rx="2" fill="currentColor"/></svg>'
    )
    latex = f"\\rule{{{share * 4:.2f}cm}}{{0.7em}}" if count else ""
    text = f"{round(share * 100)}%"  # a table cell of plain text is too narrow for a bar
    return [
        nodes.raw("", svg, format="html"),
        nodes.raw("", latex, format="latex"),
        nodes.raw("", text, format="text"),
    ]


def _counts(ctx: RenderContext, items: list[tuple[ADR, Health]]) -> nodes.Node:
    statuses = list(ctx.settings.statuses)
    counts = dict.fromkeys(statuses, 0)
    for adr, _health in items:
        counts[adr.status] = counts.get(adr.status, 0) + 1
    total = sum(counts.values())
    rows: list[list[list[nodes.Node]]] = [
        [[ctx.status_badge(status)], [nodes.Text(str(count))], status_bar(count, total, status)]
        for status, count in counts.items()
    ]
    columns = [
        Column(_("Status"), "badge"),
        Column(_("ADRs"), "number"),
        Column(_("Share"), "text"),
    ]
    return build_table(columns, rows, ["adr-table", "adr-health-counts"], name=_("By status"))


def _section(ctx: RenderContext, kind: str, items: list[tuple[ADR, Health]]) -> list[nodes.Node]:
    rows: list[list[list[nodes.Node]]] = []
    for adr, health in sorted(items, key=lambda item: natural_key(item[0].id)):
        for finding in (f for f in health.findings if f.kind == kind):
            rows.append(
                [
                    [ctx.xref(adr.id)],
                    [ctx.status_badge(adr.status)],
                    [nodes.Text(finding.shown(translate))],
                    [nodes.Text(finding.date or "")],
                ]
            )
    title = f"{translate(TITLES[kind])} ({len({r[0][0].astext() for r in rows})})"
    rubric = nodes.rubric(title, title, classes=["adr-health-kind", f"adr-health-{kind}"])
    if not rows:
        text = _("None.")
        return [rubric, nodes.paragraph(text, text, classes=["adr-empty"])]
    columns = [
        Column(_("Decision"), "title"),
        Column(_("Status"), "badge"),
        Column(_("Why"), "text"),
        Column(_("Date"), "date"),
    ]
    return [
        rubric,
        build_table(columns, rows, ["adr-table", "adr-health-table"], name=translate(TITLES[kind])),
    ]


def render_health(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    items = _all_health(ctx, tuple(node.get("projects", ())))
    out: list[nodes.Node] = [_counts(ctx, items)]
    for kind in node.get("shown", KINDS):
        out.extend(_section(ctx, kind, items))
    return [nodes.container("", *out, classes=["adr-health"])]
