"""Listings of the body records across ADRs: ``alternative-table``,
``risk-table``, ``risk-matrix``, ``consequence-table``, ``metric-table`` and
``reconsider-table``.

Each directive validates its options at read time into a :class:`Listing`
record (plain data, stored in the domain) and returns a placeholder that
:func:`render_listing` replaces with a standard docutils table at write time.
ADR-level filters (``:adr-status:``, ``:adr-tags:``, ...) are the ones of
:mod:`.queries` with an ``adr-`` prefix. Outside an ADR and without
``:adr:`` or ``:adr-status:``, decisions with an inactive status
(``adr_inactive_statuses``) are left out.

Incremental builds: :meth:`Listing.affected_by` compares the rows one
changed ADR contributes before and after; :func:`pages_citing` adds the
pages whose rows *refer* to a changed ADR (a pro that cites
``:adr:`ADR-0002``` shows that ADR's title).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from ..core.domain import CHECK_CONSISTENCY_EVENT, get_domain
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.model import ValueProblem, check_id, id_key
from ..core.nodes import LISTING_DRAFT
from ..core.read import DOC_READ_EVENT, enclosing_adr
from ..core.warnings import warn
from ..listings.filters import FILTER_OPTIONS, parse_filter
from ..render.placeholders import add_placeholder, adr_placeholder
from .content import BodyDirective
from .inline import Inline, xref_targets
from .records import KINDS, Listing, ListingDraft
from .render import render_listing
from .settings import BodySettings, match_word

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

    from ..core.directive import OptionChecker
    from ..core.domain import ADRDomain
    from ..core.model import Change
    from ..render.context import RenderContext

ADR_FILTERS = tuple(f"adr-{name}" for name in FILTER_OPTIONS)


class body_listing_placeholder(adr_placeholder):
    """A listing of alternatives, risks, consequences, metrics or conditions."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render_listing(ctx, self)


# --------------------------------------------------------------------------
# directives


class ListingDirective(BodyDirective):
    """Common options: ``adr`` (ids; default the enclosing ADR, else all) and the
    ADR filters of ``adr-table`` prefixed with ``adr-`` (``:adr-status:``,
    ``:adr-tags:``, ...)."""

    kind: ClassVar[str] = ""
    has_content = False
    option_spec: ClassVar[OptionSpec] = {}

    @classmethod
    def options_of_kind(cls) -> tuple[str, ...]:
        _cls, filters, columns = KINDS[cls.kind]
        return ("adr", *ADR_FILTERS, *filters, *(("columns",) if columns else ()))

    def run(self) -> list[nodes.Node]:
        conf, check, options = self.setup_run()
        for name in check.unknown(options, self.options_of_kind()):
            options.pop(name)
        ok = True
        adrs: list[str] = []
        for raw in check.items(options, "adr"):
            try:
                adrs.append(check_id(raw))
            except ValueProblem as problem:
                check.problem(problem, "unknown_adr")
                ok = False
        stripped = {k[4:]: str(v) for k, v in options.items() if k in ADR_FILTERS}
        adr_filter = parse_filter(stripped, self, what=self.name)
        ok = ok and adr_filter is not None
        filters: list[tuple[str, tuple[str, ...]]] = []
        for name in KINDS[self.kind][1]:
            if name in options:
                allowed = self.filter_values(conf, check, name, options)
                ok = ok and allowed is not None
                filters.append((name, allowed or ()))
        columns = self.columns(conf, check, options)
        ok = ok and columns is not None
        placeholder = body_listing_placeholder(kind="body-listing")
        self.set_source_info(placeholder)
        if not ok or adr_filter is None:
            # a listing with a bad filter shows nothing rather than a misleading table
            return [nodes.paragraph("", "", classes=["adr-empty"])]
        listing = Listing(
            docname="",
            lineno=self.lineno,
            serial=0,
            kind=self.kind,
            adrs=tuple(adrs),
            adr_filter=adr_filter,
            filters=tuple(filters),
            columns=columns or (),
        )
        placeholder[LISTING_DRAFT] = ListingDraft(listing, "adr-status" in options)
        return [placeholder]

    def filter_values(
        self, conf: BodySettings, check: OptionChecker, name: str, options: dict[str, Any]
    ) -> tuple[str, ...] | None:
        values = check.items(options, name)
        if name == "owner":
            return tuple(v.casefold() for v in values)
        choices: dict[str, tuple[tuple[str, ...], str]] = {
            "verdict": (conf.verdicts, "verdict"),
            "impact": (conf.impact.values(), "impact"),
            "likelihood": (conf.likelihood.values(), "likelihood"),
            "kind": (conf.consequence_kinds, "consequence_kind"),
            "status": (
                (conf.metric_statuses, "metric_format")
                if self.kind == "metrics"
                else (conf.risk_statuses, "risk_status")
            ),
        }
        words, subtype = choices[name]
        result = []
        for value in values:
            scale = conf.impact if name == "impact" else conf.likelihood
            found = (
                scale.parse(value)
                if name in ("impact", "likelihood")
                else ((w, None) if (w := match_word(value, words)) else None)
            )
            if found is None:
                warn(
                    f"{self.name}: unknown {name} {value!r} in :{name}:; write one or several "
                    f"of: {', '.join(words)}",
                    subtype,
                    check.location,
                )
                return None
            result.append(found[0])
        return tuple(result)

    def columns(
        self, conf: BodySettings, check: OptionChecker, options: dict[str, Any]
    ) -> tuple[str, ...] | None:
        allowed = KINDS[self.kind][2]
        if "columns" not in options:
            return ()
        if self.kind == "alternatives":
            allowed = (*allowed, *conf.criteria)
        names = tuple(c.casefold() for c in check.items(options, "columns"))
        bad = [c for c in names if c not in allowed]
        if bad:
            warn(
                f"{self.name}: unknown column(s) {', '.join(bad)}; columns are: "
                + ", ".join(allowed),
                "option",
                check.location,
            )
            return None
        return names


def _directive(name: str, kind: str, doc: str) -> type[ListingDirective]:
    cls: type[ListingDirective] = type(
        name, (ListingDirective,), {"kind": kind, "what": kind, "__doc__": doc}
    )
    cls.option_spec = _spec(cls.options_of_kind())
    return cls


def _spec(names: tuple[str, ...]) -> OptionSpec:
    from ..core.directive import any_options

    return any_options(*names)


AlternativeTable = _directive(
    "AlternativeTable",
    "alternatives",
    "The comparison table of alternatives: one row per option, with its verdict, a "
    "column per rated criterion, pros, cons and reason. Filters: ``verdict`` and the "
    "ADR filters; ``columns`` picks columns (criteria names, ``pros-count``, ...).",
)
RiskTable = _directive(
    "RiskTable",
    "risks",
    "The risk register: one row per risk, most severe first. Filters: ``impact``, "
    "``likelihood``, ``owner``, ``status`` and the ADR filters; ``columns`` picks columns.",
)
RiskMatrix = _directive(
    "RiskMatrix",
    "matrix",
    "The impact x likelihood grid: each cell counts the risks and links to them. "
    "Same filters as ``risk-table``.",
)
ConsequenceTable = _directive(
    "ConsequenceTable",
    "consequences",
    "Consequences across ADRs (filter ``kind``: positive, negative, neutral).",
)
MetricTable = _directive("MetricTable", "metrics", "Metrics across ADRs (filter ``status``).")
ReconsiderTable = _directive(
    "ReconsiderTable", "reconsider", "Reconsideration conditions across ADRs."
)


def collect_listings(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    inactive = domain.settings.inactive
    serial = 0
    for node in list(doctree.findall(body_listing_placeholder)):
        draft: ListingDraft | None = node.attributes.pop(LISTING_DRAFT, None)
        if draft is None:
            continue
        serial += 1
        adrs = tuple(id_key(a) for a in draft.listing.adrs)
        adr_filter = draft.listing.adr_filter
        if not adrs:
            enclosing = enclosing_adr(node)
            if enclosing is not None:
                adrs = (id_key(enclosing),)
            elif not draft.status_given:
                excluded = tuple(sorted({*adr_filter.excluded_statuses, *inactive}))
                adr_filter = dataclasses.replace(adr_filter, excluded_statuses=excluded)
        node["serial"] = serial
        node["docname"] = docname
        listing = dataclasses.replace(
            draft.listing, docname=docname, serial=serial, adrs=adrs, adr_filter=adr_filter
        )
        domain.add_record(docname, listing)


# --------------------------------------------------------------------------
# checks and incremental builds


def check_listings(_app: Sphinx, domain: ADRDomain) -> None:
    for listing in domain.records(Listing):
        for key in listing.adrs:
            if domain.get(key) is None:
                warn(
                    f"{listing.kind} listing: :adr: names {key.upper()!r}, which is not an "
                    "ADR of this project; check the id",
                    "unknown_adr",
                    (listing.docname, listing.lineno),
                )


def pages_citing_changes(
    _app: Sphinx, domain: ADRDomain, changes: list[Change] | None
) -> list[str]:
    """Pages whose listed items cite (by reference) an ADR, option or risk that changed.

    ``Listing.affected_by`` sees one changed ADR's view, not the rows of other
    ADRs that cite it, so this answers the incremental step separately.
    """
    keys: set[str] = set()
    for change in changes or ():
        keys |= change.affected_keys()
    return sorted(pages_citing(domain, keys))


#: the record classes listings show
_LISTED: tuple[type[Any], ...] = tuple(
    dict.fromkeys(cls for cls, _filters, _columns in KINDS.values())
)


def pages_citing(domain: ADRDomain, keys: set[str]) -> set[str]:
    """Docnames of listings that show a record citing one of ``keys``.

    Linear: one pass finds the citing records (grouped by their ADR), then each
    listing tests only the ADRs it could show that have such records.
    """
    if not keys:
        return set()
    citing: dict[str, list[Any]] = {}
    for record in domain.index.children:
        if isinstance(record, _LISTED) and any(id_key(t) in keys for t in _cited(record)):
            citing.setdefault(id_key(record.adr), []).append(record)
    pages: set[str] = set()
    if not citing:
        return pages
    for listing in domain.records(Listing):
        if listing.docname in pages:
            continue
        cls = listing.record_class()
        for key in listing.adrs or tuple(citing):
            rows = citing.get(key)
            adr = domain.index.adrs.get(key) if rows else None
            if rows is None or adr is None or not listing.keeps_adr(adr, domain):
                continue
            if any(isinstance(r, cls) and listing.keeps(r) for r in rows):
                pages.add(listing.docname)
                break
    return pages


def _cited(record: Any) -> set[str]:
    inlines: list[Inline] = []
    for name in ("pros", "cons", "reason", "mitigation"):
        for item in getattr(record, name, ()):
            inlines.append(item.text)
    item = getattr(record, "item", None)
    if item is not None:
        inlines.extend((item.text, *item.details))
    inlines.append(getattr(record, "description", ()))
    cited: set[str] = set()
    for inline in inlines:
        cited |= xref_targets(inline)
    return cited


def register(app: Sphinx) -> None:
    app.add_directive("alternative-table", AlternativeTable)
    app.add_directive("risk-table", RiskTable)
    app.add_directive("risk-matrix", RiskMatrix)
    app.add_directive("consequence-table", ConsequenceTable)
    app.add_directive("metric-table", MetricTable)
    app.add_directive("reconsider-table", ReconsiderTable)
    app.connect(DOC_READ_EVENT, collect_listings)
    app.connect(PAGES_TO_REWRITE_EVENT, pages_citing_changes)
    add_placeholder(app, body_listing_placeholder)
    app.connect(CHECK_CONSISTENCY_EVENT, check_listings)
