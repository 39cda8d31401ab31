"""``adr-graph``: the relation graph of all ADRs, or of a filtered set.

Drawn by ``sphinx.ext.graphviz`` (loaded by this extension): one node per
ADR, coloured by status and linked to its page, one edge per relation
between two ADRs shown. When the ``dot`` program (``graphviz_dot``) cannot
be found, the build does not crash: an ``adr.graphviz`` warning says how to
install or configure it, and the page lists the edges as text instead.
Builders without images (text, man, ...) get the same edge list.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError

from ..core.config import Settings, add_config_value
from ..core.domain import page_uri
from ..core.model import id_key
from ..core.warnings import warn
from ..render import context as render
from ..render.placeholders import add_placeholder, adr_placeholder
from .filters import FilterProblem
from .table import QueryDirective, empty_line, selected

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from ..core.model import ADR
    from ..render.context import RenderContext


DEFAULT_COLORS = {
    "proposed": "#bfdbfe",
    "accepted": "#bbf7d0",
    "rejected": "#fecaca",
    "deprecated": "#e7e5e4",
    "superseded": "#e9d5ff",
}
_EDGE_STYLES = {"supersedes": "bold", "amends": "dashed"}
_DIRECTIONS = ("LR", "RL", "TB", "BT")
#: builders that draw the graph; the others get the list of edges
_IMAGE_FORMATS = "format_html or format_latex or format_texinfo"


class graph_placeholder(adr_placeholder):
    """An ``adr-graph``, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render_graph(ctx, self)


class ADRGraphDirective(QueryDirective):
    """The relation graph (supersedes, amends, relates, ...) of all ADRs or of
    those matching the filter options (the same as ``adr-table``'s). Options:
    ``kinds`` (the relation kinds drawn, default all), ``direction`` (``LR``,
    ``TB``, ``RL``, ``BT``), ``caption``. Only relations between two ADRs
    shown are drawn."""

    kind = "adr-graph"
    node_class = graph_placeholder
    extra_options: ClassVar[tuple[str, ...]] = ("kinds", "direction", "caption")

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        names = [k.name for k in conf.link_kinds]
        kinds = tuple(names)
        if options.get("kinds") is not None:
            kinds = tuple(k.strip().casefold() for k in options["kinds"].split(",") if k.strip())
            for kind in kinds:
                if kind not in names:
                    raise FilterProblem(
                        f":kinds: {kind!r} is not a relation kind; write some of "
                        + ", ".join(names)
                    )
            if not kinds:
                raise FilterProblem(":kinds: is empty; name relation kinds or remove it")
        direction = (options.get("direction") or "LR").strip().upper()
        if direction not in _DIRECTIONS:
            raise FilterProblem(
                f":direction: {direction!r} is not a direction; write one of "
                + ", ".join(_DIRECTIONS)
            )
        caption = " ".join((options.get("caption") or "").split()) or None
        return {
            "kinds": kinds,
            "attrs": {"kinds": kinds, "direction": direction, "caption": caption},
        }

    def shown_relations(self, extra: dict[str, Any], conf: Settings) -> frozenset[str]:
        return frozenset(extra["kinds"])


def edges_of(
    ctx: RenderContext, adrs: list[ADR], kinds: tuple[str, ...]
) -> list[tuple[ADR, str, ADR]]:
    """``(source, kind, target)`` for each relation between two of ``adrs``."""
    shown = {adr.key: adr for adr in adrs}
    edges: dict[tuple[str, str, str], tuple[ADR, str, ADR]] = {}
    for adr in adrs:
        for kind, reverse, other_id in ctx.domain.links_of(adr):
            other = shown.get(id_key(other_id))
            if reverse or kind.name not in kinds or other is None:
                continue
            ends = (adr.key, other.key)
            if not kind.directed:  # relates is symmetric: draw it once
                ends = (min(ends), max(ends))
            edges.setdefault(
                (ends[0], kind.name, ends[1]), (shown[ends[0]], kind.name, shown[ends[1]])
            )
    return [edges[key] for key in sorted(edges)]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _builder(ctx: RenderContext) -> Builder | None:
    env: Any = ctx.domain.env
    # Sphinx 9 keeps the application private; its own post-transforms use it too
    app = getattr(env, "_app", None) or getattr(env, "app", None)
    return getattr(app, "builder", None)


def dot_source(ctx: RenderContext, node: adr_placeholder, adrs: list[ADR]) -> str:
    colors = {**DEFAULT_COLORS, **ctx.domain.env.config.adr_status_colors}
    builder = _builder(ctx)
    linkable = builder is not None and builder.format == "html"
    kinds = {k.name: k for k in ctx.settings.link_kinds}
    lines = [
        "digraph adr_relations {",
        f'  graph [rankdir={node["direction"]}, bgcolor="transparent", '
        'fontname="sans-serif", nodesep=0.3, ranksep=0.45];',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=10, '
        'color="#6b7280", fontcolor="#111827"];',
        '  edge [fontname="sans-serif", fontsize=9, color="#6b7280", fontcolor="#6b7280"];',
    ]
    for adr in adrs:
        title = "\n".join(textwrap.wrap(adr.title, 28)[:3])
        attrs = [
            f"label={_quote(adr.id + chr(10) + title)}",
            f"fillcolor={_quote(colors.get(adr.status, '#ffffff'))}",
            f"tooltip={_quote(f'{adr.id}: {adr.title} ({adr.status})')}",
            f"id={_quote('adr-node-' + adr.id)}",
        ]
        if linkable and builder is not None:
            uri = page_uri(builder, ctx.docname, adr.docname, adr.anchor)
            attrs += [f"URL={_quote(uri)}", 'target="_top"']
        lines.append(f"  {_quote(adr.id)} [{', '.join(attrs)}];")
    for source, kind, target in edges_of(ctx, adrs, node["kinds"]):
        attrs = [f"label={_quote(kind)}"]
        if not kinds[kind].directed:
            attrs += ["dir=none", "style=dotted"]
        elif kind in _EDGE_STYLES:
            attrs.append(f"style={_EDGE_STYLES[kind]}")
        lines.append(f"  {_quote(source.id)} -> {_quote(target.id)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def edge_list(ctx: RenderContext, node: adr_placeholder, adrs: list[ADR]) -> nodes.Element:
    """The graph as text: one item per relation, then the ADRs without any."""
    edges = edges_of(ctx, adrs, node["kinds"])
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


def dot_available(config: Config) -> bool:
    program = str(config.graphviz_dot or "")
    return bool(program) and shutil.which(program) is not None


def render_graph(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    from sphinx.ext.graphviz import graphviz

    adrs = selected(ctx, node["query"])
    if not adrs:
        return [empty_line(ctx, node)]
    container = nodes.container(classes=["adr-graph"])
    caption = node.get("caption")
    if caption:
        container += nodes.paragraph(caption, caption, classes=["adr-graph-caption"])
    config = ctx.domain.env.config
    if not dot_available(config):
        warn(
            f"adr-graph: Graphviz's dot program {config.graphviz_dot!r} was not found, so "
            "the relation graph is shown as a list; install Graphviz or set graphviz_dot "
            "to the path of dot",
            "graphviz",
            node,
        )
        container += edge_list(ctx, node, adrs)
        return [container]
    graph = graphviz()
    graph["code"] = dot_source(ctx, node, adrs)
    graph["options"] = {"docname": ctx.docname}
    graph["alt"] = f"Relations between {len(adrs)} decisions"
    graph["classes"] = ["adr-graph-image"]
    container += graph
    # builders without images (text, man, ...) show the relations as text
    fallback = addnodes.only(expr=f"not ({_IMAGE_FORMATS})")
    fallback += edge_list(ctx, node, adrs)
    container += fallback
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
    app.setup_extension("sphinx.ext.graphviz")
    add_config_value(
        app,
        "adr_status_colors",
        {},
        "Fill colours of ``adr-graph`` nodes by status (Graphviz colours), merged over "
        "the defaults: " + ", ".join(f"``{k}``: ``{v}``" for k, v in DEFAULT_COLORS.items()),
    )
    app.add_directive("adr-graph", ADRGraphDirective)
    add_placeholder(app, graph_placeholder)
    app.connect("config-inited", _check_config)
