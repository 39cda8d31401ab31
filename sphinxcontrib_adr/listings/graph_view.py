"""Drawing an ``adr-graph`` for HTML and text: which ADRs the drawing holds, how
they look, the ADRs without relations (``:isolated:``), the Graphviz run.

:mod:`.graph` parses the directive and picks the ADRs; :mod:`.graph_print`
makes the figures for LaTeX from the same pieces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.domain import page_uri
from ..core.locale import _, translate
from ..core.warnings import warn
from ..render import context as render
from . import graph_engine
from .graph_colors import DEFAULT_COLORS
from .graph_dot import Style, dot_source, status_fills
from .graph_html import group_html, legend_html, view_html
from .graph_svg import inline_svg

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..core.model import ADR
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder
    from .graph_dot import Edge

#: above this many ADRs without relations, ``isolated`` defaults to ``list``
ISOLATED_LIST = 12


def builder_of(ctx: RenderContext) -> Builder | None:
    env: Any = ctx.domain.env
    # Sphinx 9 keeps the application private; its own post-transforms use it too
    app = getattr(env, "_app", None) or getattr(env, "app", None)
    return getattr(app, "builder", None)


def style_of(
    ctx: RenderContext,
    node: adr_placeholder,
    adrs: list[ADR],
    builder: Builder | None,
    alone: Isolated | None = None,
) -> Style:
    config = ctx.domain.env.config
    links = {}
    if builder is not None and builder.format == "html":
        links = {adr.key: _uri(ctx, builder, adr) for adr in adrs}
    faded: frozenset[str] = frozenset()
    if node.get("inactive") == "fade":
        faded = frozenset(adr.key for adr in adrs if adr.status in ctx.settings.inactive)
    return Style(
        rankdir=node["direction"],
        cluster=node.get("cluster"),
        faded=faded,
        links=links,
        colors=status_fills(ctx.settings.statuses, {**DEFAULT_COLORS, **config.adr_status_colors}),
        undirected=frozenset(k.name for k in ctx.settings.link_kinds if not k.directed),
        statuses=ctx.settings.statuses,
        compact=alone.compact if alone is not None else frozenset(),
    )


@dataclass(frozen=True)
class Isolated:
    """What a graph does with its ADRs without relations (``:isolated:``)."""

    how: str  # "group", "list" or "hide"
    adrs: tuple[ADR, ...]  # the ADRs without relations, by id
    compact: frozenset[str]  # keys of those drawn by id only (many of them)


def isolated(node: adr_placeholder, adrs: list[ADR], edges: list[Edge]) -> Isolated:
    related = {adr.key for edge in edges for adr in (edge[0], edge[2])}
    alone = tuple(adr for adr in adrs if adr.key not in related)
    how = node.get("isolated") or ("list" if len(alone) > ISOLATED_LIST else "group")
    many = len(alone) > ISOLATED_LIST
    return Isolated(how, alone, frozenset(a.key for a in alone) if many else frozenset())


def drawn_adrs(adrs: list[ADR], alone: Isolated, fmt: str, cluster: bool) -> list[ADR]:
    """The ADRs the drawing holds. The isolated ones are left out when listed or
    hidden, and in HTML when grouped (a group of their own under the drawing, where
    they wrap to the page: in the drawing they share the wide columns of the
    related ones); status and tag clusters keep them, they are what clusters sort."""
    if alone.how == "group" and (fmt != "html" or cluster):
        return adrs
    keys = {adr.key for adr in alone.adrs}
    return [adr for adr in adrs if adr.key not in keys]


def isolated_line(ctx: RenderContext, alone: Isolated) -> list[nodes.Node]:
    """The line under a drawing naming (``list``) or counting (``hide``) the ADRs
    without relations it leaves out."""
    if alone.how == "group" or not alone.adrs:
        return []
    count = len(alone.adrs)
    if alone.how == "hide":
        if count == 1:
            text = _("1 decision without relations not shown.")
        else:
            text = _("{count} decisions without relations not shown.").format(count=count)
        return [nodes.paragraph(text, text, classes=["adr-graph-isolated", "adr-note"])]
    label = _("Without relations ({count}):").format(count=count) + " "
    para = nodes.paragraph("", label, classes=["adr-graph-isolated"])
    para += render.joined(ctx.xref(adr.id, text=adr.id) for adr in alone.adrs)
    return [para]


def _uri(ctx: RenderContext, builder: Builder, adr: ADR) -> str:
    target = ctx.domain.find_target("adr", adr.id) if not adr.docname else None
    if target is not None:  # another project's ADR: its page on that site
        return target.uri
    return page_uri(builder, ctx.docname, adr.docname, adr.anchor)


def edge_list(ctx: RenderContext, adrs: list[ADR], edges: list[Edge]) -> nodes.Element:
    """The graph as text: one item per relation, then the ADRs without any."""
    items = nodes.bullet_list(classes=["adr-graph-edges"])
    linked: set[str] = set()
    for source, kind, target in edges:
        linked |= {source.key, target.key}
        para = nodes.paragraph(
            "", "", ctx.xref(source.id), nodes.Text(f" {translate(kind)} "), ctx.xref(target.id)
        )
        items += nodes.list_item("", para)
    alone = [adr for adr in adrs if adr.key not in linked]
    if alone:
        para = nodes.paragraph("", _("Without relations:") + " ")
        para += render.joined(ctx.xref(adr.id, text=adr.id) for adr in alone)
        items += nodes.list_item("", para)
    return items


def _cache(ctx: RenderContext) -> Path:
    # drawings are kept with the doctrees: incremental builds re-write graph pages
    # often (any shown ADR changes them) and the layout is the slow part
    return Path(ctx.domain.env.doctreedir) / "adr-graphs"


def draw(
    ctx: RenderContext, node: adr_placeholder, source: str, fmt: str
) -> tuple[graph_engine.Engine, bytes] | None:
    config = ctx.domain.env.config
    engine = graph_engine.find_engine(config)
    if engine is None:
        warn(
            f"adr-graph: no Graphviz program was found (graphviz_dot is "
            f"{config.graphviz_dot!r}), so the relation graph is shown as a list; "
            "pip install 'sphinxcontrib-adr[graphs]', install Graphviz, or set "
            "graphviz_dot to the path of dot",
            "graphviz",
            node,
        )
        return None
    try:
        return engine, engine.run(source, fmt, _cache(ctx))
    except graph_engine.EngineError as error:
        warn(
            f"adr-graph: {engine.program} could not draw the graph ({error}), so it is "
            "shown as a list; check graphviz_dot",
            "graphviz",
            node,
        )
        return None


def html_drawing(
    ctx: RenderContext,
    node: adr_placeholder,
    adrs: list[ADR],
    edges: list[Edge],
    builder: Builder,
) -> nodes.Node | None:
    """The drawing in its box, the group of ADRs without relations, the legend."""
    alone = isolated(node, adrs, edges)
    drawn = drawn_adrs(adrs, alone, "html", bool(node.get("cluster")))
    style = style_of(ctx, node, adrs, builder, alone)  # links of the grouped ADRs too
    html = ""
    if drawn:
        drawing = draw(ctx, node, dot_source(drawn, edges, style), "svg")
        if drawing is None:
            return None
        prefix = ctx.unique_id("adr-graph")
        n = len(drawn)
        label = _("Relations between {count} decisions").format(count=n)
        svg = inline_svg(drawing[1].decode("utf-8"), prefix, label)
        caption = node.get("caption") or _("Relation graph of {count} decisions").format(count=n)
        html += view_html(svg, prefix, caption)
    keys = {adr.key for adr in drawn}
    grouped = [adr for adr in alone.adrs if alone.how == "group" and adr.key not in keys]
    html += group_html(grouped, style)
    present = {adr.status for adr in [*drawn, *grouped]}
    kinds = [k.name for k in ctx.settings.link_kinds if k.name in {e[1] for e in edges}]
    html += legend_html(
        in_lifecycle_order(ctx, present), kinds, style.colors, style.undirected, bool(style.faded)
    )
    return nodes.raw("", html, format="html")


def in_lifecycle_order(ctx: RenderContext, statuses: set[str]) -> list[str]:
    order = ctx.settings.statuses
    return [s for s in order if s in statuses] + sorted(statuses - set(order))
