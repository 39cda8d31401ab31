"""The marker node of an ADR's metadata block, and visitors that skip leftovers.

Nodes made at read time live in pickled doctrees between reading and
writing, and are always replaced by standard docutils nodes in a
post-transform, so no writer ever sees them. The visitors only guard against
one that somehow survives (e.g. a third-party builder that skips
post-transforms): it is dropped instead of crashing the writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class adr_node(nodes.General, nodes.Element):
    """Where an ADR's metadata block goes. Attributes: ``adr`` (parsed options,
    plain data), ``adr_id`` (set once the ADR is recorded)."""


#: the node attribute in which a directive leaves the frozen draft of the
#: :class:`~.model.PageRecord` its placeholder shows (see :func:`leave_page_draft`)
PAGE_DRAFT = "adr_page_draft"
#: the attribute in which a body directive (alternative, risk, ...) leaves what it
#: parsed on its container, and the one a listing in an ADR's body leaves on its
#: placeholder, for the features' read handlers (``adr-doc-read``)
BODY_DRAFT = "adr_body"
LISTING_DRAFT = "adr_listing"
#: a document holding none of these drafts (and no :class:`adr_node`) has nothing
#: for the read step: it is walked once, for its references (``core.read``)
#: what the placeholder keeps once the read step stored the record: ``(docname,
#: index)``, its key into the domain (:meth:`~.domain.ADRDomain.page_of`)
PAGE_KEY = "adr_page"


def leave_page_draft(node: nodes.Element, draft: object) -> None:
    """Hand ``draft`` (a frozen ``PageRecord``) to the read step, which completes it
    with the document's name, stores it and leaves ``node`` only its key. A
    directive never stores a record itself."""
    node[PAGE_DRAFT] = draft


def _skip(_self: nodes.NodeVisitor, _node: nodes.Node) -> None:
    raise nodes.SkipNode


def skip_visitors() -> dict[str, Any]:
    """``app.add_node`` keyword arguments that make every writer skip a node."""
    formats = ("html", "latex", "text", "man", "texinfo")
    return dict.fromkeys(formats, (_skip, None))


def register(app: Sphinx) -> None:
    app.add_node(adr_node, override=True, **skip_visitors())
