"""Writing consequences: a ``Positive Consequences`` section that is one list, or
a ``Consequences`` section of MADR's ``Good, because`` / ``Bad, because`` items,
becomes a ``consequences`` directive (labelled by kind); reading a "Related
ADRs" list."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .blocks import LINK_RE, RST_LINK_RE, Section, Structure, content_range, items, plain
from .directives import MERIT_KIND, MERIT_RE, label_merits

if TYPE_CHECKING:
    from .writer import Writer

__all__ = ["related_adrs", "write_consequences"]

_ADR_ID_RE = re.compile(r"\bADR[-\s_]?(\d+)\b", re.I)


_CONSEQUENCE_KIND_RE = re.compile(r"^(positive|negative|neutral)(?: consequences?)?$")


def write_consequences(
    lines: list[str], section: Section, writer: Writer, structure: Structure, skipped: set[int]
) -> None:
    """A ``Positive Consequences`` section's list, or a ``Consequences`` section's
    Good/Bad/Neutral items, become a ``consequences`` directive."""
    key = re.sub(r"\s+", " ", section.key)
    kind = _CONSEQUENCE_KIND_RE.match(key)
    if not kind and key != "consequences":
        return
    span = (section.start, section.own_end)
    if any(n in skipped for n in range(*span)) or writer.touched(*span):
        return
    found = items(lines, *span)
    content = content_range(lines, *span)
    if not found or content is None:
        return
    first, last = found[0].start, found[-1].end - 1
    if kind:
        # only a section that is one list: anything else is prose a list would not hold
        if content != (first, last):
            structure.prose.append(
                f"{plain(section.heading.text)!r}: not a plain list, left as prose"
            )
            return
        writer.wrap("consequences", "", {"kind": kind.group(1)}, first, last)
        structure.consequences += 1
        return
    if not all(MERIT_RE.match(i.text) for i in found):
        return
    writer.wrap("consequences", "", {}, first, last)
    label_merits(lines, first, last + 1, writer, MERIT_KIND)
    structure.consequences += 1


def related_adrs(lines: list[str], section: Section) -> list[tuple[str, str]]:
    """``(target, text)`` of each ADR a "Related ADRs" list item links to or names."""
    found = []
    for item in items(lines, section.start, section.own_end):
        text = item.text
        link = LINK_RE.search(text) or RST_LINK_RE.search(text)
        if link and not re.match(r"^[a-z]+://", link.group(2) or link.group(3) or "", re.I):
            found.append(
                ((link.group(2) or link.group(3) or "").split("#", 1)[0], link.group(1) or "")
            )
            continue
        number = _ADR_ID_RE.search(text)
        if number:
            found.append((number.group(0), number.group(0)))
    return found
