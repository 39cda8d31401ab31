"""The Graphviz source of an ``adr-graph``: which ADRs and edges, and how drawn.

Pure functions over records (no Sphinx): :func:`around` narrows a graph to the
ADRs connected to some, :func:`components` orders it so the largest groups of
related decisions come first, :func:`dot_source` writes the DOT text.
"""

from __future__ import annotations

import colorsys
import hashlib
import itertools
import math
import re
import textwrap
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.locale import _, translate

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..core.model import ADR

Edge = tuple["ADR", str, "ADR"]

_EDGE_STYLES = {"supersedes": "bold", "amends": "dashed"}
#: text is measured for DejaVu Sans, a wide face (Graphviz's own fallback metrics are
#: Times', far narrower); adr-graph.css asks for it or as wide a face, so labels fit
_FONT = "DejaVu Sans"
#: text and lines are drawn in the page's colours by adr-graph.css (dark modes too);
#: these are for the standalone images (LaTeX) and for builders without the CSS
_INK = "#4b5563"


@dataclass(frozen=True)
class Style:
    """How one graph is drawn."""

    rankdir: str = "LR"
    cluster: str | None = None  # "status" or "tag"
    faded: frozenset[str] = frozenset()  # keys of ADRs drawn faded
    links: Mapping[str, str] = field(default_factory=dict)  # ADR key -> URL
    colors: Mapping[str, str] = field(default_factory=dict)
    undirected: frozenset[str] = frozenset()  # relation kinds without a direction
    statuses: tuple[str, ...] = ()  # in lifecycle order, for status clusters
    #: keys of the ADRs drawn by id only (the title is their tooltip)
    compact: frozenset[str] = frozenset()


def id_order(adr_id: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders ids as people count: ADR-9 before ADR-10."""
    parts = re.split(r"(\d+)", adr_id.casefold())
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in parts if p)


#: light fills for statuses of a project's own, none of the defaults' hues
SPARE_FILLS = ("#fde68a", "#a5f3fc", "#fbcfe8", "#d9f99d", "#fed7aa", "#c7d2fe", "#99f6e4")


def status_fills(statuses: Iterable[str], colors: Mapping[str, str]) -> dict[str, str]:
    """``colors`` with a fill for every status: one without its own colour takes the
    next spare fill no status uses yet (in lifecycle order, so the same on every
    build), so a status of the project's own is neither white nor another's twin."""
    fills = dict(colors)
    spare = [c for c in SPARE_FILLS if c.casefold() not in {v.casefold() for v in fills.values()}]
    for status in statuses:
        if status not in fills:
            fills[status] = spare.pop(0) if spare else fill_of(status, fills)
    return fills


def fill_of(status: str, colors: Mapping[str, str]) -> str:
    """The fill of ``status``: its colour, else a light one derived from its name."""
    if status in colors:
        return colors[status]
    hue = int(hashlib.sha1(status.encode(), usedforsecurity=False).hexdigest()[:4], 16) / 65536
    red, green, blue = colorsys.hls_to_rgb(hue, 0.86, 0.75)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))


def around(adrs: list[ADR], edges: list[Edge], centre: set[str], depth: int | None) -> set[str]:
    """Keys of the ADRs at most ``depth`` relations (either way) from ``centre``."""
    neighbours: dict[str, set[str]] = {adr.key: set() for adr in adrs}
    for source, _kind, target in edges:
        neighbours[source.key].add(target.key)
        neighbours[target.key].add(source.key)
    reached = {key: 0 for key in centre if key in neighbours}
    queue = deque(reached)
    while queue:
        key = queue.popleft()
        if depth is not None and reached[key] >= depth:
            continue
        for other in sorted(neighbours[key]):
            if other not in reached:
                reached[other] = reached[key] + 1
                queue.append(other)
    return set(reached)


def components(adrs: list[ADR], edges: list[Edge]) -> list[list[ADR]]:
    """Groups of related ADRs, largest first (then by their first ADR's place)."""
    order = {adr.key: n for n, adr in enumerate(adrs)}
    parent = {adr.key: adr.key for adr in adrs}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for source, _kind, target in edges:
        a, b = root(source.key), root(target.key)
        if a != b:
            parent[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    groups: dict[str, list[ADR]] = {}
    for adr in adrs:
        groups.setdefault(root(adr.key), []).append(adr)
    return sorted(groups.values(), key=lambda g: (-len(g), order[g[0].key]))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def css_class(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text.casefold())


def _node(adr: ADR, style: Style) -> str:
    title = "\n".join(textwrap.wrap(adr.title, 28)[:3])
    compact = adr.key in style.compact
    classes = f"adr-status-{css_class(adr.status)}"
    attrs = [
        f"label={quote(adr.id if compact else adr.id + chr(10) + title)}",
        f"fillcolor={quote(fill_of(adr.status, style.colors))}",
        f"tooltip={quote(f'{adr.id}: {adr.title} ({translate(adr.status)})')}",
        f"id={quote('node-' + css_class(adr.id))}",
    ]
    if adr.key in style.faded:
        classes += " adr-graph-faded"
        attrs += ['color="#9ca3af"', 'fontcolor="#4b5563"', 'style="rounded,filled,dashed"']
    attrs.append(f"class={quote(classes)}")
    if adr.key in style.links:
        attrs.append(f"URL={quote(style.links[adr.key])}")
    return f"  {quote(adr.id)} [{', '.join(attrs)}];"


def _edge(edge: Edge, style: Style) -> str:
    source, kind, target = edge
    attrs = [f"label={quote(translate(kind))}", f"class={quote('adr-rel-' + css_class(kind))}"]
    if kind in style.undirected:
        attrs += ["dir=none", "style=dotted"]
    elif kind in _EDGE_STYLES:
        attrs.append(f"style={_EDGE_STYLES[kind]}")
    return f"  {quote(source.id)} -> {quote(target.id)} [{', '.join(attrs)}];"


def _cluster_of(adr: ADR, how: str) -> str:
    if how == "status":
        return adr.status
    return adr.tags[0] if adr.tags else ""


def _clusters(adrs: list[ADR], related: set[str], style: Style) -> list[str]:
    assert style.cluster is not None
    groups: dict[str, list[ADR]] = {}
    for adr in adrs:
        groups.setdefault(_cluster_of(adr, style.cluster), []).append(adr)
    rank = {status: n for n, status in enumerate(style.statuses)}
    names = sorted(groups, key=lambda g: (g == "", rank.get(g, len(rank)), g))
    lines: list[str] = []
    for n, name in enumerate(names, 1):
        if not name:
            label = _("no tag") if style.cluster == "tag" else _("no status")
        else:
            label = translate(name) if style.cluster == "status" else name
        lines += [
            f"  subgraph cluster_{n} {{",
            f"    label={quote(label)}; class={quote('adr-graph-cluster')};",
            '    style="rounded,dashed"; color="#6b7280"; fontcolor="#4b5563";',
            *(f"  {_node(adr, style)}" for adr in groups[name]),
            *(f"  {line}" for line in grid([a for a in groups[name] if a.key not in related])),
            "  }",
        ]
    return lines


def grid(alone: list[ADR]) -> list[str]:
    """Invisible edges that set ADRs without relations in rows, not one long rank.

    (Graphviz's own ``pack`` would, but it drops edge labels.)
    """
    if len(alone) < 2:
        return []
    columns = min(5, math.ceil(math.sqrt(len(alone))))
    lines = []
    for start in range(0, len(alone), columns):
        row = alone[start : start + columns]
        lines += [
            f"  {quote(a.id)} -> {quote(b.id)} [style=invis];" for a, b in itertools.pairwise(row)
        ]
    return lines


def dot_source(adrs: list[ADR], edges: list[Edge], style: Style) -> str:
    """The DOT text: one node per ADR, coloured by status, one edge per relation.

    The groups of related ADRs come first, largest first, each in the order of
    ``adrs``; the ADRs without relations follow in rows."""
    ordered = [adr for group in components(adrs, edges) for adr in group]
    related = {adr.key for e in edges for adr in (e[0], e[2])}
    lines = [
        "digraph adr_relations {",
        f'  graph [rankdir={style.rankdir}, bgcolor="transparent", fontname="{_FONT}", '
        f"fontsize=10, nodesep=0.3, ranksep=0.45];",
        f'  node [shape=box, style="rounded,filled", fontname="{_FONT}", fontsize=10, '
        'color="#6b7280", fontcolor="#111827"];',
        f'  edge [fontname="{_FONT}", fontsize=9, color="{_INK}", fontcolor="{_INK}"];',
    ]
    if style.cluster:
        lines += _clusters(ordered, related, style)
    else:
        lines += [_node(adr, style) for adr in ordered]
        lines += grid([adr for adr in ordered if adr.key not in related])
    lines += [_edge(edge, style) for edge in edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def shown(edges: Iterable[Edge], keys: set[str]) -> list[Edge]:
    """The edges between two of ``keys``."""
    return [e for e in edges if e[0].key in keys and e[2].key in keys]
