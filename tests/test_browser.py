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


# ------------------------------------------------ every listing's controls (issue 13)


def test_filter_searches_the_whole_record_not_only_the_columns_shown(browser, site):
    ctx, page = _open(browser, site)
    try:
        box = page.locator("#q-sort-multi input.adr-filter")
        box.fill("okafor")  # a decider; the table shows id, status and date only
        assert _ids(page) == ["ADR-0005"]
        box.fill("gateway")  # a word of a title that is not shown
        assert _ids(page) == ["ADR-0008"]
        # the hidden record is not part of what the cells show
        box.fill("")
        cell = page.locator(f"{TABLE} tbody td").first
        assert cell.inner_text().strip() == "ADR-0004"
    finally:
        ctx.close()


def test_status_and_tag_chips_filter_by_facet(browser, site):
    ctx, page = _open(browser, site)
    try:
        tools = page.locator("#q-sort-multi .adr-table-tools")
        chips = tools.locator("button.adr-chip-status")
        values = [chips.nth(i).get_attribute("data-value") for i in range(chips.count())]
        assert values == ["proposed", "accepted", "rejected", "superseded"]
        chip = tools.locator("button.adr-chip-status[data-value=superseded]")
        chip.click()
        assert chip.get_attribute("aria-pressed") == "true"
        assert _ids(page) == ["ADR-0003"]
        tools.locator("button.adr-chip-status[data-value=rejected]").click()
        assert _ids(page) == ["ADR-0005", "ADR-0003"]  # either status
        chip.click()
        tools.locator("button.adr-chip-status[data-value=rejected]").click()
        tools.locator("button.adr-tags-toggle").click()
        tools.locator("button.adr-chip-tag[data-value=database]").click()
        assert _ids(page) == ["ADR-0002", "ADR-0005"]
        assert tools.locator(".adr-filter-count").inner_text() == "2 of 7"
    finally:
        ctx.close()


def test_initial_sort_is_reflected_in_aria_sort(browser, site):
    ctx, page = _open(browser, site)
    try:
        headers = page.locator(f"{TABLE} thead th")
        sorts = [headers.nth(i).get_attribute("aria-sort") for i in range(headers.count())]
        assert sorts == [None, "ascending", None]  # :sort: status, -date
    finally:
        ctx.close()


def test_csv_export_downloads_the_rows_shown(browser, site, tmp_path):
    ctx, page = _open(browser, site, accept_downloads=True)
    try:
        page.locator("#q-sort-multi input.adr-filter").fill("backend")
        with page.expect_download() as info:
            page.locator("#q-sort-multi button.adr-csv").click()
        path = tmp_path / "rows.csv"
        info.value.save_as(path)
        lines = path.read_text("utf-8-sig").splitlines()
        assert lines[0] == "ID,Status,Date"
        assert [line.split(",")[0] for line in lines[1:]] == [
            "ADR-0004", "ADR-0007", "ADR-0002", "ADR-0003",
        ]  # fmt: skip
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def body_site(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("browser-body") / "src"
    shutil.copytree(ROOTS / "test-body-rst", srcdir)
    (srcdir / "timeline.rst").write_text("Timeline\n========\n\n.. adr-timeline::\n", "utf-8")
    with (srcdir / "index.rst").open("a", encoding="utf-8") as index:
        index.write("\n.. toctree::\n\n   timeline\n")
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def test_risk_and_alternative_tables_and_the_timeline_get_the_same_controls(browser, body_site):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    page = ctx.new_page()
    try:
        page.goto((body_site / "registers.html").as_uri())
        for section in ("risk-register", "all-options"):
            table = page.locator(f"#{section} table.adr-interactive")
            assert table.locator("thead th > button.adr-sort").count() >= 4
            assert page.locator(f"#{section} .adr-table-tools input.adr-filter").count() == 1
        risks = page.locator("#risk-register table tbody:not(.adr-no-match) tr")
        assert risks.count() == 3
        page.locator("#risk-register input.adr-filter").fill("vacuum")
        visible = [risks.nth(i).is_visible() for i in range(risks.count())]
        assert visible.count(True) == 1
        page.goto((body_site / "timeline.html").as_uri())
        items = page.locator("ul.adr-timeline > li")
        total = items.count()
        assert total >= 2
        page.locator(".adr-adr-timeline input.adr-filter").fill("postgres")
        shown = [items.nth(i).inner_text() for i in range(total) if items.nth(i).is_visible()]
        assert len(shown) == 1 and "PostgreSQL" in shown[0]
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def trace_site(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("browser-trace") / "src"
    shutil.copytree(ROOTS / "test-trace-rst", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def test_trace_code_and_ticket_tables_get_the_listing_controls(browser, trace_site):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    page = ctx.new_page()
    try:
        for name, css in (
            ("index", "table.adr-trace"),
            ("component", "table.adr-code"),
            ("tickets", "table.adr-ticket-index"),
        ):
            page.goto((trace_site / f"{name}.html").as_uri())
            table = page.locator(f"{css}.adr-interactive").first
            assert table.locator("thead th > button.adr-sort").count() >= 3, name
            rows = table.locator("tbody tr")
            total = rows.count()
            assert total >= 2, name
            # the first cell (an ADR id, a ticket id) names its row alone
            first = rows.nth(0).locator("td").first.inner_text().split()[0]
            tools = table.locator(
                "xpath=preceding-sibling::*[contains(@class,'adr-table-tools')][1]"
            )
            tools.locator("input.adr-filter").fill(first)
            shown = [i for i in range(total) if rows.nth(i).is_visible()]
            assert shown == [0], (name, first)
    finally:
        ctx.close()
