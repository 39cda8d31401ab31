"""The records of decisions through time: an ADR's :class:`History` (a child of
the ADR, so it travels in the ADR's view) and the pages that show histories
(re-written when one they show changes). Read by :mod:`.history`, shown by
:mod:`.history_views`.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.model import ChildRecord, PageRecord, id_key, today

if TYPE_CHECKING:
    from ..core.model import ADRView, Change


@dataclass(frozen=True, slots=True)
class Revision:
    """One committed revision of an ADR, as a history table shows it."""

    date: str
    commit: str
    author: str
    subject: str
    #: the status the ADR had in that revision ("" when the file did not hold it)
    status: str

    def __reduce__(self) -> tuple[type[Revision], tuple[str, ...]]:
        # a slotted dataclass pickles through a Python-level __getstate__, three
        # times slower; an ADR log keeps tens of thousands of revisions
        return Revision, (self.date, self.commit, self.author, self.subject, self.status)


@dataclass(frozen=True, slots=True)
class CommitRef:
    """A commit whose message names an ADR (an implementing commit)."""

    date: str
    commit: str
    author: str
    subject: str

    def __reduce__(self) -> tuple[type[CommitRef], tuple[str, ...]]:
        return CommitRef, (self.date, self.commit, self.author, self.subject)


@dataclass(frozen=True, slots=True)
class History(ChildRecord):
    """An ADR's history from git; stored with the ADR's document (a child of the
    ADR, so it travels in the ADR's view)."""

    adr: str
    docname: str
    first: str | None = None
    last: str | None = None
    contributors: tuple[str, ...] = ()
    #: ``(status, date it first appeared)``, oldest first
    statuses: tuple[tuple[str, str], ...] = ()
    #: newest first
    revisions: tuple[Revision, ...] = ()
    uncommitted: bool = False
    #: commits naming the ADR in their message (edits of its own file aside), newest first
    commits: tuple[CommitRef, ...] = ()
    #: the date the accepted status (``adr_accepted_status``) first appeared
    accepted_on: str | None = None
    #: where the history known starts when the ADR's oldest revision is a shallow
    #: clone's boundary commit (then ``first`` is unknown: ``None``)
    starts: str | None = None

    def column_value(self, column: str) -> str | int | None:
        """``accepted-on``, ``first-committed``, ``last-changed`` and ``age`` (whole
        days since the first commit, as of today or ``SOURCE_DATE_EPOCH``)."""
        if column == "accepted-on":
            return self.accepted_on
        if column == "first-committed":
            return self.first
        if column == "last-changed":
            return self.last
        if column == "age" and self.first:
            now = today(os.environ.get("SOURCE_DATE_EPOCH"))
            return (now - _dt.date.fromisoformat(self.first)).days
        return None

    def status_date(self, status: str) -> str | None:
        for name, date in self.statuses:
            if name == status:
                return date or None  # "": the date is unknown
        return None


@dataclass(frozen=True, slots=True)
class HistoryPage(PageRecord):
    """A page showing ADRs' histories (the ADR's own page, an ``adr-history``
    table): re-written when the history of one of them changes, also when its
    document is not re-read (only the repository changed)."""

    docname: str
    lineno: int
    #: ``None``: the ADRs of the page itself
    adr_id: str | None
    #: the overview of every ADR's history (``:all:``)
    all: bool = False

    def affected_by(self, change: Change) -> bool:
        if self.all:  # one row per ADR: any ADR's change may show
            return True
        for view in (change.old, change.new):
            if view is None:
                continue
            if self.adr_id is None and view.adr.docname == self.docname:
                return True
            if self.adr_id is not None and view.adr.key == id_key(self.adr_id):
                return True
        return False


def _commits_in(view: ADRView | None) -> tuple[CommitRef, ...]:
    if view is None:
        return ()
    return next((c.commits for c in view.children if isinstance(c, History)), ())


@dataclass(frozen=True, slots=True)
class CommitsPage(PageRecord):
    """An ``adr-commits`` view: re-written when an ADR's implementing commits change
    (or an ADR with some comes or goes)."""

    docname: str
    lineno: int
    #: the newest commits shown (``None``: all)
    limit: int | None = None

    def affected_by(self, change: Change) -> bool:
        old, new = _commits_in(change.old), _commits_in(change.new)
        if old != new:
            return True
        # the ADR's title or status is shown next to its commits
        return (
            bool(new)
            and change.old is not None
            and change.new is not None
            and (change.old.adr != change.new.adr)
        )
