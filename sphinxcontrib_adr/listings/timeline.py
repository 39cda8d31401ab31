"""``adr-timeline`` (decisions by date) and the domain index (ADRs by status).

The timeline lists the ADRs matching its filters by date, grouped by year,
each with its status and the supersessions (and other directed relations) it
takes part in, so a reader sees which decision replaced which and when.

The domain index is a genindex-style page (``adr-status.html``, linkable as
``:ref:`adr-status```) listing every ADR under its status, in lifecycle
order. Sphinx writes domain indices on every build, so it is never stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Index, IndexEntry

from ..core.config import LinkKind, Settings
from ..core.domain import css_name
from ..core.locale import _, translate
from ..render import context as render
from ..render.placeholders import add_placeholder, adr_placeholder
from .columns import natural_key
from .filters import FilterProblem
from .query import SortKey
from .selection import empty_line, query_of, selected
from .table import QueryDirective

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADR
    from ..render.context import RenderContext


class timeline_placeholder(adr_placeholder):
    """An ``adr-timeline``, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render_timeline(ctx, self)


class ADRTimelineDirective(QueryDirective):
    """Decisions by date, grouped by year, with their status and supersessions.

    Takes the filter options of ``adr-table``; ``order`` is ``oldest-first``
    (default) or ``newest-first``; ``empty`` is the line shown when nothing
    matches. ADRs without a date come last, under "Undated".
    """

    kind = "adr-timeline"
    node_class = timeline_placeholder
    extra_options: ClassVar[tuple[str, ...]] = ("order", "empty")

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        order = (options.get("order") or "oldest-first").strip().casefold()
        if order not in ("oldest-first", "newest-first"):
            raise FilterProblem(
                f":order: {order!r} is not an order; write oldest-first or newest-first"
            )
        newest = order == "newest-first"
        empty = " ".join((options.get("empty") or "").split()) or None
        return {
            "sort": (SortKey("date", newest), SortKey("id")),
            "attrs": {"empty": empty},
        }

    def shown_relations(self, extra: dict[str, Any], conf: Settings) -> frozenset[str]:
        return frozenset(kind.name for kind in conf.link_kinds if kind.directed)


def _relations(ctx: RenderContext, adr: ADR) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    found: dict[tuple[str, bool], list[str]] = {}
    for kind, reverse, other in ctx.domain.links_of(adr):
        if kind.directed:
            found.setdefault((kind.name, reverse), []).append(other)
    kinds = {k.name: k for k in ctx.settings.link_kinds}
    for (name, reverse), others in sorted(found.items()):
        kind = kinds[name]
        english = LinkKind.label(kind.reverse if reverse else kind.name)
        label = english.lower()
        span = nodes.inline(classes=["adr-supersession", f"adr-rel-{css_name(label)}"])
        shown = translate(english)
        # mid-sentence in lower case, as English writes it; a translation as written
        span += nodes.Text(f"{label if shown == english else shown} ")
        span += render.joined(
            ctx.xref(other, text=other, classes=["adr-nobreak"]) for other in sorted(set(others))
        )
        parts += [nodes.Text(" \u2014 "), span]
    return parts


def _reference(ctx: RenderContext, adr: ADR) -> nodes.Node:
    """The ADR's reference in the title format, its id one unbreakable word (a
    narrow column broke "DEC-" / "0006" over two lines)."""
    found = ctx.domain.find_target("adr", adr.id)
    text = found.text if found is not None else adr.id
    ref = ctx.xref(adr.id, text=text)
    label = next(iter(ref.findall(nodes.inline)), None)
    start = text.find(adr.id)
    if label is None or start < 0:
        return ref
    end = start + len(adr.id)
    label.children = []
    label += nodes.Text(text[:start])
    label += nodes.inline(adr.id, adr.id, classes=["adr-nobreak"])
    label += nodes.Text(text[end:])
    return ref


def render_timeline(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    adrs = selected(ctx, query_of(ctx, node))
    if not adrs:
        return [empty_line(ctx, node)]
    container = nodes.container(classes=["adr-listing", "adr-adr-timeline"])
    rank = ctx.settings.status_rank
    years: dict[str, list[ADR]] = {}
    for adr in adrs:
        years.setdefault(adr.date[:4] if adr.date else "", []).append(adr)
    for year, members in years.items():
        label = year or _("Undated")
        container += nodes.rubric(label, label, classes=["adr-group", "adr-timeline-year"])
        items = nodes.bullet_list(classes=["adr-timeline"])
        for adr in members:
            para = nodes.paragraph("", "", render.record_text(adr))
            if adr.date:
                para += nodes.inline(adr.date, adr.date, classes=["adr-timeline-date"])
                para += nodes.Text(" ")
            para += _reference(ctx, adr)
            para += nodes.Text(" ")
            para += ctx.status_badge(adr.status, adr.status_date)
            para += _relations(ctx, adr)
            # the lifecycle rank: the status chips of adr-table.js follow adr_statuses
            classes = [f"adr-status-{css_name(adr.status)}", f"adr-rank-{rank(adr.status)}"]
            items += nodes.list_item("", para, classes=classes)
        container += items
    return [container]


class ADRStatusIndex(Index):
    """Every ADR under its status, in the lifecycle order of ``adr_statuses``."""

    name = "status"

    # plain strings (Sphinx pickles them, the JSON builder serialises them), set in
    # the build's language before the environment reads them (_name_index)
    localname = "Architecture Decision Records by status"
    shortname = "ADRs by status"

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: ADRDomain = self.domain  # type: ignore[assignment]
        wanted = set(docnames) if docnames is not None else None
        groups: dict[str, list[ADR]] = {}
        for adr in domain.adrs():
            if wanted is None or adr.docname in wanted:
                groups.setdefault(adr.status, []).append(adr)
        conf = domain.settings
        content = []
        for status in sorted(groups, key=conf.status_rank):
            entries = [
                IndexEntry(
                    f"{adr.id}: {adr.title}",
                    0,
                    adr.docname,
                    adr.anchor,
                    adr.date or "",
                    "",
                    ", ".join(adr.tags),
                )
                for adr in sorted(groups[status], key=lambda a: natural_key(a.id))
            ]
            shown = translate(status)
            content.append((status.capitalize() if shown == status else shown, entries))
        return content, False


def _name_index(_app: Sphinx, _config: object) -> None:
    """The index's names in this build's language: the standard domain records them
    when the environment is made, after ``config-inited``."""
    ADRStatusIndex.localname = _("Architecture Decision Records by status")
    ADRStatusIndex.shortname = _("ADRs by status")


def register(app: Sphinx) -> None:
    app.connect("config-inited", _name_index)
    app.add_directive("adr-timeline", ADRTimelineDirective)
    add_placeholder(app, timeline_placeholder)
    app.add_index_to_domain("adr", ADRStatusIndex)
