"""The records a listing selects ADRs with and leaves in the domain.

:class:`ADRFilter` (with its relation and field conditions) says which ADRs a
listing shows, :class:`SortKey` in which order, and :class:`Query` is the
page record a listing leaves in the domain: at write time it is applied to
the domain's ADRs, and on incremental builds it answers precisely whether a
change to one ADR can alter what the listing shows. All are frozen plain
data: they are pickled with the environment and compared between builds.
The options a user writes become these records in :mod:`.filters` and
:mod:`.columns`.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..core.model import ADR, Change, ChildRecord, PageRecord, declared_links, id_key, split_list

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..core.config import LinkKind

#: the relations whose source relies on its target (a change of the target may
#: make the source no longer hold): ``:impacted-by:`` follows them, and so does
#: the health check (``trace.health``)
DEPENDENCY_KINDS = ("depends-on", "amends")
#: what ``:health:`` selects: an ADR with that problem, or ``ok`` (none)
HEALTH_STATES = ("overdue", "stale", "suspect", "approval", "confirmation", "ok")


class LinkSource(Protocol):
    """What relation filters need from the domain (``ADRDomain`` provides it)."""

    def links_of(self, adr: ADR) -> list[tuple[LinkKind, bool, str]]: ...


@dataclass(frozen=True, slots=True)
class RelationCondition:
    """``relates ADR-0004``: the ADR has (or, negated, lacks) such a relation."""

    option: str  # the relation's option name (``superseded-by``)
    kind: str  # the link kind (``supersedes``)
    reverse: bool
    targets: tuple[str, ...] = ()  # id keys; empty: any ADR
    negated: bool = False

    def holds(self, adr: ADR, domain: LinkSource) -> bool:
        found = False
        for kind, reverse, other in domain.links_of(adr):
            if kind.name != self.kind or reverse != self.reverse:
                continue
            if not self.targets or id_key(other) in self.targets:
                found = True
                break
        return found != self.negated


@dataclass(frozen=True, slots=True)
class FieldCondition:
    """A condition on an ``adr_fields`` value: presence, ``=``, ``!=``, ``~``, ``<``..."""

    name: str
    type: str  # text, date, list, choice
    op: str = ""  # "" means presence (negated: absence)
    value: str = ""
    negated: bool = False
    choices: tuple[str, ...] = ()

    def holds(self, adr: ADR) -> bool:
        actual = adr.field(self.name)
        if not self.op:
            return (actual is not None and actual != ()) != self.negated
        if actual is None:
            return self.op == "!="
        items = actual if isinstance(actual, tuple) else (actual,)
        if self.op == "!=":
            return not any(self._equal(item) for item in items)
        return any(self._compare(item) for item in items)

    def _equal(self, item: str) -> bool:
        return item.casefold() == self.value.casefold()

    def _compare(self, item: str) -> bool:
        if self.op == "=":
            return self._equal(item)
        if self.op == "~":
            return self.value.casefold() in item.casefold()
        left: Any = item.casefold()
        right: Any = self.value.casefold()
        if self.type == "choice":
            order = [c.casefold() for c in self.choices]
            left, right = order.index(left) if left in order else -1, order.index(right)
        elif self.type == "date":
            left, right = item[: len(self.value)], self.value
        return bool(
            {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[
                self.op
            ]
        )


@dataclass(frozen=True, slots=True)
class ADRFilter:
    """A validated set of conditions on ADRs (all must hold). Plain data: it is
    pickled with the environment and compared between builds."""

    statuses: tuple[str, ...] = ()
    excluded_statuses: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # case-folded
    excluded_tags: tuple[str, ...] = ()
    all_tags: bool = False
    date_from: str | None = None  # a YYYY, YYYY-MM or YYYY-MM-DD prefix
    date_to: str | None = None
    deciders: tuple[str, ...] = ()  # case-folded
    docnames: tuple[str, ...] = ()  # glob patterns
    search: tuple[str, ...] = ()  # case-folded words, all must occur in id or title
    relations: tuple[RelationCondition, ...] = ()
    fields: tuple[FieldCondition, ...] = ()
    #: whose ADRs are taken (``local``, ``*``, adr_external names); empty: local only
    projects: tuple[str, ...] = ()
    #: a git revision as written: only ADRs added or changed since (:class:`ChangedSince`)
    changed_since: str | None = None
    #: what the ADR's tests say: ``failing``, ``passing``, ``none`` (empty: any)
    confirmation: tuple[str, ...] = ()
    #: the ADR's health: problems (``suspect``, ...) or ``ok`` (empty: any)
    health: tuple[str, ...] = ()
    #: id keys: ADRs declaring ``:depends-on:`` one of them
    depends_on: tuple[str, ...] = ()
    #: id keys: ADRs relying on one of them, directly or not (:data:`DEPENDENCY_KINDS`)
    impacted_by: tuple[str, ...] = ()

    @property
    def uses_relations(self) -> bool:
        return bool(self.relations or self.depends_on or self.impacted_by)

    def relation_kinds(self) -> frozenset[str]:
        kinds = {cond.kind for cond in self.relations}
        if self.depends_on:
            kinds.add("depends-on")
        if self.impacted_by:
            kinds.update(DEPENDENCY_KINDS)
        return frozenset(kinds)

    def matches_record(self, adr: ADR) -> bool:
        """The conditions that depend on the ADR's own record only."""
        if self.statuses and adr.status not in self.statuses:
            return False
        if adr.status in self.excluded_statuses:
            return False
        if self.tags or self.excluded_tags:
            tags = {t.casefold() for t in adr.tags}
            if tags & set(self.excluded_tags):
                return False
            if self.tags:
                wanted = set(self.tags)
                if self.all_tags and not wanted <= tags:
                    return False
                if not self.all_tags and not wanted & tags:
                    return False
        if self.date_from is not None or self.date_to is not None:
            if adr.date is None:
                return False
            if self.date_from is not None and adr.date[: len(self.date_from)] < self.date_from:
                return False
            if self.date_to is not None and adr.date[: len(self.date_to)] > self.date_to:
                return False
        if self.deciders and not {d.casefold() for d in adr.deciders} & set(self.deciders):
            return False
        if self.docnames and not any(fnmatch.fnmatchcase(adr.docname, p) for p in self.docnames):
            return False
        if self.search:
            haystack = f"{adr.id} {adr.title}".casefold()
            if not all(word in haystack for word in self.search):
                return False
        return all(cond.holds(adr) for cond in self.fields)

    def matches(self, adr: ADR, domain: LinkSource) -> bool:
        """Whether ``adr`` passes every condition (relations are looked up in ``domain``)."""
        if not self.matches_record(adr):
            return False
        if self.changed_since is not None and not _changed_since(adr, self.changed_since, domain):
            return False
        if self.confirmation and _confirmation(adr, domain) not in self.confirmation:
            return False
        if self.health and not _health(adr, domain) & set(self.health):
            return False
        if self.depends_on and not _relies_on(adr, self.depends_on, domain, ("depends-on",)):
            return False
        if self.impacted_by and not _relies_on(adr, self.impacted_by, domain, DEPENDENCY_KINDS):
            return False
        return all(cond.holds(adr, domain) for cond in self.relations)

    def may_match(self, adr: ADR | None) -> bool:
        """Whether ``adr`` matches or might, relations aside (for incremental builds:
        relations declared by other ADRs are not known from one ADR's record)."""
        return adr is not None and self.matches_record(adr)

    def apply(self, adrs: Iterable[ADR], domain: LinkSource) -> list[ADR]:
        return [adr for adr in adrs if self.matches(adr, domain)]


@dataclass(frozen=True, slots=True)
class ChangedSince(ChildRecord):
    """The revisions (as listings write them in ``:changed-since:``) since which an
    ADR was added or changed; given by the git changes pass (``trace.changes``)."""

    adr: str
    revisions: tuple[str, ...] = ()


def _changed_since(adr: ADR, revision: str, domain: LinkSource) -> bool:
    # the domain gives an ADR's records; a source without them (the CLI) has none
    children = getattr(domain, "children", None)
    found = children(adr) if children is not None else ()
    return any(isinstance(c, ChangedSince) and revision in c.revisions for c in found)


def _confirmation(adr: ADR, domain: LinkSource) -> str:
    # the column the test results' records answer (trace.evidence); none without them
    children = getattr(domain, "children", None)
    found = children(adr) if children is not None else ()
    value = next((v for c in found if (v := c.column_value("confirmation")) is not None), None)
    return str(value) if value is not None else "none"


def _health(adr: ADR, domain: LinkSource) -> set[str]:
    # the column the health records answer (trace.health): "ok" or the problems
    children = getattr(domain, "children", None)
    found = children(adr) if children is not None else ()
    value = next((v for c in found if (v := c.column_value("health")) is not None), None)
    return set(split_list(str(value))) if value is not None else set()


def _relies_on(adr: ADR, keys: tuple[str, ...], domain: LinkSource, kinds: tuple[str, ...]) -> bool:
    """Whether ``adr`` relies on one of ``keys`` through ``kinds``: directly, or
    (with ``get`` on the domain) through the ADRs it relies on."""
    get = getattr(domain, "get", None) if len(kinds) > 1 else None
    seen = {adr.key}
    todo = [adr]
    while todo:
        for kind, reverse, other in domain.links_of(todo.pop()):
            if reverse or kind.name not in kinds:
                continue
            key = id_key(other)
            if key in keys:
                return True
            if get is not None and key not in seen and (found := get(other)) is not None:
                seen.add(key)
                todo.append(found)
    return False


@dataclass(frozen=True, slots=True)
class SortKey:
    """One key a listing sorts by: a column, ascending or descending."""

    column: str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class Query(PageRecord):
    """One listing on a page: what it selects and what it shows of each ADR.

    Stored at read time; :meth:`affected_by` tells the incremental build
    whether a change to one ADR can alter the listing's output.
    """

    docname: str
    lineno: int
    kind: str
    filter: ADRFilter
    columns: tuple[str, ...] = ()
    sort: tuple[SortKey, ...] = ()
    #: link kinds whose relations the listing shows (columns, edges, supersessions)
    shown_relations: frozenset[str] = frozenset()

    def affected_by(self, change: Change) -> bool:
        old = change.old.adr if change.old is not None else None
        new = change.new.adr if change.new is not None else None
        # a row (or node) that appears, disappears or changes
        if self.filter.may_match(old) or self.filter.may_match(new):
            return True
        kinds = self.filter.relation_kinds() | self.shown_relations
        # relations declared by this ADR change what the other end matches and shows
        if kinds and declared_links(old, kinds) != declared_links(new, kinds):
            return True
        # relation cells link to other ADRs: their id, status and place are shown,
        # in the rows of the ADRs related to the changed one
        if not self.shown_relations or _link_face(old) == _link_face(new):
            return False
        return any(
            kind in self.shown_relations and self.filter.may_match(other)
            for kind, other in change.neighbours
        )


def _link_face(adr: ADR | None) -> tuple[str, str, str, str] | None:
    """What a link to ``adr`` shows: its id, status (tooltip, class) and target."""
    if adr is None:
        return None
    return (adr.id, adr.status, adr.docname, adr.anchor)
