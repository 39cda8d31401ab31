"""Write time: body listings become standard docutils tables.

:func:`render_listing` is the renderer of the ``body-listing`` placeholder:
it selects the records a :class:`~.body_tables.Listing` names from the domain
and builds a table (or the risk matrix) from plain nodes, so every builder
writes it; references go through the ``adr`` domain.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.domain import css_name
from ..core.locale import _
from ..core.model import id_key
from ..render import context as render
from ..render.table import Column, build_table
from .content import badge, label_title, level_class, merit_class
from .inline import Inline, Item, inline_nodes
from .records import Alternative, Consequence, Listing, Metric, Reconsideration, Risk
from .settings import body_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..core.domain import ADRDomain
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder


def _paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def _items(items: tuple[Item, ...], refdoc: str, as_list: bool = False) -> list[nodes.Node]:
    """The items of a cell: a bullet list, or one paragraph for a single item unless
    ``as_list`` (pros and cons read as lists whatever their number)."""
    if not items:
        return []
    if len(items) == 1 and not items[0].details and not as_list:
        return [_paragraph(*inline_nodes(items[0].text, refdoc))]
    bullets = nodes.bullet_list(classes=["simple"])
    for item in items:
        bullets += nodes.list_item("", _paragraph(*inline_nodes(item.text, refdoc)))
    return [bullets]


def _inline(inline: Inline, refdoc: str) -> list[nodes.Node]:
    return [_paragraph(*inline_nodes(inline, refdoc))] if inline else []


def listing_records(domain: ADRDomain, listing: Listing) -> list[Any]:
    """The records ``listing`` shows, by docname then reading order.

    A listing bound to given ADRs (the usual ``alternative-table`` on an ADR's
    page) takes its rows from those ADRs' children, so rendering one listing
    per page stays linear in the project's size.
    """
    cls = listing.record_class()
    if not listing.adrs:
        keys = {a.key for a in domain.adrs() if listing.keeps_adr(a, domain)}
        return [r for r in domain.records(cls) if id_key(r.adr) in keys and listing.keeps(r)]
    children = domain.index.children_by_key
    kept = [
        key
        for key in dict.fromkeys(listing.adrs)
        if (adr := domain.index.adrs.get(key)) is not None and listing.keeps_adr(adr, domain)
    ]
    if len(kept) == 1:
        return [r for r in children.get(kept[0], ()) if isinstance(r, cls) and listing.keeps(r)]
    # several ADRs: keep the order of domain.records(), which interleaves
    # them by docname then reading order
    shown: list[Any] = [r for key in kept for r in children.get(key, ()) if isinstance(r, cls)]
    wanted = {id(r) for r in shown}
    pages = sorted({r.docname for r in shown})
    docs = [domain.docs[d] for d in pages if d in domain.docs]
    return [r for doc in docs for r in doc.children if id(r) in wanted and listing.keeps(r)]


#: the kind of each column of the body listings (criteria ratings are badges)
_KINDS = {
    "adr": "id",
    "option": "title",
    "risk": "title",
    "verdict": "badge",
    "impact": "badge",
    "likelihood": "badge",
    "status": "badge",
    "owner": "name",
    "description": "text",
    "pros": "text",
    "cons": "text",
    "reason": "text",
    "mitigation": "text",
    "pros-count": "number",
    "cons-count": "number",
}


class _Renderer:
    def __init__(self, ctx: RenderContext, listing: Listing) -> None:
        self.ctx = ctx
        self.listing = listing
        self.conf = body_settings(ctx.domain.env.config)
        self.interactive = bool(ctx.domain.env.config.adr_table_interactive)

    def records(self) -> list[Any]:
        return listing_records(self.ctx.domain, self.listing)

    def single_adr(self) -> bool:
        return len(self.listing.adrs) == 1

    def adr_cell(self, record: Any) -> list[nodes.Node]:
        # the id only (the link's tooltip has the status): titles made the column tall
        return [self.ctx.xref(record.adr, record.adr)]

    def empty(self, text: str) -> list[nodes.Node]:
        """The listing's empty state: ``text`` is the whole sentence, translated."""
        return [nodes.paragraph(text, text, classes=["adr-empty"])]

    # -------------------------------------------------------------- kinds

    def alternatives(self) -> list[nodes.Node]:
        rows: list[Alternative] = self.records()
        if not rows:
            return self.empty(_("No alternatives match."))
        columns = self.listing.columns
        if not columns:
            columns = self.default_alternative_columns(rows)
        doc = self.ctx.docname
        body = []
        for alt in rows:
            cells: list[list[nodes.Node]] = []
            for col in columns:
                if col == "adr":
                    cells.append(self.adr_cell(alt))
                elif col == "option":
                    cells.append([self.ctx.xref(alt.id, alt.title, objtype="alt")])
                elif col == "verdict":
                    cells.append([self.verdict(alt.verdict)])
                elif col == "description":
                    cells.append(_inline(alt.description, doc))
                elif col in ("pros", "cons", "reason"):
                    cells.append(_items(getattr(alt, col), doc, as_list=col != "reason"))
                elif col in ("pros-count", "cons-count"):
                    cells.append([nodes.Text(str(len(getattr(alt, col[:4]))))])
                else:
                    value = alt.rating(col)
                    merit = merit_class(self.conf.criteria[col], value or "", self.conf.better[col])
                    cells.append([badge(value, "adr-rating", merit)] if value else [])
            body.append(cells)
        return [
            build_table(
                [self.column(c) for c in columns],
                body,
                ["adr-body-table", "adr-alternative-table"],
                name=self.name(_("Alternatives")),
                interactive=self.interactive,
            )
        ]

    def default_alternative_columns(self, rows: list[Alternative]) -> tuple[str, ...]:
        """Columns that fit a 620 px content column: on an ADR's page the ratings when
        there are some (the comparison at a glance; pros and cons are on the cards),
        else the pros, cons and reasons; across ADRs the counts of pros and cons."""
        used = tuple(c for c in self.conf.criteria if any(r.rating(c) for r in rows))
        own = self.single_adr()
        if not own:  # ratings of different decisions do not compare
            return ("adr", "option", "verdict", "pros-count", "cons-count")
        if used:
            return ("option", "verdict", *used)
        return ("option", "verdict", "pros", "cons", "reason")

    def header(self, column: str) -> str:
        names = {"adr": _("ADR"), "pros-count": _("Pros"), "cons-count": _("Cons")}
        return names.get(column) or label_title(column)

    def column(self, column: str) -> Column:
        return Column(self.header(column), _KINDS.get(column, "badge"))

    def name(self, what: str) -> str:
        """What a table lists, for the printed caption ("Alternatives of ADR-0007")."""
        if not self.single_adr():
            return what
        adr = self.ctx.domain.index.adrs.get(self.listing.adrs[0])
        if adr is None:
            return what
        # Translators: a table's caption: "Alternatives of ADR-0007"
        return _("{what} of {adr}").format(what=what, adr=adr.id)

    def verdict(self, verdict: str) -> nodes.inline:
        return badge(verdict, "adr-verdict", f"adr-verdict-{css_name(verdict)}")

    def severity(self, risk: Risk) -> int:
        return (self.conf.impact.rank(risk.impact) + 1) * (
            self.conf.likelihood.rank(risk.likelihood) + 1
        )

    def risks(self) -> list[nodes.Node]:
        # most severe first; sorted() is stable, so reading order breaks ties
        rows: list[Risk] = sorted(self.records(), key=lambda r: -self.severity(r))
        if not rows:
            return self.empty(_("No risks match."))
        # six columns at most by default (a 620 px column); :columns: adds ``owner``
        columns = self.listing.columns or (
            *(() if self.single_adr() else ("adr",)),
            "risk",
            "impact",
            "likelihood",
            "status",
            "mitigation",
        )
        body = [[self._risk_cell(risk, col) for col in columns] for risk in rows]
        return [
            build_table(
                [self.column(c) for c in columns],
                body,
                ["adr-body-table", "adr-risk-table"],
                name=self.name(_("Risks")) if self.single_adr() else _("Risk register"),
                interactive=self.interactive,
            )
        ]

    def _risk_cell(self, risk: Risk, col: str) -> list[nodes.Node]:
        if col == "adr":
            return self.adr_cell(risk)
        if col == "risk":
            return [self.ctx.xref(risk.id, risk.title, objtype="risk")]
        if col in ("impact", "likelihood"):
            value = getattr(risk, col)
            scale = getattr(self.conf, col)
            return [badge(value, f"adr-{col}", level_class(scale, value))] if value else []
        if col == "owner":
            return [nodes.Text(risk.owner)] if risk.owner else []
        if col == "status":
            status = risk.status
            return [badge(status, "adr-risk-status", f"adr-risk-status-{css_name(status)}")]
        return _items(risk.mitigation, self.ctx.docname)

    def matrix(self) -> list[nodes.Node]:
        risks: list[Risk] = self.records()
        impacts = list(reversed(self.conf.impact.values()))
        likelihoods = list(self.conf.likelihood.values())
        header = [
            Column(_("Impact \\ Likelihood"), "name"),
            *(Column(label_title(v), "text") for v in likelihoods),
        ]
        body = []
        for impact in impacts:
            cells: list[list[nodes.Node]] = [
                [nodes.strong(label_title(impact), label_title(impact))]
            ]
            for likelihood in likelihoods:
                inside = [r for r in risks if r.impact == impact and r.likelihood == likelihood]
                cell: list[nodes.Node] = []
                if inside:
                    count = str(len(inside))
                    cell.append(_paragraph(nodes.strong(count, count, classes=["adr-risk-count"])))
                    refs = [self.ctx.xref(r.id, r.title, objtype="risk") for r in inside]
                    cell.append(_paragraph(*render.joined(refs)))
                cells.append(cell)
            body.append(cells)
        table = build_table(
            header, body, ["adr-body-table", "adr-risk-matrix"], name=self.name(_("Risk matrix"))
        )
        self._colour_cells(table, impacts, likelihoods)
        out: list[nodes.Node] = [table]
        unrated = [r for r in risks if not r.impact or not r.likelihood]
        if unrated:
            text = _("{count} risk(s) without impact or likelihood are not in the matrix.")
            text = text.format(count=len(unrated))
            out.append(nodes.paragraph(text, text, classes=["adr-note"]))
        return out

    def _colour_cells(self, table: nodes.table, impacts: list[str], likelihoods: list[str]) -> None:
        top = len(impacts) * len(likelihoods)
        for row_index, row in enumerate(table.findall(nodes.row)):
            if row_index == 0:
                continue
            impact_rank = len(impacts) - row_index + 1
            for col_index, entry in enumerate(row.children[1:], start=1):
                assert isinstance(entry, nodes.Element)
                score = impact_rank * col_index / top
                level = "low" if score < 0.34 else "medium" if score < 0.67 else "high"
                entry["classes"] = [*entry.get("classes", []), f"adr-level-{level}"]

    def consequences(self) -> list[nodes.Node]:
        rows: list[Consequence] = self.records()
        if not rows:
            return self.empty(_("No consequences match."))
        single = self.single_adr()
        body = []
        for row in rows:
            cells = [] if single else [self.adr_cell(row)]
            cells.append(
                [badge(row.kind, "adr-consequence", f"adr-consequences-{css_name(row.kind)}")]
            )
            text = _items((row.item,), self.ctx.docname)
            if row.item.details:
                text = _items(tuple(Item(d) for d in row.item.details), self.ctx.docname)
                text.insert(0, _paragraph(*inline_nodes(row.item.text, self.ctx.docname)))
            cells.append(text)
            body.append(cells)
        header = [
            *(() if single else (Column(_("ADR"), "id"),)),
            Column(_("Kind"), "badge"),
            Column(_("Consequence"), "text"),
        ]
        return [
            build_table(
                header,
                body,
                ["adr-body-table", "adr-consequence-table"],
                name=self.name(_("Consequences")),
                interactive=self.interactive,
            )
        ]

    def metrics(self) -> list[nodes.Node]:
        rows: list[Metric] = self.records()
        if not rows:
            return self.empty(_("No metrics match."))
        plain = [
            {
                "name": m.name,
                "before": m.before,
                "after": m.after,
                "target_value": m.target_value,
                "status": m.status,
            }
            for m in rows
        ]
        if self.single_adr():
            return [metric_table(plain)]
        return [metric_table(plain, (_("ADR"),), lambda i: [self.adr_cell(rows[i])])]

    def reconsider(self) -> list[nodes.Node]:
        rows: list[Reconsideration] = self.records()
        if not rows:
            return self.empty(_("No reconsideration conditions match."))
        single = self.single_adr()
        body = []
        for row in rows:
            cells = [] if single else [self.adr_cell(row)]
            cells.append(_items((row.item,), self.ctx.docname))
            body.append(cells)
        header = [
            *(() if single else (Column(_("ADR"), "id"),)),
            Column(_("Reconsider if"), "text"),
        ]
        return [
            build_table(
                header,
                body,
                ["adr-body-table", "adr-reconsider-table"],
                name=self.name(_("Reconsideration conditions")),
                interactive=self.interactive,
            )
        ]


def render_listing(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    docname = node.get("docname", ctx.docname)
    doc = ctx.domain.docs.get(docname)
    listing = next(
        (
            r
            for r in (doc.pages if doc else ())
            if isinstance(r, Listing) and r.serial == node.get("serial")
        ),
        None,
    )
    if listing is None:
        return []
    return DRAW[listing.kind](_Renderer(ctx, listing))


#: how each kind of body listing (:data:`.records.KINDS`) is drawn: named, so a new
#: kind without a drawer fails a test, not a page (no lookup of a method by string)
DRAW: Mapping[str, Callable[[_Renderer], list[nodes.Node]]] = MappingProxyType(
    {
        "alternatives": _Renderer.alternatives,
        "risks": _Renderer.risks,
        "matrix": _Renderer.matrix,
        "consequences": _Renderer.consequences,
        "metrics": _Renderer.metrics,
        "reconsider": _Renderer.reconsider,
    }
)


def metric_table(
    rows: list[dict[str, str | None]],
    lead: tuple[str, ...] = (),
    lead_cells: Any = None,
    texts: Callable[[int, str], nodes.Node] | None = None,
) -> nodes.table:
    """The standard table of metric rows (``lead`` columns first, e.g. the ADR);
    ``texts(row, field)``, when given, makes the cells of the name and values."""
    header = [
        *(Column(title, "id") for title in lead),
        Column(_("Metric"), "title"),
        *(Column(title, "name") for title in (_("Before"), _("After"), _("Target"))),
        Column(_("Status"), "badge"),
    ]
    body = []
    for index, row in enumerate(rows):
        status = row.get("status")
        cells: list[list[nodes.Node]] = [*(lead_cells(index) if lead_cells else [])]
        for key in ("name", "before", "after", "target_value"):
            cells.append([texts(index, key) if texts else nodes.Text(row.get(key) or "")])
        cells.append(
            [badge(status, "adr-metric-status", f"adr-metric-{css_name(status)}")] if status else []
        )
        body.append(cells)
    return build_table(header, body, ["adr-body-table", "adr-metrics-table"], name=_("Metrics"))
