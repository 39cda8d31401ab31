"""The validated settings of tickets, test results and health: what
:mod:`.config`'s values become once checked (``adr.config`` warnings for bad ones).

Imported when a feature runs, or at ``config-inited`` when one of its values is
set: a project that leaves them at their defaults does not build these classes
(issue 29), and gets the same values on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import PerConfig, SettingError, about, check_template, settings
from ..core.warnings import warn
from .settings import check_regex, url_samples

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


# --------------------------------------------------------------------------
# tickets (:mod:`.tickets`)


@dataclass(frozen=True)
class TicketScheme:
    name: str
    pattern: re.Pattern[str]
    url: str | None
    #: the pattern bounded so that it finds ids in running text
    in_text: re.Pattern[str]

    def url_for(self, match: re.Match[str]) -> str | None:
        if self.url is None:
            return None
        values = {k: v or "" for k, v in match.groupdict().items()}
        values["id"] = match[0]
        return self.url.format(**values)


def _scheme(name: object, value: object) -> TicketScheme:
    setting = f"adr_tickets[{name!r}]"
    if not isinstance(name, str) or not name.strip():
        raise SettingError(
            "adr_tickets", f"adr_tickets: tracker name {name!r} must be a non-empty string"
        )
    if isinstance(value, dict):
        pattern, url = value.get("pattern"), value.get("url")
    elif isinstance(value, list | tuple) and len(value) == 2:
        pattern, url = value
    elif isinstance(value, str):
        pattern, url = value, None
    else:
        raise SettingError(
            "adr_tickets",
            f"{setting} = {value!r}: write (pattern, url_template) or "
            "{'pattern': ..., 'url': ...}",
        )
    compiled = check_regex(f"{setting} pattern", pattern)
    if url is not None:
        samples = url_samples(compiled.groupindex, {"id": "X-1"})
        url = check_template(f"{setting} url", url, samples)
    # a leading global flag group ("(?i)...") must stay first: it is already in .flags
    body = _LEADING_FLAGS_RE.sub("", compiled.pattern, count=1)
    try:
        in_text = re.compile(rf"(?<![\w#-])(?:{body})(?![\w-])", compiled.flags)
    except re.error as err:
        raise SettingError(
            "adr_tickets",
            f"{setting} pattern = {pattern!r}: cannot be searched for in text ({err}); "
            "write inline flags as a scoped group, e.g. (?i:...)",
        ) from None
    return TicketScheme(name.strip(), compiled, url, in_text)


_LEADING_FLAGS_RE = re.compile(r"^\(\?[aiLmsux]+\)")


def _validate_tickets(config: Config) -> tuple[TicketScheme, ...]:
    value = config.adr_tickets
    if not isinstance(value, dict):
        raise SettingError(
            "adr_tickets", f"adr_tickets = {value!r}: must be a dict of name -> (pattern, url)"
        )
    with about("adr_tickets"):  # check_regex and check_template name a part of it
        return tuple(_scheme(name, spec) for name, spec in value.items())


#: the validated trackers (computed once per config)
schemes: PerConfig[tuple[TicketScheme, ...]] = PerConfig(_validate_tickets)


def check_tickets(_app: Sphinx, config: Config) -> None:
    schemes.refresh(config)


# --------------------------------------------------------------------------
# test results (:mod:`.evidence`)


@dataclass(frozen=True)
class EvidenceSettings:
    globs: tuple[str, ...]
    confdir: Path
    #: ``None``: test names are not read
    pattern: re.Pattern[str] | None
    id_format: str
    max_bytes: int
    required: bool

    def ids_in(self, text: str) -> list[str]:
        """The ADR ids a test's name or class name holds."""
        if self.pattern is None or not text:
            return []
        found = []
        for match in self.pattern.finditer(text):
            groups = match.re.groupindex
            if "number" in groups and match["number"]:
                found.append(self.id_format.format(number=int(match["number"])))
            else:
                found.append(match["id"] if "id" in groups and match["id"] else match[0])
        return found


def name_pattern(id_format: str) -> re.Pattern[str] | None:
    """Ids as test names write them: ``ADR-0007`` -> ``adr_0007``, ``ADR0007``, ``Adr7``
    (the letters of the format's prefix in any case, any separator or none); a
    prefix glued to a lower-case word counts when capitalised (``TestADR0007``)."""
    prefix = id_format.split("{", 1)[0]
    letters = prefix.rstrip("-_ .:/")
    if not re.fullmatch(r"[A-Za-z]+", letters) or "{number" not in id_format:
        return None
    rest = f"(?i:{re.escape(letters[1:])})" if len(letters) > 1 else ""
    start = (
        rf"(?:(?<![A-Za-z0-9])(?i:{re.escape(letters)})|(?<=[a-z0-9]){letters[0].upper()}{rest})"
    )
    return re.compile(rf"{start}[-_ .:]?(?P<number>\d{{1,9}})(?!\d)")


def check_test_results(app: Sphinx, config: Config) -> None:
    _EVIDENCE.store(config, _validate_evidence(config, Path(app.confdir)))


def _validate_evidence(config: Config, confdir: Path) -> EvidenceSettings:
    value = config.adr_test_results
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SettingError(
            "adr_test_results", f"adr_test_results = {value!r}: must be a list of glob strings"
        )
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise SettingError(
            "adr_test_results", f"adr_test_results = {value!r}: every item must be a non-empty glob"
        )
    id_format = settings(config).id_format
    raw = config.adr_test_id_pattern
    pattern = (
        name_pattern(id_format)
        if raw is None
        else None
        if raw == ""
        else check_regex("adr_test_id_pattern", raw)
    )
    max_bytes = config.adr_test_results_max_bytes
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise SettingError(
            "adr_test_results_max_bytes",
            f"adr_test_results_max_bytes = {max_bytes!r}: must be a positive whole number",
        )
    return EvidenceSettings(
        globs=tuple(item.strip() for item in value),
        confdir=confdir,
        pattern=pattern,
        id_format=id_format,
        max_bytes=max_bytes,
        required=config.adr_confirmation_required is True,
    )


def _evidence_here(config: Config) -> EvidenceSettings:
    conf_file = getattr(config, "_raw_config", {}).get("__file__")
    return _validate_evidence(config, Path(conf_file).parent if conf_file else Path.cwd())


_EVIDENCE: PerConfig[EvidenceSettings] = PerConfig(_evidence_here)


def evidence_settings(config: Config) -> EvidenceSettings:
    return _EVIDENCE(config)


# --------------------------------------------------------------------------
# health (:mod:`.health`)


@dataclass(frozen=True)
class HealthSettings:
    """``adr_review_interval``, ``adr_proposed_max_age`` (days; ``None``: off) and
    ``adr_required_approvals``."""

    review_interval: int | None = None
    proposed_max_age: int | None = None
    required_approvals: int = 0


def _days(config: Config, name: str, allow_none: bool) -> int | None:
    """A whole number of days (``-D`` gives text); a bad one is one ``adr.config``
    warning and the default is used."""
    value = getattr(config, name)
    if value is None and allow_none:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= (1 if allow_none else 0):
        return value
    default = config.values[name].default
    what = "a positive whole number of days, or None" if allow_none else "a whole number, 0 or more"
    warn(f"{name} = {value!r}: must be {what}; {default!r} (the default) is used instead", "config")
    setattr(config, name, default)
    return default if isinstance(default, int) else None


def _read_settings(config: Config) -> HealthSettings:
    return HealthSettings(
        _days(config, "adr_review_interval", True),
        _days(config, "adr_proposed_max_age", True),
        _days(config, "adr_required_approvals", False) or 0,
    )


#: the validated health settings (checked once per configuration)
health_settings: PerConfig[HealthSettings] = PerConfig(_read_settings)


def refresh_health(_app: Sphinx, config: Config) -> None:
    health_settings.refresh(config)
