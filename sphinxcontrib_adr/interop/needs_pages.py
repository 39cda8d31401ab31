"""The sphinx-needs bridge on the pages: the need ids on the ADRs' sections, the
"Linked from needs" field, and the pages incremental builds re-write when the
needs change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..core.domain import get_domain
from ..core.model import id_key
from ..render import context as render
from ..render.metadata import AT_END
from .needs_specs import (
    ANCHORS,
    INCOMING,
    INCOMING_SHOWN,
    SHOWN,
    active,
    incoming_links,
    need_specs,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADR
    from ..render.context import RenderContext


class NeedAnchors(SphinxPostTransform):
    """Give each ADR (and child) section the id of its need, where needs link to."""

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        if not active(self.config):
            return
        by_doc = ANCHORS.of(get_domain(self.env))
        if self.document.get("docname"):
            # a tree assembled from many documents (singlehtml, latex, texinfo):
            # their ids are not in the document's index, look at every node once
            self._add_ids({a: n for anchors in by_doc.values() for a, n in anchors.items()})
            return
        missing: dict[str, str] = {}
        for anchor, need_id in (by_doc.get(self.env.docname) or {}).items():
            node = self.document.ids.get(anchor)
            if isinstance(node, nodes.Element) and anchor in node["ids"]:
                if need_id not in node["ids"]:
                    node["ids"].append(need_id)
            else:
                missing[anchor] = need_id
        if missing:  # a node was replaced since it was indexed
            self._add_ids(missing)

    def _add_ids(self, wanted: dict[str, str]) -> None:
        if not wanted:
            return
        for node in self.document.findall(nodes.Element):
            ids: list[str] = list(node.get("ids", ()))
            for anchor in ids:
                need_id = wanted.get(anchor)
                if need_id and need_id not in node["ids"]:
                    node["ids"].append(need_id)


def incoming_field(_app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The "Linked from needs" field of an ADR's metadata block."""
    env = ctx.domain.env
    if not active(env.config):
        return []
    found = INCOMING_SHOWN.of(ctx.domain).get(adr.id, [])
    if not found:
        return []
    refs = [
        nodes.inline(
            f"{need_id}: {title}",
            f"{need_id}: {title}",
            classes=["adr-need-ref"],
            adr_need_id=need_id,
            adr_need_doc=docname,
        )
        for need_id, title, docname in found
    ]
    return [
        (AT_END, render.field("Linked from needs", *render.joined(refs), classes=["adr-needs"]))
    ]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn the "Linked from needs" items into links (the builder is known only here)."""
    if not active(app.config):
        return
    for item in list(doctree.findall(nodes.inline)):
        need_id = item.get("adr_need_id")
        if not need_id:
            continue
        target_doc = item.get("adr_need_doc")
        if not target_doc:
            continue
        content = nodes.inline(item.astext(), item.astext(), classes=["adr-need-ref"])
        try:
            ref = make_refnode(app.builder, docname, target_doc, need_id, content, need_id)
        except Exception:  # a builder without page URIs keeps the plain text
            continue
        item.replace_self(ref)


def collect_need_refs(app: Sphinx, doctree: nodes.document) -> None:
    """Note the ADRs and children a page names with sphinx-needs' ``:need:`` role (it
    shows the need's title), so the page is re-written when they change."""
    if not active(app.config):
        return
    from sphinx_needs.roles.need_ref import NeedRef

    doc = get_domain(app.env).doc(app.env.docname)
    for ref in doctree.findall(NeedRef):
        target = str(ref.get("reftarget") or "")
        if target:
            # "ID.part" names a part of need ID (and is also how children are named)
            doc.refs.update({id_key(target), id_key(target.split(".", 1)[0])})


def pages_to_rewrite(_app: Sphinx, domain: ADRDomain, _changes: object) -> list[str]:
    """Pages to re-write: needs listings when the ADR-made needs change, ADR pages
    when the needs linking to them change."""
    env = domain.env
    if not active(env.config):
        return []
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    # read before post-processing: the needs of this build's documents, without ours
    # (forgotten in env-before-read-docs, made at the start of the writing)
    needs: Any = data.get_needs_view() if data.needs_is_post_processed else data.get_needs_mutable()
    # a spec whose id a user's need takes is not made (that need is listed instead)
    shown = sorted(spec.shown() for spec in need_specs(env) if spec.need_id not in needs)
    incoming = incoming_links(env, {adr.id for adr in domain.adrs()}, needs)
    old_shown, old_incoming = SHOWN.of(domain), INCOMING.of(domain)
    SHOWN.put(domain, shown)
    INCOMING.put(domain, incoming)
    if old_shown is None or old_incoming is None:
        return []
    docs: set[str] = set()
    if shown != old_shown:
        # every page with a sphinx-needs directive (needs, listings, graphs: sphinx-needs
        # files them all under "all"); pages naming a need in ``:need:`` re-write through
        # their references (``collect_need_refs``)
        docs.update(data.get_or_create_docs().get("all", ()))
    for adr_id in set(incoming) | set(old_incoming):
        if incoming.get(adr_id) != old_incoming.get(adr_id):
            adr = domain.get(adr_id)
            if adr is not None:
                docs.add(adr.docname)
    return sorted(docs)
