"""History sees through an import: a log kept for years in Markdown (MADR and
Nygard shapes, statuses changed in prose), converted by ``sphinx-adr import
--in-place`` and committed, keeps its real past. Revisions from before the
import are read with the importer's own reader, so status history and the
``git-accepted`` / ``git-first`` dates are the log's, not the import commit's;
a status that appears only with the import (``--default-status``) dates from
the file's first commit.

The repository is written here, commit by commit with set dates (no real log
is copied)."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from history_repo import git
from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.trace.history import History
from util import domain_of, warnings_of

CONF = """\
extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "log"
exclude_patterns = ["_build"]
adr_history = True
adr_date_from = "{how}"
"""
INDEX = "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"


def nygard(title: str, status: str) -> str:
    return f"# {title}\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n"


def madr(title: str, status: str | None) -> str:
    line = f"* Status: {status}\n\n" if status else ""
    return f"# {title}\n\n{line}## Context and Problem Statement\n\nWhy.\n"


def _commit(root, date: str, message: str, **files: str) -> None:
    for stem, text in files.items():
        (root / "decisions" / f"{stem}.md").write_text(text, "utf-8")
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    """The repository after the import commit, and the import's report."""
    root = tmp_path_factory.mktemp("log")
    (root / "decisions").mkdir()
    (root / "conf.py").write_text(CONF.format(how="git-accepted"), "utf-8")
    (root / "index.rst").write_text(INDEX, "utf-8")
    (root / ".gitignore").write_text("_build/\n", "utf-8")
    git(root, "init", "-q", "-b", "main")
    _commit(
        root,
        "2019-03-01",
        "Propose PostgreSQL",
        **{"0001-use-postgres": nygard("1. Use PostgreSQL", "Proposed")},
    )
    _commit(
        root,
        "2019-04-15",
        "Accept PostgreSQL",
        **{"0001-use-postgres": nygard("1. Use PostgreSQL", "Accepted")},
    )
    _commit(
        root, "2020-02-01", "Propose Kafka", **{"0002-use-kafka": madr("Use Kafka", "proposed")}
    )
    _commit(root, "2021-06-10", "Accept Kafka", **{"0002-use-kafka": madr("Use Kafka", "accepted")})
    _commit(root, "2022-01-05", "Use Redis", **{"0003-use-redis": madr("Use Redis", None)})
    _commit(root, "2022-09-09", "Deprecate PostgreSQL", **{
        "0001-use-postgres": nygard("1. Use PostgreSQL", "Deprecated")})  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        code = main(["import", "decisions", "--in-place", "--default-status", "accepted"])
    assert code == 0
    git(root, "add", "-A", date="2024-07-01")
    git(root, "commit", "-q", "-m", "Import the log into Sphinx", date="2024-07-01")
    return root


def _built(root, how: str):
    (root / "conf.py").write_text(CONF.format(how=how), "utf-8")
    app = SphinxTestApp("text", srcdir=root, freshenv=True)
    try:
        app.build()
        domain = domain_of(app)
        dates = {a.id: a.date for a in domain.adrs()}
        statuses = {r.adr: r.statuses for r in domain.records(History)}
        warnings = warnings_of(app)
    finally:
        app.cleanup()
    return dates, statuses, warnings


def test_git_accepted_dates_are_the_logs_own_not_the_imports(imported):
    dates, _statuses, warnings = _built(imported, "git-accepted")
    assert warnings == []
    assert dates == {
        "ADR-0001": "2019-04-15",  # "## Status" changed to Accepted in prose
        "ADR-0002": "2021-06-10",  # "* Status: accepted" under the title
        "ADR-0003": "2022-01-05",  # no status until --default-status: its first commit
    }


def test_status_history_reads_the_revisions_from_before_the_import(imported):
    _dates, statuses, _warnings = _built(imported, "git-accepted")
    assert statuses == {
        "ADR-0001": (
            ("proposed", "2019-03-01"),
            ("accepted", "2019-04-15"),
            ("deprecated", "2022-09-09"),
        ),
        "ADR-0002": (("proposed", "2020-02-01"), ("accepted", "2021-06-10")),
        "ADR-0003": (("accepted", "2022-01-05"),),
    }


def test_git_first_dates_are_the_files_first_commits(imported):
    dates, _statuses, warnings = _built(imported, "git-first")
    assert warnings == []
    assert dates == {
        "ADR-0001": "2019-03-01",
        "ADR-0002": "2020-02-01",
        "ADR-0003": "2022-01-05",
    }
