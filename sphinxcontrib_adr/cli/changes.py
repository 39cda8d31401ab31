"""``sphinx-adr changes FROM..TO``: the decision log's changelog between two git
revisions, for release notes and pull-request comments.

The same changelog as the ``adr-changes`` directive (:mod:`..trace.changes`),
read from the sources' repository without a build: one ``git log`` (the
command keeps no log between runs), one ``git diff`` and one ``git cat-file``.
Printed as text, Markdown, reST or JSON (its JSON Schema ships beside
``adrs.json``'s, ``interop/schema/changes-1.schema.json``, and is documented in
the manual's JSON reference). Titles come from the files, so they are
escaped for Markdown and reST, never spliced in as markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..listings.filters import FilterProblem
from ..trace import gitlog
from ..trace.changes import (
    KIND_TITLES,
    KINDS,
    Changelog,
    Entry,
    RevisionProblem,
    Source,
    changelog,
    parse_kinds,
    parse_range,
    resolve,
)
from .project import NO_CONF_PY, CLIError, find_confdir, load_project

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

#: the ``schema`` of the JSON output, and its version (bumped on an incompatible change)
SCHEMA = "sphinxcontrib-adr/changes"
VERSION = 1
#: the JSON Schema of that output (documented in the manual's JSON reference)
SCHEMA_FILE = Path(__file__).parent.parent / "interop" / "schema" / f"changes-{VERSION}.schema.json"
FORMATS = ("text", "markdown", "json", "rst")
#: characters Markdown (CommonMark, and GitHub's ``~~``) reads as markup anywhere in a
#: line: escaped with a backslash; ``_`` only where it can open or close emphasis
#: (not inside ``snake_case``), ``&`` only where it starts an entity (``&amp;``)
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")
#: what opens a block at the start of a list item's text: a heading, a list item, a
#: quote, an ordered item (``1.``); its marker is escaped, the rest reads as text
_MARKDOWN_BLOCK_START = re.compile(r"^(?:[#>+=-]|\d{1,9}(?=[.)]))")
_RST_SPECIAL = re.compile(r"([\\`*_|\[\]<>:])")


def load_schema() -> dict[str, Any]:
    """The JSON Schema the ``--format json`` output conforms to."""
    data: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return data


def cmd_changes(args: argparse.Namespace) -> int:
    """Print the changes to the decision log between two revisions."""
    confdir = find_confdir(Path.cwd(), Path(args.source) if args.source else None)
    if confdir is None and args.source is None:
        raise CLIError(NO_CONF_PY)
    project = load_project(confdir)
    try:
        base_name, head_name = parse_range(args.range)
        kinds = parse_kinds(args.kinds)
    except FilterProblem as problem:
        raise CLIError(str(problem)) from None
    git = gitlog.git_program()
    if git is None:
        raise CLIError("git is not installed; changes are read from the repository's history")
    repo = gitlog.find_repo(git, project.srcdir)
    if repo is None:
        raise CLIError(f"{project.srcdir} is not in a git checkout with commits")
    ids = [_resolved(git, repo, name) if name else None for name in (base_name, head_name)]
    prefix = repo_path(repo, project.srcdir)
    source = Source(git, repo, prefix, project.settings, lambda: read_log(git, repo, prefix), {})
    try:
        log = changelog(source, str(ids[0]), ids[1])
    except RevisionProblem as problem:
        raise CLIError(str(problem)) from None
    entries = [e for e in log.entries if e.kind in kinds]
    print(FORMATTERS[args.format](log, entries, base_name, head_name))
    return 0


def _resolved(git: str, repo: gitlog.Repo, name: str) -> str:
    sha = resolve(git, repo, name)
    if sha is None:
        raise CLIError(
            f"unknown revision {name!r}: git does not know it in {repo.toplevel} (a typo, a "
            "tag not fetched, or a commit a shallow clone lacks: git fetch --tags --unshallow)"
        )
    return sha


def as_json(log: Changelog, entries: list[Entry], base: str, head: str | None) -> str:
    """The documented JSON form (see the manual's JSON reference)."""
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "version": VERSION,
        "from": {"revision": base, "commit": log.base},
        "to": {"revision": head, "commit": log.head or None},
        "changes": [
            {
                "kind": e.kind,
                "id": e.adr,
                "title": e.title,
                "path": e.path,
                "before": e.before or None,
                "after": e.after or None,
                "date": e.date or None,
                "by": list(e.by),
                "lines": e.lines,
                "commits": [
                    {
                        "id": c.commit,
                        "date": c.date or None,
                        "author": c.author,
                        "subject": c.subject,
                    }
                    for c in e.commits
                ],
            }
            for e in entries
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _detail(entry: Entry, worktree: bool) -> str:
    """What changed, in words (the same in every text format)."""
    if entry.kind == "added":
        return entry.after
    if entry.kind in ("status", "retired"):
        when = entry.date or ("not committed" if worktree else "date unknown")
        by = f", by {', '.join(entry.by)}" if entry.by else ""
        return f"{entry.before} \u2192 {entry.after} ({when}){by}"
    if entry.kind == "removed":
        return f"was {entry.before}"
    count = len(entry.commits)
    commits = ", ".join(c.commit[:7] for c in entry.commits)
    lines = f"{entry.lines} line{'s' if entry.lines != 1 else ''} changed"
    if not count:
        return f"{lines}, not committed"
    return f"{lines} in {count} commit{'s' if count != 1 else ''} ({commits})"


def _lines(
    log: Changelog,
    entries: list[Entry],
    heading: Callable[[str], list[str]],
    item: Callable[[str], str],
    escape: Callable[[str], str],
) -> list[str]:
    out: list[str] = []
    for kind in KINDS:
        group = [e for e in entries if e.kind == kind]
        if not group:
            continue
        out += heading(KIND_TITLES[kind])
        for e in group:
            out.append(item(escape(f"{e.adr}: {e.title} \u2014 {_detail(e, not log.head)}")))
        out.append("")
    return out or ["No decision changed.", ""]


def _title(log: Changelog, base: str, head: str | None) -> str:
    end = f"{head} ({log.head[:7]})" if head else "the working tree"
    return f"Decisions changed from {base} ({log.base[:7]}) to {end}"


def as_text(log: Changelog, entries: list[Entry], base: str, head: str | None) -> str:
    def heading(text: str) -> list[str]:
        return [f"{text}:"]

    lines = _lines(log, entries, heading, lambda t: f"  - {t}", lambda t: t)
    return "\n".join([_title(log, base, head), "", *lines]).rstrip()


def _md(text: str) -> str:
    """``text`` as Markdown that renders as it is written, escaped only where a
    reader would take it as markup (release notes stay readable: ``ADR-0002``,
    ``(2026-12-06)``)."""
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    start = _MARKDOWN_BLOCK_START.match(text)
    if start is not None:
        end = start.end()
        mark = end if start.group(0)[0].isdigit() else 0  # ``1.``: the dot is the marker
        text = f"{text[:mark]}\\{text[mark:]}"
    return text


def as_markdown(log: Changelog, entries: list[Entry], base: str, head: str | None) -> str:
    lines = _lines(log, entries, lambda t: [f"### {t}", ""], lambda t: f"- {t}", _md)
    return "\n".join([f"## {_md(_title(log, base, head))}", "", *lines]).rstrip()


def _rst(text: str) -> str:
    return _RST_SPECIAL.sub(r"\\\1", text)


def as_rst(log: Changelog, entries: list[Entry], base: str, head: str | None) -> str:
    title = _rst(_title(log, base, head))

    def heading(text: str) -> list[str]:
        return [text, "-" * len(text), ""]

    lines = _lines(log, entries, heading, lambda t: f"- {t}", _rst)
    return "\n".join([title, "=" * len(title), "", *lines]).rstrip()


def read_log(git: str, repo: gitlog.Repo, prefix: str) -> list[gitlog.Commit]:
    """The whole log of HEAD (for the command line, which keeps no log)."""
    return gitlog.read_log(gitlog.start_log(git, repo), prefix) or []


def repo_path(repo: gitlog.Repo, folder: Path) -> str:
    """``folder`` relative to the repository's top level, as a prefix ("" at the top)."""
    try:
        relative = folder.resolve().relative_to(repo.toplevel.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


FORMATTERS: dict[str, Callable[[Changelog, list[Entry], str, str | None], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
    "rst": as_rst,
}


def add_changes(commands: Any, source_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``sphinx-adr changes``."""
    sub = commands.add_parser(
        "changes",
        help="the decisions changed between two git revisions (release notes)",
        description="Print what happened to the decision log between two git revisions "
        "(tags, branches, commits): ADRs added, status changes with their dates, ADRs "
        "superseded, deprecated or rejected and by what, ADRs whose text changed, ADRs "
        "removed. FROM..TO, or FROM.. (or FROM) for the working tree. Exit status 2 for a "
        "revision git does not know.",
    )
    sub.add_argument("range", metavar="FROM..TO", help="e.g. v1.0..v2.0, v2.0.. or main~10")
    source_option(sub)
    sub.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    sub.add_argument(
        "--kinds", metavar="KINDS", help=f"the groups to print (default all: {', '.join(KINDS)})"
    )
    sub.set_defaults(func=cmd_changes)
