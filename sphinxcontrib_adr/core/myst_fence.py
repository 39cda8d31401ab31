"""``:::{adr}`` needs MyST's ``colon_fence``: without it the block is plain text.

The build then sees no ADR at all and says nothing, while a text scan would
list one. This check makes the build (and so ``sphinx-adr lint``) and
``sphinx-adr list`` say the same thing: a warning that names the missing
``myst_enable_extensions`` entry.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .warnings import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_COLON_ADR_RE = re.compile(r"^[ \t]{0,3}:{3,}[ \t]*\{adr\}")
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})(.*)$")


def colon_adr_lines(text: str) -> list[int]:
    """1-based lines that open ``:::{adr}``, outside backtick and tilde fences."""
    found: list[int] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None if not match.group(2).strip() else fence
            continue
        if match:
            fence = match.group(1)
        elif _COLON_ADR_RE.match(line):
            found.append(number)
    return found


def colon_fence_enabled(extensions: Any) -> bool:
    """Whether ``myst_enable_extensions`` (a list or set of names) holds colon_fence."""
    try:
        return "colon_fence" in set(extensions or ())
    except TypeError:
        return False


def message(count: int) -> str:
    blocks = "this block" if count == 1 else f"these {count} blocks"
    return (
        f"':::{{adr}}' is not an adr directive: MyST reads {blocks} as text unless "
        'colon_fence is on; add myst_enable_extensions = ["colon_fence"] to conf.py, or '
        "write ```{adr} ... ``` instead"
    )


def _check(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    if colon_fence_enabled(getattr(app.config, "myst_enable_extensions", ())):
        return
    lines = colon_adr_lines(source[0])
    if lines:
        warn(message(len(lines)), "myst_colon_fence", (docname, lines[0]))


def register(app: Sphinx) -> None:
    app.connect("source-read", _check)
