"""Screenshots and colour contrast of the ADR styles in four themes, light and dark.

Not a test module (pytest does not collect it): a tool to look at the CSS.
``tests/test_builders.py`` uses :func:`build` and :func:`measure` to assert the
contrast (a ``browser`` test).

    python tests/screenshots.py OUTDIR [THEME ...]

builds a small page showing a metadata block, every status badge and
references of every status with alabaster, furo, pydata-sphinx-theme and
sphinx-rtd-theme, then writes ``OUTDIR/<theme>-<mode>.png`` (headless
Chromium through Playwright, ``/usr/bin/chromium``) and prints the contrast
ratio of every badge and of the metadata text against what is behind it.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

#: theme -> {mode: JavaScript switching the theme to that mode}; "light" is the default
THEMES: dict[str, dict[str, str]] = {
    "alabaster": {"light": ""},
    "furo": {
        "light": "document.body.dataset.theme = 'light';",
        "dark": "document.body.dataset.theme = 'dark';",
        # furo's default: follow the operating system's preference
        "auto-dark": "document.body.dataset.theme = 'auto';",
    },
    "pydata_sphinx_theme": {
        "light": "document.documentElement.dataset.theme = 'light';"
        "document.documentElement.dataset.mode = 'light';",
        "dark": "document.documentElement.dataset.theme = 'dark';"
        "document.documentElement.dataset.mode = 'dark';",
    },
    "sphinx_rtd_theme": {"light": ""},
}

PAGE = """\
ADR-0007: Use PostgreSQL for everything
=======================================

.. adr::
   :id: ADR-0007
   :status: accepted (2026-01-08)
   :date: 2026-01-08
   :deciders: Ana Lima, Bo Chen
   :consulted: DBA team
   :tags: storage, backend
   :supersedes: ADR-0003
   :relates: P-1
   :tickets: KB-142
   :review-by: 2027-01-08

References of every status: :adr:`P-1`, :adr:`ADR-0007`, :adr:`R-1`, :adr:`D-1`,
:adr:`ADR-0003`.

.. adr:: Cache at the edge
   :id: P-1
   :status: proposed
   :tags: performance

   A proposed decision.

.. adr:: Write the backend in Haskell
   :id: R-1
   :status: rejected

   A rejected decision.

.. adr:: Support Internet Explorer
   :id: D-1
   :status: deprecated

   A deprecated decision.

.. adr:: Cache in process
   :id: ADR-0003
   :status: superseded

   A superseded decision.
"""

#: JavaScript returning, for every badge and metadata block, its colours and contrast
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
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a)
      .concat([a]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      layers.push(parse(getComputedStyle(e).backgroundColor));
    }
    let colour = [255, 255, 255, 1];  // the canvas
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const contrast = (el) => {
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return {
      text: el.textContent.trim().slice(0, 30), fg: fg.map(Math.round), bg: bg.map(Math.round),
      ratio: Math.round((a + 0.05) / (b + 0.05) * 100) / 100,
    };
  };
  const out = [];
  for (const el of document.querySelectorAll('span.adr-status'))
    out.push({kind: 'badge', ...contrast(el)});
  for (const el of document.querySelectorAll('dl.adr-meta > dt, dl.adr-meta > dd p'))
    out.push({kind: 'meta', ...contrast(el)});
  for (const el of document.querySelectorAll('a.adr-ref'))
    out.push({kind: el.closest('dl.adr-meta') ? 'meta-ref' : 'ref', ...contrast(el)});
  for (const el of document.querySelectorAll('.adr-tag')) out.push({kind: 'tag', ...contrast(el)});
  return out;
}
"""


def build(theme: str, workdir: Path) -> Path:
    """Build the sample page with ``theme``; return the HTML file."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = workdir / theme / "src"
    shutil.rmtree(srcdir.parent, ignore_errors=True)
    srcdir.mkdir(parents=True)
    conf = 'extensions = ["sphinxcontrib_adr"]\nproject = "ADR styles"\n'
    (srcdir / "conf.py").write_text(conf, "utf-8")
    (srcdir / "index.rst").write_text(PAGE, "utf-8")
    warning = io.StringIO()
    # html_theme as an override: SphinxTestApp otherwise replaces alabaster with basic
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
        raise RuntimeError(f"{theme}: the sample page has warnings:\n{warning.getvalue()}")
    return Path(app.outdir) / "index.html"


def measure(
    pages: dict[str, Path], shots: Path | None = None
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Contrast of every badge/metadata element per ``(theme, mode)``; PNGs into ``shots``."""
    from playwright.sync_api import sync_playwright

    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for theme, page_path in pages.items():
                for mode, script in THEMES[theme].items():
                    page = browser.new_page(
                        viewport={"width": 1200, "height": 900},
                        color_scheme="dark" if "dark" in mode else "light",
                    )
                    page.goto(page_path.as_uri())
                    if script:
                        page.evaluate(script)
                    page.wait_for_timeout(100)  # let the theme's transitions settle
                    results[theme, mode] = page.evaluate(_MEASURE)
                    if shots is not None:
                        page.screenshot(path=str(shots / f"{theme}-{mode}.png"), full_page=True)
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
    pages = {theme: build(theme, outdir / "build") for theme in themes}
    results = measure(pages, outdir)
    for (theme, mode), items in results.items():
        print(f"== {theme} {mode}: {outdir / f'{theme}-{mode}.png'}")
        for item in items:
            print(f"  {item['kind']:5} {item['ratio']:5.2f}  {json.dumps(item['text'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
