"""Plain, picklable records and the parsing of option values.

Nothing here imports docutils or Sphinx: records are frozen dataclasses of
plain values so that they pickle cheaply, compare structurally (the
incremental-build logic relies on ``==``) and merge trivially under ``-j``.
"""

# Implements: ADR-0005 (a relation is stored once, in its forward direction)

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .locale import N_

if TYPE_CHECKING:
    from collections.abc import Container, Mapping, Sequence


class ValueProblem(ValueError):
    """A user-supplied value could not be parsed; the message says how to fix it."""


class DateProblem(ValueProblem):
    """A date (alone, or the one in ``accepted (2021-03-04)``) is not a real date."""


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class Link:
    """A relation, always stored in its forward direction (``source kind target``).

    ``declared_in`` is the id of the ADR whose options declared it: a link
    written as ``:superseded-by: ADR-0007`` on ADR-0003 is stored as
    ``ADR-0007 supersedes ADR-0003`` declared in ADR-0003.
    """

    source: str
    kind: str
    target: str
    declared_in: str
    lineno: int
    #: the other end as written when it was a bare number (``:supersedes: 2``, stored
    #: as ADR-0002 through ``adr_id_format``); empty when written in full
    written: str = ""
    #: the other end was written as a document path (sphinx-adr's way): read, it is the
    #: path; the domain's index resolves it to the ADR that document holds
    by_path: bool = False

    @property
    def relation(self) -> tuple[str, str, str]:
        """``(source, kind, target)``: what the link says, not where it was written."""
        return (self.source, self.kind, self.target)


@dataclass(frozen=True, slots=True)
class ADRField:
    """One built-in field of an ADR, as every part of the extension names it."""

    #: directive option, listing column, sort key and CLI name (``review-by``)
    name: str
    #: attribute of :class:`ADR` (``review_by``)
    attr: str
    #: ``text``, ``date`` or ``list`` (a tuple of strings)
    kind: str
    #: column header (``Review by``)
    label: str
    #: written as an option of the ``adr`` directive (else derived: title, docname)
    option: bool = True


#: THE field table: the directive's options, the columns and sort keys of
#: listings and ``sphinx-adr list``, and the JSON export all come from it
ADR_FIELDS: tuple[ADRField, ...] = (
    ADRField("id", "id", "text", N_("ID")),
    ADRField("title", "title", "text", N_("Title"), option=False),
    ADRField("status", "status", "text", N_("Status")),
    ADRField("date", "date", "date", N_("Date")),
    ADRField("status-date", "status_date", "date", N_("Status date"), option=False),
    ADRField("deciders", "deciders", "list", N_("Deciders")),
    ADRField("consulted", "consulted", "list", N_("Consulted")),
    ADRField("informed", "informed", "list", N_("Informed")),
    ADRField("tags", "tags", "list", N_("Tags")),
    ADRField("tickets", "tickets", "list", N_("Tickets")),
    ADRField("code", "code", "list", N_("Code")),
    ADRField("review-by", "review_by", "date", N_("Review by")),
    ADRField("reviewed", "reviewed", "date", N_("Reviewed")),
    ADRField("approved-by", "approved_by", "list", N_("Approved by")),
    ADRField("docname", "docname", "text", N_("Document"), option=False),
)
#: the fields whose values come from parsed directive options, by ADR attribute
OPTION_ATTRS: tuple[str, ...] = tuple(
    f.attr for f in ADR_FIELDS if f.option and f.name not in ("id", "status")
)


@dataclass(frozen=True, slots=True)
class WrittenRelation:
    """A relation as written in an ``adr`` directive's options, before the ADR's
    id is known (``:superseded-by: ADR-0007`` is ``reverse``)."""

    kind: str
    other: str
    reverse: bool
    #: the other end as written when it was a bare number (``:supersedes: 2``)
    written: str = ""
    #: ``other`` is a document path (sphinx-adr), resolved once every document is read
    by_path: bool = False

    def link(self, adr_id: str, lineno: int) -> Link:
        """The relation stored in its forward direction, declared in ``adr_id``."""
        if self.reverse:
            return Link(self.other, self.kind, adr_id, adr_id, lineno, self.written, self.by_path)
        return Link(adr_id, self.kind, self.other, adr_id, lineno, self.written, self.by_path)


@dataclass(frozen=True, slots=True)
class ADROptions:
    """The validated options of one ``adr`` directive: what the read step (from
    the placeholder node), the CLI and the git history build an ADR from."""

    status: str
    status_raw: str = ""
    id: str | None = None
    status_date: str | None = None
    date: str | None = None
    review_by: str | None = None
    #: the last review (``:reviewed:``) and the approvals (``Ana Lima (2026-01-02)``)
    reviewed: str | None = None
    approved_by: tuple[str, ...] = ()
    deciders: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    tickets: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    relations: tuple[WrittenRelation, ...] = ()
    fields: tuple[tuple[str, str | tuple[str, ...]], ...] = ()

    def option_values(self) -> dict[str, Any]:
        """ADR constructor arguments for the fields written as options (from the
        field table, so a new field cannot be forgotten here)."""
        values = {attr: getattr(self, attr) for attr in OPTION_ATTRS}
        values.update(status=self.status, status_raw=self.status_raw)
        values.update(status_date=self.status_date, fields=self.fields)
        return values


@dataclass(frozen=True, slots=True)
class ADR:
    """One Architecture Decision Record as read from a document."""

    id: str
    docname: str
    lineno: int
    anchor: str
    title: str
    status: str
    status_raw: str
    status_date: str | None = None
    date: str | None = None
    deciders: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tickets: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    review_by: str | None = None
    reviewed: str | None = None
    approved_by: tuple[str, ...] = ()
    fields: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    #: True for the compact form (``.. adr:: Title`` with the body as content)
    compact: bool = False
    #: True when the id is the one the file name gives (``0007-x.rst`` -> ADR-0007):
    #: such an ADR keeps its id against a page elsewhere claiming it with ``:id:``
    named_by_file: bool = False
    #: the title as the source writes it, when a translated build (Sphinx's gettext
    #: workflow) shows ``title`` in the reader's language; empty otherwise
    source_title: str = ""

    @property
    def key(self) -> str:
        return id_key(self.id)

    def field(self, name: str) -> str | tuple[str, ...] | None:
        for fname, value in self.fields:
            if fname == name:
                return value
        return None


def declared_links(
    adr: ADR | None, kinds: Container[str] | None = None
) -> frozenset[tuple[str, str, str]]:
    """The relations ``adr`` declares as ``(source, kind, target)`` (only ``kinds``,
    when given): a listing that selects or shows relations compares them before and
    after a change to know whether its page must be written again."""
    if adr is None:
        return frozenset()
    return frozenset(lk.relation for lk in adr.links if kinds is None or lk.kind in kinds)


@dataclass(frozen=True, slots=True)
class Change:
    """The before/after view of one ADR between two builds (``None``: absent)."""

    old: ADRView | None
    new: ADRView | None
    #: ``(kind, ADR)`` for every ADR related to this one before or after the change
    #: (either direction): listings showing relation cells of those ADRs show this one
    neighbours: tuple[tuple[str, ADR], ...] = ()

    def affected_keys(self) -> set[str]:
        keys: set[str] = set()
        for view in (self.old, self.new):
            if view is not None:
                keys.add(view.adr.key)
                keys.update(id_key(k) for k in view.child_ids)
        return keys


@dataclass(frozen=True, slots=True)
class ADRView:
    """Everything another page may show about one ADR: the ADR and its children."""

    adr: ADR
    children: tuple[object, ...] = ()
    #: ids of referencable children (alternatives, risks) so references to them re-render
    child_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """Something a reference can point at (an ADR, an alternative, a risk)."""

    objtype: str
    name: str
    docname: str
    anchor: str
    text: str
    classes: tuple[str, ...] = ()
    tooltip: str = ""
    dispname: str = ""
    priority: int = 1
    #: an absolute (or output-relative) link: the target lives on another site
    uri: str = ""


class ChildRecord:
    """Base of the records that belong to one ADR (alternatives, risks,
    consequences, metrics, code and ticket mentions, ...).

    They travel with their ADR in its :class:`ADRView`, so a page showing them
    is re-written when they change. Subclasses are frozen dataclasses with an
    ``adr`` field (the id as written).
    """

    __slots__ = ()
    adr: str

    def target(self) -> Target | None:
        """Where references to this record go (``None``: not referencable)."""
        return None

    def column_value(self, column: str) -> str | int | None:
        """What this record gives its ADR in a listing column that a feature declares
        through ``adr-listing-columns`` (``None``: none)."""
        return None


class PageRecord:
    """Base of the records a page keeps about what it shows of other pages
    (listing queries, trace views, ...): the page is re-written when one of
    them says it is :meth:`affected_by` a change."""

    __slots__ = ()
    docname: str

    def affected_by(self, change: Change) -> bool:
        """Whether ``change`` alters what this record's page shows."""
        raise NotImplementedError(type(self).__name__)


@dataclass(frozen=True, slots=True)
class ExternalLog:
    """Another project's decision log (``adr_external``), as last read.

    Its ADRs carry ids qualified with the project's name (``platform:ADR-0012``),
    so they never clash with this project's ids; ``uris`` are their pages on the
    other site, in the same order. Kept in the domain data (pickled with the
    environment): the next build compares ``digest`` and reuses it as a cache.
    """

    name: str
    #: the path or URL it was read from
    source: str
    #: sha256 of the file's bytes ("" when it could not be read)
    digest: str = ""
    #: when it was read (seconds since the epoch), for ``adr_external_cache_limit``
    fetched: float = 0.0
    adrs: tuple[ADR, ...] = ()
    uris: tuple[str, ...] = ()
    #: records belonging to its ADRs (listing columns such as ``project``)
    children: tuple[ChildRecord, ...] = ()
    #: False when it could not be read and no copy was cached (already warned once)
    available: bool = True


@dataclass
class DocData:
    """Everything the extension recorded while reading one document."""

    adrs: list[ADR] = field(default_factory=list)
    #: records that belong to an ADR (of this or another document)
    children: list[ChildRecord] = field(default_factory=list)
    #: what this page shows of others (queries of listings, trace views, ...)
    pages: list[PageRecord] = field(default_factory=list)
    #: lower-cased names this document refers to (roles, :any:, MyST links)
    refs: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------
# value parsing

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+\-]*$")
_NUMBER_RE = re.compile(r"^(?:adr[-_ ]?)?(\d+)(?=$|[-_. ])", re.IGNORECASE)
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# cached: the most called function of a build (every link, row and relation looks
# an id up; 2.5x faster on a hit) over a bounded set of ids (issue 29)
@functools.lru_cache(maxsize=1 << 16)
def id_key(value: str) -> str:
    """The lookup key of an id: case-insensitive, Unicode-normalised."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def check_id(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueProblem("the id is empty; write an id such as ADR-0007")
    if not _ID_RE.match(value):
        raise ValueProblem(
            f"the id {value!r} may only contain letters, digits and . _ : + - "
            "(no spaces or markup); write an id such as ADR-0007"
        )
    return value


def number_from_name(basename: str) -> int | None:
    """The number that starts a file name: ``0007-foo`` and ``adr-007-foo`` give 7."""
    match = _NUMBER_RE.match(basename)
    return int(match.group(1)) if match else None


def format_id(id_format: str, number: int) -> str:
    return id_format.format(number=number)


def full_id(id_format: str, written: str) -> str | None:
    """The id a bare number stands for (``2`` -> ``ADR-0002``); None for anything else
    (or when ``adr_id_format`` makes bare numbers the ids themselves)."""
    text = written.strip()
    if not text.isascii() or not text.isdigit():
        return None
    formatted = format_id(id_format, int(text))
    return None if formatted == text else formatted


def parse_date(value: str, what: str = "date") -> str:
    """Validate an ISO ``YYYY-MM-DD`` date and return it unchanged."""
    value = value.strip()
    match = _DATE_RE.match(value)
    if not match:
        raise DateProblem(f"the {what} {value!r} is not a date; write it as YYYY-MM-DD")
    try:
        _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as err:
        raise DateProblem(
            f"the {what} {value!r} does not exist ({err}); write a real date as YYYY-MM-DD"
        ) from None
    return value


def split_list(value: str) -> tuple[str, ...]:
    """Split a comma- (or newline-) separated option value, dropping empty items.

    A YAML flow list (``[a, "b"]``, what MyST's YAML option block leaves of
    ``tags: [a, b]``) gives the same items as ``a, b``; blanks inside an item (a
    tab too) are one space.
    """
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    # a run of blanks inside an item is one space: ``Ann<TAB>Lee`` (as some editors
    # write it) is the name written ``Ann Lee``, whether docutils expanded the tab to
    # the next tab stop (a reST build) or not (MyST, ``sphinx-adr list``)
    items = (unquote(" ".join(item.split())) for item in re.split(r"[,\n]", value))
    return tuple(item for item in items if item)


def unquote(item: str) -> str:
    """``item`` without one pair of matching quotes around it: reST keeps the quotes
    of ``:tags: "a b"``, MyST's YAML removes them, and both must mean the same."""
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
        return item[1:-1].strip()
    return item


_STATUS_TAIL_RE = re.compile(r"^(?P<status>[^(;,]*?)\s*(?:\((?P<paren>[^)]*)\))?\s*$")


def parse_status(
    value: str, statuses: Sequence[str], aliases: Mapping[str, str]
) -> tuple[str, str | None]:
    """Normalise a status value; returns ``(status, date_or_None)``.

    ``Accepted``, ``approved`` (an alias), ``accepted (2021-03-04)`` all parse;
    anything else raises :class:`ValueProblem` listing the valid statuses.
    """
    raw = value.strip()
    if not raw:
        raise ValueProblem(f"the status is empty; write one of: {', '.join(statuses)}")
    match = _STATUS_TAIL_RE.match(raw)
    word = (match.group("status") if match else raw).strip().casefold()
    paren = match.group("paren") if match else None
    word = " ".join(word.split())
    canonical = _lookup_status(word, statuses, aliases)
    if canonical is None:
        raise ValueProblem(
            f"unknown status {raw!r}; write one of: {', '.join(statuses)}"
            + (f" (or an alias: {', '.join(sorted(aliases))})" if aliases else "")
        )
    status_date = None
    if paren is not None:
        status_date = parse_date(paren, "status date")
    return canonical, status_date


def _lookup_status(word: str, statuses: Sequence[str], aliases: Mapping[str, str]) -> str | None:
    folded = {s.casefold(): s for s in statuses}
    if word in folded:
        return folded[word]
    alias_map = {a.casefold(): t for a, t in aliases.items()}
    if word in alias_map:
        return alias_map[word]
    return None


def slugify(text: str) -> str:
    """A kebab-case ASCII slug (used for derived ids and file names)."""
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", normal).strip("-").lower()
    return slug or "item"


_NUMBER_PREFIX_RE = re.compile(r"^(?:ADR[-\s]?)?0*(\d+)\s*[:.\-\u2013\u2014]\s+", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"^\s*[:.\-\u2013\u2014]\s+")


def strip_id_prefix(title: str, adr_id: str, number: int | None) -> str:
    """Remove a leading ``ADR-0007:`` or ``7.`` that repeats the id in a title."""
    stripped = title.strip()
    result = stripped
    if stripped.casefold().startswith(adr_id.casefold()):
        separator = _SEPARATOR_RE.match(stripped[len(adr_id) :])
        if separator:
            result = stripped[len(adr_id) + separator.end() :]
    elif number is not None:
        match = _NUMBER_PREFIX_RE.match(stripped)
        if match and int(match.group(1)) == number:
            result = stripped[match.end() :]
    return result if result.strip() else stripped


def today(source_date_epoch: str | None) -> _dt.date:
    """Today's date, or ``SOURCE_DATE_EPOCH``'s for reproducible builds."""
    if source_date_epoch:
        try:
            return _dt.datetime.fromtimestamp(int(source_date_epoch), tz=_dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            pass
    return _dt.date.today()
