"""Records a feature derives for each ADR once every document is read (what the test
reports say of it, its health, its history): how to find one among an ADR's records,
and the record of an ADR's own page that shows one.

A feature derives them in ``adr-derive-records`` and stores them all at once with
:meth:`~..core.domain.ADRDomain.set_derived` (a store of the feature's own, so no
document's records are edited). They are children of their
ADR like the ones read from its page, so they travel in the ADR's view and an
incremental build re-writes the pages listing them when they change. The ADR's own
page is not re-read when only a derived record changed (a new report, a commit, the
day a review falls due): :class:`ShowsDerived`, left by the read step on every page
with ADRs, has it re-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeVar

from ..core.model import ChildRecord, PageRecord, id_key

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADRView, Change

R = TypeVar("R")


def record_of(records: Iterable[object], cls: type[R]) -> R | None:
    """The first record of class ``cls`` among ``records`` (an ADR's children)."""
    return next((r for r in records if isinstance(r, cls)), None)


def in_view(view: ADRView | None, cls: type[R]) -> R | None:
    """The record of class ``cls`` in one side of a :class:`~..core.model.Change`."""
    return record_of(view.children, cls) if view is not None else None


@dataclass(frozen=True, slots=True)
class DerivedRecord(ChildRecord):
    """A record a feature derives for one ADR (``adr``: its id as written, in its
    document ``docname``); ``columns`` maps the listing columns (and sort keys) it
    answers to its attributes."""

    columns: ClassVar[Mapping[str, str]] = {}

    adr: str
    docname: str

    def column_value(self, column: str) -> str | int | None:
        name = self.columns.get(column)
        value: str | int | None = getattr(self, name) if name else None
        return value

    @classmethod
    def listing_columns(cls, _app: Sphinx) -> tuple[str, ...]:
        """The columns, for ``adr-listing-columns``."""
        return tuple(cls.columns)


@dataclass(frozen=True, slots=True)
class ShowsDerived(PageRecord):
    """An ADR's own page shows a record derived for it (``shows``, set by each
    subclass): the page is re-written when that record changes."""

    #: the class of the derived record the page shows
    shows: ClassVar[type[ChildRecord]] = ChildRecord

    docname: str
    adr_id: str

    def affected_by(self, change: Change) -> bool:
        key = id_key(self.adr_id)
        if not any(v is not None and v.adr.key == key for v in (change.old, change.new)):
            return False
        return in_view(change.old, self.shows) != in_view(change.new, self.shows)


def add_own_pages(domain: ADRDomain, docname: str, page: type[ShowsDerived]) -> None:
    """One ``page`` record per ADR read from ``docname`` (at ``adr-doc-read``)."""
    doc = domain.docs.get(docname)
    for adr in doc.adrs if doc else ():
        domain.add_record(docname, page(docname, adr.id))
