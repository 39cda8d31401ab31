"""Inline markup as data, and the list items of body directives.

A paragraph's inline nodes become a tuple of typed segments
(:class:`Styled`, :class:`WebLink`, :class:`Xref`): plain, picklable data
that is the same from reST and MyST, turned back into nodes wherever a table
shows the item. They are named tuples whose first field is the kind, so
``adrs.json`` holds them as the lists it always held (``["strong", "Scale"]``,
``["xref", "adr", "adr", "ADR-0002", "", "0"]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class Styled(NamedTuple):
    """Text, plain or in one inline style."""

    kind: Literal["text", "strong", "emphasis", "literal"]
    text: str


class WebLink(NamedTuple):
    """A link to a URL."""

    kind: Literal["link"]
    text: str
    uri: str


class Xref(NamedTuple):
    """A cross-reference, resolved where the item is shown."""

    kind: Literal["xref"]
    domain: str
    reftype: str
    target: str
    #: the text written; empty when the reference shows its target's title
    text: str
    #: ``"1"`` when the text was written explicitly (a string: adrs.json's form)
    explicit: str


Segment = Styled | WebLink | Xref
Inline = tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One list item: its first paragraph, and nested items/paragraphs as details."""

    text: Inline
    details: tuple[Inline, ...] = ()

    @property
    def plain(self) -> str:
        return plain_text(self.text)


# --------------------------------------------------------------------------
# inline markup as data


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def to_segments(children: Iterable[nodes.Node]) -> Inline:
    """Inline nodes as plain data (whitespace normalised)."""
    raw: list[Segment] = []
    for child in children:
        raw.extend(_segments_of(child))
    merged: list[Segment] = []
    for seg in raw:
        last = merged[-1] if merged else None
        if seg.kind == "text" and last is not None and last.kind == "text":
            merged[-1] = Styled("text", last.text + seg.text)
        else:
            merged.append(seg)
    result = [_with_text(seg, _collapse(seg_text(seg))) for seg in merged]
    if result:
        result[0] = _with_text(result[0], seg_text(result[0]).lstrip())
        result[-1] = _with_text(result[-1], seg_text(result[-1]).rstrip())
    return tuple(seg for seg in result if seg_text(seg) or isinstance(seg, Xref))


_STYLES: tuple[tuple[type[nodes.Element], Literal["strong", "emphasis", "literal"]], ...] = (
    (nodes.strong, "strong"),
    (nodes.emphasis, "emphasis"),
    (nodes.literal, "literal"),
)


def _segments_of(node: nodes.Node) -> list[Segment]:
    if isinstance(node, nodes.Text):
        return [Styled("text", str(node))]
    if isinstance(node, nodes.system_message | nodes.problematic | nodes.target):
        return []
    if isinstance(node, addnodes.pending_xref):
        return [
            Xref(
                "xref",
                str(node.get("refdomain") or ""),
                str(node.get("reftype") or ""),
                str(node.get("reftarget") or ""),
                _collapse(node.astext()),
                "1" if node.get("refexplicit") else "0",
            )
        ]
    if isinstance(node, nodes.reference) and node.get("refuri"):
        return [WebLink("link", _collapse(node.astext()), str(node["refuri"]))]
    for cls, style in _STYLES:
        if isinstance(node, cls):
            return [Styled(style, node.astext())]
    if isinstance(node, nodes.Element) and not isinstance(node, nodes.Inline):
        return [Styled("text", node.astext())]
    if isinstance(node, nodes.Element):
        out: list[Segment] = []
        for child in node.children:
            out.extend(_segments_of(child))
        return out
    return [Styled("text", node.astext())]


def seg_text(seg: Segment) -> str:
    """The visible text of a segment."""
    return seg.text or seg.target if isinstance(seg, Xref) else seg.text


def _with_text(seg: Segment, text: str) -> Segment:
    return seg if isinstance(seg, Xref) else seg._replace(text=text)


def plain_text(inline: Inline) -> str:
    return "".join(seg_text(seg) for seg in inline)


def strip_chars(inline: Inline, count: int) -> Inline:
    """``inline`` without its first ``count`` visible characters (whitespace trimmed)."""
    out: list[Segment] = []
    for seg in inline:
        text = seg_text(seg)
        if count >= len(text):
            count -= len(text)
            continue
        if count:
            seg = _with_text(seg, text[count:])
            count = 0
        out.append(seg)
    if out:
        out[0] = _with_text(out[0], seg_text(out[0]).lstrip())
    return tuple(seg for seg in out if seg_text(seg))


def xref_targets(inline: Inline) -> set[str]:
    """Targets of the references inside ``inline`` (for incremental re-writes)."""
    return {seg.target for seg in inline if isinstance(seg, Xref)}


def inline_nodes(inline: Inline, refdoc: str) -> list[nodes.Node]:
    """Nodes for ``inline``; references are resolved for the page being written."""
    return [_node_of(seg, refdoc) for seg in inline]


def _node_of(seg: Segment, refdoc: str) -> nodes.Node:
    if isinstance(seg, Xref):
        shown = seg.text or seg.target
        return addnodes.pending_xref(
            "",
            nodes.inline(shown, shown, classes=["xref", seg.domain]),
            refdomain=seg.domain or None,
            reftype=seg.reftype,
            reftarget=seg.target,
            refexplicit=seg.explicit == "1",
            refdoc=refdoc,
            refwarn=False,  # the source page already reported a broken one
        )
    if isinstance(seg, WebLink):
        return nodes.reference(seg.text, seg.text, refuri=seg.uri)
    if seg.kind == "text":
        return nodes.Text(seg.text)
    style = {"strong": nodes.strong, "emphasis": nodes.emphasis, "literal": nodes.literal}
    return style[seg.kind](seg.text, seg.text)


def item_of(list_item: nodes.Node) -> Item:
    """An :class:`Item` from a ``list_item``: first paragraph + nested items as details."""
    text: Inline = ()
    details: list[Inline] = []
    children = list_item.children if isinstance(list_item, nodes.Element) else []
    for child in children:
        if isinstance(child, nodes.paragraph) and not text:
            text = to_segments(child.children)
        elif isinstance(child, nodes.bullet_list | nodes.enumerated_list):
            for sub in child.children:
                if isinstance(sub, nodes.list_item):
                    nested = item_of(sub)
                    details.append(nested.text)
                    details.extend(nested.details)
        elif isinstance(child, nodes.paragraph):
            details.append(to_segments(child.children))
        elif isinstance(child, nodes.Element):
            details.append((Styled("text", _collapse(child.astext()).strip()),))
    return Item(text, tuple(d for d in details if d))


def label_map(parts: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``{normalised label: part}`` from ``{part: labels}``."""
    return {normalise_label(label): part for part, labels in parts.items() for label in labels}


def normalise_label(text: str) -> str:
    """``**Pros** ✅:`` -> ``pros``; letters and spaces only, lower case."""
    letters = re.sub(r"[^\w\s]|\d|_", " ", text)
    # single characters are marks, not words (the information mark is a letter)
    return " ".join(word for word in letters.casefold().split() if len(word) > 1)
