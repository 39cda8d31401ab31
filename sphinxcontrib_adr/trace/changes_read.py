"""What one revision of a file says of its ADRs, read as a build reads them:
the ``adr`` blocks found by :mod:`..core.sourcescan`, each parsed with the
build's own option parser, and the title of the section each one opens.
A changelog (:mod:`.changes`) compares what two revisions say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.directive import parse_adr_options
from ..core.model import full_id, number_from_name, strip_id_prefix
from ..core.sourcescan import MD_OPEN_RE, RST_ADR_RE, QuietChecker, find_blocks

if TYPE_CHECKING:
    from ..core.config import Settings

#: a reST section underline (or overline) and a MyST heading
_ADORNMENT_RE = re.compile(r"^([=\-~^\"'`#*+<>:._])\1{3,}\s*$")
_ATX_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True, slots=True)
class Snap:
    """What one side of a file says of one ADR."""

    id: str
    status: str
    title: str
    path: str
    #: ids of ADRs it is superseded by, as its own block says (``:superseded-by:``)
    by: tuple[str, ...]
    #: ids of ADRs it supersedes (``:supersedes:``)
    retires: tuple[str, ...]


def snapshots(text: str, path: str, conf: Settings) -> tuple[Snap, ...]:
    """The ADRs a revision of a file holds, read as a build reads them."""
    markdown = path.endswith(".md")
    blocks = find_blocks(text, markdown)
    if not blocks:
        return ()
    stem = path.rsplit("/", 1)[-1].rpartition(".")[0]
    number = number_from_name(stem)
    lines = text.splitlines()
    valid = set(conf.option_names())
    found = []
    for block in blocks:
        options = {k: v for k, v in block.options if k in valid}
        parsed = parse_adr_options(options, conf, QuietChecker())
        adr_id = parsed.id
        if adr_id is None and number is not None and len(blocks) == 1:
            adr_id = conf.id_format.format(number=number)
        if adr_id is None:
            continue
        by: list[str] = []
        retires: list[str] = []
        for rel in parsed.relations:
            kind = conf.link_kind(rel.kind)
            if kind is None or kind.implied_status is None:
                continue
            other = full_id(conf.id_format, rel.other) or rel.other
            (by if rel.reverse else retires).append(other)
        title = strip_id_prefix(_title(lines, block.lineno, markdown), adr_id, number)
        found.append(Snap(adr_id, parsed.status, title or adr_id, path, tuple(by), tuple(retires)))
    return tuple(found)


def _title(lines: list[str], lineno: int, markdown: bool) -> str:
    """The title of the section an ``adr`` block (at 1-based ``lineno``) opens:
    its argument in the compact form, else the heading above it."""
    opener = (MD_OPEN_RE if markdown else RST_ADR_RE).match(lines[lineno - 1])
    if opener and opener["arg"]:
        return opener["arg"]
    for i in range(lineno - 2, -1, -1):
        line = lines[i]
        if markdown:
            heading = _ATX_RE.match(line)
            if heading:
                return heading[1]
        elif _ADORNMENT_RE.match(line) and i > 0 and lines[i - 1].strip():
            above = lines[i - 1].strip()
            if not _ADORNMENT_RE.match(above):
                return above
    return ""
