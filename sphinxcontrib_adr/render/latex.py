"""Print: what the LaTeX builder needs beyond the nodes every builder gets.

Post-transforms for the ``latex`` format only, so HTML and the other builders
are untouched:

- :class:`PrintTables` makes every listing's table break across pages
  (``longtable``), sizes its columns by kind (ids narrow and unbroken, titles
  and text wide) and titles it, so a continued table names what it continues;
- :class:`LabelRecords` gives every referencable record a label: the LaTeX
  writer labels sections, tables and figures, not the containers that hold
  alternatives, risks or compact ADRs, so references to them were undefined;
- :class:`PrintBadges` moves badges out of titles (a title drops their
  styling) and marks badges, tinted matrix cells and references to decisions
  that no longer apply with the classes ``sphinxcontrib-adr.sty`` styles.

The style file is written next to the ``.tex`` files with one
``\\adrtone{word}{colour}`` line per entry of ``adr_latex_colors``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.config import SettingError, add_config_value, connect_check
from ..core.domain import css_name, get_domain
from .latex_index import label_indices
from .latex_text import BoxBanners, BreakLongWords, KeepIdsWhole, LinksToHashNames
from .table import NARROW_KINDS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

STYLE = "sphinxcontrib-adr"
_STATIC = Path(__file__).parent.parent / "static"

_GOOD, _FAIR, _BAD, _NONE = "green!50!black", "orange!85!black", "red!65!black", "black!55"
#: badge colours by word (xcolor expressions); ``adr_latex_colors`` is merged over them
DEFAULT_COLORS = {
    "accepted": _GOOD,
    "proposed": _FAIR,
    "rejected": _BAD,
    "superseded": _NONE,
    "deprecated": _NONE,
    "chosen": _GOOD,
    "deferred": _FAIR,
    "considered": "blue!60!black",
    "low": _GOOD,
    "medium": _FAIR,
    "high": _BAD,
    "open": _BAD,
    "mitigated": _GOOD,
    "closed": _NONE,
    "good": _GOOD,
    "fair": _FAIR,
    "poor": _BAD,
    "met": _GOOD,
    "partially-met": _FAIR,
    "not-met": _BAD,
    "pending": _NONE,
    "positive": _GOOD,
    "negative": _BAD,
    "neutral": _NONE,
}
#: class prefixes that carry a badge's word (longest first: risk-status before status)
_WORD_PREFIXES = (
    "adr-risk-status-",
    "adr-consequences-",
    "adr-metric-",
    "adr-verdict-",
    "adr-status-",
    "adr-level-",
    "adr-merit-",
)
#: how many characters a line of a table holds at the body's font size (Letter and
#: A4 text widths, about 5 pt a character); every column also pays its padding
LINE_CHARS = 90
_PAD = 3
#: font sizes a table may use, with the characters a line then holds
_SIZES = (("", LINE_CHARS, _PAD), ("small", 100, _PAD), ("footnotesize", 116, 2))
_NARROW_CAP = 24
#: characters a list's indent and bullet take
_INDENT = 4
_WIDE_CAP = {"title": 48, "text": 70, "name": 24}
_WIDE_MIN = {"title": 12, "text": 10, "name": 12}
_COLOR = re.compile(r"^[A-Za-z][A-Za-z0-9!.]*$")


# --------------------------------------------------------------------- tables


def _width(text: str) -> int:
    """Printed width in Latin characters: a CJK character is set about twice as wide."""
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text)


def _printed(node: nodes.Element) -> int:
    # hidden HTML (a row's record text for the browser's filter) is not printed
    return sum(
        _width(t.astext()) for t in node.findall(nodes.Text) if not isinstance(t.parent, nodes.raw)
    )


def _depth(node: nodes.Node, entry: nodes.Element) -> int:
    """How many lists ``node`` is in, inside ``entry`` (each indents its items)."""
    depth, parent = 0, node.parent
    while parent is not None and parent is not entry:
        depth += isinstance(parent, nodes.bullet_list | nodes.enumerated_list)
        parent = parent.parent
    return depth


def _text_width(entry: nodes.Element) -> int:
    """The longest line a cell needs: its longest paragraph (list items are lines)."""
    paragraphs = [_printed(p) + _INDENT * _depth(p, entry) for p in entry.findall(nodes.paragraph)]
    return max(paragraphs, default=_printed(entry))


def _longest_word(text: str) -> int:
    return max((_width(w) for w in text.split()), default=0)


def _natural(kinds: Sequence[str], cells: list[list[int]]) -> list[int]:
    return [max([0, *(row[i] for row in cells if i < len(row))]) for i in range(len(kinds))]


def printed_kinds(kinds: Sequence[str], cells: list[list[int]]) -> tuple[str, ...]:
    """The kinds as printed: an "id" column that turns out long (a reference shown
    with its title) wraps like a title."""
    natural = _natural(kinds, cells)
    return tuple(
        "title" if kind in NARROW_KINDS and natural[i] > _NARROW_CAP else kind
        for i, kind in enumerate(kinds)
    )


def column_widths(
    kinds: Sequence[str],
    headers: Sequence[str],
    cells: list[list[int]],
    line: int = LINE_CHARS,
    pad: int = _PAD,
) -> list[int]:
    """Widths in characters of a line: narrow kinds get what their longest cell or
    header word needs, wide kinds share the rest by how much text they hold."""
    natural = _natural(kinds, cells)
    widths: list[int] = []
    for index, kind in enumerate(kinds):
        header = _longest_word(headers[index]) + 1 + pad
        need = natural[index] + 1 + pad
        if kind in NARROW_KINDS:
            # a badge's frame and its smaller font roughly cancel out
            widths.append(max(need + (2 if kind == "badge" else 0), header))
        else:
            cap, low = _WIDE_CAP.get(kind, 70), _WIDE_MIN.get(kind, 10)
            widths.append(max(min(need, cap), header, min(low, need)))
    fixed = sum(w for w, k in zip(widths, kinds, strict=True) if k in NARROW_KINDS)
    wide = [i for i, k in enumerate(kinds) if k not in NARROW_KINDS]
    room = line - fixed
    wanted = sum(widths[i] for i in wide)
    if wide and wanted > room:
        # a short column (an owner's name) keeps its width; long ones shrink to a floor
        floor = [
            max(min(widths[i], _WIDE_MIN.get(kinds[i], 10)), _longest_word(headers[i]) + 1 + pad)
            for i in wide
        ]
        room = max(room, sum(floor))
        for i, low in zip(wide, floor, strict=True):
            widths[i] = max(low, widths[i] * room // wanted)
    return widths


class PrintTables(SphinxPostTransform):
    """Listing tables as page-breaking ``longtable``s with widths by column kind."""

    default_priority = 20  # after references are resolved: cells hold their final text
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            kinds = table.get("adr_kinds")
            if kinds:
                self.print_table(table, tuple(kinds))

    def print_table(self, table: nodes.table, kinds: tuple[str, ...]) -> None:
        rows = list(table.findall(nodes.row))
        if not rows or len(rows[0].children) != len(kinds):
            return
        headers = [entry.astext() for entry in rows[0].children]
        cells = [
            [_text_width(e) for e in row.children if isinstance(e, nodes.Element)]
            for row in rows[1:]
        ]
        kinds = printed_kinds(kinds, cells)
        # many columns: a smaller font before cramped ones (a 9-column adr-table)
        size, line, pad = _SIZES[-1]
        for size, line, pad in _SIZES:  # noqa: B007 (the size found is used below)
            widths = column_widths(kinds, headers, cells, line, pad)
            if sum(widths) <= line:
                break
        total = max(line, sum(widths))
        sep = "" if {"booktabs", "borderless"} & set(self.config.latex_table_style) else "|"
        columns = [
            rf">{{\adr{'narrow' if kind in NARROW_KINDS else 'wide'}cell}}\X{{{w}}}{{{total}}}"
            for kind, w in zip(kinds, widths, strict=True)
        ]
        spec = sep + sep.join(columns) + sep
        table.parent.insert(table.parent.index(table), addnodes.tabular_col_spec(spec=spec))
        table["classes"].append("longtable")
        if size:
            # sphinxuseclass: the style file's sphinxclassadr-print-<size> sets the size
            box = nodes.container(classes=[f"adr-print-{size}"])
            table.replace_self(box)
            box += table
        name = table.get("adr_name")
        if name and not any(isinstance(c, nodes.title) for c in table.children):
            table.insert(0, nodes.title(name, name))


# --------------------------------------------------------------------- labels

#: nodes the LaTeX writer labels itself (their ids need no target)
_LABELLED = (nodes.section, nodes.table, nodes.figure, nodes.literal_block, nodes.target)


class LabelRecords(SphinxPostTransform):
    """A target before every element of the extension whose ids the LaTeX writer
    would not label (containers of alternatives, risks, compact ADRs, ...)."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if not node["ids"] or isinstance(node, _LABELLED) or node.parent is None:
                continue
            if not any(c.startswith("adr") for c in node["classes"]):
                continue
            if node.get("literal_block"):  # a captioned code block labels itself
                continue
            target = nodes.target("", "", ids=list(node["ids"]))
            node.parent.insert(node.parent.index(node), target)


# --------------------------------------------------------------------- badges


def _word(classes: Sequence[str]) -> str | None:
    for cls in reversed(classes):
        for prefix in _WORD_PREFIXES:
            if cls.startswith(prefix):
                return cls[len(prefix) :]
    return None


def _is_badge(node: nodes.Element) -> bool:
    classes = node["classes"]
    return "adr-badge" in classes or "adr-status" in classes


class PrintBadges(SphinxPostTransform):
    """Badges on the line under a title, boxed in their word's colour; matrix cells
    tinted; references to inactive decisions marked."""

    default_priority = 21
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for rubric in list(self.document.findall(nodes.rubric)):
            self.badges_below(rubric)
        if not self.config.adr_latex_badges:
            return
        for inline in self.document.findall(nodes.inline):
            word = _word(inline["classes"]) if _is_badge(inline) else None
            if word is not None:
                inline["classes"] += [f"adr-tone-{word}", "adr-box"]
        for entry in self.document.findall(nodes.entry):
            self.tint(entry)
        inactive = {css_name(s) for s in get_domain(self.env).settings.inactive}
        for ref in self.document.findall(nodes.reference):
            statuses = {
                c[len("adr-status-") :] for c in ref["classes"] if c.startswith("adr-status-")
            }
            if "adr-ref" in ref["classes"] and statuses & inactive:
                ref.children = [nodes.inline("", "", *ref.children, classes=["adr-ref-inactive"])]
                ref.children[0].parent = ref

    def badges_below(self, rubric: nodes.rubric) -> None:
        """A title drops inline styling (and reads its badges as words of the title):
        the badges go to a paragraph under it."""
        badges = [n for n in rubric.findall(nodes.inline) if _is_badge(n)]
        if not badges or rubric.parent is None:
            return
        line = nodes.paragraph(classes=["adr-badges"])
        for badge in badges:
            badge.parent.remove(badge)
            if line.children:
                line += nodes.Text(" ")
            line += badge
        rubric.parent.insert(rubric.parent.index(rubric) + 1, line)
        last = rubric.children[-1] if rubric.children else None
        if isinstance(last, nodes.Text) and last.endswith(" "):
            # the space that separated the title from its badges
            rubric.replace(last, nodes.Text(last.rstrip()))

    def tint(self, entry: nodes.entry) -> None:
        levels = [c[len("adr-level-") :] for c in entry["classes"] if c.startswith("adr-level-")]
        if not levels:
            return
        mark = nodes.inline("", "", classes=[f"adr-cell-{levels[-1]}"])
        first = entry.children[0] if entry.children else None
        if isinstance(first, nodes.paragraph):
            first.insert(0, mark)
        else:
            entry.insert(0, nodes.paragraph("", "", mark))


# --------------------------------------------------------------------- style file


#: ``(app, config) -> list of LaTeX lines`` added to the style file by features
#: (the graph's legend adds the fill colour of each status)
STYLE_EVENT = "adr-latex-style"


def style_text(colors: dict[str, str], extra: Sequence[str] = ()) -> str:
    """The style file: the static part, one tone per word, then features' lines."""
    lines = [f"\\adrtone{{{word}}}{{{color}}}" for word, color in sorted(colors.items())]
    static = (_STATIC / f"{STYLE}.sty").read_text("utf-8")
    return static.replace(
        "\\endinput\n", "".join(f"{ln}\n" for ln in [*lines, *extra]) + "\\endinput\n"
    )


def _use_style(app: Sphinx, env: BuildEnvironment) -> None:
    """The style package, in the preamble and beside it, once the documents are read
    and only for a project with decisions: one without pays nothing (Sphinx reads
    the preamble's packages when it writes, after this)."""
    if app.builder.format != "latex" or not get_domain(env).holds_decisions:
        return
    if all(name != STYLE for name, _options in app.registry.latex_packages):
        app.add_latex_package(STYLE)
    colors = {**DEFAULT_COLORS, **app.config.adr_latex_colors}
    extra = [line for lines in app.events.emit(STYLE_EVENT, app.config) for line in lines]
    outdir = Path(app.builder.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / f"{STYLE}.sty").write_text(style_text(colors, extra), "utf-8")


def _check_config(_app: Sphinx, config: Config) -> None:
    colors = config.adr_latex_colors
    if not isinstance(colors, dict) or not all(
        isinstance(k, str)
        and re.fullmatch(r"[a-z0-9-]+", k)
        and isinstance(v, str)
        and _COLOR.match(v)
        for k, v in colors.items()
    ):
        raise SettingError(
            "adr_latex_colors",
            f"adr_latex_colors = {colors!r}: must be a dict of word -> xcolor colour, "
            "e.g. {'accepted': 'green!50!black', 'in-review': 'blue'} (words in lower "
            "case with hyphens for spaces)",
        )
    if not isinstance(config.adr_latex_badges, bool):
        raise SettingError(
            "adr_latex_badges",
            f"adr_latex_badges = {config.adr_latex_badges!r}: must be True or False",
        )


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_latex_badges",
        True,
        "Whether LaTeX/PDF output boxes statuses, verdicts and severities in their colour "
        "(the word always stays, so greyscale prints read the same), tints the risk "
        "matrix and marks references to inactive decisions. False prints plain words.",
    )
    add_config_value(
        app,
        "adr_latex_colors",
        {},
        "Badge colours in LaTeX/PDF output by word (a status, verdict, level, rating or "
        "kind, lower case, hyphens for spaces) as xcolor expressions, merged over the "
        "defaults: " + ", ".join(f"``{k}``: ``{v}``" for k, v in DEFAULT_COLORS.items()),
    )
    app.add_event(STYLE_EVENT)
    app.add_post_transform(PrintTables)
    app.add_post_transform(LabelRecords)
    app.add_post_transform(PrintBadges)
    app.add_post_transform(LinksToHashNames)
    app.add_post_transform(BreakLongWords)
    app.add_post_transform(BoxBanners)
    app.add_post_transform(KeepIdsWhole)
    app.connect("env-updated", _use_style)
    app.connect("builder-inited", label_indices)
    connect_check(app, _check_config)
