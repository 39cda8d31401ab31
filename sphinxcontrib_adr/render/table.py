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
from .context import grown

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
    rows = list(rows)
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
        group += nodes.colspec(colwidth=_width(column.title, rows, index))
    head = nodes.row()
    for column in columns:
        head += nodes.entry(
            "", nodes.paragraph(column.title, column.title), classes=list(column.classes)
        )
    group += nodes.thead("", head)
    return group


#: the text builder sizes columns by colwidth: it fits the longest cell, up to this
_WIDEST = 40 + 2


def _width(title: str, rows: Sequence[Sequence[Cell]], index: int) -> int:
    """The colwidth of column ``index``: its longest text (capped) and a margin."""
    width = max(6, min(len(title), 40) + 2)
    for cells in rows:
        if width == _WIDEST:  # no cell can widen it further: spare the others' text
            break
        if index < len(cells):
            width = max(width, min(len(_cell_text(cells[index])), 40) + 2)
    return width


def _body(
    rows: Sequence[Sequence[Cell]],
    row_classes: Iterable[Sequence[str]] | None,
    entry_classes: Iterable[Sequence[Sequence[str]]] | None,
) -> nodes.tbody:
    """The rows, each with its classes and its cells' classes, when given."""
    # a node copies the class list it is given: the caller's lists may be shared
    row_class_list = list(row_classes) if row_classes is not None else None
    entry_class_list = list(entry_classes) if entry_classes is not None else None
    body: list[nodes.Node] = []
    for index, cells in enumerate(rows):
        row = nodes.row(classes=_listed(row_class_list[index]) if row_class_list else [])
        extra = entry_class_list[index] if entry_class_list else None
        body.append(
            grown(
                row,
                *(
                    _entry(cell, _listed(extra[number]) if extra else [])
                    for number, cell in enumerate(cells)
                ),
            )
        )
    return grown(nodes.tbody(), *body)


def _listed(classes: Sequence[str]) -> list[str]:
    return classes if isinstance(classes, list) else list(classes)


def _entry(cell: Cell, classes: list[str]) -> nodes.entry:
    children: list[nodes.Node] = []
    inline: list[nodes.Node] = []
    for node in cell:
        # raw is Body and Inline: inline (a row's hidden record text sits in the paragraph)
        if isinstance(node, nodes.Body) and not isinstance(node, nodes.Inline):
            if inline:
                children.append(grown(nodes.paragraph(), *inline))
                inline = []
            children.append(node)
        else:
            inline.append(node)
    if inline:
        children.append(grown(nodes.paragraph(), *inline))
    return grown(nodes.entry(classes=classes), *children)


def _cell_text(cell: Cell) -> str:
    # hidden HTML (a row's record text) takes no room in any other builder
    text = "".join([node.astext() for node in cell if not isinstance(node, nodes.raw)])
    # a reference to an ADR renders as "id: title", longer than its bare target
    return text.ljust(30) if len(text) < 30 and _titled(cell) else text


def _titled(cell: Cell) -> bool:
    """Whether ``cell`` holds a reference that will show its target's title."""
    todo = list(cell)
    while todo:
        node = todo.pop()
        if isinstance(node, nodes.Element):
            if isinstance(node, addnodes.pending_xref) and not node.get("refexplicit"):
                return True
            todo += node.children
    return False
