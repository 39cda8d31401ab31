"""Line work shared by the Markdown and reST conversions: paragraphs, relation
lines, the kept body (byte for byte but where metadata was removed), a stale
number in a title."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.foreign import find_relations, plain
from .plan import STALE_NUMBER_RE

if TYPE_CHECKING:
    from .plan import Converted


def paragraphs(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    begin: int | None = None
    for number in range(start, end):
        if lines[number].strip():
            if begin is None:
                begin = number
        elif begin is not None:
            blocks.append((begin, number))
            begin = None
    if begin is not None:
        blocks.append((begin, end))
    return blocks


_RELATION_STARTS = frozenset(
    {
        "supersedes", "superseded", "supercedes", "superceded", "amends", "amended",
        "relates", "related", "see", "clarifies", "clarified", "extends", "extended",
        "refines", "refined", "replaces", "replaced",
    }
)  # fmt: skip


def is_relation_text(text: str) -> bool:
    """A line or paragraph that only states relations (``Amends [10. X](0010-x.md)``),
    not a sentence of prose that mentions one."""
    if not find_relations(text):
        return False
    words = plain(re.sub(r"^\s*[-*+]\s+", "", text)).split()
    return bool(words) and words[0].lower() in _RELATION_STARTS


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` split at ``\\n`` only (``str.splitlines`` would also
    split at form feeds and Unicode separators, which the body keeps)."""
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def joined(out: list[str], original: str) -> str:
    return "\n".join(out) + ("\n" if original.endswith("\n") or not original else "")


def kept(
    lines: list[str], start: int, drop: set[int], edits: dict[int, list[str]] | None = None
) -> list[str]:
    """The lines from ``start`` on that stay, byte for byte. Only where metadata was
    removed do blank lines collapse (two blank neighbours become one), so the rest of
    the body, its blank runs and trailing spaces included, is unchanged; ``edits``
    (of :mod:`.structure`) replace a line by the lines given."""
    out: list[str] = []
    after_drop = False
    edits = edits or {}
    for number in range(start, len(lines)):
        if number in drop:
            after_drop = True
            continue
        blank = not lines[number].strip()
        if after_drop and blank and (not out or not out[-1].strip()):
            continue
        after_drop = after_drop and blank
        if number in edits:
            out.extend(edits[number])
            continue
        out.append(lines[number])
    if after_drop:
        # the file ended with removed metadata: no blank line left dangling after it
        while out and not out[-1].strip():
            out.pop()
    if out and out[0].strip():
        out.insert(0, "")  # a blank line between the adr block and the body
    return out


_FOREIGN_ID_RE = re.compile(
    r"^(\s*(?:#{1,6}\s+)?)(ADR[-\s_]?\d+)(?:\s*[:.\-\u2013\u2014]\s+|\s+)(?=\S)", re.I
)


def _adr_format(adr_id: str) -> bool:
    """Whether the ADR's id is an ``ADR-...`` one, as the title's: then only its number
    can disagree, which the stale number check below handles."""
    letters = re.match(r"[A-Za-z]*", adr_id)
    return letters is not None and letters.group(0).casefold() == "adr"


def drop_stale_number(item: Converted, title: str) -> str:
    """A title without a leading ``N.`` that disagrees with the file's number (left
    over from a renumbering; the build would show it next to the real id)."""
    foreign = _FOREIGN_ID_RE.match(title)
    if foreign is not None and item.adr_id and not _adr_format(item.adr_id):
        # ``ADR-0001 Use X`` imported as MDL-001: the old id would read as a second id
        warning = (
            f"the title starts with the id {foreign.group(2)}, not the ADR's id "
            f"{item.adr_id}; removed from the title"
        )
        if warning not in item.warnings:
            item.warnings.append(warning)
        return foreign.group(1) + title[foreign.end() :]
    match = STALE_NUMBER_RE.match(title)
    if item.number is None or match is None or int(match.group(2)) == item.number:
        return title
    warning = (
        f"the title's number {match.group(2)} is not the file's number {item.number}; "
        f"removed from the title ({item.adr_id} is the id)"
    )
    if warning not in item.warnings:
        item.warnings.append(warning)
    return match.group(1) + title[match.end() :]
