"""``adr-graph`` in print: figures a page holds, each with a caption and a legend.

A large graph is drawn one figure per group of related ADRs, the ADRs without
relations in figures of a few rows (or named in a line, ``:isolated: list``),
and each drawing is laid out across or down the page, whichever sets its text
larger, so a log of a hundred decisions stays legible on paper.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..core.domain import css_name
from ..core.locale import _, translate
from . import graph_engine
from .graph_colors import DEFAULT_COLORS
from .graph_dot import components, dot_source, status_fills
from .graph_view import draw, drawn_adrs, isolated, isolated_line, style_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from ..core.model import ADR
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder
    from .graph_dot import Edge, Style

#: ADRs without relations in one printed figure (rows of five: legible on a page)
PRINT_GROUP = 36
#: a printed graph of more ADRs than this is drawn one figure per group of related ADRs
PRINT_SPLIT = 24


def print_figures(
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
    caption = node.get("caption") or _("Relations between {count} decisions").format(
        count=len(adrs)
    )
    figures: list[nodes.Node] = []
    for number, group in enumerate(groups, 1):
        keys = {adr.key for adr in group}
        shown_edges = [e for e in edges if e[0].key in keys and e[2].key in keys]
        style = style_of(ctx, node, group, builder, alone)
        source = _legible(ctx, node, group, shown_edges, style)
        if source is None:
            return None
        image = print_image(ctx, node, source, builder)
        if image is None:
            return None
        title = caption
        if len(groups) > 1:
            # Translators: the caption of one of several figures: "... (2 of 5)"
            title = _("{caption} ({number} of {total})").format(
                caption=caption, number=number, total=len(groups)
            )
        figure = nodes.figure("", image, classes=["adr-graph-figure"])
        figure += nodes.caption(title, title)
        figure += nodes.legend("", print_legend(ctx, group))
        figures.append(figure)
    return figures + isolated_line(ctx, alone)


#: the room of a figure on a page, in points: the text width of A4 and letter with
#: Sphinx's margins, and the style file's cap of 70 % of the text height
_ROOM = (450.0, 450.0)
#: the scale from which printed text (10 pt in the drawing) stays 7.5 pt or more
_LEGIBLE = 0.75
_TRANSPOSED = {"LR": "TB", "RL": "BT", "TB": "LR", "BT": "RL"}
_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def _legible(
    ctx: RenderContext, node: adr_placeholder, adrs: list[ADR], edges: list[Edge], style: Style
) -> str | None:
    """The DOT source of a figure, laid out across the page or down it: the graph's
    own direction unless it shrinks the text below 7.5 pt where the other does not
    (a chain of four decisions from left to right is wider than a page)."""
    best: tuple[float, str] | None = None
    for rankdir in (style.rankdir, _TRANSPOSED[style.rankdir]):
        source = dot_source(adrs, edges, replace(style, rankdir=rankdir))
        drawn = draw(ctx, node, source, "svg")
        if drawn is None:
            return None
        size = _SIZE.search(drawn[1])
        if size is None:
            return source
        width, height = (float(v) for v in size.groups())
        scale = min(1.0, _ROOM[0] / width, _ROOM[1] / height)
        if best is None or scale > best[0] + 0.05:
            best = (scale, source)
        if scale >= _LEGIBLE:
            break
    return best[1] if best is not None else None


def print_legend(ctx: RenderContext, adrs: list[ADR]) -> nodes.paragraph:
    """The statuses drawn, in lifecycle order, each after a swatch of its fill."""
    present = {adr.status for adr in adrs}
    para = nodes.paragraph("", "", classes=["adr-graph-legend"])
    for status in [s for s in ctx.settings.statuses if s in present] + sorted(
        present - set(ctx.settings.statuses)
    ):
        if para.children:
            para += nodes.Text("   ")
        para += nodes.inline("", "", classes=[f"adr-fill-{css_name(status)}"])
        para += nodes.Text(translate(status))
    return para


def print_image(
    ctx: RenderContext, node: adr_placeholder, source: str, builder: Builder
) -> nodes.image | None:
    engine = graph_engine.find_engine(ctx.domain.env.config)
    fmt = engine.print_format if engine is not None else "png"
    drawn = draw(ctx, node, source, fmt)
    if drawn is None:
        return None
    name = f"adr-graph-{graph_engine.digest(source)}.{fmt}"
    target = Path(builder.outdir) / name
    if not target.is_file():
        target.write_bytes(drawn[1])
    # written next to the .tex file: LaTeX finds it there, Sphinx copies nothing
    return nodes.image(uri=name, candidates={"*": name}, alt=_("Relations between decisions"))


def latex_fills(app: Sphinx, config: Config) -> list[str]:
    """``\\adrfill`` lines for the style file: the legend's swatches take the fill
    colours of the drawing (hex colours; a named Graphviz colour gets no swatch)."""
    statuses = config.adr_statuses if isinstance(config.adr_statuses, list) else []
    colors = status_fills(
        [s for s in statuses if isinstance(s, str)],
        {**DEFAULT_COLORS, **config.adr_status_colors},
    )
    lines = []
    for status, color in sorted(colors.items()):
        if re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            lines.append(f"\\adrfill{{{css_name(status)}}}{{{color[1:].upper()}}}")
    return lines
