"""Every configuration value, declared once, typed, validated at ``config-inited``.

Each value is registered with :func:`register` and validated by
:func:`validate`; the rest of the code reads the typed :class:`Settings`
through :func:`settings`, never raw ``config.adr_*`` values.
"""

from __future__ import annotations

import difflib
import re
import string
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from sphinx.errors import ConfigError

from .model import ADR_FIELDS
from .warnings import warn

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

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
    # not retried with the checks below: a misspelt name is said once
    app.connect("config-inited", check_names, priority=399)
    connect_check(app, _on_config_inited, priority=400)


class SettingError(ConfigError):
    """A bad value of one ``adr_*`` setting, which :attr:`setting` names (the
    message says what is wrong; the fallback below needs no parsing of it)."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


@contextmanager
def about(setting: str) -> Iterator[None]:
    """A bad value found inside is about ``setting``: checkers name a part of it in
    their messages (``adr_tickets['GH'] url = ...``), the fallback needs the whole."""
    try:
        yield
    except SettingError as err:
        if err.setting == setting:
            raise
        raise SettingError(setting, str(err)) from None


def connect_check(
    app: Sphinx, check: Callable[[Sphinx, Config], None], priority: int = 500
) -> None:
    """Run ``check`` at ``config-inited``; a bad value it reports (a
    :class:`SettingError` naming the setting) is one ``adr.config`` warning at its
    line of ``conf.py``, and the setting falls back to its default, so the build
    goes on (as Sphinx does with a value of the wrong type) instead of stopping
    with a crash report. Checkers stay plain functions that raise, which the
    command line turns into usage errors."""

    def checked(app: Sphinx, config: Config) -> None:
        tried: dict[str, list[object]] = {}
        while True:
            try:
                check(app, config)
                return
            except ConfigError as err:
                if isinstance(err, SettingError):
                    name: str | None = err.setting
                else:  # Sphinx's own, about a -D value it cannot convert
                    name = _unconvertible_override(config)
                if name is None or name not in config.values:
                    raise  # not about a user's value: a bug
                left = tried.setdefault(name, _fallbacks(config, name))
                if not left:
                    raise  # neither the default nor None passes: a bug
                _fall_back(app, config, name, str(err), left.pop(0))

    app.connect("config-inited", checked, priority=priority)


def _unconvertible_override(config: Config) -> str | None:
    """The ``adr_*`` value given with ``-D`` that Sphinx cannot convert (it raises
    when the value is read: ``-D adr_x=maybe`` for a switch), if any."""
    for name in sorted(_overrides(config)):
        if name.startswith("adr_") and name in config.values:
            try:
                getattr(config, name)
            except ConfigError:
                return name
    return None


def _fallbacks(config: Config, name: str) -> list[object]:
    """What a bad ``name`` falls back to, in order: its default, then ``None``
    (for a default that other settings make unusable, such as ``adr_json_path``
    naming a file ``html_extra_path`` holds)."""
    default = config.values[name].default
    if callable(default):
        default = default(config)
    candidates = [default] if default is None else [default, None]
    try:
        current = getattr(config, name)
    except ConfigError:  # a -D value Sphinx cannot convert: no value yet
        return candidates
    # by repr: True == 1, but True is not the default 1
    return [value for value in candidates if repr(value) != repr(current)]


def _fall_back(app: Sphinx, config: Config, name: str, problem: str, value: object) -> None:
    setattr(config, name, value)
    default = config.values[name].default
    said = "the default" if value == default else "none"
    where = _conf_line(app, name)
    given = " (given with -D)" if where is None and name in _overrides(config) else ""
    warn(
        f"{problem}{given}; {name} = {value!r} ({said}) is used instead",
        "config",
        location=where,
    )


def _overrides(config: Config) -> dict[str, Any]:
    found = getattr(config, "_overrides", None)
    return found if isinstance(found, dict) else {}


def _conf_line(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` of the line that sets ``name`` (``None``: no conf.py, or
    the value is not set there, e.g. given with ``-D``)."""
    confdir = getattr(app, "confdir", None)
    if confdir is None:
        return None
    path = Path(confdir, "conf.py")
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return None
    found = re.search(rf"^[ \t]*{re.escape(name)}\b[ \t]*(?::[^=\n]*)?=", text, re.M)
    if found is None:
        return None
    return f"{path}:{text.count(chr(10), 0, found.start()) + 1}"


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
            location=_conf_line(app, name),
        )


def check_flags(config: Config) -> None:
    """Every ``adr_*`` switch (a value whose default is ``True`` or ``False``) is a
    bool: ``adr_status_banner = "no"`` would otherwise be true, and on."""
    for name, opt in config.values.items():
        if name.startswith("adr_") and isinstance(opt.default, bool):
            value = getattr(config, name)
            if not isinstance(value, bool):
                raise _fail(name, value, "must be True or False")


def _default(name: str) -> Any:
    return next(entry[1] for entry in CONFIG_VALUES if entry[0] == name)


def _fail(name: str, value: object, why: str) -> SettingError:
    return SettingError(name, f"{name} = {value!r}: {why}")


def _str_list(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(name, value, "must be a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(name, value, f"{item!r} is not a non-empty string")
    return tuple(item.strip().casefold() for item in value)


#: the widest field a template may ask for (``{id:>300}`` would be megabytes of padding)
MAX_FIELD_WIDTH = 256


def check_template(name: str, value: object, samples: Sequence[Mapping[str, object]]) -> str:
    """A ``str.format`` template that formats every sample, else :class:`ConfigError`.

    ``samples`` hold values of the types the template really meets (an ``int``
    line, an empty date, ``""`` for an optional group that did not match), so a
    template that passes cannot raise later. Fields may be indexed (``{date[0]}``
    works when every sample date has a first character) but not reached through
    attributes (``{title.upper}`` would print an object's address), nor nest
    fields in their format spec (``{id:{title}}``: an ADR's text would choose the
    width), nor ask for more than :data:`MAX_FIELD_WIDTH` characters.
    """
    if not isinstance(value, str):
        raise _fail(name, value, "must be a string")
    if not value.strip():
        raise _fail(name, value, "must not be empty")
    allowed = sorted(samples[0])
    available = f"available: {', '.join(allowed)}"
    try:
        fields = [(f, spec) for _, f, spec, _ in string.Formatter().parse(value) if f is not None]
    except ValueError as err:
        raise _fail(name, value, f"is not a valid format string ({err})") from None
    unknown = sorted({f.split(".")[0].split("[")[0] for f, _spec in fields} - set(allowed))
    if unknown:
        shown = ", ".join(u or "{}" for u in unknown)
        raise _fail(name, value, f"unknown placeholder(s) {shown}; {available}")
    for fname, spec in fields:
        _check_field(name, value, fname, spec or "")
    for sample in samples:
        try:
            value.format(**sample)
        except Exception as err:
            example = ", ".join(f"{k}={v!r}" for k, v in sample.items())
            raise _fail(name, value, f"cannot be formatted with {example} ({err})") from None
    return value


def _check_field(name: str, value: str, fname: str, spec: str) -> None:
    if "." in fname.split("[")[0] or "]." in fname:
        raise _fail(name, value, f"{{{fname}}}: attribute access is not supported")
    if "{" in spec:
        raise _fail(name, value, f"{{{fname}:{spec}}}: a format spec cannot hold a field")
    widths = [int(n) for n in re.findall(r"\d+", spec)]
    if any(w > MAX_FIELD_WIDTH for w in widths):
        raise _fail(
            name, value, f"{{{fname}:{spec}}}: widths above {MAX_FIELD_WIDTH} are not allowed"
        )


#: values of the types ``adr_id_format`` meets: the numbers that start file names
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
        raise _fail(
            "adr_id_format",
            value,
            "gives the same id for different numbers; write {number} in it, e.g. ADR-{number:04d}",
        )
    return id_format


def validate(config: Config) -> Settings:
    """Check every ``adr_*`` value; raise :class:`ConfigError` naming the bad one."""
    statuses = _str_list("adr_statuses", config.adr_statuses)
    if not statuses:
        raise _fail("adr_statuses", config.adr_statuses, "must name at least one status")
    # of several bad values, the first in this order is reported
    aliases = _aliases(config.adr_status_aliases, statuses)
    inactive = _inactive(config.adr_inactive_statuses, statuses)
    accepted = config.adr_accepted_status
    if not isinstance(accepted, str) or accepted.casefold() not in statuses:
        if accepted == _default("adr_accepted_status"):  # not written: blame what was
            raise _fail(
                "adr_statuses",
                config.adr_statuses,
                f"must hold {accepted!r} (the default adr_accepted_status); add it, or set "
                "adr_accepted_status to the status that means accepted",
            )
        raise _fail("adr_accepted_status", accepted, f"must be one of {list(statuses)}")
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
    return aliases


def _inactive(value: object, statuses: tuple[str, ...]) -> tuple[str, ...]:
    inactive = _str_list("adr_inactive_statuses", value)
    for status in inactive:
        if status not in statuses and status not in _default("adr_inactive_statuses"):
            raise _fail(
                "adr_inactive_statuses",
                value,
                f"{status!r} is not one of adr_statuses {list(statuses)}",
            )
    return inactive


def _default_status(value: object, statuses: tuple[str, ...]) -> str:
    if value is None:
        return statuses[0]
    if not isinstance(value, str) or value.casefold() not in statuses:
        raise _fail("adr_default_status", value, f"must be None or one of {list(statuses)}")
    return value.casefold()


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
