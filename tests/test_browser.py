"""The interactive ADR table in a real headless Chromium (the distribution's).

Clicking a header sorts, typing filters, and with JavaScript disabled every
row is still there. Screenshots of the table page in furo's light and dark
modes are written to ``$ADR_SCREENSHOTS`` when that is set (for looking at).
"""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from util import ROOTS

# found on the PATH: CI hides it there to test a machine without a browser
CHROMIUM = Path(shutil.which("chromium") or "/chromium-is-not-on-the-PATH")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _require_chromium():
    missing = not CHROMIUM.exists()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        missing, sync_playwright = True, None
    if missing:
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail("Chromium and Playwright are required (ADR_REQUIRE_TOOLS is set)")
        pytest.skip("Chromium (on the PATH) or Playwright is not installed")
    return sync_playwright


try:
    import furo  # noqa: F401

    THEME = "furo"
except ImportError:  # the light/dark screenshots need furo; the behaviour tests do not
    THEME = "alabaster"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("browser") / "src"
    shutil.copytree(ROOTS / "test-query-rst", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=StringIO(),
        warning=StringIO(),
        freshenv=True,
        confoverrides={"html_theme": THEME},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


TABLE = "#q-sort-multi table.adr-table"


def _ids(page) -> list[str]:
    rows = page.locator(f"{TABLE} tbody tr")
    return [
        rows.nth(i).locator("td").first.inner_text().strip()
        for i in range(rows.count())
        if rows.nth(i).is_visible()
    ]


def _open(browser, site, **context):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, **context)
    page = ctx.new_page()
    page.goto((site / "display.html").as_uri())
    return ctx, page


def test_clicking_a_header_sorts_and_clicking_again_reverses(browser, site):
    ctx, page = _open(browser, site)
    try:
        assert _ids(page)[:3] == ["ADR-0004", "ADR-0008", "ADR-0007"]  # as written: status, -date
        date = page.locator(f"{TABLE} thead th", has_text="Date")
        date.locator("button.adr-sort").click()
        assert _ids(page) == [f"ADR-000{n}" for n in (1, 2, 3, 4, 5, 7, 8)]
        assert date.get_attribute("aria-sort") == "ascending"
        date.locator("button.adr-sort").click()
        # descending, and the ADR without a date still comes last
        assert _ids(page) == [f"ADR-000{n}" for n in (7, 5, 4, 3, 2, 1, 8)]
        assert date.get_attribute("aria-sort") == "descending"
        page.locator(f"{TABLE} thead th", has_text="Status").locator("button").click()
        statuses = page.locator(f"{TABLE} tbody td.adr-col-status").all_inner_texts()
        assert [s.strip().lower() for s in statuses] == [
            "proposed", "proposed", "accepted", "accepted", "accepted", "rejected", "superseded",
        ]  # fmt: skip
    finally:
        ctx.close()


def test_sort_buttons_hold_the_header_text_without_a_paragraph(browser, site):
    ctx, page = _open(browser, site)
    try:
        buttons = page.locator(f"{TABLE} thead th > button.adr-sort")
        assert buttons.count() == page.locator(f"{TABLE} thead th").count() > 0
        # a <button> holds phrasing content only: no <p> inside, none left beside it
        assert page.locator(f"{TABLE} thead th p").count() == 0
        assert buttons.first.inner_text().strip() == "ID"
    finally:
        ctx.close()


def test_typing_filters_rows(browser, site):
    ctx, page = _open(browser, site)
    try:
        box = page.locator("#q-sort-multi input.adr-filter")
        box.fill("2024")
        assert _ids(page) == ["ADR-0004", "ADR-0005", "ADR-0003"]
        assert page.locator("#q-sort-multi .adr-filter-count").inner_text() == "3 of 7"
        box.fill("superseded 2024")
        assert _ids(page) == ["ADR-0003"]
        box.fill("")
        assert len(_ids(page)) == 7
    finally:
        ctx.close()


def test_without_javascript_every_row_is_shown(browser, site):
    ctx, page = _open(browser, site, java_script_enabled=False)
    try:
        assert len(_ids(page)) == 7
        assert page.locator("input.adr-filter").count() == 0
        assert page.locator(f"{TABLE} thead th button").count() == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_table_page_screenshot_in_light_and_dark(browser, site, scheme, tmp_path):
    if THEME != "furo":
        pytest.skip("furo (a docs dependency) is not installed")
    ctx, page = _open(browser, site, color_scheme=scheme)
    try:
        page.locator("#q-sort-multi input.adr-filter").fill("accepted")
        page.locator("#q-sort-multi thead th", has_text="Date").locator("button").click()
        page.evaluate("document.getElementById('q-default-columns').scrollIntoView()")
        target = Path(os.environ.get("ADR_SCREENSHOTS") or tmp_path)
        target.mkdir(parents=True, exist_ok=True)
        shot = target / f"adr-table-{scheme}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        # furo follows the colour scheme: dark background in dark mode
        channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert (sum(channels) < 200) == (scheme == "dark")
    finally:
        ctx.close()
