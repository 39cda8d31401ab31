"""Layout of the extension's output in five themes, light and dark (not a test
module: ``tests/test_layout.py`` asserts on :func:`measure`).

    python tests/layout.py OUTDIR [THEME ...]

builds a small decision log (an ADR page with alternatives and risks, a page
of listings with the default columns) with each theme, writes
``OUTDIR/<theme>-<mode>-<page>.png`` and prints what :func:`measure` finds:
badges wider than their text, tables wider than the content column, text the
extension styles with a contrast below 4.5:1.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

# the browser on the PATH: hiding it from the PATH (CI does) hides it from these tests
CHROMIUM = shutil.which("chromium") or "/chromium-is-not-on-the-PATH"

_PYDATA = {
    "light": "document.documentElement.dataset.theme = 'light';"
    "document.documentElement.dataset.mode = 'light';",
    "dark": "document.documentElement.dataset.theme = 'dark';"
    "document.documentElement.dataset.mode = 'dark';",
}
#: theme -> {mode: JavaScript switching to it}; themes without a dark mode are
#: shown with the browser in dark mode, where they (and so we) stay light
THEMES: dict[str, dict[str, str]] = {
    "alabaster": {"light": "", "dark": ""},
    "furo": {
        "light": "document.body.dataset.theme = 'light';",
        "dark": "document.body.dataset.theme = 'dark';",
    },
    "pydata_sphinx_theme": _PYDATA,
    "sphinx_book_theme": _PYDATA,
    "sphinx_rtd_theme": {"light": "", "dark": ""},
}

PAGES = {
    "index.rst": """\
Decisions
=========

.. toctree::
   :glob:

   *
""",
    "0001-orders-in-mongodb.rst": """\
ADR-0001: Store orders in MongoDB
=================================

.. adr::
   :status: superseded
   :date: 2023-03-01
   :deciders: Bo Chen
   :tags: storage, orders

Context
-------

Order documents vary by market.
""",
    "0002-orders-in-postgresql.rst": """\
ADR-0002: Move orders and the reporting warehouse to PostgreSQL with JSONB columns
==================================================================================

.. adr::
   :status: accepted
   :date: 2024-01-20
   :deciders: Ana Lima, Bo Chen, Chen Wu
   :tags: storage, orders, reporting
   :supersedes: ADR-0001

Alternatives
------------

.. alternative:: PostgreSQL with JSONB
   :verdict: chosen
   :complexity: medium
   :performance: excellent
   :scalability: high

   Pros:

   - Transactions across orders, payments and stock
   - The market-specific fields keep their flexibility

   Cons:

   - A migration of three years of orders

.. alternative:: Stay on MongoDB with multi-document transactions
   :verdict: rejected
   :complexity: low
   :performance: fair

   Cons:

   - Reports still need a second store

.. alternative:: Event sourcing
   :verdict: deferred
   :complexity: high

   Cons:

   - Nobody on the team has run it in production

.. alternative:: One of the templates at https://github.com/joelparkerhenderson/architecture_decision_record_templates
   :verdict: rejected

.. alternative-table::

Risks
-----

.. risk:: Migration downtime during the busiest season of the year
   :impact: high
   :likelihood: low
   :owner: Platform team
   :mitigation: Dual writes for two weeks, then a read switch per market

.. risk-table::
""",
    "listings.rst": """\
Listings
========

.. adr-table::

.. adr-table::
   :columns: id, title, status, tags, deciders, date

.. alternative-table::

.. risk-table::

.. adr-timeline::
""",
}

#: JavaScript: every badge wider than its text, table wider than its column, and
#: the contrast of every piece of text the extension styles
_MEASURE = r"""
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a)
      .concat([a]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      layers.push(parse(getComputedStyle(e).backgroundColor));
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (el) => {
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return Math.round((a + 0.05) / (b + 0.05) * 100) / 100;
  };
  const label = (el) => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40);
  const out = {badges: [], tables: [], contrast: [], markers: []};
  // the timeline draws its own dot: a theme's list bullet beside it is a second marker
  for (const li of document.querySelectorAll('ul.adr-timeline > li')) {
    out.markers.push(getComputedStyle(li).listStyleType);
  }
  for (const el of document.querySelectorAll('.adr-badge, span.adr-status, .adr-tag')) {
    if (!el.offsetParent) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect().width;
    const s = getComputedStyle(el);
    const box = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
      .reduce((t, k) => t + parseFloat(s[k]), 0);
    const mark = parseFloat(s.fontSize) * 1.3;  // the verdict mark drawn before the text
    const width = el.getBoundingClientRect().width;
    out.badges.push({text: label(el), width: Math.round(width),
                     slack: Math.round(width - text - box - mark)});
  }
  const tables = 'table.adr-table, table.adr-body-table, table.adr-risk-matrix';
  for (const table of document.querySelectorAll(tables)) {
    const section = table.closest('section, div.section, article, [role=main]');
    // the nearest box that scrolls sideways (the table itself, or a theme's wrapper)
    let scroller = null;
    for (let el = table; el && el !== section; el = el.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) { scroller = el; break; }
    }
    out.tables.push({
      classes: table.className, width: Math.round(table.scrollWidth),
      column: Math.round(section.getBoundingClientRect().width),
      columns: table.tHead ? table.tHead.rows[0].cells.length : 0,
      box: Math.round((scroller || table).getBoundingClientRect().width),
    });
  }
  out.page = {scroll: document.documentElement.scrollWidth, width: window.innerWidth};
  const styled = '.adr-badge, span.adr-status, .adr-tag, dl.adr-meta > dt, dl.adr-meta > dd p, '
    + 'div.adr-banner p, ul.adr-timeline > li > p, .adr-filter-count, input.adr-filter, '
    + 'button.adr-chip, button.adr-csv';
  for (const el of document.querySelectorAll(styled)) {
    if (!el.offsetParent || !el.textContent.trim() && el.tagName !== 'INPUT') continue;
    out.contrast.push({text: label(el) || el.placeholder, ratio: ratio(el)});
  }
  return out;
}
"""


#: JavaScript: how alternatives and risks are laid out (label beside value, side
#: padding of their boxes) and what sets a risk apart from an option
_PARTS = r"""
() => {
  const out = {rows: [], pads: [], alt: null, risk: null};
  for (const dt of document.querySelectorAll(
      'div.adr-alternative dl.adr-parts > dt, div.adr-risk dl.adr-parts > dt')) {
    const a = dt.getBoundingClientRect(), b = dt.nextElementSibling.getBoundingClientRect();
    out.rows.push({label: dt.textContent.trim(), dtTop: Math.round(a.top),
                   ddTop: Math.round(b.top), dtRight: Math.round(a.right),
                   ddLeft: Math.round(b.left)});
  }
  for (const box of document.querySelectorAll('div.adr-alternative, div.adr-risk')) {
    const s = getComputedStyle(box);
    out.pads.push({box: box.className.split(' ')[0], left: parseFloat(s.paddingLeft),
                   right: parseFloat(s.paddingRight)});
  }
  const look = (box) => {
    if (!box) return null;
    const s = getComputedStyle(box);
    return {edge: s.borderLeftColor, rule: s.borderLeftStyle, background: s.backgroundColor,
            label: getComputedStyle(box.querySelector('p.rubric'), '::before').content};
  };
  out.alt = look(document.querySelector('div.adr-alternative'));
  out.risk = look(document.querySelector('div.adr-risk'));
  return out;
}
"""


#: the mode measured at a phone's width (light), beside each theme's light and dark
PHONE = "phone"


def build(theme: str, workdir: Path) -> Path:
    """Build the sample log with ``theme``; return the output directory."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = workdir / theme / "src"
    shutil.rmtree(srcdir.parent, ignore_errors=True)
    srcdir.mkdir(parents=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\nproject = "Layout"\n')
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, "utf-8")
    warning = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        freshenv=True,
        confoverrides={"html_theme": theme},
        status=io.StringIO(),
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    if "WARNING" in warning.getvalue() or "ERROR" in warning.getvalue():
        raise RuntimeError(f"{theme}: the sample log has warnings:\n{warning.getvalue()}")
    return Path(app.outdir)


def measure(
    sites: dict[str, Path], shots: Path | None = None
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """What :data:`_MEASURE` finds per ``(theme, mode, page)``; PNGs into ``shots``."""
    from playwright.sync_api import sync_playwright

    results: dict[tuple[str, str, str], dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for theme, site in sites.items():
                # "phone": light, 412 px wide (a common Android phone)
                for mode, script in {**THEMES[theme], PHONE: THEMES[theme]["light"]}.items():
                    width = 412 if mode == PHONE else 1200
                    page = browser.new_page(
                        viewport={"width": width, "height": 900},
                        color_scheme="light" if mode == PHONE else mode,
                    )
                    for name in ("0002-orders-in-postgresql", "listings"):
                        page.goto((site / f"{name}.html").as_uri())
                        if script:
                            page.evaluate(script)
                        page.wait_for_timeout(150)  # let the theme's transitions settle
                        results[theme, mode, name] = page.evaluate(_MEASURE)
                        results[theme, mode, name]["parts"] = page.evaluate(_PARTS)
                        if shots is not None:
                            path = shots / f"{theme}-{mode}-{name}.png"
                            page.screenshot(path=str(path), full_page=True)
                    page.close()
        finally:
            browser.close()
    return results


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    outdir = Path(argv[0]).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    themes = argv[1:] or list(THEMES)
    sites = {theme: build(theme, outdir / "build") for theme in themes}
    for key, found in measure(sites, outdir).items():
        wide = [b for b in found["badges"] if b["slack"] > 4]
        over = [t for t in found["tables"] if t["width"] > t["column"] + 1]
        low = [c for c in found["contrast"] if c["ratio"] < 4.5]
        report = {"wide badges": wide, "wide tables": over, "low": low, "page": found["page"]}
        print("==", *key, json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
