"""The settings of the trace features besides the code's (:mod:`.settings`):
tickets, history, test results and health; each declared once with its help text
and checked at ``config-inited``.

Apart from the features so that loading the extension declares and checks every
setting without importing what does the work (git, the report parser, the
assessment): a project that uses none of them pays for none (issue 29).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.config import PerConfig, SettingError, about, check_template, settings
from ..core.warnings import warn
from ..listings.filters import FILTER_OPTIONS
from .settings import check_regex, url_samples

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


# --------------------------------------------------------------------------
# tickets (:mod:`.tickets`)

TICKETS_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_tickets",
        {},
        "Ticket trackers: a mapping of name to ``(pattern, url_template)`` (or a dict "
        "with ``pattern`` and ``url``; the URL may be ``None``). Patterns are regular "
        "expressions matched against whole ticket ids; templates take ``{id}`` (the "
        "ticket id) and the pattern's named groups, e.g. ``{'JIRA': (r'[A-Z]+-\\d+', "
        "'https://jira.example.com/browse/{id}'), 'GH': (r'#(?P<number>\\d+)', "
        "'https://github.com/org/repo/issues/{number}')}``. The first matching tracker "
        "wins. Empty: tickets are shown as plain text and not checked.",
    ),
    (
        "adr_tickets_autolink",
        True,
        "Whether ticket ids written in the text of an ADR are linked (and recorded for "
        "the ticket index), not only ``:tickets:`` values and the ``:ticket:`` role.",
    ),
]


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
# history (:mod:`.history`)

DATE_FROM = ("git-accepted", "git-first")
HISTORY_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_history",
        False,
        "Read each ADR's history from git (the repository holding the documentation): "
        "a *History* field in each metadata block (first commit, status history, last "
        "change, contributors, uncommitted changes) and the data of ``adr-history``. "
        "Off without git or outside a checkout (one info line, no warning).",
    ),
    (
        "adr_date_from",
        None,
        "What stands in for ``:date:`` when an ADR does not write one: "
        "``'git-accepted'`` (the date its accepted status was first committed, else its "
        "first commit), ``'git-first'`` (its first commit) or ``None``. A written date "
        "always wins. Reads git like ``adr_history``.",
    ),
    (
        "adr_commit_url",
        None,
        "A URL template linking commits, with ``{commit}`` (the full id), e.g. "
        "``'https://github.com/org/repo/commit/{commit}'``. Without one, commits are "
        "shown as short ids.",
    ),
]


def check_history(_app: Sphinx, config: Config) -> None:
    value = config.adr_date_from
    if value is not None and value not in DATE_FROM:
        raise SettingError(
            "adr_date_from",
            f"adr_date_from = {value!r}: write one of {', '.join(map(repr, DATE_FROM))} or None",
        )
    url = config.adr_commit_url
    if url is not None and (not isinstance(url, str) or "{commit}" not in url):
        raise SettingError(
            "adr_commit_url", f"adr_commit_url = {url!r}: must be a string holding {{commit}}"
        )


def commit_url(config: Config, sha: str) -> str | None:
    url = config.adr_commit_url
    return str(url).replace("{commit}", sha) if url else None


# --------------------------------------------------------------------------
# test results (:mod:`.evidence`)

EVIDENCE_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_test_results",
        [],
        "JUnit XML test reports to show on the ADRs their tests confirm: globs relative "
        "to the directory of ``conf.py`` (``['reports/*.xml']``; ``**`` crosses "
        "directories). pytest, Maven Surefire, Gradle, go-junit-report and jest-junit "
        "reports are read. Empty: no test results. When no file matches (a build that "
        "did not run the tests), one info line says so.",
    ),
    (
        "adr_test_id_pattern",
        None,
        "A regular expression finding ADR ids in test names and class names; the id is "
        "its ``id`` group, its ``number`` group (formatted through ``adr_id_format``) "
        "or the whole match. Default (``None``): built from ``adr_id_format``, so "
        "``test_adr_0007_ttl``, ``ADR0007Test`` and ``TestADR7`` name ADR-0007. ``''``: "
        "only ``adr`` properties count (names are not read).",
    ),
    (
        "adr_test_results_max_bytes",
        64_000_000,
        "Reports larger than this are not read (one ``adr.confirmation`` warning each).",
    ),
    (
        "adr_confirmation_required",
        False,
        "Every accepted ADR needs a test: one without any is an ``adr.confirmation`` "
        "warning (checked only when test results were read). An ADR opts out with "
        "``:confirmation: optional``; without this setting, ``:confirmation: required`` "
        "asks it of one ADR.",
    ),
]


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


HEALTH_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_review_interval",
        None,
        "Days after its last review that an accepted ADR is due for review again "
        "(``365``: once a year); ``None`` (the default) sets no cycle. The last review is "
        "the latest of ``:reviewed:``, the status date, ``:date:`` and, with "
        ":confval:`adr_history`, the last commit that changed the ADR. ``:review-by:`` "
        "overrides it for one ADR. An overdue ADR is one ``adr.review`` warning.",
    ),
    (
        "adr_proposed_max_age",
        None,
        "Days a ``proposed`` ADR may stay proposed (counted from the date the status was "
        "first committed, else its status date or ``:date:``); older, it is *stale*: one "
        "``adr.stale`` warning. ``None`` (the default): never stale.",
    ),
    (
        "adr_required_approvals",
        0,
        "How many names ``:approved-by:`` must hold on an accepted ADR; fewer is one "
        "``adr.approval`` warning. ``0`` (the default): approvals are not counted.",
    ),
]


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


# --------------------------------------------------------------------------
# changelogs (:mod:`.changes_views`)

#: the options of ``adr-changes`` (its own, then the listings' filters)
CHANGES_OPTIONS = ("kinds", "missing", *FILTER_OPTIONS)
