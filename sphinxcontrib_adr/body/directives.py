"""Directives for the body of a decision: ``alternative``, ``risk``,
``consequences``, ``metrics`` and ``reconsider``.

Each directive validates its options and content in ``run()`` (so reST and
MyST behave the same), renders itself from standard docutils nodes, and
leaves its parsed data on the returned container (``node["adr_body"]``) for
:mod:`.body_collect`, which records it once the enclosing ADR is known.
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
    badge,
    label_title,
    label_word,
    level_class,
    make_field,
    merit_class,
    title_rubric,
)
from .inline import (
    Inline,
    Item,
    item_of,
    label_map,
    normalise_label,
    to_segments,
)
from .records import Alternative, Consequence, Metric, Reconsideration, Risk
from .render import metric_table
from .settings import ALTERNATIVE_OPTIONS, BodySettings, Scale, match_word

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec


Location = tuple[str, int]


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
        for label, note in (
            (N_("Impact"), risk.impact_note),
            (N_("Likelihood"), risk.likelihood_note),
        ):
            if note:
                fields.append(make_field(label, [nodes.Text(note)]))
        if risk.owner:
            fields.append(make_field(N_("Owner"), [nodes.Text(risk.owner)]))
        if mitigation_nodes:
            fields.append(make_field(N_("Mitigation"), mitigation_nodes))
        if fields:
            container += nodes.field_list("", *fields, classes=["adr-parts"])
        return container


class ConsequencesDirective(BodyDirective):
    """The consequences of a decision, classified.

    Content: a label per kind of :confval:`adr_consequence_kinds`
    (``Positive:``, ``Negative:``, ``Neutral:``), each followed by a list. With
    ``:kind:`` the content is one plain list of that kind (for a directive
    placed under an existing "Negative" heading). Option ``adr`` as elsewhere.
    """

    what = "consequences"
    has_content = True
    known_options = ("kind", "adr")
    option_spec: ClassVar[OptionSpec] = any_options(*known_options)

    def run(self) -> list[nodes.Node]:
        conf, check, options = self.setup_run()
        for name in check.unknown(options, self.known_options):
            options.pop(name)
        kinds = conf.consequence_kinds
        kind = self._kind(check, options, kinds)
        labels = {k: (k, f"{k} consequences", f"{k} consequence") for k in kinds}
        reader = self.reader()
        parts = reader.read(self.content_nodes(), label_map(labels))
        container = nodes.container(classes=["adr-consequences"])
        entries: list[tuple[str, Item]] = []
        for node in parts.rest:
            is_list = isinstance(node, nodes.bullet_list | nodes.enumerated_list)
            if is_list and kind is not None:
                assert isinstance(node, nodes.Element)
                node["classes"] = [*node.get("classes", []), f"adr-consequences-{kind}"]
                entries.extend((kind, item_of(li)) for li in node.children)
            elif is_list:
                warn(
                    "consequences: a list without a kind; put 'Positive:', 'Negative:' or "
                    "'Neutral:' (adr_consequence_kinds) before it, or give :kind:",
                    "consequence_kind",
                    reader.where(node),
                )
            container += node
        for block in parts.blocks:
            title = label_title(block.part)
            container += nodes.rubric(
                title,
                title,
                classes=["adr-consequence-kind", f"adr-consequences-{block.part}"],
                translatable=False,  # a generated label (the kind), in the extension's catalog
            )
            for body in block.body:
                if isinstance(body, nodes.Element):
                    body["classes"] = [*body.get("classes", []), f"adr-consequences-{block.part}"]
                container += body
            entries.extend((block.part, item) for item in block.items)
        if not entries:
            warn(
                "consequences: no consequences found; write 'Positive:' (or another kind) "
                "followed by a list",
                "empty_block",
                check.location,
            )
        records = (Consequence("", "", self.lineno, "", k, i) for k, i in entries)
        return [self.finish(container, self.adr_option(check, options), *records)]

    @staticmethod
    def _kind(check: OptionChecker, options: dict[str, Any], kinds: tuple[str, ...]) -> str | None:
        """The ``:kind:`` of every list in the content (``None``: lists are labelled)."""
        raw_kind = check.text(options, "kind")
        if raw_kind is None:
            return None
        kind = match_word(raw_kind, kinds)
        if kind is None:
            warn(
                f"consequences: unknown kind {raw_kind!r}; write one of: " + ", ".join(kinds),
                "consequence_kind",
                check.location,
            )
        return kind


METRIC_COLUMNS = {
    "metric": "name",
    "name": "name",
    "before": "before",
    "baseline": "before",
    "after": "after",
    "current": "after",
    "target": "target_value",
    "goal": "target_value",
    "status": "status",
}


class MetricsDirective(BodyDirective):
    """Success metrics of a decision, written as one table in the content
    (grid, simple or list-table in reST, a pipe table in MyST) with the header
    ``Metric | Before | After | Target | Status`` (any subset after Metric).
    Statuses come from :confval:`adr_metric_statuses`. Option ``adr``.
    """

    what = "metrics"
    has_content = True
    option_spec: ClassVar[OptionSpec] = any_options("adr")

    def run(self) -> list[nodes.Node]:
        conf, check, options = self.setup_run()
        for name in check.unknown(options, ("adr",)):
            options.pop(name)
        children = self.content_nodes()
        container = nodes.container(classes=["adr-metrics"])
        tables = [n for child in children for n in child.findall(nodes.table)]
        rows: list[dict[str, str | None]] = []
        if not tables:
            warn(
                "metrics: no table in the content; write one table with the header "
                "Metric | Before | After | Target | Status",
                "metric_format",
                check.location,
            )
            container += children
        else:
            rows = self._rows(tables[0], conf, check)
            container += metric_table(rows)
        records = (
            Metric(
                "",
                "",
                self.lineno,
                "",
                name=str(row["name"]),
                before=row["before"],
                after=row["after"],
                target_value=row["target_value"],
                status=row["status"],
            )
            for row in rows
        )
        return [self.finish(container, self.adr_option(check, options), *records)]

    def _rows(
        self, table: nodes.table, conf: BodySettings, check: OptionChecker
    ) -> list[dict[str, str | None]]:
        location = (self.env.docname, table.line or self.lineno)
        head = next(iter(table.findall(nodes.thead)), None)
        body = next(iter(table.findall(nodes.tbody)), None)
        if head is None or body is None:
            warn(
                "metrics: the table has no header row; make the first row the header "
                "(Metric | Before | After | Target | Status)",
                "metric_format",
                location,
            )
            return []
        columns = self._columns(head, location)
        if "name" not in columns:
            warn("metrics: the table has no Metric column; add one", "metric_format", location)
            return []
        rows = (self._row(row, columns, conf, location) for row in body.findall(nodes.row))
        return [values for values in rows if values["name"]]

    @staticmethod
    def _columns(head: nodes.thead, location: tuple[str, int]) -> list[str | None]:
        """The field each header cell names (``None``: unknown, reported, left out)."""
        header = [
            " ".join(e.astext().split()) for e in next(iter(head.findall(nodes.row))).children
        ]
        columns: list[str | None] = []
        for name in header:
            key = METRIC_COLUMNS.get(normalise_label(name))
            if key is None:
                warn(
                    f"metrics: unknown column {name!r}; columns are Metric, Before, After, "
                    "Target, Status (the column is left out)",
                    "metric_format",
                    location,
                )
            columns.append(key)
        return columns

    def _row(
        self,
        row: nodes.row,
        columns: list[str | None],
        conf: BodySettings,
        location: tuple[str, int],
    ) -> dict[str, str | None]:
        """One body row as metric fields; an unknown status is reported and dropped."""
        values: dict[str, str | None] = dict.fromkeys(
            ("name", "before", "after", "target_value", "status")
        )
        for key, entry in zip(columns, row.children, strict=False):
            text = " ".join(entry.astext().split())
            if key is not None and text:
                values[key] = text
        status = values["status"]
        if status is not None:
            found = match_word(status, conf.metric_statuses)
            if found is None:
                warn(
                    f"metrics: unknown status {status!r}; write one of: "
                    + ", ".join(conf.metric_statuses),
                    "metric_format",
                    (self.env.docname, row.line or location[1]),
                )
            values["status"] = found
        return values


class ReconsiderDirective(BodyDirective):
    """Conditions under which a decision should be revisited: a list in the
    content, shown under "Reconsider this decision if" (or the argument as the
    heading). Option ``adr``.
    """

    what = "reconsider"
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = any_options("adr")

    def run(self) -> list[nodes.Node]:
        _conf, check, options = self.setup_run()
        for name in check.unknown(options, ("adr",)):
            options.pop(name)
        heading = self.arguments[0] if self.arguments else _("Reconsider this decision if")
        container = nodes.container(classes=["adr-reconsider"])
        rubric = nodes.rubric(heading, heading, classes=["adr-reconsider-title"])
        if not self.arguments:  # the generated heading is the extension's to translate
            rubric["translatable"] = False
        container += rubric
        items: list[Item] = []
        for node in self.content_nodes():
            if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
                items.extend(item_of(li) for li in node.children)
            container += node
        if not items:
            warn(
                "reconsider: no conditions; write them as a list in the content",
                "empty_block",
                check.location,
            )
        records = (Reconsideration("", "", self.lineno, "", item) for item in items)
        return [self.finish(container, self.adr_option(check, options), *records)]
