"""The adr directive, the domain and references, in reST and MyST twins."""

from __future__ import annotations

import pytest
from docutils import nodes

from util import adr_warnings, copy_root, records_summary, twins

TWINS = twins("core")


@pytest.fixture
def core(app, syntax):
    app.build()
    return app


def _html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text("utf-8")


@TWINS
def test_core_root_builds_without_warnings(core):
    assert adr_warnings(core) == []


def test_rst_and_myst_give_the_same_records(make_app, tmp_path):
    summaries = []
    for syntax in ("rst", "myst"):
        app = make_app("html", srcdir=copy_root(f"core-{syntax}", tmp_path), freshenv=True)
        app.build()
        summaries.append(records_summary(app))
    assert summaries[0] == summaries[1]
    assert len(summaries[0]) == 5


@TWINS
def test_section_becomes_adr_with_options_parsed(core):
    adr = core.env.domains["adr"].get("ADR-0007")
    assert adr.title == "Focus on performance optimization"
    assert adr.status == "accepted"  # "Approved" is an alias
    assert adr.status_date == "2026-01-08"
    assert adr.deciders == ("Sergey Grachev", "Ana Lima")
    assert adr.tags == ("performance", "backend")
    assert ("ADR-0007", "supersedes", "ADR-0003") in [
        (lk.source, lk.kind, lk.target) for lk in adr.links
    ]
    assert dict(adr.fields) == {
        "cost": "2 weeks",
        "decided-on": "2026-01-07",
        "teams": ("core", "infra"),
        "priority": "high",
    }


@TWINS
def test_id_comes_from_file_number_and_title_prefix_is_stripped(core):
    adr = core.env.domains["adr"].get("ADR-0003")
    assert adr.title == "Cache in process"
    assert adr.docname == "decisions/0003-cache-in-process"


@TWINS
def test_superseded_adr_shows_backlink(core):
    html = _html(core, "decisions/0003-cache-in-process")
    assert "Superseded by" in html
    assert 'href="0007-focus-on-performance.html#adr-0007"' in html
    assert "ADR-0007: Focus on performance optimization" in html


@TWINS
def test_metadata_block_shows_status_badge_people_and_fields(core):
    html = _html(core, "decisions/0007-focus-on-performance")
    assert '<span class="adr-status adr-status-accepted">accepted (2026-01-08)</span>' in html
    for text in ("Sergey Grachev", "Platform team", "Everyone", "KB-142", "2027-01-08", "2 weeks"):
        assert text in html
    tree = core.env.get_and_resolve_doctree("decisions/0007-focus-on-performance", core.builder)
    relations = {
        f[0].astext(): f[1].astext()
        for f in tree.findall(nodes.field)
        if "adr-relation" in f["classes"]
    }
    assert relations == {
        "Supersedes": "ADR-0003: Cache in process",
        "Relates": "ADR-0002: Use PostgreSQL",
    }


@TWINS
def test_adr_role_renders_title_and_status(core):
    html = _html(core, "index")
    assert "ADR-0007: Focus on performance optimization" in html
    assert 'title="ADR-0007 (accepted)"' in html
    assert "adr-status-superseded" in html  # ADR-0003 reference carries its status
    assert ">the old one<" in html  # explicit title kept
    assert 'href="decisions/0002-use-postgres.html#adr-0002"' in html  # :any:


@TWINS
def test_compact_form_records_each_adr_and_keeps_following_text(core):
    domain = core.env.domains["adr"]
    small = domain.get("SMALL-2")
    assert small.compact and small.title == "Prefer UTC timestamps"
    assert small.docname == "compact"
    html = _html(core, "compact")
    assert "Text after the compact ADRs still renders." in html
    assert "Amended by" in _html(core, "decisions/0002-use-postgres")


@TWINS
def test_objects_inventory_lists_adrs(core):
    objects = {o[0]: o for o in core.env.domains["adr"].get_objects()}
    assert objects["ADR-0007"][2] == "adr"
    assert objects["ADR-0007"][3] == "decisions/0007-focus-on-performance"
    assert objects["ADR-0007"][4] == "adr-0007"


@TWINS
def test_markdown_link_to_an_adr_id_renders_its_title(core):
    html = _html(core, "index")
    line = next(ln for ln in html.splitlines() if "A Markdown link with no text" in ln)
    assert 'href="decisions/0007-focus-on-performance.html#adr-0007"' in line
    assert "ADR-0007: Focus on performance optimization" in line


def _write(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


@pytest.mark.parametrize("parallel", [0, 2])
def test_adr_named_by_its_file_keeps_its_id_against_an_explicit_claim(make_app, tmp_path, parallel):
    # "architecture" is read before "decisions/0001-..." (alphabetical order)
    src = _write(
        tmp_path / "src",
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr"]\n',
            "index.rst": "Log\n===\n\n.. toctree::\n\n   architecture\n"
            "   decisions/0001-use-a-database\n   refs\n",
            "architecture.rst": "Architecture\n============\n\n.. adr::\n   :id: ADR-0001\n"
            "   :status: proposed\n",
            "decisions/0001-use-a-database.rst": "ADR-0001: Use a database\n"
            "========================\n\n.. adr::\n   :status: accepted\n",
            "refs.rst": "Refs\n====\n\nSee :adr:`ADR-0001`.\n",
        },
    )
    app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
    app.build()
    dups = adr_warnings(app, "duplicate")
    assert [(w.basename, w.line) for w in dups] == [("architecture.rst", 4)]
    assert "also defined in decisions/0001-use-a-database (line 4)" in dups[0].message
    assert "its file name gives it that id, so give this ADR another :id:" in dups[0].message
    assert app.env.domains["adr"].get("ADR-0001").docname == "decisions/0001-use-a-database"
    refs = _html(app, "refs")
    assert 'href="decisions/0001-use-a-database.html#adr-0001"' in refs
    assert "Use a database" in refs


_BARE = {
    "rst": {
        "index.rst": "Log\n===\n\n.. toctree::\n   :glob:\n\n   *\n",
        "0002-cache.rst": "ADR-0002: Cache\n===============\n\n.. adr::\n"
        "   :status: superseded\n   :date: 2026-01-02\n",
        "0003-edge.rst": "ADR-0003: Edge\n==============\n\n.. adr::\n"
        "   :status: accepted\n   :date: 2026-01-03\n   :supersedes: 2\n",
        "tables.rst": "Tables\n======\n\n.. adr-table::\n"
        "   :columns: id, title, status, supersedes, superseded-by\n\n"
        ".. adr-list::\n\n.. adr-timeline::\n\nSee :adr:`3`.\n",
    },
    "myst": {
        "index.md": "# Log\n\n```{toctree}\n:glob:\n\n*\n```\n",
        "0002-cache.md": "# ADR-0002: Cache\n\n:::{adr}\n:status: superseded\n"
        ":date: 2026-01-02\n:::\n",
        "0003-edge.md": "# ADR-0003: Edge\n\n:::{adr}\n:status: accepted\n"
        ":date: 2026-01-03\n:supersedes: 2\n:::\n",
        "tables.md": "# Tables\n\n:::{adr-table}\n"
        ":columns: id, title, status, supersedes, superseded-by\n:::\n\n"
        ":::{adr-list}\n:::\n\n:::{adr-timeline}\n:::\n\nSee {adr}`3`.\n",
    },
}


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_bare_number_relation_and_reference_give_one_warning_each_with_the_full_id(
    make_app, tmp_path, syntax
):
    ext = '"sphinxcontrib_adr"' + (', "myst_parser"' if syntax == "myst" else "")
    conf = f"extensions = [{ext}]\nmyst_enable_extensions = ['colon_fence']\n"
    src = _write(tmp_path / "src", {"conf.py": conf, **_BARE[syntax]})
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    edge, tables = ("0003-edge", "tables")
    suffix = ".rst" if syntax == "rst" else ".md"
    assert [(w.type, w.basename, w.line, w.message) for w in adr_warnings(app)] == [
        (
            "adr.link",
            edge + suffix,
            4 if syntax == "rst" else 3,
            "ADR-0003 :supersedes: 2: a bare number; did you mean ADR-0002? write the full "
            "id (:supersedes: ADR-0002)",
        ),
        (
            "adr.ref",
            tables + suffix,
            11 if syntax == "rst" else 13,
            "reference to '3': a bare number; did you mean ADR-0003? write the full id "
            "(:adr:`ADR-0003`)",
        ),
    ]
    # and the build shows what was meant: the relation on both ends, the link resolved
    old = _html(app, "0002-cache")
    assert ">Superseded by<" in old and 'href="0003-edge.html#adr-0003"' in old
    assert 'href="0003-edge.html#adr-0003"' in _html(app, "tables")
