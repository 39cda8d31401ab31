"""Every configuration value, declared once, typed, validated at ``config-inited``.

Each value is registered with :func:`register` and validated by
:func:`validate`; the rest of the code reads the typed :class:`Settings`
through :func:`settings`, never raw ``config.adr_*`` values.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .configcheck import (
    MAX_FIELD_WIDTH,
    PerConfig,
    SettingError,
    about,
    add_config_value,
    all_config_values,
    bad_value,
    check_template,
    conf_line,
    connect_check,
)
from .model import ADR_FIELDS
from .warnings import SUBTYPES, WARNING_TYPE, warn

#: the declaring and checking machinery lives in :mod:`.configcheck`; these names
#: are its public ones, importable from here as before
__all__ = [
    "MAX_FIELD_WIDTH",
    "PerConfig",
    "SettingError",
    "about",
    "add_config_value",
    "all_config_values",
    "check_template",
    "conf_line",
    "connect_check",
]

if TYPE_CHECKING:
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
            ("depends-on", "required-by"),
            ("relates", "relates"),
        ],
        "env",
        "Relation kinds as ``(name, reverse name)`` or ``(name, reverse name, status)``. "
        "``depends-on`` (and ``amends``) say that an ADR relies on another: a change of the "
        "other makes it *suspect* (see ``adr_review_interval``). "
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


def register(app: Sphinx) -> None:
    for name, default, rebuild, help_text in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, description=help_text)
    # not retried with the checks below: a misspelt name is said once
    app.connect("config-inited", check_names, priority=399)
    app.connect("config-inited", check_suppressed, priority=399)
    connect_check(app, _on_config_inited, priority=400)


def _on_config_inited(_app: Sphinx, config: Config) -> None:
    check_flags(config)
    settings.refresh(config)


def check_names(app: Sphinx, config: Config) -> None:
    """An ``adr_*`` name in ``conf.py`` that no extension declares (a typo, such as
    ``adr_status_baner``) is one ``adr.config`` warning naming the closest setting;
    Sphinx would ignore it without a word."""
    raw = getattr(config, "_raw_config", None)
    if not isinstance(raw, dict):
        return
    known = [name for name in config.values if name.startswith("adr_")]
    for name in raw:
        if not isinstance(name, str) or not name.startswith("adr_") or name in config.values:
            continue
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]}?" if close else "the configuration reference lists them"
        warn(
            f"{name} is not a setting of sphinxcontrib-adr, so it is ignored; {hint}",
            "config",
            location=conf_line(app, name),
        )


def check_suppressed(app: Sphinx, config: Config) -> None:
    """An ``adr.<subtype>`` in ``suppress_warnings`` that names no subtype (a typo,
    such as ``adr.review_due``) is one ``adr.config`` warning naming the closest one;
    Sphinx would silence nothing without a word."""
    entries = getattr(config, "suppress_warnings", None)
    if not isinstance(entries, list | tuple):
        return
    prefix = WARNING_TYPE + "."
    for entry in entries:
        if not isinstance(entry, str) or not entry.startswith(prefix):
            continue
        subtype = entry[len(prefix) :]
        if subtype == "*" or subtype in SUBTYPES:
            continue
        close = difflib.get_close_matches(subtype, list(SUBTYPES), n=1)
        hint = f"did you mean {prefix}{close[0]}?" if close else "the warnings reference lists them"
        warn(
            f"suppress_warnings: {entry!r} is not a warning of sphinxcontrib-adr, so it "
            f"silences nothing; {hint}",
            "config",
            location=conf_line(app, "suppress_warnings"),
        )


def check_flags(config: Config) -> None:
    """Every ``adr_*`` switch (a value whose default is ``True`` or ``False``) is a
    bool: ``adr_status_banner = "no"`` would otherwise be true, and on."""
    for name, opt in config.values.items():
        if name.startswith("adr_") and isinstance(opt.default, bool):
            value = getattr(config, name)
            if not isinstance(value, bool):
                raise bad_value(name, value, "must be True or False")


def _default(name: str) -> Any:
    return next(entry[1] for entry in CONFIG_VALUES if entry[0] == name)


def _str_list(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise bad_value(name, value, "must be a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise bad_value(name, value, f"{item!r} is not a non-empty string")
    return tuple(item.strip().casefold() for item in value)


#: the widest field a template may ask for (``{id:>300}`` would be megabytes of padding)
ID_SAMPLES = ({"number": 7}, {"number": 0}, {"number": 1}, {"number": 123_456_789_012})
#: values of the types ``adr_title_format`` meets (an ADR may have no date, or no title)
TITLE_SAMPLES = (
    {"id": "ADR-0007", "title": "Use a cache", "status": "accepted", "date": "2026-01-01"},
    {"id": "ADR-0007", "title": "", "status": "proposed", "date": ""},
)


def _check_id_format(value: object) -> str:
    id_format = check_template("adr_id_format", value, ID_SAMPLES)
    made = {id_format.format(number=n) for n in (1, 2, 10, 11)}
    if len(made) < 4:
        raise bad_value(
            "adr_id_format",
            value,
            "gives the same id for different numbers; write {number} in it, e.g. ADR-{number:04d}",
        )
    return id_format


def validate(config: Config) -> Settings:
    """Check every ``adr_*`` value; raise :class:`ConfigError` naming the bad one."""
    statuses = _str_list("adr_statuses", config.adr_statuses)
    if not statuses:
        raise bad_value("adr_statuses", config.adr_statuses, "must name at least one status")
    # of several bad values, the first in this order is reported
    aliases = _aliases(config.adr_status_aliases, statuses)
    inactive = _inactive(config.adr_inactive_statuses, statuses)
    accepted = config.adr_accepted_status
    if not isinstance(accepted, str) or accepted.casefold() not in statuses:
        if accepted == _default("adr_accepted_status"):  # not written: blame what was
            raise bad_value(
                "adr_statuses",
                config.adr_statuses,
                f"must hold {accepted!r} (the default adr_accepted_status); add it, or set "
                "adr_accepted_status to the status that means accepted",
            )
        raise bad_value("adr_accepted_status", accepted, f"must be one of {list(statuses)}")
    default_status = _default_status(config.adr_default_status, statuses)
    link_kinds = _link_kinds(config.adr_link_kinds, statuses)
    link_options: dict[str, tuple[LinkKind, bool]] = {}
    for kind in link_kinds:
        link_options[kind.name] = (kind, False)
        if kind.directed:
            link_options[kind.reverse] = (kind, True)
    return Settings(
        statuses=statuses,
        aliases=aliases,
        inactive=frozenset(inactive),
        accepted=accepted.casefold(),
        default_status=default_status,
        link_kinds=link_kinds,
        id_format=_check_id_format(config.adr_id_format),
        title_format=check_template("adr_title_format", config.adr_title_format, TITLE_SAMPLES),
        fields=_fields(config.adr_fields, set(BUILTIN_OPTIONS) | set(link_options)),
        link_options=link_options,
    )


def _aliases(raw_aliases: object, statuses: tuple[str, ...]) -> dict[str, str]:
    """``adr_status_aliases`` as normalised alias -> status; a default alias of a
    status the project removed is dropped, any other unknown target is an error."""
    if not isinstance(raw_aliases, dict):
        raise bad_value("adr_status_aliases", raw_aliases, "must be a dict of alias -> status")
    aliases: dict[str, str] = {}
    default_aliases = _default("adr_status_aliases")
    for alias, target in raw_aliases.items():
        if not isinstance(alias, str) or not isinstance(target, str) or not alias.strip():
            raise bad_value("adr_status_aliases", raw_aliases, f"{alias!r}: {target!r} is not str")
        if target.casefold() not in statuses:
            if default_aliases.get(alias) == target:
                # a default alias of a status this project removed: simply not applicable
                continue
            raise bad_value(
                "adr_status_aliases",
                raw_aliases,
                f"{alias!r} maps to {target!r}, which is not one of adr_statuses {list(statuses)}",
            )
        key = " ".join(alias.casefold().split())
        if key in statuses:
            raise bad_value("adr_status_aliases", raw_aliases, f"{alias!r} is already a status")
        aliases[key] = target.casefold()
    return aliases


def _inactive(value: object, statuses: tuple[str, ...]) -> tuple[str, ...]:
    inactive = _str_list("adr_inactive_statuses", value)
    for status in inactive:
        if status not in statuses and status not in _default("adr_inactive_statuses"):
            raise bad_value(
                "adr_inactive_statuses",
                value,
                f"{status!r} is not one of adr_statuses {list(statuses)}",
            )
    return inactive


def _default_status(value: object, statuses: tuple[str, ...]) -> str:
    if value is None:
        return statuses[0]
    if not isinstance(value, str) or value.casefold() not in statuses:
        raise bad_value("adr_default_status", value, f"must be None or one of {list(statuses)}")
    return value.casefold()


def _link_kinds(value: object, statuses: tuple[str, ...]) -> tuple[LinkKind, ...]:
    name = "adr_link_kinds"
    if not isinstance(value, list | tuple):
        raise bad_value(name, value, "must be a list of (name, reverse[, status]) tuples")
    kinds: list[LinkKind] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, list | tuple) or len(item) not in (2, 3):
            raise bad_value(name, value, f"{item!r} is not a (name, reverse[, status]) tuple")
        if not all(isinstance(x, str) for x in item):
            raise bad_value(name, value, f"{item!r} must hold strings only")
        kname, reverse = item[0].strip().casefold(), item[1].strip().casefold()
        for option in (kname, reverse):
            if not _NAME_RE.match(option):
                raise bad_value(name, value, f"{option!r} is not a valid option name")
            if option in BUILTIN_OPTIONS:
                raise bad_value(name, value, f"{option!r} clashes with a built-in option")
        names = {kname, reverse}
        if names & seen:
            raise bad_value(name, value, f"{item!r} repeats a name used by another kind")
        seen |= names
        implied = item[2].casefold() if len(item) == 3 else None
        if implied is not None and implied not in statuses:
            if tuple(item) in _default(name):
                # a default kind with a status this project removed: keep the kind only
                implied = None
            else:
                raise bad_value(
                    name, value, f"status {implied!r} of {item!r} is not in adr_statuses"
                )
        kinds.append(LinkKind(kname, reverse, implied))
    return tuple(kinds)


def _fields(value: object, taken: set[str]) -> tuple[FieldSpec, ...]:
    name = "adr_fields"
    if not isinstance(value, dict):
        raise bad_value(name, value, "must be a dict of option name -> type")
    specs: list[FieldSpec] = []
    for fname, ftype in value.items():
        if not isinstance(fname, str) or not _NAME_RE.match(fname):
            raise bad_value(name, value, f"{fname!r} is not a valid option name (a-z, 0-9, -, _)")
        if fname in taken:
            raise bad_value(name, value, f"{fname!r} clashes with a built-in option or link kind")
        if isinstance(ftype, list | tuple):
            choices = tuple(str(c) for c in ftype)
            if not choices:
                raise bad_value(name, value, f"the choice list of {fname!r} is empty")
            specs.append(FieldSpec(fname, "choice", choices))
        elif ftype in _FIELD_TYPES:
            specs.append(FieldSpec(fname, ftype))
        else:
            raise bad_value(
                name,
                value,
                f"type {ftype!r} of {fname!r} is not one of {', '.join(_FIELD_TYPES)} "
                "or a list of choices",
            )
    return tuple(specs)


#: the validated, typed view of the configuration (computed once per config)
settings: PerConfig[Settings] = PerConfig(validate)
