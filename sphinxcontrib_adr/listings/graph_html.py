"""The HTML around an ``adr-graph`` drawing: its box and its legend.

The box is a labelled region the keyboard reaches (``adr-graph.js`` adds
zoom and pan to it); the legend says what the fills and the lines mean, with
swatches drawn in the drawing's own colours (a status of the project's own
included), so it is right without the script and in every theme.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from ..core.locale import _, translate
from .graph_dot import css_class, fill_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..core.model import ADR
    from .graph_dot import Style

#: how each kind of line is drawn in the legend (adr-graph.css draws the graph's the same)
_LINES = {"supersedes": 'stroke-width="2.2"', "amends": 'stroke-dasharray="5 3"'}
_UNDIRECTED = 'stroke-dasharray="3 2"'


def view_html(svg: str, prefix: str, label: str) -> str:
    """The scrolling box holding the inline ``svg``: a region named ``label``."""
    return (
        f'<div class="adr-graph-view" id="{escape(prefix)}" role="region" '
        f'aria-label="{escape(label)}" tabindex="0">\n{svg}</div>\n'
    )


def _color(status: str, colors: Mapping[str, str]) -> str:
    """The fill of ``status`` for a style attribute: a hex colour or a colour name
    (both Graphviz and CSS know them), else one derived from the status."""
    color = fill_of(status, colors)
    if re.fullmatch(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]+", color):
        return color
    return fill_of(status, {})


def group_html(adrs: Sequence[ADR], style: Style) -> str:
    """The ADRs without relations as one wrapping group of small boxes under the
    drawing: each its id on its status' fill, linked, its title on hover."""
    if not adrs:
        return ""
    items = []
    for adr in adrs:
        classes = f"adr-graph-chip adr-status-{css_class(adr.status)}"
        if adr.key in style.faded:
            classes += " adr-graph-faded"
        link = style.links.get(adr.key)
        href = f' href="{escape(link)}"' if link else ""
        title = escape(f"{adr.id}: {adr.title} ({translate(adr.status)})")
        items.append(
            f'<li><a class="{classes}"{href} title="{title}" '
            f'style="--adr-fill: {_color(adr.status, style.colors)}">{escape(adr.id)}</a></li>'
        )
    label = escape(_("Without relations ({count}):").format(count=len(adrs)))
    return (
        f'<div class="adr-graph-alone"><p class="adr-graph-isolated">{label}</p>'
        f'<ul class="adr-graph-chips" aria-label="{label.rstrip(":")}">'
        + "".join(items)
        + "</ul></div>\n"
    )


def _swatch(status: str, colors: Mapping[str, str]) -> str:
    fill = _color(status, colors)
    return (
        f'<li class="adr-status-{css_class(status)}"><svg class="adr-graph-key" width="22" '
        f'height="14" aria-hidden="true"><g class="node"><rect x="1" y="1" width="20" '
        f'height="12" rx="3" fill="{fill}" stroke="#6b7280"/></g></svg>'
        f"{escape(translate(status))}</li>"
    )


def _line(kind: str, undirected: bool) -> str:
    style = _UNDIRECTED if undirected else _LINES.get(kind, "")
    arrow = "" if undirected else '<polygon points="30,7 24,3.5 24,10.5"/>'
    return (
        f'<li class="adr-rel-{css_class(kind)}"><svg class="adr-graph-key" width="32" '
        f'height="14" aria-hidden="true"><g class="edge"><path d="M1 7 H26" fill="none" '
        f"{style}/>{arrow}</g></svg>{escape(translate(kind))}</li>"
    )


def legend_html(
    statuses: Sequence[str],
    kinds: Sequence[str],
    colors: Mapping[str, str],
    undirected: frozenset[str],
    faded: bool = False,
) -> str:
    """A legend of the ``statuses`` and relation ``kinds`` a drawing shows."""
    items = [_swatch(status, colors) for status in statuses]
    items += [_line(kind, kind in undirected) for kind in kinds]
    legend = _("Legend")
    if faded:
        text = escape(_("pale, dashed: no longer in force"))
        items.append(f'<li class="adr-graph-faded-key">{text}</li>')
    return (
        f'<ul class="adr-graph-legend" aria-label="{escape(legend)}">' + "".join(items) + "</ul>\n"
        if items
        else ""
    )
