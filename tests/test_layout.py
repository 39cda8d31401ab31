"""Layout in five themes, light and dark, in Chromium (``tests/layout.py`` builds
the sample log and measures): no badge wider than its text, no table with its
default columns wider than the content column, contrast >= 4.5:1 for every text
the extension styles. ``ADR_SCREENSHOTS=DIR`` keeps the screenshots."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    missing = [m for m in ("playwright",) if importlib.util.find_spec(m) is None]
    missing += [t for t in ("furo", "pydata_sphinx_theme", "sphinx_book_theme", "sphinx_rtd_theme")
                if importlib.util.find_spec(t) is None]  # fmt: skip
    if shutil.which("chromium") is None:
        missing.append("chromium (on the PATH)")
    if missing:
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail(f"ADR_REQUIRE_TOOLS is set but {missing} are missing")
        pytest.skip(f"missing: {missing}")
    import layout

    work = tmp_path_factory.mktemp("layout")
    sites = {theme: layout.build(theme, work) for theme in layout.THEMES}
    shots = os.environ.get("ADR_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    return layout.measure(sites, Path(shots) if shots else None)


def test_every_theme_and_mode_was_measured(measured):
    import layout

    assert {(t, m) for t, m, _page in measured} == {
        (t, m) for t, modes in layout.THEMES.items() for m in [*modes, layout.PHONE]
    }
    for key, found in measured.items():
        assert len(found["badges"]) >= 8, key
        assert found["tables"], key


def test_no_badge_is_wider_than_its_text(measured):
    wide = {key: [b for b in found["badges"] if b["slack"] > 4] for key, found in measured.items()}
    assert {k: v for k, v in wide.items() if v} == {}


def test_no_table_with_default_columns_is_wider_than_the_content_column(measured):
    import layout

    # (the listings page also holds a six-column table with tags, for the phone test)
    wide = {
        key: [t for t in found["tables"] if t["width"] > t["column"] + 1 and t["columns"] < 6]
        for key, found in measured.items()
        if key[1] != layout.PHONE
    }
    assert {k: v for k, v in wide.items() if v} == {}


def test_on_a_phone_tables_scroll_in_their_own_box_and_the_page_does_not(measured):
    """At 412 px five columns cannot fit: a wider table scrolls sideways in a box
    as wide as the column (its own, or a theme's wrapper: furo's is 6 px wider),
    and nothing of ours widens the page (alabaster scrolled to 855 px, rtd to 424
    px: its field-list grid gives values at least 80 % of the column)."""
    import layout

    phone = {key: found for key, found in measured.items() if key[1] == layout.PHONE}
    assert len(phone) == 2 * len(layout.THEMES)
    pages = {key: found["page"] for key, found in phone.items()}
    assert {k: p for k, p in pages.items() if p["scroll"] > p["width"]} == {}
    boxes = {
        key: [t for t in found["tables"] if t["box"] > t["column"] + 8]
        for key, found in phone.items()
    }
    assert {k: v for k, v in boxes.items() if v} == {}
    # the sample's tables are wider than a phone's column: the test sees the scrolling
    assert all(any(t["width"] > t["column"] for t in found["tables"]) for found in phone.values())


def test_text_the_extension_styles_has_a_contrast_of_at_least_4_5(measured):
    low = {
        key: [c for c in found["contrast"] if c["ratio"] < 4.5] for key, found in measured.items()
    }
    assert {k: v for k, v in low.items() if v} == {}
    assert all(len(found["contrast"]) >= 12 for found in measured.values())


def test_timeline_entries_show_no_list_bullet_beside_their_dot(measured):
    """sphinx_rtd_theme styles every ``ul li`` of its content with a disc."""
    listings = {key: found["markers"] for key, found in measured.items() if key[2] == "listings"}
    assert all(listings.values()), listings  # the listings page has a timeline
    assert {k: v for k, v in listings.items() if set(v) != {"none"}} == {}


def test_alternatives_and_risks_set_labels_beside_values_in_padded_boxes(measured):
    """furo (the manual's theme) stacked every label above its value and took the
    boxes' side padding: it ships no field-list grid, and its "[role=main]
    .container" rule outweighed ours."""
    pages = {k: f["parts"] for k, f in measured.items() if k[2] == "0002-orders-in-postgresql"}
    assert len(pages) == 3 * 5
    for key, parts in pages.items():
        assert len(parts["rows"]) >= 10 and len(parts["pads"]) == 5, key
        stacked = [r for r in parts["rows"] if abs(r["dtTop"] - r["ddTop"]) > 6]
        assert stacked == [], key
        assert all(r["ddLeft"] >= r["dtRight"] for r in parts["rows"]), key
        assert all(p["left"] >= 8 and p["right"] >= 8 for p in parts["pads"]), (key, parts)


def test_a_risk_does_not_look_like_an_option(measured):
    """A risk right after the alternatives read like a third option."""
    for key, found in measured.items():
        if key[2] != "0002-orders-in-postgresql":
            continue
        alt, risk = found["parts"]["alt"], found["parts"]["risk"]
        assert risk["label"] == '"Risk"' and alt["label"] == "none", key
        assert risk["edge"] != alt["edge"] and risk["background"] != alt["background"], key
        assert risk["rule"] == "double" and alt["rule"] == "solid", key


@pytest.mark.parametrize("theme", ["sphinx_rtd_theme", "furo"])
def test_the_status_index_sets_titles_as_text_and_fits_a_phone(tmp_path, theme):
    """Sphinx's domain index sets each entry in a code element: the titles of the
    ADRs-by-status page were in code font, and in rtd (code kept on one line) a
    phone's page was 1,035 px wide."""
    if importlib.util.find_spec("playwright") is None or shutil.which("chromium") is None:
        pytest.skip("playwright and chromium are needed")
    pytest.importorskip(theme)
    from io import StringIO

    from playwright.sync_api import sync_playwright
    from real_log import write_real_log
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        "html", srcdir=write_real_log(tmp_path / "src", theme), status=StringIO(),
        warning=StringIO(), freshenv=True,
    )  # fmt: skip
    try:
        app.build()
    finally:
        app.cleanup()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 412, "height": 900})
            page.goto((app.outdir / "adr-status.html").as_uri())
            found = page.evaluate(
                "() => ({scroll: document.documentElement.scrollWidth,"
                " entries: [...document.querySelectorAll('table code.xref')]"
                ".map(c => [getComputedStyle(c).fontFamily,"
                " getComputedStyle(c.closest('td')).fontFamily])})"
            )
        finally:
            browser.close()
    assert len(found["entries"]) == 109
    assert found["scroll"] <= 412, found["scroll"]
    assert all(code == cell for code, cell in found["entries"]), found["entries"][0]
