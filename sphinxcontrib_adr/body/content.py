"""Reading the content of body directives: labels followed by lists.

``Pros:`` (or ``**Pros:**``, or a ``:pros:`` field) followed by a list gives
the items of one part; ``Reason: text`` gives a single item. reST and MyST
parse these into the same paragraph + list nodes, so the data is identical.
Also the shared directive base class and the small node helpers (badges,
fields) the directives and the listings both use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import clean_astext

from ..core.config import LinkKind
from ..core.directive import OptionChecker
from ..core.domain import css_name
from ..core.locale import N_, _, translate
from ..core.model import ChildRecord, ValueProblem, check_id
from ..core.nodes import BODY_DRAFT
from ..core.warnings import warn
from .inline import (
    Inline,
    Item,
    Styled,
    inline_nodes,
    item_of,
    normalise_label,
    plain_text,
    strip_chars,
    to_segments,
)
from .records import BodyDraft
from .settings import BodySettings, Scale, body_settings, match_word
from .translated import MARK, raw_rest, translatable

if TYPE_CHECKING:
    from collections.abc import Sequence

Location = tuple[str, int]

ALTERNATIVE_PARTS = {
    "description": ("description",),
    "pros": ("pros", "pro", "advantages", "benefits", "strengths"),
    "cons": ("cons", "con", "disadvantages", "drawbacks", "weaknesses"),
    "reason": (
        "reason",
        "reasons",
        "rationale",
        "because",
        "why",
        "chosen because",
        "rejected because",
        "deferred because",
        "considered because",
    ),
}
RISK_PARTS = {
    "description": ("description",),
    "mitigation": ("mitigation", "mitigations", "mitigated by"),
}
#: parts that are lists of items whatever their number (one con is still a con)
LIST_PARTS = ("pros", "cons")

PART_LABELS = {
    "pros": N_("Pros"),
    "cons": N_("Cons"),
    "reason": N_("Reason"),
    "mitigation": N_("Mitigation"),
}
#: the words of the default settings shown as labels through :func:`label_title`:
#: criteria (adr_criteria), consequence kinds and listing columns
LABEL_WORDS = (
    N_("Complexity"),
    N_("Cost"),
    N_("Performance"),
    N_("Maintainability"),
    N_("Scalability"),
    N_("Simplicity"),
    N_("Positive"),
    N_("Negative"),
    N_("Neutral"),
    N_("Option"),
    N_("Verdict"),
    N_("Description"),
    N_("Risk"),
    N_("Impact"),
    N_("Likelihood"),
    N_("Owner"),
    N_("Low"),
    N_("Medium"),
    N_("High"),
    # what an untitled option or risk is called ("Untitled {what}")
    N_("alternative"),
    N_("risk"),
)
_LIST_START = re.compile(r"^(?:[-*+]|\d+[.)])\s")


def label_word(name: str) -> str:
    """A setting's word as an English label (``maintainability`` -> "Maintainability"):
    the msgid of its translation and the name of its CSS class (the rule of a
    relation's label, :meth:`.LinkKind.label`, said once there)."""
    return LinkKind.label(name)


def label_title(name: str) -> str:
    """A setting's word as a label, in the reader's language when the catalog knows it."""
    return translate(label_word(name))


# --------------------------------------------------------------------------
# content: labels followed by lists


@dataclass
class Block:
    part: str
    items: list[Item]
    #: what the page shows for the block (the original list nodes, or a paragraph)
    body: Sequence[nodes.Node]
    #: the node each item is read from (a list item or a paragraph), item by item
    sources: Sequence[nodes.Element]


@dataclass
class Parts:
    blocks: list[Block] = field(default_factory=list)
    rest: list[nodes.Node] = field(default_factory=list)

    def items(self, part: str) -> tuple[Item, ...]:
        return tuple(item for block in self.blocks if block.part == part for item in block.items)

    def bodies(self, part: str) -> list[nodes.Node]:
        return [node for block in self.blocks if block.part == part for node in block.body]


def _split_label(par: nodes.paragraph, labels: dict[str, str]) -> tuple[str, str, Inline] | None:
    """``(part, label, rest)`` for a paragraph starting with a known ``Label:``."""
    segs = to_segments(par.children)
    text = plain_text(segs)
    pos = text.find(":")
    if pos == -1:
        whole = normalise_label(text)
        return (labels[whole], text.strip(), ()) if whole in labels and len(text) < 60 else None
    label = normalise_label(text[:pos])
    if label not in labels:
        return None
    return labels[label], text[:pos].strip(), strip_chars(segs, pos + 1)


class ContentReader:
    """Splits parsed directive content into labelled parts and the rest."""

    def __init__(self, docname: str, lineno: int, what: str) -> None:
        self.docname = docname
        self.lineno = lineno
        self.what = what

    def where(self, node: nodes.Node | None) -> Location:
        line = getattr(node, "line", None) if node is not None else None
        return (self.docname, line or self.lineno)

    def read(self, children: list[nodes.Node], labels: dict[str, str]) -> Parts:
        parts = Parts()
        index = 0
        while index < len(children):
            child = children[index]
            index += 1
            if isinstance(child, nodes.field_list):
                keep = self._fields(child, labels, parts)
                if keep is not None:
                    parts.rest.append(keep)
                continue
            found = _split_label(child, labels) if isinstance(child, nodes.paragraph) else None
            if found is None:
                parts.rest.append(child)
                continue
            part, label, rest = found
            if rest and isinstance(child, nodes.paragraph):
                parts.blocks.append(self._inline_block(child, part, label, rest))
                continue
            lists, index = self._lists_after(children, index)
            if lists:
                parts.blocks.append(_list_block(part, lists))
                continue
            following = children[index] if index < len(children) else None
            if isinstance(following, nodes.literal_block) or (
                isinstance(following, nodes.paragraph)
                and _LIST_START.match(following.astext().lstrip())
            ):
                warn(
                    f"{self.what}: the items after '{label}:' are not a list (indented four "
                    "spaces, or a marker without a space?); write '- item' lines at the "
                    "label's indentation",
                    "malformed_list",
                    self.where(following),
                )
                continue
            warn(
                f"{self.what}: '{label}:' is followed by no items; write a list of items "
                "after it, or remove the label",
                "empty_block",
                self.where(child),
            )
        return parts

    def _lists_after(
        self, children: list[nodes.Node], index: int
    ) -> tuple[list[nodes.Element], int]:
        lists: list[nodes.Element] = []
        while index < len(children):
            child = children[index]
            if isinstance(child, nodes.bullet_list | nodes.enumerated_list):
                lists.append(child)
            elif (
                isinstance(child, nodes.block_quote)
                and child.children
                and all(isinstance(c, nodes.bullet_list | nodes.enumerated_list) for c in child)
            ):
                # reST: a list indented under its label is a block quote holding the list
                lists.extend(c for c in child.children if isinstance(c, nodes.Element))
            else:
                break
            index += 1
        return lists, index

    def _inline_block(self, par: nodes.paragraph, part: str, label: str, rest: Inline) -> Block:
        raw_lines = par.astext().splitlines()[1:]
        if raw_lines and all(_LIST_START.match(line.lstrip()) for line in raw_lines):
            warn(
                f"{self.what}: the list after '{label}:' is part of the paragraph (reST needs "
                "a blank line between the label and the list); insert an empty line",
                "malformed_list",
                self.where(par),
            )
            items = [
                Item((Styled("text", _LIST_START.sub("", ln.strip()).strip()),)) for ln in raw_lines
            ]
            bullets = nodes.bullet_list()
            for item in items:
                bullets += nodes.list_item(
                    "", nodes.paragraph("", "", *inline_nodes(item.text, ""))
                )
            shown = [li for li in bullets.children if isinstance(li, nodes.Element)]
            return Block(part, items, [bullets], shown)
        para = nodes.paragraph("", "", *inline_nodes(rest, self.docname))
        # the text after the label is the message of the project's catalog
        translatable(para, raw_rest(par.rawsource, label) or plain_text(rest), par)
        if part in LIST_PARTS:
            # "Cons: slow" reads as a list of one, like the lists of the other options
            entry = nodes.list_item("", para)
            return Block(part, [Item(rest)], [nodes.bullet_list("", entry)], [entry])
        return Block(part, [Item(rest)], [para], [para])

    def _fields(
        self, flist: nodes.field_list, labels: dict[str, str], parts: Parts
    ) -> nodes.field_list | None:
        keep = nodes.field_list()
        for fld in flist.children:
            if not isinstance(fld, nodes.field) or len(fld.children) < 2:
                continue
            name = fld.children[0].astext()
            part = labels.get(normalise_label(name))
            if part is None:
                keep += fld
                continue
            body = [c for c in fld.children[1].children]
            lists, used = self._lists_after(body, 0)
            if lists and used == len(body):
                parts.blocks.append(_list_block(part, lists))
            elif len(body) == 1 and isinstance(body[0], nodes.paragraph):
                inline = to_segments(body[0].children)
                parts.blocks.append(Block(part, [Item(inline)], body, [body[0]]))
            elif not body:
                warn(
                    f"{self.what}: field ':{name}:' has no items; write a list or remove it",
                    "empty_block",
                    self.where(fld),
                )
            else:
                warn(
                    f"{self.what}: field ':{name}:' must hold one paragraph or a list",
                    "malformed_list",
                    self.where(fld),
                )
        return keep if keep.children else None


def _list_block(part: str, lists: list[nodes.Element]) -> Block:
    sources = [li for lst in lists for li in lst.children if isinstance(li, nodes.Element)]
    return Block(part, [item_of(li) for li in sources], lists, sources)


# --------------------------------------------------------------------------
# shared directive plumbing


def badge(text: str, *classes: str) -> nodes.inline:
    """A verdict, rating or level: shown in the reader's language, raw in the classes."""
    shown = translate(text)
    return nodes.inline(shown, shown, classes=["adr-badge", *classes])


def _position(scale: Scale, value: str) -> float | None:
    """Where ``value`` sits on its scale, 0 (lowest) to 1 (highest)."""
    values = scale.values()
    if value not in values or len(values) < 2:
        return None
    return values.index(value) / (len(values) - 1)


def level_class(scale: Scale, value: str) -> str:
    """``adr-level-low|medium|high`` from the value's position on its scale (risks,
    where the high end is the bad one)."""
    position = _position(scale, value)
    if position is None:
        return "adr-level-none"
    return "adr-level-" + ("low" if position < 0.34 else "medium" if position < 0.67 else "high")


def merit_class(scale: Scale, value: str, better: str) -> str:
    """``adr-merit-good|fair|poor`` for a rating: its position counted from the bad
    end of the scale (``better`` says which end is good), so ``:complexity: low`` and
    ``:performance: excellent`` are both good. ``adr-merit-none`` for criteria
    without a direction."""
    position = _position(scale, value)
    if position is None or better == "none":
        return "adr-merit-none"
    merit = 1 - position if better == "lower" else position
    # on four words (poor, fair, good, excellent) "good" is good and "fair" is fair
    return "adr-merit-" + ("poor" if merit < 0.3 else "good" if merit > 0.6 else "fair")


#: the class of an option's or risk's own title inside its rubric while the page is
#: read (the badges beside it are generated): the read step unwraps it
TITLE_TEXT = "adr-title-text"


def title_rubric(plain: str, title: list[nodes.Node], classes: list[str]) -> nodes.rubric:
    """The heading of an option or risk: its title and, added by the caller, badges.

    The title alone is translatable through the project's .po files (Sphinx's
    translatable inline, given its source by :meth:`BodyDirective.finish`): a
    translation of the whole rubric would drop the badges. Sphinx unwraps that
    inline to the end of its parent, so it sits in a second one that keeps its
    place until :func:`take_title` reads the title as the page shows it.
    """
    inner = nodes.inline(plain, "", *title, translatable=True)
    text = nodes.inline("", "", inner, classes=[TITLE_TEXT])
    return nodes.rubric(plain, "", text, classes=classes, translatable=False)


def take_title(node: nodes.Element, extracting: bool = False) -> str | None:
    """The title of the option or risk ``node`` as its page shows it (translated in a
    translated build); the wrappers go, so the output is the same as without them.
    ``extracting`` (the gettext builder): the translatable inline stays, as the
    message the builder extracts from the doctree it writes."""
    for text in node.findall(nodes.inline):
        if TITLE_TEXT in text["classes"] and text.parent is not None:
            shown = text.astext()
            # in place: Sphinx would move what is left of its translatable inline to
            # the end of the rubric, after the badges
            inner = [n for n in text.children if isinstance(n, nodes.inline)]
            for child in inner if not extracting else ():
                child.replace_self(child.children)
            text["classes"] = []  # replace_self keeps classes by wrapping the children
            text.replace_self(text.children)
            return shown
    return None


def make_field(name: str, body: list[nodes.Node]) -> nodes.field:
    wrapped = [n if isinstance(n, nodes.Body) else nodes.paragraph("", "", n) for n in body] or [
        nodes.paragraph()
    ]
    label = translate(name)  # ``name`` is English (N_, label_word): the class stays
    return nodes.field(
        "",
        # generated: in the extension's catalog, not in the project's .pot
        nodes.field_name(label, label, translatable=False),
        nodes.field_body("", *wrapped),
        classes=[f"adr-part-{css_name(name)}"],
    )


class BodyDirective(SphinxDirective):
    """Common option handling for the body directives."""

    what: ClassVar[str] = "body"
    known_options: ClassVar[tuple[str, ...]] = ("adr",)

    def setup_run(self) -> tuple[BodySettings, OptionChecker, dict[str, Any]]:
        check = OptionChecker(self, self.what)
        options = {name.lower(): value for name, value in self.options.items()}
        return body_settings(self.config), check, options

    def adr_option(self, check: OptionChecker, options: dict[str, Any]) -> str | None:
        return self._id_option(check, options, "adr", "unknown_adr")

    def id_option(self, check: OptionChecker, options: dict[str, Any]) -> str | None:
        return self._id_option(check, options, "id", "id")

    @staticmethod
    def _id_option(
        check: OptionChecker, options: dict[str, Any], name: str, subtype: str
    ) -> str | None:
        raw = check.text(options, name)
        if raw is None:
            return None
        try:
            return check_id(raw)
        except ValueProblem as problem:
            check.problem(problem, subtype)
            return None

    def choice_option(
        self,
        check: OptionChecker,
        options: dict[str, Any],
        name: str,
        words: Sequence[str],
        default: str,
        subtype: str,
    ) -> str:
        """One of ``words`` (case-insensitive); otherwise warn ``subtype`` and use ``default``."""
        raw = check.text(options, name)
        if raw is None:
            return default
        found = match_word(raw, words)
        if found is None:
            warn(
                f"{self.what}: unknown {name} {raw!r}; write one of: " + ", ".join(words),
                subtype,
                check.location,
            )
            return default
        return found

    def reader(self) -> ContentReader:
        return ContentReader(self.env.docname, self.lineno, self.what)

    def content_nodes(self) -> list[nodes.Node]:
        return list(self.parse_content_to_nodes(allow_section_headings=False))

    def title_nodes(self) -> tuple[list[nodes.Node], str, list[nodes.system_message]]:
        if not self.arguments or not self.arguments[0].strip():
            # a missing title must not drop the directive (docutils would, with an error)
            what = self.what
            warn(
                f"{what}: no title; write it after the directive name ('.. {self.name}:: Title')",
                "value",
                self.get_location(),
            )
            untitled = _("Untitled {what}").format(what=translate(what))
            return [nodes.Text(untitled)], untitled, []
        title, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
        plain = " ".join(clean_astext(nodes.paragraph("", "", *title)).split())
        return list(title), plain, messages

    def finish(
        self,
        container: nodes.container,
        adr: str | None,
        *records: ChildRecord,
    ) -> nodes.container:
        """Leave the parsed records on ``container`` for the read step."""
        self.set_source_info(container)
        for text in container.findall(nodes.TextElement):
            # Sphinx's gettext skips nodes without source: the titles and the texts
            # marked for the read step (a risk's notes) get the directive's
            if ("translatable" in text or MARK in text) and text.source is None:
                text.source, text.line = container.source, container.line
        container[BODY_DRAFT] = BodyDraft(self.what, adr, records, self.lineno)
        return container
