"""``adr-graph``: the relation graph of all ADRs, or of a filtered set.

One node per ADR, coloured by status and linked to its page, one edge per
relation between two ADRs shown. Graphviz lays it out (:mod:`.graph_engine`
finds system Graphviz or graphviz-pure). HTML builders get the SVG inlined
in the page, with native links, the page's colours and a small pan/zoom
script; LaTeX gets a PDF (PNG from graphviz-pure). When no Graphviz program
is found, an ``adr.graphviz`` warning says how to get one and the page lists
the edges as text instead; builders without images (text, man, ...) get
that list too.
"""

# Implements: ADR-0010 (SVG inlined, drawn without a system Graphviz)

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.errors import ConfigError

from ..core.config import Settings, add_config_value, connect_check
from ..core.domain import css_name, page_uri
from ..core.model import check_id, id_key
from ..core.warnings import warn
from ..render import context as render
from ..render.assets import add_assets, shows_class
from ..render.placeholders import add_placeholder, adr_placeholder
from . import graph_engine
from .filters import FilterProblem
from .graph_dot import (
    DEFAULT_COLORS,
    Style,
    around,
    components,
    dot_source,
    id_order,
    shown,
    status_fills,
)
from .graph_html import group_html, legend_html, view_html
from .graph_svg import inline_svg
from .table import QueryDirective, empty_line, selected

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from ..core.model import ADR
    from ..render.context import RenderContext
    from .graph_dot import Edge

_DIRECTIONS = ("LR", "RL", "TB", "BT")
_CLUSTERS = ("status", "tag")
_INACTIVE = ("show", "fade", "hide")
_ISOLATED = ("group", "list", "hide")
#: above this many ADRs without relations, ``isolated`` defaults to ``list``
ISOLATED_LIST = 12
#: ADRs without relations in one printed figure (six rows of six: legible on a page)
PRINT_GROUP = 36


class graph_placeholder(adr_placeholder):
    """An ``adr-graph``, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render_graph(ctx, self)


class ADRGraphDirective(QueryDirective):
    """The relation graph (supersedes, amends, relates, ...) of all ADRs or of
    those matching the filter options (the same as ``adr-table``'s). Options:
    ``kinds`` (the relation kinds drawn, default all), ``rankdir`` (``LR``,
    ``TB``, ``RL``, ``BT``; ``direction`` is the same), ``around`` (ids: only
    the ADRs connected to these) with ``depth`` (at most this many relations
    away), ``cluster`` (``status`` or ``tag``: boxes around groups),
    ``inactive`` (``show``, ``fade`` or ``hide`` the ADRs whose status is in
    ``adr_inactive_statuses``), ``isolated`` (``group``: the ADRs without
    relations drawn after the related ones in one box, by id only when there
    are many; ``list``: named in a line under the drawing; ``hide``: left out;
    default ``group`` up to 12 of them, ``list`` above), ``caption``. Only
    relations between two ADRs shown are drawn."""

    kind = "adr-graph"
    node_class = graph_placeholder
    extra_options: ClassVar[tuple[str, ...]] = (
        "kinds",
        "direction",
        "rankdir",
        "around",
        "depth",
        "cluster",
        "inactive",
        "isolated",
        "caption",
    )

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        kinds = parse_kinds(options.get("kinds"), conf)
        attrs = {
            "kinds": kinds,
            "direction": parse_rankdir(options),
            "around": parse_around(options.get("around")),
            "depth": parse_depth(options.get("depth")),
            "cluster": parse_choice(options, "cluster", _CLUSTERS, None),
            "inactive": parse_choice(options, "inactive", _INACTIVE, "show"),
            "isolated": parse_choice(options, "isolated", _ISOLATED, None),
            "caption": " ".join((options.get("caption") or "").split()) or None,
        }
        if attrs["depth"] is not None and not attrs["around"]:
            raise FilterProblem(":depth: needs :around: (the ADRs to count from); add it")
        return {"kinds": kinds, "attrs": attrs}

    def shown_relations(self, extra: dict[str, Any], conf: Settings) -> frozenset[str]:
        return frozenset(extra["kinds"])


def parse_kinds(value: str | None, conf: Settings) -> tuple[str, ...]:
    names = [k.name for k in conf.link_kinds]
    if value is None:
        return tuple(names)
    kinds = tuple(k.strip().casefold() for k in value.split(",") if k.strip())
    for kind in kinds:
        if kind not in names:
            raise FilterProblem(
                f":kinds: {kind!r} is not a relation kind; write some of " + ", ".join(names)
            )
    if not kinds:
        raise FilterProblem(":kinds: is empty; name relation kinds or remove it")
    return kinds


def parse_rankdir(options: dict[str, str]) -> str:
    given = {n: options[n].strip().upper() for n in ("rankdir", "direction") if options.get(n)}
    if len(set(given.values())) > 1:
        raise FilterProblem(":rankdir: and :direction: disagree; keep one of them")
    direction = next(iter(given.values()), "LR")
    if direction not in _DIRECTIONS:
        name = next(iter(given))
        raise FilterProblem(
            f":{name}: {direction!r} is not a direction; write one of " + ", ".join(_DIRECTIONS)
        )
    return direction


def parse_around(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    ids = tuple(check_id(part) for part in value.replace(";", ",").split(",") if part.strip())
    if not ids:
        raise FilterProblem(":around: is empty; name ADR ids (ADR-0007) or remove it")
    return ids


def parse_depth(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not text.isdigit() or int(text) < 1:
        raise FilterProblem(
            f":depth: {value!r} is not a number of relations; write 1 or more, or remove it "
            "for the whole connected group"
        )
    return int(text)


def parse_choice(
    options: dict[str, str], name: str, choices: tuple[str, ...], default: str | None
) -> str | None:
    if options.get(name) is None:
        return default
    value = options[name].strip().casefold()
    if value not in choices:
        raise FilterProblem(
            f":{name}: {options[name]!r} is not valid; write one of " + ", ".join(choices)
        )
    return value


# --------------------------------------------------------------------------
# which ADRs and edges


def edges_of(ctx: RenderContext, adrs: list[ADR], kinds: tuple[str, ...]) -> list[Edge]:
    """``(source, kind, target)`` for each relation between two of ``adrs``."""
    shown_adrs = {adr.key: adr for adr in adrs}
    edges: dict[tuple[str, str, str], Edge] = {}
    for adr in adrs:
        for kind, reverse, other_id in ctx.domain.links_of(adr):
            other = shown_adrs.get(id_key(other_id))
            if reverse or kind.name not in kinds or other is None:
                continue
            ends = (adr.key, other.key)
            if not kind.directed:  # relates is symmetric: draw it once
                ends = (min(ends), max(ends))
            edges.setdefault(
                (ends[0], kind.name, ends[1]),
                (shown_adrs[ends[0]], kind.name, shown_adrs[ends[1]]),
            )
    return [edges[key] for key in sorted(edges)]


def graph_adrs(ctx: RenderContext, node: adr_placeholder) -> tuple[list[ADR], list[Edge]]:
    """The ADRs and edges a graph draws: filter, ``inactive: hide``, ``around``."""
    # by id, as people count (ADR-9 before ADR-10), whatever the documents' order
    adrs = sorted(selected(ctx, node["query"]), key=lambda adr: id_order(adr.id))
    if node.get("inactive") == "hide":
        adrs = [adr for adr in adrs if adr.status not in ctx.settings.inactive]
    edges = edges_of(ctx, adrs, node["kinds"])
    if node.get("around"):
        keys = {adr.key for adr in adrs}
        centre = set()
        for wanted in node["around"]:
            if id_key(wanted) in keys:
                centre.add(id_key(wanted))
                continue
            known = ctx.domain.get(wanted) is not None
            warn(
                f"adr-graph: :around: {wanted!r} "
                + (
                    "is not among the ADRs this graph's filters select; widen the filters"
                    if known
                    else "is not an ADR id; check the id (sphinx-adr list shows them)"
                ),
                "ref",
                node,
            )
        reached = around(adrs, edges, centre, node.get("depth"))
        adrs = [adr for adr in adrs if adr.key in reached]
        edges = shown(edges, reached)
    return adrs, edges


# --------------------------------------------------------------------------
# drawing


def _builder(ctx: RenderContext) -> Builder | None:
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
        text = f"{count} decision{'s' if count > 1 else ''} without relations not shown."
        return [nodes.paragraph(text, text, classes=["adr-graph-isolated", "adr-note"])]
    para = nodes.paragraph("", f"Without relations ({count}): ", classes=["adr-graph-isolated"])
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
            "", "", ctx.xref(source.id), nodes.Text(f" {kind} "), ctx.xref(target.id)
        )
        items += nodes.list_item("", para)
    alone = [adr for adr in adrs if adr.key not in linked]
    if alone:
        para = nodes.paragraph("", "Without relations: ")
        para += render.joined(ctx.xref(adr.id, text=adr.id) for adr in alone)
        items += nodes.list_item("", para)
    return items


def _cache(ctx: RenderContext) -> Path:
    # drawings are kept with the doctrees: incremental builds re-write graph pages
    # often (any shown ADR changes them) and the layout is the slow part
    return Path(ctx.domain.env.doctreedir) / "adr-graphs"


def _draw(
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


def _html(
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
        drawing = _draw(ctx, node, dot_source(drawn, edges, style), "svg")
        if drawing is None:
            return None
        prefix = ctx.unique_id("adr-graph")
        n = len(drawn)
        svg = inline_svg(drawing[1].decode("utf-8"), prefix, f"Relations between {n} decisions")
        html += view_html(svg, prefix, node.get("caption") or f"Relation graph of {n} decisions")
    keys = {adr.key for adr in drawn}
    grouped = [adr for adr in alone.adrs if alone.how == "group" and adr.key not in keys]
    html += group_html(grouped, style)
    present = {adr.status for adr in [*drawn, *grouped]}
    kinds = [k.name for k in ctx.settings.link_kinds if k.name in {e[1] for e in edges}]
    html += legend_html(
        _in_lifecycle_order(ctx, present), kinds, style.colors, style.undirected, bool(style.faded)
    )
    return nodes.raw("", html, format="html")


def _in_lifecycle_order(ctx: RenderContext, statuses: set[str]) -> list[str]:
    order = ctx.settings.statuses
    return [s for s in order if s in statuses] + sorted(statuses - set(order))


#: a printed graph of more ADRs than this is drawn one figure per group of related ADRs
PRINT_SPLIT = 24


def _print(
    ctx: RenderContext,
    node: adr_placeholder,
    adrs: list[ADR],
    edges: list[Edge],
    builder: Builder,
) -> list[nodes.Node] | None:
    """Figures for print: one drawing (one per group of related ADRs when it is
    large, so each stays legible), each with a caption and a status legend; the
    style file caps its height so it fits the page in both directions."""
    alone = isolated(node, adrs, edges)
    drawn = drawn_adrs(adrs, alone, "latex", bool(node.get("cluster")))
    groups = components(drawn, edges) if len(drawn) > PRINT_SPLIT else [drawn]
    if len(groups) > 1:
        # the ADRs without relations share figures of a few rows each (a figure per
        # lone ADR says little, one of a hundred is too small to read)
        lone = [g[0] for g in groups if len(g) == 1]
        chunks = [lone[n : n + PRINT_GROUP] for n in range(0, len(lone), PRINT_GROUP)]
        groups = [g for g in groups if len(g) > 1] + chunks
    caption = node.get("caption") or f"Relations between {len(adrs)} decisions"
    figures: list[nodes.Node] = []
    for number, group in enumerate(groups, 1):
        keys = {adr.key for adr in group}
        shown_edges = [e for e in edges if e[0].key in keys and e[2].key in keys]
        source = dot_source(group, shown_edges, style_of(ctx, node, group, builder, alone))
        image = _print_image(ctx, node, source, builder)
        if image is None:
            return None
        title = caption if len(groups) == 1 else f"{caption} ({number} of {len(groups)})"
        figure = nodes.figure("", image, classes=["adr-graph-figure"])
        figure += nodes.caption(title, title)
        figure += nodes.legend("", _legend(ctx, group))
        figures.append(figure)
    return figures + isolated_line(ctx, alone)


def _legend(ctx: RenderContext, adrs: list[ADR]) -> nodes.paragraph:
    """The statuses drawn, in lifecycle order, each after a swatch of its fill."""
    present = {adr.status for adr in adrs}
    para = nodes.paragraph("", "", classes=["adr-graph-legend"])
    for status in [s for s in ctx.settings.statuses if s in present] + sorted(
        present - set(ctx.settings.statuses)
    ):
        if para.children:
            para += nodes.Text("   ")
        para += nodes.inline("", "", classes=[f"adr-fill-{css_name(status)}"])
        para += nodes.Text(status)
    return para


def _print_image(
    ctx: RenderContext, node: adr_placeholder, source: str, builder: Builder
) -> nodes.image | None:
    engine = graph_engine.find_engine(ctx.domain.env.config)
    fmt = engine.print_format if engine is not None else "png"
    drawn = _draw(ctx, node, source, fmt)
    if drawn is None:
        return None
    name = f"adr-graph-{graph_engine.digest(source)}.{fmt}"
    target = Path(builder.outdir) / name
    if not target.is_file():
        target.write_bytes(drawn[1])
    # written next to the .tex file: LaTeX finds it there, Sphinx copies nothing
    return nodes.image(uri=name, candidates={"*": name}, alt="Relations between decisions")


def latex_fills(app: Sphinx, config: Config) -> list[str]:
    """``\\adrfill`` lines for the style file: the legend's swatches take the fill
    colours of the drawing (hex colours; a named Graphviz colour gets no swatch)."""
    colors = {**DEFAULT_COLORS, **config.adr_status_colors}
    lines = []
    for status, color in sorted(colors.items()):
        if re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            lines.append(f"\\adrfill{{{css_name(status)}}}{{{color[1:].upper()}}}")
    return lines


def render_graph(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    adrs, edges = graph_adrs(ctx, node)
    if not adrs:
        return [empty_line(ctx, node)]
    container = nodes.container(classes=["adr-graph"])
    caption = node.get("caption")
    if caption:
        container += nodes.paragraph(caption, caption, classes=["adr-graph-caption"])
    builder = _builder(ctx)
    fmt = builder.format if builder is not None else ""
    alone = isolated(node, adrs, edges)
    if fmt == "latex" and builder is not None:
        drawn = drawn_adrs(adrs, alone, fmt, bool(node.get("cluster")))
        figures = _print(ctx, node, adrs, edges, builder) if drawn else isolated_line(ctx, alone)
        if figures is not None:
            # the figures carry the caption: no paragraph saying it twice
            return [nodes.container("", *figures, classes=["adr-graph"])]
    elif fmt == "html" and builder is not None:
        drawing = _html(ctx, node, adrs, edges, builder)
        if drawing is not None:
            container += drawing
            container.extend(isolated_line(ctx, alone))
            return [container]
    if alone.how == "hide":
        hidden = {adr.key for adr in alone.adrs}
        adrs = [adr for adr in adrs if adr.key not in hidden]
    container += edge_list(ctx, adrs, edges)
    return [container]


def _check_config(_app: Sphinx, config: Config) -> None:
    colors = config.adr_status_colors
    if not isinstance(colors, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in colors.items()
    ):
        raise ConfigError(
            f"adr_status_colors = {colors!r}: must be a dict of status -> colour "
            "(a Graphviz colour such as '#bbf7d0' or 'lightgreen')"
        )


def register(app: Sphinx) -> None:
    # graphviz directives (and sphinx-needs' needflow) draw with the same programs
    app.setup_extension("sphinx.ext.graphviz")
    graph_engine.register(app)
    add_config_value(
        app,
        "adr_status_colors",
        {},
        "Fill colours of ``adr-graph`` nodes by status (Graphviz colours), merged over "
        "the defaults: " + ", ".join(f"``{k}``: ``{v}``" for k, v in DEFAULT_COLORS.items()),
    )
    app.add_directive("adr-graph", ADRGraphDirective)
    add_placeholder(app, graph_placeholder)
    add_assets(app, css=["adr-graph.css"])
    add_assets(app, js=["adr-graph.js"], needed=shows_class("adr-graph-view"))
    connect_check(app, _check_config)
    app.connect("adr-latex-style", latex_fills)
