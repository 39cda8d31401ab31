"""Finding decisions: tables, lists, the graph, the timeline, back-references."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import backrefs, graph, table, timeline

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The listing directives, their renderers and assets."""
    table.register(app)
    graph.register(app)
    timeline.register(app)
    backrefs.register(app)
