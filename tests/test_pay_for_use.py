"""A project pays only for what it uses: pages without decisions carry no asset of
ours, scripts come only with the listings they drive, and a project without any
decision gets no ``adrs.json`` and no LaTeX package (issue 29)."""

from __future__ import annotations

import re
import zlib

import pytest

from util import warnings_of

_OURS = re.compile(r"_static/(adr[\w-]*\.(?:css|js))")

_ADR = """\
Use PostgreSQL
==============

.. adr::
   :id: ADR-0001
   :status: accepted
   :date: 2025-01-02
   :tags: storage
   :relates: ADR-0002

Context
-------

Text.
"""

_ADR2 = """\
Use a queue
===========

.. adr::
   :id: ADR-0002
   :status: proposed
"""


def _project(tmp_path, pages: dict[str, str]):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\nproject = "P"\n')
    toctree = "".join(f"   {name}\n" for name in pages if name != "index")
    index = pages.get("index", "Home\n====\n\nPlain text.\n")
    (tmp_path / "index.rst").write_text(f"{index}\n.. toctree::\n\n{toctree}", "utf-8")
    for name, text in pages.items():
        if name != "index":
            (tmp_path / f"{name}.rst").write_text(text, "utf-8")
    return tmp_path


def _assets(outdir, page: str) -> set[str]:
    return set(_OURS.findall((outdir / f"{page}.html").read_text("utf-8")))


def test_a_project_without_decisions_carries_nothing_of_ours(make_app, tmp_path):
    plain = {
        "guide": ".. _intro:\n\nGuide\n=====\n\nJust prose, a ``literal``, a list and "
        "references to :ref:`intro` and :doc:`index`:\n\n- one\n"
    }
    srcdir = _project(tmp_path / "src", plain)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    for page in ("index", "guide", "genindex", "search"):
        assert _assets(app.outdir, page) == set(), page
    # no file of ours is copied either: no page links one
    assert sorted(p.name for p in (app.outdir / "_static").glob("adr*")) == []
    assert not (app.outdir / "adrs.json").exists()
    latex = make_app("latex", srcdir=srcdir, freshenv=True)
    latex.build()
    tex = "".join(p.read_text("utf-8") for p in latex.outdir.glob("*.tex"))
    assert "sphinxcontrib-adr" not in tex
    assert not (latex.outdir / "sphinxcontrib-adr.sty").exists()


def test_pages_link_only_the_files_they_use(make_app, tmp_path):
    pages = {
        "0001-postgres": _ADR,
        "0002-queue": _ADR2,
        "table": "Table\n=====\n\n.. adr-table::\n",
        "graph": "Graph\n=====\n\n.. adr-graph::\n",
        "mention": "Mention\n=======\n\nSee :adr:`ADR-0001`.\n",
        "prose": "Prose\n=====\n\nNothing about decisions.\n",
    }
    app = make_app("html", srcdir=_project(tmp_path / "src", pages), freshenv=True)
    app.build()
    assert warnings_of(app) == []
    styles = {"adr.css", "adr-body.css", "adr-queries.css", "adr-graph.css"}
    assert _assets(app.outdir, "prose") == set()
    assert _assets(app.outdir, "index") == set()
    assert _assets(app.outdir, "0001-postgres") == styles
    assert _assets(app.outdir, "mention") == styles
    assert _assets(app.outdir, "table") == {*styles, "adr-table.js"}
    assert _assets(app.outdir, "graph") == {*styles, "adr-graph.js"}
    # every linked file is there (with the checksum of the copy), and nothing else of
    # ours; the export is written for a project with ADRs
    linked = styles | {"adr-table.js", "adr-graph.js", "adr-index.css"}  # + the status index
    assert {p.name for p in (app.outdir / "_static").glob("adr*")} == linked
    for name in styles | {"adr-graph.js"}:
        digest = f"{zlib.crc32((app.outdir / '_static' / name).read_bytes()):08x}"
        assert f"{name}?v={digest}" in (app.outdir / "graph.html").read_text("utf-8"), name
    assert (app.outdir / "adrs.json").is_file()


@pytest.mark.parametrize("builder", ["latex"])
def test_a_project_with_decisions_keeps_its_latex_package(make_app, tmp_path, builder):
    srcdir = _project(tmp_path / "src", {"0001-postgres": _ADR, "0002-queue": _ADR2})
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    tex = "".join(p.read_text("utf-8") for p in app.outdir.glob("*.tex"))
    assert tex.count(r"\usepackage{sphinxcontrib-adr}") == 1
    assert (app.outdir / "sphinxcontrib-adr.sty").is_file()


def test_the_export_goes_when_the_last_decision_goes(make_app, tmp_path):
    srcdir = _project(tmp_path / "src", {"0001-postgres": _ADR.replace(":relates: ADR-0002\n", "")})
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert (app.outdir / "adrs.json").is_file()
    (srcdir / "0001-postgres.rst").write_text("Postgres\n========\n\nNo longer an ADR.\n")
    again = make_app("html", srcdir=srcdir, freshenv=False)
    again.build()
    assert not (again.outdir / "adrs.json").exists()


def test_the_log_sidebar_brings_its_style_to_every_page_it_is_on(make_app, tmp_path):
    pages = {"0001-postgres": _ADR.replace(":relates: ADR-0002\n", ""), "prose": "P\n=\n\nText.\n"}
    app = make_app(
        "html",
        srcdir=_project(tmp_path / "src", pages),
        freshenv=True,
        confoverrides={"html_sidebars": {"prose": ["adr_nav.html"]}},
    )
    app.build()
    assert warnings_of(app) == []
    assert _assets(app.outdir, "prose") == {"adr-nav.css"}
    assert "adr-nav.css" not in _assets(app.outdir, "0001-postgres")


def test_only_pages_holding_decisions_are_read_by_the_features(make_app, tmp_path):
    """A page with nothing of ours costs one walk, which notes the names it refers to;
    the features' read handlers (``adr-doc-read``) see only the pages holding an ADR,
    a body directive or a listing, in reST and MyST alike."""
    pages = {
        "0001-postgres": _ADR,
        "0002-queue": _ADR2,
        "mentions": "Mentions\n========\n\nSee :adr:`ADR-0002` and :ref:`genindex`.\n",
        "listing": "Listing\n=======\n\n.. adr-table::\n",
    }
    srcdir = _project(tmp_path / "src", pages)
    (srcdir / "myst.md").write_text(
        "# MyST\n\nSee {adr}`ADR-0001`.\n\n```{adr-list}\n```\n", "utf-8"
    )
    (srcdir / "index.rst").write_text(
        (srcdir / "index.rst").read_text("utf-8") + "   myst\n", "utf-8"
    )
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr", "myst_parser"]\nproject = "P"\n'
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    read: list[str] = []
    app.connect("adr-doc-read", lambda app, _doctree: read.append(app.env.docname))
    app.build()
    assert warnings_of(app) == []
    assert sorted(read) == ["0001-postgres", "0002-queue", "listing", "myst"]
    docs = app.env.domains["adr"].docs
    assert sorted(docs["mentions"].refs) == ["adr-0002", "genindex"]
    assert sorted(docs["myst"].refs) == ["adr-0001"]
    assert (docs["index"].adrs, docs["index"].pages, docs["index"].children) == ([], [], [])


@pytest.mark.parametrize("syntax", ["rst", "md"])
def test_the_default_page_size_reaches_the_tables_of_listings_only(make_app, tmp_path, syntax):
    """``adr_table_page_size`` is written on each interactive table without its own
    ``:page-size:``; pages without a listing are not searched for tables."""
    listing = {
        "rst": "Listing\n=======\n\n.. adr-table::\n\n.. adr-table::\n   :page-size: 3\n",
        "md": "# Listing\n\n```{adr-table}\n```\n\n```{adr-table}\n:page-size: 3\n```\n",
    }[syntax]
    srcdir = _project(tmp_path / "src", {"0001-postgres": _ADR, "0002-queue": _ADR2})
    (srcdir / f"listing.{syntax}").write_text(listing, "utf-8")
    (srcdir / "index.rst").write_text(
        (srcdir / "index.rst").read_text("utf-8") + "   listing\n", "utf-8"
    )
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr", "myst_parser"]\nproject = "P"\n'
        "adr_table_page_size = 7\nadr_table_interactive = True\n"
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    html = (app.outdir / "listing.html").read_text("utf-8")
    sizes = re.findall(r'<table class="[^"]*?(adr-page-size-\d+)[^"]*"', html)
    assert sizes == ["adr-page-size-7", "adr-page-size-3"]
    for page in ("0001-postgres", "index"):
        assert "adr-page-size" not in (app.outdir / f"{page}.html").read_text("utf-8")
