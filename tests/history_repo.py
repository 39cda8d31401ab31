"""A git repository of 5 ADRs and 30 commits with set dates and authors.

Shared by the history tests: :func:`make_repo` copies ``roots/test-history-*``
and commits ADR files step by step (statuses change, a file is renamed, one
ADR has a written date, 20 commits touch no ADR), each commit dated and
authored through ``GIT_AUTHOR_*`` / ``GIT_COMMITTER_*``.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

from util import copy_root

EXT = {"rst": "rst", "myst": "md"}
TITLES = {
    "0001-use-git": "Use git",
    "0002-old-name": "Name things",
    "0002-new-name": "Name things",
    "0003-cache": "Cache results",
    "0004-queue": "Queue jobs",
    "0005-logs": "Keep logs",
    "0006-audit": "Audit access",
}


def adr_text(syntax: str, stem: str, options: dict[str, str], body: str = "Why.") -> str:
    number = stem.split("-", 1)[0]
    title = f"ADR-{number}: {TITLES[stem]}"
    if syntax == "rst":
        lines = [title, "=" * len(title), "", ".. adr::"]
        lines += [f"   :{k}: {v}" for k, v in options.items()]
        lines += ["", "Context", "-------", "", body, ""]
    else:
        lines = [f"# {title}", "", ":::{adr}"]
        lines += [f":{k}: {v}" for k, v in options.items()]
        lines += [":::", "", "## Context", "", body, ""]
    return "\n".join(lines)


def git(
    cwd: Path,
    *args: str,
    date: str = "2025-01-01",
    author: str = "Ann Archer",
    stamp: str | None = None,
) -> str:
    """Run git as ``author`` on ``date`` (``stamp``: a raw git date such as
    ``@253402300800 +0000``, for dates ISO text cannot give)."""
    stamp = stamp or f"{date}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@example.com",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": f"{author.split()[0].lower()}@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


class Repo:
    """The project folder, a git checkout, with helpers to write and commit ADRs."""

    def __init__(self, srcdir: Path, syntax: str) -> None:
        self.srcdir = srcdir
        self.syntax = syntax
        self.ext = EXT[syntax]

    def path(self, stem: str) -> Path:
        return self.srcdir / "decisions" / f"{stem}.{self.ext}"

    def write(self, stem: str, body: str = "Why.", **options: str) -> None:
        # git keeps no empty folder, so a fresh clone of the root has no decisions/ yet
        self.path(stem).parent.mkdir(parents=True, exist_ok=True)
        self.path(stem).write_text(adr_text(self.syntax, stem, options, body), "utf-8")

    def commit(self, date: str, author: str, message: str, stamp: str | None = None) -> None:
        git(self.srcdir, "add", "-A", date=date, author=author)
        # from a file: a message may hold characters an argument cannot
        file = self.srcdir / ".git" / "message.txt"
        file.write_text(message, "utf-8")
        git(self.srcdir, "commit", "-q", "-F", str(file), date=date, author=author, stamp=stamp)

    def rename(self, old: str, new: str) -> None:
        git(self.srcdir, "mv", str(self.path(old)), str(self.path(new)))


def make_repo(tmp_path: Path, syntax: str) -> Repo:
    """The 30-commit history every history test starts from."""
    srcdir = copy_root(f"history-{syntax}", tmp_path)
    (srcdir / ".gitignore").write_text("_build/\n", "utf-8")
    git(srcdir, "init", "-q", "-b", "main")
    repo = Repo(srcdir, syntax)
    repo.write("0001-use-git", status="proposed")
    repo.write("0002-old-name", status="proposed")
    repo.commit("2025-01-10", "Ann Archer", "Propose ADR-0001 and ADR-0002")
    repo.write("0001-use-git", status="accepted")
    repo.commit("2025-01-20", "Bob Baker", "Accept ADR-0001")
    repo.write("0003-cache", status="proposed", date="2025-02-01")
    repo.commit("2025-02-03", "Ann Archer", "Propose ADR-0003")
    repo.rename("0002-old-name", "0002-new-name")
    repo.write("0002-new-name", status="accepted")
    repo.commit("2025-02-10", "Carol Cook", "Rename ADR-0002 and accept it")
    repo.write("0003-cache", status="accepted", date="2025-02-01")
    repo.commit("2025-03-01", "Bob Baker", "Accept ADR-0003")
    repo.write("0004-queue", status="proposed")
    repo.commit("2025-03-05", "Dave Dale", "Propose ADR-0004")
    repo.write("0004-queue", status="accepted", supersedes="ADR-0001")
    repo.write("0001-use-git", status="superseded")
    repo.commit("2025-04-01", "Ann Archer", "ADR-0004 supersedes ADR-0001")
    repo.write("0005-logs", status="proposed", date="2025-05-01")
    repo.commit("2025-05-02", "Erin Ezra", "Propose ADR-0005")
    implementing = {5: "Implement ADR-0003: warm the cache", 12: "Queue ADR-0002 and ADR-4 jobs"}
    for day in range(1, 21):  # commits that touch no ADR
        (srcdir / "notes.txt").write_text(f"note {day}\n", "utf-8")
        repo.commit(f"2025-06-{day:02d}", "Frank Fox", implementing.get(day, f"Note {day}"))
    repo.write("0002-new-name", body="Why, spelled right.", status="accepted")
    repo.commit("2025-08-01", "Dave Dale", "Fix a typo in ADR-0002")
    repo.write("0003-cache", status="deprecated", date="2025-02-01")
    repo.commit("2025-09-01", "Bob Baker", "Deprecate ADR-0003")
    count = git(srcdir, "rev-list", "--count", "HEAD").strip()
    assert count == "30", count
    return repo


def field_text(outdir: Path, stem: str, name: str = "History") -> str | None:
    """The text of an ADR page's ``name`` field (text builder), white space folded."""
    text = (outdir / "decisions" / f"{stem}.txt").read_text("utf-8")
    match = re.search(rf"^{name}:\n((?:   .*\n)+)", text, re.M)
    return " ".join(match.group(1).split()) if match else None


def info_lines(app: Any, prefix: str = "adr history:") -> list[str]:
    """The build's info lines that start with ``prefix``, colours removed."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    return [line for line in text.splitlines() if line.startswith(prefix)]
