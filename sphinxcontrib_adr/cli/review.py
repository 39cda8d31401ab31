"""``sphinx-adr review ADR-0009``: record that a decision was reviewed today.

Writes ``:reviewed: <today>`` into the ADR's block in place (the same safe edit
as ``sphinx-adr status``: only that line changes, the file is replaced only if
nobody changed it meanwhile). A review clears what the health check reports
about the ADR: overdue (the next review is counted from it) and suspect (what
it depends on changed before it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import ValueProblem, parse_date, today
from .common import shown
from .edit import Source, find_block, option_value, set_option
from .project import NO_CONF_PY, CLIError, find_confdir, load_project
from .status import locate

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable


def cmd_review(args: argparse.Namespace) -> int:
    """Write ``:reviewed: DATE`` (today by default) into each ADR named."""
    confdir = find_confdir(Path.cwd(), Path(args.source) if args.source else None)
    if confdir is None and args.source is None:
        raise CLIError(NO_CONF_PY)
    project = load_project(confdir)
    now = today(os.environ.get("SOURCE_DATE_EPOCH")).isoformat()
    date = args.date or now
    try:
        parse_date(date, "--date")
    except ValueProblem as problem:
        raise CLIError(str(problem)) from None
    if date > now:  # the build would warn and not use it (adr.date)
        raise CLIError(
            f"--date {date} is after today ({now}); a review is dated the day it was done"
        )
    for ref in args.adr:
        adr, path = locate(project, ref, "review of")
        source = Source.read(path)
        block = find_block(source, adr.lineno)
        old = option_value(source, block, "reviewed")
        if old == date:
            print(f"{adr.id} is already reviewed {date} ({shown(path)})")
            continue
        set_option(source, block, "reviewed", date)
        source.write()
        print(f"{adr.id}: reviewed {date} (was {old or 'not written'}) in {shown(path)}")
    return 0


def add_review(commands: Any, source_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``sphinx-adr review``."""
    sub = commands.add_parser(
        "review",
        help="record that ADRs were reviewed (writes :reviewed:)",
        description="Write ':reviewed: DATE' (today, or SOURCE_DATE_EPOCH's day) into each "
        "ADR's block, in place: only that line changes. Run it once you have checked that "
        "the decision still holds: it is no longer overdue, and no longer suspect for "
        "changes made before the review.",
    )
    sub.add_argument("adr", metavar="ADR", nargs="+", help="an id, number or file name")
    source_option(sub)
    sub.add_argument("--date", help="YYYY-MM-DD (default: today)")
    sub.set_defaults(func=cmd_review)
