"""The health assessment is skipped on a rebuild when nothing it reads changed, and
runs again when anything it reads did (never a stale finding).

The builds use the git repository of ``health_repo`` ("today" 2026-11-18); the
digest tests change one input at a time on a small stand-in of the domain.
"""

from __future__ import annotations

import dataclasses
import shutil
from types import SimpleNamespace
from typing import Any

import pytest
from health_repo import TWO, make_health_repo
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.core.config import LinkKind
from sphinxcontrib_adr.core.model import ADR, Link
from sphinxcontrib_adr.trace import health
from sphinxcontrib_adr.trace.code import CodeRef
from sphinxcontrib_adr.trace.evidence_records import CaseResult, Evidence
from sphinxcontrib_adr.trace.health_assess import turns
from sphinxcontrib_adr.trace.health_inputs import inputs_digest
from sphinxcontrib_adr.trace.health_records import Health
from sphinxcontrib_adr.trace.history_records import History, Revision
from sphinxcontrib_adr.trace.tickets import TicketMention
from sphinxcontrib_adr.trace.validated import HealthSettings
from util import adr_warnings, domain_of, tree_contents

pytestmark = pytest.mark.adr("ADR-0027")

JUNE_2027 = "1811851200"  # 2027-06-01
MAY_1_2027 = "1809172800"  # 2027-05-01, noon
MAY_2_2027 = "1809259200"  # 2027-05-02, noon


@pytest.fixture
def assessments(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many ADRs each assessment of the build assessed (one item a run; all
    of them, or the ADRs whose inputs changed and those reading them)."""
    runs: list[int] = []
    real = health.assess_until

    def counting(log: Any, *args: Any) -> Any:
        only = args[2] if len(args) > 2 else None  # the keys of the ADRs assessed again
        runs.append(len(log.adrs) if only is None else len(only))
        return real(log, *args)

    monkeypatch.setattr(health, "assess_until", counting)
    return runs


def build(srcdir: Any, fresh: bool) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=fresh)
    app.build()
    return app


def overdue(app: SphinxTestApp) -> list[str]:
    return sorted(w.message.split(" ", 1)[0] for w in adr_warnings(app, "review"))


def test_a_rebuild_with_the_same_inputs_keeps_the_records_without_assessing(tmp_path, assessments):
    repo = make_health_repo(tmp_path / "inc", "rst")
    first = build(repo.srcdir, fresh=True)
    assert assessments == [9]
    kept = list(domain_of(first).records(Health))
    first.cleanup()
    again = build(repo.srcdir, fresh=False)  # nothing changed
    assert assessments == [9]
    assert list(domain_of(again).records(Health)) == kept
    again.cleanup()
    # an edit of an ADR's text changes nothing health reads (uncommitted: git says so)
    repo.write("0009-json-logs", body="Why, again.", status="accepted", date="2025-02-01",
               approved_by=TWO)  # fmt: skip
    edited = build(repo.srcdir, fresh=False)
    assert assessments == [9]
    assert list(domain_of(edited).records(Health)) == kept
    edited.cleanup()


def test_a_day_before_any_finding_turns_keeps_the_records(tmp_path, assessments, monkeypatch):
    repo = make_health_repo(tmp_path / "inc", "rst")
    # without a proposal age limit, the next finding turns when ADR-0002, ADR-0006
    # and ADR-0008 fall due (2027-05-01, a year after their last review)
    conf = repo.srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace("= 90", "= None"), "utf-8")
    build(repo.srcdir, fresh=True).cleanup()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MAY_1_2027)
    again = build(repo.srcdir, fresh=False)
    assert assessments == [9]
    found = domain_of(again).records(Health)
    assert [h.adr for h in found if "overdue" in h.problems] == ["ADR-0009"]
    again.cleanup()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MAY_2_2027)
    turned = build(repo.srcdir, fresh=False)
    assert assessments == [9, 9]
    assert overdue(turned) == ["ADR-0002", "ADR-0006", "ADR-0008", "ADR-0009"]
    turned.cleanup()


def test_the_day_moving_on_assesses_again_and_equals_a_clean_build(
    tmp_path, assessments, monkeypatch
):
    repo = make_health_repo(tmp_path / "inc", "rst")
    first = build(repo.srcdir, fresh=True)
    assert overdue(first) == ["ADR-0009"]
    first.cleanup()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_2027)
    again = build(repo.srcdir, fresh=False)
    assert assessments == [9, 9]
    # a year after their last review (2026-05-01), without a change to any file
    assert overdue(again) == ["ADR-0002", "ADR-0006", "ADR-0008", "ADR-0009"]
    clean_src = tmp_path / "clean" / repo.srcdir.name
    shutil.copytree(repo.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src, fresh=True)
    assert tree_contents(again.outdir) == tree_contents(clean.outdir)
    again.cleanup()
    clean.cleanup()


# --------------------------------------------------------------------------
# the digest: each input health reads changes it


def _adr(number: int, **fields: Any) -> ADR:
    adr_id = f"ADR-{number:04d}"
    base = ADR(adr_id, f"d{number}", 1, adr_id.lower(), f"Title {number}", "accepted", "accepted")
    return dataclasses.replace(base, **fields)


KINDS = (
    LinkKind("depends-on", "required-by"),
    LinkKind("supersedes", "superseded-by", "superseded"),
)


def _domain() -> SimpleNamespace:
    one, two = _adr(1, date="2025-01-01"), _adr(2, date="2025-02-01")
    two = dataclasses.replace(
        two,
        links=(
            Link("ADR-0002", "depends-on", "ADR-0001", "ADR-0002", 1),
            Link("ADR-0002", "depends-on", "ADR-0003", "ADR-0002", 1),
        ),
    )
    case = CaseResult("test_x", "", "t.py", 1, "failed", "boom", "r.xml")
    revision = Revision("2025-03-01", "a" * 40, "Ana", "Change ADR-0001", "accepted")
    return SimpleNamespace(
        settings=SimpleNamespace(
            statuses=("proposed", "accepted", "superseded"),
            inactive=frozenset({"superseded"}),
            accepted="accepted",
            link_kinds=KINDS,
        ),
        docs={
            "d1": SimpleNamespace(
                adrs=[one], children=[TicketMention("ADR-0001", "KB-1", "KB", "d1", 3)]
            ),
            "d2": SimpleNamespace(adrs=[two], children=[]),
        },
        derived={
            "code": (CodeRef("ADR-0001", "src/a.py", 4, "d1"),),
            "history": (
                History("ADR-0001", "d1", "2025-01-01", "2025-03-01", revisions=(revision,)),
            ),
            "evidence": (
                Evidence("ADR-0001", "d1", 1, failed=1, confirmation="failing", tests=(case,)),
            ),
        },
        derived_dates={},
    )


def _change_adr(domain: SimpleNamespace, where: str, **fields: Any) -> None:
    doc = domain.docs[where]
    doc.adrs = [dataclasses.replace(doc.adrs[0], **fields)]


def _replace_derived(domain: SimpleNamespace, feature: str, **fields: Any) -> None:
    domain.derived[feature] = (dataclasses.replace(domain.derived[feature][0], **fields),)


CHANGES = {
    "status": lambda d: _change_adr(d, "d1", status="superseded"),
    "status date": lambda d: _change_adr(d, "d1", status_date="2025-05-01"),
    "date": lambda d: _change_adr(d, "d1", date="2025-01-02"),
    "title": lambda d: _change_adr(d, "d1", title="Another title"),
    "reviewed": lambda d: _change_adr(d, "d2", reviewed="2026-01-01"),
    "review-by": lambda d: _change_adr(d, "d2", review_by="2027-01-01"),
    "approved-by": lambda d: _change_adr(d, "d2", approved_by=("Bo Chen",)),
    "code": lambda d: _change_adr(d, "d2", code=("src/b.py",)),
    "tickets": lambda d: _change_adr(d, "d2", tickets=("KB-2",)),
    "relation": lambda d: _change_adr(d, "d2", links=()),
    # the suspect findings follow the order the relations are written in
    "relation order": lambda d: _change_adr(d, "d2", links=d.docs["d2"].adrs[0].links[::-1]),
    "moved": lambda d: _change_adr(d, "d2", docname="elsewhere"),
    "date from git": lambda d: d.derived_dates.update({("d1", "ADR-0001"): "2024-12-01"}),
    "ticket mention": lambda d: d.docs["d1"].children.clear(),
    "scanned marker": lambda d: _replace_derived(d, "code", lineno=5),
    "a commit": lambda d: _replace_derived(
        d, "history", revisions=(Revision("2025-03-01", "b" * 40, "Bo", "Edit", "accepted"),)
    ),
    "last change": lambda d: _replace_derived(d, "history", last="2025-04-01"),
    "status history": lambda d: _replace_derived(
        d, "history", statuses=(("accepted", "2025-01-01"),)
    ),
    "tests": lambda d: _replace_derived(d, "evidence", confirmation="passing", tests=()),
    "statuses setting": lambda d: setattr(d.settings, "accepted", "proposed"),
    "relation kinds": lambda d: setattr(d.settings, "link_kinds", KINDS[:1]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_input_of_the_assessment_changes_the_digest(change):
    hs = HealthSettings(365, 90, 2)
    domain = _domain()
    before = inputs_digest(domain, hs)  # type: ignore[arg-type]
    assert inputs_digest(_domain(), hs) == before  # type: ignore[arg-type]
    CHANGES[change](domain)
    assert inputs_digest(domain, hs) != before  # type: ignore[arg-type]


def test_the_settings_change_the_digest_and_the_day_does_not():
    domain = _domain()
    before = inputs_digest(domain, HealthSettings(365, 90, 2))  # type: ignore[arg-type]
    others = (HealthSettings(30, 90, 2), HealthSettings(365, None, 2), HealthSettings(365, 90, 1))
    for other in others:
        assert inputs_digest(domain, other) != before  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("due", "since", "turns_on"),
    [
        ("2026-12-01", None, "2026-12-02"),  # overdue from the day after it falls due
        ("2026-11-18", None, "2026-11-19"),
        ("2026-11-01", None, None),  # overdue already: it stays so, the reason says no day
        ("", None, None),  # no date known: overdue whatever the day
        (None, "2026-10-01", "2026-12-31"),  # 90 days after 2026-10-01 is 2026-12-30
        (None, "2026-01-01", "2026-11-19"),  # stale: the reason counts the days
        ("2026-12-01", "2026-10-01", "2026-12-02"),
    ],
)
def test_the_first_day_a_finding_turns(due, since, turns_on):
    assert turns(due, since, HealthSettings(365, 90, 0), "2026-11-18") == turns_on


# --------------------------------------------------------------------------
# a rebuild assesses again only the ADRs that read what changed


def _clean_records(repo: Any, tmp_path: Any, name: str) -> list[Health]:
    clean_src = tmp_path / name / repo.srcdir.name
    shutil.copytree(repo.srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src, fresh=True)
    records = list(domain_of(clean).records(Health))
    clean.cleanup()
    return records


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_a_rebuild_assesses_only_what_reads_a_change_and_equals_a_clean_build(
    tmp_path, assessments, syntax
):
    repo = make_health_repo(tmp_path / "inc", syntax)
    build(repo.srcdir, fresh=True).cleanup()
    edits = [
        # ADR-0004's status: ADR-0003 and ADR-0006 rely on it, ADR-0008 through ADR-0006
        ("0004-queue", {"status": "deprecated", "date": "2026-04-01", "tickets": "KB-7",
                        "approved_by": TWO}),
        # a new dependency: ADR-0009 now relies on ADR-0007 (ADR-0007's impact grows)
        ("0009-json-logs", {"status": "accepted", "date": "2025-02-01", "approved_by": TWO,
                            "depends_on": "ADR-0007"}),
        # ... and drops it again
        ("0009-json-logs", {"status": "accepted", "date": "2025-02-01", "approved_by": TWO}),
        # ADR-0007 supersedes ADR-0006 (which ADR-0008 relies on): a relation's far end
        ("0007-graphql", {"status": "accepted", "supersedes": "ADR-0006"}),
        # a title shown in the impact lists of what ADR-0008 relies on, transitively
        ("0008-alerts", {"status": "accepted", "depends_on": "ADR-0006", "date": "2025-03-01",
                         "approved_by": "Ana Lima"}),
    ]  # fmt: skip
    assessed_again = []
    for step, (stem, options) in enumerate(edits):
        repo.write(stem, **options)
        app = build(repo.srcdir, fresh=False)
        assessed_again.append(assessments[-1])
        incremental = list(domain_of(app).records(Health))
        app.cleanup()
        assert incremental == _clean_records(repo, tmp_path, f"clean-{step}"), (stem, options)
    # ADR-0004 and what relies on it; ADR-0009 and ADR-0007 (twice); ADR-0007, ADR-0006
    # and ADR-0008 relying on it, ADR-0004 under them; ADR-0008 and what it relies on
    assert assessed_again == [4, 2, 2, 4, 3]
