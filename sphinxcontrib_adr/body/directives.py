"""Directives for the options and dangers of a decision: ``alternative`` and
``risk`` (the outcomes, ``consequences``, ``metrics`` and ``reconsider``, are
:mod:`.outcomes`).

Each directive validates its options and content in ``run()`` (so reST and
MyST behave the same), renders itself from standard docutils nodes, and
leaves its parsed data on the returned container (``node["adr_body"]``) for
the read step (:mod:`.read`), which records it once the enclosing ADR is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from ..core.directive import OptionChecker, any_options
from ..core.domain import css_name
from ..core.locale import N_, _, translate
from ..core.warnings import warn
from .content import (
    ALTERNATIVE_PARTS,
    PART_LABELS,
    RISK_PARTS,
    BodyDirective,
    Parts,
    badge,
    label_word,
    level_class,
    make_field,
    merit_class,
    title_rubric,
)
from .inline import Inline, Item, label_map, to_segments
from .records import Alternative, Risk
from .settings import ALTERNATIVE_OPTIONS, BodySettings, Scale
from .translated import mark

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec


class AlternativeDirective(BodyDirective):
    """An option considered for a decision: ``.. alternative:: Title``.

    Options: ``verdict`` (one of :confval:`adr_verdicts`), ``adr`` (the ADR, when
    written outside its section), ``id`` (default: ``<ADR id>.<title slug>``) and
    one option per criterion of :confval:`adr_criteria` (``:performance: good``).
    Content: a description, then ``Pros:``, ``Cons:`` and ``Reason:`` each
    followed by a list (``Reason: text`` for a single line).
    """

    what = "alternative"
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = any_options(*ALTERNATIVE_OPTIONS)

    def run(self) -> list[nodes.Node]:
        conf, check, options = self.setup_run()
        verdict, ratings = self._parse_options(conf, check, options)
        title, plain, messages = self.title_nodes()
        parts = self.reader().read(self.content_nodes(), label_map(ALTERNATIVE_PARTS))
        rest = [*parts.bodies("description"), *parts.rest]
        mark_sources(parts, ("pros", "cons", "reason"), rest)
        container = self._render(conf, verdict, ratings, title, plain, parts, rest)
        record = Alternative(
            adr="",
            docname="",
            lineno=self.lineno,
            anchor="",
            id=self.id_option(check, options) or "",
            title=plain,
            verdict=verdict,
            description=first_paragraph(rest),
            pros=parts.items("pros"),
            cons=parts.items("cons"),
            reason=parts.items("reason"),
            ratings=tuple(ratings),
        )
        return [self.finish(container, self.adr_option(check, options), record), *messages]

    def _parse_options(
        self, conf: BodySettings, check: OptionChecker, options: dict[str, Any]
    ) -> tuple[str, list[tuple[str, str]]]:
        """The verdict and the ratings (criterion, value); unknown names and values off
        a criterion's scale are reported and left out."""
        for name in options:
            if name not in ALTERNATIVE_OPTIONS and name not in conf.criteria:
                warn(
                    f"alternative: ':{name}:' is neither an option of alternative "
                    f"({', '.join(ALTERNATIVE_OPTIONS)}) nor a criterion of adr_criteria "
                    f"({', '.join(conf.criteria)}); fix it or declare the criterion",
                    "criterion",
                    check.location,
                )
        default = "considered" if "considered" in conf.verdicts else conf.verdicts[-1]
        verdict = self.choice_option(check, options, "verdict", conf.verdicts, default, "verdict")
        ratings: list[tuple[str, str]] = []
        for criterion, scale in conf.criteria.items():
            value = check.text(options, criterion)
            if value is None:
                continue
            parsed = scale.parse(value)
            if parsed is None:
                warn(
                    f"alternative: {value!r} is not on the scale of :{criterion}:; write "
                    + scale.describe(),
                    "rating",
                    check.location,
                )
                continue
            ratings.append((criterion, parsed[0]))
        return verdict, ratings

    @staticmethod
    def _render(
        conf: BodySettings,
        verdict: str,
        ratings: list[tuple[str, str]],
        title: list[nodes.Node],
        plain: str,
        parts: Any,
        rest: list[nodes.Node],
    ) -> nodes.container:
        """The option as shown: title with its verdict badge, description, then the
        ratings and the pros, cons and reason as fields."""
        container = nodes.container(classes=["adr-alternative", f"adr-verdict-{css_name(verdict)}"])
        rubric = title_rubric(plain, title, ["adr-alternative-title"])
        rubric += nodes.Text(" ")
        rubric += badge(verdict, "adr-verdict", f"adr-verdict-{css_name(verdict)}")
        container += rubric
        container += rest
        fields = [
            make_field(
                label_word(c),
                [badge(v, "adr-rating", merit_class(conf.criteria[c], v, conf.better[c]))],
            )
            for c, v in ratings
        ]
        for part in ("pros", "cons", "reason"):
            bodies = parts.bodies(part)
            for body in bodies:
                if isinstance(body, nodes.Element):
                    body["classes"] = [*body.get("classes", []), f"adr-{part}"]
            if bodies:
                fields.append(make_field(PART_LABELS[part], bodies))
        if fields:
            container += nodes.field_list("", *fields, classes=["adr-parts"])
        return container


def first_paragraph(body: list[nodes.Node]) -> Inline:
    """The inline content of the first paragraph of ``body`` (a record's description)."""
    return next((to_segments(n.children) for n in body if isinstance(n, nodes.paragraph)), ())


def mark_sources(parts: Parts, fields: tuple[str, ...], rest: list[nodes.Node]) -> None:
    """Mark the nodes the record's items and description come from, for the read
    step to read them again as a translated page shows them."""
    for block in parts.blocks:
        if block.part in fields:
            for source in block.sources:
                mark(source, block.part)
    description = next((n for n in rest if isinstance(n, nodes.paragraph)), None)
    if description is not None:
        mark(description, "description")


class RiskDirective(BodyDirective):
    """A risk of a decision: ``.. risk:: Title``.

    Options: ``impact`` and ``likelihood`` (on :confval:`adr_risk_impact_scale`
    and :confval:`adr_risk_likelihood_scale`; a note may follow in parentheses),
    ``status`` (:confval:`adr_risk_statuses`, default the first), ``owner``,
    ``mitigation`` (one line), ``adr``, ``id``. Content: a description, and
    ``Mitigation:`` followed by a list for several mitigations.
    """

    what = "risk"
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    known_options = ("impact", "likelihood", "status", "owner", "mitigation", "adr", "id")
    option_spec: ClassVar[OptionSpec] = any_options(*known_options)

    def scale_option(
        self, check: OptionChecker, options: dict[str, Any], name: str, scale: Scale
    ) -> tuple[str, str | None]:
        raw = check.text(options, name)
        if raw is None:
            warn(
                f"risk: no :{name}:; write one of: {scale.describe()}",
                name,
                check.location,
            )
            return "", None
        parsed = scale.parse(raw)
        if parsed is None:
            warn(
                f"risk: unknown {name} {raw!r}; write one of: {scale.describe()}",
                name,
                check.location,
            )
            return "", None
        return parsed

    def run(self) -> list[nodes.Node]:
        conf, check, options = self.setup_run()
        for name in check.unknown(options, self.known_options):
            options.pop(name)
        impact, impact_note = self.scale_option(check, options, "impact", conf.impact)
        likelihood, likelihood_note = self.scale_option(
            check, options, "likelihood", conf.likelihood
        )
        status = self.choice_option(
            check, options, "status", conf.risk_statuses, conf.risk_statuses[0], "risk_status"
        )
        owner = check.text(options, "owner")
        title, plain, messages = self.title_nodes()
        parts = self.reader().read(self.content_nodes(), label_map(RISK_PARTS))
        mitigation, mitigation_nodes = self._mitigation(check, options, parts, messages)
        mark_sources(parts, ("mitigation",), parts.rest)
        record = Risk(
            adr="",
            docname="",
            lineno=self.lineno,
            anchor="",
            id=self.id_option(check, options) or "",
            title=plain,
            impact=impact,
            likelihood=likelihood,
            status=status,
            owner=owner,
            impact_note=impact_note,
            likelihood_note=likelihood_note,
            mitigation=tuple(mitigation),
            description=first_paragraph(parts.rest),
        )
        container = self._render(conf, record, title, parts, mitigation_nodes)
        return [self.finish(container, self.adr_option(check, options), record), *messages]

    def _mitigation(
        self,
        check: OptionChecker,
        options: dict[str, Any],
        parts: Any,
        messages: list[nodes.system_message],
    ) -> tuple[list[Item], list[nodes.Node]]:
        """The mitigations (the ``:mitigation:`` line, then a ``Mitigation:`` list) as
        items and as the nodes shown."""
        mitigation_nodes: list[nodes.Node] = []
        mitigation: list[Item] = []
        raw_mitigation = check.text(options, "mitigation")
        if raw_mitigation is not None:
            inline_title, more = self.parse_inline(raw_mitigation, lineno=self.lineno)
            messages.extend(more)
            mitigation.append(Item(to_segments(inline_title)))
            para = nodes.paragraph(raw_mitigation, "", *inline_title)
            self.set_source_info(para)  # so the project's gettext catalog has the option's text
            mark(para, "mitigation")
            mitigation_nodes.append(para)
        mitigation.extend(parts.items("mitigation"))
        mitigation_nodes.extend(parts.bodies("mitigation"))
        return mitigation, mitigation_nodes

    @staticmethod
    def _render(
        conf: BodySettings,
        risk: Risk,
        title: list[nodes.Node],
        parts: Any,
        mitigation_nodes: list[nodes.Node],
    ) -> nodes.container:
        """The risk as shown: title with impact, likelihood and status badges, the
        description, then notes, owner and mitigations as fields."""
        status = risk.status
        container = nodes.container(classes=["adr-risk", f"adr-risk-status-{css_name(status)}"])
        rubric = title_rubric(risk.title, title, ["adr-risk-title"])
        for label, template, value, scale in (
            ("impact", _("impact: {value}"), risk.impact, conf.impact),
            ("likelihood", _("likelihood: {value}"), risk.likelihood, conf.likelihood),
        ):
            if value:
                rubric += nodes.Text(" ")
                shown = template.format(value=translate(value))
                rubric += badge(shown, f"adr-{label}", level_class(scale, value))
        rubric += nodes.Text(" ")
        rubric += badge(status, "adr-risk-status", f"adr-risk-status-{css_name(status)}")
        container += rubric
        container += [*parts.bodies("description"), *parts.rest]
        fields: list[nodes.field] = []
        # the badges above show the values; only a note says more ("delayed exports")
        for label, field, note in (
            (N_("Impact"), "impact_note", risk.impact_note),
            (N_("Likelihood"), "likelihood_note", risk.likelihood_note),
        ):
            if note:
                text = nodes.paragraph(note, note)  # a message of the project's catalog
                mark(text, field)
                fields.append(make_field(label, [text]))
        if risk.owner:
            fields.append(make_field(N_("Owner"), [nodes.Text(risk.owner)]))
        if mitigation_nodes:
            fields.append(make_field(N_("Mitigation"), mitigation_nodes))
        if fields:
            container += nodes.field_list("", *fields, classes=["adr-parts"])
        return container
