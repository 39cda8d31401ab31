"""A git repository of 9 ADRs and 7 dated commits for the health tests.

``make_health_repo`` copies ``roots/test-health-*`` and commits the ADRs step by
step (authors and dates set through ``history_repo.git``), so that as of the
tests' "today" (2026-11-18, ``SOURCE_DATE_EPOCH``):

- ADR-0001 is superseded by ADR-0005 (2026-06-01) and ``src/store.py`` still names
  it: code to revisit; accepted by Bo Chen on 2025-01-20;
- ADR-0002 depends on ADR-0001 and was reviewed 2026-05-01: suspect;
- ADR-0003 depends on ADR-0004, reviewed after its change, one approval: approval;
- ADR-0004 changed on 2026-09-01 (after ADR-0006's last review); ADR-0003 and
  ADR-0006 depend on it, ADR-0008 through ADR-0006; ticket KB-7;
- ADR-0006 depends on ADR-0004 (committed 2026-05-01): suspect;
- ADR-0007 is proposed since 2025-01-10: stale;
- ADR-0009 is dated 2025-02-01 and never reviewed since: overdue.
"""

from __future__ import annotations

from pathlib import Path

from history_repo import Repo, git
from util import copy_root

TITLES = {
    "0001-postgres": "Store data in Postgres",
    "0002-rest-api": "Serve a REST API",
    "0003-cache": "Cache results",
    "0004-queue": "Queue jobs",
    "0005-sqlite": "Store data in SQLite",
    "0006-retry": "Retry failed jobs",
    "0007-graphql": "Use GraphQL",
    "0008-alerts": "Alert on retries",
    "0009-json-logs": "Log as JSON",
}
TWO = "Ana Lima (2025-01-05), Bo Chen"


class HealthRepo(Repo):
    def write(self, stem: str, body: str = "Why.", **options: str) -> None:
        number = stem.split("-", 1)[0]
        title = f"ADR-{number}: {TITLES[stem]}"
        names = {k.replace("_", "-"): v for k, v in options.items()}
        if self.syntax == "rst":
            lines = [title, "=" * len(title), "", ".. adr::"]
            lines += [f"   :{k}: {v}" for k, v in names.items()]
            lines += ["", "Context", "-------", "", body, ""]
        else:
            lines = [f"# {title}", "", ":::{adr}", *(f":{k}: {v}" for k, v in names.items())]
            lines += [":::", "", "## Context", "", body, ""]
        self.path(stem).parent.mkdir(parents=True, exist_ok=True)
        self.path(stem).write_text("\n".join(lines), "utf-8")


def make_health_repo(tmp_path: Path, syntax: str) -> HealthRepo:
    srcdir = copy_root(f"health-{syntax}", tmp_path)
    (srcdir / ".gitignore").write_text("_build/\n", "utf-8")
    git(srcdir, "init", "-q", "-b", "main")
    repo = HealthRepo(srcdir, syntax)
    repo.write("0001-postgres", status="proposed", approved_by=TWO)
    repo.write("0007-graphql", status="proposed")
    repo.write("0009-json-logs", status="accepted", date="2025-02-01", approved_by=TWO)
    repo.commit("2025-01-10", "Ann Archer", "Propose ADR-0001 and ADR-0007, accept ADR-0009")
    repo.write("0001-postgres", status="accepted", approved_by=TWO)
    repo.write(
        "0002-rest-api", status="accepted", depends_on="ADR-0001", reviewed="2026-05-01",
        approved_by=TWO,
    )  # fmt: skip
    repo.commit("2025-01-20", "Bo Chen", "Accept ADR-0001 and ADR-0002")
    repo.write("0004-queue", status="accepted", date="2026-04-01", tickets="KB-7", approved_by=TWO)
    repo.commit("2026-04-01", "Ann Archer", "Accept ADR-0004")
    repo.write("0006-retry", status="accepted", depends_on="ADR-0004", approved_by=TWO)
    repo.write(
        "0008-alerts", status="accepted", depends_on="ADR-0006", date="2025-03-01",
        approved_by=TWO,
    )  # fmt: skip
    repo.commit("2026-05-01", "Carol Cook", "Accept ADR-0006 and ADR-0008")
    repo.write(
        "0005-sqlite", status="accepted", supersedes="ADR-0001", date="2026-06-01",
        approved_by=TWO,
    )  # fmt: skip
    repo.write("0001-postgres", status="superseded", approved_by=TWO)
    repo.commit("2026-06-01", "Bo Chen", "ADR-0005 supersedes ADR-0001")
    repo.write(
        "0003-cache", status="accepted", depends_on="ADR-0004", date="2026-08-01",
        reviewed="2026-09-15", approved_by="Ana Lima",
    )  # fmt: skip
    repo.commit("2026-08-01", "Ann Archer", "Accept ADR-0003")
    repo.write(
        "0004-queue", body="Why, spelled right.", status="accepted", date="2026-04-01",
        tickets="KB-7", approved_by=TWO,
    )  # fmt: skip
    repo.commit("2026-09-01", "Dave Dale", "Fix a typo in ADR-0004")
    return repo
