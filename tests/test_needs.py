"""The sphinx-needs bridge: ADRs as needs in needtable, needflow and requirement links."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from util import adr_warnings, copy_root, tree_contents, twins, warnings_of

pytest.importorskip("sphinx_needs")

TWINS = twins("needs")
_SNCB = re.compile(r"SNCB-[0-9a-f]+")


def _html(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text("utf-8")


def _problems(app) -> list:
    # sphinx-needs and this extension both report through Sphinx's warning stream
    return [w for w in warnings_of(app) if "RemovedInSphinx" not in w.message]


@pytest.fixture
def built(app, syntax):
    app.build()
    return app


@TWINS
def test_needs_root_builds_without_any_warning(built):
    assert _problems(built) == []


@TWINS
def test_needtable_lists_adrs_linking_to_their_sections(built):
    html = _html(built, "index")
    table = html[html.index("NEEDS_TABLE") :]
    assert 'data-need-id="ADR-0001"' in table and 'data-need-id="ADR-0002"' in table
    assert 'href="decisions/0002-cache-in-process.html#ADR-0002">ADR-0002</a>' in table
    assert "<p>Cache in process</p>" in table
    # the supersedes relation is a needs link; requirements are not of type decision
    row = table[table.index('data-need-id="ADR-0002"') :].split("</tr>")[0]
    assert 'href="decisions/0001-use-postgres.html#ADR-0001">ADR-0001</a>' in row
    assert "REQ_001" not in table.split("</table>")[0]
    # the target of those links exists on the ADR page
    assert 'id="ADR-0002"' in _html(built, "decisions/0002-cache-in-process")


@TWINS
def test_needflow_draws_adrs_and_the_requirement_linking_to_one(built):
    html = _html(built, "index")
    areas = dict(re.findall(r'<area [^>]*href="([^"]+)"[^>]*title="([^"]+)"', html))
    assert areas["decisions/0001-use-postgres.html#ADR-0001"] == "ADR&#45;0001"
    assert areas["decisions/0002-cache-in-process.html#ADR-0002"] == "ADR&#45;0002"
    assert areas["requirements.html#REQ_001"] == "REQ_001"
    assert list((Path(built.outdir) / "_images").glob("needflow-*.png"))


@TWINS
def test_requirement_links_to_adr_and_adr_page_shows_it(built):
    req = _html(built, "requirements")
    # the :links: option and the :need: role both reach the ADR's section
    assert req.count('href="decisions/0002-cache-in-process.html#ADR-0002"') >= 2
    page = _html(built, "decisions/0002-cache-in-process")
    field = page[page.index("Linked from needs") :].split("</dd>")[0]
    assert 'href="../requirements.html#REQ_001"' in field
    assert "REQ_001: Answer in under 100 ms" in field
    assert "REQ_002" not in field
    # a relation to another ADR is not shown twice as a need link
    assert "ADR-0001" not in field
    assert "Linked from needs" not in _html(built, "decisions/0001-use-postgres")


def test_parallel_build_equals_serial_build(make_app, tmp_path):
    trees = []
    for parallel in (0, 4):
        src = copy_root("needs-rst", tmp_path / str(parallel))
        app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
        app.build()
        assert _problems(app) == []
        contents = tree_contents(Path(app.outdir))
        # sphinx-needs numbers its need containers at random (not ours to fix)
        trees.append({k: _SNCB.sub("SNCB", v) for k, v in contents.items()})
        trees[-1]["adrs.json"] = (Path(app.outdir) / "adrs.json").read_text("utf-8")
    assert trees[0] == trees[1]


def test_need_with_the_id_of_an_adr_is_reported_and_kept(make_app, tmp_path):
    src = copy_root("needs-rst", tmp_path)
    with (src / "requirements.rst").open("a", encoding="utf-8") as fh:
        fh.write("\n.. req:: Clash\n   :id: ADR-0001\n")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={"needs_id_regex": ".*"})
    app.build()
    [warning] = adr_warnings(app, "needs")
    assert warning.basename == "0001-use-postgres.rst"
    assert "ADR-0001 is also the id of a sphinx-needs need" in warning.message
    table = _html(app, "index")
    assert 'href="requirements.html#ADR-0001"' in table  # the user's need wins


def test_incremental_build_shows_new_incoming_link_and_changed_adr(make_app, tmp_path):
    src = copy_root("needs-rst", tmp_path)
    make_app("html", srcdir=src, freshenv=True).build()
    with (src / "requirements.rst").open("a", encoding="utf-8") as fh:
        fh.write("\n.. spec:: Use pools\n   :id: SPEC_001\n   :links: ADR-0001\n")
    adr = src / "decisions" / "0002-cache-in-process.rst"
    adr.write_text(adr.read_text("utf-8").replace("Cache in process", "Cache in memory"), "utf-8")
    app = make_app("html", srcdir=src, freshenv=False)
    app.build()
    assert _problems(app) == []
    old = _html(app, "decisions/0001-use-postgres")
    assert "SPEC_001: Use pools" in old[old.index("Linked from needs") :]
    assert "<p>Cache in memory</p>" in _html(app, "index")


def test_without_sphinx_needs_the_bridge_does_nothing(make_app, tmp_path):
    app = make_app("html", srcdir=copy_root("core-rst", tmp_path), freshenv=True)
    app.build()
    assert adr_warnings(app, "needs") == []
    assert "needs_ids" not in app.env.domains["adr"].data
    assert "Linked from needs" not in _html(app, "decisions/0007-focus-on-performance")


def test_alternatives_and_risks_become_needs_linked_to_their_adr(make_app, tmp_path):
    from sphinxcontrib_adr.core.domain import get_domain

    src = copy_root("body-rst", tmp_path)
    with (src / "conf.py").open("a", encoding="utf-8") as fh:
        fh.write('extensions.append("sphinx_needs")\n')
    with (src / "index.rst").open("a", encoding="utf-8") as fh:
        fh.write("\n.. needtable::\n   :types: decision-option, decision-risk\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert adr_warnings(app, "needs") == []
    domain = get_domain(app.env)
    children = [
        (adr, target)
        for adr in domain.adrs()
        for child in domain.children(adr)
        if (target := child.target()) is not None
    ]
    kinds = {target.objtype for _adr, target in children}
    assert kinds == {"alt", "risk"}
    table = _html(app, "index")
    for adr, target in children:
        row = table[table.index(f'data-need-id="{target.name}"') :].split("</tr>")[0]
        assert f'#{target.name}">{target.name}</a>' in row
        assert f'#{adr.id}">{adr.id}</a>' in row  # linked to its ADR
        assert f'id="{target.name}"' in _html(app, target.docname)


def _normalised(app) -> dict[str, str]:
    # sphinx-needs numbers its need containers at random (not ours to fix)
    return {k: _SNCB.sub("SNCB", v) for k, v in tree_contents(Path(app.outdir)).items()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _options_rows(app) -> dict[str, str]:
    table = _html(app, "options")
    rows = re.findall(r'<tr[^>]*data-need-id="([^"]+)"[^>]*>([\s\S]*?)</tr>', table)
    return {need_id: re.sub(r"<[^>]+>|\s+", " ", row).strip() for need_id, row in rows}


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_incremental_build_after_editing_alternatives_equals_clean_build(
    make_app, tmp_path, syntax
):
    src = copy_root(f"needs-{syntax}", tmp_path / "incremental")
    make_app("html", srcdir=src, freshenv=True).build()
    adr = next((src / "decisions").glob("0001-*"))
    _edit(adr, "Plain files", "Flat files")
    _edit(adr, ":verdict: rejected", ":verdict: deferred")
    app = make_app("html", srcdir=src, freshenv=False)
    app.build()
    assert _problems(app) == []
    rows = _options_rows(app)
    [chosen] = [row for row in rows.values() if "Flat files" in row]
    assert "chosen" in chosen and "decision-option" in chosen
    [deferred] = [row for row in rows.values() if "Key-value store" in row]
    assert "deferred" in deferred and "rejected" not in deferred
    assert not any("Plain files" in row for row in rows.values())
    clean_src = tmp_path / "clean" / src.name
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = make_app("html", srcdir=clean_src, freshenv=True)
    clean.build()
    assert _normalised(app) == _normalised(clean)


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_second_build_of_the_same_app_shows_the_renamed_linking_need(make_app, tmp_path, syntax):
    src = copy_root(f"needs-{syntax}", tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    page = "decisions/0002-cache-in-process"
    assert "REQ_001: Answer in under 100 ms" in _html(app, page)
    req = next(src.glob("requirements.*"))
    _edit(req, "Answer in under 100 ms", "Answer in under 50 ms")
    # the edit must look newer than the first build, whatever the clock's resolution
    later = req.stat().st_mtime + 5
    os.utime(req, (later, later))
    app.build()
    assert _problems(app) == []
    field = _html(app, page)
    field = field[field.index("Linked from needs") :].split("</dd>")[0]
    assert "REQ_001: Answer in under 50 ms" in field
    assert "100 ms" not in field


def test_need_ids_are_added_to_the_sections_of_their_page_only(make_app, tmp_path):
    from sphinxcontrib_adr.interop.needs_specs import ANCHORS

    src = copy_root("needs-rst", tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    anchors = ANCHORS.of(app.env.domains["adr"])
    # computed once per build, by page: ADRs and their alternatives
    assert set(anchors) == {"decisions/0001-use-postgres", "decisions/0002-cache-in-process"}
    assert set(anchors["decisions/0001-use-postgres"].values()) == {
        "ADR-0001",
        "ADR-0001.plain-files",
        "ADR-0001.key-value-store",
    }
    page = _html(app, "decisions/0001-use-postgres")
    for need_id in anchors["decisions/0001-use-postgres"].values():
        assert f'id="{need_id}"' in page
    assert 'id="ADR-0002"' not in page
    assert 'id="ADR-0001"' not in _html(app, "decisions/0002-cache-in-process")


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_page_naming_an_adr_with_the_need_role_is_rewritten_when_its_title_changes(
    make_app, tmp_path, syntax
):
    src = copy_root(f"needs-{syntax}", tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "Use Postgres" in _html(app, "mentions")
    _edit(next((src / "decisions").glob("0001-*")), "Use Postgres", "Use Postgre")
    app = make_app("html", srcdir=src, freshenv=False)
    app.build()
    assert _problems(app) == []
    mentions = _html(app, "mentions")
    assert "Use Postgre (" in mentions and "Use Postgres" not in mentions


def test_single_page_output_has_the_need_ids_of_every_document(make_app, tmp_path):
    app = make_app("singlehtml", srcdir=copy_root("needs-rst", tmp_path), freshenv=True)
    app.build()
    page = _html(app, "index")
    for need_id in ("ADR-0001", "ADR-0001.plain-files", "ADR-0002"):
        assert f'id="{need_id}"' in page
