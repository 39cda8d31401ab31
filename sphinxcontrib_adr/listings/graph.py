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

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from ..core.config import SettingError, Settings, add_config_value, connect_check
from ..core.model import check_id, id_key
from ..core.warnings import warn
from ..render.assets import add_assets, shows_class
from ..render.placeholders import add_placeholder, adr_placeholder
from . import graph_engine
from .filters import FilterProblem
from .graph_colors import DEFAULT_COLORS
from .selection import empty_line, query_of, selected
from .table import QueryDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.model import ADR
    from ..render.context import RenderContext
    from .graph_dot import Edge

_DIRECTIONS = ("LR", "RL", "TB", "BT")
_CLUSTERS = ("status", "tag")
_INACTIVE = ("show", "fade", "hide")
_ISOLATED = ("group", "list", "hide")


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
    # here, as the drawing below: a project without a graph does not import them
    from .graph_dot import around, id_order, shown

    # by id, as people count (ADR-9 before ADR-10), whatever the documents' order
    adrs = sorted(selected(ctx, query_of(ctx, node)), key=lambda adr: id_order(adr.id))
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


def render_graph(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    from .graph_print import print_figures
    from .graph_view import builder_of, drawn_adrs, edge_list, html_drawing, isolated, isolated_line

    adrs, edges = graph_adrs(ctx, node)
    if not adrs:
        return [empty_line(ctx, node)]
    container = nodes.container(classes=["adr-graph"])
    caption = node.get("caption")
    if caption:
        container += nodes.paragraph(caption, caption, classes=["adr-graph-caption"])
    builder = builder_of(ctx)
    fmt = builder.format if builder is not None else ""
    alone = isolated(node, adrs, edges)
    if fmt == "latex" and builder is not None:
        drawn = drawn_adrs(adrs, alone, fmt, bool(node.get("cluster")))
        figures = (
            print_figures(ctx, node, adrs, edges, builder) if drawn else isolated_line(ctx, alone)
        )
        if figures is not None:
            # the figures carry the caption: no paragraph saying it twice
            return [nodes.container("", *figures, classes=["adr-graph"])]
    elif fmt == "html" and builder is not None:
        drawing = html_drawing(ctx, node, adrs, edges, builder)
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
        raise SettingError(
            "adr_status_colors",
            f"adr_status_colors = {colors!r}: must be a dict of status -> colour "
            "(a Graphviz colour such as '#bbf7d0' or 'lightgreen')",
        )


def _latex_fills(app: Sphinx, config: Config) -> list[str]:
    from .graph_print import latex_fills

    return latex_fills(app, config)


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
    app.connect("adr-latex-style", _latex_fills)
