"""Writing what :mod:`.structure` read as directives: line edits that turn
an option's subsection, list item or table row into an ``alternative`` and a
consequences list into ``consequences``, in MyST or reST as the source was.

Nothing is reworded: the edits only add directive syntax (fences,
``:verdict:``, ``Pros:``/``Cons:`` labels before MADR's ``Good, because`` /
``Bad, because`` runs, an empty comment that ends a list), drop a section
title's adornment (the title becomes the directive's argument), a list marker
or enumerator, or a comparison table's header row (its column names label
each row's cells), and indent reST content under its directive.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...body.content import ALTERNATIVE_PARTS
from ...body.inline import label_map, normalise_label
from .blocks import (
    ITEM_RE,
    RULE_RE,
    Candidate,
    Item,
    Option,
    Section,
    Structure,
    content_range,
    inside,
    items,
    outside_fences,
    plain,
    split_label,
)
from .tables import write_table
from .titles import clean_titles

if TYPE_CHECKING:
    from .blocks import Heading
    from .writer import Writer

#: MADR's argument markers -> alternative part / consequence kind
MERIT_RE = re.compile(r"^(?:\*\*|__)?(good|bad|neutral)\b(?:\*\*|__)?\s*[,:]", re.I)
_MERIT_PART = {"good": "pros", "bad": "cons", "neutral": "neutral"}
MERIT_KIND = {"good": "positive", "bad": "negative", "neutral": "neutral"}


# --------------------------------------------------------------------------
# writing the options


def write_options(
    lines: list[str],
    candidates: list[Candidate],
    verdicts: list[str],
    listed: list[tuple[Item, list[str]]],
    table: list[tuple[int, int, list[list[str]]]],
    subsections: list[Section],
    details: Section | None,
    writer: Writer,
    structure: Structure,
    skipped: set[int],
    all_sections: list[Section],
    adr_id: str,
) -> None:
    in_place = not subsections and not table
    titles = _titles(candidates, in_place, adr_id)
    appended: list[tuple[str, dict[str, str], str]] = []
    for candidate, verdict, (title, extra) in zip(candidates, verdicts, titles, strict=True):
        if candidate.shape == "section":
            assert isinstance(candidate.write, Section)
            option = write_section(
                lines,
                candidate.write,
                verdict,
                writer,
                structure,
                skipped,
                all_sections,
                (title, extra),
            )
        elif candidate.shape == "list" and in_place:
            assert isinstance(candidate.write, Item)
            written = (title, extra, candidate.title)
            option = write_item(lines, candidate.write, verdict, writer, skipped, written)
        elif candidate.shape == "list":
            appended.append((title, extra, verdict))
            continue
        else:
            continue
        if option is not None:
            structure.options.append(option)
    for start, end, rows in table:
        structure.options += write_table(start, end, rows, candidates, verdicts, writer)
    last = content_range(lines, details.start, details.end) if details is not None else None
    if last is None:
        return  # (no section to append the listed options to)
    for title, extra, verdict in appended:
        _append_option(last[1], title, {"verdict": verdict, **extra}, writer)
        structure.options.append(Option(plain(title), verdict, "list"))


def _titles(
    candidates: list[Candidate], in_place: bool, adr_id: str
) -> list[tuple[str, dict[str, str]]]:
    """The title (and id) each option is written with: an item written in place
    lengthens a clashing title from its own text."""
    raws = [c.argument or c.title for c in candidates]
    fulls = [
        c.write.text if c.shape == "list" and in_place and isinstance(c.write, Item) else raw
        for c, raw in zip(candidates, raws, strict=True)
    ]
    return clean_titles(raws, fulls, adr_id)


#: subsections of an option that are labels of its content (``#### Pros``)
_PART_TITLES = frozenset(
    {"pros", "cons", "pro", "con", "advantages", "disadvantages", "benefits", "drawbacks",
     "reason", "reasons", "rationale", "rejected because", "chosen because"}
)  # fmt: skip


#: subsections of an option that hold its Good/Bad list (they become Pros/Cons labels)
_MERIT_TITLES = frozenset({"pros and cons", "arguments", "pros cons", "evaluation"})


def write_section(
    lines: list[str],
    section: Section,
    verdict: str,
    writer: Writer,
    structure: Structure,
    skipped: set[int],
    all_sections: list[Section],
    written: tuple[str, dict[str, str]],
) -> Option | None:
    """An option's subsection becomes an ``alternative``: its title the argument, its
    text the content, MADR's Good/Bad runs labelled Pros/Cons, ``#### Pros``
    subsections labels. A subsection that cannot be content (other subsections, a
    horizontal rule, a comment in the title) stays a section, with an ``alternative``
    of its title and verdict under its title."""
    title, extra = written
    span = range(section.heading.line, section.end)
    if any(n in skipped for n in span) or writer.touched(section.heading.line, section.end):
        return None
    heading = section.heading
    options = {"verdict": verdict, **extra}
    why = _why_not_content(lines, section, all_sections)
    if why is not None:
        structure.prose.append(
            f"option {plain(title)!r}: {why}; its text stays a section, with an alternative "
            "of its title and verdict under the title"
        )
        return _under_title(heading, title, options, writer)
    for number in range(heading.line + 1, heading.line + heading.size):
        writer.instead[number] = []
    parts = inside(all_sections, section)
    _label_parts(parts, writer)
    content = content_range(lines, section.start, section.end)
    if content is None:
        opening = writer.open_lines("alternative", title.strip(), options, "~~~")
        writer.instead[heading.line] = opening if writer.syntax == "rst" else [*opening, "~~~"]
        return Option(plain(title), verdict, "section")
    first, last = content
    writer.wrap("alternative", title.strip(), options, first, last, replace_from=heading.line)
    if writer.syntax == "rst":
        for part in parts:
            writer.instead[part.heading.line] = [f"   {writer.instead[part.heading.line][0]}"]
    pros = cons = 0
    merit_parts = [(p.start, p.end) for p in parts if p.key in _MERIT_TITLES]
    for start, end in merit_parts if parts else [(first, last + 1)]:
        good, bad = label_merits(lines, start, end, writer, _MERIT_PART)
        pros, cons = pros + good, cons + bad
    return Option(plain(title), verdict, "section", pros, cons)


def _under_title(heading: Heading, title: str, options: dict[str, str], writer: Writer) -> Option:
    """An ``alternative`` of the option's title and verdict under the title of the
    section that stays one."""
    argument = re.sub(r"\s*<!--.*?-->\s*", " ", title).strip()
    opening = writer.open_lines("alternative", argument, options, "~~~")[:-1]
    closing = [] if writer.syntax == "rst" else ["~~~"]
    writer.after.setdefault(heading.line + heading.size - 1, []).extend(["", *opening, *closing])
    return Option(plain(argument), options["verdict"], "section")


def _label_parts(parts: list[Section], writer: Writer) -> None:
    """``#### Pros`` becomes the label ``Pros:`` (its adornment goes); a ``Pros and
    Cons`` title stays as a comment, its items get the labels."""
    comment = ".." if writer.syntax == "rst" else "%"
    for part in parts:
        text = part.heading.text.strip()
        label = f"{comment} {text}" if part.key in _MERIT_TITLES else f"{text}:"
        writer.instead[part.heading.line] = [label]
        for number in range(part.heading.line + 1, part.heading.line + part.heading.size):
            writer.instead[number] = []


def _why_not_content(lines: list[str], section: Section, all_sections: list[Section]) -> str | None:
    """Why a subsection's text cannot be an ``alternative``'s content, or ``None``."""
    if "<!--" in section.heading.text:
        return "its title holds a comment"
    inner = inside(all_sections, section)
    for part in inner:
        if part.key in _MERIT_TITLES and part.heading.level == section.heading.level + 1:
            found = items(lines, part.start, part.end)
            if found and all(MERIT_RE.match(i.text) for i in found):
                continue
            return f"its subsection {plain(part.heading.text)!r} is not one Good/Bad list"
        if part.key not in _PART_TITLES or part.heading.level != section.heading.level + 1:
            return f"it has the subsection {plain(part.heading.text)!r}"
        listed = items(lines, part.start, part.end)
        if not listed or content_range(lines, part.start, part.end) != (
            listed[0].start,
            listed[-1].end - 1,
        ):
            return f"its subsection {plain(part.heading.text)!r} is not one list"
    content = content_range(lines, section.start, section.end)
    if content is not None and any(outside_fences(lines, content[0], content[1], RULE_RE)):
        return "a horizontal rule is inside it"
    if content is not None:
        label = _label_without_list(lines, content[0], content[1] + 1)
        if label is not None:
            return f"its label {label!r} is not followed by a list"
    return None


_LABELS = label_map(ALTERNATIVE_PARTS)


def _label_without_list(lines: list[str], start: int, end: int) -> str | None:
    """A one-line ``Label:`` paragraph of the alternative's parts that no list follows
    (the directive would report it as an empty part)."""
    for number in range(start, end):
        line = lines[number].strip()
        alone = not lines[number - 1].strip() and (
            number + 1 >= end or not lines[number + 1].strip()
        )
        if not alone or not line.rstrip("*_ ").endswith(":"):
            continue
        if normalise_label(line) not in _LABELS:
            continue
        following = next((n for n in range(number + 1, end) if lines[n].strip()), None)
        if following is None or not ITEM_RE.match(lines[following]):
            return line
    return None


def label_merits(
    lines: list[str], start: int, end: int, writer: Writer, names: dict[str, str]
) -> tuple[int, int]:
    """Label the runs of ``Good, because`` / ``Bad, because`` items (when every
    top-level item of the range is one): ``(good, bad)`` counts."""
    found = items(lines, start, end)
    kinds = [MERIT_RE.match(i.text) for i in found]
    if not found or not all(kinds):
        return 0, 0
    previous: str | None = None
    labelled = False
    counts = {"good": 0, "bad": 0, "neutral": 0}
    for item, kind in zip(found, kinds, strict=True):
        assert kind is not None
        word = kind.group(1).lower()
        counts[word] += 1
        if word == previous:
            continue
        previous = word
        label = names[word]
        if label == "neutral" and names is _MERIT_PART:
            if labelled:
                # a neutral run after a labelled one would join its list: an empty
                # comment ends that list (it shows nothing)
                writer.insert_label(item.start, ".." if writer.syntax == "rst" else "%")
            continue
        writer.insert_label(item.start, f"{label[:1].upper()}{label[1:]}:")
        labelled = True
    return counts["good"], counts["bad"]


def write_item(
    lines: list[str],
    item: Item,
    verdict: str,
    writer: Writer,
    skipped: set[int],
    written: tuple[str, dict[str, str], str],
) -> Option | None:
    """An option list item becomes an ``alternative``: the name its argument, the
    rest of the item its content (the list marker goes)."""
    if any(n in skipped for n in range(item.start, item.end)) or writer.touched(
        item.start, item.end
    ):
        return None
    title, extra, raw = written
    options = {"verdict": verdict, **extra}
    body = _item_body(lines, item, title, raw)
    if writer.syntax == "rst":
        opening = writer.open_lines("alternative", title, options, "")
        new = [
            *opening[:-1],
            *(["", *(f"   {b}" if b.strip() else "" for b in body)] if body else []),
        ]
    else:
        fence = "~~~" + "~" * max(
            (len(m.group(0)) - 3 for b in body if (m := re.match(r"~{3,}", b))), default=0
        )
        opening = writer.open_lines("alternative", title, options, fence)
        new = [*opening[:-1], *(["", *body] if body else []), fence]
    # a blank line before the directive, unless the line before is an item written
    # as a directive already (which ends with one): a paragraph, or an item that
    # stays a list item, would otherwise run into it
    if item.start > 0 and lines[item.start - 1].strip() and item.start - 1 not in writer.instead:
        new.insert(0, "")
    new.append("")
    writer.instead[item.start] = new
    for number in range(item.start + 1, item.end):
        writer.instead[number] = []
    # the blank line that separated items is now written after each directive
    following = item.end
    if following < len(lines) and not lines[following].strip():
        writer.instead[following] = []
    return Option(plain(title), verdict, "list")


def _item_body(lines: list[str], item: Item, title: str, raw: str) -> list[str]:
    """An option item's text after its name (``raw``, as written), then its other
    lines, the marker's indentation gone."""
    description = item.text[len(raw) :].lstrip(" ,.:-\u2013\u2014")
    named = split_label(raw)[1]
    if len(title.split()) > len(named.split()):
        # a title lengthened to tell it from another's takes its words from the text
        words = split_label(item.text)[1].split()[len(title.split()) :]
        description = " ".join(words).lstrip("-\u2013\u2014 ")
    width = len(item.marker)
    body = [description] if description else []
    for number in range(item.start + 1, item.end):
        line = lines[number]
        body.append(line[width:] if line[:width].isspace() else line.strip())
    return body


def _append_option(after: int, title: str, options: dict[str, str], writer: Writer) -> None:
    """A listed option without a subsection: a directive of its own after the others."""
    if writer.syntax == "rst":
        lines = ["", *writer.open_lines("alternative", title, options, "")[:-1]]
    else:
        lines = [
            "",
            *writer.open_lines("alternative", title, options, "~~~")[:-1],
            "~~~",
        ]
    writer.after.setdefault(after, []).extend(lines)


# --------------------------------------------------------------------------
# consequences and related ADRs
