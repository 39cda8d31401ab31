"""Resolve time: placeholders become standard docutils nodes, built from the domain.

Runs as a post-transform before Sphinx resolves cross-references (priority
below 10), so the ``pending_xref`` nodes it creates are resolved by the
``adr`` domain like any hand-written reference, for every builder.
"""

# Implements: ADR-0002, ADR-0004 (views resolved at write time, as standard nodes)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.config import LinkKind
from ..core.domain import ADRDomain, css_name, get_domain
from ..core.nodes import adr_node, adr_placeholder

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

    from ..core.model import ADR

#: ``kind`` of an :class:`adr_placeholder` -> function returning its replacement nodes
RENDERERS: dict[str, Callable[[RenderContext, adr_placeholder], list[nodes.Node]]] = {}

#: functions adding fields to an ADR's metadata block (tracing, ...)
META_FIELDS: list[Callable[[RenderContext, ADR], Iterable[nodes.field]]] = []


class RenderContext:
    """What a renderer needs: the domain, the document being written, helpers."""

    def __init__(self, domain: ADRDomain, docname: str) -> None:
        self.domain = domain
        self.docname = docname
        self.settings = domain.settings
        self._ids: set[str] = set()

    def unique_id(self, wanted: str) -> str:
        """An HTML id for generated nodes, unique among those made for this document."""
        base = nodes.make_id(wanted) or "adr"
        candidate, serial = base, 1
        while candidate in self._ids:
            serial += 1
            candidate = f"{base}-{serial}"
        self._ids.add(candidate)
        return candidate

    def xref(
        self,
        target: str,
        text: str | None = None,
        objtype: str = "adr",
        classes: Iterable[str] = (),
    ) -> addnodes.pending_xref:
        """A reference resolved by the domain (rendered with the title format)."""
        explicit = text is not None
        content = nodes.inline(text or target, text or target, classes=["xref", "adr", *classes])
        ref = addnodes.pending_xref(
            "",
            content,
            refdomain="adr",
            reftype=objtype,
            reftarget=target,
            refexplicit=explicit,
            refwarn=False,  # dangling relations are reported by check_consistency
            refdoc=self.docname,
        )
        return ref

    def status_badge(self, status: str, extra: str | None = None) -> nodes.inline:
        text = status if not extra else f"{status} ({extra})"
        return nodes.inline(text, text, classes=["adr-status", f"adr-status-{css_name(status)}"])


def field(name: str, *body: nodes.Node, classes: Iterable[str] = ()) -> nodes.field:
    para = nodes.paragraph("", "", *body)
    return nodes.field(
        "",
        nodes.field_name(name, name),
        nodes.field_body("", para),
        classes=[f"adr-field-{css_name(name)}", *classes],
    )


def joined(items: Iterable[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for item in items:
        if out:
            out.append(nodes.Text(sep))
        out.append(item)
    return out


def text_items(values: Iterable[str], classes: Iterable[str] = ()) -> list[nodes.Node]:
    cls = list(classes)
    return joined(nodes.inline(v, v, classes=cls) for v in values)


def metadata_block(ctx: RenderContext, adr: ADR) -> nodes.field_list:
    """The rendered metadata of one ADR: status, dates, people, tags, relations."""
    fields: list[nodes.field] = []
    fields.append(field("ID", nodes.literal(adr.id, adr.id)))
    fields.append(field("Status", ctx.status_badge(adr.status, adr.status_date)))
    if adr.date:
        fields.append(field("Date", nodes.Text(adr.date)))
    for label, people in (
        ("Deciders", adr.deciders),
        ("Consulted", adr.consulted),
        ("Informed", adr.informed),
    ):
        if people:
            fields.append(field(label, *text_items(people, ["adr-person"])))
    if adr.tags:
        fields.append(field("Tags", *text_items(adr.tags, ["adr-tag"])))
    fields.extend(_relation_fields(ctx, adr))
    if adr.tickets:
        from ..trace.tickets import declared_nodes as ticket_nodes  # tickets imports render

        fields.append(field("Tickets", *ticket_nodes(ctx, adr)))
    if adr.code:
        from ..trace.code import declared_nodes as code_nodes  # trace imports render

        fields.append(field("Code", *code_nodes(ctx, adr)))
    if adr.review_by:
        fields.append(field("Review by", nodes.Text(adr.review_by)))
    for name, value in adr.fields:
        label = LinkKind.label(name)
        if isinstance(value, tuple):
            fields.append(field(label, *text_items(value)))
        else:
            fields.append(field(label, nodes.Text(value)))
    for extender in META_FIELDS:
        fields.extend(extender(ctx, adr))
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


class ResolvePlaceholders(SphinxPostTransform):
    """Replace every placeholder with nodes built from the domain's records."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname
        ctx = RenderContext(domain, docname)
        for marker in list(self.document.findall(adr_node)):
            # the marker's own docname: singlehtml and latex resolve assembled trees
            adr = domain.adr_in(
                marker.get("docname", docname),
                marker.get("adr_id", ""),
                marker.get("adr_anchor"),
            )
            if adr is None:  # not recorded: its placement problem was reported
                marker.parent.remove(marker)
                continue
            marker.replace_self(metadata_block(ctx, adr))
        for placeholder in list(self.document.findall(adr_placeholder)):
            renderer = RENDERERS.get(placeholder.get("kind", ""))
            replacement = renderer(ctx, placeholder) if renderer else []
            placeholder.replace_self(replacement)


def register(app: Sphinx) -> None:
    app.add_post_transform(ResolvePlaceholders)
