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
