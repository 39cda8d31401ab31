"""Directives for the outcomes of a decision: ``consequences``, ``metrics``
and ``reconsider`` (the options and risks are :mod:`.directives`).

Like those, each validates in ``run()``, renders standard docutils nodes and
leaves its records on the container (``node["adr_body"]``) for the read step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from ..core.directive import OptionChecker, any_options
from ..core.locale import _
from ..core.warnings import warn
from .content import BodyDirective, Parts, label_title
from .inline import Item, item_of, label_map, normalise_label
from .records import Consequence, Metric, Reconsideration
from .render import metric_table
from .settings import BodySettings, match_word
from .translated import mark, translatable

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec


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
        # (kind, item, the node the item is read from)
        entries: list[tuple[str, Item, nodes.Node]] = []
        for node in parts.rest:
            is_list = isinstance(node, nodes.bullet_list | nodes.enumerated_list)
            if is_list and kind is not None:
                assert isinstance(node, nodes.Element)
                node["classes"] = [*node.get("classes", []), f"adr-consequences-{kind}"]
                entries.extend((kind, item_of(li), li) for li in node.children)
            elif is_list:
                warn(
                    "consequences: a list without a kind; put 'Positive:', 'Negative:' or "
                    "'Neutral:' (adr_consequence_kinds) before it, or give :kind:",
                    "consequence_kind",
                    reader.where(node),
                )
            container += node
        entries += self._labelled(container, parts)
        if not entries:
            warn(
                "consequences: no consequences found; write 'Positive:' (or another kind) "
                "followed by a list",
                "empty_block",
                check.location,
            )
        for index, (_kind, _item, source) in enumerate(entries):
            mark(source, "item", index)
        records = (Consequence("", "", self.lineno, "", k, i) for k, i, _source in entries)
        return [self.finish(container, self.adr_option(check, options), *records)]

    @staticmethod
    def _labelled(container: nodes.container, parts: Parts) -> list[tuple[str, Item, nodes.Node]]:
        """The lists after a kind's label, shown under its title, as entries."""
        entries: list[tuple[str, Item, nodes.Node]] = []
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
            pairs = zip(block.items, block.sources, strict=True)
            entries.extend((block.part, item, source) for item, source in pairs)
        return entries

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
            found = self._rows(tables[0], conf, check)
            rows = [values for values, _cells in found]
            container += metric_table(rows, texts=lambda i, key: _cell(*found[i], i, key))
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
    ) -> list[tuple[dict[str, str | None], dict[str, nodes.Element]]]:
        """The metric fields of each row with a name, and the cell each comes from."""
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
        return [(values, cells) for values, cells in rows if values["name"]]

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
    ) -> tuple[dict[str, str | None], dict[str, nodes.Element]]:
        """One body row as metric fields and their cells; an unknown status is
        reported and dropped."""
        values: dict[str, str | None] = dict.fromkeys(
            ("name", "before", "after", "target_value", "status")
        )
        cells: dict[str, nodes.Element] = {}
        for key, entry in zip(columns, row.children, strict=False):
            text = " ".join(entry.astext().split())
            if key is not None and text and isinstance(entry, nodes.Element):
                values[key], cells[key] = text, entry
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
        return values, cells


def _cell(
    values: dict[str, str | None], cells: dict[str, nodes.Element], index: int, key: str
) -> nodes.paragraph:
    """A metric's text as its row shows it: the message of the project's catalog
    its cell gives, marked for the read step (a translated build shows the
    translation in the registers too)."""
    text = values.get(key) or ""
    para = nodes.paragraph("", "", nodes.Text(text))
    entry = cells.get(key)
    if entry is not None:
        written = [c for c in entry.children if isinstance(c, nodes.paragraph)]
        raw = written[0].rawsource if len(written) == 1 and written[0].rawsource else text
        translatable(para, raw, written[0] if written else entry)
        mark(para, key, index)
    return para


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
                for li in node.children:
                    mark(li, "item", len(items))
                    items.append(item_of(li))
            container += node
        if not items:
            warn(
                "reconsider: no conditions; write them as a list in the content",
                "empty_block",
                check.location,
            )
        records = (Reconsideration("", "", self.lineno, "", item) for item in items)
        return [self.finish(container, self.adr_option(check, options), *records)]
