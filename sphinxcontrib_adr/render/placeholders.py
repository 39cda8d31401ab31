"""The base class of every listing's placeholder node.

A directive that shows data of other documents (a table, a graph, a
timeline, ...) returns a placeholder holding its parsed query as plain data;
at write time :class:`~.transform.ResolvePlaceholders` asks the placeholder
to render itself from the domain. Each feature subclasses
:class:`adr_placeholder` and registers it with :func:`add_placeholder`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.nodes import skip_visitors

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .context import RenderContext


class adr_placeholder(nodes.General, nodes.Element):
    """Resolve-time placeholder; subclasses implement :meth:`render`."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The standard nodes that replace this placeholder."""
        raise NotImplementedError(type(self).__name__)

    def renders_late(self, ctx: RenderContext) -> bool:
        """Whether the nodes :meth:`render` makes need no post-transform (no
        ``pending_xref`` in them when ``ctx`` has a builder, nothing Sphinx's
        later transforms change): such a placeholder may be rendered once every
        post-transform ran (see :mod:`.transform`)."""
        return False


def add_placeholder(app: Sphinx, node_class: type[adr_placeholder]) -> None:
    """Register a placeholder class (writers skip one that survives, never crash)."""
    app.add_node(node_class, override=True, **skip_visitors())
