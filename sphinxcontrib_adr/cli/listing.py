"""``sphinx-adr list``: the ADRs of the sources, filtered, sorted and shown as adr-
table would, without a build."""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import (
    ValueProblem,
)
from .common import PROG, project_of, source_option
from .project import (
    CLIError,
    Links,
    Project,
    isolated,
    scan_adrs,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from ..core.model import ADR


def cmd_list(args: argparse.Namespace) -> int:
    """List the ADRs found in the sources (no build)."""
    from ..listings.columns import parse_columns, parse_sort, sort_adrs
    from ..listings.filters import FILTER_OPTIONS, FilterRefused, check_filter

    project = project_of(args)
    conf = project.settings
    adrs, problems = scan_adrs(project)
    for problem in problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    adrs = with_git_dates(project, adrs)
    # the command line's filter options are adr-table's, named alike
    options = {
        name: value
        for name in FILTER_OPTIONS
        if (value := getattr(args, name.replace("-", "_"), None)) is not None
    }
    adr_filter = check_filter(options, conf, "filter")
    try:
        keys = parse_sort(args.sort, conf)
        columns = parse_columns(args.columns, conf) if args.columns else None
    except ValueProblem as problem:
        raise CLIError(_cli_words(str(problem), ("sort", "columns"))) from None
    if isinstance(adr_filter, FilterRefused):
        found = (p.removeprefix("filter: ") for p in adr_filter.problems)
        raise CLIError("; ".join(_cli_words(p, FILTER_OPTIONS) for p in found))
    links = Links(adrs, conf)
    selected = sort_adrs(adr_filter.apply(adrs, links), keys, conf)
    columns = columns or ("id", "status", "date", "title")
    rows = [_list_row(adr, columns, links) for adr in selected]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _print_table(rows, columns)
    return 0


def _cli_words(message: str, names: Sequence[str]) -> str:
    """``message`` about adr-table's options (``:status:``) in the words of the command
    line the user typed (``--status``)."""
    for name in names:
        message = message.replace(f"':{name}:'", f"--{name}").replace(f":{name}:", f"--{name}")
    return message


def with_git_dates(project: Project, adrs: list[ADR]) -> list[ADR]:
    """``adrs``, those without a written ``:date:`` dated as the build dates them when
    ``adr_date_from`` asks for git's dates: by the build's own history reader (the
    project read by Sphinx, nothing written), so list shows what adr-table shows."""
    from ..core.domain import get_domain
    from ..trace import gitlog
    from .inprocess import read_project

    if project.value("adr_date_from") is None or project.confdir is None:
        return adrs
    if all(adr.date for adr in adrs):
        return adrs  # a written date always wins: no build needed
    git = gitlog.git_program()
    if git is None or gitlog.find_repo(git, project.srcdir) is None:
        return adrs  # the build has no history either (it says so, no warning)
    with isolated(), tempfile.TemporaryDirectory(prefix="sphinx-adr-list-") as tmp:
        dates = dict(get_domain(read_project(project.confdir, Path(tmp), 1).env).derived_dates)
    return [
        dataclasses.replace(adr, date=dates[adr.docname, adr.id])
        if adr.date is None and (adr.docname, adr.id) in dates
        else adr
        for adr in adrs
    ]


def _list_row(adr: ADR, columns: Sequence[str], links: Links) -> dict[str, Any]:
    """One ADR's values of ``columns``, as adr-table computes them."""
    from ..listings.columns import is_relation_column, relation_values, scalar_value

    row: dict[str, Any] = {}
    for column in columns:
        if is_relation_column(column, links.conf):
            value: Any = relation_values(column, links.conf, links.links_of(adr)) or None
        else:
            value = scalar_value(adr, column, None)
        row[column] = list(value) if isinstance(value, tuple) else value
    return row


def _print_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    def cell(value: Any) -> str:
        if value is None:
            return ""
        return ", ".join(value) if isinstance(value, list) else str(value)

    cells = [[cell(row[c]) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    header = [c.upper() for c in columns]
    for line in [header, *cells]:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    if not rows:
        print("(no ADRs match)")


def add_list(commands: Any) -> None:
    lister = commands.add_parser(
        "list",
        help="list ADRs from the sources, without a build",
        description="List every ADR found in the sources. Filters take the values of the "
        "adr-table options of the same name, e.g. --status 'accepted, proposed', "
        "--tags 'backend, !legacy', --date 2025..2026-06, --relation 'supersedes ADR-0003'. "
        "With adr_date_from in conf.py, an ADR without :date: takes its date from git as in "
        "the build (the project is then read by Sphinx once, nothing written).",
    )
    source_option(lister)
    lister.add_argument("--format", choices=("table", "json"), default="table")
    # the filters of adr-table, by the same names
    from ..listings.filters import FILTER_OPTIONS

    extra = {"tags-match": ("any|all", None), "field": ("CONDITION", "e.g. 'priority=high'")}
    # :projects: takes other projects' logs, and :changed-since: git's history, which a
    # build reads; list reads sources
    # (:health: what a build finds: sphinx-adr health)
    for option in (o for o in FILTER_OPTIONS if o not in ("projects", "changed-since", "health")):
        metavar, text = extra.get(option, ("VALUE", None))
        lister.add_argument(f"--{option}", metavar=metavar, help=text)
    lister.add_argument("--sort", metavar="KEYS", help="e.g. --sort='-date, id' (default: id)")
    lister.add_argument("--columns", metavar="NAMES", help="default: id, status, date, title")
    lister.set_defaults(func=cmd_list)
