"""Resolve time: placeholders become standard docutils nodes, built from the domain.

Runs as a post-transform before Sphinx resolves cross-references (priority
below 10), so the ``pending_xref`` nodes it creates are resolved by the
``adr`` domain like any hand-written reference, for every builder. Each
feature's placeholder is its own node class, which renders itself
(:meth:`adr_placeholder.render`): this module knows no feature.

HTML builders render a page's listings later, at ``doctree-resolved``, when
every placeholder of the page :meth:`~adr_placeholder.renders_late`: their
links are then made by the domain at once, and Sphinx's own post-transforms
(cross-references, highlighting, images, the C/C++ aliases) do not walk the
thousands of nodes of a long table, which they would not change. The HTML
is the same; the index page of a large log is written in less time.
"""

# Implements: ADR-0002, ADR-0004 (views resolved at write time, as standard nodes)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.domain import get_domain
from ..core.gcpause import collector_paused
from ..core.nodes import adr_node
from .banner import banner
from .context import RenderContext
from .metadata import METADATA_FIELDS_EVENT, metadata_block
from .placeholders import adr_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: document attribute: listings may render at ``doctree-resolved`` (HTML builders);
#: then the ids given so far, so that the late ones stay unique
_LATE = "adr-late-listings"
#: document attribute: the page shows a listing or view of ours (see :func:`shows_views`)
_PLACED = "adr-placeholders"


def shows_views(doctree: nodes.document) -> bool:
    """Whether a placeholder (a listing, a trace view) rendered on this page: what
    walks its tables at ``doctree-resolved`` need not look at other pages."""
    return bool(doctree.get(_PLACED))


class AllowLateListings(SphinxPostTransform):
    """HTML builders: let :class:`ResolvePlaceholders` leave a page's listings to
    :func:`render_late_listings` (other builders' post-transforms may change
    tables, so they get them as before)."""

    default_priority = 4
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        self.document[_LATE] = None


class ResolvePlaceholders(SphinxPostTransform):
    """Replace every placeholder with nodes built from the domain's records."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        if not get_domain(self.env).holds_decisions:
            # every placeholder left a record: a project without any has none (and
            # a misplaced marker was removed at read time): no walk at all
            self.document.attributes.pop(_LATE, None)
            return
        # one walk over Element with the tests here (3x faster than findall(a
        # callable)): the markers, the placeholders, whether the tree is assembled
        ours: list[nodes.Element] = []
        assembled = False
        for node in self.document.findall(nodes.Element):
            if isinstance(node, (adr_node, adr_placeholder)):
                ours.append(node)
            elif isinstance(node, addnodes.start_of_file):
                assembled = True
        if not ours:  # most pages of most projects: one walk, nothing else
            self.document.attributes.pop(_LATE, None)
            return
        # what is made here lives until the page is written: see render_late_listings
        with collector_paused():
            self._resolve(ours, _source_docs(self.document) if assembled else {})

    def _resolve(self, ours: list[nodes.Element], sources: dict[int, str]) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname
        ctx = RenderContext(domain, docname)
        contexts = {docname: ctx}
        # an assembled tree (singlehtml) renders each placeholder in its own document
        late = _LATE in self.document.attributes and not sources
        markers = [node for node in ours if isinstance(node, adr_node)]
        for marker in markers:
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
        # the metadata blocks' fields come from features: found again after them
        placeholders = (
            list(self.document.findall(adr_placeholder))
            if markers
            else [node for node in ours if isinstance(node, adr_placeholder)]
        )
        if placeholders:
            self.document[_PLACED] = True
        if late and placeholders and all(p.renders_late(ctx) for p in placeholders):
            self.document[_LATE] = sorted(ctx.taken_ids)
            return
        self.document.attributes.pop(_LATE, None)
        for placeholder in placeholders:
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


def render_late_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Render the listings :class:`ResolvePlaceholders` left (HTML builders), with
    links made at once."""
    taken = doctree.attributes.pop(_LATE, None)
    if taken is None:
        return
    ctx = RenderContext(get_domain(app.env), docname, app.builder, taken)
    # a listing's nodes all live until the page is written: the collections their
    # allocation would trigger (a 2,000-row table, ~100,000 objects) free nothing, and
    # the last of them walks the whole build's heap (issue 29: one full collection
    # fewer after an edit at 500 ADRs, 7 -> 6, as plain Sphinx)
    with collector_paused():
        for placeholder in list(doctree.findall(adr_placeholder)):
            placeholder.replace_self(placeholder.render(ctx))


def register(app: Sphinx) -> None:
    """The post-transform and the event features add metadata fields through."""
    app.add_event(METADATA_FIELDS_EVENT)
    app.add_post_transform(AllowLateListings)
    app.add_post_transform(ResolvePlaceholders)
    # before other handlers: they see the page as it is written
    app.connect("doctree-resolved", render_late_listings, priority=100)
