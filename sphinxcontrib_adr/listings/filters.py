"""The declarative filter / sort / column model shared by every ADR listing.

Listing directives (``adr-table``, ``adr-list``, ``adr-graph``,
``adr-timeline``, and the risk and alternative registers) take their
options as strings and turn them into the frozen, picklable records defined
here at read time. Every value is validated against the configuration when
the directive runs (bad values are ``adr.filter`` warnings with file and
line); nothing a user writes is ever evaluated as Python. At write time the
records are applied to the domain's ADRs, and on incremental builds they
answer precisely whether a change to one ADR can alter what they show.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..core.config import LinkKind, Settings, settings
from ..core.model import (
    ADR,
    ADR_FIELDS,
    Change,
    ChildRecord,
    PageRecord,
    ValueProblem,
    id_key,
    parse_date,
    parse_status,
    split_list,
)
from ..core.warnings import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from docutils import nodes


#: the filter options every ADR listing accepts (the values are strings)
FILTER_OPTIONS: tuple[str, ...] = (
    "status",
    "tags",
    "tags-match",
    "date",
    "deciders",
    "docname",
    "search",
    "relation",
    "field",
    "projects",
    "changed-since",
    "confirmation",
    "health",
    "depends-on",
    "impacted-by",
)

#: the relations whose source relies on its target (a change of the target may
#: make the source no longer hold): ``:impacted-by:`` follows them, and so does
#: the health check (``trace.health``)
DEPENDENCY_KINDS = ("depends-on", "amends")
#: what ``:health:`` selects: an ADR with that problem, or ``ok`` (none)
HEALTH_STATES = ("overdue", "stale", "suspect", "approval", "confirmation", "ok")


@dataclass(frozen=True)
class OptionDoc:
    """The reference entry of a listing option (the manual is generated from these)."""

    #: what the value is, in plain words (the signature shows it as written)
    value: str
    #: reST: what the option does
    help: str
    #: values as written in a directive
    examples: tuple[str, ...] = ()


#: every option of the ADR listings (filters first): the directive reference is
#: generated from this table and tests/test_manual.py checks that it is complete
OPTION_DOCS: dict[str, OptionDoc] = {
    "status": OptionDoc(
        "statuses",
        "ADRs with one of the statuses (aliases allowed); ``!status`` excludes.",
        ("accepted, proposed", "!superseded, !rejected"),
    ),
    "tags": OptionDoc(
        "tags",
        "ADRs with any of the tags (case-insensitive); ``!tag`` excludes.",
        ("security, api", "!legacy"),
    ),
    "tags-match": OptionDoc(
        "any or all", "With ``all``, an ADR must have every tag of ``:tags:``."
    ),
    "date": OptionDoc(
        "date range",
        "ADRs dated within the range (ends included, either may be left out; a year or "
        "month covers all its days). Undated ADRs do not match.",
        ("2024", "2024-03", "2024-01..2024-06", "2025..", "..2023-12-31"),
    ),
    "deciders": OptionDoc("names", "ADRs decided by one of these people (case-insensitive)."),
    "docname": OptionDoc(
        "glob patterns",
        "ADRs whose document name matches one of the patterns.",
        ("decisions/*", "team-a/**"),
    ),
    "search": OptionDoc("words", "ADRs whose id or title contains every word (case-insensitive)."),
    "relation": OptionDoc(
        "conditions",
        "ADRs having a relation of that name (any name of :confval:`adr_link_kinds`, in "
        "either direction) to any ADR (``*`` or nothing) or to one of the ids given; ``!`` "
        "before the name: ADRs without such a relation. Several conditions are separated "
        "by ``;``.",
        ("superseded-by *", "relates ADR-0004", "!supersedes"),
    ),
    "field": OptionDoc(
        "conditions",
        "Conditions on the extra fields of :confval:`adr_fields`, separated by ``;``: "
        "``NAME`` (has a value), ``!NAME`` (has none), ``NAME OP VALUE`` with ``=``, "
        "``!=``, ``~`` (contains), and ``<``, ``<=``, ``>``, ``>=`` for dates and choices "
        "(choices compare in their declared order). List fields match when one item does.",
        ("priority = high", "cost ~ weeks", "decided-on >= 2024-06", "!cost"),
    ),
    "projects": OptionDoc(
        "project names",
        "Whose ADRs are listed: ``local`` (this project's, the default), names of "
        ":confval:`adr_external` projects, or ``*`` (every project). The other filters "
        "apply to all of them alike; the ``project`` column names each ADR's project.",
        ("*", "platform, local", "platform"),
    ),
    "confirmation": OptionDoc(
        "failing, passing or none",
        "ADRs by what their tests say (:confval:`adr_test_results`): ``failing`` (a test "
        "failed or errored), ``passing`` (tests passed, none failed) or ``none`` (no test "
        "ran for it, or no results were read); several separated by commas.",
        ("failing", "passing, failing", "none"),
    ),
    "health": OptionDoc(
        "overdue, stale, suspect, approval, confirmation or ok",
        "ADRs by their health (see *Keeping decisions true*): ``overdue`` (a review is "
        "due), ``stale`` (proposed for too long), ``suspect`` (something they depend on "
        "became inactive or changed after their last review), ``approval`` (fewer "
        "approvals than required), ``confirmation`` (accepted, and a confirming test "
        "fails) or ``ok`` (none of these); several separated by commas.",
        ("suspect", "overdue, stale", "ok"),
    ),
    "depends-on": OptionDoc(
        "ids",
        "ADRs that declare ``:depends-on:`` one of these ADRs (the same as "
        "``:relation: depends-on IDS``).",
        ("ADR-0003",),
    ),
    "impacted-by": OptionDoc(
        "ids",
        "The blast radius of a change: ADRs that depend on (``:depends-on:``) or amend "
        "one of these ADRs, directly or through other ADRs that do.",
        ("ADR-0003",),
    ),
    "changed-since": OptionDoc(
        "git revision",
        "ADRs added or changed since the revision (a tag, branch or commit): their file "
        "changed between it and the working tree. Needs :confval:`adr_history`; a revision "
        "git does not know is one ``adr.history`` warning and the listing shows no ADR "
        "(see ``adr-changes`` for the whole changelog).",
        ("v1.0", "main~20", "3f2a9c1"),
    ),
    "columns": OptionDoc(
        "column names",
        "Any of ``id``, ``title``, ``status``, ``date``, ``status-date``, ``deciders``, "
        "``consulted``, ``informed``, ``tags``, ``tickets``, ``code``, ``review-by``, "
        "``docname``, ``project`` (the :confval:`adr_external` project an ADR comes "
        "from; empty for this project's), every relation name (``supersedes``, "
        "``superseded-by``, ``relates``, ...), every extra field, and the counts "
        "``alternatives`` and ``risks``. With "
        ":confval:`adr_history` (or :confval:`adr_date_from`) on, also the history columns "
        "``accepted-on`` (the date the accepted status was first committed), "
        "``first-committed``, ``last-changed`` and ``age`` (whole days since the first "
        "commit). From :confval:`adr_test_results`: ``tests`` (how many test cases name "
        "the ADR) and ``confirmation`` (``failing``, ``passing`` or ``none``). Health: "
        "``reviewed`` and ``approved-by`` (as written), ``next-review`` (the date a "
        "review falls due), ``health`` (``ok`` or the problems), and the relations "
        "``depends-on`` and ``required-by``. "
        "Default: ``id, title, status, date`` (a table), ``status, date`` (a list).",
        ("id, title, status, date", "id, title, tags, superseded-by"),
    ),
    "sort": OptionDoc(
        "sort keys",
        "Sort keys in order of precedence: any column except relations; ``-key`` or "
        "``key desc`` sorts descending. ADRs without a value come last either way. "
        "Default: by id, numbers compared as numbers.",
        ("-date, id", "priority desc, title"),
    ),
    "limit": OptionDoc("number", "Show at most this many ADRs (after sorting).", ("5",)),
    "page-size": OptionDoc(
        "number",
        "In HTML, the rows per page of a table of more than twice as many rows (default "
        ":confval:`adr_table_page_size`; ``0``: never paged). Without JavaScript, and in "
        "other builders, the whole table is shown.",
        ("50", "0"),
    ),
    "unchanged-for": OptionDoc(
        "time span",
        "Only the ADRs whose file was last changed at least that long ago (months count 30 "
        "days, years 365), as of today or ``SOURCE_DATE_EPOCH``: the decisions due for "
        "review, alongside ``:review-by:``. Needs :confval:`adr_history`; without it, or "
        "with a span that cannot be read, the listing is left out with an ``adr.filter`` "
        "warning.",
        ("90d", "12w", "6m", "1y"),
    ),
    "group-by": OptionDoc(
        "status, tag or year",
        "One table per group under a heading: statuses in lifecycle order, tags "
        "alphabetically (an ADR with two tags is in both groups), years ascending; untagged "
        "and undated ADRs come last.",
    ),
    "empty": OptionDoc(
        "text",
        "The line shown when no ADR matches (default :confval:`adr_empty_text`), instead "
        "of an empty listing.",
    ),
    "caption": OptionDoc("text", "A caption for the table or graph."),
    "order": OptionDoc(
        "oldest-first or newest-first", "The order of the timeline (default oldest-first)."
    ),
    "kinds": OptionDoc(
        "relation kinds",
        "The relation kinds drawn as edges (names of :confval:`adr_link_kinds`; default all).",
        ("supersedes", "supersedes, relates"),
    ),
    "direction": OptionDoc(
        "LR, RL, TB or BT", "The direction Graphviz lays the graph out in.", ("LR",)
    ),
    "rankdir": OptionDoc(
        "LR, TB, RL or BT",
        "Layout direction (default ``LR``: older decisions left of the ones that supersede "
        "them); the same as ``direction``.",
        ("TB",),
    ),
    "around": OptionDoc(
        "ids",
        "Only the ADRs connected to these through the relations drawn, either way: the "
        "neighbourhood of one decision in a big log.",
        ("ADR-0007",),
    ),
    "depth": OptionDoc(
        "number",
        "With ``around``: only the ADRs at most this many relations away (default: the "
        "whole connected group).",
        ("2",),
    ),
    "cluster": OptionDoc(
        "status or tag", "Draw a box around the ADRs of each status or of each first tag."
    ),
    "inactive": OptionDoc(
        "show, fade or hide",
        "What to do with ADRs whose status is in :confval:`adr_inactive_statuses`: ``fade`` "
        "draws them pale, ``hide`` leaves them and their relations out (default ``show``).",
    ),
    "isolated": OptionDoc(
        "group, list or hide",
        "What to do with the ADRs without relations: ``group`` sets them under the "
        "drawing as small boxes of their status' colour, ``list`` names them in a line of "
        "links, ``hide`` leaves them out (default ``group`` up to 12 of them, else ``list``).",
        ("list",),
    ),
}

#: the event features declare their listing columns through: ``(app) -> names``;
#: an ADR's value is the first ``column_value(name)`` its child records give
LISTING_COLUMNS_EVENT = "adr-listing-columns"

#: count columns: column name -> class name (lower-cased) of the child records counted
COUNT_COLUMNS: dict[str, str] = {"alternatives": "alternative", "risks": "risk"}

#: columns (and sort keys) that every ADR has
BASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in ADR_FIELDS)
#: columns that hold lists (sorted by their first item, shown comma-separated)
LIST_COLUMNS = frozenset(f.name for f in ADR_FIELDS if f.kind == "list")
_FIELDS = {f.name: f for f in ADR_FIELDS}
DEFAULT_COLUMNS: tuple[str, ...] = ("id", "title", "status", "date")
GROUP_BY: tuple[str, ...] = ("status", "tag", "year")

_DATE_PART_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_RELATION_RE = re.compile(r"^(?P<option>[A-Za-z][\w-]*)\s*:?\s*(?P<rest>.*)$")
_FIELD_COND_RE = re.compile(
    r"^(?P<neg>!)?\s*(?P<name>[a-z][a-z0-9_-]*)\s*(?:(?P<op>!=|<=|>=|=|~|<|>)\s*(?P<value>.*))?$"
)


class LinkSource(Protocol):
    """What relation filters need from the domain (``ADRDomain`` provides it)."""

    def links_of(self, adr: ADR) -> list[tuple[LinkKind, bool, str]]: ...


# --------------------------------------------------------------------------
# the filter records


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


#: a git revision name a directive may pass to git: no option (``-``), no space,
#: no range; ``v1.0``, ``main~3``, ``HEAD^2``, ``release/2.0``, ``@{u}``, a commit id
REVISION_RE = re.compile(r"[A-Za-z0-9_@][A-Za-z0-9._/@^~{}+-]*")


def parse_revision(text: str, what: str) -> str:
    """A revision name as written, checked (raises :class:`FilterProblem`)."""
    text = text.strip()
    if not REVISION_RE.fullmatch(text) or ".." in text:
        raise FilterProblem(
            f"{what} {text!r} is not a git revision; write a tag, branch or commit such as "
            "v1.0, main~3 or 3f2a9c1"
        )
    return text


# --------------------------------------------------------------------------
# parsing (read time)


def _strip_quotes(value: str) -> str:
    # MyST removes YAML quotes from option values, reST keeps them: strip them here
    value = " ".join(str(value).split())
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    return value


class FilterProblem(ValueProblem):
    """A filter option that cannot be used; the message says what to write."""


def _conf_and_location(location: Any, conf: Settings | None) -> tuple[Settings, Any, str]:
    """Accept a directive (its config, location and name) or an explicit ``conf``."""
    what = "filter"
    if hasattr(location, "get_location") and hasattr(location, "config"):
        if conf is None:
            conf = settings(location.config)
        what = str(getattr(location, "name", what))
        location = location.get_location()
    if conf is None:  # a programming error: callers pass a directive or settings
        raise TypeError("parse_filter needs a directive as location, or conf=Settings")
    return conf, location, what


@dataclass(frozen=True)
class FilterRefused:
    """Why the filter options cannot be used: one message per unusable option
    (each names the directive or command, ``adr-table: ...``)."""

    problems: tuple[str, ...]


def check_filter(options: dict[str, str], conf: Settings, what: str) -> ADRFilter | FilterRefused:
    """The filter the options among ``options`` describe (see :data:`FILTER_OPTIONS`),
    or why it cannot be used. Reports nothing: a directive warns
    (:func:`parse_filter`), the command line prints an error."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for option in FILTER_OPTIONS:
        raw = options.get(option)
        if raw is None:
            continue
        value = _strip_quotes(raw)
        try:
            if not value:
                raise FilterProblem(f"option ':{option}:' is empty; give it a value or remove it")
            values.update(_PARSERS[option](value, conf))
        except ValueProblem as problem:
            problems.append(f"{what}: {problem}")
    if "all_tags" in values and "tags" not in values:
        problems.append(f"{what}: ':tags-match:' needs ':tags:' to apply to")
    return FilterRefused(tuple(problems)) if problems else ADRFilter(**values)


def parse_filter(
    options: dict[str, str],
    location: Any,
    conf: Settings | None = None,
    what: str | None = None,
) -> ADRFilter | None:
    """Validate the filter options among ``options`` (see :func:`check_filter`).

    ``location`` is the directive (``self``) or, with ``conf`` given, a node or
    ``(docname, lineno)``. Each unusable option is reported as an
    ``adr.filter`` warning at ``location``; then ``None`` is returned so the
    caller shows nothing rather than a silently widened list.
    """
    conf, where, name = _conf_and_location(location, conf)
    found = check_filter(options, conf, what or name)
    if isinstance(found, ADRFilter):
        return found
    for message in found.problems:
        warn(message, "filter", where)
    return None


def _parse_status(value: str, conf: Settings) -> dict[str, Any]:
    included: list[str] = []
    excluded: list[str] = []
    for item in split_list(value):
        negated = item.startswith("!")
        word = item[1:].strip() if negated else item
        try:
            status, _date = parse_status(word, conf.statuses, conf.aliases)
        except ValueProblem:
            raise FilterProblem(
                f":status: {word!r} is not a status; write one or several of "
                f"{', '.join(conf.statuses)} separated by commas, '!' before a status "
                "to exclude it (':status: !superseded')"
            ) from None
        (excluded if negated else included).append(status)
    return {"statuses": tuple(included), "excluded_statuses": tuple(excluded)}


def _parse_tags(value: str, _conf: Settings) -> dict[str, Any]:
    included = [t.casefold() for t in split_list(value) if not t.startswith("!")]
    excluded = [t[1:].strip().casefold() for t in split_list(value) if t.startswith("!")]
    if "" in excluded:
        raise FilterProblem(":tags: '!' must be followed by a tag (':tags: !legacy')")
    return {"tags": tuple(included), "excluded_tags": tuple(excluded)}


def _parse_tags_match(value: str, _conf: Settings) -> dict[str, Any]:
    mode = value.casefold()
    if mode not in ("any", "all"):
        raise FilterProblem(
            f":tags-match: {value!r} is not a mode; write 'any' (an ADR with one of the "
            "tags matches, the default) or 'all' (it must have every tag)"
        )
    return {"all_tags": mode == "all"}


def _date_bound(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not _DATE_PART_RE.match(text):
        raise FilterProblem(
            f":date: {text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, or a range "
            "FROM..TO where either end may be left out ('2024-01..2024-06', '2025..')"
        )
    if len(text) == 10:
        parse_date(text, "date bound")
    elif len(text) == 7 and not 1 <= int(text[5:]) <= 12:
        raise FilterProblem(f":date: {text!r} has no month {text[5:]}; write YYYY-MM")
    return text


def _parse_date(value: str, _conf: Settings) -> dict[str, Any]:
    if ".." in value:
        start, _, end = value.partition("..")
        date_from, date_to = _date_bound(start), _date_bound(end)
        if date_from is None and date_to is None:
            raise FilterProblem(":date: '..' needs at least one end ('2024..', '..2024-06')")
        if date_from and date_to and date_from > date_to:
            raise FilterProblem(f":date: the range {value!r} ends before it starts")
        return {"date_from": date_from, "date_to": date_to}
    bound = _date_bound(value)
    return {"date_from": bound, "date_to": bound}


def _parse_deciders(value: str, _conf: Settings) -> dict[str, Any]:
    return {"deciders": tuple(d.casefold() for d in split_list(value))}


def _parse_docname(value: str, _conf: Settings) -> dict[str, Any]:
    patterns = tuple(p.strip().removesuffix(".rst").removesuffix(".md") for p in split_list(value))
    return {"docnames": patterns}


def _parse_search(value: str, _conf: Settings) -> dict[str, Any]:
    return {"search": tuple(word.casefold() for word in value.split())}


def _parse_projects(value: str, _conf: Settings) -> dict[str, Any]:
    # the names are checked when the listing is written, against the logs read
    names = tuple(dict.fromkeys(split_list(value)))
    if not names:
        raise FilterProblem(":projects: names no project ('*', 'local', 'platform')")
    return {"projects": names}


def _parse_relation(value: str, conf: Settings) -> dict[str, Any]:
    conditions: list[RelationCondition] = []
    names = ", ".join(conf.link_options)
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        negated = part.startswith("!")
        part = part[1:].strip() if negated else part
        match = _RELATION_RE.match(part)
        option = match["option"].casefold() if match else part
        rest = match["rest"] if match else ""
        if option not in conf.link_options:
            raise FilterProblem(
                f":relation: {option!r} is not a relation; write one of {names} followed "
                "by ids or '*' ('superseded-by *', 'relates ADR-0004'; '!' before it for "
                "ADRs without such a relation), several separated by ';'"
            )
        kind, reverse = conf.link_options[option]
        targets = split_list(rest.replace(" ", ","))
        if targets in ((), ("*",), ("any",)):
            keys: tuple[str, ...] = ()
        else:
            if "*" in targets:
                raise FilterProblem(f":relation: write either '*' or ids after {option!r}")
            keys = tuple(id_key(t) for t in targets)
        conditions.append(RelationCondition(option, kind.name, reverse, keys, negated))
    if not conditions:
        raise FilterProblem(":relation: names no relation ('superseded-by *')")
    return {"relations": tuple(conditions)}


def _parse_field(value: str, conf: Settings) -> dict[str, Any]:
    specs = {spec.name: spec for spec in conf.fields}
    declared = ", ".join(specs) or "none declared in adr_fields"
    conditions: list[FieldCondition] = []
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        match = _FIELD_COND_RE.match(part)
        if match is None:
            raise FilterProblem(
                f":field: {part!r} is not a condition; write NAME, !NAME, or NAME OP VALUE "
                "with OP one of = != ~ < <= > >= ('priority = high; cost ~ weeks'), "
                "separated by ';'"
            )
        name, op, cond_value = match["name"], match["op"] or "", (match["value"] or "").strip()
        spec = specs.get(name)
        if spec is None:
            raise FilterProblem(f":field: {name!r} is not an extra field ({declared})")
        if match["neg"] and op:
            raise FilterProblem(f":field: write '{name} != VALUE' instead of '!{part[1:]}'")
        if op and not cond_value:
            raise FilterProblem(f":field: {part!r} has no value after {op!r}")
        if op in ("<", "<=", ">", ">=") and spec.type in ("text", "list"):
            raise FilterProblem(
                f":field: {name!r} is a {spec.type} field; compare it with = != or ~"
            )
        if spec.type == "choice" and op in ("=", "!=", "<", "<=", ">", ">="):
            folded = [c.casefold() for c in spec.choices]
            if cond_value.casefold() not in folded:
                raise FilterProblem(
                    f":field: {cond_value!r} is not a value of {name!r}; write one of "
                    + ", ".join(spec.choices)
                )
        if spec.type == "date" and op in ("<", "<=", ">", ">=", "=", "!="):
            _date_bound(cond_value)
        conditions.append(
            FieldCondition(name, spec.type, op, cond_value, bool(match["neg"]), spec.choices)
        )
    if not conditions:
        raise FilterProblem(":field: names no condition ('priority = high')")
    return {"fields": tuple(conditions)}


def _parse_changed_since(value: str, _conf: Settings) -> dict[str, Any]:
    return {"changed_since": parse_revision(value, ":changed-since:")}


_CONFIRMATIONS = ("failing", "passing", "none")


def _parse_confirmation(value: str, _conf: Settings) -> dict[str, Any]:
    states = tuple(dict.fromkeys(v.casefold() for v in split_list(value)))
    wrong = [v for v in states if v not in _CONFIRMATIONS]
    if wrong or not states:
        raise FilterProblem(
            f":confirmation: {', '.join(wrong) or value!r} is not what tests can say; write "
            "failing, passing or none (several separated by commas)"
        )
    return {"confirmation": states}


def _parse_health(value: str, _conf: Settings) -> dict[str, Any]:
    states = tuple(dict.fromkeys(v.casefold() for v in split_list(value)))
    wrong = [v for v in states if v not in HEALTH_STATES]
    if wrong or not states:
        raise FilterProblem(
            f":health: {', '.join(wrong) or value!r} is not a health state; write "
            f"{', '.join(HEALTH_STATES)} (several separated by commas)"
        )
    return {"health": states}


def _ids(option: str, value: str, conf: Settings, kinds: tuple[str, ...]) -> tuple[str, ...]:
    missing = [k for k in kinds if conf.link_kind(k) is None]
    if missing:
        raise FilterProblem(
            f":{option}: needs the relation {missing[0]!r} in adr_link_kinds, which does "
            "not have it"
        )
    ids = split_list(value.replace(" ", ","))
    if not ids or "*" in ids:
        raise FilterProblem(f":{option}: write the ids of ADRs (':{option}: ADR-0003')")
    return tuple(id_key(i) for i in ids)


def _parse_depends_on(value: str, conf: Settings) -> dict[str, Any]:
    return {"depends_on": _ids("depends-on", value, conf, ("depends-on",))}


def _parse_impacted_by(value: str, conf: Settings) -> dict[str, Any]:
    kinds = tuple(k for k in DEPENDENCY_KINDS if conf.link_kind(k) is not None)
    return {"impacted_by": _ids("impacted-by", value, conf, kinds or DEPENDENCY_KINDS)}


_PARSERS: dict[str, Any] = {
    "status": _parse_status,
    "tags": _parse_tags,
    "tags-match": _parse_tags_match,
    "date": _parse_date,
    "deciders": _parse_deciders,
    "docname": _parse_docname,
    "search": _parse_search,
    "relation": _parse_relation,
    "field": _parse_field,
    "projects": _parse_projects,
    "changed-since": _parse_changed_since,
    "confirmation": _parse_confirmation,
    "health": _parse_health,
    "depends-on": _parse_depends_on,
    "impacted-by": _parse_impacted_by,
}


# --------------------------------------------------------------------------
# columns and sort keys


def known_columns(conf: Settings, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Every column (and sort key) name: built-ins, relations, extra fields, counts,
    and ``extra`` (the columns features declare)."""
    return (
        BASE_COLUMNS
        + tuple(conf.link_options)
        + tuple(spec.name for spec in conf.fields)
        + tuple(COUNT_COLUMNS)
        + tuple(extra)
    )


def is_relation_column(name: str, conf: Settings) -> bool:
    return name in conf.link_options


@dataclass(frozen=True, slots=True)
class SortKey:
    column: str
    descending: bool = False


def parse_columns(value: str | None, conf: Settings, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """``:columns: id, title, status, risks`` (raises :class:`FilterProblem`)."""
    if value is None:
        return DEFAULT_COLUMNS
    columns = tuple(c.casefold() for c in split_list(_strip_quotes(value)))
    if not columns:
        raise FilterProblem("option ':columns:' is empty; list columns or remove it")
    known = known_columns(conf, extra)
    for column in columns:
        if column not in known:
            raise FilterProblem(
                f":columns: {column!r} is not a column; write some of {', '.join(known)}"
            )
    return columns


def parse_sort(value: str | None, conf: Settings, extra: Sequence[str] = ()) -> tuple[SortKey, ...]:
    """``:sort: -date, id`` or ``:sort: date desc, id`` (raises :class:`FilterProblem`)."""
    if value is None:
        return ()
    keys: list[SortKey] = []
    known = [c for c in known_columns(conf, extra) if not is_relation_column(c, conf)]
    for item in split_list(_strip_quotes(value)):
        words = item.split()
        descending = False
        if len(words) == 2 and words[1].casefold() in ("asc", "desc"):
            descending = words[1].casefold() == "desc"
            name = words[0]
        elif len(words) == 1:
            name = words[0]
            if name[0] in "+-":
                descending, name = name[0] == "-", name[1:]
        else:
            name = ""
        name = name.casefold()
        if name not in known:
            raise FilterProblem(
                f":sort: {item!r} is not a sort key; write keys among {', '.join(known)}, "
                "each optionally prefixed by '-' or followed by 'desc' for descending"
            )
        keys.append(SortKey(name, descending))
    if not keys:
        raise FilterProblem("option ':sort:' is empty; give keys ('-date, id') or remove it")
    return tuple(keys)


def parse_limit(value: str | None) -> int | None:
    if value is None:
        return None
    text = _strip_quotes(value)
    if not text.isdigit() or int(text) < 1:
        raise FilterProblem(f":limit: {text!r} is not a positive whole number")
    return int(text)


def parse_group_by(value: str | None) -> str | None:
    if value is None:
        return None
    text = _strip_quotes(value).casefold()
    if text not in GROUP_BY:
        raise FilterProblem(
            f":group-by: {text!r} is not a grouping; write one of " + ", ".join(GROUP_BY)
        )
    return text


def child_counts(children: Iterable[object]) -> dict[str, int]:
    """Children of an ADR counted by (lower-cased) class name."""
    counts: dict[str, int] = {}
    for child in children:
        name = type(child).__name__.casefold()
        counts[name] = counts.get(name, 0) + 1
    return counts


def relation_values(
    column: str, conf: Settings, relations: Iterable[tuple[LinkKind, bool, str]]
) -> tuple[str, ...]:
    """The ids a relation column (``supersedes``, ``superseded-by``, ...) shows,
    given an ADR's ``(kind, reverse, other)`` relations."""
    kind, reverse = conf.link_options[column]
    return tuple(sorted({other for k, rev, other in relations if k == kind and rev == reverse}))


def scalar_value(
    adr: ADR,
    column: str,
    counts: dict[str, int] | None = None,
    children: Iterable[ChildRecord] = (),
) -> str | int | tuple[str, ...] | None:
    """The plain value of a non-relation column (``None``: no value); ``children``
    (the ADR's child records) answer the columns features declare."""
    if column in COUNT_COLUMNS:
        return (counts or {}).get(COUNT_COLUMNS[column], 0)
    spec = _FIELDS.get(column)
    if spec is None:
        written = adr.field(column)
        if written is not None:
            return written
        return next((v for c in children if (v := c.column_value(column)) is not None), None)
    value: str | tuple[str, ...] | None = getattr(adr, spec.attr)
    return value or None


def sort_adrs(
    adrs: Sequence[ADR],
    keys: Sequence[SortKey],
    conf: Settings,
    counts: dict[str, dict[str, int]] | None = None,
    children: Callable[[ADR], Iterable[ChildRecord]] | None = None,
) -> list[ADR]:
    """Stable multi-key sort; ADRs lacking a value come last either way.

    With no keys, ADRs are ordered by id (numbers inside ids compare as numbers).
    """
    result = sorted(adrs, key=lambda a: natural_key(a.id))
    choices = {spec.name: spec.choices for spec in conf.fields if spec.type == "choice"}
    for key in reversed(keys):

        def value(adr: ADR, column: str = key.column) -> Any:
            kids = children(adr) if children is not None and column not in _FIELDS else ()
            raw = scalar_value(adr, column, (counts or {}).get(adr.key), kids)
            if raw is None:
                return None
            if column == "status":
                return conf.status_rank(str(raw))
            if column in choices and isinstance(raw, str):
                folded = [c.casefold() for c in choices[column]]
                return folded.index(raw.casefold()) if raw.casefold() in folded else len(folded)
            if isinstance(raw, tuple):
                raw = raw[0] if raw else ""
            if column == "id":
                return natural_key(str(raw))
            return raw.casefold() if isinstance(raw, str) else raw

        present = [a for a in result if value(a) is not None]
        missing = [a for a in result if value(a) is None]
        present.sort(key=value, reverse=key.descending)
        result = present + missing
    return result


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``ADR-9`` before ``ADR-10``: digit runs compare as numbers."""
    parts = re.split(r"(\d+)", text.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def group_keys(adr: ADR, group_by: str) -> list[str]:
    """The group(s) an ADR belongs to (an ADR with two tags is in both groups)."""
    if group_by == "status":
        return [adr.status]
    if group_by == "tag":
        # tags match case-insensitively in filters, so "Backend" and "backend" group together
        return list(dict.fromkeys(tag.casefold() for tag in adr.tags)) or [""]
    return [adr.date[:4] if adr.date else ""]


def warn_problem(problem: ValueProblem, what: str, location: nodes.Node | str | Any) -> None:
    warn(f"{what}: {problem}", "filter", location)


# --------------------------------------------------------------------------
# the record a listing leaves in the domain (incremental builds ask it)


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
        if kinds and _declared_links(old, kinds) != _declared_links(new, kinds):
            return True
        # relation cells link to other ADRs: their id, status and place are shown,
        # in the rows of the ADRs related to the changed one
        if not self.shown_relations or _link_face(old) == _link_face(new):
            return False
        return any(
            kind in self.shown_relations and self.filter.may_match(other)
            for kind, other in change.neighbours
        )


def _declared_links(adr: ADR | None, kinds: frozenset[str]) -> frozenset[tuple[str, str, str]]:
    if adr is None:
        return frozenset()
    return frozenset((lk.source, lk.kind, lk.target) for lk in adr.links if lk.kind in kinds)


def _link_face(adr: ADR | None) -> tuple[str, str, str, str] | None:
    """What a link to ``adr`` shows: its id, status (tooltip, class) and target."""
    if adr is None:
        return None
    return (adr.id, adr.status, adr.docname, adr.anchor)
