"""Switching from sphinx-adr takes one line (issue 34).

``roots/test-sphinx-adr-*`` is a project written in sphinx-adr's vocabulary
(``:authors:``, relations naming documents, ``adrlist``, ``adr_path``, the
``adr_nav.html`` sidebar in ``html_sidebars``) whose extensions line alone was
changed to ``sphinxcontrib_adr``. The orders expected of its ``adrlist``
listings are the ones sphinx-adr documents: ``date-desc`` by default, newest
first, ties in document order; ``date-asc``; ``status`` in lifecycle order
(sphinx-adr 0.4.0 built from the same sources lists the same ids in the same
order).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from util import ROOTS, adr_warnings, bad_setting, domain_of, twins, warnings_of

EXT = {"rst": "rst", "myst": "md"}

#: what the switched project holds: id -> (status, date, deciders, tags, summary)
EXPECTED = {
    "ADR-0001": ("accepted", "2023-02-10", ("Dana Ruiz", "Omar Haddad"), ("process",),
                 "Decisions are written down next to the documentation they shape."),
    "ADR-0002": ("superseded", "2023-05-02", ("Omar Haddad",), ("data", "backend"),
                 "Orders are exported once a night as one CSV file."),
    "ADR-0003": ("superseded", "2023-09-14", ("Li Wei",), ("backend", "performance"),
                 "Rendered product pages are kept in a shared Redis cache."),
    "ADR-0004": ("accepted", "2024-01-20", ("Dana Ruiz", "Li Wei"), ("data",),
                 "Each order is published to the export stream as it is placed."),
    "ADR-0005": ("proposed", "2024-03-05", ("Omar Haddad",), ("API",),
                 "Clients query one GraphQL gateway instead of each service."),
    "ADR-0006": ("accepted", "2024-03-05", ("Li Wei",), ("performance",),
                 "Product pages are cached by the CDN, not by the application."),
    "ADR-0007": ("deprecated", "2022-11-30", ("Dana Ruiz",), ("API", "legacy"),
                 "Partners keep calling the SOAP endpoints until they move."),
}  # fmt: skip

#: ``:superseded-by:`` as sphinx-adr writes it (from the source folder, no suffix),
#: relative with a suffix, and absolute: (superseded, superseding)
SUPERSESSIONS = [("ADR-0002", "ADR-0004"), ("ADR-0003", "ADR-0006"), ("ADR-0007", "ADR-0005")]

#: the four adrlist listings of index: (options, ids in sphinx-adr's order)
LISTINGS = [
    # no options: every ADR, date-desc; 0005 and 0006 share a date: document order
    ["ADR-0005", "ADR-0006", "ADR-0004", "ADR-0003", "ADR-0002", "ADR-0001", "ADR-0007"],
    # :status: Accepted, :sort: date-asc
    ["ADR-0001", "ADR-0004", "ADR-0006"],
    # :tags: data, API (any of them), :sort: status
    ["ADR-0005", "ADR-0004", "ADR-0007", "ADR-0002"],
    # :status: superseded, Deprecated (a list, any case), date-desc
    ["ADR-0003", "ADR-0002", "ADR-0007"],
]

#: the adr_nav.html sidebar: every ADR, newest first
NAV = LISTINGS[0]


def _copy(tmp_path: Path, syntax: str) -> Path:
    target = tmp_path / f"sphinx-adr-{syntax}"
    shutil.copytree(ROOTS / f"test-sphinx-adr-{syntax}", target)
    return target


def _listed_ids(html: str) -> list[list[str]]:
    """The ids of each adrlist on a page, in order (each entry links its ADR)."""
    lists = re.findall(r'<ul class="adr-list[^"]*">(.*?)</ul>', html, re.S)
    return [re.findall(r'href="[^"]*#(adr-\d+)"', block) for block in lists]


def _ids(anchors: list[str]) -> list[str]:
    return [a.upper() for a in anchors]


@twins("sphinx-adr")
def test_switched_project_builds_without_a_warning(app, syntax):
    app.build()
    assert warnings_of(app) == [], app.warning.getvalue()


@twins("sphinx-adr")
def test_switched_project_keeps_ids_statuses_dates_deciders_tags(app, syntax):
    app.build()
    found = {
        adr.id: (adr.status, adr.date, adr.deciders, adr.tags) for adr in domain_of(app).adrs()
    }
    assert found == {key: value[:4] for key, value in EXPECTED.items()}


@twins("sphinx-adr")
def test_summary_written_as_directive_content_stays_on_the_page(app, syntax):
    app.build()
    for adr in domain_of(app).adrs():
        html = (Path(app.outdir) / f"{adr.docname}.html").read_text("utf-8")
        # after the metadata block, before the first subsection
        meta = html.index('class="adr-meta')
        assert html.index(f"<p>{EXPECTED[adr.id][4]}</p>") > meta, adr.id
        assert html.index(f"<p>{EXPECTED[adr.id][4]}</p>") < html.index('<section id="'), adr.id


@twins("sphinx-adr")
def test_relations_naming_documents_show_on_both_ends(app, syntax):
    app.build()
    domain = domain_of(app)
    for old, new in SUPERSESSIONS:
        assert [(k.name, rev, other) for k, rev, other in domain.links_of(domain.get(old))] == [
            ("supersedes", True, new)
        ]
        assert [(k.name, rev, other) for k, rev, other in domain.links_of(domain.get(new))] == [
            ("supersedes", False, old)
        ]
    page = (Path(app.outdir) / "adr/0004-stream-exports.html").read_text("utf-8")
    assert re.search(r"Supersedes.*?0002-nightly-batch-exports\.html#adr-0002", page, re.S)


@twins("sphinx-adr")
def test_adrlist_lists_what_sphinx_adr_lists_in_its_order(app, syntax):
    app.build()
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert [_ids(ids) for ids in _listed_ids(html)] == LISTINGS


@twins("sphinx-adr")
def test_adr_nav_sidebar_from_html_sidebars_shows_the_log(app, syntax):
    # conf.py keeps sphinx-adr's line: html_sidebars = {"adr/*": ["adr_nav.html"]}
    app.build()
    outdir = Path(app.outdir)
    page = (outdir / "adr/0003-cache-in-redis.html").read_text("utf-8")
    nav = page[page.index('<nav class="adr-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert _ids(re.findall(r'href="[^"]*#(adr-\d+)"', nav)) == NAV
    assert re.findall(r'<li class="[^"]*adr-nav-current">\s*<a href="([^"]+)"', nav) == [
        "#adr-0003"
    ]
    assert '<a href="../index.html">Decision log</a>' in nav
    assert "adr-status-superseded" in nav and "Cache product pages in Redis" in nav
    # pages html_sidebars does not name keep the theme's sidebar
    assert 'class="adr-nav"' not in (outdir / "index.html").read_text("utf-8")


def test_sidebar_escapes_titles_and_links_the_configured_home(make_app, tmp_path):
    srcdir = _copy(tmp_path, "rst")
    path = srcdir / "adr/0005-graphql-gateway.rst"
    text = path.read_text("utf-8").replace("front of the services", "front of <services>")
    path.write_text(text, "utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'adr_nav_home = "adr/0001-record-decisions"\n')
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == [], app.warning.getvalue()
    page = (Path(app.outdir) / "adr/0004-stream-exports.html").read_text("utf-8")
    assert "in front of &lt;services&gt;</span>" in page
    assert '<a href="0001-record-decisions.html">Decision log</a>' in page


def test_adr_nav_home_naming_no_document_is_one_warning(make_app, tmp_path):
    srcdir = _copy(tmp_path, "rst")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'adr_nav_home = "decisions"\n')
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = [(w.basename, w.line, w.message) for w in adr_warnings(app)]
    assert found == [
        (
            "conf.py",
            6,
            "adr_nav_home = 'decisions' names no document, so the adr_nav.html sidebar's "
            "heading links to nothing; write a document name (such as 'adr/index') or None",
        )
    ]


@pytest.mark.parametrize("value", [3, ""])
def test_adr_path_that_is_no_folder_falls_back(make_app, tmp_path, value):
    srcdir = _copy(tmp_path, "rst")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('adr_path = "adr"', f"adr_path = {value!r}"))
    app = make_app("html", srcdir=srcdir, freshenv=True)
    warning = bad_setting(app, "adr_path", value)
    assert "write a folder path (such as 'adr') or None" in warning.message


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_authors_beside_deciders_is_one_warning(make_app, tmp_path, syntax):
    srcdir = _copy(tmp_path, syntax)
    path = srcdir / f"adr/0004-stream-exports.{EXT[syntax]}"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace(
            ":authors:",
            ":deciders: Ann Lee\n   :authors:"
            if syntax == "rst"
            else ":deciders: Ann Lee\n:authors:",
        ),
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = [(w.basename, w.message) for w in adr_warnings(app)]
    assert found == [
        (
            f"0004-stream-exports.{EXT[syntax]}",
            "adr: :authors: (sphinx-adr's name for :deciders:) and :deciders: are both "
            "given, so :authors: is ignored; keep one of them",
        )
    ]
    assert domain_of(app).get("ADR-0004").deciders == ("Ann Lee",)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        (
            "adr/0009-missing",
            "which is no document of this project; write the path of the document that "
            "holds the ADR (from the source folder, or relative to this one) or its id",
        ),
        ("/index", "the document 'index', which holds no ADR; name a document holding one"),
        ("../index.rst", "the document 'index', which holds no ADR; name a document holding one"),
    ],
)
def test_relation_to_a_document_without_one_adr_says_why(make_app, tmp_path, written, why):
    srcdir = _copy(tmp_path, "rst")
    path = srcdir / "adr/0002-nightly-batch-exports.rst"
    text = path.read_text("utf-8").replace("adr/0004-stream-exports", written)
    path.write_text(text, "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = [(w.basename, w.line, w.message) for w in adr_warnings(app)]
    assert found == [
        (
            "0002-nightly-batch-exports.rst",
            4,
            f"ADR-0002 :superseded-by: names {written!r}, {why}",
        )
    ]


def test_relation_to_a_page_of_several_adrs_asks_for_the_id(make_app, tmp_path):
    srcdir = _copy(tmp_path, "rst")
    (srcdir / "adr/pair.rst").write_text(
        "Pair\n====\n\n.. adr:: One\n   :id: ADR-0101\n\n   A.\n\n"
        ".. adr:: Two\n   :id: ADR-0102\n\n   B.\n",
        "utf-8",
    )
    path = srcdir / "adr/0002-nightly-batch-exports.rst"
    path.write_text(path.read_text("utf-8").replace("0004-stream-exports", "pair"), "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert [w.message for w in adr_warnings(app)] == [
        "ADR-0002 :superseded-by: names 'adr/pair', the document 'adr/pair', which holds "
        "2 ADRs (ADR-0101, ADR-0102); write the id meant"
    ]


def test_a_relation_naming_a_document_follows_its_adr_on_incremental_builds(make_app, tmp_path):
    # resolved after reading: ADR-0002's page is not read again, yet names the new id
    srcdir = _copy(tmp_path, "rst")
    make_app("html", srcdir=srcdir, freshenv=True).build()
    path = srcdir / "adr/0004-stream-exports.rst"
    path.write_text(path.read_text("utf-8").replace("ADR-0004", "ADR-0040"), "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=False)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _a, _e, docnames: read.extend(docnames))
    app.build()
    assert read == ["adr/0004-stream-exports"]
    assert adr_warnings(app) == []
    page = (Path(app.outdir) / "adr/0002-nightly-batch-exports.html").read_text("utf-8")
    assert "ADR-0040: Stream order exports" in page
    assert "ADR-0004" not in page


def test_parallel_build_resolves_documents_as_a_serial_one(make_app, tmp_path):
    relations = []
    for parallel in (0, 2):
        srcdir = _copy(tmp_path / str(parallel), "myst")
        app = make_app("html", srcdir=srcdir, freshenv=True, parallel=parallel)
        app.build()
        assert warnings_of(app) == [], app.warning.getvalue()
        domain = domain_of(app)
        relations.append({a.id: domain.links_of(a) for a in domain.adrs()})
    assert relations[0] == relations[1]


def test_adrlist_takes_native_sort_keys_and_reports_unknown_ones(make_app, tmp_path):
    srcdir = _copy(tmp_path, "rst")
    index = srcdir / "index.rst"
    text = index.read_text("utf-8")
    text = text.replace(":sort: date-asc", ":sort: -id").replace(":sort: status", ":sort: newest")
    index.write_text(text, "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert [(w.line, w.type) for w in adr_warnings(app)] == [(19, "adr.filter")]
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert [_ids(ids) for ids in _listed_ids(html)] == [
        LISTINGS[0],
        ["ADR-0006", "ADR-0004", "ADR-0001"],
        LISTINGS[3],
    ]


# ------------------------------------------------------------------ command line


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    from sphinxcontrib_adr.cli.commands import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_dry_run_of_a_sphinx_adr_folder_reports_nothing_unknown(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(_copy(tmp_path, "rst"))
    code, out, err = _cli(capsys, "import", "adr", "--dry-run")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "would convert 7 of 7 files",
        "statuses: accepted 3, deprecated 1, proposed 1, superseded 2",
    ]
    # advice may follow (the titles carry their numbers, as sphinx-adr's do), but no
    # option of the folder is unknown or kept for the user to declare
    assert lines[2:] == [
        line for line in lines[2:] if line.startswith("note: ") and "number" in line
    ]
    assert not any("kept as is" in line or "unknown" in line for line in lines)


def test_import_writes_native_spellings_and_keeps_the_ids(tmp_path, monkeypatch, capsys):
    srcdir = _copy(tmp_path, "rst")
    monkeypatch.chdir(srcdir)
    path = srcdir / "adr/0007-soap-endpoints.rst"
    path.write_text(path.read_text("utf-8").replace(":id: ADR-0007", ":id: LEGACY-7"), "utf-8")
    assert _cli(capsys, "import", "adr", "--out", "native")[0] == 0
    written = (srcdir / "native/0007-soap-endpoints.rst").read_text("utf-8")
    assert written.splitlines()[3:11] == [
        ".. adr::",
        "   :id: LEGACY-7",
        "   :status: Deprecated",
        "   :date: 2022-11-30",
        "   :deciders: Dana Ruiz",
        "   :tags: API, legacy",
        "   :superseded-by: ADR-0005",
        "",
    ]
    assert ":superseded-by: ADR-0006" in (srcdir / "native/0003-cache-in-redis.rst").read_text()


def test_new_creates_adrs_in_adr_path(tmp_path, monkeypatch, capsys):
    # the folder holding most ADRs is adr/; sphinx-adr's setting names another
    srcdir = _copy(tmp_path, "rst")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('adr_path = "adr"', 'adr_path = "log"'))
    (srcdir / "log").mkdir()
    monkeypatch.chdir(srcdir)
    code, out, _err = _cli(capsys, "new", "Queue the exports")
    assert code == 0
    # log/ is in no toctree of the root (its glob takes adr/*): new says so
    assert out.splitlines()[:2] == [
        "created log/0001-queue-the-exports.rst (ADR-0001)",
        'hint: log/0001-queue-the-exports.rst is in no toctree, so the build warns "document '
        "isn't included in any toctree\": add a toctree with ':glob:' and the line 'log/*' "
        "(e.g. to index.rst), which takes every ADR of the folder, new ones too",
    ]


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_list_reads_authors_and_relations_naming_documents(tmp_path, monkeypatch, capsys, syntax):
    monkeypatch.chdir(_copy(tmp_path, syntax))
    code, out, _err = _cli(
        capsys, "list", "--columns", "id, deciders, superseded-by", "--relation", "superseded-by"
    )
    assert code == 0
    assert [line.split() for line in out.splitlines()] == [
        ["ID", "DECIDERS", "SUPERSEDED-BY"],
        ["ADR-0002", "Omar", "Haddad", "ADR-0004"],
        ["ADR-0003", "Li", "Wei", "ADR-0006"],
        ["ADR-0007", "Dana", "Ruiz", "ADR-0005"],
    ]


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_lint_suggests_native_spellings_in_info_lines_and_passes(
    tmp_path, monkeypatch, capsys, syntax
):
    monkeypatch.chdir(_copy(tmp_path, syntax))
    code, out, _err = _cli(capsys, "lint")
    ext = EXT[syntax]
    line = 4 if syntax == "rst" else 3
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "sphinx-adr: no ADR problems found"
    assert len(lines) == 8
    assert lines[1] == (
        f"info: adr/0002-nightly-batch-exports.{ext}:{line}: ADR-0002 is written in "
        "sphinx-adr's spellings, which work; the native ones: :deciders: for :authors:; "
        ":superseded-by: ADR-0004 for adr/0004-stream-exports"
    )
    assert lines[2].endswith(f":superseded-by: ADR-0006 for 0006-edge-cache.{ext}")
    assert lines[6].endswith(":superseded-by: ADR-0005 for /adr/0005-graphql-gateway")
