"""``sphinx-adr lint``: the build's ADR checks, for CI (a build that writes nothing)."""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import PROG, source_option
from .inprocess import read_project
from .lint_hints import print_hints
from .project import (
    NO_CONF_PY,
    CLIError,
    find_confdir,
    isolated,
    not_utf8,
    source_files,
)

if TYPE_CHECKING:
    import argparse

    from sphinx.application import Sphinx


def _leave_out_unreadable(app: Sphinx) -> list[str]:
    """Sources that are no UTF-8 (Sphinx stops at the first), with what is wrong; they
    are added to the build's ``exclude_patterns`` so that the rest is linted. Taken
    from the build's own configuration: ``conf.py`` is evaluated once, by Sphinx."""
    srcdir = Path(app.srcdir)
    exclude = list(app.config.exclude_patterns)
    unreadable = {
        path: problem
        for path in source_files(srcdir, exclude)
        if (problem := not_utf8(path)) is not None
    }
    if unreadable:
        excluded = [p.relative_to(srcdir).as_posix() for p in unreadable]
        app.config.exclude_patterns = [*exclude, *excluded]
    return list(unreadable.values())


def cmd_lint(args: argparse.Namespace) -> int:
    """Run the build's checks (reading, consistency, references) without output."""
    if args.source and args.source_dir and args.source != args.source_dir:
        raise CLIError(f"two source directories given ({args.source}, {args.source_dir}); give one")
    source = args.source or args.source_dir
    confdir = find_confdir(Path.cwd(), Path(source) if source else None)
    if confdir is None:
        raise CLIError(NO_CONF_PY)
    warnings = io.StringIO()
    with isolated(), tempfile.TemporaryDirectory(prefix="sphinx-adr-lint-") as tmp:
        unreadable = _lint_build(args, confdir, Path(tmp), warnings)
    plain_text = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())
    lines = [*unreadable, *(line for line in plain_text.splitlines() if line.strip())]
    adr_lines = [*unreadable, *(line for line in lines if "[adr." in line)]
    counted = lines if args.strict else adr_lines
    for line in lines if args.strict else adr_lines:
        print(line)
    if counted:
        what = "warning" if args.strict else "ADR problem"
        plural = "" if len(counted) == 1 else "s"
        print(f"{PROG}: {len(counted)} {what}{plural} found", file=sys.stderr)
        return 1
    print(f"{PROG}: no ADR problems found")
    return 0


def _lint_build(
    args: argparse.Namespace, confdir: Path, tmp: Path, warnings: io.StringIO
) -> list[str]:
    """Read the project with Sphinx into ``tmp``; the unreadable sources left out."""
    unreadable: list[str] = []
    app = read_project(
        confdir, tmp, args.jobs, warnings, lambda app: unreadable.extend(_leave_out_unreadable(app))
    )
    print_hints(app)  # sphinx-adr's spellings: info, not problems
    return unreadable


def add_lint(commands: Any) -> None:
    lint = commands.add_parser(
        "lint",
        help="run the build's ADR checks (for CI)",
        description="Read the whole project with Sphinx (no output is written) and report "
        "the ADR warnings: bad values, duplicate ids, dangling relations and references, "
        "cycles, inconsistent statuses, overdue reviews. Exit status 1 when any is found.",
    )
    source_option(lint)
    lint.add_argument(
        "source_dir", nargs="?", metavar="SOURCE", help="the same as --source (kept for scripts)"
    )
    lint.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="parallel reading")
    lint.add_argument("--strict", action="store_true", help="count every Sphinx warning")
    lint.set_defaults(func=cmd_lint)
