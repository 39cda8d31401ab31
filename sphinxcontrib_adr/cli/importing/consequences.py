"""Writing consequences: a ``Positive Consequences`` section that is one list, or
a ``Consequences`` section of MADR's ``Good, because`` / ``Bad, because`` items,
becomes a ``consequences`` directive (labelled by kind)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .blocks import Section, Structure, content_range, items, plain
from .directives import MERIT_KIND, MERIT_RE, label_merits

if TYPE_CHECKING:
    from .writer import Writer

__all__ = ["write_consequences"]


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
