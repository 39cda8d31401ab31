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

from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.domain import get_domain
from ..core.nodes import adr_node
from .banner import banner
from .context import RenderContext
from .metadata import METADATA_FIELDS_EVENT, metadata_block
from .placeholders import adr_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ResolvePlaceholders(SphinxPostTransform):
    """Replace every placeholder with nodes built from the domain's records."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname
        ctx = RenderContext(domain, docname)
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
            marker.replace_self([*banner(ctx, adr), metadata_block(ctx, adr)])
        for placeholder in list(self.document.findall(adr_placeholder)):
            placeholder.replace_self(placeholder.render(ctx))


def register(app: Sphinx) -> None:
    """The post-transform and the event features add metadata fields through."""
    app.add_event(METADATA_FIELDS_EVENT)
    app.add_post_transform(ResolvePlaceholders)
