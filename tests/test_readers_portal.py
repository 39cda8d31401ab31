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


def test_the_portal_table_fits_alabasters_text_column(portal):
    pytest.importorskip("alabaster")
    site = _build(portal, "alabaster")
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
        finally:
            browser.close()
