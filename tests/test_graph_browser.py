"""adr-graph in a real headless Chromium: links of two graphs on one page, pan and
zoom of a 200-ADR graph, and the contrast of edges and their labels in dark modes.

Screenshots of the 40- and 200-ADR graphs are written to ``$ADR_SCREENSHOTS``
when that is set (for looking at).
"""

from __future__ import annotations

import os
import random
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.listings import graph_engine
from util import ROOTS, adr_warnings

# found on the PATH: CI hides it there to test a machine without a browser
CHROMIUM = Path(shutil.which("chromium") or "/chromium-is-not-on-the-PATH")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = pytest.mark.browser


def _require_tools():
    missing = []
    if not CHROMIUM.exists():
        missing.append("Chromium (on the PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        missing.append("Playwright")
        sync_playwright = None
    if shutil.which("dot") is None and graph_engine.scripts_program(graph_engine.PURE) is None:
        missing.append("a Graphviz program (dot or graphviz-pure)")
    if missing:
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail(f"{', '.join(missing)} required (ADR_REQUIRE_TOOLS is set)")
        pytest.skip(f"{', '.join(missing)} not installed")
    return sync_playwright


def _build(srcdir: Path, **overrides) -> Path:
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=StringIO(),
        warning=StringIO(),
        freshenv=True,
        confoverrides=overrides,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert adr_warnings(app) == []
    return Path(app.outdir)


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _require_tools()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser, path: Path, width: int = 1200, **context):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    page = ctx.new_page()
    page.goto(path.as_uri())
    return ctx, page


def test_clicking_a_node_in_each_of_two_graphs_opens_that_adr(browser, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-graph-rst", srcdir)
    site = _build(srcdir)
    ctx, page = _page(browser, site / "graph.html")
    try:
        chips = page.locator("ul.adr-graph-chips")
        for link, target in (
            (page.locator('[id="adr-graph-2-node-adr-0003"] a'), "0003-cache-in-process"),
            (page.locator('[id="adr-graph-node-adr-0002"] a'), "0002-use-postgres"),
            (page.locator('[id="adr-graph-2-node-adr-0007"] a'), "0007-redis-cache"),
            # the ADRs without relations: a group under each drawing
            (chips.nth(0).get_by_role("link", name="ADR-0001"), "0001-use-sphinx"),
            (chips.nth(1).get_by_role("link", name="ADR-0002"), "0002-use-postgres"),
        ):
            adr = target[:4]
            target = f"decisions/{target}.html#adr-{adr}"
            link.click()
            page.wait_for_load_state()
            assert page.url == (site / target).as_uri().replace("%23", "#")
            page.go_back()
    finally:
        ctx.close()


def _big_project(srcdir: Path, count: int) -> None:
    """``count`` ADRs with supersedes and relates links to earlier ones (seeded)."""
    rng = random.Random(count)
    (srcdir / "decisions").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr"]\nproject = "big"\nhtml_theme = "furo"\n'
        'suppress_warnings = ["adr.review"]\n',
        "utf-8",
    )
    statuses = ["accepted", "accepted", "proposed", "rejected", "deprecated"]
    words = [
        "cache",
        "queue",
        "schema",
        "index",
        "worker",
        "client",
        "server",
        "token",
        "event",
        "stream",
        "shard",
    ]
    superseded = set()
    for n in range(1, count + 1):
        options = [f":status: {rng.choice(statuses)}", f":date: 2024-01-{n % 28 + 1:02d}"]
        if n > 3 and rng.random() < 0.25:
            old = rng.randrange(1, n)
            superseded.add(old)
            options.append(f":supersedes: ADR-{old:04d}")
        if n > 3 and rng.random() < 0.45:
            options.append(f":relates: ADR-{rng.randrange(1, n):04d}")
        title = f"ADR-{n:04d}: " + " ".join(rng.choice(words) for _ in range(4)).capitalize()
        body = "\n".join(f"   {o}" for o in options)
        (srcdir / "decisions" / f"{n:04d}-x.rst").write_text(
            f"{title}\n{'=' * len(title)}\n\n.. adr::\n{body}\n\nContext.\n", "utf-8"
        )
    for old in superseded:  # consistent statuses: no adr.status-implied warnings
        path = srcdir / "decisions" / f"{old:04d}-x.rst"
        text = path.read_text("utf-8")
        for status in statuses:
            text = text.replace(f":status: {status}\n", ":status: superseded\n")
        path.write_text(text, "utf-8")
    (srcdir / "index.rst").write_text(
        "Big\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n   graph\n", "utf-8"
    )
    (srcdir / "graph.rst").write_text("Graph\n=====\n\n.. adr-graph::\n", "utf-8")


_DRAWN = """() => {
  const v = document.querySelector('.adr-graph-view');
  const r = v.querySelector('svg.adr-graph-svg').getBoundingClientRect();
  return {width: r.width, height: r.height, boxWidth: v.clientWidth, boxHeight: v.clientHeight,
          scale: parseFloat(v.dataset.scale)};
}"""


@pytest.mark.parametrize("count", [40, 200])
def test_a_big_graph_is_legible_and_can_be_panned_and_zoomed(browser, tmp_path, count):
    pytest.importorskip("furo")
    srcdir = tmp_path / "src"
    _big_project(srcdir, count)
    site = _build(srcdir)
    ctx, page = _page(browser, site / "graph.html")
    try:
        view = page.locator(".adr-graph-view")
        # node text is drawn at a legible size (not a whole log squeezed into the column)
        heights = page.evaluate(
            "() => [...document.querySelectorAll('.adr-graph-svg g.node text')]"
            ".map(t => t.getBoundingClientRect().height)"
        )
        alone = page.locator("p.adr-graph-isolated a, a.adr-graph-chip").count()
        assert len(heights) == 2 * (count - alone)  # id and title of each related ADR
        assert min(heights) >= 8.5, min(heights)
        start = float(view.get_attribute("data-scale"))
        size = page.evaluate(
            "() => { const v = document.querySelector('.adr-graph-view');"
            " return [v.scrollWidth, v.clientWidth, v.scrollHeight, v.clientHeight]; }"
        )
        if count == 200:  # bigger than the view: it pans
            assert size[0] > size[1] or size[2] > size[3], size
        page.get_by_role("button", name="Zoom in").click()
        assert float(view.get_attribute("data-scale")) == pytest.approx(start * 1.25)
        page.get_by_role("button", name="Fit the drawing in the box").click()
        fitted = float(view.get_attribute("data-scale"))
        drawn = page.evaluate(_DRAWN)
        # the whole drawing in the box, both ways (it used to fit the width only)
        assert drawn["width"] <= drawn["boxWidth"] and drawn["height"] <= drawn["boxHeight"], drawn
        page.get_by_role("button", name="Natural size").click()
        assert float(view.get_attribute("data-scale")) == 1
        view.focus()
        page.keyboard.press("-")
        assert float(view.get_attribute("data-scale")) == pytest.approx(0.8)
        page.keyboard.press("0")
        assert float(view.get_attribute("data-scale")) == 1
        # dragging pans the view
        box = view.bounding_box()
        before = page.evaluate("document.querySelector('.adr-graph-view').scrollTop")
        page.mouse.move(box["x"] + 300, box["y"] + 400)
        page.mouse.down()
        page.mouse.move(box["x"] + 300, box["y"] + 100, steps=5)
        page.mouse.up()
        after = page.evaluate("document.querySelector('.adr-graph-view').scrollTop")
        if count == 200:
            assert after > before
        assert fitted <= 1
        target = Path(os.environ.get("ADR_SCREENSHOTS") or tmp_path)
        target.mkdir(parents=True, exist_ok=True)
        page.get_by_role("button", name="Natural size").click()
        page.evaluate("document.querySelector('.adr-graph-view').scrollTo(0, 0)")
        page.screenshot(path=str(target / f"adr-graph-{count}.png"))
    finally:
        ctx.close()


#: theme -> JavaScript switching it to dark ("" : the browser's dark colour scheme does)
DARK = {
    "furo": "document.body.dataset.theme = 'dark';",
    "furo-auto": "document.body.dataset.theme = 'auto';",
    "pydata_sphinx_theme": "document.documentElement.dataset.theme = 'dark';"
    "document.documentElement.dataset.mode = 'dark';",
    "alabaster": "",  # with a prefers-color-scheme stylesheet of the site's own
}

_SITE_DARK_CSS = """@media (prefers-color-scheme: dark) {
  body, div.document, div.body, div.bodywrapper, div.sphinxsidebar {
    background: #18181b; color: #e4e4e7;
  }
}
"""

_MEASURE = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a)
      .concat([a]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement)
      layers.push(parse(getComputedStyle(e).backgroundColor));
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (colour, bg) => {
    const [a, b] = [lum(over(parse(colour), bg)), lum(bg)].sort((x, y) => y - x);
    return Math.round((a + 0.05) / (b + 0.05) * 100) / 100;
  };
  const out = [];
  for (const view of document.querySelectorAll('.adr-graph-view')) {
    const bg = background(view);
    for (const t of view.querySelectorAll('g.edge text'))
      out.push({kind: 'label', text: t.textContent, ratio: ratio(getComputedStyle(t).fill, bg)});
    for (const p of view.querySelectorAll('g.edge path'))
      out.push({kind: 'line', ratio: ratio(getComputedStyle(p).stroke, bg),
                bg: bg.map(Math.round)});
  }
  return out;
}
"""


@pytest.mark.parametrize("theme", list(DARK))
def test_edge_lines_and_labels_reach_4_5_to_1_in_dark_modes(browser, tmp_path, theme):
    name = theme.split("-")[0]
    pytest.importorskip(
        {"furo": "furo", "pydata_sphinx_theme": "pydata_sphinx_theme"}.get(name, "sphinx")
    )
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-graph-rst", srcdir)
    overrides = {"html_theme": name}
    if name == "alabaster":
        (srcdir / "_static").mkdir()
        (srcdir / "_static" / "site-dark.css").write_text(_SITE_DARK_CSS, "utf-8")
        overrides |= {"html_static_path": ["_static"], "html_css_files": ["site-dark.css"]}
    site = _build(srcdir, **overrides)
    for scheme in ("light", "dark"):
        ctx, page = _page(browser, site / "graph.html", color_scheme=scheme)
        try:
            if scheme == "dark" and DARK[theme]:
                page.evaluate(DARK[theme])
            page.wait_for_timeout(100)  # the themes' colour transitions
            items = page.evaluate(_MEASURE)
            assert {i["kind"] for i in items} == {"label", "line"}
            assert sorted(i["text"] for i in items if i["kind"] == "label") == [
                "relates", "relates", "supersedes", "supersedes",
            ]  # fmt: skip
            if scheme == "dark":  # the page really is dark
                assert sum(items[-1]["bg"][:3]) < 200, items[-1]
            for item in items:
                assert item["ratio"] >= 4.5, (theme, scheme, item)
        finally:
            ctx.close()


# ------------------------------------------------------------ a real log's graph


@pytest.fixture(scope="module")
def real_site(browser, tmp_path_factory):
    """The 109-ADR log with five relations (tests/real_log.py), in furo."""
    pytest.importorskip("furo")
    from real_log import write_real_log

    srcdir = write_real_log(tmp_path_factory.mktemp("real") / "src", "furo")
    return _build(srcdir)


def _shot(page, tmp_path, name: str) -> None:
    target = Path(os.environ.get("ADR_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=True)


def test_a_real_log_opens_with_its_relations_whole_and_its_other_adrs_listed(
    browser, real_site, tmp_path
):
    """109 ADRs, 5 relations: the graph was a wall of 109 boxes opened at 100 % with
    a column cut off and the relations at the bottom of a 2,204 px drawing."""
    from real_log import RELATIONS, ids

    ctx, page = _page(browser, real_site / "graph.html", width=1280)
    try:
        drawn = page.evaluate(_DRAWN)
        assert drawn["width"] <= drawn["boxWidth"] and drawn["height"] <= drawn["boxHeight"]
        assert drawn["scale"] >= 0.66, drawn  # text of 9 px or more
        names = page.evaluate(
            "[...document.querySelectorAll('.adr-graph-svg g.node title')].map(t => t.textContent)"
        )
        related = {adr for s, _k, t in RELATIONS for adr in (s, t)}
        assert sorted(names) == sorted(related)
        # the others follow as one line of links, in id order (not by folder)
        listed = page.evaluate(
            "[...document.querySelectorAll('p.adr-graph-isolated a')].map(a => a.textContent)"
        )
        assert listed == [i for i in ids() if i not in related]
        legend = page.locator("ul.adr-graph-legend > li").all_inner_texts()
        assert [t.strip() for t in legend] == [
            "accepted", "rejected", "superseded", "supersedes", "amends", "relates",
        ]  # fmt: skip
        # the zoom is said once: "100 %" was both the readout and a button
        texts = page.locator(".adr-graph-tools").inner_text()
        assert len(re.findall(r"\d+ %", texts)) == 1, texts
        _shot(page, tmp_path, "adr-graph-real-log.png")
    finally:
        ctx.close()


def test_plain_wheel_scrolls_the_page_and_ctrl_wheel_zooms(browser, tmp_path):
    srcdir = tmp_path / "src"
    _big_project(srcdir, 200)
    site = _build(srcdir)
    ctx, page = _page(browser, site / "graph.html")
    try:
        view = page.locator(".adr-graph-view")
        view.scroll_into_view_if_needed()
        box = view.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        where = "[window.scrollY, document.querySelector('.adr-graph-view').scrollTop]"
        before = page.evaluate(where)
        scale = view.get_attribute("data-scale")
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(300)
        after = page.evaluate(where)
        assert after[0] > before[0] and after[1] == before[1], (before, after)
        assert view.get_attribute("data-scale") == scale
        page.keyboard.down("Control")
        page.mouse.wheel(0, -100)
        page.keyboard.up("Control")
        assert float(view.get_attribute("data-scale")) == pytest.approx(float(scale) * 1.25)
    finally:
        ctx.close()


def test_the_graph_box_is_a_labelled_region_and_tab_goes_top_down(browser, real_site):
    ctx, page = _page(browser, real_site / "graph.html", width=1280)
    try:
        region = page.get_by_role("region", name="Relation graph of 7 decisions")
        assert region.count() == 1
        page.get_by_role("button", name="Natural size").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('adr-graph-view')")
        page.keyboard.press("Tab")
        first = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return [document.activeElement.closest('g.node').querySelector('title')"
            ".textContent, r.top, r.left]; })()"
        )
        tops = page.evaluate(
            "[...document.querySelectorAll('.adr-graph-svg g.node')]"
            ".map(g => g.getBoundingClientRect().top)"
        )
        # the first node reached is in the top row (it was one at the bottom)
        assert first[1] <= min(tops) + 10, (first, sorted(tops))
    finally:
        ctx.close()


_FILLS = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const mix = (fill, alpha) => fill.slice(0, 3).map((v, i) => v * alpha + page[i] * (1 - alpha));
  const out = [];
  for (const g of document.querySelectorAll('.adr-graph-svg g.node')) {
    const shape = g.querySelector('path, polygon');
    const s = getComputedStyle(shape);
    const fill = mix(parse(s.fill), parseFloat(s.fillOpacity));
    const text = parse(getComputedStyle(g.querySelector('text')).fill);
    const [a, b] = [lum(text), lum(fill)].sort((x, y) => y - x);
    out.push({fill: lum(fill), ratio: (a + 0.05) / (b + 0.05)});
  }
  for (const a of document.querySelectorAll('a.adr-graph-chip')) {
    const s = getComputedStyle(a);
    const fill = parse(s.backgroundColor);
    const solid = mix(fill, fill.length > 3 ? fill[3] : 1);
    const [x, y] = [lum(parse(s.color)), lum(solid)].sort((p, q) => q - p);
    out.push({fill: lum(solid), ratio: (x + 0.05) / (y + 0.05), chip: true});
  }
  return out;
}"""


@pytest.mark.parametrize("theme", ["furo", "alabaster"])
def test_node_fills_are_dark_tints_in_dark_mode(browser, tmp_path, theme):
    """Pastel boxes glared on a dark page; the text on them keeps 4.5:1."""
    pytest.importorskip("furo")
    from real_log import write_real_log

    srcdir = write_real_log(tmp_path / "src", theme, "   :isolated: group\n")
    overrides = {}
    if theme == "alabaster":  # a dark page the script has to find by its colour
        (srcdir / "_static").mkdir()
        (srcdir / "_static" / "site-dark.css").write_text(_SITE_DARK_CSS, "utf-8")
        overrides = {"html_static_path": ["_static"], "html_css_files": ["site-dark.css"]}
    site = _build(srcdir, **overrides)
    for scheme in ("light", "dark"):
        ctx, page = _page(browser, site / "graph.html", color_scheme=scheme)
        try:
            if scheme == "dark" and DARK[theme]:
                page.evaluate(DARK[theme])
            page.wait_for_timeout(500)  # the themes' transitions, the script's second look
            found = page.evaluate(_FILLS)
            assert len([f for f in found if f.get("chip")]) == 102
            assert len(found) == 109
            for item in found:
                assert item["ratio"] >= 4.5, (theme, scheme, item)
                if scheme == "dark":
                    assert item["fill"] < 0.1, (theme, item)
                else:
                    assert item["fill"] > 0.5, (theme, item)
            if scheme == "dark":
                _shot(page, tmp_path, f"adr-graph-dark-{theme}.png")
        finally:
            ctx.close()
