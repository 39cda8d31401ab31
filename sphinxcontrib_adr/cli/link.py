"""``sphinx-adr link``: add a relation to an ADR's block, in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .common import project_of, shown, source_option
from .edit import Source, add_to_list, find_block
from .project import (
    CLIError,
)
from .status import follow_implied, locate

if TYPE_CHECKING:
    import argparse


def cmd_link(args: argparse.Namespace) -> int:
    """Add a relation to an ADR's block in place; a relation that implies a status
    (``supersedes``) also sets that status on the ADR it concerns."""
    project = project_of(args)
    conf = project.settings
    option = args.kind.lower()
    if option not in conf.link_options:
        raise CLIError(
            f"{args.kind!r} is not a relation; write one of {', '.join(conf.link_options)}"
        )
    kind, reverse = conf.link_options[option]
    if args.other_end is not None:
        _check_other_end(args.other_end, kind.name if reverse else kind.reverse, option)
    source_adr, path = locate(project, args.adr, "link")
    target_adr, _ = locate(project, args.target, "link to")
    if source_adr.key == target_adr.key:
        raise CLIError(f"{source_adr.id} cannot be linked to itself; name another ADR")
    source = Source.read(path)
    if add_to_list(source, find_block(source, source_adr.lineno), option, target_adr.id):
        source.write()
        print(f"{source_adr.id}: {option} {target_adr.id} added in {shown(path)}")
    else:
        print(f"{source_adr.id} already {option} {target_adr.id} ({shown(path)})")
    if kind.implied_status:
        # "A supersedes B" / "B superseded-by A": B's status follows, once A is accepted
        follow_implied(project, (target_adr if reverse else source_adr).id)
    return 0


def _check_other_end(written: str, expected: str, option: str) -> None:
    """adr-tools' fourth argument (``link 20 Amends 16 "Amended by"``): the name of
    the relation at the other ADR, which this tool derives; accepted when it agrees."""
    if "-".join(written.casefold().replace("_", " ").split()) != expected:
        raise CLIError(
            f"{written!r}: the other end of {option} is {expected}, which both ADRs' pages "
            "show without being written; leave the fourth argument out"
        )


def add_link(commands: Any) -> None:
    link = commands.add_parser(
        "link",
        help="add a relation to an ADR's file",
        description="Add a relation (supersedes, superseded-by, amends, amended-by, "
        "relates, or a kind of adr_link_kinds) to the first ADR's adr block, in place. The "
        "relation shows on both ADRs' pages; a relation that implies a status (supersedes) "
        "also sets it on the ADR it replaces.",
    )
    link.add_argument("adr", metavar="ADR", help="the ADR whose block gets the relation")
    link.add_argument("kind", metavar="KIND", help="e.g. amends, supersedes, relates")
    link.add_argument("target", metavar="OTHER", help="the ADR it names")
    link.add_argument(
        "other_end",
        metavar="REVERSE",
        nargs="?",
        help='as in adr-tools ("Amended by"): the relation as OTHER shows it; optional, '
        "since it is derived from KIND",
    )
    source_option(link)
    link.set_defaults(func=cmd_link)
