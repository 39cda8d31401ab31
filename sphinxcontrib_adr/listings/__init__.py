"""Finding decisions: tables, lists, the graph, the timeline, back-references."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import adrlist, backrefs, graph, table, timeline

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The listing directives, their renderers and assets."""
    table.register(app)
    graph.register(app)
    timeline.register(app)
    backrefs.register(app)
    adrlist.register(app)  # from sphinx-adr: adrlist, the adr_nav.html sidebar
