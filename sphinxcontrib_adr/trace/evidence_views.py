"""How tests confirming a decision are shown: the *Confirmed by* field of each
ADR's metadata block ("12 tests: 11 passed, 1 failed", then the tests, failing
ones first with the first line of their message, each linked to its file
through ``adr_code_url`` when the report names one). The data is read by
:mod:`.evidence`; everything here renders records at write time. Text from
a report is data: it becomes text nodes, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.locale import N_, _, translate
from ..render.metadata import AT_END
from .code import location_node, parse_code
from .derived import record_of
from .evidence import needs_test
from .evidence_records import FAILING, Evidence
from .settings import trace_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.model import ADR
    from ..render.context import RenderContext
    from .evidence_records import CaseResult
    from .settings import TraceSettings

#: at most this many tests are listed on an ADR (failing ones first); adrs.json has all
SHOWN = 25
#: a test's outcome (OUTCOMES) and an ADR's confirmation as the reader's language says them
OUTCOME_WORDS = (
    N_("passed"),
    N_("skipped"),
    N_("error"),
    N_("failed"),
    N_("passing"),
    N_("failing"),
    N_("none"),
)


def summary_text(evidence: Evidence) -> str:
    """``12 tests: 11 passed, 1 failed`` (``no test`` when none names the ADR)."""
    if evidence.total == 0:
        return _("no test")
    parts = [
        template.format(count=count)
        for count, template in (
            (evidence.passed, _("{count} passed")),
            (evidence.failed, _("{count} failed")),
            (evidence.errors, _("1 error") if evidence.errors == 1 else _("{count} errors")),
            (evidence.skipped, _("{count} skipped")),
        )
        if count
    ]
    total = _("1 test") if evidence.total == 1 else _("{count} tests")
    # Translators: "12 tests: 11 passed, 1 failed"
    return _("{total}: {outcomes}").format(
        total=total.format(count=evidence.total), outcomes=_(", ").join(parts)
    )


def _file_node(ts: TraceSettings, test: CaseResult) -> nodes.Node | None:
    if not test.file:
        return None
    text = f"{test.file}:{test.line}" if test.line else test.file
    spec = parse_code(test.file)
    if spec.problem or spec.glob:  # an absolute path or one leaving the code root: text
        return nodes.literal(text, text, classes=["adr-code"])
    return location_node(ts, text, spec.path, test.line or None)


def test_node(ts: TraceSettings, test: CaseResult) -> nodes.list_item:
    """One test: its outcome, its name, its file (linked) and its message."""
    shown = translate(test.outcome)
    outcome = nodes.inline(shown, shown, classes=[f"adr-test-{test.outcome}"])
    name = nodes.literal(test.display, test.display, classes=["adr-test-name"])
    para = nodes.paragraph("", "", outcome, nodes.Text(" "), name)
    where = _file_node(ts, test)
    if where is not None:
        para += [nodes.Text(" ("), where, nodes.Text(")")]
    if test.message and test.outcome in FAILING:
        para += [
            nodes.Text(": "),
            nodes.inline(test.message, test.message, classes=["adr-test-message"]),
        ]
    return nodes.list_item("", para, classes=["adr-test", f"adr-test-{test.outcome}"])


def evidence_field(ctx: RenderContext, evidence: Evidence) -> nodes.field:
    """The *Confirmed by* field: the summary, then the tests (at most :data:`SHOWN`)."""
    ts = trace_settings(ctx.domain.env.config)
    summary = summary_text(evidence)
    state = f"adr-confirmation-{evidence.confirmation}"
    body = nodes.field_body(
        "", nodes.paragraph("", "", nodes.inline(summary, summary, classes=[state]))
    )
    if evidence.tests:
        items = nodes.bullet_list(classes=["adr-tests"])
        items += [test_node(ts, test) for test in evidence.tests[:SHOWN]]
        body += items
        hidden = evidence.total - SHOWN
        if hidden > 0:
            where = ctx.domain.env.config.adr_json_path
            if isinstance(where, str) and where:
                text = _("… and {count} more ({path} lists every one)")
            else:
                text = _("… and {count} more")
            text = text.format(count=f"{hidden:,}", path=where)
            body += nodes.paragraph(text, text, classes=["adr-tests-more"])
    return nodes.field(
        "",
        nodes.field_name(_("Confirmed by"), _("Confirmed by")),
        body,
        classes=["adr-field-confirmed-by", "adr-confirmed-by", state],
    )


def metadata_fields(app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The *Confirmed by* field, when test results were read and tests name the ADR
    ("no test" only on an ADR that needs one: a page per decision saying so would be
    noise; the ``confirmation`` column says ``none``)."""
    children = ctx.domain.children(adr)
    evidence = record_of(children, Evidence)
    if evidence is None:
        return []
    if evidence.total == 0 and not needs_test(ctx.domain, adr, children):
        return []
    return [(AT_END, evidence_field(ctx, evidence))]
