"""Options written one per bullet, its name first, or one per labelled
paragraph (``**Option 1:** text``). Bullets:
``- **Name**: why``, ``- **Name:** why``, ``- Name — why``, ``- Name: why``,
or a short name alone. Under "Rejected Alternatives" each is rejected; under
"Alternatives Considered" / "Options Considered" they are the alternatives to
the decision, rejected when the decision took something else. A bullet whose
name cannot be told from its text (a sentence) is reported and stays as text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .blocks import (
    LABEL_RE,
    Candidate,
    Item,
    Structure,
    fenced,
    item_title,
    option_key,
    plain,
    spans,
    split_label,
)
from .outcomes import decides

if TYPE_CHECKING:
    from .blocks import Section

__all__ = [
    "CONSIDERED_TITLES",
    "bullet_candidates",
    "labelled_paragraphs",
    "listed_title",
    "paragraph_title",
    "take_alternatives",
]

#: titles of a section listing the alternatives to the decision (folded)
CONSIDERED_TITLES = frozenset({"alternatives considered", "options considered"})
#: ``**Name**:``, ``**Name:**``, ``**Name** -`` at the start of a bullet (group 3:
#: the separator after the bold text)
_BOLD_NAME_RE = re.compile(r"^(\*\*|__)([^*_\n]{1,120}?)\1(\s*[:.\u2013\u2014-](?=\s|$))?")
#: ``Name: why``: a colon after a few words, not a link's scheme
_COLON_NAME_RE = re.compile(r"^([^:.!?\n]{1,60}?):\s+\S")
#: an outcome that says the decision is still open
_OPEN_RE = re.compile(r"\b(to be decided|undecided|not yet|tbd|open question)\b", re.I)
#: the most words a name written alone or before a colon has
_NAME_WORDS = 6


def listed_title(text: str) -> str:
    """The name of an option list item as written: the bold name of
    ``**Name**: why`` (a label in bold, ``**Option 1:** Name``, is no name: the
    label goes into the option's id), else the text before a separating dash."""
    bold = _bold_name(text)
    if bold is not None:
        return bold
    return item_title(text)[0]


def _bold_name(text: str) -> str | None:
    """``**Name**`` of ``**Name**: why`` or ``**Name:** why`` (bold that only
    starts a sentence, ``**Keep** the old names``, names nothing)."""
    bold = _BOLD_NAME_RE.match(text)
    if bold is None or LABEL_RE.match(bold.group(2).strip() + " "):
        return None
    rest = text[bold.end() :].strip()
    if not rest or not (bold.group(3) or bold.group(2).rstrip().endswith((":", "."))):
        return None
    return text[: bold.end() - len(bold.group(3) or "")].rstrip()


def bullet_name(text: str) -> str | None:
    """The option a bullet names, as written (a prefix of ``text``); ``None`` when
    the bullet is a sentence whose name a reader could not point at."""
    if LABEL_RE.match(text) or _BOLD_NAME_RE.match(text):
        return listed_title(text)
    name, description = item_title(text)
    if description:
        return name if len(plain(name).split()) <= 2 * _NAME_WORDS else None
    colon = _COLON_NAME_RE.match(text)
    if colon and len(plain(colon.group(1)).split()) <= _NAME_WORDS:
        return colon.group(1)
    words = plain(text).split()
    if 0 < len(words) <= _NAME_WORDS and not text.rstrip().endswith((".", "!", "?", ":")):
        return text.strip()
    return None


def bullet_candidates(
    found: list[Item], verdict: str, section: Section, problems: list[str]
) -> list[Candidate]:
    """The options of a bullet list, each with ``verdict``; a bullet that names no
    option is reported in ``problems`` and stays as written."""
    candidates = []
    for item in found:
        name = bullet_name(item.text)
        if name is None:
            problems.append(
                f"a bullet of {plain(section.heading.text)!r} names no option "
                f"({plain(item.text)[:60]!r}...); it stays as text: write it as "
                "'**Name**: why' to make it an alternative"
            )
            continue
        label = split_label(plain(name))[0]
        candidates.append(
            Candidate(name, "list", option_key(name), (), verdict, item, label, spans(name))
        )
    return candidates


def take_alternatives(
    listing: Section | None,
    named: tuple[list[str], bool] | None,
    verdicts: list[str],
    structure: Structure,
) -> list[str]:
    """An "Alternatives Considered" list whose options the decision did not take
    (it decides something else: none is chosen) holds the rejected ones; an open
    decision, or none, leaves them considered."""
    if listing is None or listing.key not in CONSIDERED_TITLES or not named or not named[0]:
        return verdicts
    if "chosen" in verdicts or _OPEN_RE.search(named[0][0]):
        return verdicts
    if not (named[1] or decides(named[0][0])):
        return verdicts
    if "considered" in verdicts:
        structure.prose.append(
            f"{plain(listing.heading.text)!r} lists the alternatives to the decision, which "
            "takes none of them: they are marked rejected"
        )
    return ["rejected" if v == "considered" else v for v in verdicts]


def labelled_paragraphs(lines: list[str], listing: Section) -> list[tuple[Item, list[str]]]:
    """Options written as paragraphs that start with their label (``**Option 1:**
    text``), as items without a marker; none unless every paragraph is one."""
    found: list[tuple[Item, list[str]]] = []
    code = fenced(lines, listing.start, listing.own_end)
    start: int | None = None
    for number in range(listing.start, listing.own_end + 1):
        blank = number == listing.own_end or not lines[number].strip() or number in code
        if start is None and not blank:
            start = number
        elif start is not None and blank:
            label, rest = split_label(lines[start])
            if not label or not rest or not lines[start].lstrip().startswith(("**", "__")):
                return []
            found.append((Item(start, number, "", lines[start].strip()), []))
            start = None
    return found if len(found) >= 2 else []


def paragraph_title(text: str) -> str:
    """The name of a ``**Option 1:** Name, more words`` paragraph: up to its first
    comma or full stop."""
    rest = split_label(text)[1]
    cut = re.search(r"[,.;]\s|[.;]$|\s[\u2013\u2014-]\s", rest)
    head = rest[: cut.start()] if cut else rest
    return text[: text.index(rest) + len(head)] if rest in text else text
