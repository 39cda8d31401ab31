"""Tickets: configured id patterns with URL templates, linked wherever ADRs name them.

``adr_tickets`` maps a tracker name to a pattern and a URL template. An ADR's
``:tickets:`` values, ticket ids written in its text and the ``:ticket:``
role become links; nothing is fetched at build time. Every ticket an ADR
names (declared or in its text) is recorded in the domain, so the ticket
index (``adr-tickets``) and the traceability matrix can list them, and the
incremental build knows which pages to re-write when they change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..core.config import (
    settings,
)
from ..core.directive import OptionChecker
from ..core.domain import get_domain
from ..core.locale import N_, _
from ..core.model import Change, ChildRecord, PageRecord, id_key
from ..core.nodes import adr_node, leave_page_draft
from ..core.read import enclosing_adr
from ..core.warnings import warn
from ..render import context as render
from ..render.context import field
from ..render.metadata import AFTER_RELATIONS
from ..render.placeholders import adr_placeholder
from ..render.table import Column, build_table
from .settings import id_marker
from .validated import TicketScheme, schemes

if TYPE_CHECKING:
    import re
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective, SphinxRole

    from ..core.domain import ADRDomain
    from ..core.model import ADR, ADRView
    from ..render.context import RenderContext


def match_ticket(
    trackers: Iterable[TicketScheme], value: str
) -> tuple[TicketScheme, re.Match[str]] | None:
    for scheme in trackers:
        match = scheme.pattern.fullmatch(value.strip())
        if match:
            return scheme, match
    return None


def ticket_node(trackers: Iterable[TicketScheme], value: str) -> nodes.Element | None:
    """A link (or, for a tracker without URL, a text) for a ticket id; ``None``: unknown."""
    value = value.strip()
    found = match_ticket(trackers, value)
    if found is None:
        return None
    scheme, match = found
    url = scheme.url_for(match)
    attrs = {"classes": ["adr-ticket"], "adr_ticket": value, "adr_tracker": scheme.name}
    if url is None:
        return nodes.inline(value, value, **attrs)
    return nodes.reference(value, value, refuri=url, **attrs)


def _hint(trackers: Iterable[TicketScheme]) -> str:
    return ", ".join(f"{s.name}: {s.pattern.pattern}" for s in trackers)


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class TicketMention(ChildRecord):
    """A ticket id written in an ADR's text (or with the ``:ticket:`` role)."""

    adr: str
    ticket: str
    tracker: str
    docname: str
    lineno: int


def tickets_of(domain: ADRDomain, adr: ADR) -> list[str]:
    """Declared tickets first, then those mentioned in the text, without repeats."""
    seen: dict[str, None] = {}
    for value in adr.tickets:
        seen.setdefault(value.strip(), None)
    for child in domain.children(adr):
        if isinstance(child, TicketMention):
            seen.setdefault(child.ticket, None)
    return list(seen)


def _view_tickets(view: ADRView | None) -> bool:
    if view is None:
        return False
    return bool(view.adr.tickets) or any(isinstance(c, TicketMention) for c in view.children)


@dataclass(frozen=True, slots=True)
class TicketIndex(PageRecord):
    """An ``adr-tickets`` index on a page: it shows every ADR that names a ticket."""

    docname: str
    lineno: int
    trackers: tuple[str, ...] = ()
    #: the text shown when no decision names a ticket
    empty: str = ""

    def affected_by(self, change: Change) -> bool:
        return _view_tickets(change.old) or _view_tickets(change.new)


# --------------------------------------------------------------------------
# the role, the text links, the checks (read time)


def run_ticket(role: SphinxRole) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    value = " ".join(role.text.split())
    trackers = schemes(role.config)
    node = ticket_node(trackers, value)
    if node is None:
        hint = _hint(trackers) or "adr_tickets is empty"
        warn(
            f"ticket {value!r} matches no pattern of adr_tickets ({hint}); write the id "
            "as the tracker spells it or add a pattern",
            "ticket_unknown",
            role.get_location(),
        )
        return [nodes.literal(value, value, classes=["adr-ticket"])], []
    return [node], []


_NO_LINKS = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.reference,
    nodes.title,
    nodes.rubric,
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.field_name,
    nodes.math,
    nodes.image,
    addnodes.pending_xref,
    adr_node,
    adr_placeholder,
)


def _linkable(node: nodes.Text) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _NO_LINKS):
            return False
        parent = parent.parent
    return True


def find_tickets(
    trackers: Iterable[TicketScheme], text: str
) -> Iterator[tuple[int, int, TicketScheme, re.Match[str]]]:
    """Non-overlapping ticket ids in running text, leftmost (then first tracker) first."""
    found = []
    for rank, scheme in enumerate(trackers):
        for match in scheme.in_text.finditer(text):
            found.append((match.start(), -match.end(), rank, scheme, match))
    found.sort(key=lambda f: f[:3])
    end = 0
    for start, neg_end, _rank, scheme, match in found:
        if start >= end:
            end = -neg_end
            yield start, end, scheme, match


def _link_text(
    doctree: nodes.document, trackers: tuple[TicketScheme, ...], adr_id: re.Pattern[str]
) -> None:
    for text in list(doctree.findall(nodes.Text)):
        value = str(text)
        if not value.strip() or not _linkable(text):
            continue
        # a broad pattern ([A-Z]+-\d+) would also take ADR ids for tickets
        hits = [h for h in find_tickets(trackers, value) if not adr_id.fullmatch(h[3][0])]
        if not hits or enclosing_adr(text) is None:
            continue
        pieces: list[nodes.Node] = []
        pos = 0
        for start, end, scheme, match in hits:
            if start > pos:
                pieces.append(nodes.Text(value[pos:start]))
            url = scheme.url_for(match)
            ticket = match[0]
            attrs = {"classes": ["adr-ticket"], "adr_ticket": ticket, "adr_tracker": scheme.name}
            if url is None:
                pieces.append(nodes.inline(ticket, ticket, **attrs))
            else:
                pieces.append(nodes.reference(ticket, ticket, refuri=url, **attrs))
            pos = end
        if pos < len(value):
            pieces.append(nodes.Text(value[pos:]))
        text.parent.replace(text, pieces)


def _line_of(node: nodes.Node) -> int:
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return 0


def collect_tickets(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    trackers = schemes(env.config)
    domain = get_domain(env)
    docname = env.docname
    doc = domain.docs.get(docname)
    adrs = list(doc.adrs) if doc else []
    if trackers:
        for adr in adrs:
            for value in adr.tickets:
                if match_ticket(trackers, value) is None:
                    warn(
                        f"{adr.id} :tickets: {value!r} matches no pattern of adr_tickets "
                        f"({_hint(trackers)}); write the id as the tracker spells it or "
                        "add a pattern",
                        "ticket_unknown",
                        (docname, adr.lineno),
                    )
        if env.config.adr_tickets_autolink and adrs:
            _link_text(doctree, trackers, id_marker(settings(env.config).id_format))
    # without a tracker no node names a ticket (ticket_node matches one first): an
    # ADR page is not walked for nothing (issue 29)
    if not adrs or not trackers:
        return
    seen: set[tuple[str, str]] = set()
    for node in doctree.findall(nodes.Element):
        ticket = node.get("adr_ticket")
        if not ticket:
            continue
        owner = enclosing_adr(node)
        if owner is None or (id_key(owner), ticket) in seen:
            continue
        seen.add((id_key(owner), ticket))
        mention = TicketMention(owner, ticket, node.get("adr_tracker", ""), docname, _line_of(node))
        domain.add_record(docname, mention)


# --------------------------------------------------------------------------
# the ticket index (write time)


def run_ticket_index(
    directive: SphinxDirective, placeholder: type[adr_placeholder]
) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): str(value) for name, value in directive.options.items()}
    for name in check.unknown(options, ("trackers", "empty")):
        options.pop(name)
    known = {s.name.casefold(): s.name for s in schemes(directive.config)}
    wanted: list[str] = []
    for item in check.items(options, "trackers"):
        if item.casefold() in known:
            wanted.append(known[item.casefold()])
        else:
            warn(
                f"{directive.name}: {item!r} is not a tracker of adr_tickets; write one of: "
                + (", ".join(known.values()) or "(none configured)"),
                "value",
                directive.get_location(),
            )
    empty = " ".join(options.get("empty", "").split()) or _("No decision names a ticket.")
    node = placeholder(kind="adr-tickets")
    leave_page_draft(node, TicketIndex("", directive.lineno, tuple(wanted), empty))
    directive.set_source_info(node)
    return [node]


def ticket_index(
    domain: ADRDomain, trackers: tuple[TicketScheme, ...]
) -> list[tuple[str, str, list[ADR]]]:
    """``(tracker, ticket, ADRs)`` rows, by tracker order then ticket."""
    from ..listings.columns import natural_key

    rank = {s.name: i for i, s in enumerate(trackers)}
    rows: dict[str, tuple[str, list[ADR]]] = {}
    for adr in sorted(domain.adrs(), key=lambda a: natural_key(a.id)):
        for ticket in tickets_of(domain, adr):
            found = match_ticket(trackers, ticket)
            tracker = found[0].name if found else ""
            entry = rows.setdefault(ticket, (tracker, []))
            if adr not in entry[1]:
                entry[1].append(adr)
    ordered = sorted(rows.items(), key=lambda r: (rank.get(r[1][0], len(rank)), natural_key(r[0])))
    return [(tracker, ticket, adrs) for ticket, (tracker, adrs) in ordered]


def render_index(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    trackers = schemes(ctx.domain.env.config)
    index = ctx.domain.page_of(node, TicketIndex)
    wanted = set(index.trackers)
    rows = [r for r in ticket_index(ctx.domain, trackers) if not wanted or r[0] in wanted]
    if not rows:
        return [nodes.paragraph(index.empty, index.empty, classes=["adr-empty"])]
    body: list[list[list[nodes.Node]]] = []
    for tracker, ticket, adrs in rows:
        link: nodes.Node = ticket_node(trackers, ticket) or nodes.Text(ticket)
        refs = render.joined(ctx.xref(adr.id) for adr in adrs)
        body.append([[link], [nodes.Text(tracker)] if tracker else [], refs])
    interactive = bool(ctx.domain.env.config.adr_table_interactive)
    columns = [
        Column(_("Ticket"), "id"),
        Column(_("Tracker"), "name"),
        Column(_("Decisions"), "title"),
    ]
    table = build_table(
        columns, body, ["adr-table", "adr-ticket-index"], name=_("Tickets"), interactive=interactive
    )
    return [table]


def declared_nodes(ctx: RenderContext, adr: ADR) -> list[nodes.Node]:
    """The ``Tickets`` field of the metadata block: every ``:tickets:`` value, linked."""
    trackers = schemes(ctx.domain.env.config)
    items: list[nodes.Node] = []
    for value in adr.tickets:
        node = ticket_node(trackers, value)
        items.append(node or nodes.inline(value, value, classes=["adr-ticket"]))
    return render.joined(items)


def metadata_fields(_app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The ``Tickets`` field of the metadata block, after the relations."""
    if not adr.tickets:
        return []
    return [(AFTER_RELATIONS, field(N_("Tickets"), *declared_nodes(ctx, adr)))]
