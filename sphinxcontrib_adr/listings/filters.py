"""The filter grammar of every ADR listing: the filter options, as written, read
into an :class:`~.query.ADRFilter`.

Listing directives (``adr-table``, ``adr-list``, ``adr-graph``,
``adr-timeline``, and the risk and alternative registers) and ``sphinx-adr
list`` take their options as strings and turn them into the frozen,
picklable records of :mod:`.query` at read time. Every value is validated
against the configuration when the directive runs (bad values are
``adr.filter`` warnings with file and line; the command line gets the same
messages as a :class:`FilterRefused`); nothing a user writes is ever
evaluated as Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.config import Settings, settings
from ..core.model import ValueProblem, id_key, parse_date, parse_status, split_list, unquote
from ..core.warnings import warn
from .query import (
    DEPENDENCY_KINDS,
    HEALTH_STATES,
    ADRFilter,
    FieldCondition,
    RelationCondition,
)

if TYPE_CHECKING:
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

_DATE_PART_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_RELATION_RE = re.compile(r"^(?P<option>[A-Za-z][\w-]*)\s*:?\s*(?P<rest>.*)$")
_FIELD_COND_RE = re.compile(
    r"^(?P<neg>!)?\s*(?P<name>[a-z][a-z0-9_-]*)\s*(?:(?P<op>!=|<=|>=|=|~|<|>)\s*(?P<value>.*))?$"
)


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


def strip_quotes(value: str) -> str:
    # an option value spread over lines reads as one line; then its quotes go (unquote)
    return unquote(" ".join(str(value).split()))


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
        value = strip_quotes(raw)
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


def warn_problem(problem: ValueProblem, what: str, location: nodes.Node | str | Any) -> None:
    warn(f"{what}: {problem}", "filter", location)
