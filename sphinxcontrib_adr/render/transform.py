"""Resolve time: placeholders become standard docutils nodes, built from the domain.

Runs as a post-transform before Sphinx resolves cross-references (priority
below 10), so the ``pending_xref`` nodes it creates are resolved by the
``adr`` domain like any hand-written reference, for every builder. Each
feature's placeholder is its own node class, which renders itself
(:meth:`adr_placeholder.render`): this module knows no feature.
"""

# Implements: ADR-0002, ADR-0004 (views resolved at write time, as standard nodes)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.domain import get_domain
from ..core.nodes import adr_node
from .banner import banner
from .context import RenderContext
from .metadata import METADATA_FIELDS_EVENT, metadata_block
from .placeholders import adr_placeholder

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


class ResolvePlaceholders(SphinxPostTransform):
    """Replace every placeholder with nodes built from the domain's records."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname
        ctx = RenderContext(domain, docname)
        contexts = {docname: ctx}
        sources = _source_docs(self.document)
        for marker in list(self.document.findall(adr_node)):
            # the marker's own docname: singlehtml and latex resolve assembled trees
            adr = domain.adr_in(
                marker.get("docname", docname),
                marker.get("adr_id", ""),
                marker.get("adr_anchor"),
            )
            if adr is None:  # not recorded: its placement problem was reported
                marker.parent.remove(marker)
                continue
            own_ctx = contexts.get(adr.docname) or contexts.setdefault(
                adr.docname, ctx.for_document(adr.docname)
            )
            marker.replace_self([*banner(own_ctx, adr), metadata_block(own_ctx, adr)])
        for placeholder in list(self.document.findall(adr_placeholder)):
            # latex and singlehtml resolve one tree assembled from every document:
            # a placeholder renders (and its references start) in its own document
            own = sources.get(id(placeholder), docname)
            own_ctx = contexts.get(own) or contexts.setdefault(own, ctx.for_document(own))
            placeholder.replace_self(placeholder.render(own_ctx))


def _source_docs(document: nodes.document) -> dict[int, str]:
    """The document each placeholder of an assembled tree came from (its innermost
    ``start_of_file``). Walked downwards: the assembling gives the included
    children no parent pointers to their ``start_of_file``."""
    found: dict[int, str] = {}
    # pre-order: an inner start_of_file comes after its outer one and overwrites it
    for sof in document.findall(addnodes.start_of_file):
        for placeholder in sof.findall(adr_placeholder):
            found[id(placeholder)] = str(sof["docname"])
    return found


def register(app: Sphinx) -> None:
    """The post-transform and the event features add metadata fields through."""
    app.add_event(METADATA_FIELDS_EVENT)
    app.add_post_transform(ResolvePlaceholders)
