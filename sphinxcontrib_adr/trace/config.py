"""The settings of the trace features besides the code's (:mod:`.settings`):
tickets, history, test results and health, each declared once with its help text.

Apart from the features so that loading the extension declares every setting
without importing what does the work (git, the report parser, the assessment);
values left at their defaults are not even validated at ``config-inited``
(:func:`at_defaults`: they cannot be wrong, and :mod:`.validated` gives the same
values on first use), so a project that uses none of them pays for none (issue 29).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from ..core.config import SettingError
from ..listings.filters import FILTER_OPTIONS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config


def at_defaults(config: Config, table: Sequence[tuple[str, Any, str]]) -> bool:
    """Whether every setting of ``table`` has its default, as written (``1`` is not
    ``True``); one Sphinx cannot convert counts as set, for its check to report."""
    try:
        return all(repr(getattr(config, name)) == repr(default) for name, default, _ in table)
    except ConfigError:
        return False


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


# --------------------------------------------------------------------------
# health (:mod:`.health`)


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


# --------------------------------------------------------------------------
# changelogs (:mod:`.changes_views`)

#: the options of ``adr-changes`` (its own, then the listings' filters)
CHANGES_OPTIONS = ("kinds", "missing", *FILTER_OPTIONS)
