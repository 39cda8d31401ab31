"""All eight builders build a root exercising the core features.

Every resolved doctree (including the assembled ones of singlehtml, latex and
man) is checked for leftover placeholders and raw nodes: the visitors in
``nodes.py`` silently skip a leftover placeholder, so only this check would
notice one.
"""

from __future__ import annotations

import json
import re

import pytest
from docutils import nodes

from sphinxcontrib_adr.core.nodes import adr_node
from sphinxcontrib_adr.render.placeholders import adr_placeholder
from util import copy_root, warnings_of

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "epub", "man", "json")
SYNTAXES = ("rst", "myst")


def _build(make_app, tmp_path, builder: str, syntax: str):
    srcdir = copy_root(f"builders-{syntax}", tmp_path)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    leaks: list[str] = []

    def check(_app, doctree: nodes.document, docname: str) -> None:
        for node in doctree.findall(nodes.Element):
            if isinstance(node, (adr_node, adr_placeholder, nodes.raw)):
                leaks.append(f"{docname}: {node.__class__.__name__}")

    app.connect("doctree-resolved", check)
    app.build()
    return app, leaks


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_builds_without_warnings_or_leftover_placeholders(
    make_app, tmp_path, builder, syntax
):
    app, leaks = _build(make_app, tmp_path, builder, syntax)
    assert warnings_of(app) == []
    assert "Traceback" not in app.warning.getvalue()
    assert leaks == []
    assert app.statuscode == 0


def _read(app, *names: str) -> str:
    return "".join((app.outdir / name).read_text("utf-8") for name in names)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_singlehtml_shows_every_metadata_block_and_relation(make_app, tmp_path, syntax):
    app, _ = _build(make_app, tmp_path, "singlehtml", syntax)
    html = _read(app, "index.html")
    # five ADRs: three pages and two compact ones, each with its metadata block
    assert len(re.findall(r'<dl class="adr-meta adr-status-\w+ field-list', html)) == 5
    assert '<span class="adr-status adr-status-accepted">accepted (2025-01-10)</span>' in html
    # relations in both directions, resolved to anchors of the single page
    for label in ("Supersedes", "Superseded by", "Relates", "Amends", "Amended by"):
        assert f">{label}<span" in html, label
    assert 'href="#adr-0003"' in html and 'href="#adr-0002"' in html
    # not Sphinx 9's "#document-x#anchor" (sphinx-doc/sphinx#14221), which leads nowhere
    assert not re.search(r'href="#document-[^"]*#adr-', html)
    assert "ADR-0002: Use PostgreSQL" in html


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_latex_shows_every_metadata_block_and_relation(make_app, tmp_path, syntax):
    app, _ = _build(make_app, tmp_path, "latex", syntax)
    tex = _read(app, "builders.tex")
    assert tex.count(r"\sphinxstyleliteralintitle") == 0  # ids are not mistaken for titles
    assert tex.count(r"\DUrole{adr-status}") == 5
    for label in ("Supersedes", "Superseded by", "Relates", "Amends", "Amended by"):
        assert rf"\sphinxlineitem{{{label}}}" in tex, label
    assert r"\hyperref[\detokenize{decisions/0002-use-postgres:adr-0002}]" in tex
    assert r"ADR\sphinxhyphen{}0002: Use PostgreSQL" in tex
    # the status shows on references too
    assert r"\DUrole{adr-status-superseded}{the cache decision}" in tex


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_text_builder_shows_metadata_and_resolved_references(make_app, tmp_path, syntax):
    app, _ = _build(make_app, tmp_path, "text", syntax)
    text = _read(app, "decisions/0003-cache-in-process.txt")
    assert re.search(r"Status:\n\s+superseded\n", text)
    assert re.search(r"Superseded by:\n\s+\*ADR-0002: Use PostgreSQL\*", text)
    index = " ".join(_read(app, "index.txt").split())
    assert "*the cache decision*" in index
    assert "ADR-0002: Use PostgreSQL, ADR-0001: Record architecture decisions," in index


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_man_and_epub_and_json_show_metadata(make_app, tmp_path, syntax):
    man, _ = _build(make_app, tmp_path / "man", "man", syntax)
    page = _read(man, "builders.1")
    assert "Superseded by" in page and r"ADR\-0002: Use PostgreSQL" in page

    epub, _ = _build(make_app, tmp_path / "epub", "epub", syntax)
    xhtml = _read(epub, "decisions/0003-cache-in-process.xhtml")
    assert "Superseded by" in xhtml and 'href="0002-use-postgres.xhtml#adr-0002"' in xhtml

    js, _ = _build(make_app, tmp_path / "json", "json", syntax)
    body = json.loads(_read(js, "decisions/0003-cache-in-process.fjson"))["body"]
    assert "adr-meta" in body and "Superseded by" in body


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_dirhtml_links_relations_between_directories(make_app, tmp_path, syntax):
    app, _ = _build(make_app, tmp_path, "dirhtml", syntax)
    html = _read(app, "decisions/0003-cache-in-process/index.html")
    assert 'href="../0002-use-postgres/#adr-0002"' in html


def _browser_available() -> str | None:
    """Why the browser test cannot run here, or None."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed"
    if not shutil.which("chromium"):  # CI hides it from the PATH in one run
        return "chromium is not installed (or not on the PATH)"
    return None


@pytest.mark.browser
def test_badges_and_metadata_are_readable_in_four_themes_light_and_dark(tmp_path):
    import os

    missing = _browser_available()
    if missing:
        if os.environ.get("ADR_REQUIRE_TOOLS") == "1":
            pytest.fail(f"ADR_REQUIRE_TOOLS=1 but {missing}")
        pytest.skip(missing)
    import screenshots

    pages = {theme: screenshots.build(theme, tmp_path) for theme in screenshots.THEMES}
    results = screenshots.measure(pages)
    assert set(results) >= {
        ("furo", "dark"),
        ("pydata_sphinx_theme", "dark"),
        ("alabaster", "light"),
    }
    for (theme, mode), items in results.items():
        kinds = {item["kind"] for item in items}
        assert {"badge", "meta", "tag", "ref", "meta-ref"} <= kinds, (theme, mode)
        for item in items:
            if item["kind"] in ("badge", "meta", "tag"):
                # WCAG AA for normal text
                assert item["ratio"] >= 4.5, (theme, mode, item)
        # the block's tint keeps links about as readable as the theme makes them
        plain = min(i["ratio"] for i in items if i["kind"] == "ref")
        for item in items:
            if item["kind"] == "meta-ref":
                assert item["ratio"] >= 0.85 * plain, (theme, mode, item, plain)
        # each status has its own colour
        badges = {
            item["text"].split(" ")[0]: tuple(item["bg"])
            for item in items
            if item["kind"] == "badge"
        }
        assert len(set(badges.values())) == 5, (theme, mode, badges)
