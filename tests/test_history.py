"""Decisions through time: history, status history and dates read from git.

Every test starts from the 30-commit repository of ``history_repo`` (5 ADRs,
a rename, status changes, a written date, commits touching no ADR).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from history_repo import field_text, git, info_lines, make_repo
from sphinxcontrib_adr.trace.history import History
from util import adr_warnings, bad_setting, domain_of, tree_contents

SYNTAXES = ("rst", "myst")

HISTORY_FIELDS = {
    "0001-use-git": "first committed 2025-01-10; proposed 2025-01-10, accepted 2025-01-20, "
    "superseded 2025-04-01; last changed 2025-04-01; by Ann Archer, Bob Baker",
    # renamed from 0002-old-name: its past is followed through the rename
    "0002-new-name": "first committed 2025-01-10; proposed 2025-01-10, accepted 2025-02-10; "
    "last changed 2025-08-01; by Ann Archer, Carol Cook, Dave Dale",
    "0003-cache": "first committed 2025-02-03; proposed 2025-02-03, accepted 2025-03-01, "
    "deprecated 2025-09-01; last changed 2025-09-01; by Ann Archer, Bob Baker",
    "0004-queue": "first committed 2025-03-05; proposed 2025-03-05, accepted 2025-04-01; "
    "last changed 2025-04-01; by Dave Dale, Ann Archer",
    "0005-logs": "first committed 2025-05-02; proposed 2025-05-02; by Erin Ezra",
}


def build(srcdir: Path, buildername: str = "text", **kwargs: object) -> SphinxTestApp:
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)  # type: ignore[arg-type]
    app.build()
    return app


@pytest.fixture(scope="module", params=SYNTAXES)
def built(request, tmp_path_factory):
    syntax = request.param
    repo = make_repo(tmp_path_factory.mktemp(f"history-{syntax}"), syntax)
    with pytest.MonkeyPatch.context() as patch:
        # module scope runs before conftest's per-test date: pin "today" here too
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
        app = build(repo.srcdir, freshenv=True)
    yield syntax, repo, app
    app.cleanup()


def test_history_field_gives_first_and_last_dates_statuses_and_contributors(built):
    _syntax, _repo, app = built
    found = {stem: field_text(app.outdir, stem) for stem in HISTORY_FIELDS}
    assert found == HISTORY_FIELDS
    assert adr_warnings(app) == []


def test_history_records_hold_the_revisions_newest_first(built):
    _syntax, _repo, app = built
    histories = {r.adr: r for r in domain_of(app).records(History)}
    rows = [(r.date, r.author, r.subject, r.status) for r in histories["ADR-0002"].revisions]
    assert rows == [
        ("2025-08-01", "Dave Dale", "Fix a typo in ADR-0002", "accepted"),
        ("2025-02-10", "Carol Cook", "Rename ADR-0002 and accept it", "accepted"),
        ("2025-01-10", "Ann Archer", "Propose ADR-0001 and ADR-0002", "proposed"),
    ]
    assert [len(histories[f"ADR-000{n}"].revisions) for n in range(1, 6)] == [3, 3, 3, 2, 1]


def test_accepted_date_stands_in_for_a_missing_date_and_a_written_date_wins(built):
    _syntax, _repo, app = built
    dates = {a.id: a.date for a in domain_of(app).adrs()}
    assert dates == {
        "ADR-0001": "2025-01-20",  # accepted 2025-01-20, no :date:
        "ADR-0002": "2025-02-10",
        "ADR-0003": "2025-02-01",  # written
        "ADR-0004": "2025-04-01",
        "ADR-0005": "2025-05-01",  # written (and never accepted)
    }
    assert field_text(app.outdir, "0001-use-git", "Date") == "2025-01-20"


def test_history_table_links_commits_and_shows_each_revisions_status(built):
    _syntax, repo, app = built
    text = (app.outdir / "log.txt").read_text("utf-8")
    shas = git(repo.srcdir, "log", "--format=%h", "--follow", "--", str(repo.path("0002-new-name")))
    rows = re.findall(r"^\| (\S+) +\| \"(\w+)\" +\| ([\w ]+?) +\| (.+?) +\| (\w+) +\|$", text, re.M)
    assert rows == [
        ("2025-08-01", shas.split()[0], "Dave Dale", "Fix a typo in ADR-0002", "accepted"),
        ("2025-02-10", shas.split()[1], "Carol Cook", "Rename ADR-0002 and accept it", "accepted"),
        ("2025-01-10", shas.split()[2], "Ann Archer", "Propose ADR-0001 and ADR-0002", "proposed"),
    ]
    html = build(repo.srcdir, "html", freshenv=True)
    page = (html.outdir / "log.html").read_text("utf-8")
    full = git(repo.srcdir, "log", "-1", "--format=%H", "--", str(repo.path("0002-new-name")))
    full = full.strip()
    assert f'href="https://git.example.com/acme/shop/commit/{full}"' in page
    html.cleanup()


def test_rst_and_myst_give_the_same_history(tmp_path):
    summaries = []
    for syntax in SYNTAXES:
        repo = make_repo(tmp_path / syntax, syntax)
        app = build(repo.srcdir, freshenv=True)
        summaries.append(
            sorted(
                (h.adr, h.first, h.last, h.contributors, h.statuses, h.uncommitted)
                for h in domain_of(app).records(History)
            )
        )
        app.cleanup()
    assert summaries[0] == summaries[1]
    assert len(summaries[0]) == 5


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_uncommitted_edit_shows_uncommitted_changes(tmp_path, syntax):
    repo = make_repo(tmp_path, syntax)
    repo.write("0005-logs", status="accepted", date="2025-05-01")
    app = build(repo.srcdir, freshenv=True)
    assert field_text(app.outdir, "0005-logs") == (
        "first committed 2025-05-02; proposed 2025-05-02; by Erin Ezra; uncommitted changes"
    )
    assert field_text(app.outdir, "0004-queue") == HISTORY_FIELDS["0004-queue"]
    app.cleanup()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_build_equals_serial_build(tmp_path, syntax):
    repo = make_repo(tmp_path, syntax)
    serial = build(repo.srcdir, "html", freshenv=True, builddir=tmp_path / "serial")
    parallel = build(repo.srcdir, "html", freshenv=True, builddir=tmp_path / "par", parallel=4)
    assert parallel.parallel == 4
    assert tree_contents(serial.outdir) == tree_contents(parallel.outdir)
    assert list(domain_of(serial).records(History)) == list(domain_of(parallel).records(History))
    serial.cleanup()
    parallel.cleanup()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_incremental_build_after_a_new_commit_equals_a_clean_build(tmp_path, syntax):
    repo = make_repo(tmp_path / "inc", syntax)
    repo.write("0002-new-name", body="Why, spelled right.", status="deprecated")
    build(repo.srcdir, "html", freshenv=True).cleanup()
    # committing changes no source file: nothing is re-read, yet the history moved
    repo.commit("2025-10-01", "Gus Gray", "Deprecate ADR-0002")
    incremental = SphinxTestApp("html", srcdir=repo.srcdir, freshenv=False)
    read: list[str] = []
    written: list[str] = []
    incremental.connect("env-before-read-docs", lambda _a, _e, docs: read.extend(docs))
    incremental.connect("html-page-context", lambda _a, page, *_rest: written.append(page) and None)
    incremental.build()
    clean_src = tmp_path / "clean" / repo.srcdir.name
    shutil.copytree(repo.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src, "html", freshenv=True)
    assert read == []
    # the ADR's page, the adr-history table of it, the listing showing its date
    assert sorted(set(written) & incremental.env.found_docs) == [
        "decisions/0002-new-name",
        "index",
        "log",
    ]
    assert tree_contents(incremental.outdir) == tree_contents(clean.outdir)
    page = (incremental.outdir / "decisions" / "0002-new-name.html").read_text("utf-8")
    assert "deprecated 2025-10-01" in page
    assert "uncommitted changes" not in page
    incremental.cleanup()
    clean.cleanup()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_shallow_clone_says_once_where_history_starts(tmp_path, syntax):
    repo = make_repo(tmp_path / "full", syntax)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "5", f"file://{repo.srcdir}", str(clone)], check=True
    )
    app = build(clone, freshenv=True)
    assert info_lines(app) == ["adr history: a shallow clone, history starts at 2025-06-18"]
    # the boundary commit holds every file: the history known starts there, and
    # neither its date nor its author is the ADR's (tests/test_hostile_git.py)
    assert field_text(app.outdir, "0001-use-git") == (
        "history starts at 2025-06-18; superseded (date unknown)"
    )
    assert adr_warnings(app) == []
    app.cleanup()


def test_sources_outside_a_checkout_show_no_history_and_say_so_once(tmp_path):
    repo = make_repo(tmp_path / "repo", "rst")
    plain = tmp_path / "plain"
    shutil.copytree(repo.srcdir, plain, ignore=shutil.ignore_patterns(".git", "_build"))
    app = build(plain, freshenv=True)
    assert info_lines(app) == [
        "adr history: the sources are not in a git checkout with commits, so ADRs show no history"
    ]
    assert field_text(app.outdir, "0001-use-git") is None
    assert field_text(app.outdir, "0001-use-git", "Date") is None
    assert "No history" in (app.outdir / "log.txt").read_text("utf-8")
    assert adr_warnings(app) == []
    app.cleanup()


def test_without_git_installed_the_feature_is_off_with_one_info_line(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, "myst")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = build(repo.srcdir, freshenv=True)
    assert info_lines(app) == ["adr history: git is not installed, so ADRs show no history"]
    assert field_text(app.outdir, "0002-new-name") is None
    assert adr_warnings(app) == []
    app.cleanup()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("adr_date_from", "sometimes", "adr_date_from = 'sometimes': write one of"),
        ("adr_commit_url", "https://x/commit/", "must be a string holding {commit}"),
    ],
)
def test_bad_history_settings_are_config_errors(tmp_path, name, value, message):
    srcdir = tmp_path / "src"
    shutil.copytree(Path(__file__).parent.parent / "roots" / "test-history-rst", srcdir)
    app = SphinxTestApp("text", srcdir=srcdir, confoverrides={name: value})
    warning = bad_setting(app, name, value)
    assert message in warning.message
    app.cleanup()


def test_commits_naming_an_adr_are_listed_as_implementing_it(built):
    _syntax, repo, app = built
    # "ADR-4" reads as ADR-0004 (adr_id_format); commits editing the ADR's own file
    # ("Accept ADR-0001") record the decision and are not listed
    fields = {
        stem: field_text(app.outdir, stem, "Implemented in commits") for stem in HISTORY_FIELDS
    }
    sha = {
        subject: full[:7]
        for full, subject in (
            line.split(" ", 1) for line in git(repo.srcdir, "log", "--format=%H %s").splitlines()
        )
    }
    queue, cache = sha["Queue ADR-0002 and ADR-4 jobs"], sha["Implement ADR-0003: warm the cache"]
    assert fields == {
        "0001-use-git": None,
        "0002-new-name": f'"{queue}" (2025-06-12)',
        "0003-cache": f'"{cache}" (2025-06-05)',
        "0004-queue": f'"{queue}" (2025-06-12)',
        "0005-logs": None,
    }
    text = (app.outdir / "commits.txt").read_text("utf-8")
    rows = re.findall(r"^\| ([\d-]{10}) +\| \"(\w+)\" +\| .+? +\| (.+?) +\|$", text, re.M)
    assert rows == [
        ("2025-06-12", queue, "Queue ADR-0002 and ADR-4 jobs"),
        ("2025-06-05", cache, "Implement ADR-0003: warm the cache"),
    ]
    html = build(repo.srcdir, "html", freshenv=True)
    page = (html.outdir / "commits.html").read_text("utf-8")
    cells = re.findall(r'href="decisions/(\d{4})-[\w-]+\.html#adr-\d+"', page)
    assert cells == ["0002", "0004", "0003"]
    html.cleanup()


def test_rewritten_history_is_read_again_from_scratch(tmp_path):
    repo = make_repo(tmp_path, "rst")
    build(repo.srcdir, freshenv=True).cleanup()
    # the last commit is replaced: the previous HEAD is no ancestor any more
    git(repo.srcdir, "commit", "-q", "--amend", "-m", "Retire ADR-0003", date="2025-09-02")
    app = build(repo.srcdir, freshenv=False)
    histories = {r.adr: r for r in domain_of(app).records(History)}
    assert [r.subject for r in histories["ADR-0003"].revisions] == [
        "Retire ADR-0003",
        "Accept ADR-0003",
        "Propose ADR-0003",
    ]
    assert histories["ADR-0003"].statuses[-1] == ("deprecated", "2025-09-02")
    app.cleanup()


def test_first_commit_stands_in_with_git_first(tmp_path):
    repo = make_repo(tmp_path, "myst")
    app = build(repo.srcdir, freshenv=True, confoverrides={"adr_date_from": "git-first"})
    dates = {a.id: a.date for a in domain_of(app).adrs()}
    assert dates == {
        "ADR-0001": "2025-01-10",
        "ADR-0002": "2025-01-10",
        "ADR-0003": "2025-02-01",  # written
        "ADR-0004": "2025-03-05",
        "ADR-0005": "2025-05-01",  # written
    }
    app.cleanup()


def test_adrs_json_holds_each_adrs_history_valid_against_the_schema(tmp_path):
    import json

    import jsonschema

    from sphinxcontrib_adr.interop.export import load_schema

    repo = make_repo(tmp_path, "rst")
    app = build(repo.srcdir, "html", freshenv=True)
    data = json.loads((app.outdir / "adrs.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["version"] == 4
    adr = next(a for a in data["adrs"] if a["id"] == "ADR-0004")
    (history,) = adr["children"]["history"]
    assert adr["date"] == "2025-04-01"
    assert {k: v for k, v in history.items() if k not in ("revisions", "commits")} == {
        "docname": "decisions/0004-queue",
        "first": "2025-03-05",
        "last": "2025-04-01",
        "contributors": ["Dave Dale", "Ann Archer"],
        "statuses": [["proposed", "2025-03-05"], ["accepted", "2025-04-01"]],
        "uncommitted": False,
        "accepted_on": "2025-04-01",
        "starts": None,  # not a shallow clone
    }
    assert [(r["date"], r["subject"], r["status"]) for r in history["revisions"]] == [
        ("2025-04-01", "ADR-0004 supersedes ADR-0001", "accepted"),
        ("2025-03-05", "Propose ADR-0004", "proposed"),
    ]
    assert [c["subject"] for c in history["commits"]] == ["Queue ADR-0002 and ADR-4 jobs"]
    app.cleanup()


def test_history_overview_gives_one_row_per_adr(built):
    _syntax, _repo, app = built
    text = (app.outdir / "log.txt").read_text("utf-8").split("Every decision")[1]
    cells = [" ".join(cell.split()) for cell in re.findall(r"^\| \*(ADR-\d{4})", text, re.M)]
    assert cells == ["ADR-0001", "ADR-0002", "ADR-0003", "ADR-0004", "ADR-0005"]
    html = build(_repo.srcdir, "html", freshenv=True)
    page = (html.outdir / "log.html").read_text("utf-8")
    table = page.split('class="adr-table adr-history-overview')[1].split("</table>")[0]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ][1:]
    assert rows[1] == [
        "ADR-0002: Name things",
        "2025-01-10",
        "proposed 2025-01-10, accepted 2025-02-10",
        "2025-08-01",
        "Ann Archer, Carol Cook, Dave Dale",
    ]
    assert len(rows) == 5
    html.cleanup()


@pytest.mark.parametrize(
    ("source", "subtype", "message"),
    [
        (".. adr-history:: ADR#7", "id", "adr-history: the id 'ADR#7' may only contain"),
        (".. adr-history:: ADR-0001\n   :all:", "value", "adr-history: :all: shows every ADR"),
        (".. adr-commits::\n   :limit: some", "value", "adr-commits: :limit: 'some' is not"),
        (".. adr-history::\n   :since: 2025", "option", "adr-history: unknown option ':since:'"),
        (".. adr-list::\n   :unchanged-for: soon", "filter", "adr-list: :unchanged-for: 'soon'"),
    ],
)
def test_bad_history_directives_warn_once_at_their_line(tmp_path, source, subtype, message):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\nadr_history = True\n')
    (srcdir / "index.rst").write_text(f"Index\n=====\n\n{source}\n", "utf-8")
    app = build(srcdir, freshenv=True)
    found = adr_warnings(app)
    assert [(w.basename, w.line, w.type) for w in found] == [("index.rst", 4, f"adr.{subtype}")]
    assert found[0].message.startswith(message)
    app.cleanup()


def test_listings_show_and_sort_by_history_columns(built):
    _syntax, _repo, app = built
    text = (app.outdir / "index.txt").read_text("utf-8").split("| ID")[-1]
    rows = re.findall(
        r"^\| \*(ADR-\d{4})\* +\| ([\d-]*) +\| ([\d-]+) +\| ([\d-]+) +\| (\d+) +\|$", text, re.M
    )
    # today is 2026-11-18 (SOURCE_DATE_EPOCH in conftest): age in days since the first commit
    assert rows == [
        ("ADR-0003", "2025-03-01", "2025-02-03", "2025-09-01", "653"),
        ("ADR-0002", "2025-02-10", "2025-01-10", "2025-08-01", "677"),
        ("ADR-0005", "", "2025-05-02", "2025-05-02", "565"),
        ("ADR-0001", "2025-01-20", "2025-01-10", "2025-04-01", "677"),
        ("ADR-0004", "2025-04-01", "2025-03-05", "2025-04-01", "623"),
    ]


def test_unchanged_for_lists_decisions_due_for_review(built):
    _syntax, _repo, app = built
    text = (app.outdir / "index.txt").read_text("utf-8").split("Due for review:")[1]
    # today 2026-11-18 minus 70 weeks is 2025-07-16: ADR-0002 and ADR-0003 changed since
    assert re.findall(r"^\* \*(ADR-\d{4}): [\w ]+\* \u2014 (\S+)$", text, re.M) == [
        ("ADR-0001", "2025-04-01"),
        ("ADR-0004", "2025-04-01"),
        ("ADR-0005", "2025-05-02"),
    ]


def test_unchanged_for_without_history_says_how_to_turn_it_on(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\n')
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. adr-table::\n   :unchanged-for: 1y\n")
    app = build(srcdir, freshenv=True)
    found = adr_warnings(app)
    assert [(w.basename, w.line, w.type) for w in found] == [("index.rst", 4, "adr.filter")]
    assert "needs the history from git; set adr_history = True" in found[0].message
    app.cleanup()


def test_commits_of_a_merged_branch_count_with_their_own_dates(tmp_path):
    repo = make_repo(tmp_path, "rst")
    git(repo.srcdir, "checkout", "-q", "-b", "topic")
    repo.write("0005-logs", status="accepted", date="2025-05-01")
    repo.commit("2025-10-01", "Gus Gray", "Accept ADR-0005 on a branch")
    git(repo.srcdir, "checkout", "-q", "main")
    (repo.srcdir / "notes.txt").write_text("meanwhile\n", "utf-8")
    repo.commit("2025-10-02", "Frank Fox", "Meanwhile on main")
    git(repo.srcdir, "merge", "-q", "--no-ff", "-m", "Merge topic", "topic", date="2025-10-03")
    app = build(repo.srcdir, freshenv=True)
    assert field_text(app.outdir, "0005-logs") == (
        "first committed 2025-05-02; proposed 2025-05-02, accepted 2025-10-01; last changed "
        "2025-10-01; by Erin Ezra, Gus Gray"
    )
    app.cleanup()


def logbook_text(syntax: str, adrs: dict[str, tuple[str, str]]) -> str:
    """A file of compact ADRs: id -> (title, status)."""
    if syntax == "rst":
        lines = ["Logbook", "=======", ""]
        for adr_id, (title, status) in adrs.items():
            lines += [f".. adr:: {title}", f"   :id: {adr_id}", f"   :status: {status}", ""]
            lines += [f"   Why {title.lower()}.", ""]
    else:
        lines = ["# Logbook", ""]
        for adr_id, (title, status) in adrs.items():
            lines += [f":::{{adr}} {title}", f":id: {adr_id}", f":status: {status}", ""]
            lines += [f"Why {title.lower()}.", ":::", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_adr_moved_between_files_keeps_its_past(tmp_path, syntax):
    repo = make_repo(tmp_path, syntax)
    logbook = repo.srcdir / "decisions" / f"logbook.{repo.ext}"
    # ADR-0005 leaves its own file for a logbook shared with a new ADR: too little of
    # the text stays for git to see a rename
    logbook.write_text(
        logbook_text(
            syntax, {"ADR-0005": ("Keep logs", "accepted"), "ADR-0006": ("Alert", "proposed")}
        ),
        "utf-8",
    )
    repo.path("0005-logs").unlink()
    repo.commit("2025-10-01", "Gus Gray", "Gather the logging decisions in a logbook")
    status = git(repo.srcdir, "show", "-M", "--name-status", "--format=", "HEAD").split()
    assert status == ["D", f"decisions/0005-logs.{repo.ext}", "A", f"decisions/logbook.{repo.ext}"]
    # then ADR-0006 is cut out of the logbook into a file named for it (no :id:)
    logbook.write_text(logbook_text(syntax, {"ADR-0005": ("Keep logs", "accepted")}), "utf-8")
    (repo.srcdir / "decisions" / f"0006-alert.{repo.ext}").write_text(
        logbook_text(syntax, {}).replace("Logbook", "ADR-0006: Alert", 1)
        + (
            "\n.. adr::\n   :status: accepted\n"
            if syntax == "rst"
            else "\n:::{adr}\n:status: accepted\n:::\n"
        ),
        "utf-8",
    )
    repo.commit("2025-11-01", "Hana Hill", "Split ADR-0006 out and accept it")
    app = build(repo.srcdir, freshenv=True)
    histories = {h.adr: h for h in domain_of(app).records(History)}
    moved, split = histories["ADR-0005"], histories["ADR-0006"]
    assert [r.subject for r in moved.revisions] == [
        "Split ADR-0006 out and accept it",
        "Gather the logging decisions in a logbook",
        "Propose ADR-0005",
    ]
    assert moved.statuses == (("proposed", "2025-05-02"), ("accepted", "2025-10-01"))
    assert (moved.first, moved.contributors) == (
        "2025-05-02",
        ("Erin Ezra", "Gus Gray", "Hana Hill"),
    )
    assert [(r.subject, r.status) for r in split.revisions] == [
        ("Split ADR-0006 out and accept it", "accepted"),
        ("Gather the logging decisions in a logbook", "proposed"),
    ]
    assert split.statuses == (("proposed", "2025-10-01"), ("accepted", "2025-11-01"))
    assert (split.first, split.last) == ("2025-10-01", "2025-11-01")
    app.cleanup()


def test_new_adr_beside_an_edited_one_starts_its_own_history(tmp_path):
    repo = make_repo(tmp_path, "rst")
    logbook = repo.srcdir / "decisions" / "logbook.rst"
    # the commit creating the logbook also edits 0005-logs.rst: not where ADR-0007 was
    logbook.write_text(logbook_text("rst", {"ADR-0007": ("Rotate logs", "proposed")}), "utf-8")
    repo.write("0005-logs", body="Why, see the logbook.", status="proposed", date="2025-05-01")
    repo.commit("2025-10-01", "Gus Gray", "Start a logbook")
    app = build(repo.srcdir, freshenv=True)
    histories = {h.adr: h for h in domain_of(app).records(History)}
    assert [r.subject for r in histories["ADR-0007"].revisions] == ["Start a logbook"]
    assert histories["ADR-0007"].first == "2025-10-01"
    app.cleanup()


def _log_starts(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Record each ``git log`` started, and each document read, in order."""
    from sphinxcontrib_adr.trace import gitlog

    start = gitlog.start_log

    def recorded(git: str, repo: gitlog.Repo, since: str | None = None) -> gitlog.Job:
        events.append(f"log since {since}" if since else "log")
        return start(git, repo, since)

    monkeypatch.setattr(gitlog, "start_log", recorded)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_git_log_runs_while_the_documents_are_read_once_per_build(tmp_path, monkeypatch, syntax):
    repo = make_repo(tmp_path / "repo", syntax)
    events: list[str] = []
    _log_starts(monkeypatch, events)
    app = SphinxTestApp("text", srcdir=repo.srcdir, freshenv=True)
    app.connect("source-read", lambda _a, docname, _s: events.append("read"))
    app.build()
    # started before the first document is read, taken after the last
    assert events[0] == "log"
    assert events.count("log") == 1
    assert events.count("read") == len(app.env.found_docs)
    app.cleanup()
    head = git(repo.srcdir, "rev-parse", "HEAD").strip()
    repo.write("0002-new-name", status="deprecated")
    repo.commit("2025-10-01", "Gus Gray", "Deprecate ADR-0002")
    events.clear()
    again = build(repo.srcdir)
    # only the new commit is read, and the field shows it
    assert events == [f"log since {head}"]
    assert "last changed 2025-10-01" in (field_text(again.outdir, "0002-new-name") or "")
    again.cleanup()
    events.clear()
    build(repo.srcdir).cleanup()
    assert events == []  # HEAD did not move: no log at all


def test_a_log_started_for_another_head_is_not_used(tmp_path):
    from sphinxcontrib_adr.trace import gitlog
    from sphinxcontrib_adr.trace.history import EarlyLog

    repo = make_repo(tmp_path / "repo", "rst")
    git_program = gitlog.git_program()
    assert git_program is not None
    found = gitlog.find_repo(git_program, repo.srcdir)
    assert found is not None
    early = EarlyLog()
    early._pending = ((found.head, "", None), gitlog.start_log(git_program, found))
    assert early.take(found.head, "docs/") is None
    assert early.take(found.head, "") is None  # each job is taken once
    early._pending = ((found.head, "", None), gitlog.start_log(git_program, found))
    started = early.take(found.head, "")
    assert started is not None
    since, job = started
    assert since is None
    commits = gitlog.read_log(job, "")
    assert commits is not None and len(commits) == 30


def test_a_git_that_fails_or_hangs_gives_no_output(tmp_path, monkeypatch):
    from sphinxcontrib_adr.trace import gitlog

    hangs = tmp_path / "hangs"
    hangs.write_text("#!/bin/sh\nexec sleep 30\n", "utf-8")
    hangs.chmod(0o755)
    fails = tmp_path / "fails"
    fails.write_text("#!/bin/sh\necho partial output\nexit 1\n", "utf-8")
    fails.chmod(0o755)
    monkeypatch.setattr(gitlog, "_TIMEOUT", 0.5)
    assert gitlog.Job(str(fails), tmp_path, "log").result() is None
    assert gitlog.Job(str(tmp_path / "missing"), tmp_path, "log").result() is None
    assert gitlog.Job(str(hangs), tmp_path, "log").result() is None


def test_the_kept_log_unpacks_to_the_commits_git_gave(tmp_path):
    from sphinxcontrib_adr.trace import gitlog

    repo = make_repo(tmp_path, "rst")
    found = gitlog.find_repo("git", repo.srcdir)
    assert found is not None
    commits = gitlog.read_log(gitlog.start_log("git", found), "")
    assert commits is not None and len(commits) == 30
    assert any(letter == "R" for c in commits for letter, *_ in c.changes)
    assert gitlog.unpack_log(gitlog.pack_log(commits)) == commits
    # what a message cannot hold (NUL) aside, its text comes back as it was
    message = f"s\n\n{'b' * 40}\n:100644 100644 {'1' * 40} {'2' * 40} M\tx.rst"
    odd = gitlog.Commit("a" * 40, "", "Zoë \udcff", "s", (), message)
    assert gitlog.unpack_log(gitlog.pack_log([odd])) == [odd]
