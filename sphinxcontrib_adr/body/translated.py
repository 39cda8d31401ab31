"""The text of body records as their page shows it, in a translated build too.

A body directive makes its records in ``run()``, but Sphinx's Locale transform
puts the translation of a project's ``.po`` files into the doctree later, so
records made from the parsed content alone would list the source language in
the registers of a translated build. Each node an item, a description or a
metric cell comes from is marked (:func:`mark`) with the record and field it
gave; the read step, after the transforms, reads a marked node again when the
translation changed it (:func:`reread`). An untranslated build keeps the
records exactly as ``run()`` made them.

Text the directives generate from the source (a ``Reason: text`` paragraph, a
metric's cell) gets the source's position and raw text (:func:`translatable`),
so ``-b gettext`` extracts it and the Locale transform translates it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes

from .inline import Item, item_of, to_segments

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..core.model import ChildRecord

#: the attribute of a marked node while the page is read: ``"<record index> <field>"``
MARK = "adr_text"
#: record fields that hold a tuple of items, one marked node each
ITEM_LISTS = frozenset({"pros", "cons", "reason", "mitigation"})


def mark(node: nodes.Node, field: str, index: int = 0) -> None:
    """Note that ``node`` gave ``field`` of the directive's record number ``index``."""
    if isinstance(node, nodes.Element):
        node[MARK] = f"{index} {field}"


def translatable(node: nodes.TextElement, rawsource: str, origin: nodes.Node) -> None:
    """Make a generated ``node`` a message of the project's catalog: its text is
    ``rawsource`` (the markup as written) at the place of ``origin``."""
    node.rawsource = rawsource
    node.source, node.line = getattr(origin, "source", None), getattr(origin, "line", None)


def raw_rest(raw: str, label: str) -> str:
    """The source text after ``label`` and its colon (``**Reason:** text`` -> ``text``);
    empty when the label is not found as written."""
    start = raw.find(label)
    colon = raw.find(":", start + len(label)) if start >= 0 else -1
    if colon < 0:
        return ""
    rest = raw[colon + 1 :]
    opening = raw[:start].strip()  # markup around the label closes after its colon
    if opening and rest.startswith(opening[::-1]):
        rest = rest[len(opening) :]
    return " ".join(rest.split())


def reread(container: nodes.Element, records: Sequence[ChildRecord]) -> list[ChildRecord]:
    """``records`` with the fields whose marked nodes were translated read again from
    the doctree; the marks go (the pickled doctree carries none)."""
    marked: dict[tuple[int, str], list[nodes.Element]] = {}
    for node in container.findall(nodes.Element):
        value = node.attributes.pop(MARK, None)
        if value is not None:
            number, name = str(value).split(" ", 1)
            marked.setdefault((int(number), name), []).append(node)
    out = list(records)
    for (index, field), found in marked.items():
        if index < len(out) and any(_translated(n) for n in found):
            record = cast("Any", out[index])  # every record class is a dataclass
            out[index] = replace(record, **{field: _value(field, found, getattr(record, field))})
    return out


def _translated(node: nodes.Element) -> bool:
    # Sphinx's Locale transform sets "translated" on each message it replaced
    return any(bool(n.get("translated")) for n in node.findall(nodes.Element))


def _value(field: str, found: list[nodes.Element], current: Any) -> Any:
    if field in ITEM_LISTS:
        if len(found) != len(current):  # not from these nodes: keep what run() read
            return current
        return tuple(
            _item(node) if _translated(node) else old
            for node, old in zip(found, current, strict=True)
        )
    if field == "item":
        return _item(found[0])
    if field == "description":
        return to_segments(found[0].children)
    return " ".join(found[0].astext().split())  # a metric's cell


def _item(node: nodes.Element) -> Item:
    if isinstance(node, nodes.list_item):
        return item_of(node)
    return Item(to_segments(node.children))
