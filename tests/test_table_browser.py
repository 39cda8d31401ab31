"""A 500-ADR log's listings in a real headless Chromium (issue 28, items 2, 6, 9, 10).

Controls that stay put while filtering, no empty shells, pages and a column
picker used by mouse and keyboard, a view kept in the URL, one Tab stop per
row, ids that never break, one CSV file name per listing. Screenshots go to
``$ADR_SCREENSHOTS`` when it is set (for looking at).
"""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from sphinx.testing.util import SphinxTestApp
from test_browser import ARGS, CHROMIUM, _require_chromium

pytestmark = pytest.mark.browser

#: in the log's order, so the chips can only be in lifecycle order by asking for it
_WRITTEN = ["accepted", "superseded", "proposed", "trial", "rejected", "deprecated"]
LIFECYCLE = ["proposed", "trial", "accepted", "rejected", "deprecated", "superseded"]
TAGS = ["storage", "api", "security", "ui", "ops"]
CONF = f"""\
extensions = ["sphinxcontrib_adr"]
project = "Big log"
adr_statuses = {LIFECYCLE!r}
"""
LISTING = """\
Listing
=======

.. adr-table::
   :columns: id, title, status, tags, deciders, date
   :sort: id

Timeline
--------

.. adr-timeline::
"""
TWO = """\
Two tables
==========

.. adr-table::
   :status: trial

.. adr-table::
   :status: rejected
   :limit: 50

.. adr-table::
   :status: deprecated
   :caption: Retired decisions

.. adr-table::
   :status: proposed
   :page-size: 0
"""


def _title(n: int) -> str:
    if n == 7:
        return "Café für Ünïcode Größe"
    longer = " with a longer title that wraps over lines" if n % 9 == 0 else ""
    return f"Decision number {n} about {TAGS[n % 5]}{longer}"


def _log(srcdir: Path) -> None:
    """500 ADRs on one page (one year per ADR of seven, 2018 only for DEC-0001)."""
    srcdir.mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF, "utf-8")
    parts = ["Decisions\n=========\n"]
    for n in range(1, 501):
        year = 2019 + n % 7 if n > 1 else 2018
        parts.append(
            f".. adr:: {_title(n)}\n   :id: DEC-{n:04d}\n   :status: {_WRITTEN[n % 6]}\n"
            f"   :date: {year}-{n % 12 + 1:02d}-{n % 27 + 1:02d}\n   :deciders: Person {n % 13}\n"
            f"   :tags: {TAGS[n % 5]}, {TAGS[(n + 2) % 5]}\n\n   Body {n}.\n"
        )
    (srcdir / "decisions.rst").write_text("\n".join(parts), "utf-8")
    (srcdir / "listing.rst").write_text(LISTING, "utf-8")
    (srcdir / "two.rst").write_text(TWO, "utf-8")
    toc = "Big log\n=======\n\n.. toctree::\n\n   decisions\n   listing\n   two\n"
    (srcdir / "index.rst").write_text(toc, "utf-8")


def _build(srcdir: Path, theme: str) -> Path:
    warnings = StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=StringIO(),
        warning=warnings,
        freshenv=True,
        confoverrides={"html_theme": theme},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert "WARNING" not in warnings.getvalue(), warnings.getvalue()
    return Path(app.outdir)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("big") / "src"
    _log(srcdir)
    return srcdir


_SITES: dict[str, Path] = {}


def _site(sources: Path, theme: str) -> Path:
    if theme not in _SITES:
        copy = sources.parent / f"src-{theme}"
        shutil.rmtree(copy, ignore_errors=True)  # a build that failed before: start again
        shutil.copytree(sources, copy)
        _SITES[theme] = _build(copy, theme)
    return _SITES[theme]


@pytest.fixture(scope="module")
def site(sources):
    pytest.importorskip("furo")
    return _site(sources, "furo")


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    tab = ctx.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    ctx.close()
    assert not errors


def _shot(page, name: str) -> None:
    target = os.environ.get("ADR_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name))


TABLE = "table.adr-table"


def _shown_ids(page, table: str = TABLE) -> list[str]:
    return page.eval_on_selector_all(
        f"{table} > tbody:not(.adr-no-match) > tr:not([hidden]) > td.adr-col-id",
        "cells => cells.map(c => c.innerText.trim())",
    )


def _boxes(page, selector: str) -> list[tuple[int, int]]:
    """Where each control is (x, y of its box, rounded to the pixel)."""
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [Math.round(r.x), Math.round(r.y)]; })",
    )


#: the table's controls (the timeline's, below the table, move with its height)
CONTROLS = ", ".join(
    f".adr-adr-table {c}"
    for c in (".adr-table-tools input", ".adr-table-tools button", ".adr-pager button", "select")
)


# ------------------------------------------------------------------ item 2


@pytest.mark.parametrize("theme", ["furo", "pydata_sphinx_theme", "sphinx_rtd_theme"])
def test_controls_stay_put_while_filtering_and_turning_pages(browser, sources, theme):
    pytest.importorskip(theme)
    site = _site(sources, theme)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto((site / "listing.html").as_uri())
        before = _boxes(page, CONTROLS)
        assert len(before) > 10
        page.locator("button.adr-chip-status[data-value=trial]").first.click()
        assert _boxes(page, CONTROLS) == before, "a chip moved when the count appeared"
        page.locator("button.adr-chip-status[data-value=trial]").first.click()
        page.locator("input.adr-filter").first.fill("storage trial")
        assert page.locator(".adr-filter-count").first.inner_text() == "34 of 500"
        assert _boxes(page, CONTROLS) == before, "typing moved the controls"
        page.locator("input.adr-filter").first.fill("")
        for _ in range(3):
            page.locator(".adr-pager button.adr-page-next").click()
            assert _boxes(page, CONTROLS) == before, "turning a page moved the controls"
        _shot(page, f"table-controls-{theme}.png")
    finally:
        ctx.close()


def test_status_chips_are_in_lifecycle_order_in_table_and_timeline(site, page):
    page.goto((site / "listing.html").as_uri())
    for tools in (".adr-adr-table .adr-table-tools", ".adr-adr-timeline .adr-table-tools"):
        chips = page.locator(f"{tools} button.adr-chip-status")
        values = [chips.nth(i).get_attribute("data-value") for i in range(chips.count())]
        assert values == LIFECYCLE, tools


# ------------------------------------------------------------------ item 6


def test_a_filter_matching_nothing_says_so_and_hides_empty_years(site, page):
    page.goto((site / "listing.html").as_uri())
    page.locator(".adr-adr-table input.adr-filter").fill("no such words")
    empty = page.locator(f"{TABLE} > tbody.adr-no-match td")
    assert empty.is_visible()
    assert empty.inner_text() == "No decision matches the filter."
    assert page.locator(f"{TABLE} thead").is_visible()
    timeline = page.locator(".adr-adr-timeline")
    years = timeline.locator("p.adr-timeline-year")
    assert years.count() == 8  # 2018 .. 2025
    timeline.locator("input.adr-filter").fill("2018-")
    shown = [years.nth(i).inner_text() for i in range(years.count()) if years.nth(i).is_visible()]
    assert shown == ["2018"]
    assert not timeline.locator(".adr-no-match").is_visible()
    timeline.locator("input.adr-filter").fill("no such words")
    assert not any(years.nth(i).is_visible() for i in range(years.count()))
    assert timeline.locator(".adr-no-match").inner_text() == "No decision matches the filter."
    _shot(page, "table-no-match.png")


def test_column_widths_stay_as_rows_filter_and_pages_turn(site, page):
    page.goto((site / "listing.html").as_uri())
    widths = "els => els.map(e => Math.round(e.getBoundingClientRect().width))"
    heads = f"{TABLE} thead th"
    before = page.eval_on_selector_all(heads, widths)
    page.locator(".adr-adr-table input.adr-filter").fill("Café")
    assert _shown_ids(page) == ["DEC-0007"]
    assert page.eval_on_selector_all(heads, widths) == before
    page.locator(".adr-adr-table input.adr-filter").fill("")
    page.locator(".adr-pager button.adr-page-last").click()
    assert page.eval_on_selector_all(heads, widths) == before


# ------------------------------------------------------------------ item 10


def test_a_long_table_is_paged_by_mouse(site, page):
    page.goto((site / "listing.html").as_uri())
    status = page.locator(".adr-pager .adr-page-status")
    assert status.inner_text() == "Page 1 of 20, rows 1\u201325 of 500"
    assert _shown_ids(page) == [f"DEC-{n:04d}" for n in range(1, 26)]
    page.locator(".adr-pager button.adr-page-next").click()
    assert _shown_ids(page)[0] == "DEC-0026"
    page.locator(".adr-pager button.adr-page-last").click()
    assert _shown_ids(page)[-1] == "DEC-0500"
    assert page.locator(".adr-pager button.adr-page-next").get_attribute("aria-disabled") == "true"
    page.locator(".adr-pager select").select_option("100")
    assert status.inner_text() == "Page 1 of 5, rows 1\u2013100 of 500"
    # filtering goes back to the first page of what matches
    page.locator(".adr-adr-table input.adr-filter").fill("trial")
    assert status.inner_text() == "Page 1 of 1, rows 1\u201383 of 83"
    page.locator(".adr-pager select").select_option("0")
    page.locator(".adr-adr-table input.adr-filter").fill("")
    assert len(_shown_ids(page)) == 500
    _shot(page, "table-500-all.png")


def test_a_long_table_is_paged_by_keyboard(site, page):
    page.goto((site / "listing.html").as_uri())
    page.locator(".adr-adr-table input.adr-filter").focus()
    for _ in range(30):  # Tab reaches the pager from the filter box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('adr-page-next')"):
            break
    else:
        pytest.fail("Tab never reached the Next button")
    page.keyboard.press("Enter")
    assert _shown_ids(page)[0] == "DEC-0026"
    page.keyboard.press("Space")
    assert _shown_ids(page)[0] == "DEC-0051"
    page.keyboard.press("Tab")  # Last
    page.keyboard.press("Enter")
    assert _shown_ids(page)[-1] == "DEC-0500"
    # the focus stays on the button at the end (aria-disabled, not disabled)
    assert page.evaluate("document.activeElement.classList.contains('adr-page-last')")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # First
    page.keyboard.press("Enter")
    assert _shown_ids(page)[0] == "DEC-0001"
    _shot(page, "table-500-keyboard.png")


def _header_texts(page) -> list[str]:
    return page.eval_on_selector_all(
        f"{TABLE} thead th:not([hidden])", "els => els.map(e => e.innerText.trim())"
    )


def test_the_column_picker_hides_columns_by_mouse_and_keyboard(site, page):
    page.goto((site / "listing.html").as_uri())
    tools = page.locator(".adr-adr-table .adr-table-tools")
    toggle = tools.locator("button.adr-columns-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    tools.get_by_label("Deciders", exact=True).click()
    assert "Deciders" not in " ".join(_header_texts(page))
    assert not page.locator(f"{TABLE} tbody td.adr-col-deciders").first.is_visible()
    tools.get_by_label("Tags", exact=True).focus()
    page.keyboard.press("Space")
    assert [h.split()[0] for h in _header_texts(page)] == ["ID", "Title", "Status", "Date"]
    page.keyboard.press("Space")  # and back
    assert "Tags" in " ".join(_header_texts(page))
    # the last column shown cannot be hidden: a table of no column shows nothing
    for name in ("ID", "Title", "Status", "Tags", "Date"):
        tools.get_by_label(name, exact=True).click()
    assert _header_texts(page) == ["Date"]
    _shot(page, "table-columns.png")


def test_the_view_is_kept_in_the_url_and_restored_from_it(site, page, browser):
    page.goto((site / "listing.html").as_uri() + "#timeline")
    table = page.locator(".adr-adr-table")
    table.locator("input.adr-filter").fill("storage")
    table.locator("button.adr-chip-status[data-value=accepted]").click()
    table.locator("button.adr-columns-toggle").click()
    table.get_by_label("Deciders", exact=True).click()
    page.locator(".adr-pager button.adr-page-next").click()
    place, _, state = page.evaluate("location.hash").lstrip("#").partition("&")
    assert place == "timeline"  # the section named keeps its place in the hash
    assert parse_qs(state) == {
        "t1-q": ["storage"],
        "t1-status": ["accepted"],
        "t1-hide": ["deciders"],
        "t1-page": ["2"],
    }
    shown = _shown_ids(page)
    shared = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        shared.goto(page.evaluate("location.href"))
        assert shared.locator(".adr-adr-table input.adr-filter").input_value() == "storage"
        assert _shown_ids(shared) == shown
        assert "Deciders" not in " ".join(_header_texts(shared))
        assert shared.locator(".adr-pager .adr-page-status").inner_text().startswith("Page 2 of")
    finally:
        shared.context.close()


def test_on_a_phone_columns_can_be_hidden_and_the_page_keeps_its_width(browser, site):
    ctx = browser.new_context(
        viewport={"width": 412, "height": 900}, is_mobile=True, has_touch=True
    )
    page = ctx.new_page()
    try:
        page.goto((site / "listing.html").as_uri())
        table = page.locator(TABLE)
        wide = table.evaluate("t => t.getBoundingClientRect().width")
        tools = page.locator(".adr-adr-table .adr-table-tools")
        tools.locator("button.adr-columns-toggle").tap()
        tools.locator("button.adr-tags-toggle").tap()
        for name in ("Tags", "Deciders", "Date"):
            tools.get_by_label(name, exact=True).tap()
        assert table.evaluate("t => t.getBoundingClientRect().width") < wide
        assert page.evaluate("document.documentElement.scrollWidth") <= 412
        _shot(page, "table-phone-columns.png")
    finally:
        ctx.close()


def test_without_javascript_the_whole_long_table_is_shown(browser, site):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto((site / "listing.html").as_uri())
        assert len(_shown_ids(page)) == 500
        assert page.locator(".adr-pager").count() == 0
    finally:
        ctx.close()


def test_short_tables_and_page_size_zero_are_not_paged(site, page):
    page.goto((site / "two.html").as_uri())
    # 83, 50, 83 and 84 rows: paged above twice the page size, unless :page-size: 0
    assert page.locator(".adr-pager").count() == 2
    tables = page.locator("table.adr-table")
    shown = [
        tables.nth(i).evaluate("t => t.tBodies[0].querySelectorAll('tr:not([hidden])').length")
        for i in range(4)
    ]
    assert shown == [25, 50, 25, 84]


# ------------------------------------------------------------------ item 9


def test_one_tab_stop_per_row(site, page):
    page.goto((site / "listing.html").as_uri())
    stops = page.eval_on_selector(
        f"{TABLE} > tbody",
        "b => [...b.querySelectorAll('a[href]')]"
        ".filter(a => a.tabIndex >= 0 && a.offsetParent).length",
    )
    assert stops == len(_shown_ids(page)) == 25
    # with the id column hidden, the title is the row's Tab stop
    page.locator("button.adr-columns-toggle").first.click()
    page.locator(".adr-adr-table .adr-table-tools").get_by_label("ID", exact=True).click()
    titles = page.eval_on_selector_all(
        f"{TABLE} > tbody > tr:not([hidden]) td.adr-col-title a", "a => a.map(x => x.tabIndex)"
    )
    assert titles == [0] * 25


def test_ids_never_break_across_lines_in_the_timeline(browser, site):
    ctx = browser.new_context(viewport={"width": 412, "height": 900})
    page = ctx.new_page()
    try:
        page.goto((site / "listing.html").as_uri())
        page.locator("#timeline").scroll_into_view_if_needed()
        lines = page.eval_on_selector_all(
            "ul.adr-timeline .adr-nobreak", "els => els.map(e => e.getClientRects().length)"
        )
        assert len(lines) == 500
        assert set(lines) == {1}
        nowrap = "e => getComputedStyle(e).whiteSpace"
        assert page.eval_on_selector("ul.adr-timeline .adr-nobreak", nowrap) == "nowrap"
        _shot(page, "timeline-phone.png")
    finally:
        ctx.close()


def test_each_csv_of_a_page_has_its_own_name_and_a_byte_order_mark(site, page, tmp_path):
    page.goto((site / "two.html").as_uri())
    names = []
    buttons = page.locator("button.adr-csv")
    assert buttons.count() == 4
    for i in range(4):
        with page.expect_download() as info:
            buttons.nth(i).click()
        names.append(info.value.suggested_filename)
        if i == 0:
            info.value.save_as(tmp_path / "first.csv")
    assert names == [
        "Two tables-1.csv", "Two tables-2.csv", "Retired decisions.csv", "Two tables-3.csv",
    ]  # fmt: skip
    data = (tmp_path / "first.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfID,Title,Status,Date\r\n")
    page.goto((site / "listing.html").as_uri())
    page.locator(".adr-adr-table input.adr-filter").fill("Café")
    with page.expect_download() as info:
        page.locator("button.adr-csv").click()
    info.value.save_as(tmp_path / "cafe.csv")
    text = (tmp_path / "cafe.csv").read_text("utf-8-sig")
    assert "Café für Ünïcode Größe" in text


# ------------------------------------------------------------------ item 7: the portal


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from sphinxcontrib_adr.cli.commands import main
    from util import build_clean, copy_root

    base = tmp_path_factory.mktemp("portal")
    web = build_clean(copy_root("external-web", base), base / "web") / "adrs.json"
    platform = build_clean(
        copy_root("external-platform", base), base / "platform", adr_external={"web": str(web)}
    )
    out = base / "portal"
    assert main(["portal", str(web), str(platform / "adrs.json"), "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("theme", ["furo", "alabaster"])
def test_the_portal_fits_1280_px_and_links_to_pages_that_exist(browser, portal, theme):
    pytest.importorskip(theme)
    site = _build(portal, theme)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        for name in ("index", "projects/web", "projects/platform"):
            page.goto((site / f"{name}.html").as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, name
            heads = page.eval_on_selector_all(
                "table.adr-table thead th", "els => els.map(e => e.innerText.trim())"
            )
            assert [h.split()[0] for h in heads] == [
                "ID",
                "Title",
                "Status",
                "Superseded",
                "Relates",
            ]
            hrefs = page.eval_on_selector_all(
                "table.adr-table a.adr-external", "els => els.map(a => a.href)"
            )
            assert hrefs, name
            for href in hrefs:  # relative links, resolved by the browser to the logs' pages
                assert href.startswith("file://"), href
                assert Path(href[len("file://") :].split("#")[0]).is_file(), (name, href)
        _shot(page, f"portal-{theme}.png")
    finally:
        ctx.close()
