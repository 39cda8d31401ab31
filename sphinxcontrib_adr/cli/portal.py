"""``sphinx-adr portal``: one Sphinx project over the decision logs of many.

The portal is an ordinary Sphinx project whose ``conf.py`` declares every log
in ``adr_external``: its pages are listings with ``:projects:``, so the
portal shows what the logs hold at each build, with links out to each
project's own pages. What a log holds is foreign: it is read with a deadline
and a size cap (:func:`~sphinxcontrib_adr.interop.fetch.read_limited`) and
reaches the files only as data (:mod:`.portal_pages`). Writing the portal
again replaces only files it wrote and nobody edited since
(:mod:`.portal_write`).
"""

# Implements: ADR-0016 (the portal is a generated Sphinx project over adr_external)

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import slugify
from ..interop.external import LogProblem, Source, check_header, parse_log, with_base
from ..interop.fetch import FetchError, is_url, read_limited
from .portal_pages import Log, counted, plain, portal_files
from .portal_write import execute, plan, refusal
from .project import CLIError

if TYPE_CHECKING:
    import argparse

#: a project name: a slug, whole (``fullmatch``: no trailing newline slips through)
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: names adr_external keeps for itself
_TAKEN = ("local",)
#: the longest name taken from a log's project (it names a file)
MAX_NAME = 60
#: seconds a log may take to read, whole (a server dripping bytes cannot hold the run)
DEFAULT_TIMEOUT = 30.0


# --------------------------------------------------------------------------
# reading the logs


def _split(arg: str) -> tuple[str | None, str]:
    """``NAME=PATH`` or ``PATH`` (a Windows drive or a URL is not a name)."""
    name, sep, rest = arg.partition("=")
    if not sep or is_url(arg) or "/" in name or os.sep in name:
        return None, arg
    if _NAME_RE.fullmatch(name):
        return name, rest
    if Path(arg).exists():  # a file whose name holds '='
        return None, arg
    raise CLIError(
        f"{arg!r}: {name!r} is not a usable project name; write letters, digits and "
        ". _ - before the '=' (the name is written before the colon of 'name:ADR-0012')"
    )


def _read(path: str, timeout: float) -> bytes:
    try:
        return read_limited(path, base=Path.cwd(), timeout=timeout)
    except FetchError as err:
        raise CLIError(f"{path}: cannot be read ({err}); give the path of an adrs.json") from None


def _default_name(path: str, data: Any) -> str:
    project = data.get("project") if isinstance(data, dict) else None
    name = slugify(project)[:MAX_NAME].rstrip("-") if isinstance(project, str) else ""
    if not name:  # no project name: the folder the file is in
        name = slugify(Path(path.rstrip("/")).parent.name)
    if not name or not _NAME_RE.fullmatch(name):
        raise CLIError(f"{path}: cannot tell the project's name; write NAME={path}")
    return name


def _header(path: str, data: bytes) -> dict[str, Any]:
    try:
        header = json.loads(data.decode("utf-8"))
        check_header(header)
    except RecursionError:
        raise CLIError(f"{path}: not a usable adrs.json (nested too deeply)") from None
    except (UnicodeDecodeError, json.JSONDecodeError, LogProblem) as err:
        raise CLIError(f"{path}: not a usable adrs.json ({err})") from None
    assert isinstance(header, dict)  # check_header refuses anything else
    return header


def _check_names(names: list[str], bases: dict[str, str]) -> None:
    for name in names:
        if name in _TAKEN:
            raise CLIError(
                f"a log is named {name!r}, which adr_external keeps for this project's own "
                f"ADRs; name it otherwise: NAME=PATH"
            )
        if names.count(name) > 1:
            raise CLIError(
                f"two logs are named {name!r}; name them apart: NAME=PATH (the name is "
                "written before the colon of 'name:ADR-0012')"
            )
    unknown = sorted(set(bases) - set(names))
    if unknown:
        raise CLIError(f"--base-url {unknown[0]}=...: no log is named {unknown[0]!r}")


def read_logs(args: list[str], bases: dict[str, str], out: Path, timeout: float) -> list[Log]:
    """Every log of the command line, named, checked and parsed."""
    raw: list[tuple[str, str, bytes, dict[str, Any]]] = []
    for arg in args:
        name, path = _split(arg)
        data = _read(path, timeout)
        header = _header(path, data)
        raw.append((name or _default_name(path, header), path, data, header))
    names = [name for name, *_rest in raw]
    _check_names(names, bases)
    logs = []
    for name, path, data, header in raw:
        json_path = path if is_url(path) else os.path.relpath(Path(path).resolve(), out.resolve())
        base = bases.get(name) or ("" if is_url(path) else local_base(path, out))
        source = with_base(Source(name, path, base), Path.cwd())
        try:
            adrs, _uris = parse_log(data, source, names)
        except LogProblem as err:
            raise CLIError(f"{path}: not a usable adrs.json ({err})") from None
        project = header.get("project")
        title = plain(project) if isinstance(project, str) else ""
        logs.append(
            Log(name, Path(json_path).as_posix(), source.base_url, title or name, tuple(adrs))
        )
    return logs


def local_base(path: str, out: Path) -> str:
    """The folder of a local log relative to the portal's HTML (``out/_build/html``,
    where the build command it prints writes): an absolute disk path is dead once
    the portal is served, a relative one holds while both builds sit side by side."""
    try:
        rel = os.path.relpath(Path(path).resolve().parent, (out / "_build" / "html").resolve())
    except ValueError:  # another drive (Windows): only an absolute path reaches it
        return ""
    return Path(rel).as_posix().rstrip("/") + "/"


# --------------------------------------------------------------------------
# the command


def _check_out(out: Path) -> None:
    """Refuse a folder that cannot be one before any log is read."""
    probe = out
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        where = "is a file" if probe == out else f"is inside {probe}, which is a file"
        raise CLIError(f"-o {out}: {where}; give a folder for the portal")


def _options(args: argparse.Namespace) -> tuple[dict[str, str], float]:
    bases: dict[str, str] = {}
    for item in args.base_url or ():
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise CLIError(f"--base-url {item!r}: write NAME=URL (https://docs.example.org/)")
        bases[name] = url if url.endswith("/") else url + "/"
    timeout = args.timeout
    if not math.isfinite(timeout) or timeout <= 0:
        raise CLIError(f"--timeout {timeout:g}: give a number of seconds above 0")
    return bases, timeout


def cmd_portal(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _check_out(out)
    bases, timeout = _options(args)
    logs = read_logs(args.logs, bases, out, timeout)
    files = portal_files(logs, args.title)
    found = plan(out, files, args.force)
    error = refusal(out, found)
    if error is not None:
        raise error
    execute(out, found)
    total = sum(len(log.adrs) for log in logs)
    projects, adrs = counted(len(logs), "project", "projects"), counted(total, "ADR", "ADRs")
    print(f"portal over {projects} ({adrs}): {len(files)} files in {out}")
    for rel in found.kept:
        print(f"kept {out / rel}: edited by hand (the portal's version did not change)")
    for rel in found.disowned:
        print(
            f"kept {out / rel}: edited by hand, and its project is no longer given; it is "
            "yours now (delete it, or list it in a toctree)"
        )
    print(f"build it: sphinx-build -W --keep-going -n -b html {out} {out / '_build' / 'html'}")
    local = [log.name for log in logs if log.name not in bases and not is_url(log.base_url)]
    if local:
        print(
            f"links to the pages of {', '.join(local)} lead to their local builds, relative to "
            f"{out / '_build' / 'html'}; to publish the portal, say where each is published: "
            f"--base-url {local[0]}=https://docs.example.org/{local[0]}/"
        )
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
        "Files in the folder that the portal did not write are never overwritten; files "
        "it wrote and someone edited since are kept unless --force is given.",
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
    portal.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"the most a log may take to read, whole (default: {DEFAULT_TIMEOUT:g})",
    )
    portal.add_argument(
        "--force",
        action="store_true",
        help="replace the files the portal wrote even when they were edited since",
    )
    portal.set_defaults(func=cmd_portal)
