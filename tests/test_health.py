"""Decisions that stay true: reviews, stale proposals, suspect dependants,
approvals, impact, the health page and ``sphinx-adr health`` / ``review``.

Every test starts from the git repository of ``health_repo`` (9 ADRs, 7 dated
commits); "today" is 2026-11-18 (``SOURCE_DATE_EPOCH``, see conftest).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from health_repo import TWO, make_health_repo
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.interop.export import load_schema
from sphinxcontrib_adr.trace.health_records import Health
from util import adr_warnings, domain_of, tree_contents

pytestmark = pytest.mark.adr("ADR-0027")

SYNTAXES = ("rst", "myst")
EXPECTED_WARNINGS = [
    ("adr.suspect", "0002-rest-api"),
    ("adr.approval", "0003-cache"),
    ("adr.suspect", "0006-retry"),
    ("adr.stale", "0007-graphql"),
    ("adr.review", "0009-json-logs"),
]


def build(srcdir: Path, buildername: str = "text", **kwargs: object) -> SphinxTestApp:
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)  # type: ignore[arg-type]
    app.build()
    return app


def health_warnings(app: SphinxTestApp) -> list[tuple[str | None, str]]:
    kinds = ("adr.suspect", "adr.approval", "adr.stale", "adr.review")
    found = [w for w in adr_warnings(app) if w.type in kinds]
    return sorted(((w.type, Path(w.file).stem) for w in found), key=lambda t: (t[1], t[0] or ""))


def without_commits(text: str) -> str:
    return re.sub(r"\b[0-9a-f]{7}\b", "<commit>", text)


@pytest.fixture(scope="module", params=SYNTAXES)
def built(request, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        # module scope runs before conftest's per-test date: pin "today" here too
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
        repo = make_health_repo(tmp_path_factory.mktemp(f"health-{request.param}"), request.param)
        app = build(repo.srcdir, "text", freshenv=True)
        yield app
    app.cleanup()


def test_each_problem_is_one_warning_naming_the_change_and_the_fix(built):
    assert health_warnings(built) == EXPECTED_WARNINGS
    messages = {Path(w.file).stem: w.message for w in adr_warnings(built, "suspect")}
    assert messages["0002-rest-api"] == (
        "ADR-0002 is suspect: depends on ADR-0001, which became superseded (by ADR-0005) on "
        "2026-06-01, after its last review (2026-05-01); review ADR-0002 against it and run "
        "'sphinx-adr review ADR-0002'"
    )
    assert without_commits(messages["0006-retry"]).startswith(
        "ADR-0006 is suspect: depends on ADR-0004, which changed in <commit> on 2026-09-01"
    )
    (overdue,) = adr_warnings(built, "review")
    assert "due for review on 2026-02-01, 365 days after its last review (2025-02-01)" in (
        overdue.message
    )
    (stale,) = adr_warnings(built, "stale")
    assert "proposed since 2025-01-10 (677 days; adr_proposed_max_age is 90)" in stale.message


def test_health_records_hold_reviews_approvals_and_impact(built):
    records = {h.adr: h for h in domain_of(built).records(Health)}
    assert {k: records[k].state for k in sorted(records)} == {
        "ADR-0001": "ok",
        "ADR-0002": "suspect",
        "ADR-0003": "approval",
        "ADR-0004": "ok",
        "ADR-0005": "ok",
        "ADR-0006": "suspect",
        "ADR-0007": "stale",
        "ADR-0008": "ok",
        "ADR-0009": "overdue",
    }
    queue = records["ADR-0004"]
    assert [(i.id, i.kind, i.via) for i in queue.impacted] == [
        ("ADR-0003", "depends-on", ""),
        ("ADR-0006", "depends-on", ""),
        ("ADR-0008", "depends-on", "ADR-0006"),
    ]
    assert (queue.last_review, queue.last_review_from, queue.next_review) == (
        "2026-09-01",
        "commit",
        "2027-09-01",
    )
    assert records["ADR-0003"].approvals == 1
    assert records["ADR-0001"].accepted_by is not None
    assert records["ADR-0001"].accepted_by[0::2] == ("Bo Chen", "2025-01-20")
    assert [f.kind for f in records["ADR-0001"].findings] == ["revisit"]


def _field(text: str, name: str) -> str | None:
    match = re.search(rf"^{name}:\n((?:   .*\n)+)", text, re.M)
    return " ".join(match.group(1).split()) if match else None


def test_adr_pages_show_impact_approvals_and_who_accepted(built):
    queue = (built.outdir / "decisions" / "0004-queue.txt").read_text("utf-8")
    assert _field(queue, "Impact") == (
        "decisions: *ADR-0003: Cache results* (depends on it), *ADR-0006: Retry failed "
        "jobs* (depends on it), *ADR-0008: Alert on retries* (through ADR-0006); tickets: KB-7"
    )
    assert _field(queue, "Approved by") == "Ana Lima (2025-01-05), Bo Chen (2 of 2 required)"
    postgres = (built.outdir / "decisions" / "0001-postgres.txt").read_text("utf-8")
    assert without_commits(_field(postgres, "Accepted by") or "") == (
        'Bo Chen in "<commit>", 2025-01-20'
    )
    assert _field(postgres, "Impact") == (
        "decisions: *ADR-0002: Serve a REST API* (depends on it); code: 1 place"
    )
    api = (built.outdir / "decisions" / "0002-rest-api.txt").read_text("utf-8")
    assert _field(api, "Reviewed") == "2026-05-01"
    assert (_field(api, "Health") or "").startswith("**suspect**: depends on ADR-0001")
    logs = (built.outdir / "decisions" / "0009-json-logs.txt").read_text("utf-8")
    assert _field(logs, "Impact") is None  # nothing relies on it


def test_listings_filter_by_health_dependency_and_blast_radius(built):
    index = (built.outdir / "index.txt").read_text("utf-8")
    lists = re.findall(r"^(.*:)\n\n((?:\* .*\n\n?)+)", index, re.M)
    found = {title: re.findall(r"ADR-\d{4}", items) for title, items in lists}
    assert found == {
        "Changing ADR-0004 touches:": ["ADR-0003", "ADR-0006", "ADR-0008"],
        "Depending on ADR-0004 directly:": ["ADR-0003", "ADR-0006"],
        "Suspect:": ["ADR-0002", "ADR-0006"],
    }
    row = next(line for line in index.splitlines() if line.startswith("| *ADR-0003*"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == [
        "*ADR-0003*", "accepted", "approval", "2027-09-15", "2026-09-15", "Ana Lima",
        "*ADR-0004*", "",
    ]  # fmt: skip


def test_health_page_counts_statuses_and_lists_each_problem(built):
    page = (built.outdir / "health.txt").read_text("utf-8")
    titles = re.findall(r"^-\[ (.*) \]-$", page, re.M)
    assert titles == [
        "Reviews overdue (1)",
        "Stale proposals (1)",
        "Suspect: something they depend on changed (2)",
        "Missing approvals (1)",
        "Code to revisit (1)",
        "Accepted, traced to no code or ticket (6)",
    ]
    assert re.search(r"\| accepted\s+\| 7\s+\| 78%\s+\|", page)
    assert "superseded, still named by src/store.py:4" in page


def test_health_page_and_fields_are_the_same_in_rest_and_myst(tmp_path):
    pages = []
    for syntax in SYNTAXES:
        repo = make_health_repo(tmp_path / syntax, syntax)
        app = build(repo.srcdir, "text", freshenv=True)
        pages.append(
            [
                without_commits((app.outdir / name).read_text("utf-8"))
                for name in ("health.txt", "index.txt", "decisions/0004-queue.txt")
            ]
        )
        app.cleanup()
    assert pages[0] == pages[1]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_review_clears_suspect_and_incremental_equals_clean(tmp_path, syntax):
    repo = make_health_repo(tmp_path / "inc", syntax)
    first = build(repo.srcdir, "html", freshenv=True)
    assert ("adr.suspect", "0002-rest-api") in health_warnings(first)
    first.cleanup()
    assert main(["review", "ADR-0002", "-C", str(repo.srcdir)]) == 0
    text = repo.path("0002-rest-api").read_text("utf-8")
    assert text.count(":reviewed:") == 1 and ":reviewed: 2026-11-18" in text
    again = build(repo.srcdir, "html", freshenv=False)
    assert health_warnings(again) == [w for w in EXPECTED_WARNINGS if w[1] != "0002-rest-api"]
    clean_src = tmp_path / "clean" / repo.srcdir.name
    shutil.copytree(repo.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src, "html", freshenv=True)
    assert tree_contents(again.outdir) == tree_contents(clean.outdir)
    page = (again.outdir / "health.html").read_text("utf-8")
    assert "Suspect: something they depend on changed (1)" in page
    again.cleanup()
    clean.cleanup()


def test_a_new_commit_makes_dependants_suspect_on_an_incremental_build(tmp_path):
    repo = make_health_repo(tmp_path / "inc", "rst")
    build(repo.srcdir, "html", freshenv=True).cleanup()
    repo.write("0008-alerts", status="accepted", depends_on="ADR-0006, ADR-0005", approved_by=TWO)
    repo.commit("2026-09-20", "Erin Ezra", "ADR-0008 relies on ADR-0005")
    build(repo.srcdir, "html", freshenv=False).cleanup()
    repo.write(
        "0005-sqlite", status="deprecated", supersedes="ADR-0001", date="2026-06-01",
        approved_by=TWO,
    )  # fmt: skip
    repo.commit("2026-10-01", "Erin Ezra", "Deprecate ADR-0005")
    again = build(repo.srcdir, "html", freshenv=False)
    clean_src = tmp_path / "clean" / repo.srcdir.name
    shutil.copytree(repo.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src, "html", freshenv=True)
    assert ("adr.suspect", "0008-alerts") in health_warnings(again)
    assert tree_contents(again.outdir) == tree_contents(clean.outdir)
    again.cleanup()
    clean.cleanup()


def test_parallel_build_equals_serial_build(tmp_path):
    repo = make_health_repo(tmp_path, "myst")
    serial = build(repo.srcdir, "html", freshenv=True, builddir=tmp_path / "serial")
    parallel = build(repo.srcdir, "html", freshenv=True, builddir=tmp_path / "par", parallel=4)
    assert parallel.parallel == 4
    assert tree_contents(serial.outdir) == tree_contents(parallel.outdir)
    assert list(domain_of(serial).records(Health)) == list(domain_of(parallel).records(Health))
    assert health_warnings(parallel) == EXPECTED_WARNINGS
    serial.cleanup()
    parallel.cleanup()


def test_adrs_json_has_the_new_fields_and_the_findings(tmp_path):
    repo = make_health_repo(tmp_path, "rst")
    app = build(repo.srcdir, "html", freshenv=True)
    data = json.loads((app.outdir / "adrs.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(data)
    assert data["version"] == 4
    api = next(a for a in data["adrs"] if a["id"] == "ADR-0002")
    assert api["reviewed"] == "2026-05-01"
    assert api["approved_by"] == ["Ana Lima (2025-01-05)", "Bo Chen"]
    (health,) = api["children"]["health"]
    assert [(f["kind"], f["target"], f["date"]) for f in health["findings"]] == [
        ("suspect", "ADR-0001", "2026-06-01"),
        ("untraced", "", None),
    ]
    app.cleanup()


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_health_command_exit_codes_and_formats(tmp_path, capsys):
    src = str(make_health_repo(tmp_path, "rst").srcdir)
    code, text = run_cli(capsys, "health", "-C", src)
    assert code == 0
    assert text.splitlines()[0] == "9 decisions, 4 without problems"
    assert "  - ADR-0007: Use GraphQL \u2014 proposed since 2025-01-10" in text
    assert run_cli(capsys, "health", "-C", src, "--fail-on", "suspect")[0] == 1
    assert run_cli(capsys, "health", "-C", src, "--fail-on", "stale, approval")[0] == 1
    code, markdown = run_cli(capsys, "health", "-C", src, "--format", "markdown")
    assert code == 0 and markdown.startswith("## Decision log health\n")
    assert "| ADR\\-0003: Cache results | accepted | 1 of the 2 approvals required |  |" in markdown
    code, raw = run_cli(capsys, "health", "-C", src, "--format", "json")
    data = json.loads(raw)
    assert [(d["id"], d["health"]) for d in data["decisions"] if d["health"] != "ok"] == [
        ("ADR-0002", "suspect"),
        ("ADR-0003", "approval"),
        ("ADR-0006", "suspect"),
        ("ADR-0007", "stale"),
        ("ADR-0009", "overdue"),
    ]
    # reviewing the suspect ones and deciding the proposal: the gate opens
    assert main(["review", "ADR-0002", "ADR-6", "-C", src]) == 0
    assert main(["status", "ADR-0007", "rejected", "-C", src]) == 0
    capsys.readouterr()
    assert run_cli(capsys, "health", "-C", src, "--fail-on", "suspect,stale")[0] == 0
    assert run_cli(capsys, "health", "-C", src, "--fail-on", "overdue")[0] == 1


def test_health_command_rejects_an_unknown_kind(tmp_path, capsys):
    src = str(make_health_repo(tmp_path, "rst").srcdir)
    assert main(["health", "-C", src, "--fail-on", "overdue,late"]) == 2
    assert "--fail-on late: not a problem kind" in capsys.readouterr().err
    assert main(["review", "ADR-0099", "-C", src]) == 2


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_bad_approval_date_and_bad_settings_are_one_warning_each(tmp_path, syntax):
    repo = make_health_repo(tmp_path, syntax)
    repo.write("0003-cache", status="accepted", approved_by="Ana Lima (2026-02-30), Bo Chen")
    app = build(repo.srcdir, "text", freshenv=True, confoverrides={"adr_review_interval": "soon"})
    (date,) = adr_warnings(app, "date")
    assert date.message.startswith("ADR-0003 :approved-by: 'Ana Lima (2026-02-30)': ")
    (config,) = adr_warnings(app, "config")
    assert config.message.startswith("adr_review_interval = 'soon': must be")
    # the interval is off: no ADR is overdue, the approval counts by name
    assert adr_warnings(app, "review") == [] and adr_warnings(app, "approval") == []
    app.cleanup()


def test_reasons_are_shown_in_the_project_language(tmp_path):
    repo = make_health_repo(tmp_path, "rst")
    app = build(repo.srcdir, "text", freshenv=True, confoverrides={"language": "de"})
    # the health page's table cells wrap: its words are checked on the ADR pages
    approval = (app.outdir / "decisions" / "0003-cache.txt").read_text("utf-8")
    assert "**Genehmigung**: 1 von 2 erforderlichen Genehmigungen" in " ".join(approval.split())
    stale = (app.outdir / "decisions" / "0007-graphql.txt").read_text("utf-8")
    assert "vorgeschlagen seit 2025-01-10 (677 Tage; adr_proposed_max_age ist 90)" in (
        " ".join(stale.split())
    )
    adr = " ".join((app.outdir / "decisions" / "0002-rest-api.txt").read_text("utf-8").split())
    assert "hängt von ADR-0001 ab \u2013 wurde ersetzt (durch ADR-0005) am 2026-06-01, nach" in adr
    # warnings (and the command, adrs.json) stay English
    (suspect, _other) = sorted(w.message for w in adr_warnings(app, "suspect"))
    assert suspect.startswith("ADR-0002 is suspect: depends on ADR-0001, which became superseded")
    app.cleanup()


def test_suppressed_kinds_are_not_made_and_the_others_still_warn(tmp_path, monkeypatch):
    # a log with thousands of findings pays for each warning made, even when Sphinx
    # filters it: a suppressed kind is not made at all, the page still lists it
    from sphinxcontrib_adr.trace import health as health_module

    made: list[str] = []
    real_warn = health_module.warn

    def counting_warn(message: str, subtype: str, *args: object, **kwargs: object) -> None:
        made.append(subtype)
        real_warn(message, subtype, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(health_module, "warn", counting_warn)
    repo = make_health_repo(tmp_path, "rst")
    app = build(
        repo.srcdir,
        "text",
        freshenv=True,
        confoverrides={"suppress_warnings": ["adr.suspect", "adr.review"]},
    )
    kept = [w for w in EXPECTED_WARNINGS if w[0] not in ("adr.suspect", "adr.review")]
    assert health_warnings(app) == kept
    assert sorted(made) == sorted(kind.removeprefix("adr.") for kind, _ in kept)
    page = " ".join((app.outdir / "health.txt").read_text("utf-8").split())
    assert "0002" in page and "0009" in page  # the dashboard still shows every problem
    app.cleanup()
