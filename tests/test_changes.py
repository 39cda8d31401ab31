"""Decisions between releases: ``adr-changes``, ``:changed-since:`` and
``sphinx-adr changes`` over a repository tagged v1.0 and v2.0.

Between the tags: ADR-0001 goes from proposed to accepted, ADR-0002's text
changes, ADR-0004 is added and supersedes ADR-0003, ADR-0005 is removed.
After v2.0, ADR-0006 is added (it must not appear between the tags).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from history_repo import Repo, git
from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.core.model import ValueProblem
from sphinxcontrib_adr.listings.query import ChangedSince
from sphinxcontrib_adr.trace.changes import parse_kinds, parse_range
from util import adr_warnings, copy_root

SYNTAXES = ("rst", "myst")

BETWEEN_TAGS = """\
-[ Added ]-

* *ADR-0004: Queue jobs* — accepted

-[ Status changed ]-

* *ADR-0001: Use git* — proposed → accepted (2025-02-01)

-[ Superseded, deprecated or rejected ]-

* *ADR-0003: Cache results* — accepted → superseded (2025-03-01), by
  *ADR-0004: Queue jobs*

-[ Text changed ]-

* *ADR-0002: Name things* — 4 lines changed in 1 commit: "{reword}"

-[ Removed ]-

* ADR-0005: Keep logs — was proposed
"""

FILTERED = """\
-[ Added ]-

* *ADR-0004: Queue jobs* — accepted

-[ Status changed ]-

* *ADR-0001: Use git* — proposed → accepted (2025-02-01)
"""


def make_repo(tmp: Path, syntax: str) -> Repo:
    """The tagged repository of the module's docstring."""
    srcdir = copy_root(f"changes-{syntax}", tmp)
    (srcdir / ".gitignore").write_text("_build/\n", "utf-8")
    git(srcdir, "init", "-q", "-b", "main")
    repo = Repo(srcdir, syntax)
    repo.write("0001-use-git", status="proposed")
    repo.write("0002-new-name", status="accepted")
    repo.write("0003-cache", status="accepted")
    repo.write("0005-logs", status="proposed")
    repo.commit("2025-01-10", "Ann Archer", "Propose the first decisions")
    git(srcdir, "tag", "v1.0")
    repo.write("0001-use-git", status="accepted")
    repo.commit("2025-02-01", "Bob Baker", "Accept ADR-0001")
    repo.write(
        "0002-new-name", "Why, in other words.\n\nAnd a second paragraph.", status="accepted"
    )
    repo.commit("2025-02-05", "Carol Cook", "Reword ADR-0002")
    repo.write("0004-queue", status="accepted", supersedes="ADR-0003")
    repo.write("0003-cache", status="superseded")
    repo.commit("2025-03-01", "Dave Dale", "ADR-0004 supersedes ADR-0003")
    git(srcdir, "rm", "-q", str(repo.path("0005-logs")))
    repo.commit("2025-03-10", "Erin Ezra", "Drop ADR-0005")
    git(srcdir, "tag", "v2.0")
    repo.write("0006-audit", status="proposed")
    repo.commit("2025-04-01", "Frank Fox", "Propose ADR-0006")
    return repo


def build(srcdir: Path, **kwargs: object) -> SphinxTestApp:
    app = SphinxTestApp("text", srcdir=srcdir, **kwargs)  # type: ignore[arg-type]
    app.build()
    return app


def short(srcdir: Path, revision: str) -> str:
    return git(srcdir, "rev-parse", "--short=7", revision).strip()


def sections(outdir: Path, page: str = "index") -> list[str]:
    """Each changelog of a page, from its range line to the next range line or prose."""
    text = (outdir / f"{page}.txt").read_text("utf-8")
    parts = re.split(r"^From .*\n\n", text, flags=re.M)[1:]
    return [re.split(r"\n(?=[A-Z][a-z ]+v?[\d.]*:\n)", part)[0].strip() + "\n" for part in parts]


@pytest.fixture(scope="module", params=SYNTAXES)
def built(request, tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp(f"changes-{request.param}"), request.param)
    app = build(repo.srcdir, freshenv=True)
    yield repo, app
    app.cleanup()


def test_changelog_between_two_tags_groups_added_status_superseded_text_and_removed(built):
    repo, app = built
    found = sections(app.outdir)
    assert found[0] == BETWEEN_TAGS.format(reword=short(repo.srcdir, "v2.0~2"))
    text = (app.outdir / "index.txt").read_text("utf-8")
    start, end = short(repo.srcdir, "v1.0"), short(repo.srcdir, "v2.0")
    assert f'From v1.0 ("{start}") to v2.0 ("{end}").' in text
    assert "ADR-0006" not in found[0]  # added after v2.0
    assert adr_warnings(app) == []


def test_kinds_and_filters_choose_the_groups_and_the_adrs(built):
    _repo, app = built
    assert sections(app.outdir)[1] == FILTERED


def test_changed_since_lists_only_the_adrs_added_or_changed_after_the_revision(built):
    _repo, app = built
    text = (app.outdir / "index.txt").read_text("utf-8")
    table = text.split("Changed since v2.0:", 1)[1]
    assert re.findall(r"\*(ADR-\d+)\*", table) == ["ADR-0006"]


def test_changed_since_records_are_derived_not_written_into_the_documents(built):
    _repo, app = built
    domain = app.env.domains["adr"]
    derived = domain.derived["changes"]
    assert [(r.adr, r.revisions) for r in derived] == [("ADR-0006", ("v2.0",))]
    read = [r for doc in domain.docs.values() for r in doc.children]
    assert not any(isinstance(r, ChangedSince) for r in read)


def test_html_links_each_entry_and_each_commit(tmp_path):
    repo = make_repo(tmp_path, "rst")
    app = SphinxTestApp("html", srcdir=repo.srcdir, freshenv=True)
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    app.cleanup()
    assert re.search(r'<a class="reference internal" href="decisions/0004-queue.html#', html)
    sha = git(repo.srcdir, "rev-parse", "v2.0~2").strip()
    assert f'href="https://git.example.com/acme/shop/commit/{sha}"' in html
    assert '<span class="adr-changes-gone">ADR-0005: Keep logs</span>' in html


def test_unknown_revision_is_one_history_warning_and_the_page_builds(tmp_path):
    repo = make_repo(tmp_path, "rst")
    page = repo.srcdir / "typo.rst"
    page.write_text("Typo\n====\n\n.. adr-changes:: v1.0..v9.9\n", "utf-8")
    app = build(repo.srcdir, freshenv=True)
    found = adr_warnings(app)
    app.cleanup()
    assert [(w.basename, w.line, w.type) for w in found] == [("typo.rst", 4, "adr.history")]
    assert "git does not know the revision 'v9.9'" in found[0].message
    text = " ".join((app.outdir / "typo.txt").read_text("utf-8").split())
    assert "The changes v1.0..v9.9 cannot be shown: git does not know" in text


def test_missing_info_says_so_without_a_warning_when_history_is_off(tmp_path):
    repo = make_repo(tmp_path, "rst")
    page = repo.srcdir / "quiet.rst"
    page.write_text("Quiet\n=====\n\n.. adr-changes:: v1.0..v2.0\n   :missing: info\n", "utf-8")
    app = build(repo.srcdir, freshenv=True, confoverrides={"adr_history": False})
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    warnings = adr_warnings(app, "history")
    app.cleanup()
    # the index's changelogs warn (no :missing: info); the quiet page does not
    assert sorted({w.basename for w in warnings}) == ["index.rst"]
    assert "quiet.rst:4: adr-changes v1.0..v2.0: it needs the history from git" in status
    text = " ".join((app.outdir / "quiet.txt").read_text("utf-8").split())
    assert "cannot be shown: it needs the history from git: set adr_history = True" in text


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_build_equals_serial(tmp_path, syntax):
    repo = make_repo(tmp_path / "a", syntax)
    serial = build(repo.srcdir, freshenv=True)
    expected = (serial.outdir / "index.txt").read_text("utf-8")
    serial.cleanup()
    shutil.rmtree(repo.srcdir / "_build")
    parallel = build(repo.srcdir, freshenv=True, parallel=4)
    assert (parallel.outdir / "index.txt").read_text("utf-8") == expected
    assert adr_warnings(parallel) == []
    parallel.cleanup()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_incremental_build_after_a_new_tag_equals_a_clean_one(tmp_path, syntax):
    repo = make_repo(tmp_path / "inc", syntax)
    suffix = "rst" if syntax == "rst" else "md"
    latest = "Latest\n======\n\n.. adr-changes:: v2.0..v3.0\n   :missing: info\n"
    if syntax == "myst":
        latest = "# Latest\n\n```{adr-changes} v2.0..v3.0\n:missing: info\n```\n"
    (repo.srcdir / f"latest.{suffix}").write_text(latest, "utf-8")
    repo.commit("2025-04-02", "Frank Fox", "Add the latest changes page")
    first = build(repo.srcdir, freshenv=True)
    unavailable = " ".join((first.outdir / "latest.txt").read_text("utf-8").split())
    assert "cannot be shown: git does not know the revision 'v3.0'" in unavailable
    first.cleanup()
    repo.write("0006-audit", status="accepted")
    repo.commit("2025-05-01", "Ann Archer", "Accept ADR-0006")
    git(repo.srcdir, "tag", "v3.0")
    incremental = build(repo.srcdir, freshenv=False)
    found = (incremental.outdir / "latest.txt").read_text("utf-8")
    index = (incremental.outdir / "index.txt").read_text("utf-8")
    incremental.cleanup()
    assert "*ADR-0006: Audit access* — added" not in found
    assert "* *ADR-0006: Audit access* — accepted" in found  # added between v2.0 and v3.0
    shutil.rmtree(repo.srcdir / "_build")
    clean = build(repo.srcdir, freshenv=True)
    assert (clean.outdir / "latest.txt").read_text("utf-8") == found
    assert (clean.outdir / "index.txt").read_text("utf-8") == index
    clean.cleanup()


def test_a_changelog_between_two_commits_is_cached_by_their_ids(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, "rst")
    build(repo.srcdir, freshenv=True).cleanup()
    from sphinxcontrib_adr.trace import changes

    calls: list[str] = []
    real = changes._diff
    monkeypatch.setattr(changes, "_diff", lambda *a: calls.append("diff") or real(*a))
    (repo.srcdir / "index.rst").write_text(
        (repo.srcdir / "index.rst").read_text("utf-8") + "\nMore prose.\n", "utf-8"
    )
    again = build(repo.srcdir, freshenv=False)
    again.cleanup()
    # the index is re-read, its two v1.0..v2.0 changelogs come from the cache; only
    # :changed-since: (up to the working tree) compares again
    assert calls == ["diff"]


# --------------------------------------------------------------------------
# the command line


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["changes", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cli_repo(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("changes-cli"), "myst")


def test_cli_json_follows_the_documented_schema(cli_repo, capsys):
    code, out, err = run_cli(capsys, "v1.0..v2.0", "-C", str(cli_repo.srcdir), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["schema"] == "sphinxcontrib-adr/changes"
    assert data["version"] == 1
    assert data["from"] == {
        "revision": "v1.0",
        "commit": git(cli_repo.srcdir, "rev-parse", "v1.0").strip(),
    }
    assert data["to"]["revision"] == "v2.0"
    summary = [
        (c["kind"], c["id"], c["before"], c["after"], c["date"], c["by"]) for c in data["changes"]
    ]
    assert summary == [
        ("status", "ADR-0001", "proposed", "accepted", "2025-02-01", []),
        ("text", "ADR-0002", "accepted", "accepted", None, []),
        ("retired", "ADR-0003", "accepted", "superseded", "2025-03-01", ["ADR-0004"]),
        ("added", "ADR-0004", None, "accepted", None, []),
        ("removed", "ADR-0005", "proposed", None, None, []),
    ]
    text = next(c for c in data["changes"] if c["id"] == "ADR-0002")
    assert text["lines"] == 4
    assert [(c["date"], c["author"], c["subject"]) for c in text["commits"]] == [
        ("2025-02-05", "Carol Cook", "Reword ADR-0002")
    ]
    assert text["path"] == "decisions/0002-new-name.md"


def test_cli_markdown_for_release_notes(cli_repo, capsys):
    code, out, _err = run_cli(
        capsys, "v1.0..v2.0", "-C", str(cli_repo.srcdir), "--format", "markdown",
        "--kinds", "added, retired",
    )  # fmt: skip
    start, end = short(cli_repo.srcdir, "v1.0"), short(cli_repo.srcdir, "v2.0")
    assert code == 0
    assert out == (
        f"## Decisions changed from v1.0 ({start}) to v2.0 ({end})\n\n"
        "### Added\n\n- ADR-0004: Queue jobs — accepted\n\n"
        "### Superseded, deprecated or rejected\n\n"
        "- ADR-0003: Cache results — accepted → superseded (2025-03-01), by ADR-0004\n"
    )


def test_cli_up_to_the_working_tree_shows_uncommitted_changes(cli_repo, capsys, tmp_path):
    srcdir = shutil.copytree(cli_repo.srcdir, tmp_path / "copy")
    path = srcdir / "decisions" / "0006-audit.md"
    path.write_text(path.read_text("utf-8").replace("proposed", "rejected"), "utf-8")
    code, out, _err = run_cli(capsys, "v2.0..", "-C", str(srcdir), "--kinds", "added")
    assert code == 0
    assert out.splitlines()[2:] == ["Added:", "  - ADR-0006: Audit access — rejected"]
    assert "to the working tree" in out.splitlines()[0]


def test_cli_unknown_revision_exits_2_with_a_clear_message(cli_repo, capsys):
    code, out, err = run_cli(capsys, "v1.0..v9.9", "-C", str(cli_repo.srcdir))
    assert (code, out) == (2, "")
    assert err.startswith("sphinx-adr changes: error: unknown revision 'v9.9': git does not know")


@pytest.mark.parametrize(
    "written", ["--output=x..v1.0", "v1.0...v2.0", "v1 0..v2.0", "..v2.0", "HEAD:docs..v2.0"]
)
def test_a_range_that_is_not_two_revisions_is_refused(written):
    with pytest.raises(ValueProblem):
        parse_range(written)


def test_kinds_must_be_known():
    assert parse_kinds("removed, added") == ("added", "removed")
    with pytest.raises(ValueProblem, match="'moved' is not a kind of change"):
        parse_kinds("added, moved")
