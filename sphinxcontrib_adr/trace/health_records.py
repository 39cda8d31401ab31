"""The records of decisions that stay true: each ADR's :class:`Health` (derived
after reading, a child of the ADR, so it travels in the ADR's view and pages showing
it are re-written when it changes; see :mod:`.derived`) and the pages that show
health. Computed by :mod:`.health`, shown by :mod:`.health_views`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..core.locale import N_
from ..core.model import ChildRecord, PageRecord
from .derived import DerivedRecord, ShowsDerived

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..core.model import Change

#: the problems, each a ``--fail-on`` name and an ``adr.<kind>`` warning (in the
#: order the health page shows them); ``ok`` is an ADR with none of them.
#: ``confirmation`` (an accepted ADR whose confirming tests fail, from its
#: Evidence) is warned by the test results (:mod:`.evidence`), not again here
PROBLEMS = ("overdue", "stale", "suspect", "approval", "confirmation")
#: what the health page also lists, without a warning: code that still names an
#: inactive decision, accepted decisions traced to no code and no ticket
NOTES = ("revisit", "untraced")
KINDS = (*PROBLEMS, *NOTES)
#: the warning subtype of each problem
SUBTYPE = {"overdue": "review", "stale": "stale", "suspect": "suspect", "approval": "approval"}
#: the section titles of the health page and of the command's report
TITLES = {
    "overdue": N_("Reviews overdue"),
    "stale": N_("Stale proposals"),
    "suspect": N_("Suspect: something they depend on changed"),
    "approval": N_("Missing approvals"),
    "confirmation": N_("Failing confirmations"),
    "revisit": N_("Code to revisit"),
    "untraced": N_("Accepted, traced to no code or ticket"),
}
#: the kinds as a page names a problem ("overdue: ...")
KIND_WORDS = (
    N_("overdue"),
    N_("stale"),
    N_("suspect"),
    N_("approval"),
    N_("confirmation"),
    N_("revisit"),
    N_("untraced"),
)


def _as_written(message: str) -> str:
    return message


@dataclass(frozen=True, slots=True)
class Phrase:
    """Generated words that a page shows in the reader's language: ``message`` is a
    catalog message (marked ``N_``; a ``str.format`` template) and ``values`` fill
    it. A value is kept as written (an id, a date, a path, a number) unless it is a
    Phrase itself; a word such as a status is ``Phrase(status)``, translated when
    the catalog knows it."""

    message: str
    values: tuple[tuple[str, str | int | Phrase], ...] = ()

    def text(self, tr: Callable[[str], str] = _as_written) -> str:
        """The words, each message passed through ``tr`` (English as written)."""
        if not self.values:
            return tr(self.message)
        filled = {k: v.text(tr) if isinstance(v, Phrase) else v for k, v in self.values}
        return tr(self.message).format(**filled)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to look at: what (``kind``), why (``reason``, an English sentence
    for warnings, the command and adrs.json; ``phrase``, the same for pages to
    translate), when (``date``, the date the reason names) and, for a suspect
    ADR, what it relies on."""

    kind: str
    reason: str
    date: str | None = None
    target: str = ""
    phrase: Phrase | None = None

    @classmethod
    def of(cls, kind: str, phrase: Phrase, date: str | None = None, target: str = "") -> Finding:
        return cls(kind, phrase.text(), date, target, phrase)

    def shown(self, tr: Callable[[str], str]) -> str:
        """The reason in the reader's language (``tr``: the catalog's)."""
        return self.phrase.text(tr) if self.phrase is not None else self.reason


@dataclass(frozen=True, slots=True)
class Impacted:
    """An ADR that relies on another, directly or through others (``via``)."""

    id: str
    title: str
    status: str
    #: the relation it is reached through (``depends-on``, ``amends``)
    kind: str
    #: the ADR it relies on directly, when that is not the one impacted ("": direct)
    via: str = ""


@dataclass(frozen=True, slots=True)
class Health(DerivedRecord):
    """What keeps one ADR true, as of the build's day (derived: ``health``); its
    columns are ``health`` (``ok`` or the problems) and ``next-review``."""

    json_name: ClassVar[str] = "health"
    columns: ClassVar[Mapping[str, str]] = {"health": "state", "next-review": "next_review"}

    #: the latest of :reviewed:, the status date, :date: and the last commit
    last_review: str | None = None
    #: where ``last_review`` comes from (``reviewed``, ``status date``, ``date``, ``commit``)
    last_review_from: str = ""
    next_review: str | None = None
    approvals: int = 0
    required_approvals: int = 0
    #: ``(author, commit, date)`` of the commit that first made it accepted
    accepted_by: tuple[str, str, str] | None = None
    #: the ADRs relying on it, direct ones first (at most :data:`IMPACT_KEPT`)
    impacted: tuple[Impacted, ...] = ()
    impacted_total: int = 0
    #: code places traced to it (declared paths and scanned markers), tickets
    code: int = 0
    tickets: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def problems(self) -> tuple[str, ...]:
        """The problem kinds found (empty: ``ok``)."""
        return tuple(dict.fromkeys(f.kind for f in self.findings if f.kind in PROBLEMS))

    @property
    def state(self) -> str:
        """``ok``, or the problems separated by commas (the ``health`` column)."""
        return ", ".join(self.problems) or "ok"


#: how many ADRs relying on one are kept in its record (a long chain of
#: dependencies would otherwise make every record hold the whole log)
IMPACT_KEPT = 50


@dataclass(frozen=True, slots=True)
class HealthPage(ShowsDerived):
    """An ADR's own page shows its health and impact: re-written when they change
    (its document is not re-read when only another ADR or the history changed)."""

    shows: ClassVar[type[ChildRecord]] = Health


@dataclass(frozen=True, slots=True)
class HealthDashboard(PageRecord):
    """An ``adr-health`` page: every ADR's health and status may show there, so any
    change re-writes it (changes are only computed when something changed)."""

    docname: str
    lineno: int

    def affected_by(self, change: Change) -> bool:
        return True
