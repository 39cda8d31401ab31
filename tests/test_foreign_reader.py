"""History and the importer read an ADR alike: the revisions from before
``sphinx-adr import --in-place`` are read with the importer's own readers
(docutils for reST, :mod:`sphinxcontrib_adr.core.foreign_rst`; markdown-it-py's
headings for Markdown, :mod:`sphinxcontrib_adr.core.foreign_md`), so a field
whose value goes on over a deeper line, a Status section opening with a
comment, and a ``## Status`` left in an HTML comment give the history the
status the import moved, not the field's first line or the comment's text.

The repository is written here, commit by commit with set dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from history_repo import git
from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.core import foreign_md
from sphinxcontrib_adr.core.foreign import foreign_options
from sphinxcontrib_adr.trace.history import History
from util import domain_of

CONF = """\
extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "log"
exclude_patterns = ["_build"]
adr_history = True
adr_date_from = "git-accepted"
"""
INDEX = "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"
STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")


def fields(title: str, *status: str) -> str:
    """A reST ADR whose status is a field under the title (``status``: its lines)."""
    rule = "=" * len(title)
    value = "\n    ".join(status)
    return f"{title}\n{rule}\n\n:Status: {value}\n:Deciders: Ann\n\nContext\n-------\n\nWhy.\n"


def section(title: str, status: str) -> str:
    """A reST ADR whose Status section opens with a comment."""
    rule = "=" * len(title)
    return (
        f"{title}\n{rule}\n\nStatus\n------\n\n.. TODO: ask the team about this\n\n"
        f"{status}\n\nContext\n-------\n\nWhy.\n"
    )


def markdown(status: str, former: str = "") -> str:
    """A Markdown ADR with a Status section; ``former``: a status left in an HTML
    comment, as a ``## Status`` section of its own."""
    old = f"<!--\n## Status\n\n{former}\n-->\n\n" if former else ""
    return f"# Use Redis\n\n{old}## Status\n\n{status}\n\n## Context\n\nWhy.\n"


REVISIONS = [
    ("2019-03-01", "0001-use-postgres.rst", fields("1. Use PostgreSQL", "Proposed")),
    # the value is on the deeper line under the field name
    ("2019-04-15", "0001-use-postgres.rst", fields("1. Use PostgreSQL", "", "Accepted")),
    ("2020-02-01", "0002-use-kafka.rst", section("2. Use Kafka", "Proposed")),
    ("2021-06-10", "0002-use-kafka.rst", section("2. Use Kafka", "Accepted")),
    ("2022-01-05", "0003-use-redis.md", markdown("Proposed")),
    # a heading in an HTML comment is none (markdown-it-py, as the importer reads it)
    ("2022-06-01", "0003-use-redis.md", markdown("Accepted", former="Proposed")),
    # a list in the Status section holds relations (the importer's rule), not the status;
    # a date that is none is left in the text, and the next one is the ADR's
    (
        "2022-03-01",
        "0004-use-nats.md",
        "# Use NATS\n\n* Date: to be set\n* Created: 2022-03-01\n\n## Status\n\n- Accepted\n",
    ),
    ("2022-09-09", "0001-use-postgres.rst", fields("1. Use PostgreSQL", "Deprecated", "in 2022")),
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The repository after the import commit, and each file's last text before it."""
    root = tmp_path_factory.mktemp("log")
    (root / "decisions").mkdir()
    (root / "conf.py").write_text(CONF, "utf-8")
    (root / "index.rst").write_text(INDEX, "utf-8")
    (root / ".gitignore").write_text("_build/\n", "utf-8")
    git(root, "init", "-q", "-b", "main")
    before: dict[str, str] = {}
    for date, stem, text in REVISIONS:
        (root / "decisions" / stem).write_text(text, "utf-8")
        before[stem] = text
        git(root, "add", "-A", date=date)
        git(root, "commit", "-q", "-m", f"{stem} on {date}", date=date)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["import", "decisions", "--in-place"]) == 0
    git(root, "add", "-A", date="2024-07-01")
    git(root, "commit", "-q", "-m", "Import the log into Sphinx", date="2024-07-01")
    return root, before


def test_history_reads_the_past_as_the_import_did(imported: tuple[Path, dict[str, str]]) -> None:
    root, _before = imported
    app = SphinxTestApp("text", srcdir=root, freshenv=True)
    try:
        app.build()
        domain = domain_of(app)
        dates = {a.id: a.date for a in domain.adrs()}
        statuses = {r.adr: r.statuses for r in domain.records(History)}
    finally:
        app.cleanup()
    assert statuses == {
        "ADR-0001": (
            ("proposed", "2019-03-01"),
            ("accepted", "2019-04-15"),
            ("deprecated", "2022-09-09"),
        ),
        "ADR-0002": (("proposed", "2020-02-01"), ("accepted", "2021-06-10")),
        "ADR-0003": (("proposed", "2022-01-05"), ("accepted", "2022-06-01")),
        # no status before the import nor after it: the default, since the first commit
        "ADR-0004": (("proposed", "2022-03-01"),),
    }
    assert dates == {
        "ADR-0001": "2019-04-15",
        "ADR-0002": "2021-06-10",
        "ADR-0003": "2022-06-01",
        "ADR-0004": "2022-03-01",  # never accepted: its first commit
    }


def test_a_revision_reads_as_the_import_wrote_it(imported: tuple[Path, dict[str, str]]) -> None:
    root, before = imported
    read = {}
    for name, text in before.items():
        written = (root / "decisions" / name).read_text("utf-8")
        block = dict(re.findall(r"^(?:   )?:(status|date): (.*)$", written, re.M))
        read[name] = foreign_options(text, name.endswith(".md"), STATUSES, {})
        assert read[name] == block, name
    # the comments are not the statuses
    assert read["0002-use-kafka.rst"] == read["0003-use-redis.md"] == {"status": "Accepted"}
    assert read["0004-use-nats.md"] == {"date": "2022-03-01"}


def test_without_markdown_it_history_still_reads_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    # markdown-it-py comes with the [myst] extra only: a reST project's history reads
    # a Markdown file's past by line patterns then (a heading in a comment counts)
    text = markdown("Accepted", former="Proposed")
    assert foreign_options(text, True, STATUSES, {}) == {"status": "Accepted"}
    monkeypatch.setattr(foreign_md, "markdown_parser", lambda: None)
    assert foreign_options(text, True, STATUSES, {}) == {"status": "Proposed"}
    assert foreign_options(markdown("Accepted"), True, STATUSES, {}) == {"status": "Accepted"}
    assert foreign_options("# T\n\n* Status: rejected\n", True, STATUSES, {}) == {
        "status": "rejected"
    }
