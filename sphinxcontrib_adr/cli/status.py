"""``sphinx-adr status``: set an ADR's status in its file, in place (and what the
relations it declares imply)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ..core.model import (
    ValueProblem,
    id_key,
    parse_status,
)
from .common import find_adr, no_such_adr, project_of, shown, source_option
from .edit import Source, find_block, option_value, set_option
from .project import (
    SOURCE_SUFFIXES,
    CLIError,
    Project,
    scan_adrs,
)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from ..core.model import ADR


def locate(project: Project, ref: str, what: str) -> tuple[ADR, Path]:
    """The ADR ``ref`` names (id, number or file name) and the file that holds it."""
    adrs, _problems = scan_adrs(project)
    known = {a.key: a for a in adrs}
    adr = find_adr(ref, known, project.settings.id_format)
    if adr is None:
        raise no_such_adr(what, ref, known)
    for suffix in SOURCE_SUFFIXES:
        path = project.srcdir / f"{adr.docname}{suffix}"
        if path.is_file():
            return adr, path
    raise CLIError(f"{what} {ref}: the file of {adr.id} ({adr.docname}) cannot be found")


def _set_status(project: Project, ref: str, status: str) -> bool:
    """Write ``:status: status`` into the ADR's block; False when it already says so."""
    adr, path = locate(project, ref, "status of")
    source = Source.read(path)
    block = find_block(source, adr.lineno)
    old = option_value(source, block, "status")
    if old is not None and old.casefold() == status.casefold():
        print(f"{adr.id} is already {old} ({shown(path)})")
        return False
    set_option(source, block, "status", status)
    source.write()
    print(f"{adr.id}: status {status} (was {old or 'not written'}) in {shown(path)}")
    return True


def cmd_status(args: argparse.Namespace) -> int:
    """Change an ADR's status in place (only its ``:status:`` line changes)."""
    project = project_of(args)
    conf = project.settings
    try:
        parse_status(args.status, conf.statuses, conf.aliases)
    except ValueProblem as problem:
        words = [*conf.statuses, *conf.aliases]
        close = difflib.get_close_matches(args.status.strip().casefold(), words, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise CLIError(f"status {args.status!r}: {hint}{problem}") from None
    _set_status(project, args.adr, " ".join(args.status.split()))
    adr, _path = locate(project, args.adr, "status of")
    follow_implied(project, adr.id)
    return 0


def follow_implied(project: Project, ref: str) -> None:
    """Give the ADRs that ``ref`` supersedes (or replaces through any relation that
    implies a status) that status, once ``ref`` is accepted, as the build checks
    it; otherwise say what will happen then."""
    conf = project.settings
    adrs, _problems = scan_adrs(project)
    known = {a.key: a for a in adrs}
    newer = find_adr(ref, known, conf.id_format)
    if newer is None:
        return
    for adr in adrs:
        for link in adr.links:
            kind = conf.link_kind(link.kind)
            older = known.get(id_key(link.target))
            if kind is None or not kind.implied_status or older is None:
                continue
            if id_key(link.source) != newer.key or older.status == kind.implied_status:
                continue
            if newer.status == conf.accepted:
                _set_status(project, older.id, kind.implied_status)
            else:
                print(
                    f"{older.id} stays {older.status}: {newer.id} is {newer.status}; it "
                    f"becomes {kind.implied_status} when {newer.id} is accepted "
                    f"(sphinx-adr status {newer.id} {conf.accepted})"
                )


def add_status(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="change an ADR's status in its file",
        description="Set the :status: of an ADR in place: only that line changes (or one "
        "line is added to the adr block), in reST and MyST alike.",
    )
    status.add_argument("adr", metavar="ADR", help="an id, number or file name")
    status.add_argument("status", metavar="STATUS", help="one of adr_statuses or an alias")
    source_option(status)
    status.set_defaults(func=cmd_status)
