"""What git says is read as foreign input (issue 25, findings 7 and 20).

A commit message is written by anyone with push access: it must not be able to
forge a commit or hide one. A commit date is whatever the committer's clock or
tool said: years outside 1970-9999 are unknown, not a crash. A shallow clone's
boundary commit shows every file as added: its date is where the history
known starts, never a decision date.

Every test starts from the 30-commit repository of ``history_repo``.
"""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from history_repo import Repo, field_text, git, info_lines, make_repo
from sphinxcontrib_adr.trace import gitlog
from sphinxcontrib_adr.trace.history import History
from util import adr_warnings, domain_of, tree_contents

if TYPE_CHECKING:
    from pathlib import Path

SYNTAXES = ("rst", "myst")
FORGED = "f" * 40
#: year 10000 and an hour, as git's raw date (seconds since 1970)
YEAR_10000 = "@253402300800 +0000"


def build(srcdir: Path, buildername: str = "text", **kwargs: object) -> SphinxTestApp:
    app = SphinxTestApp(buildername, srcdir=srcdir, freshenv=True, **kwargs)  # type: ignore[arg-type]
    app.build()
    return app


def ages(outdir: Path) -> dict[str, str]:
    """ADR id -> the ``age`` cell of the index's history-columns table."""
    text = (outdir / "index.txt").read_text("utf-8").split("| ID")[-1]
    rows = re.findall(r"^\| \*(ADR-\d{4})\* +\|.*\| (\d*) +\|$", text, re.M)
    return dict(rows)


def histories(app: SphinxTestApp) -> dict[str, History]:
    return {h.adr: h for h in domain_of(app).records(History)}


# --------------------------------------------------------------------------
# finding 7: separators in a message, dates outside 1970-9999


def hostile_message(subject: str) -> str:
    """A message whose body is a whole commit record in the log's old format
    (record, field and changes separators), dated 0000-00-00."""
    return f"{subject}\n\n\x1e{FORGED}\x1f0000-00-00\x1fMallory\x1fForged change\x1d"


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_message_holding_the_log_separators_forges_no_revision(tmp_path, syntax):
    repo = make_repo(tmp_path, syntax)
    repo.write("0005-logs", status="accepted", date="2025-05-01")
    repo.commit("2025-10-01", "Gus Gray", hostile_message("Accept ADR-0005"))
    app = build(repo.srcdir)
    rows = [(r.date, r.author, r.subject, r.status) for r in histories(app)["ADR-0005"].revisions]
    assert rows == [
        ("2025-10-01", "Gus Gray", "Accept ADR-0005", "accepted"),
        ("2025-05-02", "Erin Ezra", "Propose ADR-0005", "proposed"),
    ]
    assert field_text(app.outdir, "0005-logs") == (
        "first committed 2025-05-02; proposed 2025-05-02, accepted 2025-10-01; "
        "last changed 2025-10-01; by Erin Ezra, Gus Gray"
    )
    # the age column counts from the real first commit (2026-11-18 is "today")
    assert ages(app.outdir)["ADR-0005"] == "565"
    pages = tree_contents(app.outdir)
    assert not [name for name, text in pages.items() if "Mallory" in text or FORGED in text]
    assert not [name for name, text in pages.items() if re.search(r"[\x1d-\x1f]", text)]
    assert adr_warnings(app) == []
    app.cleanup()


def test_the_log_parser_takes_fields_by_position_not_by_content(tmp_path):
    repo = make_repo(tmp_path, "rst")
    # a subject naming what looks like a commit id, and a body of raw-diff lines
    body = f"{FORGED}\n:100644 100644 {'1' * 40} {'2' * 40} M\tdecisions/0001-use-git.rst"
    repo.write("0003-cache", status="deprecated", date="2025-02-01", body="Still why.")
    repo.commit("2025-10-02", "Gus\x1f Gray", f"Edit ADR-0003\x1e{FORGED}\n\n{body}")
    found = gitlog.find_repo("git", repo.srcdir)
    assert found is not None
    commits = gitlog.read_log(gitlog.start_log("git", found), "")
    assert commits is not None and len(commits) == 31
    newest = commits[0]
    assert (newest.date, newest.author, newest.subject) == (
        "2025-10-02",
        "Gus Gray",
        f"Edit ADR-0003{FORGED}",
    )
    assert [(c[0], c[2]) for c in newest.changes] == [("M", "decisions/0003-cache.rst")]
    assert FORGED not in {c.sha for c in commits}
    # the kept (packed) log reads back the same
    assert gitlog.unpack_log(gitlog.pack_log(commits)) == commits


def _commit_dated_by_hand(repo: Repo, committer: str) -> None:
    """Commit the index with a committer line git would not write itself."""
    tree = git(repo.srcdir, "write-tree").strip()
    head = git(repo.srcdir, "rev-parse", "HEAD").strip()
    text = (
        f"tree {tree}\nparent {head}\nauthor Hal Hand <hal@example.com> 1759320000 +0000\n"
        f"committer {committer}\n\nAccept ADR-0004 again\n"
    )
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
        cwd=repo.srcdir, input=text, capture_output=True, text=True, check=True,
    )  # fmt: skip
    git(repo.srcdir, "update-ref", "HEAD", done.stdout.strip())


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_commit_dates_outside_1970_9999_are_unknown_with_one_info_line(tmp_path, syntax):
    repo = make_repo(tmp_path, syntax)
    repo.write("0005-logs", status="accepted", date="2025-05-01")
    repo.commit("2025-10-01", "Gus Gray", "Accept ADR-0005", stamp=YEAR_10000)
    (repo.srcdir / "notes.txt").write_text("implemented\n", "utf-8")
    repo.commit("2025-10-02", "Gus Gray", "Implement ADR-0001", stamp=YEAR_10000)
    repo.write("0004-queue", status="accepted", supersedes="ADR-0001", body="Still why.")
    git(repo.srcdir, "add", "-A")
    # year 0: seconds before 1970, which git cannot show as a date
    _commit_dated_by_hand(repo, "Hal Hand <hal@example.com> -62167219200 +0000")
    app = build(repo.srcdir)
    assert info_lines(app) == [
        "adr history: 3 commits have dates outside 1970-9999, shown as unknown"
    ]
    implementing = git(repo.srcdir, "log", "-1", "--format=%H", "HEAD~1").strip()[:7]
    assert field_text(app.outdir, "0001-use-git", "Implemented in commits") == f'"{implementing}"'
    assert field_text(app.outdir, "0005-logs") == (
        "first committed 2025-05-02; proposed 2025-05-02, accepted (date unknown); "
        "by Erin Ezra, Gus Gray"
    )
    found = histories(app)
    assert [(r.date, r.subject) for r in found["ADR-0004"].revisions][:1] == [
        ("", "Accept ADR-0004 again")
    ]
    assert (found["ADR-0004"].first, found["ADR-0004"].last) == ("2025-03-05", "2025-04-01")
    assert ages(app.outdir) == {
        "ADR-0001": "677",
        "ADR-0002": "677",
        "ADR-0003": "653",
        "ADR-0004": "623",
        "ADR-0005": "565",
    }
    assert adr_warnings(app) == []
    # said once: a rebuild with the same log says nothing again
    again = SphinxTestApp("text", srcdir=repo.srcdir, freshenv=False)
    again.build()
    assert info_lines(again) == []
    again.cleanup()
    app.cleanup()


def test_a_year_10000_commit_gives_no_date_to_an_undated_adr(tmp_path):
    repo = make_repo(tmp_path, "myst")
    repo.write("0006-audit", status="accepted")
    repo.commit("2025-10-01", "Gus Gray", "Accept ADR-0006", stamp=YEAR_10000)
    app = build(repo.srcdir, confoverrides={"adr_date_from": "git-first"})
    adr = next(a for a in domain_of(app).adrs() if a.id == "ADR-0006")
    assert adr.date is None
    assert field_text(app.outdir, "0006-audit") == "accepted (date unknown); by Gus Gray"
    assert adr_warnings(app) == []
    app.cleanup()


# --------------------------------------------------------------------------
# finding 20: a shallow clone's boundary commit


def shallow_clone(tmp_path: Path, syntax: str, depth: int = 5) -> Path:
    repo = make_repo(tmp_path / "full", syntax)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", str(depth), f"file://{repo.srcdir}", str(clone)],
        check=True,
    )
    return clone


#: the clone's boundary commit (depth 5) is "Note 18", 2025-06-18
SHALLOW_FIELDS = {
    "0001-use-git": "history starts at 2025-06-18; superseded (date unknown)",
    "0002-new-name": "history starts at 2025-06-18; accepted (date unknown); last changed "
    "2025-08-01; by Dave Dale",
    "0003-cache": "history starts at 2025-06-18; accepted (date unknown), deprecated "
    "2025-09-01; last changed 2025-09-01; by Bob Baker",
    "0004-queue": "history starts at 2025-06-18; accepted (date unknown)",
    "0005-logs": "history starts at 2025-06-18; proposed (date unknown)",
    # added after the boundary: its own commit is a real date
    "0006-audit": "first committed 2025-10-01; proposed 2025-10-01; by Gus Gray",
}


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("date_from", ["git-accepted", "git-first"])
def test_a_shallow_clones_first_commit_is_no_decision_date(tmp_path, syntax, date_from):
    clone = shallow_clone(tmp_path, syntax)
    repo = Repo(clone, syntax)
    repo.write("0006-audit", status="proposed")
    repo.commit("2025-10-01", "Gus Gray", "Propose ADR-0006")
    app = build(clone, confoverrides={"adr_date_from": date_from})
    assert info_lines(app) == ["adr history: a shallow clone, history starts at 2025-06-18"]
    assert {stem: field_text(app.outdir, stem) for stem in SHALLOW_FIELDS} == SHALLOW_FIELDS
    # no date from the boundary: written dates, and the new ADR's own first commit
    assert {a.id: a.date for a in domain_of(app).adrs()} == {
        "ADR-0001": None,
        "ADR-0002": None,
        "ADR-0003": "2025-02-01",
        "ADR-0004": None,
        "ADR-0005": "2025-05-01",
        "ADR-0006": "2025-10-01",
    }
    assert field_text(app.outdir, "0001-use-git", "Date") is None
    assert ages(app.outdir) == {f"ADR-000{n}": "" for n in range(1, 6)} | {"ADR-0006": "413"}
    assert "2025-06-18" not in (app.outdir / "commits.txt").read_text("utf-8")
    # the history table says where the history starts, not who changed the ADR then
    log = (app.outdir / "log.txt").read_text("utf-8")
    rows = re.findall(r"^\| (\S+) +\| \"\w+\" +\| ([\w ]*?) +\| (.+?) +\| (\w+) +\|$", log, re.M)
    assert rows == [
        ("2025-08-01", "Dave Dale", "Fix a typo in ADR-0002", "accepted"),
        ("2025-06-18", "", "history starts here (shallow clone)", "accepted"),
    ]
    overview = dict(re.findall(r"^\| \*(ADR-\d{4}): [\w ]+\* +\| (.+?) +\|", log, re.M))
    assert overview == {f"ADR-000{n}": "history starts at 2025-06-18" for n in range(1, 6)} | {
        "ADR-0006": "2025-10-01"
    }
    assert adr_warnings(app) == []
    app.cleanup()


def test_a_deepened_clone_reads_its_history_again(tmp_path):
    clone = shallow_clone(tmp_path, "rst")
    build(clone).cleanup()
    # HEAD does not move: only the boundary does
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True)
    app = SphinxTestApp("text", srcdir=clone, freshenv=False)
    app.build()
    assert field_text(app.outdir, "0001-use-git") == (
        "first committed 2025-01-10; proposed 2025-01-10, accepted 2025-01-20, "
        "superseded 2025-04-01; last changed 2025-04-01; by Ann Archer, Bob Baker"
    )
    assert {a.id: a.date for a in domain_of(app).adrs()}["ADR-0001"] == "2025-01-20"
    app.cleanup()


def test_unknown_dates_and_a_shallow_start_export_valid_against_the_schema(tmp_path):
    import json

    import jsonschema

    from sphinxcontrib_adr.interop.export import load_schema

    clone = shallow_clone(tmp_path, "rst")
    repo = Repo(clone, "rst")
    repo.write("0006-audit", status="accepted")
    repo.commit("2025-10-01", "Gus Gray", "Accept ADR-0006", stamp=YEAR_10000)
    app = build(clone, "html")
    data = json.loads((app.outdir / "adrs.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    found = {a["id"]: a["children"]["history"][0] for a in data["adrs"]}
    assert {k: found["ADR-0001"][k] for k in ("first", "starts", "statuses")} == {
        "first": None,
        "starts": "2025-06-18",
        "statuses": [["superseded", ""]],
    }
    assert [r["date"] for r in found["ADR-0006"]["revisions"]] == [""]
    assert {a["id"]: a["date"] for a in data["adrs"]}["ADR-0006"] is None
    assert adr_warnings(app) == []
    app.cleanup()
