"""Decisions confirmed by tests: JUnit XML results shown on the ADRs they confirm.

``adr_test_results`` names JUnit XML reports (globs relative to ``conf.py``).
They are read once per build, in the main process, after every document is
read (``adr-derive-records``), through the gate of :mod:`.evidence_junit`; a
report that cannot be read, or names ADRs wrongly, is one warning as it is read. A test
case counts for an ADR when it carries an ``adr`` property (the pytest plugin
writes one per id of ``@pytest.mark.adr``) or when its name or class name
holds an ADR id (``test_adr_0007_ttl``, ``ADR0007Test``; the pattern is
``adr_test_id_pattern``). Each ADR then gets a derived :class:`Evidence` record,
like the code scan's records (:mod:`.derived`), so it is part of the ADR's view:
a report that changes what an ADR's tests say re-writes exactly the pages
showing that ADR. Failing tests of accepted ADRs and ADRs that need a test are
checked with the other cross-document checks (``adr-check-consistency``).
Without any report (a docs build that did not run the tests) ADRs show no
results and one info line says why.
"""

# Implements: ADR-0025 (test results through one bounded, hardened gate)

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..core.domain import get_domain
from ..core.model import full_id, id_key
from ..core.nodes import adr_node
from ..core.warnings import warn
from .derived import add_own_pages, record_of
from .evidence_junit import RawCase, ReportProblem, parse_report, read_bytes
from .evidence_records import (
    FAILING,
    OUTCOMES,
    CaseResult,
    ConfirmationWanted,
    Evidence,
    EvidencePage,
    make_evidence,
)
from .validated import EvidenceSettings, evidence_settings

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from docutils import nodes
    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADR

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------
# reading the reports


@dataclass
class Findings:
    """What the reports of one build say: tests by ADR key, reports read."""

    by_key: dict[str, dict[tuple[str, str, str], CaseResult]] = field(default_factory=dict)
    reports: int = 0


def report_paths(es: EvidenceSettings) -> list[Path]:
    """The files the globs match (directories left out), each once, sorted."""
    found: set[str] = set()
    for pattern in es.globs:
        # glob.glob: absolute patterns too, which Path.glob refuses
        for name in glob.glob(pattern, root_dir=es.confdir, recursive=True):  # noqa: PTH207
            path = es.confdir / name
            if not path.is_dir():
                found.add(os.path.normpath(path))
    return [Path(p) for p in sorted(found)]


def _shown_path(path: Path, confdir: Path) -> str:
    try:
        return path.relative_to(confdir).as_posix()
    except ValueError:
        return path.as_posix()


def read_reports(domain: ADRDomain, es: EvidenceSettings, paths: Sequence[Path]) -> Findings:
    """Each report through the gate; each problem one warning at the report."""
    findings = Findings()
    for path in paths:
        shown = _shown_path(path, es.confdir)
        try:
            data = read_bytes(path, es.max_bytes)
            report = parse_report(data)
        except ReportProblem as problem:
            warn(
                f"test results {shown} {problem}; its tests are not shown (fix the report, "
                "or the adr_test_results glob that selects it)",
                "confirmation",
                f"{path}:1",
            )
            continue
        findings.reports += 1
        strays = _take_cases(domain, es, report.cases, shown, findings)
        if report.cut:
            strays.append(f"more than {len(report.cases):,} test cases (the rest are not read)")
        if strays:
            _warn_strays(path, shown, strays)
    return findings


def _ids_of(es: EvidenceSettings, case: RawCase) -> dict[str, str]:
    """id key -> the id as written, from the case's properties and its names."""
    ids: dict[str, str] = {}
    for value in case.adr_values:
        for token in re.split(r"[,\s]+", value):
            if token:
                written = full_id(es.id_format, token) or token
                ids.setdefault(id_key(written), written)
    for text in (case.classname, case.name):
        for written in es.ids_in(text):
            ids.setdefault(id_key(written), written)
    return ids


def _take_cases(
    domain: ADRDomain,
    es: EvidenceSettings,
    cases: Sequence[RawCase],
    shown: str,
    findings: Findings,
) -> list[str]:
    """Add the report's cases to the ADRs they name; what they name wrongly, as text."""
    inactive = domain.settings.inactive
    unknown: dict[str, str] = {}
    stale: dict[str, str] = {}
    known: dict[str, ADR | None] = {}
    for case in cases:
        ids = _ids_of(es, case)
        if not ids:
            continue
        result = CaseResult(
            case.name, case.classname, case.file, case.line, case.outcome, case.message, shown
        )
        for key, written in ids.items():
            if key not in known:
                known[key] = domain.get(written)
            adr = known[key]
            if adr is None:
                unknown.setdefault(written, result.display)
                continue
            if adr.status in inactive:
                stale.setdefault(f"{adr.id} ({adr.status})", result.display)
            tests = findings.by_key.setdefault(adr.key, {})
            ident = (case.classname, case.name, case.file)
            kept = tests.get(ident)
            # the same test in two reports (a re-run): the worse outcome stands
            if kept is None or OUTCOMES.index(case.outcome) > OUTCOMES.index(kept.outcome):
                tests[ident] = result
    strays = []
    if unknown:
        strays.append("tests name ADRs this project does not have: " + _examples(unknown))
    if stale:
        strays.append("tests confirm decisions that no longer apply: " + _examples(stale))
    return strays


def _examples(found: Mapping[str, str], shown: int = 5) -> str:
    items = [f"{adr_id} ({test})" for adr_id, test in list(found.items())[:shown]]
    more = f" and {len(found) - shown} more" if len(found) > shown else ""
    return ", ".join(items) + more


def _warn_strays(path: Path, shown: str, strays: Sequence[str]) -> None:
    warn(
        f"test results {shown}: {'; '.join(strays)}; fix the ids in the tests (or their "
        "adr markers), or move the tests to the decision that replaced it",
        "confirmation",
        f"{path}:1",
    )


# --------------------------------------------------------------------------
# build hooks


def record_pages(app: Sphinx, doctree: nodes.document) -> None:
    domain = get_domain(app.env)
    docname = app.env.docname
    for marker in doctree.findall(adr_node):
        wanted = marker.get("confirmation")
        if wanted is not None and marker.get("adr_id"):
            record = ConfirmationWanted(str(marker["adr_id"]), wanted == "required")
            domain.add_record(docname, record)
    if evidence_settings(app.config).globs:
        add_own_pages(domain, docname, EvidencePage)


def derive_evidence(_app: Sphinx, domain: ADRDomain) -> None:
    """Read the reports (``adr-derive-records``): the derived ``evidence`` records,
    one per ADR when a report was read; none without (nothing stale is shown)."""
    es = evidence_settings(domain.env.config)
    findings = _read(domain, es) if es.globs else None
    evidence = []
    if findings is not None and findings.reports:
        for adr in domain.adrs():
            tests = findings.by_key.get(adr.key, {})
            evidence.append(make_evidence(adr, list(tests.values())))
    domain.set_derived("evidence", evidence)


def _read(domain: ADRDomain, es: EvidenceSettings) -> Findings | None:
    paths = report_paths(es)
    if not paths:
        logger.info(
            "adr tests: no test results match adr_test_results (%s), so ADRs show none "
            "(run the tests first to see them)",
            ", ".join(es.globs),
        )
        return None
    return read_reports(domain, es, paths)


def check_evidence(_app: Sphinx, domain: ADRDomain) -> None:
    """Accepted ADRs with failing tests; ADRs that need a test and have none (only
    when a report was read: without one, no ADR has an Evidence record)."""
    conf = domain.settings
    for adr in domain.adrs():
        children = domain.children(adr)
        evidence = record_of(children, Evidence)
        if evidence is None:
            continue
        failing = [t for t in evidence.tests if t.outcome in FAILING]
        if failing and adr.status == conf.accepted:
            warn(
                f"{adr.id} is accepted but {len(failing)} of its {evidence.total} tests "
                f"fail: {_failing_text(failing)}; fix the code or the tests, or revisit "
                "the decision",
                "confirmation",
                (adr.docname, adr.lineno),
            )
        if evidence.total == 0 and needs_test(domain, adr, children):
            warn(
                f"{adr.id} needs a test that confirms it and no test names it; mark one "
                f'with @pytest.mark.adr("{adr.id}") or name it after the id',
                "confirmation",
                (adr.docname, adr.lineno),
            )


def needs_test(domain: ADRDomain, adr: ADR, children: Sequence[object]) -> bool:
    """Whether ``adr`` must have a test: ``:confirmation: required`` on an active
    ADR, or ``adr_confirmation_required`` on an accepted one (unless ``optional``)."""
    conf = domain.settings
    wanted = next((c for c in children if isinstance(c, ConfirmationWanted)), None)
    if wanted is not None:
        return wanted.required and adr.status not in conf.inactive
    return evidence_settings(domain.env.config).required and adr.status == conf.accepted


def _failing_text(failing: Sequence[CaseResult], shown: int = 5) -> str:
    items = [
        f"{t.display} ({t.outcome}{': ' + t.message if t.message else ''})" for t in failing[:shown]
    ]
    more = f" and {len(failing) - shown} more" if len(failing) > shown else ""
    return "; ".join(items) + more
