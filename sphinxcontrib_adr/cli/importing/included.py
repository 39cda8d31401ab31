"""Stub pages: a page of the Sphinx project that only includes the file holding
the ADR (``.. include:: ../../records/0001-x.rst``, often a file outside the
source tree). Importing the stub converts the file it includes, where the
ADR's text is; the stub stays as it is, and the report says so."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ...core.sourcescan import include_path, includes, options_after

__all__ = ["stub_target"]

#: lines a stub may hold besides its include: a comment or label, a title's adornment
_RST_NOISE_RE = re.compile(r"^\s*$|^\.\.(\s|$)|^([=\-~^\"'`#*+_.:])\2{2,}\s*$")
#: include options that take a part of the file
_PARTIAL = frozenset({"start-line", "end-line", "start-after", "end-before", "lines"})
_MD_NOISE_RE = re.compile(r"^\s*$|^\s*%|^\s*\(\S+\)=\s*$|^\s*<!--.*-->\s*$")


def stub_target(path: Path, text: str) -> Path | None:
    """The one file ``path`` includes when the page holds nothing else (blank lines,
    comments, labels and the include's options aside); ``None`` otherwise."""
    markdown = path.suffix.lower() not in (".rst", ".rest", ".txt")
    lines = text.replace("\r\n", "\n").split("\n")
    found = includes(lines, markdown)
    if len(found) != 1:
        return None
    number, target = found[0]
    fence = re.match(r"^\s*(`{3,}|:{3,})", lines[number])
    options = options_after(lines, number + 1, fence.group(1) if fence else None)
    if _PARTIAL & set(options):
        return None  # a part of the file: the rest is not this page's
    end = number + 1 + len(options) + (1 if fence else 0)
    noise = _MD_NOISE_RE if markdown else _RST_NOISE_RE
    rest = [line for n, line in enumerate(lines) if not number <= n < end]
    if not all(noise.match(line) for line in rest):
        return None
    included = Path(os.path.normpath(include_path(path, target, None)))
    return included if included.is_file() else None
