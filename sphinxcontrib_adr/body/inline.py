"""Inline markup as data, and the list items of body directives.

A paragraph's inline nodes become a tuple of segments (``("text", ...)``,
``("strong", ...)``, ``("xref", domain, type, target, text, explicit)``, ...):
plain, picklable data that is the same from reST and MyST, turned back into
nodes wherever a table shows the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

Segment = tuple[str, ...]
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
        if seg[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + seg[1])
        else:
            merged.append(seg)
    result = [_with_text(seg, _collapse(seg_text(seg))) for seg in merged]
    if result:
        result[0] = _with_text(result[0], seg_text(result[0]).lstrip())
        result[-1] = _with_text(result[-1], seg_text(result[-1]).rstrip())
    return tuple(seg for seg in result if seg_text(seg) or seg[0] == "xref")


def _segments_of(node: nodes.Node) -> list[Segment]:
    if isinstance(node, nodes.Text):
        return [("text", str(node))]
    if isinstance(node, nodes.system_message | nodes.problematic | nodes.target):
        return []
    if isinstance(node, addnodes.pending_xref):
        return [
            (
                "xref",
                str(node.get("refdomain") or ""),
                str(node.get("reftype") or ""),
                str(node.get("reftarget") or ""),
                _collapse(node.astext()),
                "1" if node.get("refexplicit") else "0",
            )
        ]
    if isinstance(node, nodes.reference) and node.get("refuri"):
        return [("link", _collapse(node.astext()), str(node["refuri"]))]
    if isinstance(node, nodes.strong):
        return [("strong", node.astext())]
    if isinstance(node, nodes.emphasis):
        return [("emphasis", node.astext())]
    if isinstance(node, nodes.literal):
        return [("literal", node.astext())]
    if isinstance(node, nodes.Element) and not isinstance(node, nodes.Inline):
        return [("text", node.astext())]
    if isinstance(node, nodes.Element):
        out: list[Segment] = []
        for child in node.children:
            out.extend(_segments_of(child))
        return out
    return [("text", node.astext())]


def seg_text(seg: Segment) -> str:
    """The visible text of a segment."""
    return seg[4] or seg[3] if seg[0] == "xref" else seg[1]


def _with_text(seg: Segment, text: str) -> Segment:
    if seg[0] == "xref":
        return seg
    return (seg[0], text, *seg[2:])


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
    return {seg[3] for seg in inline if seg[0] == "xref"}


def inline_nodes(inline: Inline, refdoc: str) -> list[nodes.Node]:
    """Nodes for ``inline``; references are resolved for the page being written."""
    out: list[nodes.Node] = []
    for seg in inline:
        kind = seg[0]
        if kind == "text":
            out.append(nodes.Text(seg[1]))
        elif kind == "strong":
            out.append(nodes.strong(seg[1], seg[1]))
        elif kind == "emphasis":
            out.append(nodes.emphasis(seg[1], seg[1]))
        elif kind == "literal":
            out.append(nodes.literal(seg[1], seg[1]))
        elif kind == "link":
            out.append(nodes.reference(seg[1], seg[1], refuri=seg[2]))
        elif kind == "xref":
            _, domain, reftype, target, text, explicit = seg
            content = nodes.inline(text or target, text or target, classes=["xref", domain])
            out.append(
                addnodes.pending_xref(
                    "",
                    content,
                    refdomain=domain or None,
                    reftype=reftype,
                    reftarget=target,
                    refexplicit=explicit == "1",
                    refdoc=refdoc,
                    refwarn=False,  # the source page already reported a broken one
                )
            )
    return out


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
            details.append((("text", _collapse(child.astext()).strip()),))
    return Item(text, tuple(d for d in details if d))


def label_map(parts: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``{normalised label: part}`` from ``{part: labels}``."""
    return {normalise_label(label): part for part, labels in parts.items() for label in labels}


def normalise_label(text: str) -> str:
    """``**Pros** ✅:`` -> ``pros``; letters and spaces only, lower case."""
    letters = re.sub(r"[^\w\s]|\d|_", " ", text)
    # single characters are marks, not words (the information mark is a letter)
    return " ".join(word for word in letters.casefold().split() if len(word) > 1)
