"""The portal's table stays inside alabaster's text column (issue 28, item 7): its
five columns of project-prefixed ids needed 726 px of the 660 px column, so the
table ran past it. Measured in a real headless Chromium; the screenshot goes to
``$ADR_SCREENSHOTS`` when it is set."""

from __future__ import annotations

import pytest
from test_browser import ARGS, CHROMIUM, _require_chromium
from test_table_browser import _build, _shot

pytestmark = pytest.mark.browser

#: how far an element runs past the right edge of the text column (px; 0 inside it)
OVERFLOW = """sel => {
  const body = document.querySelector('div.body');
  const style = getComputedStyle(body);
  const right = body.getBoundingClientRect().right - parseFloat(style.paddingRight);
  return Math.max(0, ...[...document.querySelectorAll(sel)].map(
    e => Math.round(e.getBoundingClientRect().right - right)));
}"""


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    from util import build_clean, copy_root

    base = tmp_path_factory.mktemp("logs")
    web = build_clean(copy_root("external-web", base), base / "web") / "adrs.json"
    platform = build_clean(
        copy_root("external-platform", base), base / "platform", adr_external={"web": str(web)}
    )
    return web, platform / "adrs.json"


def _portal(logs, out, names=("", "")):
    from sphinxcontrib_adr.cli.commands import main

    given = [f"{name}={log}" if name else str(log) for name, log in zip(names, logs, strict=True)]
    assert main(["portal", *given, "-o", str(out)]) == 0
    return out


def test_the_portal_table_fits_alabasters_text_column(logs, tmp_path):
    pytest.importorskip("alabaster")
    site = _build(_portal(logs, tmp_path / "portal"), "alabaster")
    sync_playwright = _require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            # alabaster's default: a 940 px page, 660 px of it for the text
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name in ("index", "projects/web", "projects/platform"):
                page.goto((site / f"{name}.html").as_uri())
                width = page.evaluate("getComputedStyle(document.querySelector('div.body')).width")
                assert width == "660px", name
                assert page.evaluate(OVERFLOW, "table.adr-table, table.adr-table tr") == 0, name
                assert page.evaluate("document.documentElement.scrollWidth") <= 1280, name
                if name == "index":
                    _shot(page, "portal-alabaster-column.png")
                    # it fits: its own box does not scroll
                    assert page.evaluate(SCROLLS) is False
        finally:
            browser.close()


#: whether the first table scrolls sideways in its own box
SCROLLS = """() => {
  const table = document.querySelector('table.adr-table');
  return table.scrollWidth > table.clientWidth;
}"""


def test_a_portal_table_wider_than_the_column_scrolls_in_its_own_box(logs, tmp_path):
    """Long project names make ids too wide for any size: the table scrolls in its
    box (as on a phone) instead of running past the column (it was 794 px in 660)."""
    pytest.importorskip("alabaster")
    out = _portal(logs, tmp_path / "portal", ("frontend-website", "infrastructure"))
    site = _build(out, "alabaster")
    sync_playwright = _require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((site / "index.html").as_uri())
            assert page.evaluate(OVERFLOW, "table.adr-table") == 0
            assert page.evaluate(SCROLLS) is True
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            _shot(page, "portal-alabaster-long-names.png")
        finally:
            browser.close()
