"""Read time and consistency checks for the body directives.

In the read step (``adr-doc-read``, after the ADRs of the page are recorded)
:func:`collect_body` finds the ADR each body directive belongs to, gives it
an anchor, stores the records in the domain and removes the parsed data from
the doctree. Cross-document checks (unknown ADRs, duplicates, no chosen
option) run in :func:`check_body`, from ``check_consistency``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.builders.gettext import MessageCatalogBuilder

from ..core.domain import CHECK_CONSISTENCY_EVENT, get_domain
from ..core.model import ChildRecord, id_key, slugify
from ..core.nodes import BODY_DRAFT
from ..core.read import DOC_READ_EVENT, add_anchor, enclosing_adr
from ..core.warnings import warn
from .content import take_title
from .records import Alternative, Consequence, Metric, Reconsideration, Risk
from .settings import body_settings
from .translated import reread

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from .records import BodyDraft
    from .settings import BodySettings

# --------------------------------------------------------------------------
# read time: attach to ADRs, record


def collect_body(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    # the gettext builder writes the doctree's messages: the titles' stay in it
    extracting = isinstance(app.builder, MessageCatalogBuilder)
    for node in list(doctree.findall(nodes.container)):
        draft: BodyDraft | None = node.attributes.pop(BODY_DRAFT, None)
        if draft is None:
            continue
        adr = draft.adr or enclosing_adr(node)
        if adr is None:
            warn(
                f"{draft.what}: not inside an ADR's section and no :adr: option; move it "
                "into the ADR or name the ADR with ':adr: ADR-0007'",
                "orphan",
                (docname, draft.line),
            )
            continue
        for record in _placed(doctree, node, draft, adr, docname, extracting):
            domain.add_record(docname, record)


def _placed(
    doctree: nodes.document,
    node: nodes.Element,
    draft: BodyDraft,
    adr: str,
    docname: str,
    extracting: bool,
) -> list[ChildRecord]:
    """The draft's records, attached to ``adr`` and anchored at ``node``, with the
    text the page shows (a translated build's)."""
    explicit = draft.adr is not None
    records = reread(node, draft.records)
    first = records[0] if records else None
    if isinstance(first, Alternative | Risk):
        record_id = first.id or f"{adr}.{slugify(first.title)}"
        anchor = add_anchor(doctree, node, record_id, "adr-body")
        # a translated build lists the title its page shows; the id keeps the source's
        title = take_title(node, extracting) or first.title
        return [
            replace(
                first,
                adr=adr,
                docname=docname,
                anchor=anchor,
                id=record_id,
                title=title,
                explicit_adr=explicit,
            )
        ]
    anchor = add_anchor(doctree, node, f"{adr}-{draft.what}", "adr-body")
    # every record class has these fields (ChildRecord itself is no dataclass)
    return [
        replace(cast("Any", r), adr=adr, docname=docname, anchor=anchor, explicit_adr=explicit)
        for r in records
    ]


# --------------------------------------------------------------------------
# cross-document checks


def check_body(_app: Sphinx, domain: ADRDomain) -> None:
    conf = body_settings(domain.env.config)
    reported: set[tuple[str, int]] = set()
    records: list[Any] = [
        r
        for cls in (Alternative, Risk, Consequence, Metric, Reconsideration)
        for r in domain.records(cls)
    ]
    for record in records:
        where = (record.docname, record.lineno)
        if record.explicit_adr and domain.get(record.adr) is None and where not in reported:
            reported.add(where)
            warn(
                f"{type(record).__name__.lower()}: :adr: names {record.adr!r}, which is not "
                "an ADR of this project; check the id",
                "unknown_adr",
                where,
            )
    _check_duplicates(list(domain.records(Alternative)), "alternative_duplicate", "option")
    _check_duplicates(list(domain.records(Risk)), "risk_duplicate", "risk")
    if "no_chosen" in conf.style_checks:
        _check_chosen(domain, conf)


def _check_chosen(domain: ADRDomain, conf: BodySettings) -> None:
    """The opt-in style check: an accepted ADR with alternatives names the one taken."""
    for adr in domain.adrs():
        if adr.status != domain.settings.accepted:
            continue
        options = [r for r in domain.children(adr) if isinstance(r, Alternative)]
        if options and not any(o.verdict in conf.chosen for o in options):
            warn(
                f"{adr.id} is {adr.status} and lists {len(options)} alternative(s) but none is "
                f"{' or '.join(sorted(conf.chosen)) or 'chosen'}; mark the option taken with "
                ":verdict: chosen",
                "no_chosen",
                (adr.docname, adr.lineno),
            )


def _check_duplicates(records: list[Any], subtype: str, what: str) -> None:
    by_title: dict[tuple[str, str], Any] = {}
    by_id: dict[str, Any] = {}
    for record in records:
        title_key = (id_key(record.adr), record.title.casefold())
        first = by_title.get(title_key)
        if first is not None:
            warn(
                f"{record.adr}: a second {what} titled {record.title!r} (the first is in "
                f"{first.docname}, line {first.lineno}); give each {what} its own title",
                subtype,
                (record.docname, record.lineno),
            )
            continue
        by_title[title_key] = record
        first = by_id.setdefault(id_key(record.id), record)
        if first is not record:
            warn(
                f"{record.adr}: a second {what} with the id {record.id!r} (the first is in "
                f"{first.docname}, line {first.lineno}); give it another :id:",
                subtype,
                (record.docname, record.lineno),
            )


def register(app: Sphinx) -> None:
    from .directives import AlternativeDirective, RiskDirective
    from .outcomes import ConsequencesDirective, MetricsDirective, ReconsiderDirective

    app.add_directive("alternative", AlternativeDirective)
    app.add_directive("risk", RiskDirective)
    app.add_directive("consequences", ConsequencesDirective)
    app.add_directive("metrics", MetricsDirective)
    app.add_directive("reconsider", ReconsiderDirective)
    app.connect(DOC_READ_EVENT, collect_body)
    app.connect(CHECK_CONSISTENCY_EVENT, check_body)
