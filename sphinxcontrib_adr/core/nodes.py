"""Placeholder nodes.

They live in pickled doctrees between reading and writing, and are always
replaced by standard docutils nodes in a post-transform, so no writer ever
sees them. The visitors registered in :func:`register` only guard against a
placeholder that somehow survives (e.g. a third-party builder that skips
post-transforms): it is dropped instead of crashing the writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata  # noqa: F401


class adr_node(nodes.General, nodes.Element):
    """Where an ADR's metadata block goes. Attributes: ``adr`` (parsed options,
    plain data), ``adr_id`` (set once the ADR is recorded)."""


class adr_placeholder(nodes.General, nodes.Element):
    """Generic resolve-time placeholder: ``kind`` names the renderer in
    :data:`sphinxcontrib_adr.render.context.RENDERERS`; other attributes are its input."""


PLACEHOLDERS: tuple[type[nodes.Element], ...] = (adr_node, adr_placeholder)


def _skip(_self: nodes.NodeVisitor, _node: nodes.Node) -> None:
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    handlers = (_skip, None)
    formats = ("html", "latex", "text", "man", "texinfo")
    for node_class in PLACEHOLDERS:
        app.add_node(node_class, override=True, **dict.fromkeys(formats, handlers))
