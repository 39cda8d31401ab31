"""What every renderer shares: the render context and small node builders."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, TypeVar

from docutils import nodes
from sphinx import addnodes

from ..core.domain import css_name
from ..core.locale import translate

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sphinx.builders import Builder

    from ..core.domain import ADRDomain
    from ..core.model import ADR

E = TypeVar("E", bound=nodes.Element)


def grown(node: E, *children: nodes.Node) -> E:
    """``node`` with ``children`` appended: the tree ``node += child`` makes.

    Built without ``append`` while ``node`` is in no tree: docutils asks the parent
    for its document on every child appended, and in a tree not yet in a document
    the question climbs to the root and ends in a caught AttributeError (about a
    fifth of the time a 500-row table took). Outside any document the parent link is
    all there is to set.
    """
    if node.parent is not None or getattr(node, "_document", None) is not None:
        node.extend(children)
        return node
    for child in children:
        child.parent = node
    node.children.extend(children)
    return node


def _twin(node: E, rawsource: str) -> E:
    """A childless node of ``node``'s class and attributes (lists copied): docutils'
    ``copy`` without the source position, and at a third of the cost of passing the
    attributes as keywords (each is lower-cased and looked up on the way in)."""
    new = type(node)(rawsource)
    new.attributes.update(
        {
            key: value[:] if isinstance(value, list) else value
            for key, value in node.attributes.items()
        }
    )
    return new


def inline(text: str, classes: list[str]) -> nodes.inline:
    """``nodes.inline(text, text, classes=classes)``, built by :func:`grown`."""
    node = nodes.inline(text, classes=classes)
    return grown(node, nodes.Text(text)) if text else node


class RenderContext:
    """What a renderer needs: the domain, the document being written, helpers."""

    def __init__(
        self,
        domain: ADRDomain,
        docname: str,
        builder: Builder | None = None,
        taken: Iterable[str] = (),
        ids: set[str] | None = None,
    ) -> None:
        self.domain = domain
        self.docname = docname
        self.settings = domain.settings
        #: with a builder, references are links at once (see :meth:`xref`)
        self.builder = builder
        # shared by the contexts of one output page (an assembled tree has several)
        self._ids: set[str] = set(taken) if ids is None else ids
        self._words: dict[str, str] = {}

    def for_document(self, docname: str) -> RenderContext:
        """A context for ``docname`` writing into the same page (ids stay unique)."""
        return RenderContext(self.domain, docname, self.builder, ids=self._ids)

    @property
    def taken_ids(self) -> frozenset[str]:
        """The ids :meth:`unique_id` gave so far."""
        return frozenset(self._ids)

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
    ) -> nodes.Element:
        """A reference resolved by the domain (rendered with the title format): a
        ``pending_xref`` Sphinx resolves, or, in a context with a builder (after
        Sphinx resolved references), the link the domain resolves it to."""
        shown = text or target
        content = inline(shown, ["xref", "adr", *classes])
        if self.builder is None:
            ref = addnodes.pending_xref(
                "",
                refdomain="adr",
                reftype=objtype,
                reftarget=target,
                refexplicit=text is not None,
                refwarn=False,  # dangling relations are reported by check_consistency
                refdoc=self.docname,
            )
            # ... so not again as adr.ref when Sphinx runs nitpicky (-n), which asks
            # about every dangling reference, refwarn or not
            ref["adr_reported"] = True
            return grown(ref, content)
        found = self.domain.find_target(objtype, target)
        if found is None:  # what Sphinx leaves of a reference nothing resolves
            return content
        return self.domain.refnode(
            self.builder, self.docname, found, None, content, titled=text is None
        )

    def links(self, target: str, texts: Sequence[str]) -> list[nodes.Element]:
        """``[self.xref(target, text) for text in texts]``, the ADR resolved once: a
        table row links its id and its title to the same ADR, and resolving costs
        more than the link (a 500-row table resolved 1,000 times)."""
        if self.builder is None or len(texts) < 2:
            return [self.xref(target, text) for text in texts]
        found = self.domain.find_target("adr", target)
        shown = inline(texts[0], ["xref", "adr"])
        if found is None:  # what Sphinx leaves of a reference nothing resolves
            return [shown, *(inline(text, ["xref", "adr"]) for text in texts[1:])]
        first = self.domain.refnode(self.builder, self.docname, found, None, shown)
        out: list[nodes.Element] = [first]
        for text in texts[1:]:
            # the same link around the same content node, with another text
            content = grown(_twin(shown, text), nodes.Text(text))
            out.append(grown(_twin(first, first.rawsource), content))
        return out

    def word(self, message: str) -> str:
        """:func:`translate`, asked once per message for the document: a listing shows
        the same few statuses on hundreds of rows."""
        shown = self._words.get(message)
        if shown is None:
            shown = self._words[message] = translate(message)
        return shown

    def status_badge(self, status: str, extra: str | None = None) -> nodes.inline:
        """The status in the reader's language; its class keeps the raw value."""
        shown = self.word(status)
        text = shown if not extra else f"{shown} ({extra})"
        return inline(text, ["adr-status", f"adr-status-{css_name(status)}"])


def field(name: str, *body: nodes.Node, classes: Iterable[str] = ()) -> nodes.field:
    """A metadata field: ``name`` is the English label (marked ``N_`` by the caller),
    shown in the reader's language; the class keeps the English, so CSS holds."""
    para = nodes.paragraph("", "", *body)
    label = translate(name)
    return nodes.field(
        "",
        nodes.field_name(label, label),
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
    return joined(inline(v, cls) for v in values)


def chips(values: Iterable[str], classes: Iterable[str] = ("adr-tag",)) -> list[nodes.Node]:
    """Tag chips: in HTML the chip is the separator, so the comma between two chips is
    hidden from the eye (``adr-sep``) but kept for screen readers and text builders."""
    cls = list(classes)
    out: list[nodes.Node] = []
    for value in values:
        if out:
            out += [inline(",", ["adr-sep"]), nodes.Text(" ")]
        out.append(inline(value, cls))
    return out


def record_text(adr: ADR, shown: str | None = None) -> nodes.raw:
    """The whole record as hidden text of its row (HTML only): the browser's filter
    finds an ADR by a decider or a tag that no column shows, and the facet chips
    read its status and tags from it. ``shown``: the status in the reader's
    language, when the caller has it."""
    # the status as written and as the reader's language names it: both find the row
    status = dict.fromkeys((adr.status, translate(adr.status) if shown is None else shown))
    words = [adr.id, adr.title, *status, adr.date or "", *adr.deciders, *adr.consulted]
    words += [*adr.informed, *adr.tags, *adr.tickets, *adr.code]
    tags = "|".join(adr.tags)
    html = (
        f'<span class="adr-record" hidden="hidden" data-status="{escape(adr.status)}" '
        f'data-tags="{escape(tags)}">{escape(" ".join(w for w in words if w))}</span>'
    )
    return grown(nodes.raw("", format="html"), nodes.Text(html))


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def sentence(template: str, **parts: nodes.Node | Iterable[nodes.Node] | str) -> list[nodes.Node]:
    """A translated sentence with nodes in it: ``template`` (already through ``_``)
    names its parts as ``{name}``, so each language puts them where its word order
    wants them ("No longer in force: {status} by {adrs}." / "{adrs} により置き換え")."""
    out: list[nodes.Node] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > pos:
            out.append(nodes.Text(template[pos : match.start()]))
        part = parts.get(match.group(1), match.group(0))  # a catalog's typo stays visible
        if isinstance(part, str):
            out.append(nodes.Text(part))
        elif isinstance(part, nodes.Node):
            out.append(part)
        else:
            out.extend(part)
        pos = match.end()
    if pos < len(template):
        out.append(nodes.Text(template[pos:]))
    return out
