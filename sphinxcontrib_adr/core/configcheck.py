"""How ``adr_*`` settings are declared and checked, for the core and every feature.

A feature declares a value once (:func:`add_config_value`, its help text is
the reference documentation) and checks it with a plain function that raises
:class:`SettingError` (:func:`connect_check`): a bad value is then one
``adr.config`` warning at its line of ``conf.py`` and the setting falls back
to its default (ADR-0022), while the command line turns the same error into a
usage error. :class:`PerConfig` keeps what is derived from a configuration,
:func:`check_template` checks format strings against sample values.
"""

from __future__ import annotations

import re
import string
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from sphinx.errors import ConfigError

from .warnings import warn

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config


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
    where = conf_line(app, name)
    given = " (given with -D)" if where is None and name in _overrides(config) else ""
    warn(
        f"{problem}{given}; {name} = {value!r} ({said}) is used instead",
        "config",
        location=where,
    )


def _overrides(config: Config) -> dict[str, Any]:
    found = getattr(config, "_overrides", None)
    return found if isinstance(found, dict) else {}


def conf_line(app: Sphinx, name: str) -> str | None:
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

    The value is kept on the config it derives from (a private attribute, which
    Sphinx leaves out when it pickles the environment), not in this object: a
    module-level instance then holds no state, so finished builds (tests,
    ``sphinx-adr lint``) leave nothing behind and two applications in one process
    never see each other's values. ``refresh`` recomputes at ``config-inited``,
    when the values are final.
    """

    def __init__(self, compute: Callable[[Config], T]) -> None:
        self._compute = compute

    def __call__(self, config: Config) -> T:
        derived = _derived(config)
        if self in derived:
            return cast("T", derived[self])
        return self.store(config, self._compute(config))

    def store(self, config: Config, value: T) -> T:
        _derived(config)[self] = value
        return value

    def refresh(self, config: Config) -> T:
        return self.store(config, self._compute(config))


#: the attribute of a ``Config`` that holds what :class:`PerConfig` derived from it;
#: private (leading underscore), so ``Config.__getstate__`` does not pickle it
_DERIVED = "_sphinxcontrib_adr_derived"


def _derived(config: Config) -> dict[PerConfig[Any], object]:
    # vars(): Config.__getattr__ would take an unknown name for a setting
    found = vars(config).get(_DERIVED)
    if found is None:
        found = {}
        setattr(config, _DERIVED, found)
    return cast("dict[PerConfig[Any], object]", found)


def bad_value(name: str, value: object, why: str) -> SettingError:
    return SettingError(name, f"{name} = {value!r}: {why}")


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
        raise bad_value(name, value, "must be a string")
    if not value.strip():
        raise bad_value(name, value, "must not be empty")
    allowed = sorted(samples[0])
    available = f"available: {', '.join(allowed)}"
    try:
        fields = [(f, spec) for _, f, spec, _ in string.Formatter().parse(value) if f is not None]
    except ValueError as err:
        raise bad_value(name, value, f"is not a valid format string ({err})") from None
    unknown = sorted({f.split(".")[0].split("[")[0] for f, _spec in fields} - set(allowed))
    if unknown:
        shown = ", ".join(u or "{}" for u in unknown)
        raise bad_value(name, value, f"unknown placeholder(s) {shown}; {available}")
    for fname, spec in fields:
        _check_field(name, value, fname, spec or "")
    for sample in samples:
        try:
            value.format(**sample)
        except Exception as err:
            example = ", ".join(f"{k}={v!r}" for k, v in sample.items())
            raise bad_value(name, value, f"cannot be formatted with {example} ({err})") from None
    return value


def _check_field(name: str, value: str, fname: str, spec: str) -> None:
    if "." in fname.split("[")[0] or "]." in fname:
        raise bad_value(name, value, f"{{{fname}}}: attribute access is not supported")
    if "{" in spec:
        raise bad_value(name, value, f"{{{fname}:{spec}}}: a format spec cannot hold a field")
    widths = [int(n) for n in re.findall(r"\d+", spec)]
    if any(w > MAX_FIELD_WIDTH for w in widths):
        raise bad_value(
            name, value, f"{{{fname}:{spec}}}: widths above {MAX_FIELD_WIDTH} are not allowed"
        )


#: values of the types ``adr_id_format`` meets: the numbers that start file names
