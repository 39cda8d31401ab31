"""``sphinx-adr portal``: one Sphinx project over the decision logs of many.

The portal is an ordinary Sphinx project whose ``conf.py`` declares every log
in ``adr_external``: its pages are listings with ``:projects:``, so the
portal shows what the logs hold at each build, with links out to each
project's own pages. Writing it again (new logs, another title) replaces only
the files it wrote itself, which say so on their first line; any other file
in the way is refused, never overwritten.
"""

# Implements: ADR-0016 (the portal is a generated Sphinx project over adr_external)

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import slugify
from ..interop.external import LogProblem, Source, check_header, parse_log, with_base
from .project import CLIError

if TYPE_CHECKING:
    import argparse

    from ..core.model import ADR

#: the first line of every file the portal writes (and may write again)
MARKER = "written by sphinx-adr portal"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Log:
    """One decision log given on the command line, read and checked."""

    name: str
    #: the path or URL as conf.py will give it (a path relative to the portal)
    json: str
    base_url: str
    title: str
    adrs: tuple[ADR, ...]


# --------------------------------------------------------------------------
# reading the logs


def _split(arg: str) -> tuple[str | None, str]:
    """``NAME=PATH`` or ``PATH`` (a Windows drive or a URL is not a name)."""
    name, sep, rest = arg.partition("=")
    if sep and _NAME_RE.match(name) and "://" not in name:
        return name, rest
    return None, arg


def _read(path: str) -> bytes:
    from urllib.request import urlopen

    try:
        if "://" in path:
            with urlopen(path, timeout=30) as response:
                data: bytes = response.read()
                return data
        return Path(path).read_bytes()
    except (OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or getattr(err, "strerror", None) or err
        raise CLIError(
            f"{path}: cannot be read ({reason}); give the path of an adrs.json"
        ) from None


def _default_name(path: str, data: Any) -> str:
    project = data.get("project") if isinstance(data, dict) else None
    name = slugify(project) if isinstance(project, str) else ""
    if not name:  # no project name: the folder the file is in
        name = slugify(Path(path.rstrip("/")).parent.name)
    if not name or not _NAME_RE.match(name):
        raise CLIError(f"{path}: cannot tell the project's name; write NAME={path}")
    return name


def read_logs(args: list[str], bases: dict[str, str], out: Path) -> list[Log]:
    """Every log of the command line, named, checked and parsed."""
    import json

    raw: list[tuple[str, str, bytes]] = []
    for arg in args:
        name, path = _split(arg)
        data = _read(path)
        try:
            header = json.loads(data.decode("utf-8"))
            check_header(header)
        except RecursionError:
            raise CLIError(f"{path}: not a usable adrs.json (nested too deeply)") from None
        except (UnicodeDecodeError, json.JSONDecodeError, LogProblem) as err:
            raise CLIError(f"{path}: not a usable adrs.json ({err})") from None
        raw.append((name or _default_name(path, header), path, data))
    names = [name for name, _path, _data in raw]
    for name in names:
        if names.count(name) > 1:
            raise CLIError(
                f"two logs are named {name!r}; name them apart: NAME=PATH (the name is "
                "written before the colon of 'name:ADR-0012')"
            )
    unknown = sorted(set(bases) - set(names))
    if unknown:
        raise CLIError(f"--base-url {unknown[0]}=...: no log is named {unknown[0]!r}")
    logs = []
    for name, path, data in raw:
        remote = "://" in path
        json_path = path if remote else os.path.relpath(Path(path).resolve(), out.resolve())
        source = with_base(Source(name, path, bases.get(name, "")), Path.cwd())
        try:
            adrs, _uris = parse_log(data, source, names)
        except LogProblem as err:
            raise CLIError(f"{path}: not a usable adrs.json ({err})") from None
        title = json.loads(data.decode("utf-8")).get("project") or name
        logs.append(Log(name, Path(json_path).as_posix(), source.base_url, str(title), tuple(adrs)))
    return logs


# --------------------------------------------------------------------------
# the project's files


def cross_project_ids(logs: list[Log]) -> list[str]:
    """Ids at either end of a relation between two projects."""
    ids: set[str] = set()
    for log in logs:
        for adr in log.adrs:
            for link in adr.links:
                ends = (link.source, link.target)
                if len({end.partition(":")[0] for end in ends}) > 1:
                    ids.update(ends)
    return sorted(ids)


def conf_py(logs: list[Log], title: str) -> str:
    mapping = "".join(
        f"    {log.name!r}: {{'json': {log.json!r}, 'base_url': {log.base_url!r}}},\n"
        for log in logs
    )
    return (
        f"# {MARKER}: run it again to change this file; edits are refused, not lost\n"
        f'"""The decision portal over {len(logs)} projects."""\n'
        "\n"
        'extensions = ["sphinxcontrib_adr"]\n'
        f"project = {title!r}\n"
        'exclude_patterns = ["_build"]\n'
        "adr_external_cache_limit = 0  # read every log again on each build\n"
        f"adr_external = {{\n{mapping}}}\n"
    )


def _heading(text: str, char: str = "=") -> str:
    return f"{text}\n{char * len(text)}\n"


_COLUMNS = "project, id, title, status, date, superseded-by, relates"


def index_rst(logs: list[Log], title: str) -> str:
    toc = "".join(f"   projects/{log.name}\n" for log in logs)
    rows = "".join(
        f"   * - :doc:`{log.title} <projects/{log.name}>`\n     - ``{log.name}``\n"
        f"     - {len(log.adrs)}\n"
        for log in logs
    )
    total = sum(len(log.adrs) for log in logs)
    text = (
        f".. {MARKER}\n\n"
        + _heading(title)
        + f"\nEvery decision of {len(logs)} projects ({total} ADRs), read from their "
        "``adrs.json`` at each build. Each id links to the decision's page in its own "
        "project's documentation.\n\n"
        f".. toctree::\n   :hidden:\n\n{toc}\n"
        ".. list-table:: Projects\n   :header-rows: 1\n\n"
        "   * - Project\n     - Prefix\n     - ADRs\n"
        f"{rows}\n" + _heading("Relations across projects", "-")
    )
    ends = cross_project_ids(logs)
    if ends:
        text += (
            "\nDecisions that supersede, amend or relate to a decision of another "
            "project, and their neighbours.\n\n.. adr-graph::\n   :projects: *\n"
            f"   :around: {', '.join(ends)}\n   :depth: 1\n"
        )
    else:
        text += "\nNo decision names a decision of another project.\n"
    text += (
        "\n"
        + _heading("All decisions", "-")
        + f"\n.. adr-table::\n   :projects: *\n   :columns: {_COLUMNS}\n\n"
        + _heading("Timeline", "-")
        + "\n.. adr-timeline::\n   :projects: *\n   :order: newest-first\n"
    )
    return text


def project_rst(log: Log) -> str:
    return (
        f".. {MARKER}\n\n"
        + _heading(log.title)
        + f"\nThe {len(log.adrs)} decisions of ``{log.name}``, read from ``{log.json}``.\n\n"
        f".. adr-graph::\n   :projects: {log.name}\n\n"
        f".. adr-table::\n   :projects: {log.name}\n   :columns: {_COLUMNS}\n"
    )


def portal_files(logs: list[Log], title: str) -> dict[str, str]:
    """Relative path -> text of every file of the portal."""
    files = {"conf.py": conf_py(logs, title), "index.rst": index_rst(logs, title)}
    for log in logs:
        files[f"projects/{log.name}.rst"] = project_rst(log)
    return files


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return MARKER in handle.readline()
    except (OSError, UnicodeDecodeError):
        return False


def write_portal(out: Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` under ``out``; refuses (CLIError) when a file in the way was
    not written by the portal, before anything is written."""
    blocked = [rel for rel in files if (out / rel).exists() and not _ours(out / rel)]
    if blocked:
        raise CLIError(
            f"{out / blocked[0]} exists and was not written by sphinx-adr portal; choose "
            "another -o folder or move that file away (nothing was written)"
        )
    written = []
    for rel, text in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")
        written.append(target)
    # pages of projects no longer given: ours, so removed (a stale page would list nothing)
    for page in sorted((out / "projects").glob("*.rst")):
        if f"projects/{page.name}" not in files and _ours(page):
            page.unlink()
    return written


# --------------------------------------------------------------------------
# the command


def cmd_portal(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CLIError(f"-o {out}: is a file; give a folder for the portal")
    bases: dict[str, str] = {}
    for item in args.base_url or ():
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise CLIError(f"--base-url {item!r}: write NAME=URL (https://docs.example.org/)")
        bases[name] = url if url.endswith("/") else url + "/"
    logs = read_logs(args.logs, bases, out)
    written = write_portal(out, portal_files(logs, args.title))
    total = sum(len(log.adrs) for log in logs)
    print(f"portal over {len(logs)} projects ({total} ADRs): {len(written)} files in {out}")
    print(f"build it: sphinx-build -W --keep-going -n -b html {out} {out / '_build' / 'html'}")
    return 0


def add_portal(commands: Any) -> None:
    portal = commands.add_parser(
        "portal",
        help="write a Sphinx project showing the ADRs of many projects",
        description="Write a Sphinx project (conf.py, index.rst, one page per project) "
        "that lists every ADR of the given adrs.json files: a table, a timeline, the graph "
        "of relations across projects, each ADR linking to its own project's page. Each "
        "log is named by its project (the slug of its Sphinx project name) or by "
        "NAME=PATH; relations written 'name:ADR-0012' in one project show on both ends. "
        "Files in the folder that the portal did not write are never overwritten.",
    )
    portal.add_argument("logs", nargs="+", metavar="[NAME=]ADRS_JSON", help="paths or URLs")
    portal.add_argument("-o", "--out", required=True, metavar="DIR", help="the portal folder")
    portal.add_argument("--title", default="Decisions across projects", help="its title")
    portal.add_argument(
        "--base-url",
        action="append",
        metavar="NAME=URL",
        help="where a project's pages are published (default: the folder of its adrs.json)",
    )
    portal.set_defaults(func=cmd_portal)
