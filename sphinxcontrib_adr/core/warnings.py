"""The one warning helper and the closed set of warning subtypes.

Every problem in user input is reported through :func:`warn` with
``type="adr"`` and one of the subtypes below, so that
``suppress_warnings = ["adr.<subtype>"]`` silences exactly one kind of
problem.  The warnings reference in the docs is generated from
:data:`SUBTYPES`, so a subtype cannot exist undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docutils import nodes
    from sphinx.config import Config

WARNING_TYPE = "adr"

logger = logging.getLogger("sphinxcontrib_adr")


@dataclass(frozen=True)
class Subtype:
    """A documented kind of warning."""

    name: str
    trigger: str
    fix: str
    example: str = ""


_ALL = (
    # ---- configuration
    Subtype(
        "config",
        "An ``adr_*`` value in ``conf.py`` (or given with ``-D``) has the wrong type or "
        "a value the extension cannot use: a switch that is not ``True``/``False``, a "
        "status list that does not hold the statuses other settings name, a template "
        "with an unknown placeholder, a regular expression that does not compile; or an "
        "``adr.<subtype>`` in ``suppress_warnings`` that names no subtype (it would "
        "silence nothing). The "
        "build goes on with that setting's default, so the message also says what is "
        "used instead.",
        "Correct the value as the message says (it names the setting, the value and what "
        "is expected); the configuration reference lists each setting's type and default.",
        "adr_status_banner = 'no'",
    ),
    # ---- the adr directive
    Subtype(
        "id",
        "An ``:id:`` is empty or contains spaces or markup, or no id can be derived "
        "because the file name does not start with a number.",
        "Write an id of letters, digits and ``. _ : + -`` (``:id: ADR-0007``), or name "
        "the file ``NNNN-title.rst`` so the id follows from ``adr_id_format``.",
        ":id: my decision",
    ),
    Subtype(
        "duplicate",
        "Two ADRs (in the same or different documents) have the same id. Both places "
        "are named; references go to the first in document order.",
        "Give one of them another id (``sphinx-adr new`` picks the next free number).",
        ":id: ADR-0001   (in two files)",
    ),
    Subtype(
        "status",
        "A ``:status:`` is missing a value or is not one of ``adr_statuses`` or "
        "``adr_status_aliases``.",
        "Write one of the configured statuses (the message lists them) or add an alias "
        "to ``adr_status_aliases``.",
        ":status: accpeted",
    ),
    Subtype(
        "date",
        "A date (``:date:``, ``:review-by:``, ``:reviewed:``, a status date, the date of "
        "an approval in ``:approved-by:`` or a date field) is not a "
        "real ``YYYY-MM-DD`` date, or a ``:reviewed:`` date is after today (it would put "
        "the next review off).",
        "Write the date as ``YYYY-MM-DD``; a review's date is the day it was done.",
        ":date: 2026-13-45",
    ),
    Subtype(
        "option",
        "A directive has an option it does not know (a typo, or an extra field not "
        "declared in ``adr_fields``), or a line under ``.. adr::`` looks like an option but "
        "lacks its second colon (``:status accepted``).",
        "Fix the spelling, or declare the field in ``adr_fields``; the message lists the "
        "valid options.",
        ":stauts: accepted",
    ),
    Subtype(
        "value",
        "An option has an empty value, or an extra field has a value its type does not "
        "allow (a choice that is not listed).",
        "Give the option a value, or remove it.",
        ":deciders:",
    ),
    Subtype(
        "ref",
        "A reference (``:adr:`` role) names an ADR, alternative or risk that does not exist, "
        "or names an ADR by a bare number (``:adr:`2```: it links to ADR-0002 through "
        "``adr_id_format``, and says so once).",
        "Check the id (``sphinx-adr list`` shows every id); write ids in full.",
        ":adr:`ADR-9999`",
    ),
    Subtype(
        "link",
        "A relation (``:supersedes:``, ``:relates:``, ...) names an ADR that does not exist, "
        "or names one by a bare number (``:supersedes: 2`` is read as ADR-0002, like "
        '``sphinx-adr new --supersedes 2``, and reported once: "did you mean ADR-0002?").',
        "Check the id, or remove the relation if that ADR was deleted; write ids in full, "
        "so that a text search finds every mention.",
        ":supersedes: ADR-9999",
    ),
    Subtype(
        "self_link",
        "An ADR declares a relation to itself.",
        "Remove the relation or name the other ADR.",
        ":relates: ADR-0007   (on ADR-0007)",
    ),
    Subtype(
        "cycle",
        "Directed relations (``supersedes``, ``amends``, ...) form a cycle: A supersedes "
        "B which supersedes A.",
        "Remove one relation of the cycle; the message lists it in order.",
    ),
    Subtype(
        "status_inconsistent",
        "An ADR is superseded by an accepted ADR but its own status is not "
        "``superseded`` (generally: a relation implies a status the target does not "
        "have).",
        "Change the target's status as the message says, or remove the relation.",
    ),
    Subtype(
        "review",
        "An ADR is overdue for review: its ``:review-by:`` date is in the past (and no "
        "``:reviewed:`` date is after it), or, with ``adr_review_interval``, an accepted "
        "ADR's last review (``:reviewed:``, its status date, ``:date:``, with "
        "``adr_history`` its last commit) is older than the interval. Today is taken from "
        "``SOURCE_DATE_EPOCH`` when it is set.",
        "Review the decision and run ``sphinx-adr review ADR-0007`` (it writes "
        "``:reviewed:`` with today's date), move ``:review-by:`` forward, or change its "
        "status.",
        ":review-by: 2020-01-01",
    ),
    Subtype(
        "stale",
        "With ``adr_proposed_max_age``, a proposed ADR has stayed proposed longer than "
        "that many days (since the status was first committed, else its status date or "
        "``:date:``).",
        "Decide: accept or reject it (``sphinx-adr status ADR-0007 accepted``), or withdraw it.",
        "ADR-0007 is a stale proposal: proposed since 2025-01-10 (400 days; "
        "adr_proposed_max_age is 90)",
    ),
    Subtype(
        "suspect",
        "An ADR relies on another (``:depends-on:`` or ``:amends:``) that became inactive "
        "(superseded, deprecated, rejected) or, with ``adr_history``, changed in a commit "
        "after the ADR's last review: the decision may no longer hold. One warning per "
        "ADR names each change and its date.",
        "Review the ADR against what changed, edit it if it no longer holds, and run "
        "``sphinx-adr review ADR-0009``.",
        "ADR-0009 is suspect: depends on ADR-0003, which became superseded (by ADR-0012) "
        "on 2025-06-01, after its last review (2025-01-10)",
    ),
    Subtype(
        "approval",
        "With ``adr_required_approvals``, an accepted ADR names fewer approvers in "
        "``:approved-by:`` than required.",
        "Add the approvers, each optionally with the date: "
        "``:approved-by: Ana Lima (2026-01-02), Bo Chen``.",
        "ADR-0007 is missing approvals: 1 of the 2 approvals required",
    ),
    Subtype(
        "placement",
        "A directive is placed where it cannot attach: an ``adr`` outside any section, "
        "a second ``adr`` in one section.",
        "Put ``.. adr::`` right under the title of the section that holds the decision, "
        "or use the compact form ``.. adr:: Title`` with the body as its content.",
    ),
    Subtype(
        "myst_colon_fence",
        "A MyST page writes ``:::{adr}`` but ``myst_enable_extensions`` does not hold "
        "``colon_fence``, so MyST reads the block as text and the page has no ADR "
        "(``sphinx-adr lint`` and ``list`` report it too).",
        'Add ``myst_enable_extensions = ["colon_fence"]`` to ``conf.py``, or open and '
        "close the block with three backticks instead of three colons.",
        ":::{adr}   (without colon_fence)",
    ),
    # ---- the body: alternatives, risks, consequences, metrics
    Subtype(
        "verdict",
        "An ``alternative`` (or an ``alternative-table`` filter) names a verdict that is "
        "not in ``adr_verdicts``.",
        "Write one of the configured verdicts (the message lists them) or add yours to "
        "``adr_verdicts``.",
        ":verdict: choosen",
    ),
    Subtype(
        "impact",
        "A ``risk`` (or a ``risk-table`` filter) has an ``:impact:`` that is not on the "
        "impact scale (``adr_risk_impact_scale``).",
        "Write a value of the scale (the message lists them); a note may follow in "
        "parentheses: ``high (delayed exports)``.",
        ":impact: huge",
    ),
    Subtype(
        "likelihood",
        "A ``risk`` (or a ``risk-table`` filter) has a ``:likelihood:`` that is not on the "
        "likelihood scale (``adr_risk_likelihood_scale``).",
        "Write a value of the scale (the message lists them).",
        ":likelihood: often",
    ),
    Subtype(
        "risk_status",
        "A ``risk`` has a ``:status:`` that is not in ``adr_risk_statuses``.",
        "Write one of the configured risk statuses (open, mitigated, accepted, closed).",
        ":status: fixed",
    ),
    Subtype(
        "criterion",
        "An ``alternative`` has an option that is neither one of its own options nor a "
        "criterion of ``adr_criteria`` (a rating for an unknown criterion).",
        "Fix the spelling, or declare the criterion and its scale in ``adr_criteria``.",
        ":perfromance: good",
    ),
    Subtype(
        "rating",
        "An ``alternative`` rates a criterion with a value that is not on the criterion's scale.",
        "Write a value of the scale (the message lists them, or the numeric range).",
        ":complexity: enormous",
    ),
    Subtype(
        "orphan",
        "An ``alternative``, ``risk``, ``consequences``, ``metrics`` or ``reconsider`` "
        "directive is neither inside an ADR's section nor given ``:adr:``.",
        "Move it into the ADR's section, or name the ADR with ``:adr: ADR-0007``.",
    ),
    Subtype(
        "unknown_adr",
        "An ``:adr:`` option (on a body directive or a listing) names an ADR that does not exist.",
        "Check the id; ``sphinx-adr list`` shows every id.",
        ":adr: ADR-9999",
    ),
    Subtype(
        "alternative_duplicate",
        "Two alternatives of one ADR have the same title, or two alternatives share an "
        "explicit ``:id:``.",
        "Give the options distinct titles (or distinct ``:id:`` values).",
    ),
    Subtype(
        "risk_duplicate",
        "Two risks share an id (the same title in one ADR, or the same explicit ``:id:``).",
        "Give the risks distinct titles (or distinct ``:id:`` values).",
    ),
    Subtype(
        "no_chosen",
        'Only with ``"no_chosen"`` in ``adr_style_checks``: an ADR with the accepted '
        "status (``adr_accepted_status``) has alternatives but none of them has a chosen "
        "verdict (``adr_chosen_verdicts``).",
        "Mark the option the decision took with ``:verdict: chosen``, or add it as an alternative.",
    ),
    Subtype(
        "empty_block",
        "A part label in a body directive's content (``Pros:``, ``Cons:``, ``Reason:``, "
        "``Mitigation:``, ``Positive:``, ...) is followed by no items, or a "
        "``consequences``/``reconsider`` directive has no items at all.",
        "Write the items as a list right after the label, or remove the label.",
        "Cons:\n\nReason: too slow",
    ),
    Subtype(
        "malformed_list",
        "The items after a part label are not a list: in reST the blank line between "
        "``Pros:`` and the list is missing (the list became part of the paragraph); in "
        "MyST the list is indented four spaces (it became a code block), or something "
        "else than a list follows the label.",
        "Write the label on its own line, then (in reST after a blank line) a bullet list "
        "at the same indentation.",
        "Pros:\n- fast\n- simple",
    ),
    Subtype(
        "consequence_kind",
        "A ``consequences`` directive holds a list without a kind (no ``Positive:`` / "
        "``Negative:`` / ``Neutral:`` label and no ``:kind:``), or names a kind that is "
        "not in ``adr_consequence_kinds``.",
        "Put the list after a label naming its kind, or give the directive ``:kind:``.",
        ":kind: good",
    ),
    Subtype(
        "metric_format",
        "A ``metrics`` directive holds no table, a table without a header row or "
        "``Metric`` column, a column it does not know, or a status not in "
        "``adr_metric_statuses``.",
        "Write one table with the header ``Metric | Before | After | Target | Status`` "
        "(any subset after Metric); statuses from ``adr_metric_statuses``.",
    ),
    # ---- listings
    Subtype(
        "filter",
        "An option of a listing directive (``adr-table``, ``adr-list``, ``adr-graph``, "
        "``adr-timeline``, ...) cannot be understood: an unknown status, tag mode, "
        "relation, field, column or sort key, a malformed date range or condition, "
        "or a ``:limit:`` that is not a positive number. The directive then shows "
        "nothing rather than a misleading list.",
        "Write the option as the message says; the directive reference lists every "
        "filter with examples.",
        ":status: acepted",
    ),
    # ---- the graph
    Subtype(
        "graphviz",
        "An ``adr-graph`` cannot be drawn: no Graphviz program was found (the "
        "``graphviz_dot`` setting when you set it, else ``dot`` on the ``PATH``, else "
        "graphviz-pure from ``pip install 'sphinxcontrib-adr[graphs]'``), or it failed. "
        "The page shows the relations as a list instead.",
        "Install the ``graphs`` extra (``pip install 'sphinxcontrib-adr[graphs]'``) or "
        "Graphviz (``apt install graphviz``, ``brew install graphviz``, ...), or set "
        "``graphviz_dot`` to the full path of a working ``dot``.",
        "graphviz_dot = '/opt/missing/dot'",
    ),
    # ---- sphinx-needs
    Subtype(
        "needs",
        "With sphinx-needs loaded, an ADR, alternative or risk cannot become a need: "
        "a need of the same id already exists, or sphinx-needs refuses a value (for "
        "example a status not in ``needs_statuses``).",
        "Rename one of the two ids, or allow the value in the sphinx-needs configuration; "
        "the message quotes sphinx-needs' reason.",
        ".. req:: Cache\n   :id: ADR-0007   (the id of an ADR)",
    ),
    # ---- tracing to code
    Subtype(
        "code_missing",
        "A ``:code:`` entry names a file or directory that does not exist under "
        "``adr_code_root``, a glob that matches nothing, or a line beyond the end of "
        "the file.",
        "Fix the path (it is relative to ``adr_code_root``, by default the repository "
        "root) or remove the entry if the code is gone.",
        ":code: src/pool.py:400",
    ),
    Subtype(
        "code_path",
        "A ``:code:`` entry (or an ``adr-code`` path) is an absolute path, leads outside "
        "``adr_code_root`` (``../../etc/passwd``) or is a glob that cannot be read (a "
        "reversed range such as ``[z-a]``); it is shown as text, never checked or linked.",
        "Write the path relative to ``adr_code_root`` (or move ``adr_code_root`` up); fix "
        "the glob's character class.",
        ":code: ../../etc/passwd",
    ),
    Subtype(
        "code_unknown_ref",
        "A comment in a scanned source file names an ADR id that no document defines. "
        "The warning points at the source file and line.",
        "Fix the id in the comment, or write the missing ADR.",
        "# Implements: ADR-0042",
    ),
    Subtype(
        "code_stale_ref",
        "A comment in a scanned source file names an ADR whose status is one of "
        "``adr_inactive_statuses`` (superseded, rejected, deprecated): the code still "
        "follows a decision that no longer applies.",
        "Update the code to the decision that replaced it (the message names it) and "
        "change the comment, or remove the comment.",
        "src/pool.py:42 still follows ADR-0003, superseded by ADR-0007",
    ),
    Subtype(
        "code_scan",
        "A file selected by ``adr_code_scan`` cannot be scanned: it cannot be read, or "
        "it is larger than ``adr_code_scan_max_bytes``. (Binary files are skipped "
        "silently; non-UTF-8 text is scanned with undecodable bytes replaced.)",
        "Exclude the file with ``adr_code_scan_exclude`` or ``.gitignore``, fix its "
        "permissions, or raise ``adr_code_scan_max_bytes``.",
    ),
    # ---- history from git
    Subtype(
        "history",
        "An ``adr-changes`` changelog (or a listing's ``:changed-since:``) cannot be "
        "computed: a revision git does not know (a typo, or a commit a shallow clone "
        "lacks), git is not installed, the sources are not in a git checkout, or "
        "``adr_history`` is off. The page is built; the changelog says it cannot be "
        "shown (a listing filtered by ``:changed-since:`` shows no ADR).",
        "Write a revision of the repository (``git rev-parse --verify REV`` must find "
        "it), fetch the history (``git fetch --unshallow``), set ``adr_history = True``; "
        "or give ``:missing: info`` where the docs are also built without the history.",
        ".. adr-changes:: v1.0..v9.9",
    ),
    # ---- the export
    Subtype(
        "export",
        "An HTML build cannot write the JSON export to ``adr_json_path`` (a directory "
        "of that name is in the way, or the output directory is read-only). The pages "
        "are built; only the export is missing.",
        "Remove what is in the way, or set ``adr_json_path`` to another file (``None`` "
        "writes no export).",
    ),
    Subtype(
        "external",
        "An ``adr_external`` project's ``adrs.json`` cannot be read (no such file, a FIFO or "
        "a device, over 64 MiB, a URL not read within ``adr_external_timeout`` or "
        "redirected to another scheme, and no cached copy), or is "
        "not an ADR export of a format version this sphinxcontrib-adr reads (not JSON, a "
        "newer version, a field of the wrong type). The build goes on without that "
        "project's ADRs, and references to them do not warn again. Also, once per log, "
        "what the log holds that this build leaves out: page addresses that are not "
        "``http``/``https`` or paths (the ADR is shown without a link), ADRs with an "
        "unusable id, repeating an id, or claiming another configured project's id, "
        "relations between two ADRs other than the declaring one, dates that are not "
        "real.",
        "Check the path (relative to ``conf.py``) or URL; rebuild the other project to "
        "write its export again, or upgrade sphinxcontrib-adr when the message says the "
        "file is newer; what was left out is the other project's to fix.",
        "adr_external = {'platform': 'missing/adrs.json'}",
    ),
    # ---- tickets
    Subtype(
        "ticket_unknown",
        "A ``:tickets:`` value or a ``:ticket:`` role names something that matches none "
        "of the patterns in ``adr_tickets`` (checked only when ``adr_tickets`` is set).",
        "Write the ticket id as your tracker spells it (the message lists the patterns), "
        "or add a pattern for that tracker to ``adr_tickets``.",
        ":tickets: ticket 42",
    ),
    # ---- tests confirming decisions
    Subtype(
        "confirmation",
        "What the test reports of ``adr_test_results`` say cannot stand: an accepted "
        "ADR has failing or erroring tests (one warning per ADR, naming them); an ADR "
        "written with ``:confirmation: required`` (or, with "
        "``adr_confirmation_required = True``, any accepted ADR) has no test at all; "
        "tests name ADRs this project does not have, or decisions that no longer apply "
        "(one warning per report, at the report); a report cannot be read (not JUnit "
        "XML, malformed, with a DTD or entities, over "
        "``adr_test_results_max_bytes``, not a regular file).",
        "Fix the code or the failing tests (or revisit the decision); mark a test that "
        'confirms the ADR with ``@pytest.mark.adr("ADR-0007")`` or name it after the '
        "id (``test_adr_0007_...``); correct the ids in the tests; fix or exclude the "
        "report (the ``adr_test_results`` globs).",
        "ADR-0007 is accepted but 1 of its 12 tests fail: tests.test_cache.test_ttl "
        "(failed: assert 2 == 1)",
    ),
)

SUBTYPES: Mapping[str, Subtype] = MappingProxyType({s.name: s for s in _ALL})


def all_subtypes() -> list[Subtype]:
    """Every documented subtype, in the order of the reference."""
    return list(SUBTYPES.values())


def shown(config: Config, subtype: str) -> bool:
    """Whether an ``adr.<subtype>`` warning would be shown (not in ``suppress_warnings``).

    A check that would make thousands of warnings only to have them filtered asks
    first: making and filtering each costs more than finding it.
    """
    return not is_suppressed_warning(WARNING_TYPE, subtype, config.suppress_warnings)


def warn(
    message: str,
    subtype: str,
    location: nodes.Node | tuple[str | None, int | None] | str | None = None,
    **kwargs: Any,
) -> None:
    """Emit one ``adr.<subtype>`` warning at ``location`` (node, ``(docname, line)``)."""
    if subtype not in SUBTYPES:  # a programming error, not a user one
        raise KeyError(f"undocumented adr warning subtype {subtype!r}")
    logger.warning(
        message,
        type=WARNING_TYPE,
        subtype=subtype,
        location=location,
        **kwargs,
    )
