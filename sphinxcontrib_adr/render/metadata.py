"""The metadata block of an ADR: the fields shown under its title.

Features add fields through the ``adr-metadata-fields`` event (tracing adds
Tickets and Code after the relations, back-references and sphinx-needs add
theirs at the end), so this module knows none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.config import LinkKind
from ..core.domain import css_name
from ..core.locale import N_
from .context import chips, field, joined, text_items

if TYPE_CHECKING:
    from ..core.model import ADR
    from .context import RenderContext

#: the event features connect to: ``(app, ctx, adr) -> list[(slot, field)]``
METADATA_FIELDS_EVENT = "adr-metadata-fields"
#: slots of a feature's field: right after the relations, or after everything else
AFTER_RELATIONS = 1
AT_END = 2


def _feature_fields(ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    results = ctx.domain.env.events.emit(METADATA_FIELDS_EVENT, ctx, adr)
    return [item for result in results for item in result]


def metadata_block(ctx: RenderContext, adr: ADR) -> nodes.field_list:
    """The rendered metadata of one ADR: status, dates, people, tags, relations."""
    fields: list[nodes.field] = []
    fields.append(field(N_("ID"), nodes.literal(adr.id, adr.id)))
    fields.append(field(N_("Status"), ctx.status_badge(adr.status, adr.status_date)))
    if adr.date:
        fields.append(field(N_("Date"), nodes.Text(adr.date)))
    for label, people in (
        (N_("Deciders"), adr.deciders),
        (N_("Consulted"), adr.consulted),
        (N_("Informed"), adr.informed),
    ):
        if people:
            fields.append(field(label, *text_items(people, ["adr-person"])))
    if adr.tags:
        fields.append(field(N_("Tags"), *chips(adr.tags)))
    fields.extend(_relation_fields(ctx, adr))
    extra = _feature_fields(ctx, adr)
    fields.extend(f for slot, f in extra if slot == AFTER_RELATIONS)
    if adr.review_by:
        fields.append(field(N_("Review by"), nodes.Text(adr.review_by)))
    for name, value in adr.fields:
        label = LinkKind.label(name)
        if isinstance(value, tuple):
            fields.append(field(label, *text_items(value)))
        else:
            fields.append(field(label, nodes.Text(value)))
    fields.extend(f for slot, f in extra if slot == AT_END)
    block = nodes.field_list(
        "", *fields, classes=["adr-meta", f"adr-status-{css_name(adr.status)}"]
    )
    return block


def _relation_fields(ctx: RenderContext, adr: ADR) -> list[nodes.field]:
    grouped: dict[tuple[str, bool], list[str]] = {}
    order: list[tuple[str, bool]] = []
    kinds = {k.name: k for k in ctx.settings.link_kinds}
    for kind, reverse, other in ctx.domain.links_of(adr):
        key = (kind.name, reverse)
        if key not in grouped:
            grouped[key] = []
            order.append(key)
        grouped[key].append(other)
    fields = []
    # configuration order, forward before reverse, so output is stable
    rank = {name: i for i, name in enumerate(kinds)}
    for name, reverse in sorted(order, key=lambda k: (rank.get(k[0], 99), k[1])):
        kind = kinds[name]
        label = LinkKind.label(kind.reverse if reverse else kind.name)
        refs = [ctx.xref(other) for other in sorted(grouped[(name, reverse)])]
        fields.append(field(label, *joined(refs), classes=["adr-relation"]))
    return fields
