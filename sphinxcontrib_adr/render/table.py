"""The one table builder every listing uses.

A listing describes its columns (:class:`Column`: header, kind, header
classes) and hands over its rows as lists of nodes per cell; the builder
makes a standard docutils table that every builder writes. The column kinds
travel on the table (``adr_kinds``) for the LaTeX step (:mod:`.latex`), which
turns them into page-breaking tables with per-kind widths; HTML ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..core.locale import translate

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: column kinds and what they hold; the LaTeX step sizes them (see ``latex.py``)
KINDS = {
    "id": "an identifier or a reference shown by its id (never broken)",
    "badge": "a status, verdict or level word (never broken)",
    "date": "a date (never broken)",
    "number": "a count (never broken)",
    "name": "a person, tracker or short value",
    "title": "a title or a reference shown by its title",
    "text": "running text or a list of items",
}
#: kinds whose cells fit on one line: the LaTeX step neither breaks nor hyphenates them
NARROW_KINDS = frozenset({"id", "badge", "date", "number"})

Cell = list[nodes.Node]


@dataclass(frozen=True)
class Column:
    """One column: its header, its kind (a key of :data:`KINDS`) and the classes
    of its header cell."""

    title: str
    kind: str = "text"
    classes: tuple[str, ...] = ()


def build_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    classes: Sequence[str],
    *,
    name: str = "",
    caption: str | None = None,
    ids: Sequence[str] = (),
    row_classes: Iterable[Sequence[str]] | None = None,
    entry_classes: Iterable[Sequence[Sequence[str]]] | None = None,
    interactive: bool = False,
) -> nodes.table:
    """A standard docutils table of ``rows`` (one list of nodes per cell).

    Inline nodes of a cell are joined in one paragraph, block nodes (lists,
    paragraphs) kept as they are. ``name`` says what the table lists ("Risk
    register"): printed output titles an uncaptioned table with it, so a table
    broken over pages says what it continues. ``interactive`` lets
    ``adr-table.js`` add the sort and filter controls in HTML.
    """
    rows = [list(r) for r in rows]
    # column heads and captions in the reader's language: a head given in English
    # (a field's label, N_) is translated here, one already translated passes through
    columns = [replace(c, title=translate(c.title)) for c in columns]
    caption = translate(caption) if caption else caption
    name = translate(name)
    table = nodes.table(classes=[*classes, *(["adr-interactive"] if interactive else [])])
    table["adr_kinds"] = tuple(c.kind for c in columns)
    table["adr_name"] = caption or name
    if caption:
        table += nodes.title(caption, caption)
        table["ids"].extend(ids)
    group = _head(columns, rows)
    group += _body(rows, row_classes, entry_classes)
    table += group
    return table


def _head(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> nodes.tgroup:
    """The table's column specs, sized to their cells, and its header row."""
    group = nodes.tgroup(cols=len(columns))
    for index, column in enumerate(columns):
        texts = [column.title, *(_cell_text(cells[index]) for cells in rows if index < len(cells))]
        # the text builder sizes columns by colwidth: fit the longest cell
        group += nodes.colspec(colwidth=max(6, *(min(len(t), 40) + 2 for t in texts)))
    head = nodes.row()
    for column in columns:
        head += nodes.entry(
            "", nodes.paragraph(column.title, column.title), classes=list(column.classes)
        )
    group += nodes.thead("", head)
    return group


def _body(
    rows: Sequence[Sequence[Cell]],
    row_classes: Iterable[Sequence[str]] | None,
    entry_classes: Iterable[Sequence[Sequence[str]]] | None,
) -> nodes.tbody:
    """The rows, each with its classes and its cells' classes, when given."""
    body = nodes.tbody()
    row_class_list = [list(c) for c in row_classes] if row_classes is not None else None
    entry_class_list = [list(c) for c in entry_classes] if entry_classes is not None else None
    for index, cells in enumerate(rows):
        row = nodes.row(classes=row_class_list[index] if row_class_list else [])
        for number, cell in enumerate(cells):
            extra = entry_class_list[index][number] if entry_class_list else ()
            row += _entry(cell, extra)
        body += row
    return body


def _entry(cell: Cell, classes: Sequence[str]) -> nodes.entry:
    entry = nodes.entry(classes=list(classes))
    inline: list[nodes.Node] = []
    for node in cell:
        # raw is Body and Inline: inline (a row's hidden record text sits in the paragraph)
        if isinstance(node, nodes.Body) and not isinstance(node, nodes.Inline):
            if inline:
                entry += nodes.paragraph("", "", *inline)
                inline = []
            entry += node
        else:
            inline.append(node)
    if inline:
        entry += nodes.paragraph("", "", *inline)
    return entry


def _cell_text(cell: Cell) -> str:
    # hidden HTML (a row's record text) takes no room in any other builder
    text = "".join(node.astext() for node in cell if not isinstance(node, nodes.raw))
    titled = any(
        not ref.get("refexplicit")
        for node in cell
        if isinstance(node, nodes.Element)
        for ref in node.findall(addnodes.pending_xref)
    )
    # a reference to an ADR renders as "id: title", longer than its bare target
    return text.ljust(30) if titled else text
