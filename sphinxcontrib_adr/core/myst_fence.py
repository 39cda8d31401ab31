"""``:::{adr}`` needs MyST's ``colon_fence``: without it the block is plain text.

The build then sees no ADR at all and says nothing, while a text scan would
list one. This check makes the build (and so ``sphinx-adr lint``) and
``sphinx-adr list`` say the same thing: a warning that names the missing
``myst_enable_extensions`` entry.

Likewise a tab in the block's option lines (``:status:<TAB>accepted``, as some
editors write): MyST then drops every option of the block (status, date,
relations) with only "Invalid options format", while reST, ``sphinx-adr list``
and ``status`` read the same lines. The tabs become spaces before MyST reads
them, as docutils expands tabs in reST.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .warnings import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_COLON_ADR_RE = re.compile(r"^[ \t]{0,3}:{3,}[ \t]*\{adr\}")
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})(.*)$")
_ADR_OPEN_RE = re.compile(r"^[ \t]{0,3}(?:`{3,}|:{3,})[ \t]*\{adr\}")
_OPTION_RE = re.compile(r"^:[^:\s]+:")


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


def untabbed_options(text: str) -> str:
    """``text`` with each tab of an ``adr`` block's option lines made a space;
    blocks shown inside other code fences are left as written."""
    lines = text.splitlines(keepends=True)
    fence: str | None = None
    options = False
    for number, line in enumerate(lines):
        if options and _OPTION_RE.match(line):
            lines[number] = line.replace("\t", " ")
            continue
        options = False
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None if not match.group(2).strip() else fence
            continue
        options = bool(_ADR_OPEN_RE.match(line))
        if match:  # a ```{adr} block is a fence too: its closing line opens nothing
            fence = match.group(1)
    return "".join(lines)


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
    # both patterns need "{adr}" written out: one search of the text spares every
    # other page the path lookup
    if "{adr}" not in source[0] or not str(app.env.doc2path(docname)).endswith(".md"):
        return
    if "\t" in source[0]:
        source[0] = untabbed_options(source[0])
    if colon_fence_enabled(getattr(app.config, "myst_enable_extensions", ())):
        return
    lines = colon_adr_lines(source[0])
    if lines:
        warn(message(len(lines)), "myst_colon_fence", (docname, lines[0]))


def register(app: Sphinx) -> None:
    app.connect("source-read", _check)
