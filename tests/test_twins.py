"""reST and MyST twins render the same: every node the extension generates
(metadata blocks, listings, body cards, trace tables, ...) is compared at
doctree level, after resolving, as normalised XML.

Records being equal is not enough: a renderer that treats one syntax's nodes
differently would still pass a record comparison, not this one.
"""

from __future__ import annotations

import difflib
import inspect
import re

import pytest
from docutils import nodes

from util import copy_root

#: roots written twice, once per syntax, with the same meaning (the "bad" roots
#: are not twins: each holds the mistakes its syntax allows)
TWINS = [
    "core",
    "body",
    "query",
    "trace",
    "graph",
    "builders",
    "config",
    "optionlike",
    "parallel",
    "intersphinx",
    "needs",
    "template000",
    "template001",
    "template002",
    "template003",
    "template004",
]

_DROPPED = ("source", "line", "rawsource")


def _generated(doctree: nodes.document) -> list[nodes.Element]:
    """The outermost generated elements: those with an ``adr*`` class, not sections
    (a section is the user's own text, which the two parsers may wrap differently)."""
    found: list[nodes.Element] = []

    def walk(node: nodes.Node) -> None:
        if (
            isinstance(node, nodes.Element)
            and not isinstance(node, nodes.section)
            and any(c.startswith("adr") for c in node.get("classes", []))
        ):
            found.append(node)
            return
        for child in node.children:
            walk(child)

    walk(doctree)
    return found


def normalised(node: nodes.Element) -> str:
    """A node as text without source positions, white space folded (MyST keeps
    soft line breaks inside paragraphs that reST joins)."""
    copy = node.deepcopy()
    for element in copy.findall(nodes.Element):
        for name in _DROPPED:
            element.attributes.pop(name, None)
    return re.sub(r"\s+", " ", copy.pformat()).strip()


def _rendered(make_app, tmp_path, name: str) -> dict[str, list[str]]:
    app = make_app("html", srcdir=copy_root(name, tmp_path))
    app.build()
    # Sphinx 9 warns unless tags are given; 8.1 has no such parameter
    takes_tags = "tags" in inspect.signature(app.env.get_and_resolve_doctree).parameters
    extra = {"tags": app.tags} if takes_tags else {}
    return {
        docname: [
            normalised(n)
            for n in _generated(app.env.get_and_resolve_doctree(docname, app.builder, **extra))
        ]
        for docname in sorted(app.env.found_docs)
    }


@pytest.mark.parametrize("root", TWINS)
def test_rst_and_myst_twins_render_the_same_nodes(make_app, tmp_path, root):
    rst = _rendered(make_app, tmp_path, f"{root}-rst")
    myst = _rendered(make_app, tmp_path, f"{root}-myst")
    assert sorted(rst) == sorted(myst)
    assert sum(map(len, rst.values())) > 0, "the twin shows nothing generated"
    for docname in rst:
        if rst[docname] != myst[docname]:
            diff = difflib.unified_diff(rst[docname], myst[docname], "rst", "myst", lineterm="")
            pytest.fail(f"{root}: {docname} differs:\n" + "\n".join(diff))


def test_normalised_xml_tells_a_different_rendering_apart():
    # guard: the comparison is not blind to what it is meant to catch
    def block(status: str) -> nodes.field_list:
        return nodes.field_list(
            "",
            nodes.field(
                "",
                nodes.field_name("Status", "Status"),
                nodes.field_body("", nodes.paragraph(status, status)),
            ),
            classes=["adr-meta"],
        )

    same = block("accepted")
    same["source"], same["line"] = "a.rst", 3
    assert normalised(same) == normalised(block("accepted"))
    assert normalised(block("accepted")) != normalised(block("proposed"))
    document = nodes.document(None, None)
    section = nodes.section(classes=["adr"])
    section += block("accepted")
    document += section
    assert [n["classes"] for n in _generated(document)] == [["adr-meta"]]
