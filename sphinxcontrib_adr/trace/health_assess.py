"""What keeps decisions true, as pure functions over one decision log: when each
ADR was last reviewed and is next due, which proposals are stale, which ADRs are
*suspect* (something they depend on became inactive or changed after their last
review: Doorstop's suspect links, from git), approvals, what relies on each ADR.

Nothing here reads files or Sphinx state: :func:`assess` takes the ADRs, their
relations and what git and the code scan said of them (:class:`Log`), and gives
one :class:`~.health_records.Health` per ADR. The build (:mod:`.health`), the
health page and ``sphinx-adr health`` all use it, so they say the same.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.locale import N_
from ..core.model import ValueProblem, id_key, parse_date
from ..listings.query import DEPENDENCY_KINDS
from .health_records import IMPACT_KEPT, Finding, Health, Impacted, Phrase

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence, Set

    from ..core.config import Settings
    from ..core.model import ADR, Link
    from .evidence_records import Evidence
    from .history_records import History
    from .validated import HealthSettings


@dataclass
class Log:
    """One decision log as :func:`assess` needs it."""

    adrs: Sequence[ADR]
    links: Iterable[Link]
    conf: Settings
    #: the ADR's history from git (``None``: none read)
    history: Callable[[ADR], History | None] = lambda _adr: None
    #: the places in code traced to the ADR: declared paths and scanned markers
    code: Callable[[ADR], Sequence[str]] = lambda adr: adr.code
    tickets: Callable[[ADR], Sequence[str]] = lambda adr: adr.tickets
    #: what the test reports said of the ADR (``None``: no report read)
    tests: Callable[[ADR], Evidence | None] = lambda _adr: None
    _by_key: dict[str, ADR] = field(default_factory=dict)
    _replacing: dict[tuple[str, str], list[str]] | None = None

    def get(self, adr_id: str) -> ADR | None:
        if not self._by_key:
            self._by_key = {a.key: a for a in self.adrs}
        return self._by_key.get(id_key(adr_id))

    def replaced_by(self, adr: ADR) -> list[str]:
        """The ids of the ADRs whose relation gives ``adr`` its status (``supersedes``
        gives ``superseded``), from one pass over the relations."""
        if self._replacing is None:
            self._replacing = {}
            for link in self.links:
                kind = self.conf.link_kind(link.kind)
                if kind is not None and kind.implied_status is not None:
                    key = (id_key(link.target), kind.implied_status)
                    self._replacing.setdefault(key, []).append(link.source)
        return self._replacing.get((adr.key, adr.status), [])


_APPROVAL_RE = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<date>[^()]*)\))?$")


def approval(written: str) -> tuple[str, str | None]:
    """``Ana Lima (2026-01-02)`` -> ``("Ana Lima", "2026-01-02")``; a date that is
    not one raises :class:`ValueProblem` (``DateProblem``)."""
    found = _APPROVAL_RE.match(written.strip())
    name = found["name"].strip() if found else written.strip()
    raw = found["date"] if found else None
    return name, None if raw is None else parse_date(raw, "approval date")


def approvals(adr: ADR) -> list[tuple[str, str | None]]:
    """The approvals of ``adr``, ``(name, date or None)``; unreadable dates as None
    (the build warns about them once)."""
    found = []
    for written in adr.approved_by:
        try:
            found.append(approval(written))
        except ValueProblem:
            found.append((written.split("(", 1)[0].strip(), None))
    return [(name, date) for name, date in found if name]


def last_review(adr: ADR, history: History | None) -> tuple[str | None, str]:
    """The latest of ``:reviewed:``, the status date, ``:date:`` and the last commit
    that changed the ADR, with where it comes from."""
    candidates = [
        (adr.reviewed, "reviewed"),
        (adr.status_date, "status date"),
        (adr.date, "date"),
        (history.last if history is not None else None, "commit"),
    ]
    known = [(date, source) for date, source in candidates if date]
    if not known:
        return None, ""
    date, source = max(known, key=lambda item: item[0])  # the first of equal dates wins
    return date, source


def _add_days(date: str, days: int) -> str:
    try:
        return (_dt.date.fromisoformat(date) + _dt.timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):  # past year 9999: never due
        return "9999-12-31"


def next_review(adr: ADR, last: str | None, hs: HealthSettings, conf: Settings) -> str | None:
    """``:review-by:`` until a review after it, else the last review plus the interval
    (accepted ADRs only); ``None``: no review due."""
    if adr.status in conf.inactive:
        return None
    if adr.review_by and not (adr.reviewed and adr.reviewed >= adr.review_by):
        return adr.review_by
    if hs.review_interval is None or adr.status != conf.accepted:
        return None
    return _add_days(last, hs.review_interval) if last else ""


def proposed_status(conf: Settings) -> str:
    """The status of a proposal: ``proposed`` if configured, else the first status."""
    return "proposed" if "proposed" in conf.statuses else conf.statuses[0]


def accepted_by(history: History | None, accepted: str) -> tuple[str, str, str] | None:
    """``(author, commit, date)`` of the oldest revision with the accepted status."""
    if history is None:
        return None
    for rev in reversed(history.revisions):  # newest first: walk from the oldest
        if rev.status == accepted and rev.author:
            return rev.author, rev.commit, rev.date
    return None


# --------------------------------------------------------------------------
# findings


def _overdue(
    adr: ADR, due: str | None, last: str | None, hs: HealthSettings, now: str
) -> list[Finding]:
    if due is None or (due and due >= now):
        return []
    if due == adr.review_by:
        reason = Phrase(N_("due for review on {date}"), (("date", due),))
    elif not due:
        days = hs.review_interval or 0
        reason = Phrase(
            N_("no review date known; adr_review_interval is {days} days"), (("days", days),)
        )
    else:
        reason = Phrase(
            N_("due for review on {date}, {days} days after its last review ({last})"),
            (("date", due), ("days", hs.review_interval or 0), ("last", last or "")),
        )
    return [Finding.of("overdue", reason, due or None)]


def proposed_since(
    adr: ADR, history: History | None, hs: HealthSettings, conf: Settings
) -> str | None:
    """The day a proposal's age counts from: the proposed status's first commit, else
    its status date, ``:date:`` or first commit (``None``: no age limit applies)."""
    proposed = proposed_status(conf)
    if hs.proposed_max_age is None or adr.status != proposed:
        return None
    in_git = history.status_date(proposed) if history is not None else None
    return in_git or adr.status_date or adr.date or (history.first if history else None)


def _stale(adr: ADR, since: str | None, hs: HealthSettings, now: str) -> list[Finding]:
    if not since or hs.proposed_max_age is None or _add_days(since, hs.proposed_max_age) >= now:
        return []
    days = (_dt.date.fromisoformat(now) - _dt.date.fromisoformat(since)).days
    reason = Phrase(
        N_("{status} since {since} ({days} days; adr_proposed_max_age is {max_age})"),
        (("status", Phrase(adr.status)), ("since", since), ("days", days),
         ("max_age", hs.proposed_max_age)),
    )  # fmt: skip
    return [Finding.of("stale", reason, since)]


def turns(due: str | None, since: str | None, hs: HealthSettings, today: str) -> str | None:
    """The first day after ``today`` on which an ADR's findings read otherwise only
    because the day moved: the day after its review falls due, the day after its
    proposal grows stale, or tomorrow once stale (the reason counts the days)."""
    days = []
    if due and due >= today:
        days.append(_add_days(due, 1))
    if since and hs.proposed_max_age is not None:
        limit = _add_days(since, hs.proposed_max_age)
        days.append(_add_days(today, 1) if limit < today else _add_days(limit, 1))
    return min(days, default=None)


def change_of(target: ADR, history: History | None, log: Log) -> tuple[Phrase | None, str | None]:
    """What happened to ``target`` last and when (``(None, None)``: nothing known)."""
    conf = log.conf
    if target.status in conf.inactive:
        date = (history.status_date(target.status) if history else None) or target.status_date
        by = _replaced_by(target, log)
        status = ("status", Phrase(target.status))
        if by:
            return Phrase(N_("became {status} (by {by})"), (status, ("by", by))), date
        return Phrase(N_("became {status}"), (status,)), date
    if history is not None and history.revisions and history.last:
        commit = history.revisions[0].commit[:7]
        return Phrase(N_("changed in {commit}"), (("commit", commit),)), history.last
    return None, None


#: how a suspect ADR's reason reads, by whether the change's date and the last
#: review are known
_SUSPECT = {
    (False, False): N_("{relation}, which {change}"),
    (True, False): N_("{relation}, which {change} on {date}"),
    (False, True): N_("{relation}, which {change}, after its last review ({last})"),
    (True, True): N_("{relation}, which {change} on {date}, after its last review ({last})"),
}


def _relation(kind: str, target: str) -> Phrase:
    if kind == "depends-on":
        return Phrase(N_("depends on {adr}"), (("adr", target),))
    if kind == "amends":
        return Phrase(N_("amends {adr}"), (("adr", target),))
    # a project's own relying kind, as its name reads
    return Phrase("{kind} {adr}", (("kind", kind.replace("-", " ")), ("adr", target)))


def _replaced_by(target: ADR, log: Log) -> str:
    return ", ".join(sorted(set(log.replaced_by(target))))


def _suspect(
    adr: ADR, last: str | None, deps: Sequence[tuple[str, ADR]], log: Log
) -> list[Finding]:
    if adr.status in log.conf.inactive:
        return []
    found = []
    for kind, target in deps:
        change, date = change_of(target, log.history(target), log)
        if change is None:
            continue
        if date is None and adr.reviewed:
            continue  # when it changed is unknown: a written review settles it
        if date is not None and last is not None and date <= last:
            continue
        values: tuple[tuple[str, str | int | Phrase], ...] = (
            ("relation", _relation(kind, target.id)),
            ("change", change),
        )
        values += (("date", date),) if date else ()
        values += (("last", last),) if last else ()
        reason = Phrase(_SUSPECT[bool(date), bool(last)], values)
        found.append(Finding.of("suspect", reason, date, target.id))
    return found


def _approval(adr: ADR, count: int, hs: HealthSettings, conf: Settings) -> list[Finding]:
    if hs.required_approvals <= count or adr.status != conf.accepted:
        return []
    reason = Phrase(
        N_("{count} of the {required} approvals required"),
        (("count", count), ("required", hs.required_approvals)),
    )
    return [Finding.of("approval", reason)]


def _confirmation(adr: ADR, evidence: Evidence | None, conf: Settings) -> list[Finding]:
    if evidence is None or evidence.confirmation != "failing" or adr.status != conf.accepted:
        return []
    failing = [t.display for t in evidence.tests if t.outcome in ("failed", "error")]
    reason = Phrase(
        N_("{count} of its {total} tests fail: {tests}"),
        (("count", len(failing)), ("total", evidence.total), ("tests", _some(failing))),
    )
    return [Finding.of("confirmation", reason)]


def _some(names: Sequence[str], shown: int = 5) -> str | Phrase:
    """The first names, and how many more."""
    listed = ", ".join(names[:shown])
    if len(names) <= shown:
        return listed
    return Phrase(
        N_("{names} and {count} more"), (("names", listed), ("count", len(names) - shown))
    )


def _notes(adr: ADR, code: Sequence[str], tickets: Sequence[str], conf: Settings) -> list[Finding]:
    if adr.status in conf.inactive and code:
        reason = Phrase(
            N_("{status}, still named by {places}"),
            (("status", Phrase(adr.status)), ("places", _some(code))),
        )
        return [Finding.of("revisit", reason, adr.status_date)]
    if adr.status == conf.accepted and not code and not tickets:
        reason = Phrase(N_("no code and no ticket is traced to it"))
        return [Finding.of("untraced", reason, adr.date)]
    return []


# --------------------------------------------------------------------------
# the whole log


#: ADR id -> ``(relation kind, ADR)`` pairs
Relying = dict[str, list[tuple[str, "ADR"]]]


def dependencies(log: Log) -> tuple[Relying, Relying]:
    """ADR id -> ``(kind, ADR relied on)``, and id -> ``(kind, ADR relying on it)``."""
    kinds = {k.name for k in log.conf.link_kinds if k.name in DEPENDENCY_KINDS}
    deps: Relying = {}
    dependants: Relying = {}
    seen: set[tuple[str, str, str]] = set()
    for link in log.links:
        if link.kind not in kinds:
            continue
        source, target = log.get(link.source), log.get(link.target)
        if source is None or target is None:
            continue
        sig = (id_key(source.id), link.kind, id_key(target.id))
        if sig[0] == sig[2] or sig in seen:
            continue  # declared on both ends
        seen.add(sig)
        # by id: the records here are one per key, and ids cost no normalisation
        deps.setdefault(source.id, []).append((link.kind, target))
        dependants.setdefault(target.id, []).append((link.kind, source))
    for found in dependants.values():
        found.sort(key=lambda item: item[1].id)  # the order impact lists them in
    return deps, dependants


def impacted(adr: ADR, dependants: Relying) -> tuple[list[Impacted], int]:
    """The ADRs relying on ``adr``, directly first, then through others (breadth
    first); at most :data:`IMPACT_KEPT` kept, and how many there are."""
    kept: list[Impacted] = []
    seen = {adr.id}  # ids, not keys: one ADR record per key here, keys cost a normalisation
    queue: deque[tuple[ADR, str]] = deque([(adr, "")])
    total = 0
    while queue:
        current, via = queue.popleft()
        for kind, other in dependants.get(current.id, ()):
            if other.id in seen:
                continue
            seen.add(other.id)
            total += 1
            through = "" if current is adr else (via or current.id)
            if len(kept) < IMPACT_KEPT:
                kept.append(Impacted(other.id, other.title, other.status, kind, through))
            queue.append((other, through))
    return kept, total


def assess(log: Log, hs: HealthSettings, now: _dt.date) -> dict[str, Health]:
    """ADR key -> its :class:`Health` as of ``now``."""
    return assess_until(log, hs, now)[0]


def assess_until(
    log: Log, hs: HealthSettings, now: _dt.date, only: Set[str] | None = None
) -> tuple[dict[str, Health], str]:
    """ADR key -> its :class:`Health` as of ``now``, and the first day on which the
    same log would give other records (``9999-12-31``: none: no date is near); of the
    ADRs whose keys are in ``only`` when it is given (the others' records stand)."""
    today = now.isoformat()
    deps, dependants = dependencies(log)
    conf = log.conf
    result: dict[str, Health] = {}
    until = "9999-12-31"
    for adr in log.adrs if only is None else (a for a in log.adrs if a.key in only):
        history = log.history(adr)
        last, source = last_review(adr, history)
        due = next_review(adr, last, hs, conf)
        since = proposed_since(adr, history, hs, conf)
        until = min(until, turns(due, since, hs, today) or until)
        code, tickets = list(log.code(adr)), list(log.tickets(adr))
        count = len(approvals(adr))
        findings = [
            *_overdue(adr, due, last, hs, today),
            *_stale(adr, since, hs, today),
            *_suspect(adr, last, deps.get(adr.id, ()), log),
            *_approval(adr, count, hs, conf),
            *_confirmation(adr, log.tests(adr), conf),
            *_notes(adr, code, tickets, conf),
        ]
        kept, total = impacted(adr, dependants)
        result[adr.key] = Health(
            adr.id, adr.docname, last, source, due or None, count, hs.required_approvals,
            accepted_by(history, conf.accepted), tuple(kept), total, len(code),
            tuple(tickets), tuple(findings),
        )  # fmt: skip
    return result, until


def affected(changed: Set[str], relations: Iterable[tuple[str, str, str]]) -> set[str]:
    """The keys of the ADRs whose records may differ when the own inputs of the ADRs
    ``changed`` did, given every relation of the last build and of this one (``(source
    key, kind, target key)``): these ADRs and those related to them either way (a
    relation added or dropped, a status one's relation implies), those relying on any
    of them (suspect links read what they rely on, and what replaced it), and
    everything those rely on, transitively (an impact list shows who relies on it,
    with their titles and statuses)."""
    relations = tuple(relations)
    near = set(changed)
    for source, _kind, target in relations:
        if source in changed or target in changed:
            near.update((source, target))
    relying_on: dict[str, set[str]] = {}
    relying: set[str] = set()
    for source, kind, target in relations:
        if kind in DEPENDENCY_KINDS:
            relying_on.setdefault(source, set()).add(target)
            if target in near:
                relying.add(source)
    near |= relying
    found, stack = set(near), list(near)
    while stack:
        for target in relying_on.get(stack.pop(), ()):
            if target not in found:
                found.add(target)
                stack.append(target)
    return found
