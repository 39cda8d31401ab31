"""``sphinx-adr health``: the health of the decision log, for CI and pull requests.

The same findings as the ``adr-health`` page: the project is read by Sphinx (no
output written, like ``lint``), with its history when ``adr_history`` is on, and
each ADR's health record is printed as text, Markdown (a pull-request comment)
or JSON. ``--fail-on overdue,stale,suspect,approval,confirmation`` makes the command exit 1
when an ADR has one of the named problems (0 otherwise), so a CI job can gate on
exactly the problems a team agreed to keep at zero.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import split_list
from ..listings.columns import natural_key
from ..trace.health_records import KINDS, PROBLEMS, TITLES
from .inprocess import read_project
from .project import NO_CONF_PY, CLIError, find_confdir, isolated
from .review import add_review

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from ..core.model import ADR
    from ..trace.health_records import Health

FORMATS = ("text", "json", "markdown")
#: the ``schema`` of the JSON output and its version (bumped on an incompatible change)
SCHEMA = "sphinxcontrib-adr/health"
VERSION = 1
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def findings(app: Sphinx) -> list[tuple[ADR, Health]]:
    """Every ADR with its health record, in id order."""
    from ..core.domain import get_domain
    from ..trace.health import assessed

    return sorted(assessed(get_domain(app.env)), key=lambda item: natural_key(item[0].id))


def _groups(items: list[tuple[ADR, Health]]) -> dict[str, list[tuple[ADR, str, str]]]:
    groups: dict[str, list[tuple[ADR, str, str]]] = {kind: [] for kind in KINDS}
    for adr, health in items:
        for finding in health.findings:
            groups[finding.kind].append((adr, finding.reason, finding.date or ""))
    return groups


def as_text(items: list[tuple[ADR, Health]]) -> str:
    groups = _groups(items)
    ok = sum(1 for _adr, health in items if not health.problems)
    lines = [f"{len(items)} decisions, {ok} without problems"]
    for kind in KINDS:
        if groups[kind]:
            lines += ["", f"{TITLES[kind]} ({len(groups[kind])}):"]
            lines += [f"  - {adr.id}: {adr.title} \u2014 {why}" for adr, why, _date in groups[kind]]
    return "\n".join(lines)


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def as_markdown(items: list[tuple[ADR, Health]]) -> str:
    groups = _groups(items)
    ok = sum(1 for _adr, health in items if not health.problems)
    lines = ["## Decision log health", "", f"{len(items)} decisions, {ok} without problems."]
    for kind in KINDS:
        if groups[kind]:
            lines += ["", f"### {_md(TITLES[kind])} ({len(groups[kind])})", ""]
            lines += ["| Decision | Status | Why | Date |", "|---|---|---|---|"]
            lines += [
                f"| {_md(adr.id)}: {_md(adr.title)} | {_md(adr.status)} | {_md(why)} | {date} |"
                for adr, why, date in groups[kind]
            ]
    return "\n".join(lines)


def as_json(items: list[tuple[ADR, Health]]) -> str:
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "version": VERSION,
        "decisions": [
            {
                "id": adr.id,
                "title": adr.title,
                "status": adr.status,
                "health": health.state,
                "last_review": health.last_review,
                "next_review": health.next_review,
                "approvals": health.approvals,
                "findings": [
                    {"kind": f.kind, "reason": f.reason, "date": f.date, "target": f.target or None}
                    for f in health.findings
                ],
            }
            for adr, health in items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


FORMATTERS: dict[str, Callable[[list[tuple[ADR, Health]]], str]] = {
    "text": as_text,
    "json": as_json,
    "markdown": as_markdown,
}


def parse_fail_on(value: str | None) -> tuple[str, ...]:
    kinds = tuple(k.casefold() for k in split_list(value or ""))
    wrong = [k for k in kinds if k not in PROBLEMS]
    if wrong:
        raise CLIError(
            f"--fail-on {', '.join(wrong)}: not a problem kind; write some of "
            f"{', '.join(PROBLEMS)} separated by commas"
        )
    return kinds


def cmd_health(args: argparse.Namespace) -> int:
    """Print the log's health; exit 1 when a ``--fail-on`` problem is present."""
    fail_on = parse_fail_on(args.fail_on)
    confdir = find_confdir(Path.cwd(), Path(args.source) if args.source else None)
    if confdir is None:
        raise CLIError(NO_CONF_PY)
    with isolated(), tempfile.TemporaryDirectory(prefix="sphinx-adr-health-") as tmp:
        items = findings(read_project(confdir, Path(tmp), args.jobs))
    print(FORMATTERS[args.format](items))
    failing = {kind for _adr, health in items for kind in health.problems} & set(fail_on)
    return 1 if failing else 0


def add_health(commands: Any, source_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``sphinx-adr health`` and ``sphinx-adr review``."""
    sub = commands.add_parser(
        "health",
        help="the decision log's health: overdue, stale, suspect, approvals, failing tests "
        "(for CI)",
        description="Read the project with Sphinx (no output is written) and print each "
        "problem of the decision log: reviews overdue, stale proposals, suspect ADRs "
        "(something they depend on changed after their last review), missing approvals, "
        "accepted ADRs whose confirming tests fail, code to revisit, untraced accepted "
        "ADRs. Exit status 1 when a problem named in --fail-on is present, 0 otherwise "
        "(lint keeps its meaning).",
    )
    source_option(sub)
    sub.add_argument(
        "--fail-on", metavar="KINDS", help=f"exit 1 if any of these: {', '.join(PROBLEMS)}"
    )
    sub.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    sub.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="parallel reading")
    sub.set_defaults(func=cmd_health)
    add_review(commands, source_option)
