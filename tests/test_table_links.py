"""A listing's row links its id and its title to one ADR resolved once (issue 29):
the two links are, node for node, the ones two separate references give; and the
nodes the table builder grows without docutils' ``append`` form the same tree."""

from __future__ import annotations

from typing import Any

import pytest
from docutils import nodes

from sphinxcontrib_adr.core.domain import get_domain
from sphinxcontrib_adr.render.context import RenderContext, grown


def _shape(node: nodes.Node) -> Any:
    """Everything a writer or a pickle sees of ``node``: class, raw source, attributes
    in their order, children, and each child's parent link."""
    if isinstance(node, nodes.Text):
        return ("#text", str(node))
    assert isinstance(node, nodes.Element)
    assert all(child.parent is node for child in node.children)
    children = [_shape(child) for child in node.children]
    return (type(node).__name__, node.rawsource, list(node.attributes.items()), children)


@pytest.mark.parametrize("resolved", [True, False], ids=["with-builder", "pending"])
def test_a_rows_links_are_those_of_two_references(build_once, resolved):
    app = build_once("query-rst", "html")
    domain = get_domain(app.env)
    builder = app.builder if resolved else None
    targets = [(adr.id, adr.title) for adr in domain.adrs()] + [("ADR-9999", "Nowhere")]
    assert len(targets) > 2
    for adr_id, title in targets:
        together = RenderContext(domain, "display", builder).links(adr_id, [adr_id, title])
        apart = [RenderContext(domain, "display", builder).xref(adr_id, t) for t in (adr_id, title)]
        assert [_shape(n) for n in together] == [_shape(n) for n in apart]


def test_a_resolved_row_links_to_its_adr_page_with_its_title(build_once):
    app = build_once("query-rst", "html")
    domain = get_domain(app.env)
    adr = domain.get("ADR-0001")
    assert adr is not None
    ctx = RenderContext(domain, "display", app.builder)
    id_link, title_link = ctx.links(adr.id, [adr.id, adr.title])
    for link, text in ((id_link, adr.id), (title_link, adr.title)):
        assert isinstance(link, nodes.reference)
        assert link["refuri"] == "decisions/0001-use-sphinx.html#adr-0001"
        assert link.astext() == text
        assert link["classes"] == ["adr-ref", f"adr-status-{adr.status}"]
    # an ADR nothing resolves: the bare texts, as Sphinx leaves an unresolved reference
    missing = ctx.links("ADR-9999", ["ADR-9999", "Nowhere"])
    assert [type(n) for n in missing] == [nodes.inline, nodes.inline]
    assert [n.astext() for n in missing] == ["ADR-9999", "Nowhere"]


def test_grown_makes_the_tree_append_makes():
    def parts() -> list[nodes.Node]:
        return [
            nodes.Text("a "),
            nodes.emphasis("b", "b"),
            nodes.raw("", "<i>c</i>", format="html"),
        ]

    appended = nodes.paragraph("", "", *parts(), classes=["x"])
    assert _shape(grown(nodes.paragraph(classes=["x"]), *parts())) == _shape(appended)
    # a node already in a tree: docutils' own append (it may pass a document down)
    document = nodes.document(None, None)  # type: ignore[arg-type]
    section = nodes.section()
    document += section
    child = nodes.paragraph()
    grown(section, child)
    assert child.parent is section
    assert child.document is document
