"""Every configuration value, declared once, typed, validated at ``config-inited``.

Each value is registered with :func:`register` and validated by
:func:`validate`; the rest of the code reads the typed :class:`Settings`
through :func:`settings`, never raw ``config.adr_*`` values.
"""

from __future__ import annotations

import re
import string
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from sphinx.errors import ConfigError

from .model import ADR_FIELDS

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

#: ``(name, default, rebuild, help)``; the configuration reference is built from this.
CONFIG_VALUES: list[tuple[str, Any, Literal["env"], str]] = [
    (
        "adr_statuses",
        ["proposed", "accepted", "rejected", "deprecated", "superseded"],
        "env",
        "The statuses an ADR may have, in lifecycle order (sorting by status uses it).",
    ),
    (
        "adr_status_aliases",
        {
            "approved": "accepted",
            "agreed": "accepted",
            "done": "accepted",
            "pending": "proposed",
            "draft": "proposed",
            "open": "proposed",
            "under review": "proposed",
            "superceded": "superseded",
            "obsolete": "deprecated",
            "declined": "rejected",
        },
        "env",
        "Other words real logs use for a status, mapped to one of ``adr_statuses`` "
        "(matching is case-insensitive).",
    ),
    (
        "adr_inactive_statuses",
        ["rejected", "deprecated", "superseded"],
        "env",
        "Statuses of decisions that no longer apply: code that still refers to them is "
        "reported, and risk registers leave them out by default.",
    ),
    (
        "adr_link_kinds",
        [
            ("supersedes", "superseded-by", "superseded"),
            ("amends", "amended-by"),
            ("relates", "relates"),
        ],
        "env",
        "Relation kinds as ``(name, reverse name)`` or ``(name, reverse name, status)``. "
        "Both names are options of ``adr``; a relation is declared once and shown on both "
        "ends. The optional status is what the target should have once the source is "
        "accepted (checked as ``adr.status_inconsistent``). Kinds whose two names differ "
        "are directed and checked for cycles.",
    ),
    (
        "adr_id_format",
        "ADR-{number:04d}",
        "env",
        "How an id is made from the number that starts a file name "
        "(``0007-focus.md`` gives ``ADR-0007``). A ``str.format`` string with "
        "``{number}``.",
    ),
    (
        "adr_title_format",
        "{id}: {title}",
        "env",
        "How ``:adr:`` references render when they have no explicit title; fields: "
        "``{id}``, ``{title}``, ``{status}``, ``{date}``.",
    ),
    (
        "adr_accepted_status",
        "accepted",
        "env",
        "The status that makes a decision binding: relation-implied statuses are checked "
        "only for sources that have it.",
    ),
    (
        "adr_default_status",
        None,
        "env",
        "The status of an ADR written without ``:status:``; ``None`` means the first of "
        "``adr_statuses``. Logs whose ADRs are accepted unless they say otherwise (MADR) "
        "set ``'accepted'``.",
    ),
    (
        "adr_fields",
        {},
        "env",
        "Extra ``adr`` options: a mapping of option name to type, one of ``'text'``, "
        "``'date'``, ``'list'`` or a list of allowed values (a choice).",
    ),
]

BUILTIN_OPTIONS: tuple[str, ...] = tuple(f.name for f in ADR_FIELDS if f.option)
_FIELD_TYPES = ("text", "date", "list")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class LinkKind:
    name: str
    reverse: str
    implied_status: str | None = None

    @property
    def directed(self) -> bool:
        return self.name != self.reverse

    @staticmethod
    def label(name: str) -> str:
        text = name.replace("-", " ").replace("_", " ")
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    statuses: tuple[str, ...]
    aliases: dict[str, str]
    inactive: frozenset[str]
    accepted: str
    #: the status of an ADR written without ``:status:``
    default_status: str
    link_kinds: tuple[LinkKind, ...]
    id_format: str
    title_format: str
    fields: tuple[FieldSpec, ...]
    #: option name -> (LinkKind, is_reverse)
    link_options: dict[str, tuple[LinkKind, bool]] = field(default_factory=dict)

    def option_names(self) -> tuple[str, ...]:
        return BUILTIN_OPTIONS + tuple(self.link_options) + tuple(f.name for f in self.fields)

    def link_kind(self, name: str) -> LinkKind | None:
        for kind in self.link_kinds:
            if kind.name == name:
                return kind
        return None

    def status_rank(self, status: str) -> int:
        try:
            return self.statuses.index(status)
        except ValueError:
            return len(self.statuses)


def add_config_value(app: Sphinx, name: str, default: Any, help_text: str) -> None:
    """Declare a feature's configuration value once: registered with its help text
    (Sphinx keeps it as the value's description, which the reference docs show)."""
    app.add_config_value(name, default, "env", description=help_text)


def all_config_values(config: Config) -> list[tuple[str, Any, str, str]]:
    """Every ``adr_*`` value of ``config``: name, default, rebuild, help text."""
    return [
        (opt_name, opt.default, str(opt.rebuild), opt.description)
        for opt_name, opt in config.values.items()
        if opt_name.startswith("adr_")
    ]


def register(app: Sphinx) -> None:
    for name, default, rebuild, help_text in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, description=help_text)
    app.connect("config-inited", _on_config_inited, priority=400)


class PerConfig(Generic[T]):
    """A value derived from a ``Config``, computed once per config object.

    Held weakly, so configurations of finished builds (tests, ``sphinx-adr
    lint``) are not kept alive; ``refresh`` recomputes at ``config-inited``,
    when the values are final.
    """

    def __init__(self, compute: Callable[[Config], T]) -> None:
        self._compute = compute
        self._cache: dict[int, tuple[weakref.ref[Config], T]] = {}

    def __call__(self, config: Config) -> T:
        cached = self._cache.get(id(config))
        if cached is not None and cached[0]() is config:
            return cached[1]
        return self.store(config, self._compute(config))

    def store(self, config: Config, value: T) -> T:
        key = id(config)
        self._cache[key] = (weakref.ref(config, lambda _ref: self._cache.pop(key, None)), value)
        return value

    def refresh(self, config: Config) -> T:
        return self.store(config, self._compute(config))


def _on_config_inited(_app: Sphinx, config: Config) -> None:
    settings.refresh(config)


def _default(name: str) -> Any:
    return next(entry[1] for entry in CONFIG_VALUES if entry[0] == name)


def _fail(name: str, value: object, why: str) -> ConfigError:
    return ConfigError(f"{name} = {value!r}: {why}")


def _str_list(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(name, value, "must be a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(name, value, f"{item!r} is not a non-empty string")
    return tuple(item.strip().casefold() for item in value)


def _check_format(name: str, value: object, allowed: set[str], sample: dict[str, Any]) -> str:
    if not isinstance(value, str):
        raise _fail(name, value, "must be a string")
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    except ValueError as err:
        raise _fail(name, value, f"is not a valid format string ({err})") from None
    unknown = {f.split(".")[0].split("[")[0] for f in fields} - allowed
    if unknown:
        raise _fail(
            name,
            value,
            f"unknown placeholder(s) {', '.join(sorted(unknown))}; "
            f"available: {', '.join(sorted(allowed))}",
        )
    try:
        value.format(**sample)
    except (ValueError, TypeError, KeyError, IndexError) as err:
        raise _fail(name, value, f"cannot be formatted ({err})") from None
    return value


def validate(config: Config) -> Settings:
    """Check every ``adr_*`` value; raise :class:`ConfigError` naming the bad one."""
    statuses = _str_list("adr_statuses", config.adr_statuses)
    if not statuses:
        raise _fail("adr_statuses", config.adr_statuses, "must name at least one status")

    raw_aliases = config.adr_status_aliases
    if not isinstance(raw_aliases, dict):
        raise _fail("adr_status_aliases", raw_aliases, "must be a dict of alias -> status")
    aliases: dict[str, str] = {}
    default_aliases = _default("adr_status_aliases")
    for alias, target in raw_aliases.items():
        if not isinstance(alias, str) or not isinstance(target, str) or not alias.strip():
            raise _fail("adr_status_aliases", raw_aliases, f"{alias!r}: {target!r} is not str")
        if target.casefold() not in statuses:
            if default_aliases.get(alias) == target:
                # a default alias of a status this project removed: simply not applicable
                continue
            raise _fail(
                "adr_status_aliases",
                raw_aliases,
                f"{alias!r} maps to {target!r}, which is not one of adr_statuses {list(statuses)}",
            )
        key = " ".join(alias.casefold().split())
        if key in statuses:
            raise _fail("adr_status_aliases", raw_aliases, f"{alias!r} is already a status")
        aliases[key] = target.casefold()

    inactive = _str_list("adr_inactive_statuses", config.adr_inactive_statuses)
    for status in inactive:
        if status not in statuses and status not in _default("adr_inactive_statuses"):
            raise _fail(
                "adr_inactive_statuses",
                config.adr_inactive_statuses,
                f"{status!r} is not one of adr_statuses {list(statuses)}",
            )
    accepted = config.adr_accepted_status
    if not isinstance(accepted, str) or accepted.casefold() not in statuses:
        raise _fail("adr_accepted_status", accepted, f"must be one of {list(statuses)}")
    default_status = config.adr_default_status
    if default_status is None:
        default_status = statuses[0]
    elif not isinstance(default_status, str) or default_status.casefold() not in statuses:
        raise _fail(
            "adr_default_status", default_status, f"must be None or one of {list(statuses)}"
        )

    link_kinds = _link_kinds(config.adr_link_kinds, statuses)
    link_options: dict[str, tuple[LinkKind, bool]] = {}
    for kind in link_kinds:
        link_options[kind.name] = (kind, False)
        if kind.directed:
            link_options[kind.reverse] = (kind, True)

    id_format = _check_format("adr_id_format", config.adr_id_format, {"number"}, {"number": 7})
    title_format = _check_format(
        "adr_title_format",
        config.adr_title_format,
        {"id", "title", "status", "date"},
        {"id": "ADR-0007", "title": "T", "status": "accepted", "date": "2026-01-01"},
    )
    fields = _fields(config.adr_fields, set(BUILTIN_OPTIONS) | set(link_options))
    return Settings(
        statuses=statuses,
        aliases=aliases,
        inactive=frozenset(inactive),
        accepted=accepted.casefold(),
        default_status=default_status.casefold(),
        link_kinds=link_kinds,
        id_format=id_format,
        title_format=title_format,
        fields=fields,
        link_options=link_options,
    )


def _link_kinds(value: object, statuses: tuple[str, ...]) -> tuple[LinkKind, ...]:
    name = "adr_link_kinds"
    if not isinstance(value, list | tuple):
        raise _fail(name, value, "must be a list of (name, reverse[, status]) tuples")
    kinds: list[LinkKind] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, list | tuple) or len(item) not in (2, 3):
            raise _fail(name, value, f"{item!r} is not a (name, reverse[, status]) tuple")
        if not all(isinstance(x, str) for x in item):
            raise _fail(name, value, f"{item!r} must hold strings only")
        kname, reverse = item[0].strip().casefold(), item[1].strip().casefold()
        for option in (kname, reverse):
            if not _NAME_RE.match(option):
                raise _fail(name, value, f"{option!r} is not a valid option name")
            if option in BUILTIN_OPTIONS:
                raise _fail(name, value, f"{option!r} clashes with a built-in option")
        names = {kname, reverse}
        if names & seen:
            raise _fail(name, value, f"{item!r} repeats a name used by another kind")
        seen |= names
        implied = item[2].casefold() if len(item) == 3 else None
        if implied is not None and implied not in statuses:
            if tuple(item) in _default(name):
                # a default kind with a status this project removed: keep the kind only
                implied = None
            else:
                raise _fail(name, value, f"status {implied!r} of {item!r} is not in adr_statuses")
        kinds.append(LinkKind(kname, reverse, implied))
    return tuple(kinds)


def _fields(value: object, taken: set[str]) -> tuple[FieldSpec, ...]:
    name = "adr_fields"
    if not isinstance(value, dict):
        raise _fail(name, value, "must be a dict of option name -> type")
    specs: list[FieldSpec] = []
    for fname, ftype in value.items():
        if not isinstance(fname, str) or not _NAME_RE.match(fname):
            raise _fail(name, value, f"{fname!r} is not a valid option name (a-z, 0-9, -, _)")
        if fname in taken:
            raise _fail(name, value, f"{fname!r} clashes with a built-in option or link kind")
        if isinstance(ftype, list | tuple):
            choices = tuple(str(c) for c in ftype)
            if not choices:
                raise _fail(name, value, f"the choice list of {fname!r} is empty")
            specs.append(FieldSpec(fname, "choice", choices))
        elif ftype in _FIELD_TYPES:
            specs.append(FieldSpec(fname, ftype))
        else:
            raise _fail(
                name,
                value,
                f"type {ftype!r} of {fname!r} is not one of {', '.join(_FIELD_TYPES)} "
                "or a list of choices",
            )
    return tuple(specs)


#: the validated, typed view of the configuration (computed once per config)
settings: PerConfig[Settings] = PerConfig(validate)
