"""Print: LaTeX/PDF and EPUB output of listings, references, badges and graphs.

The LaTeX-source tests need no TeX. The PDF tests build a 40-ADR log with
latexmk and read the PDF back with pdftotext; they skip when TeX Live or
poppler is missing, unless ``ADR_REQUIRE_TOOLS`` is set (CI installs both).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from print_log import LEVELS, STATUSES, TOPICS, adr_title, option_title, risk_title, write_log
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.listings.graph_engine import PURE, scripts_program
from sphinxcontrib_adr.render.latex import NARROW_KINDS, column_widths, style_text
from util import bad_setting, copy_root, warnings_of

COUNT = 40
_ACTIVE = ("accepted", "proposed")
_LABEL = re.compile(r"\\label\{\\detokenize\{([^}]*)\}\}")
_HYPERREF = re.compile(r"\\hyperref\[\\detokenize\{([^}]*)\}\]")


def _tex(app) -> str:
    return "".join(p.read_text("utf-8") for p in sorted(app.outdir.glob("*.tex")))


def _latex(make_app, srcdir: Path, **overrides):
    app = make_app("latex", srcdir=srcdir, freshenv=True, confoverrides=overrides)
    app.build()
    return app


def _undefined(tex: str) -> set[str]:
    return set(_HYPERREF.findall(tex)) - set(_LABEL.findall(tex))


# --------------------------------------------------------------- LaTeX source


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_every_reference_to_an_alternative_or_risk_has_a_latex_label(make_app, tmp_path, syntax):
    app = _latex(make_app, copy_root(f"body-{syntax}", tmp_path))
    tex = _tex(app)
    assert warnings_of(app) == []
    # the containers of alternatives and risks get a label before them
    assert r"\label{\detokenize{decisions/0001-async-export:adr-0001-sync-rest}}" in tex
    assert r"\label{\detokenize{decisions/0001-async-export:adr-0001-queue-backup}}" in tex
    assert _undefined(tex) == set()


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_compact_adrs_and_references_across_pages_have_latex_labels(make_app, tmp_path, syntax):
    app = _latex(make_app, copy_root(f"builders-{syntax}", tmp_path))
    tex = _tex(app)
    assert r"\phantomsection\label{\detokenize{compact:small-1}}" in tex
    # "Amended by SMALL-1" and the "Impact" field on ADR-0001's page link to the
    # compact ADR's own page
    assert tex.count(r"\hyperref[\detokenize{compact:small-1}]") == 3
    assert _undefined(tex) == set()


def test_listing_tables_break_across_pages_with_widths_by_column_kind(make_app, tmp_path):
    app = _latex(make_app, copy_root("body-rst", tmp_path))
    tex = _tex(app)
    specs = re.findall(r"\\begin\{longtable\}\{([^\n]*)\}\n", tex)
    # every listing of the registers page and of the ADR pages is a longtable
    assert len(specs) == tex.count(r"\begin{longtable}") > 10
    assert not re.search(r"\\begin\{(tabulary|tabular)\}", tex)
    risk = next(s for s in specs if s.count(r"\X") == 6)
    kinds = re.findall(r"\\adr(narrow|wide)cell", risk)
    # ADR id, risk (title), impact, likelihood, status (badges), mitigation (text)
    assert kinds == ["narrow", "wide", "narrow", "narrow", "narrow", "wide"]
    # a listing without a caption is titled, so its continuation names it
    assert r"\caption{Risk register\strut}" in tex
    assert r"\caption{Alternatives of ADR\sphinxhyphen{}0001\strut}" in tex


def test_badges_leave_titles_for_the_line_beneath_in_latex_only(make_app, tmp_path):
    srcdir = copy_root("body-rst", tmp_path)
    tex = _tex(_latex(make_app, srcdir))
    badge = (
        r"\DUrole{adr-badge}{\DUrole{adr-verdict}{\DUrole{adr-verdict-rejected}"
        r"{\DUrole{adr-tone-rejected}{\DUrole{adr-box}{rejected}}}}}"
    )
    assert "\\subsubsection*{Sync REST}\n\n\\sphinxAtStartPar\n" + badge + "\n" in tex
    html = make_app("html", srcdir=srcdir, freshenv=True)
    html.build()
    page = (html.outdir / "decisions/0001-async-export.html").read_text("utf-8")
    # HTML keeps the badge inside the title
    assert (
        'adr-alternative-title rubric">Sync REST <span class="adr-badge adr-verdict '
        'adr-verdict-rejected">rejected</span></p>'
    ) in page


def test_references_to_inactive_decisions_are_marked_in_latex(make_app, tmp_path):
    tex = _tex(_latex(make_app, copy_root("builders-rst", tmp_path)))
    refs = re.findall(
        r"\\sphinxcrossref\{(\\DUrole\{adr-ref-inactive\}\{)?\\DUrole\{xref\}"
        r"[^\n]*?\\DUrole\{adr-status-([a-z]+)\}",
        tex,
    )
    statuses = {status for _marked, status in refs}
    assert {"accepted", "superseded"} <= statuses
    for marked, status in refs:
        assert bool(marked) == (status in ("superseded", "rejected", "deprecated")), status


def test_plain_words_when_latex_badges_are_off(make_app, tmp_path):
    tex = _tex(_latex(make_app, copy_root("body-rst", tmp_path), adr_latex_badges=False))
    assert "adr-box" not in tex
    assert r"\DUrole{adr-verdict-rejected}{rejected}" in tex


def test_style_file_has_a_tone_per_word_and_user_colours_win(make_app, tmp_path):
    app = _latex(make_app, copy_root("body-rst", tmp_path), adr_latex_colors={"accepted": "teal"})
    sty = (app.outdir / "sphinxcontrib-adr.sty").read_text("utf-8")
    assert "\\adrtone{accepted}{teal}\n" in sty
    assert "\\adrtone{rejected}{red!65!black}\n" in sty
    # the graph's legend swatches take the drawing's fills
    assert "\\adrfill{accepted}{BBF7D0}\n" in sty
    assert r"\usepackage{sphinxcontrib-adr}" in _tex(app)


@pytest.mark.parametrize("value", [{"accepted": "red; \\evil"}, {"Bad Word": "red"}, ["red"]])
def test_bad_latex_colours_are_a_config_error(make_app, tmp_path, value):
    app = make_app(
        "latex", srcdir=copy_root("body-rst", tmp_path), confoverrides={"adr_latex_colors": value}
    )
    bad_setting(app, "adr_latex_colors", value)


def test_style_text_keeps_features_lines_before_endinput():
    text = style_text({"x": "red"}, ["\\adrfill{x}{FFFFFF}"])
    assert text.endswith("\\adrtone{x}{red}\n\\adrfill{x}{FFFFFF}\n\\endinput\n")


def test_narrow_columns_fit_their_longest_cell_and_wide_ones_share_the_rest():
    kinds = ["id", "title", "badge", "text"]
    widths = column_widths(kinds, ["ADR", "Risk", "Likelihood", "Mitigation"], [[8, 30, 6, 200]])
    assert widths[0] == 8 + 1 + 3  # "ADR-0001" and its padding
    assert widths[2] == len("Likelihood") + 1 + 3  # the header word never hyphenates
    assert sum(widths) <= 90
    assert widths[3] > widths[1]  # the longer text gets more room
    assert {"id", "badge", "date", "number"} == NARROW_KINDS


def test_a_table_of_many_columns_is_set_smaller(make_app, tmp_path):
    srcdir = write_log(tmp_path / "log", 6)
    tex = _tex(_latex(make_app, srcdir))
    # the 9-column adr-table does not fit at the body's size
    assert "\\begin{sphinxuseclass}{adr-print-footnotesize}" in tex


def test_large_graph_prints_one_figure_per_group_with_caption_and_legend(make_app, tmp_path):
    if shutil.which("dot") is None and scripts_program(PURE) is None:
        if os.environ.get("ADR_REQUIRE_TOOLS") or os.environ.get("ADR_REQUIRE_GRAPHVIZ"):
            pytest.fail("a Graphviz program is required (ADR_REQUIRE_TOOLS is set)")
        pytest.skip("neither Graphviz's dot nor graphviz-pure is installed")
    srcdir = write_log(tmp_path / "log", COUNT)
    tex = _tex(_latex(make_app, srcdir))
    captions = re.findall(r"\\caption\{(Relations between \d+ decisions[^}]*)\}", tex)
    groups = len(TOPICS) + 1  # one per topic, then the compact ADRs (no relations)
    assert captions == [
        f"Relations between {COUNT + 3} decisions ({n} of {groups})" for n in range(1, groups + 1)
    ]
    assert tex.count("\\begin{sphinxlegend}") == groups
    assert r"\DUrole{adr-fill-accepted}{}accepted" in tex
    assert "\\begin{sphinxuseclass}{adr-graph}" in tex


# --------------------------------------------------------------------- EPUB


def test_epub_builds_clean_with_a_graph_and_keeps_one_colon(make_app, tmp_path):
    app = make_app("epub", srcdir=copy_root("graph-rst", tmp_path), freshenv=True)
    app.build()
    assert warnings_of(app) == []
    assert app.statuscode == 0
    # linked from the pages that show decisions (the graph's), not from all
    page = (app.outdir / "graph.xhtml").read_text("utf-8")
    assert 'href="_static/adr-epub.css"' in page
    css = (app.outdir / "_static/adr-epub.css").read_text("utf-8")
    assert "dl.field-list.adr-meta > dt:after" in css
    html = make_app("html", srcdir=copy_root("graph-rst", tmp_path / "html"), freshenv=True)
    html.build()
    assert "adr-epub.css" not in (html.outdir / "graph.html").read_text("utf-8")


def test_every_epub_page_of_a_log_with_every_listing_is_well_formed_xml(make_app, tmp_path):
    """E-readers parse EPUB pages as XML: a bare ``hidden`` attribute on each table
    row's record made every page with a listing fail, so the book showed no row."""
    from defusedxml import ElementTree

    srcdir = write_log(tmp_path / "log", 12)
    for _round in range(2):  # the second build is incremental, into the same book
        app = make_app("epub", srcdir=srcdir, freshenv=False)
        app.build()
        assert warnings_of(app) == []
    pages = sorted(app.outdir.rglob("*.xhtml"))
    assert len(pages) > 12
    for page in pages:
        ElementTree.parse(page)  # raises on a page that is not well-formed
    listing = (app.outdir / "registers.xhtml").read_text("utf-8")
    assert listing.count('class="adr-record" hidden="hidden"') >= 12
    # the export is for sites, not books: nothing in the book's folder it does not list
    assert not (app.outdir / "adrs.json").exists()


# ---------------------------------------------------------------------- PDF


#: the fonts Sphinx's pdflatex preamble loads (Debian's tex-gyre, not pulled in by
#: texlive-fonts-recommended without its recommended packages)
_TEX_FILES = ("tgtermes.sty", "tgheros.sty")


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing and "pdflatex" in programs:
        found = subprocess.run(["kpsewhich", *_TEX_FILES], capture_output=True, text=True)
        missing = [f for f in _TEX_FILES if f not in found.stdout]
    if missing:
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail(f"{', '.join(missing)} required (ADR_REQUIRE_TOOLS is set)")
        pytest.skip(f"{', '.join(missing)} not installed")


def _pdf(app) -> tuple[str, str]:
    """Run latexmk through Sphinx's Makefile; the PDF's text in reading order with
    line-end hyphens joined, and the LaTeX log."""
    subprocess.run(
        ["make", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        cwd=app.outdir,
        check=True,
        capture_output=True,
    )
    name = next(p.stem for p in app.outdir.glob("*.tex"))
    raw = subprocess.run(
        ["pdftotext", "-raw", f"{name}.pdf", "-"],
        cwd=app.outdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    text = " ".join(re.sub(r"-\n", "", raw).split())
    return text, (app.outdir / f"{name}.log").read_text("latin-1")


def _section(text: str, start: str, end: str) -> str:
    # the last "1.3 Risk register" is the heading (the table of contents comes first)
    return text[text.rindex(start) : text.rindex(end)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The 40-ADR log as PDF text and LaTeX log (built once for the tests below)."""
    _need("latexmk", "pdflatex", "pdftotext", "make")
    srcdir = write_log(tmp_path_factory.mktemp("print") / "log", COUNT)
    app = SphinxTestApp("latex", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert warnings_of(app) == []
        return _pdf(app)
    finally:
        app.cleanup()


def _active() -> list[int]:
    """The ADRs body listings show by default (inactive ones are left out)."""
    return [n for n in range(1, COUNT + 1) if STATUSES[n % len(STATUSES)] in _ACTIVE]


def _risks() -> list[tuple[int, str]]:
    return [(n, letter) for n in _active() for letter in "abc"]


def test_pdf_has_no_undefined_reference_and_no_lost_row(printed):
    _text, log = printed
    assert "undefined" not in log
    assert "Overfull \\vbox" not in log  # a table taller than the page loses rows


def test_pdf_adr_table_shows_every_decision(printed):
    text, _ = printed
    table = _section(text, "1.1 All decisions", "1.2 Decisions as a list")
    for n in range(1, COUNT + 1):
        assert f"ADR-{n:04d} {adr_title(n)}" in table, n
    for n in (1, 2, 3):
        assert f"SMALL-{n}" in table


def test_pdf_risk_register_and_matrix_show_every_risk(printed):
    text, _ = printed
    register = _section(text, "1.3 Risk register", "1.4 High-impact risks")
    high = _section(text, "1.4 High-impact risks", "1.5 Risk matrix")
    matrix = _section(text, "1.5 Risk matrix", "1.6 Every option")
    for n, letter in _risks():
        assert f"ADR-{n:04d} {risk_title(n, letter)}" in register, (n, letter)
        assert f"Mitigation {n}{letter}: monitor" in register, (n, letter)
        assert risk_title(n, letter) in matrix, (n, letter)
        if LEVELS[(n + "abc".index(letter)) % 3] == "high":  # the generator's impact
            assert f"ADR-{n:04d} {risk_title(n, letter)} high" in high, (n, letter)
    cells = [int(c) for c in re.findall(r"(?<![\w-])(\d+) Risk \d+[abc] ", matrix)]
    assert sum(cells) == 3 * len(_active())
    assert set(LEVELS) <= set(matrix.casefold().split())


def test_pdf_alternative_comparison_shows_every_option(printed):
    text, _ = printed
    options = _section(text, "1.6 Every option", "1.7 Consequences")
    for n, letter in _risks():
        assert f"ADR-{n:04d} {option_title(n, letter)}" in options, (n, letter)
        assert f"reason {n}{letter}" in options


def test_pdf_consequences_trace_and_tickets_show_every_decision(printed):
    text, _ = printed
    consequences = _section(text, "1.7 Consequences", "1.8 Traceability")
    trace = _section(text, "1.8 Traceability", "1.9 Tickets")
    tickets = _section(text, "1.9 Tickets", "1.10 Supersession graph")
    for n in range(1, COUNT + 1):
        topic = TOPICS[n % len(TOPICS)]
        assert f"ADR-{n:04d}: {adr_title(n)}" in trace, n
        assert f"LOG-{100 + n} JIRA ADR-{n:04d}: {adr_title(n)}" in tickets, n
    for n in _active():
        topic = TOPICS[n % len(TOPICS)]
        assert f"ADR-{n:04d} positive Faster {topic} {n}" in consequences, n
        assert f"ADR-{n:04d} negative More moving parts {n}" in consequences, n


def test_pdf_badges_sit_under_titles(printed):
    text, _ = printed
    # the title, then its verdict on the line below, then the description
    assert f"{option_title(1, 'a')} chosen Option a for the storage service." in text
    assert f"{risk_title(1, 'a')} impact: medium likelihood: high mitigated" in text


# ------------------------------------------------------- a real log, odd names


def _pdf_build(srcdir) -> tuple[str, str, Path]:
    app = SphinxTestApp("latex", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert warnings_of(app) == []
        text, log = _pdf(app)
        return text, log, app.outdir
    finally:
        app.cleanup()


#: the room of a printed figure (points): the text width, and the style file's cap
#: of 70 % of the text height
_ROOM = 450.0


def test_pdf_of_a_real_log_draws_its_relations_legibly_and_names_the_rest(tmp_path):
    """109 ADRs with 5 relations: the 104 unconnected ones were one figure set at
    2.5 pt; now the related ones are drawn with their text at 7.5 pt or more and the
    others are named in a line under the figure."""
    _need("latexmk", "pdflatex", "pdftotext", "pdfinfo", "make")
    if shutil.which("dot") is None and scripts_program(PURE) is None:
        pytest.skip("neither Graphviz's dot nor graphviz-pure is installed")
    from real_log import RELATIONS, ids, write_real_log

    text, log, outdir = _pdf_build(write_real_log(tmp_path / "log"))
    assert "undefined" not in log
    tex = next(outdir.glob("*.tex")).read_text("utf-8")
    images = re.findall(r"\\sphinxincludegraphics\{\{(adr-graph-[0-9a-f]+)\}\.(pdf|png)\}", tex)
    assert len(images) == 1
    for name, fmt in images:
        if fmt == "pdf":
            info = subprocess.run(
                ["pdfinfo", f"{name}.pdf"], cwd=outdir, capture_output=True, text=True
            ).stdout
            width, height = map(
                float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
            )
        else:  # graphviz-pure: a PNG at 96 dpi
            header = (outdir / f"{name}.png").read_bytes()[16:24]
            width, height = (int.from_bytes(header[i : i + 4], "big") * 0.75 for i in (0, 4))
        assert min(1, _ROOM / width, _ROOM / height) >= 0.75, (width, height)
    related = {adr for source, _kind, target in RELATIONS for adr in (source, target)}
    alone = [i for i in ids() if i not in related]
    # named in a line (it may run onto the next page: the page's footer comes between)
    after = text[text.index(f"Without relations ({len(alone)}): ") :]
    assert re.findall(r"(?:ADR|DEC)-\d{4}", after)[: len(alone)] == alone


_HASH_PAGE = """\
ADR-0001: Write the client in C#
================================

.. adr::
   :status: superseded
   :date: 2024-01-02

Alternatives
------------

.. alternative:: One of the templates at https://github.com/joelparkerhenderson/architecture_decision_record_templates
   :id: ADR-0001.one-of-the-templates
   :verdict: rejected

   Too many.

.. alternative:: Keep the client from https://example.com/generators/openapigeneratorclientlibrariesforeverylanguage
   :verdict: chosen

   Fine.

.. alternative-table::
"""
_SUCCESSOR = """\
ADR-0002: Write the client in F#
================================

.. adr::
   :status: accepted
   :date: 2024-02-02
   :supersedes: ADR-0001

See :adr:`ADR-0001`, :adr:alt:`ADR-0001.one-of-the-templates` and :doc:`0001-c#-client`.
"""


def test_pdf_breaks_long_urls_links_names_with_hash_and_boxes_the_banner(tmp_path):
    _need("latexmk", "pdflatex", "pdftotext", "make")
    srcdir = tmp_path / "src"
    (srcdir / "decisions").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr"]\nproject = "hash"\n'
        'latex_documents = [("index", "hash.tex", "Hash", "Team", "manual")]\n',
        "utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Hash\n====\n\n.. toctree::\n   :glob:\n\n   decisions/*\n\nSee :adr:`ADR-0002`.\n",
        "utf-8",
    )
    (srcdir / "decisions" / "0001-c#-client.rst").write_text(_HASH_PAGE, "utf-8")
    (srcdir / "decisions" / "0002-f#-client.rst").write_text(_SUCCESSOR, "utf-8")
    text, log, outdir = _pdf_build(srcdir)
    # links to pages whose names hold "#" land (they named labels that did not exist)
    assert "Hyper reference" not in log, re.findall(r"Hyper reference `[^']*'", log)
    # a long URL at the end of an option's title, and in the comparison's cell, breaks
    # at the margin instead of running past it (cut off in the cell)
    assert "Overfull \\hbox" not in log
    for url in (
        "https://github.com/joelparkerhenderson/architecture_decision_record_templates",
        "https://example.com/generators/openapigeneratorclientlibrariesforeverylanguage",
    ):
        assert text.replace(" ", "").count(url) >= 2, url  # the title and the table
    # the banner is a box in its status' tone, as in HTML (it was a bold line)
    tex = next(outdir.glob("*.tex")).read_text("utf-8")
    assert (
        "\\begin{sphinxuseclass}{adr-tone-superseded}\n\\begin{sphinxuseclass}{adr-banner}"
    ) in tex
    sty = (outdir / "sphinxcontrib-adr.sty").read_text("utf-8")
    assert "\\newenvironment{sphinxclassadr-banner}" in sty
    assert "No longer in force: superseded by ADR-0002: Write the client in F#." in text
