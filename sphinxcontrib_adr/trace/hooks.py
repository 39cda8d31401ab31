"""Where the trace features meet Sphinx: settings, directives, placeholders and
event handlers, registered when the extension is loaded.

The features' modules (the code scan, git history, test results, changelogs,
health, tickets, the views) are imported by the handlers here the first time
there is something for them to do: a document with an ADR or a listing, a
configured scan, history or report. A handler that runs in every build returns
before importing anything when its feature would do nothing (no decision in the
project, the feature not configured, nothing derived by an earlier build to
forget), so a project without decisions pays for none of them (issue 29).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.after_read import DERIVE_RECORDS_EVENT
from ..core.config import add_config_value, connect_check
from ..core.domain import CHECK_CONSISTENCY_EVENT
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.read import DOC_READ_EVENT
from ..listings.columns import LISTING_COLUMNS_EVENT
from ..render.metadata import METADATA_FIELDS_EVENT
from ..render.placeholders import add_placeholder
from . import config, directives, settings
from .config import at_defaults
from .history_log import EarlyLog, enabled

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.domain import ADRDomain
    from ..core.model import ADR, Change
    from ..render.context import RenderContext


def _idle(domain: ADRDomain, feature: str) -> bool:
    """Whether ``feature``'s derive step has nothing to do: no decision, no listing,
    and none of its records left from an earlier build to forget."""
    return not domain.holds_decisions and not domain.derived.get(feature)


# --------------------------------------------------------------------------
# the code: scanned markers, declared paths (.code)


def _record_code(app: Sphinx, doctree: nodes.document) -> None:
    from .code import record_pages

    record_pages(app, doctree)


def _derive_code(app: Sphinx, domain: ADRDomain) -> None:
    if _idle(domain, "code") and not app.config.adr_code_scan:
        return  # no scan, no ADR: no marker to place, no path to check
    from .code import derive_code_refs

    derive_code_refs(app, domain)


def _check_code(app: Sphinx, domain: ADRDomain) -> None:
    if not domain.holds_decisions and not app.config.adr_code_scan:
        return
    from .code import check_code

    check_code(app, domain)


def _pages_showing_code(app: Sphinx, domain: ADRDomain, changes: object) -> list[str]:
    if not domain.holds_decisions:
        return []  # the pages it names hold an ADR or a code listing
    from .code import pages_showing_code

    return pages_showing_code(app, domain, changes)


def _code_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    from .code import metadata_fields

    return metadata_fields(app, ctx, adr)


# --------------------------------------------------------------------------
# tickets (.tickets)


def _collect_tickets(app: Sphinx, doctree: nodes.document) -> None:
    from .tickets import collect_tickets

    collect_tickets(app, doctree)


def _ticket_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    from .tickets import metadata_fields

    return metadata_fields(app, ctx, adr)


def _check_tickets(app: Sphinx, conf: Config) -> None:
    if at_defaults(conf, config.TICKETS_CONFIG):
        return  # no tracker: nothing to check
    from .validated import check_tickets

    check_tickets(app, conf)


def _register_code_and_tickets(app: Sphinx) -> None:
    for name, default, help_text in settings.CODE_CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, settings.check_code_settings, priority=500)
    app.connect(DOC_READ_EVENT, _record_code)
    app.connect(DERIVE_RECORDS_EVENT, _derive_code)
    app.connect(CHECK_CONSISTENCY_EVENT, _check_code)
    app.connect(PAGES_TO_REWRITE_EVENT, _pages_showing_code)
    for name, default, help_text in config.TICKETS_CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, _check_tickets, priority=500)
    app.add_role("ticket", directives.TicketRole())
    app.add_directive("adr-tickets", directives.TicketIndexDirective)
    # after the ADRs are recorded (400), so ADRs and their sections are known
    app.connect(DOC_READ_EVENT, _collect_tickets)
    add_placeholder(app, directives.tickets_placeholder)
    app.add_directive("adr-trace", directives.TraceDirective)
    app.add_directive("adr-code", directives.CodeDirective)
    add_placeholder(app, directives.trace_placeholder)
    add_placeholder(app, directives.code_placeholder)


# --------------------------------------------------------------------------
# git history (.history, .history_views)


def _history_columns(app: Sphinx) -> tuple[str, ...]:
    from .history import listing_columns

    return listing_columns(app)


def _record_history(app: Sphinx, doctree: nodes.document) -> None:
    from .history import record_pages

    record_pages(app, doctree)


class _DeriveHistory:
    """``adr-derive-records`` for the history, with the log started early."""

    def __init__(self, early: EarlyLog) -> None:
        self.early = early

    def __call__(self, app: Sphinx, domain: ADRDomain) -> None:
        if not enabled(app.config) and _idle(domain, "history") and not domain.derived_dates:
            return  # no git, no ADR: no history, no date to derive
        from .history import derive_history

        derive_history(app, domain, self.early)


def _history_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    from .history_views import metadata_fields

    return metadata_fields(app, ctx, adr)


def _register_history(app: Sphinx) -> None:
    app.connect(LISTING_COLUMNS_EVENT, _history_columns)
    for name, default, help_text in config.HISTORY_CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, config.check_history)
    app.connect(DOC_READ_EVENT, _record_history)
    early = EarlyLog()
    app.connect("env-before-read-docs", early.start)
    app.connect(DERIVE_RECORDS_EVENT, _DeriveHistory(early))
    app.connect("build-finished", early.discard)
    app.add_directive("adr-history", directives.HistoryDirective)
    app.add_directive("adr-commits", directives.CommitsDirective)
    add_placeholder(app, directives.history_placeholder)
    add_placeholder(app, directives.commits_placeholder)


# --------------------------------------------------------------------------
# test results (.evidence, .evidence_views)


def _evidence_columns(app: Sphinx) -> tuple[str, ...]:
    from .evidence_records import Evidence

    return Evidence.listing_columns(app)


def _record_evidence(app: Sphinx, doctree: nodes.document) -> None:
    from .evidence import record_pages

    record_pages(app, doctree)


def _derive_evidence(app: Sphinx, domain: ADRDomain) -> None:
    if not app.config.adr_test_results and not domain.derived.get("evidence"):
        return  # no report to read, no record to forget
    from .evidence import derive_evidence

    derive_evidence(app, domain)


def _check_evidence(app: Sphinx, domain: ADRDomain) -> None:
    if not domain.holds_decisions:
        return  # it checks ADRs
    from .evidence import check_evidence

    check_evidence(app, domain)


def _evidence_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    from .evidence_views import metadata_fields

    return metadata_fields(app, ctx, adr)


def _check_test_results(app: Sphinx, conf: Config) -> None:
    if at_defaults(conf, config.EVIDENCE_CONFIG):
        return  # no report: nothing to check
    from .validated import check_test_results

    check_test_results(app, conf)


def _register_evidence(app: Sphinx) -> None:
    for name, default, help_text in config.EVIDENCE_CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, _check_test_results)
    app.connect(LISTING_COLUMNS_EVENT, _evidence_columns)
    app.connect(DOC_READ_EVENT, _record_evidence)
    app.connect(DERIVE_RECORDS_EVENT, _derive_evidence)
    app.connect(CHECK_CONSISTENCY_EVENT, _check_evidence)


# --------------------------------------------------------------------------
# changelogs (.changes_views)


def _derive_changes(app: Sphinx, domain: ADRDomain) -> None:
    if _idle(domain, "changes"):
        return  # no changelog page, no :changed-since: listing
    from .changes_views import derive_changes

    derive_changes(app, domain)


def _changed_pages(app: Sphinx, domain: ADRDomain, changes: list[Change] | None) -> list[str]:
    if not domain.holds_decisions:
        return []  # the pages it names show a changelog
    from .changes_views import pages_to_rewrite

    return pages_to_rewrite(app, domain, changes)


def _register_changes(app: Sphinx) -> None:
    app.add_directive("adr-changes", directives.ChangesDirective)
    add_placeholder(app, directives.changes_placeholder)
    # registered after the history: its pass keeps the log read here
    app.connect(DERIVE_RECORDS_EVENT, _derive_changes)
    app.connect(PAGES_TO_REWRITE_EVENT, _changed_pages)


# --------------------------------------------------------------------------
# health (.health, .health_views)


def _health_columns(app: Sphinx) -> tuple[str, ...]:
    from .health_records import Health

    return Health.listing_columns(app)


def _record_health(app: Sphinx, doctree: nodes.document) -> None:
    from .health import record_pages

    record_pages(app, doctree)


def _derive_health(app: Sphinx, domain: ADRDomain) -> None:
    if _idle(domain, "health"):
        return  # no ADR to assess
    from .health import derive_health

    derive_health(app, domain)


def _check_health(app: Sphinx, domain: ADRDomain) -> None:
    if not domain.holds_decisions:
        return  # it checks ADRs
    from .health import check_health

    check_health(app, domain)


def _health_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    from .health_views import metadata_fields

    return metadata_fields(app, ctx, adr)


def _check_health_settings(app: Sphinx, conf: Config) -> None:
    if at_defaults(conf, config.HEALTH_CONFIG):
        return  # no cycle, no age, no approvals: nothing to check
    from .validated import refresh_health

    refresh_health(app, conf)


def _register_health(app: Sphinx) -> None:
    for name, default, help_text in config.HEALTH_CONFIG:
        add_config_value(app, name, default, help_text)
    app.connect("config-inited", _check_health_settings)
    app.connect(LISTING_COLUMNS_EVENT, _health_columns)
    app.connect(DOC_READ_EVENT, _record_health)
    # after the code scan, the history and the test results: it reads them
    app.connect(DERIVE_RECORDS_EVENT, _derive_health)
    app.connect(CHECK_CONSISTENCY_EVENT, _check_health)
    app.add_directive("adr-health", directives.HealthDirective)
    add_placeholder(app, directives.health_placeholder)


def register(app: Sphinx) -> None:
    """Every trace feature, in the order their handlers must run."""
    _register_code_and_tickets(app)
    _register_history(app)
    _register_evidence(app)
    _register_changes(app)
    _register_health(app)
    # metadata block order: Tickets, then Code, after the relations
    app.connect(METADATA_FIELDS_EVENT, _ticket_fields)
    app.connect(METADATA_FIELDS_EVENT, _code_fields)
    app.connect(METADATA_FIELDS_EVENT, _history_fields)
    app.connect(METADATA_FIELDS_EVENT, _evidence_fields)
    app.connect(METADATA_FIELDS_EVENT, _health_fields)
