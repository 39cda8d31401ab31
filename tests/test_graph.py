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

from sphinxcontrib_adr.listings import graph_engine
from util import ROOTS, adr_warnings

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def _need_engine() -> None:
    if shutil.which("dot") is None and graph_engine.scripts_program(graph_engine.PURE) is None:
        if os.environ.get("ADR_REQUIRE_TOOLS") or os.environ.get("ADR_REQUIRE_GRAPHVIZ"):
            pytest.fail("a Graphviz program is required (ADR_REQUIRE_TOOLS is set) but missing")
        pytest.skip("neither Graphviz's dot nor graphviz-pure is installed")


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
    _need_engine()
    return _build(source[1])


@pytest.fixture(scope="module")
def text(source, tmp_path_factory):
    return _build(source[1], "text")


def _svgs(app, page="graph.html") -> list[ET.Element]:
    """The graphs inlined in a page, in page order."""
    html = (app.outdir / page).read_text("utf-8")
    found = re.findall(r'<svg\b[^>]*class="adr-graph-svg".*?</svg>', html, re.DOTALL)
    return [ET.fromstring(svg) for svg in found]


def _chips(app, page="graph.html") -> list[list[tuple[str, str, str]]]:
    """(id, link, fill) of each ADR in each group of ADRs without relations."""
    html = (app.outdir / page).read_text("utf-8")
    return [
        re.findall(r'<a class="adr-graph-chip[^"]*" href="([^"]*)" title="[^"]*" '
                   r'style="--adr-fill: ([^"]*)">([^<]*)</a>', group)
        for group in re.findall(r'<ul class="adr-graph-chips".*?</ul>', html, re.DOTALL)
    ]  # fmt: skip


def _groups(svg: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if kind in g.get("class", "").split()]


def _nodes(svg: ET.Element) -> dict[str, str]:
    """ADR id -> link of every node of a graph."""
    result = {}
    for group in _groups(svg, "node"):
        link = group.find(f".//{SVG}a")
        result[group.find(f"{SVG}title").text] = link.get(XLINK) if link is not None else ""
    return result


def _edges(svg: ET.Element) -> list[str]:
    return sorted(g.find(f"{SVG}title").text for g in _groups(svg, "edge"))


def _edge_labels(svg: ET.Element) -> list[str]:
    return sorted(g.find(f"{SVG}text").text for g in _groups(svg, "edge"))


def _clusters(svg: ET.Element) -> dict[str, list[str]]:
    """Cluster label -> the ADR ids drawn inside its box."""
    result = {}
    for group in _groups(svg, "cluster"):
        box = [float(v) for v in _bounds(group)]
        inside = []
        for node in _groups(svg, "node"):
            x, y = (float(node.find(f".//{SVG}text").get(k)) for k in ("x", "y"))
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                inside.append(node.find(f"{SVG}title").text)
        result[group.find(f"{SVG}text").text] = sorted(inside)
    return result


def _bounds(group: ET.Element) -> tuple[float, float, float, float]:
    shape = group.find(f".//{SVG}path")
    if shape is None:
        shape = group.find(f".//{SVG}polygon")
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", shape.get("d") or shape.get("points"))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_graph_svg_is_inlined_with_one_linked_node_per_adr(html):
    assert adr_warnings(html) == []
    page = (html.outdir / "graph.html").read_text("utf-8")
    assert "<object" not in page and "<img" not in page and "usemap" not in page
    everything, _backend = _svgs(html)
    nodes = _nodes(everything)
    # the related ADRs are drawn; those without relations are a group under the drawing
    assert sorted(nodes) == [f"ADR-000{n}" for n in (2, 3, 4, 7)]
    assert _chips(html)[0] == [
        ("decisions/0001-use-sphinx.html#adr-0001", "#bbf7d0", "ADR-0001"),
        ("decisions/0005-drop-mysql.html#adr-0005", "#fecaca", "ADR-0005"),
        ("decisions/0008-graphql-gateway.html#adr-0008", "#bfdbfe", "ADR-0008"),
    ]
    # links are relative to the page (the drawing is part of it) and land on the anchor
    assert nodes["ADR-0007"] == "decisions/0007-redis-cache.html#adr-0007"
    assert _edges(everything) == ["ADR-0002->ADR-0004", "ADR-0004->ADR-0007", "ADR-0007->ADR-0003"]
    assert _edge_labels(everything) == ["relates", "relates", "supersedes"]
    fills = {
        group.find(f"{SVG}title").text: group.find(f".//{SVG}path").get("fill")
        for group in _groups(everything, "node")
    }
    assert fills["ADR-0007"] == "#bbf7d0" and fills["ADR-0003"] == "#e9d5ff"
    classes = {g.find(f"{SVG}title").text: g.get("class") for g in _groups(everything, "node")}
    assert classes["ADR-0003"] == "node adr-status-superseded"


def test_two_graphs_on_one_page_have_their_own_ids(html):
    page = (html.outdir / "graph.html").read_text("utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    first, second = _svgs(html)
    for svg, prefix in ((first, "adr-graph-"), (second, "adr-graph-2-")):
        inner = [e.get("id") for e in svg.iter() if e.get("id")]
        assert inner and all(i.startswith(prefix) for i in inner)
    assert not any(i.startswith("adr-graph-2-") for i in (e.get("id") for e in first.iter()) if i)
    for prefix, count in (("adr-graph", 4), ("adr-graph-2", 2)):
        assert (
            f'<div class="adr-graph-view" id="{prefix}" role="region" '
            f'aria-label="Relation graph of {count} decisions" tabindex="0">'
        ) in page


def test_graph_links_land_on_the_anchor_in_singlehtml(source, tmp_path):
    # Sphinx 9's singlehtml answers "#document-x": links must not get two fragments
    _need_engine()
    copy = tmp_path / "src"
    shutil.copytree(source[1], copy)
    app = _build(copy, "singlehtml")
    graphs = _svgs(app, "index.html")
    assert len(graphs) == 6  # graph.* and views.* in one page: ids still unique
    page = (app.outdir / "index.html").read_text("utf-8")
    ids = re.findall(r'\bid="(adr-graph[^"]*)"', page)
    assert len(ids) > 6 * 7 and len(ids) == len(set(ids))
    links = _nodes(graphs[0])
    assert links["ADR-0007"].endswith("#adr-0007")
    assert all(link.count("#") == 1 for link in links.values())


def test_filtered_graph_draws_matching_adrs_and_chosen_kinds_only(html):
    _everything, backend = _svgs(html)
    assert sorted(_nodes(backend)) == ["ADR-0003", "ADR-0007"]
    assert [chip[2] for chip in _chips(html)[1]] == ["ADR-0002", "ADR-0004"]
    assert _edges(backend) == ["ADR-0007->ADR-0003"]
    # :direction: TB: the superseded ADR is drawn below the one superseding it
    top = {g.find(f"{SVG}title").text: _bounds(g)[1] for g in _groups(backend, "node")}
    assert top["ADR-0007"] < top["ADR-0003"]


def test_around_with_depth_keeps_the_adrs_that_many_relations_away(html):
    one_step, whole = _svgs(html, "views.html")[:2]
    assert sorted(_nodes(one_step)) == ["ADR-0002", "ADR-0004"]
    assert _edges(one_step) == ["ADR-0002->ADR-0004"]
    assert sorted(_nodes(whole)) == ["ADR-0002", "ADR-0003", "ADR-0004", "ADR-0007"]


def test_hidden_inactive_adrs_and_status_clusters(html):
    active = _svgs(html, "views.html")[2]
    assert sorted(_nodes(active)) == ["ADR-0001", "ADR-0002", "ADR-0004", "ADR-0007", "ADR-0008"]
    assert _clusters(active) == {
        "proposed": ["ADR-0004", "ADR-0008"],
        "accepted": ["ADR-0001", "ADR-0002", "ADR-0007"],
    }
    assert list(_clusters(active)) == ["proposed", "accepted"]  # lifecycle order


def test_faded_inactive_adrs_and_tag_clusters(html):
    faded = _svgs(html, "views.html")[3]
    classes = {g.find(f"{SVG}title").text: g.get("class") for g in _groups(faded, "node")}
    assert sorted(n for n, c in classes.items() if "adr-graph-faded" in c) == [
        "ADR-0003",
        "ADR-0005",
    ]
    assert _clusters(faded) == {
        "docs": ["ADR-0001"],
        "database": ["ADR-0002", "ADR-0005"],
        "performance": ["ADR-0003", "ADR-0007"],
        "backend": ["ADR-0004"],
        "no tag": ["ADR-0008"],
    }
    assert _edges(faded) == ["ADR-0007->ADR-0003"]


def test_latex_gets_a_drawing_of_the_graph(source, tmp_path):
    _need_engine()
    copy = tmp_path / "src"
    shutil.copytree(source[1], copy)
    app = _build(copy, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text("utf-8")
    names = re.findall(r"\\sphinxincludegraphics\{\{(adr-graph-[0-9a-f]+)\}\.(png|pdf)\}", tex)
    assert len(names) == 6
    for name, ext in names:
        data = (app.outdir / f"{name}.{ext}").read_bytes()
        assert data.startswith(b"%PDF" if ext == "pdf" else b"\x89PNG")


def test_graph_without_a_graphviz_program_warns_and_lists_edges(source, tmp_path):
    syntax, srcdir = source
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    # the user's graphviz_dot keeps its meaning: no other program stands in for it
    app = _build(copy, confoverrides={"graphviz_dot": str(tmp_path / "no-such-dot")})
    warnings = [w for w in adr_warnings(app, "graphviz") if w.basename.startswith("graph.")]
    lines = [
        n
        for n, line in enumerate((copy / f"graph.{'rst' if syntax == 'rst' else 'md'}").open(), 1)
        if "adr-graph" in line
    ]
    assert [(w.basename.split(".")[0], w.line) for w in warnings] == [("graph", n) for n in lines]
    assert "pip install 'sphinxcontrib-adr[graphs]', install Graphviz" in warnings[0].message
    page = (app.outdir / "graph.html").read_text("utf-8")
    assert "<svg" not in page
    edges = re.findall(r"<li><p>(.*?)</p></li>", page)
    plain = [re.sub(r"<[^>]+>", "", edge) for edge in edges]
    assert "ADR-0007: Redis cache supersedes ADR-0003: Cache in process" in plain
    assert "Without relations: ADR-0001, ADR-0005, ADR-0008" in plain


def test_a_failing_graphviz_program_warns_and_lists_edges(source, tmp_path):
    _syntax, srcdir = source
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    broken = tmp_path / "broken-dot"
    broken.write_text("#!/bin/sh\necho 'Error: out of memory' >&2\nexit 3\n", "utf-8")
    broken.chmod(0o755)
    app = _build(copy, confoverrides={"graphviz_dot": str(broken)})
    warnings = [w for w in adr_warnings(app, "graphviz") if w.basename.startswith("graph.")]
    assert len(warnings) == 2
    assert f"{broken} could not draw the graph (Error: out of memory)" in warnings[0].message
    page = (app.outdir / "graph.html").read_text("utf-8")
    assert "<svg" not in page and 'class="adr-graph-edges' in page


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
    # the lifecycle rank follows: the status chips of adr-table.js sort by it
    assert re.search(r'<li class="adr-status-superseded adr-rank-\d+">', page)
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


BAD_GRAPHS = {
    "rst": """Bad graphs
==========

.. adr-graph::
   :around: ADR-0099

.. adr-graph::
   :status: accepted
   :around: ADR-0005, ADR-0002

.. adr-graph::
   :depth: 2

.. adr-graph::
   :around: ADR-0002
   :depth: zero

.. adr-graph::
   :cluster: team

.. adr-graph::
   :rankdir: TB
   :direction: LR

.. adr-graph::
   :inactive: maybe

.. adr-graph::
   :rankdir: up
""",
    "myst": """# Bad graphs

:::{adr-graph}
:around: ADR-0099
:::

:::{adr-graph}
:status: accepted
:around: ADR-0005, ADR-0002
:::

:::{adr-graph}
:depth: 2
:::

:::{adr-graph}
:around: ADR-0002
:depth: zero
:::

:::{adr-graph}
:cluster: team
:::

:::{adr-graph}
:rankdir: TB
:direction: LR
:::

:::{adr-graph}
:inactive: maybe
:::

:::{adr-graph}
:rankdir: up
:::
""",
}


def test_bad_graph_options_warn_once_each_with_the_fix(source, tmp_path):
    syntax, srcdir = source
    copy = tmp_path / "src"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    name = f"bad.{'rst' if syntax == 'rst' else 'md'}"
    orphan = ":orphan:\n\n" if syntax == "rst" else "---\norphan: true\n---\n"
    (copy / name).write_text(orphan + BAD_GRAPHS[syntax], "utf-8")
    app = _build(copy, "text")
    # options are checked when the page is read, :around: ids once all ADRs are known
    found = sorted((w.line, w.type, w.message) for w in adr_warnings(app) if w.basename == name)
    offset = 2 if syntax == "rst" else 3  # the orphan marker above the title
    directive = [
        n + offset
        for n, line in enumerate(BAD_GRAPHS[syntax].splitlines(), 1)
        if "adr-graph" in line
    ]
    assert [(line, kind) for line, kind, _ in found] == [
        (directive[0], "adr.ref"),
        (directive[1], "adr.ref"),
        (directive[2], "adr.filter"),
        (directive[3], "adr.filter"),
        (directive[4], "adr.filter"),
        (directive[5], "adr.filter"),
        (directive[6], "adr.filter"),
        (directive[7], "adr.filter"),
    ]
    messages = [message for _, _, message in found]
    assert "'ADR-0099' is not an ADR id; check the id" in messages[0]
    assert "'ADR-0005' is not among the ADRs this graph's filters select" in messages[1]
    assert ":depth: needs :around:" in messages[2]
    assert ":depth: 'zero' is not a number of relations; write 1 or more" in messages[3]
    assert ":cluster: 'team' is not valid; write one of status, tag" in messages[4]
    assert ":rankdir: and :direction: disagree" in messages[5]
    assert ":inactive: 'maybe' is not valid; write one of show, fade, hide" in messages[6]
    assert ":rankdir: 'UP' is not a direction; write one of LR, RL, TB, BT" in messages[7]
    # around nothing known: the empty line; around one known ADR: that ADR alone;
    # the directives with bad options are dropped (an unfiltered graph would mislead)
    page = (app.outdir / "bad.txt").read_text("utf-8")
    assert page.split("**********\n\n")[1] == (
        "No decisions match.\n\n* Without relations: *ADR-0002*\n"
    )


def _pages(app, names=("graph.html", "views.html")) -> dict[str, str]:
    return {name: (app.outdir / name).read_text("utf-8") for name in names}


def test_parallel_and_incremental_graph_pages_equal_a_clean_serial_build(source, tmp_path):
    _need_engine()
    syntax, srcdir = source
    builds = {}
    for name, parallel in (("serial", 0), ("parallel", 2)):
        copy = tmp_path / name
        shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
        builds[name] = _pages(_build(copy, parallel=parallel))
    assert builds["parallel"] == builds["serial"]
    # ADR-0004 becomes deprecated: graphs that hide inactive ADRs lose it
    copy = tmp_path / "serial"
    adr = copy / f"decisions/0004-event-sourcing.{'rst' if syntax == 'rst' else 'md'}"
    adr.write_text(adr.read_text("utf-8").replace("proposed", "deprecated"), "utf-8")
    again = SphinxTestApp("html", srcdir=copy, status=StringIO(), warning=StringIO())
    try:
        again.build()
    finally:
        again.cleanup()
    clean = tmp_path / "clean"
    shutil.copytree(copy, clean, ignore=shutil.ignore_patterns("_build"))
    incremental, fresh = _pages(again), _pages(_build(clean))
    assert incremental == fresh
    assert "ADR-0004" not in _nodes(_svgs(again, "views.html")[2])


def test_isolated_adrs_grouped_hidden_or_refused_and_a_status_of_ones_own_has_a_fill(tmp_path):
    """A real log (109 ADRs, 5 relations): ``:isolated: group`` sets the 102 ADRs
    without relations under the drawing, ``hide`` counts them, a bad value is one
    warning; the project's own status ``parked`` was drawn white."""
    _need_engine()
    from real_log import PARKED, RELATIONS, ids, write_real_log

    from sphinxcontrib_adr.listings.graph_colors import DEFAULT_COLORS
    from sphinxcontrib_adr.listings.graph_dot import SPARE_FILLS

    srcdir = write_real_log(tmp_path / "src", graph="   :isolated: group\n")
    for name, option in (("hidden", "hide"), ("bad", "maybe")):
        (srcdir / f"{name}.rst").write_text(
            f":orphan:\n\n{name}\n{'=' * len(name)}\n\n.. adr-graph::\n   :isolated: {option}\n",
            "utf-8",
        )
    app = _build(srcdir)
    assert [(w.type, w.basename, w.line) for w in adr_warnings(app)] == [
        ("adr.filter", "bad.rst", 6)
    ]
    assert ":isolated: 'maybe' is not valid; write one of group, list, hide" in (
        adr_warnings(app)[0].message
    )
    related = {adr for source, _kind, target in RELATIONS for adr in (source, target)}
    (chips,) = _chips(app)
    assert [chip[2] for chip in chips] == [i for i in ids() if i not in related]
    fills = {adr: fill for _link, fill, adr in chips}
    assert {fills[adr] for adr in PARKED} == {SPARE_FILLS[0]}
    assert SPARE_FILLS[0] not in DEFAULT_COLORS.values()
    (svg,) = _svgs(app)
    assert sorted(_nodes(svg)) == sorted(related)
    hidden = (app.outdir / "hidden.html").read_text("utf-8")
    assert "102 decisions without relations not shown." in hidden
    assert "adr-graph-chip" not in hidden and "Without relations (" not in hidden
