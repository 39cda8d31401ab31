"""adr-graph (with and without Graphviz), adr-timeline, the ADRs-by-status index
and the "Referenced by" field, in reST and MyST."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

from util import ROOTS, adr_warnings

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def _need_dot() -> None:
    if shutil.which("dot") is None:
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail("Graphviz's dot is required (ADR_REQUIRE_TOOLS is set) but missing")
        pytest.skip("Graphviz's dot is not installed")


def _build(srcdir, buildername="html", **kwargs):
    app = SphinxTestApp(
        buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(), freshenv=True, **kwargs
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module", params=("rst", "myst"))
def source(request, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp(f"graph-{request.param}") / "src"
    shutil.copytree(ROOTS / f"test-graph-{request.param}", srcdir)
    return request.param, srcdir


@pytest.fixture(scope="module")
def html(source):
    _need_dot()
    return _build(source[1])


@pytest.fixture(scope="module")
def text(source, tmp_path_factory):
    return _build(source[1], "text")


def _svgs(app) -> list[ET.Element]:
    page = (app.outdir / "graph.html").read_text("utf-8")
    names = re.findall(r'<object data="(_images/graphviz-[0-9a-f]+\.svg)"', page)
    return [ET.parse(app.outdir / name).getroot() for name in names]


def _nodes(svg: ET.Element) -> dict[str, str]:
    """ADR id -> link of every node of a graph."""
    result = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title").text
            link = group.find(f".//{SVG}a")
            result[title] = link.get(XLINK) if link is not None else ""
    return result


def _edges(svg: ET.Element) -> list[str]:
    return sorted(
        group.find(f"{SVG}title").text.replace("&gt;", ">")
        for group in svg.iter(f"{SVG}g")
        if group.get("class") == "edge"
    )


def test_graph_svg_has_one_linked_node_per_adr(html):
    assert adr_warnings(html) == []
    everything, _backend = _svgs(html)
    nodes = _nodes(everything)
    assert sorted(nodes) == [f"ADR-000{n}" for n in (1, 2, 3, 4, 5, 7, 8)]
    # links are rewritten relative to _images/ and land on the ADR's anchor
    assert nodes["ADR-0007"] == "../decisions/0007-redis-cache.html#adr-0007"
    assert _edges(everything) == ["ADR-0002->ADR-0004", "ADR-0004->ADR-0007", "ADR-0007->ADR-0003"]
    fills = {
        group.find(f"{SVG}title").text: group.find(f".//{SVG}path").get("fill")
        for group in everything.iter(f"{SVG}g")
        if group.get("class") == "node"
    }
    assert fills["ADR-0007"] == "#bbf7d0" and fills["ADR-0003"] == "#e9d5ff"


def test_graph_links_land_on_the_anchor_in_singlehtml(source, tmp_path):
    # Sphinx 9's singlehtml answers "#document-x": links must not get two fragments
    _need_dot()
    copy = tmp_path / "src"
    shutil.copytree(source[1], copy)
    app = _build(copy, "singlehtml")
    page = (app.outdir / "index.html").read_text("utf-8")
    names = re.findall(r'<object data="(_images/graphviz-[0-9a-f]+\.svg)"', page)
    assert names
    links = _nodes(ET.parse(app.outdir / names[0]).getroot())
    assert links["ADR-0007"].endswith("#adr-0007")
    assert all(link.count("#") == 1 for link in links.values())


def test_filtered_graph_draws_matching_adrs_and_chosen_kinds_only(html):
    _everything, backend = _svgs(html)
    assert sorted(_nodes(backend)) == ["ADR-0002", "ADR-0003", "ADR-0004", "ADR-0007"]
    assert _edges(backend) == ["ADR-0007->ADR-0003"]
    assert "rankdir=TB" not in (html.outdir / "graph.html").read_text("utf-8")  # in the svg only


def test_graph_without_dot_warns_and_lists_edges(source, tmp_path):
    syntax, srcdir = source
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    app = _build(copy, confoverrides={"graphviz_dot": str(tmp_path / "no-such-dot")})
    warnings = adr_warnings(app, "graphviz")
    lines = [
        n
        for n, line in enumerate((copy / f"graph.{'rst' if syntax == 'rst' else 'md'}").open(), 1)
        if "adr-graph" in line
    ]
    assert [(w.basename.split(".")[0], w.line) for w in warnings] == [("graph", n) for n in lines]
    assert "install Graphviz or set graphviz_dot" in warnings[0].message
    page = (app.outdir / "graph.html").read_text("utf-8")
    assert "<object" not in page
    edges = re.findall(r"<li><p>(.*?)</p></li>", page)
    plain = [re.sub(r"<[^>]+>", "", edge) for edge in edges]
    assert "ADR-0007: Redis cache supersedes ADR-0003: Cache in process" in plain
    assert "Without relations: ADR-0001, ADR-0005, ADR-0008" in plain


def test_text_builder_shows_the_graph_as_a_list_of_edges(text):
    page = (text.outdir / "graph.txt").read_text("utf-8")
    assert "* *ADR-0002: Use Postgres* relates *ADR-0004: Event sourcing" in page
    assert "Without relations:" in page


def test_timeline_lists_decisions_by_date_with_supersessions(text):
    page = (text.outdir / "timeline.txt").read_text("utf-8")
    first, recent = page.split("Recent\n")
    order = re.findall(r"ADR-(\d{4}): ", first)
    assert order == ["0001", "0002", "0003", "0004", "0005", "0007", "0008"]
    assert first.index("2023") < first.index("2024") < first.index("2025") < first.index("Undated")
    assert re.search(
        r"ADR-0003: Cache in process\* superseded — superseded by\s+\*ADR-0007\*", first
    )
    assert re.search(r"Redis cache\* accepted — supersedes \*ADR-0003\*", first)
    assert re.findall(r"ADR-(\d{4}): ", recent) == ["0007", "0005", "0004", "0003"]


def test_timeline_html_marks_status_and_supersession(html):
    page = (html.outdir / "timeline.html").read_text("utf-8")
    assert '<ul class="adr-timeline' in page
    assert '<li class="adr-status-superseded">' in page
    assert 'class="adr-supersession adr-rel-superseded-by"' in page


def test_domain_index_lists_adrs_by_status_in_lifecycle_order(html):
    page = (html.outdir / "adr-status.html").read_text("utf-8")
    headings = re.findall(r'<tr class="cap" id="cap-(\w+)">', page)
    assert headings == ["Proposed", "Accepted", "Rejected", "Superseded"]
    assert page.index("ADR-0004: Event sourcing") < page.index("ADR-0001: Use Sphinx")
    assert 'href="decisions/0007-redis-cache.html#adr-0007"' in page


def test_referenced_by_lists_referring_pages_and_follows_edits(source, tmp_path):
    syntax, srcdir = source
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy)
    app = _build(copy)
    page = (app.outdir / "decisions/0003-cache-in-process.html").read_text("utf-8")
    assert "Referenced by" in page and 'href="../mentions.html"' in page
    assert "Referenced by" not in (app.outdir / "decisions/0001-use-sphinx.html").read_text("utf-8")
    # the referring page stops referring: the ADR page (not re-read) is re-written
    mentions = copy / f"mentions.{'rst' if syntax == 'rst' else 'md'}"
    mentions.write_text(mentions.read_text("utf-8").split("We moved")[0] + "Nothing.\n", "utf-8")
    again = SphinxTestApp("html", srcdir=copy, status=StringIO(), warning=StringIO())
    read: list[str] = []
    again.connect("env-before-read-docs", lambda _a, _e, docs: read.extend(docs))
    try:
        again.build()
    finally:
        again.cleanup()
    assert read == ["mentions"]
    page = (again.outdir / "decisions/0003-cache-in-process.html").read_text("utf-8")
    assert "Referenced by" not in page


def test_referenced_by_adds_a_page_that_starts_referring_and_omits_the_adr_itself(source, tmp_path):
    syntax, srcdir = source
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy)
    adr = "decisions/0001-use-sphinx"
    own = copy / f"{adr}.{'rst' if syntax == 'rst' else 'md'}"
    role = ":adr:`ADR-0001`" if syntax == "rst" else "{adr}`ADR-0001`"
    # the ADR refers to itself: its own page is never one of its referrers
    own.write_text(own.read_text("utf-8") + f"\nThis is {role}.\n", "utf-8")
    app = _build(copy)
    assert "Referenced by" not in (app.outdir / f"{adr}.html").read_text("utf-8")
    if syntax == "rst":
        (copy / "later.rst").write_text(f":orphan:\n\nLater\n=====\n\nSee {role}.\n", "utf-8")
    else:
        (copy / "later.md").write_text(f"---\norphan: true\n---\n# Later\n\nSee {role}.\n")
    again = SphinxTestApp("html", srcdir=copy, status=StringIO(), warning=StringIO())
    try:
        again.build()
    finally:
        again.cleanup()
    page = (again.outdir / f"{adr}.html").read_text("utf-8")
    field = page[page.index("Referenced by") :]
    assert re.findall(r'href="([^"]*)"', field[: field.index("</dd>")]) == ["../later.html"]
