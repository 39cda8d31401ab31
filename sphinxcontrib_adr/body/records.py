"""The body of a decision as data: its records and the listings' queries
(the settings are :mod:`.settings`).

Alternatives, risks, consequences, metrics and reconsideration conditions are
plain frozen records (they pickle, compare with ``==`` for incremental builds
and merge under ``-j``). Their multi-item parts (pros, cons, reasons,
mitigations, ...) are written in the directive *content* as a label followed
by a list (``Pros:`` then ``- item``), which reST and MyST both parse into the
same paragraph + list nodes; options only hold single values because MyST
drops continuation lines of options.

Inline markup inside items is kept as data: a tuple of typed segments
(:mod:`.inline`), identical from both syntaxes and turned back into nodes
wherever a table shows the item.

The directives live in :mod:`.directives` and :mod:`.outcomes`, the listings in
:mod:`.listings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.domain import Target, css_name
from ..core.model import ChildRecord, PageRecord, declared_links

if TYPE_CHECKING:
    from ..core.domain import ADRDomain
    from ..core.model import ADR, ADRView, Change
    from ..listings.query import ADRFilter
    from .inline import Inline, Item

# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class Alternative(ChildRecord):
    """An option that was considered for an ADR."""

    adr: str
    docname: str
    lineno: int
    anchor: str
    id: str
    title: str
    verdict: str
    description: Inline = ()
    pros: tuple[Item, ...] = ()
    cons: tuple[Item, ...] = ()
    reason: tuple[Item, ...] = ()
    ratings: tuple[tuple[str, str], ...] = ()
    #: the ADR was named with ``:adr:`` (checked to exist) rather than enclosing it
    explicit_adr: bool = False

    def rating(self, criterion: str) -> str | None:
        return dict(self.ratings).get(criterion)

    def target(self) -> Target:
        return Target(
            objtype="alt",
            name=self.id,
            docname=self.docname,
            anchor=self.anchor,
            text=f"{self.title} ({self.adr})",
            classes=("adr-alt-ref", f"adr-verdict-{css_name(self.verdict)}"),
            tooltip=f"{self.adr} option, {self.verdict}",
            dispname=f"{self.adr} option: {self.title}",
        )


@dataclass(frozen=True, slots=True)
class Risk(ChildRecord):
    """A risk of a decision, on the impact and likelihood scales."""

    adr: str
    docname: str
    lineno: int
    anchor: str
    id: str
    title: str
    impact: str
    likelihood: str
    status: str
    owner: str | None = None
    impact_note: str | None = None
    likelihood_note: str | None = None
    mitigation: tuple[Item, ...] = ()
    description: Inline = ()
    explicit_adr: bool = False

    def target(self) -> Target:
        return Target(
            objtype="risk",
            name=self.id,
            docname=self.docname,
            anchor=self.anchor,
            text=f"{self.title} ({self.adr})",
            classes=("adr-risk-ref", f"adr-risk-status-{css_name(self.status)}"),
            tooltip=f"{self.adr} risk: impact {self.impact}, likelihood {self.likelihood}",
            dispname=f"{self.adr} risk: {self.title}",
        )


@dataclass(frozen=True, slots=True)
class Consequence(ChildRecord):
    """One positive, negative or neutral consequence of a decision."""

    adr: str
    docname: str
    lineno: int
    anchor: str
    kind: str
    item: Item
    explicit_adr: bool = False


@dataclass(frozen=True, slots=True)
class Metric(ChildRecord):
    """One success metric of a decision (a row of its metrics table)."""

    adr: str
    docname: str
    lineno: int
    anchor: str
    name: str
    before: str | None = None
    after: str | None = None
    #: the "Target" column (not ``target``: that name marks referencable records)
    target_value: str | None = None
    status: str | None = None
    explicit_adr: bool = False


@dataclass(frozen=True, slots=True)
class Reconsideration(ChildRecord):
    """A condition under which the decision should be revisited."""

    adr: str
    docname: str
    lineno: int
    anchor: str
    item: Item
    explicit_adr: bool = False


@dataclass(frozen=True, slots=True)
class BodyDraft:
    """What a body directive parsed, left on its container (``node["adr_body"]``)
    until the read step knows the ADR it belongs to.

    The records are complete but for ``adr``, ``docname`` and ``anchor`` (and the
    ``id`` of an alternative or risk written without ``:id:``, which is derived
    from the ADR's id and the title).
    """

    #: the directive's name, for messages and the anchor of unnamed blocks
    what: str
    #: the ADR named with ``:adr:``; ``None``: the enclosing ADR
    adr: str | None
    records: tuple[ChildRecord, ...]
    line: int


# --------------------------------------------------------------------------
# listings of body records

#: listing kind -> (record class, record filters, columns it may show)
KINDS: dict[str, tuple[type[ChildRecord], tuple[str, ...], tuple[str, ...]]] = {
    "alternatives": (
        Alternative,
        ("verdict",),
        (
            "adr",
            "option",
            "verdict",
            "description",
            "pros",
            "cons",
            "pros-count",
            "cons-count",
            "reason",
        ),
    ),
    "risks": (
        Risk,
        ("impact", "likelihood", "owner", "status"),
        ("adr", "risk", "impact", "likelihood", "owner", "status", "mitigation"),
    ),
    "matrix": (Risk, ("impact", "likelihood", "owner", "status"), ()),
    "consequences": (Consequence, ("kind",), ()),
    "metrics": (Metric, ("status",), ()),
    "reconsider": (Reconsideration, (), ()),
}


@dataclass(frozen=True, slots=True)
class Listing(PageRecord):
    """One body listing on a page (a :class:`~sphinxcontrib_adr.core.model.PageRecord`)."""

    docname: str
    lineno: int
    serial: int
    kind: str
    #: id keys of the ADRs listed (empty: every ADR passing ``adr_filter``)
    adrs: tuple[str, ...]
    adr_filter: ADRFilter
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    columns: tuple[str, ...] = ()

    def keeps_adr(self, adr: ADR, domain: ADRDomain | None = None) -> bool:
        if self.adrs and adr.key not in self.adrs:
            return False
        if domain is None:
            return self.adr_filter.may_match(adr)
        return self.adr_filter.matches(adr, domain)

    def keeps(self, record: Any) -> bool:
        for name, allowed in self.filters:
            value = getattr(record, name, None)
            if name == "owner":
                value = (value or "").casefold()
            if value not in allowed:
                return False
        return True

    def record_class(self) -> type[ChildRecord]:
        return KINDS[self.kind][0]

    def rows_of(self, view: ADRView | None) -> tuple[object, ...]:
        if view is None or not self.keeps_adr(view.adr):
            return ()
        cls = self.record_class()
        return tuple(r for r in view.children if isinstance(r, cls) and self.keeps(r))

    def affected_by(self, change: Change) -> bool:
        before, after = self.rows_of(change.old), self.rows_of(change.new)
        if before != after:
            return True
        if before and change.old is not None and change.new is not None:
            # rows link to their ADR: its title, status and place are shown
            return change.old.adr != change.new.adr
        kinds = self.adr_filter.relation_kinds()
        old, new = (v.adr if v is not None else None for v in (change.old, change.new))
        return bool(kinds) and declared_links(old, kinds) != declared_links(new, kinds)


@dataclass(frozen=True, slots=True)
class ListingDraft:
    """What a body listing directive parsed, left on its placeholder
    (``node["adr_listing"]``) until the read step knows the page and the ADR
    that encloses it."""

    #: complete but for ``docname`` and ``serial``; ``adrs`` as written
    listing: Listing
    #: ``:adr-status:`` was given (else inactive ADRs are left out of page-wide lists)
    status_given: bool
