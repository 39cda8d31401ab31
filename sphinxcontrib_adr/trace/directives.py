"""The trace features' directives, role and placeholders as Sphinx needs them
when the extension is loaded (names, arguments, options, node classes); what they
do lives in the features' modules, imported the first time a document uses one,
so a project without them does not import the code scan, git or the views
(issue 29).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..core.directive import any_options
from ..listings.filters import FILTER_OPTIONS
from ..render.placeholders import adr_placeholder
from .config import CHANGES_OPTIONS

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.util.typing import OptionSpec

    from ..render.context import RenderContext


class TraceDirective(SphinxDirective):
    """The traceability matrix: one row per ADR (filtered like ``adr-table``:
    ``status``, ``tags``, ``date``, ``deciders``, ``search``, ...) with its tickets
    and code locations (declared in ``:code:`` and found by the scan), as links,
    and counts. ``:columns:`` picks among ``adr``, ``status``, ``tickets``,
    ``code``, ``alternatives``, ``risks`` (counts) and ``gaps``; rows of active
    decisions with no code or no ticket are flagged in ``gaps``."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = any_options(*FILTER_OPTIONS, "columns")

    def run(self) -> list[nodes.Node]:
        from .views import run_trace

        return run_trace(self, trace_placeholder)


class CodeDirective(SphinxDirective):
    """Decisions affecting a path: ``.. adr-code:: src/billing`` (a file, a
    directory or a glob, relative to ``adr_code_root``) lists the ADRs that declare
    code there in ``:code:`` or that comments there refer to, with the locations.
    ``:empty:`` is the text shown when there is none. Meant for component pages."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = False
    option_spec: ClassVar[OptionSpec] = any_options("empty")

    def run(self) -> list[nodes.Node]:
        from .views import run_code

        return run_code(self, code_placeholder)


class TicketRole(SphinxRole):
    """``:ticket:`KB-142``` links a ticket id through ``adr_tickets``; inside an ADR
    the ticket is also listed for that ADR in the ticket index."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from .tickets import run_ticket

        return run_ticket(self)


class TicketIndexDirective(SphinxDirective):
    """The ticket index: every ticket named by an ADR (in ``:tickets:`` or in its
    text), with the decisions that name it. ``:trackers:`` limits it to some of
    the ``adr_tickets`` names; ``:empty:`` is the text shown when there is none."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = any_options("trackers", "empty")

    def run(self) -> list[nodes.Node]:
        from .tickets import run_ticket_index

        return run_ticket_index(self, tickets_placeholder)


class HistoryDirective(SphinxDirective):
    """The revision history of an ADR, from git: ``.. adr-history:: ADR-0007``
    (without an argument: the ADR of the page it is on). One row per committed
    revision of the ADR's file, newest first: date, commit (linked through
    ``adr_commit_url``), author, the commit's subject and the status in that
    revision. With ``:all:`` (and no argument), the overview instead: one row
    per ADR with its first commit, status history, last change and
    contributors. Needs ``adr_history``."""

    has_content = False
    optional_arguments = 1
    final_argument_whitespace = False
    option_spec: ClassVar[OptionSpec] = any_options("all")

    def run(self) -> list[nodes.Node]:
        from .history_views import run_history

        return run_history(self, history_placeholder)


class CommitsDirective(SphinxDirective):
    """Commits that implement decisions, across ADRs: ``.. adr-commits::`` lists
    every commit whose message names an ADR id (the format of
    ``adr_code_marker``/``adr_id_format``), newest first, with its date, id
    (linked through ``adr_commit_url``), the decisions it names and its subject.
    ``:limit:`` keeps the newest N. Needs ``adr_history``."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = any_options("limit")

    def run(self) -> list[nodes.Node]:
        from .history_views import run_commits

        return run_commits(self, commits_placeholder)


class ChangesDirective(SphinxDirective):
    """The changes to the decision log between two git revisions:
    ``.. adr-changes:: v1.0..v2.0`` (tags, branches, commits; ``v1.0..`` or
    ``v1.0`` alone: up to the working tree). Grouped by kind: ADRs added (with
    their status), status changes (from, to, and the date of the commit),
    ADRs superseded, deprecated or rejected (and by what), ADRs whose text
    changed (lines and commits), ADRs removed (named, as they no longer exist).
    ``:kinds:`` chooses the groups; the listings' filters (``:status:``,
    ``:tags:``, ...) choose the ADRs. ``:missing: info`` makes a changelog that
    cannot be computed (no git, a shallow clone) an info line instead of an
    ``adr.history`` warning. Needs ``adr_history``."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = False
    option_spec: ClassVar[OptionSpec] = any_options(*CHANGES_OPTIONS)

    def run(self) -> list[nodes.Node]:
        from .changes_views import run_changes

        return run_changes(self, changes_placeholder)


class HealthDirective(SphinxDirective):
    """The health of the decision log: ``.. adr-health::`` shows the ADRs by status
    (with a bar each), then one table per problem: reviews overdue, stale proposals,
    suspect ADRs (something they depend on changed after their last review),
    missing approvals, failing confirmations (accepted ADRs whose tests fail, when
    test results are read), code to revisit (traced to an inactive ADR) and, with
    ``:untraced:``, accepted ADRs traced to no code or ticket. ``:show:`` names the
    tables to show (``overdue, stale, suspect, approval, confirmation, revisit,
    untraced``);
    ``:projects:`` adds other projects' logs (``adr_external`` names, ``*``)."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = any_options("show", "projects", "untraced")

    def run(self) -> list[nodes.Node]:
        from .health_views import run_health

        return run_health(self, health_placeholder)


class changes_placeholder(adr_placeholder):
    """An ``adr-changes`` changelog, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .changes_views import render_changes

        return render_changes(ctx, self)


class health_placeholder(adr_placeholder):
    """An ``adr-health`` page, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .health_views import render_health

        return render_health(ctx, self)


class commits_placeholder(adr_placeholder):
    """An ``adr-commits`` table, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .history_views import render_commits

        return render_commits(ctx, self)


class history_placeholder(adr_placeholder):
    """An ``adr-history`` table, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .history_views import render_history

        return render_history(ctx, self)


class tickets_placeholder(adr_placeholder):
    """An ``adr-tickets`` index, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .tickets import render_index

        return render_index(ctx, self)


class trace_placeholder(adr_placeholder):
    """An ``adr-trace`` matrix, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .views import render_trace

        return render_trace(ctx, self)


class code_placeholder(adr_placeholder):
    """An ``adr-code`` table, resolved at write time."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        from .views import render_code

        return render_code(ctx, self)
