"""GitHub alerts (``> [!NOTE]``, ``> [!WARNING]``, ...) become admonitions.

GitHub shows a block quote whose first line is ``[!NOTE]`` as a coloured note;
MyST shows it as a plain quote starting with "[!NOTE]". The importer writes it
as the admonition of the same name, a fenced ``{note}`` directive (backticks:
it builds without MyST's ``colon_fence`` and inside an ``alternative``'s tilde
fence). The quote is found by markdown-it-py (a lazy line without ``>`` is
part of it, as GitHub reads it); its text loses one level of ``>`` and nothing
else.
"""

from __future__ import annotations

import re

from .mdblocks import quotes

__all__ = ["with_alerts"]

#: GitHub's alert types -> the docutils admonition of the same meaning
ALERTS = {
    "note": "note",
    "tip": "tip",
    "important": "important",
    "warning": "warning",
    "caution": "caution",
}
_ALERT_RE = re.compile(r"^\s{0,3}>\s*\[!(\w+)\]\s*$")
_QUOTE_RE = re.compile(r"^(\s{0,3})> ?")
_BACKTICKS_RE = re.compile(r"^\s*(`{3,})")


def with_alerts(
    lines: list[str], start: int, drop: set[int], edits: dict[int, list[str]]
) -> dict[int, list[str]]:
    """``edits`` with each alert from line ``start`` on written as an admonition. An
    alert stays a quote when one of its lines is removed (``drop``) or rewritten by
    another edit; a line another edit only adds lines around keeps those lines."""
    merged = dict(edits)
    busy = set(drop) | {n for n, new in edits.items() if new.count(lines[n]) != 1}
    for first, end in quotes("\n".join(lines) + "\n"):
        match = _ALERT_RE.match(lines[first]) if first >= start else None
        name = ALERTS.get(match.group(1).lower()) if match else None
        if name is None or busy.intersection(range(first, end)):
            continue
        while end > first + 1 and not lines[end - 1].strip():
            end -= 1
        for number, new in _alert(lines, first, end, name).items():
            around = merged.get(number, [lines[number]])
            at = around.index(lines[number])
            merged[number] = [*around[:at], *new, *around[at + 1 :]]
    return merged


def _alert(lines: list[str], first: int, end: int, name: str) -> dict[int, list[str]]:
    """The lines that replace each line of the alert ``[first, end)``."""
    body = [_QUOTE_RE.sub("", lines[n], count=1) for n in range(first + 1, end)]
    longest = max((len(m.group(1)) for b in body if (m := _BACKTICKS_RE.match(b))), default=2)
    fence = "`" * max(3, longest + 1)
    new = {first: [f"{fence}{{{name}}}"]}
    for number, line in enumerate(body, start=first + 1):
        new[number] = [line]
    new[end - 1] = [*new[end - 1], fence] if end - 1 > first else [*new[first], fence]
    return new
