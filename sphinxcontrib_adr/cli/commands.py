"""``sphinx-adr``: create, list, check and import Architecture Decision Records,
and write a portal over many projects' logs.

Exit status: 0 success; 1 the command ran and found problems (``lint``
warnings, files ``import`` could not convert, ``new`` refusing to overwrite);
2 bad usage or configuration (unknown option, missing directory, broken
``conf.py``), or a file that could not be written (read-only, a full disk,
changed by another program while it was edited); 3 an internal error (a bug);
141 the reader of the output closed the pipe (``sphinx-adr list | head -1``), as
for a program ended by SIGPIPE. Errors are one line on stderr saying what to do; there is no
traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from ..core.version import __version__
from .changes import add_changes
from .common import PROG, source_option
from .health import add_health
from .import_command import add_import
from .link import add_link
from .lint import add_lint
from .listing import add_list
from .new import add_new
from .portal import add_portal
from .project import CLIError
from .status import add_status

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["PROG", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Create, list, check and import Architecture Decision Records of a "
        "Sphinx project that uses sphinxcontrib-adr.",
        epilog="Run 'sphinx-adr COMMAND --help' for a command's options. Exit status: 0 "
        "success, 1 problems found, 2 usage or configuration error, 3 internal error "
        "(a bug: please report it), 141 the output's reader closed the pipe.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_new(commands)
    add_list(commands)
    add_status(commands)
    add_link(commands)
    add_lint(commands)
    add_import(commands, source_option)
    add_portal(commands)
    add_changes(commands, source_option)
    add_health(commands, source_option)  # health and review
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sphinx-adr``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        code = int(args.func(args))
        # flushed here, not at exit: a reader that closed the pipe is then caught below
        # whatever the size of the output (a short one sat in the buffer until exit)
        sys.stdout.flush()
        return code
    except CLIError as err:
        print(f"{PROG} {args.command}: error: {err}", file=sys.stderr)
        return err.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (head, a pager) closed the pipe: it has read all it wanted. Point
        # stdout at /dev/null so that flushing it at exit does not fail again, and exit
        # as a program ended by SIGPIPE does (128 + 13), like git
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as err:
        if args.debug:
            raise
        print(
            f"{PROG} {args.command}: internal error: {type(err).__name__}: {err} "
            "(run with --debug for details and report it)",
            file=sys.stderr,
        )
        return 3
