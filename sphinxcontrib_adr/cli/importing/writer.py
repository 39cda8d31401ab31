"""The line edits an import makes: lines written before, instead of and after a
source line, and the opening of a directive in the source's syntax. Every
writer of directives (:mod:`.directives`, :mod:`.tables`, :mod:`.rejected`,
:mod:`.consequences`) collects its edits here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Writer"]


@dataclass
class Writer:
    """Collects line edits: lines before, instead of and after a source line."""

    lines: list[str]
    syntax: str
    before: dict[int, list[str]] = field(default_factory=dict)
    instead: dict[int, list[str]] = field(default_factory=dict)
    after: dict[int, list[str]] = field(default_factory=dict)

    def touched(self, start: int, end: int) -> bool:
        return any(n in self.instead for n in range(start, end))

    def fence(self, start: int, end: int) -> str:
        longest = max(
            (
                len(m.group(1))
                for n in range(start, end)
                if (m := re.match(r"^\s*(~{3,})", self.lines[n]))
            ),
            default=2,
        )
        return "~" * (longest + 1)

    def open_lines(
        self, name: str, argument: str, options: dict[str, str], fence: str
    ) -> list[str]:
        """The opening of a directive (with a blank line after its options)."""
        if self.syntax == "rst":
            head = f".. {name}:: {argument}".rstrip()
            return [head, *(f"   :{k}: {v}" for k, v in options.items()), ""]
        head = f"{fence}{{{name}}} {argument}".rstrip()
        return [head, *(f":{k}: {v}" for k, v in options.items()), ""]

    def wrap(
        self,
        name: str,
        argument: str,
        options: dict[str, str],
        first: int,
        last: int,
        replace_from: int | None = None,
    ) -> None:
        """Lines ``[first, last]`` become the content of a directive (opened on line
        ``replace_from`` when given, which then goes, else before ``first``)."""
        fence = self.fence(first, last + 1)
        opening = self.open_lines(name, argument, options, fence)
        if replace_from is not None:
            # the blank line under the title now follows the options
            gap = first - 1 > replace_from and not self.lines[first - 1].strip()
            self.instead[replace_from] = opening[:-1] if gap else opening
        else:
            self.before.setdefault(first, [])[:0] = opening
        if self.syntax == "rst":
            for number in range(first, last + 1):
                line = self.lines[number]
                self.instead.setdefault(number, [f"   {line}" if line.strip() else ""])
            following = last + 1
            if following < len(self.lines) and self.lines[following].strip():
                self.after.setdefault(last, []).append("")
        else:
            self.after.setdefault(last, []).append(fence)

    def insert_label(self, number: int, label: str) -> None:
        """A label paragraph before line ``number`` (a blank line on each side)."""
        indent = "   " if self.syntax == "rst" else ""
        lines = [] if not self.lines[number - 1].strip() else [""]
        self.before.setdefault(number, []).extend([*lines, f"{indent}{label}", ""])

    def edits(self) -> dict[int, list[str]]:
        result: dict[int, list[str]] = {}
        for number in sorted({*self.before, *self.instead, *self.after}):
            own = self.instead.get(number, [self.lines[number]])
            result[number] = [*self.before.get(number, []), *own, *self.after.get(number, [])]
        return result
