"""How decisions' histories are shown: the *History* and *Implemented in commits*
fields of the metadata block, ``adr-history`` (an ADR's revisions) and
``adr-commits`` (implementing commits across ADRs). The data is read by
:mod:`.history`; everything here renders records at write time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.directive import OptionChecker
from ..core.locale import N_, _, translate
from ..core.model import check_id
from ..core.nodes import leave_page_draft
from ..core.warnings import warn
from ..listings.columns import natural_key
from ..render.context import field, joined
from ..render.metadata import AT_END
from ..render.table import Column, build_table
from .config import commit_url
from .history import history_of
from .history_records import CommitRef, CommitsPage, History, HistoryPage

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.docutils import SphinxDirective

    from ..core.model import ADR
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder


def _status_text(history: History) -> str:
    # "": a date git could not give (outside 1970-9999, or before a shallow clone's start)
    unknown = _("(date unknown)")
    return _(", ").join(
        f"{translate(status)} {date or unknown}" for status, date in history.statuses
    )


def _first_text(history: History) -> str:
    if history.starts:  # a shallow clone's first commit is no decision date
        return _("history starts at {date}").format(date=history.starts)
    return _("first committed {date}").format(date=history.first) if history.first else ""


def history_field_nodes(history: History) -> list[nodes.Node]:
    """The parts of the *History* field, each its own inline (styled, testable)."""
    parts: list[tuple[str, str]] = []
    if history.first or history.starts:
        parts.append(("starts" if history.starts else "first", _first_text(history)))
    if history.statuses:
        parts.append(("statuses", _status_text(history)))
    if history.last and history.last != history.first:
        parts.append(("last", _("last changed {date}").format(date=history.last)))
    if history.contributors:
        names = _(", ").join(history.contributors)
        parts.append(("contributors", _("by {names}").format(names=names)))
    if history.uncommitted:
        parts.append(("uncommitted", _("uncommitted changes")))
    result: list[nodes.Node] = []
    for name, text in parts:
        if result:
            result.append(nodes.Text("; "))
        result.append(nodes.inline(text, text, classes=[f"adr-history-{name}"]))
    return result


def metadata_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The *History* field (with ``adr_history`` on and a history read)."""
    if not app.config.adr_history:
        return []
    history = history_of(ctx.domain, adr)
    if history is None:
        return []
    fields = []
    body = history_field_nodes(history)
    if body:
        fields.append((AT_END, field(N_("History"), *body, classes=["adr-history"])))
    if history.commits:
        config = ctx.domain.env.config
        refs = joined(
            commit_node(config, c.commit, f" ({c.date})" if c.date else "") for c in history.commits
        )
        fields.append(
            (AT_END, field(N_("Implemented in commits"), *refs, classes=["adr-commits-field"]))
        )
    return fields


def commit_node(config: Config, sha: str, after: str = "") -> nodes.Node:
    """A commit's short id, linked through ``adr_commit_url`` when it is set."""
    short = nodes.literal(sha[:7], sha[:7])
    url = commit_url(config, sha)
    node: nodes.Node = nodes.reference("", "", short, refuri=url) if url else short
    if not after:
        return node
    return nodes.inline("", "", node, nodes.Text(after), classes=["adr-commit"])


def run_history(directive: SphinxDirective, placeholder: type[adr_placeholder]) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): v for name, v in directive.options.items()}
    for name in check.unknown(options, ("all",)):
        options.pop(name)
    overview = "all" in options
    if overview and (directive.arguments or str(options["all"] or "").strip()):
        warn(
            f"{directive.name}: :all: shows every ADR and takes no value and no id; remove "
            "the id (or :all:)",
            "value",
            directive.get_location(),
        )
        return []
    if overview:
        node = placeholder()
        leave_page_draft(node, HistoryPage("", directive.lineno, None, all=True))
        directive.set_source_info(node)
        return [node]
    adr_id = None
    if directive.arguments:
        try:
            adr_id = check_id(directive.arguments[0])
        except ValueError as problem:
            warn(f"{directive.name}: {problem}", "id", directive.get_location())
            return []
    node = placeholder()
    leave_page_draft(node, HistoryPage("", directive.lineno, adr_id))
    directive.set_source_info(node)
    return [node]


def _render_overview(ctx: RenderContext) -> list[nodes.Node]:
    domain = ctx.domain
    rows: list[list[list[nodes.Node]]] = []
    for adr in sorted(domain.adrs(), key=lambda a: natural_key(a.id)):
        history = history_of(domain, adr)
        if history is None or not history.revisions:
            continue
        statuses: list[nodes.Node] = [nodes.Text(_status_text(history))]
        changed: list[nodes.Node] = [nodes.Text(history.last or "")]
        if history.uncommitted:
            changed.append(nodes.Text(" (uncommitted changes)"))
        rows.append(
            [
                [ctx.xref(adr.id)],
                [nodes.Text(history.first or _first_text(history))],
                statuses,
                changed,
                [nodes.Text(", ".join(history.contributors))],
            ]
        )
    if not rows:
        text = _("No history (no ADR is committed, or adr_history is off).")
        return [nodes.paragraph(text, text, classes=["adr-empty"])]
    columns = [
        Column(_("Decision"), "title"),
        Column(_("First committed"), "date"),
        Column(_("Status history"), "text"),
        Column(_("Last changed"), "text"),
        Column(_("By"), "name"),
    ]
    return [build_table(columns, rows, ["adr-table", "adr-history-overview"], name=_("History"))]


def render_history(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    domain = ctx.domain
    page = domain.page_of(node, HistoryPage)
    if page.all:
        return _render_overview(ctx)
    adr_id = page.adr_id
    doc = domain.docs.get(ctx.docname)
    adr = domain.get(adr_id) if adr_id else (doc.adrs[0] if doc and doc.adrs else None)
    history = history_of(domain, adr) if adr is not None else None
    if history is None or not (history.revisions or history.uncommitted):
        text = _("No history (the ADR is not committed, or adr_history is off).")
        return [nodes.paragraph(text, text, classes=["adr-empty"])]
    config = domain.env.config
    rows: list[list[list[nodes.Node]]] = []
    if history.uncommitted:
        text = _("uncommitted changes")
        rows.append(
            [[], [], [], [nodes.inline(text, text, classes=["adr-history-uncommitted"])], []]
        )
    for rev in history.revisions:
        commit = commit_node(config, rev.commit)
        status: list[nodes.Node] = [ctx.status_badge(rev.status)] if rev.status else []
        rows.append(
            [
                [nodes.Text(rev.date)],
                [commit],
                [nodes.Text(rev.author)],
                [nodes.Text(rev.subject)],
                status,
            ]
        )
    columns = [
        Column(_("Date"), "date"),
        Column(_("Commit"), "id"),
        Column(_("Author"), "name"),
        Column(_("Change"), "text"),
        Column(_("Status"), "badge"),
    ]
    table = build_table(
        columns,
        rows,
        ["adr-table", "adr-history-table"],
        name=_("History of {adr}").format(adr=history.adr),
    )
    return [table]


def run_commits(directive: SphinxDirective, placeholder: type[adr_placeholder]) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): str(v) for name, v in directive.options.items()}
    for name in check.unknown(options, ("limit",)):
        options.pop(name)
    limit = None
    raw = check.text(options, "limit")
    if raw is not None:
        if not raw.isdigit() or int(raw) == 0:
            warn(
                f"{directive.name}: :limit: {raw!r} is not a positive whole number; write "
                "one such as 20, or remove the option",
                "value",
                directive.get_location(),
            )
            return []
        limit = int(raw)
    node = placeholder()
    leave_page_draft(node, CommitsPage("", directive.lineno, limit))
    directive.set_source_info(node)
    return [node]


def render_commits(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    domain = ctx.domain
    by_commit: dict[str, tuple[CommitRef, list[str]]] = {}
    for adr in domain.adrs():
        history = history_of(domain, adr)
        for ref in history.commits if history else ():
            by_commit.setdefault(ref.commit, (ref, []))[1].append(adr.id)
    # newest first; the same day in commit-id order, so the output is stable
    ordered = sorted(by_commit.values(), key=lambda item: (item[0].date, item[0].commit))
    ordered.reverse()
    limit = domain.page_of(node, CommitsPage).limit
    if limit is not None:
        ordered = ordered[:limit]
    if not ordered:
        text = _("No commit names a decision.")
        return [nodes.paragraph(text, text, classes=["adr-empty"])]
    config = domain.env.config
    rows: list[list[list[nodes.Node]]] = [
        [
            [nodes.Text(ref.date)],
            [commit_node(config, ref.commit)],
            joined(ctx.xref(adr_id) for adr_id in sorted(ids)),
            [nodes.Text(ref.subject)],
        ]
        for ref, ids in ordered
    ]
    columns = [
        Column(_("Date"), "date"),
        Column(_("Commit"), "id"),
        Column(_("Decisions"), "text"),
        Column(_("Subject"), "text"),
    ]
    return [build_table(columns, rows, ["adr-table", "adr-commits"], name=_("Commits"))]
