"""Decisions that stay true, in the build: review cycles, stale proposals, suspect
dependants, approvals and what relies on each decision.

Once every document is read, the code scanned, the history and the test results read
(``adr-derive-records``, whose handlers run in the order the trace layer registers
them),
:func:`.health_assess.assess` gives each ADR a :class:`~.health_records.Health`
record, derived like the history's (:mod:`.derived`): it travels in the ADR's
view, so an incremental build re-writes the pages showing it when it changes (a
new commit, a dependency superseded, the day a review falls due). The consistency
check reports each problem once
(``adr.review``, ``adr.stale``, ``adr.suspect``, ``adr.approval``); failing
confirmations are warned by the test results (:mod:`.evidence`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.datakey import DataKey
from ..core.domain import get_domain
from ..core.gcpause import collector_paused
from ..core.model import ValueProblem, id_key, today
from ..core.warnings import shown, warn
from .code import CodeRef
from .derived import add_own_pages, record_of
from .evidence_records import Evidence
from .health_assess import Log, affected, approval, assess_until
from .health_inputs import inputs
from .health_records import SUBTYPE, Health, HealthPage
from .history import history_of
from .tickets import tickets_of
from .validated import health_settings

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADR


def now() -> Any:
    """Today, or ``SOURCE_DATE_EPOCH``'s day (reproducible builds, tests)."""
    return today(os.environ.get("SOURCE_DATE_EPOCH"))


def code_places(domain: ADRDomain, adr: ADR) -> list[str]:
    """The code traced to ``adr``: declared paths, then scanned markers (path:line)."""
    refs = sorted(
        (r for r in domain.children(adr) if isinstance(r, CodeRef)),
        key=lambda r: (r.path, r.lineno),
    )
    return [*adr.code, *(f"{r.path}:{r.lineno}" for r in refs)]


def domain_log(domain: ADRDomain) -> Log:
    """This project's log, with what git and the code scan said of it."""
    return Log(
        domain.adrs(),
        domain.index.links,
        domain.settings,
        history=lambda adr: history_of(domain, adr),
        code=lambda adr: code_places(domain, adr),
        tickets=lambda adr: tickets_of(domain, adr),
        tests=lambda adr: record_of(domain.children(adr), Evidence),
    )


@dataclass(frozen=True)
class _Assessed:
    """The last assessment: the digest of the inputs all ADRs share, each ADR's own
    (by key), every relation (``(source key, kind, target key)``), its day and the
    first day on which the same inputs give other records."""

    shared: str
    each: dict[str, str]
    relations: frozenset[tuple[str, str, str]]
    on: str
    until: str


_LAST: DataKey[_Assessed | None] = DataKey("health_assessed", lambda: None)


def _relations(domain: ADRDomain) -> frozenset[tuple[str, str, str]]:
    return frozenset(
        (id_key(source), kind, id_key(target))
        for source, kind, target in (link.relation for link in domain.index.links)
    )


def derive_health(_app: Sphinx, domain: ADRDomain) -> None:
    """Assess the ADRs (``adr-derive-records``): the derived ``health`` records, kept
    as they are when nothing the assessment reads changed (a rebuild after an edit of
    an ADR's text, or of a page without ADRs) and no finding turns on a day that has
    come since; when only some ADRs' own inputs changed, those and the ADRs reading
    them are assessed again (:func:`.health_assess.affected`), the others kept."""
    hs, day = health_settings(domain.env.config), now()
    (shared, each), today = inputs(domain, hs), day.isoformat()
    last = _LAST.of(domain)
    if not (  # none yet, kept in another form by an earlier version, or out of date
        isinstance(last, _Assessed)
        and "health" in domain.derived
        and last.shared == shared
        and last.on <= today < last.until
    ):
        last = None
    changed = (
        set() if last is None else {k for k in each | last.each if each.get(k) != last.each.get(k)}
    )
    if last is not None and not changed:
        return
    relations = _relations(domain)  # after the check: it builds the domain's index
    only = None if last is None else affected(changed, last.relations | relations)
    log = domain_log(domain)
    with collector_paused():  # thousands of records that all stay alive
        found, until = assess_until(log, hs, day, only)
    if only is not None and last is not None:
        found, until = _merged(domain, log, found, only), min(until, last.until)
        today = last.on  # the records kept were assessed then
    domain.set_derived("health", found.values())
    # kept with the environment, which is saved whenever the records changed
    _LAST.put(domain, _Assessed(shared, each, relations, today, until))


def _merged(
    domain: ADRDomain, log: Log, found: dict[str, Health], only: set[str]
) -> dict[str, Health]:
    """The records assessed again, and the last build's for the other ADRs, in the
    order a whole assessment gives them (the log's)."""
    kept = {
        id_key(record.adr): record
        for record in domain.derived["health"]
        if isinstance(record, Health) and id_key(record.adr) not in only
    }
    return {
        adr.key: found[adr.key] if adr.key in found else kept[adr.key]
        for adr in log.adrs
        if adr.key in found or adr.key in kept
    }


def assessed(domain: ADRDomain) -> list[tuple[ADR, Health]]:
    """This project's ADRs with their Health records, in document order."""
    found = ((adr, record_of(domain.children(adr), Health)) for adr in domain.adrs())
    return [(adr, health) for adr, health in found if health is not None]


def _fix(adr: ADR, kind: str) -> str:
    if kind == "overdue":
        more = " (or move :review-by: forward)" if adr.review_by else ""
        return f"review it and run 'sphinx-adr review {adr.id}'{more}, or change its status"
    if kind == "stale":
        return f"accept or reject it (sphinx-adr status {adr.id} accepted), or withdraw it"
    if kind == "suspect":
        return f"review {adr.id} against it and run 'sphinx-adr review {adr.id}'"
    return "add the approvers to :approved-by: (Name (YYYY-MM-DD), ...)"


def check_health(app: Sphinx, domain: ADRDomain) -> None:
    """One warning per problem kind and ADR, at the ADR's line."""
    # kinds whose subtype is suppressed are not made at all (a large log may have
    # thousands, each costing more to make and filter than to find)
    kinds = {kind for kind, subtype in SUBTYPE.items() if shown(app.config, subtype)}
    for adr in domain.adrs():
        _check_approvals(adr)
        health = record_of(domain.children(adr), Health) if kinds else None
        if health is None:
            continue
        for kind in (k for k in health.problems if k in kinds):  # the others warn already
            reasons = "; and ".join(f.reason for f in health.findings if f.kind == kind)
            warn(
                f"{adr.id} is {_WORD[kind]}: {reasons}; {_fix(adr, kind)}",
                SUBTYPE[kind],
                (adr.docname, adr.lineno),
            )


_WORD = {
    "overdue": "overdue for review",
    "stale": "a stale proposal",
    "suspect": "suspect",
    "approval": "missing approvals",
}


def _check_approvals(adr: ADR) -> None:
    for written in adr.approved_by:
        try:
            approval(written)
        except ValueProblem as problem:
            warn(
                f"{adr.id} :approved-by: {written!r}: {problem} (Name (YYYY-MM-DD))",
                "date",
                (adr.docname, adr.lineno),
            )


def record_pages(app: Sphinx, _doctree: nodes.document) -> None:
    add_own_pages(get_domain(app.env), app.env.docname, HealthPage)
