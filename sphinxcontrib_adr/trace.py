"""Tracing decisions to code, both ways.

*Declared*: an ADR's ``:code:`` names paths, globs and ``path:line`` or
``path:start-end`` ranges relative to ``adr_code_root``; each is checked to
exist and rendered as a link through ``adr_code_url``.

*Scanned*: the files selected by ``adr_code_scan`` are searched for ADR ids
in comments (:mod:`.codescan`). The scan runs once per build, in the main
process, after every document is read (``env-updated``), with its cache
(file mtime and size) kept in the domain's data. Each marker naming a known
ADR becomes a :class:`CodeRef` record stored with that ADR's document, so it
is part of the ADR's view: a marker added, moved or removed in the code
changes the view, and the incremental build re-writes the pages that show
the ADR. Markers naming unknown or inactive ADRs are warnings located at the
source file and line.
"""

# Implements: ADR-0001 (trace data lives in the adr domain's records)

from __future__ import annotations

import glob as _glob
import re
import string
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util.display import status_iterator

from . import render
from .codescan import Scanner, is_glob, static_prefix
from .config import add_config_value, settings
from .domain import get_domain
from .model import Change, id_key
from .warnings import Subtype, register_subtype, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .domain import ADRDomain
    from .model import ADR
    from .render import RenderContext

for _subtype in (
    Subtype(
        "code_missing",
        "A ``:code:`` entry names a file or directory that does not exist under "
        "``adr_code_root``, a glob that matches nothing, or a line beyond the end of "
        "the file.",
        "Fix the path (it is relative to ``adr_code_root``, by default the repository "
        "root) or remove the entry if the code is gone.",
        ":code: src/pool.py:400",
    ),
    Subtype(
        "code_path",
        "A ``:code:`` entry is an absolute path or leads outside ``adr_code_root`` "
        "(``../../etc/passwd``); it is shown as text, never checked or linked.",
        "Write the path relative to ``adr_code_root``, or move ``adr_code_root`` up.",
        ":code: ../../etc/passwd",
    ),
    Subtype(
        "code_unknown_ref",
        "A comment in a scanned source file names an ADR id that no document defines. "
        "The warning points at the source file and line.",
        "Fix the id in the comment, or write the missing ADR.",
        "# Implements: ADR-0042",
    ),
    Subtype(
        "code_stale_ref",
        "A comment in a scanned source file names an ADR whose status is one of "
        "``adr_inactive_statuses`` (superseded, rejected, deprecated): the code still "
        "follows a decision that no longer applies.",
        "Update the code to the decision that replaced it (the message names it) and "
        "change the comment, or remove the comment.",
        "src/pool.py:42 still follows ADR-0003, superseded by ADR-0007",
    ),
    Subtype(
        "code_scan",
        "A file selected by ``adr_code_scan`` cannot be scanned: it cannot be read, or "
        "it is larger than ``adr_code_scan_max_bytes``. (Binary files are skipped "
        "silently; non-UTF-8 text is scanned with undecodable bytes replaced.)",
        "Exclude the file with ``adr_code_scan_exclude`` or ``.gitignore``, fix its "
        "permissions, or raise ``adr_code_scan_max_bytes``.",
    ),
):
    register_subtype(_subtype)

#: ``(name, default, help)`` of this module's configuration values
_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_code_root",
        None,
        "The directory ``:code:`` paths and ``adr_code_scan`` globs are relative to "
        "(absolute, or relative to the directory of ``conf.py``). Default: the "
        "repository root, the nearest directory above ``conf.py`` that holds ``.git``, "
        "or the directory of ``conf.py`` when there is none.",
    ),
    (
        "adr_code_url",
        None,
        "A URL template that turns code locations into links, with ``{path}``, "
        "``{line}``, ``{end}`` (last line of a range) and ``{commit}``, e.g. "
        "``'https://github.com/org/repo/blob/{commit}/{path}#L{line}'``. For a location "
        "without a line, the URL is cut before the ``#`` or ``?`` that leads to "
        "``{line}``. Without a template, locations are shown as literal paths.",
    ),
    (
        "adr_code_commit",
        None,
        "What ``{commit}`` in ``adr_code_url`` stands for. Default: the commit checked "
        "out in the code root's ``.git`` (read from its files, git is not run), else "
        "``HEAD``.",
    ),
    (
        "adr_code_scan",
        [],
        "Globs (relative to ``adr_code_root``; ``**`` crosses directories) of source "
        "files to scan for ADR ids in comments, e.g. ``['src/**/*.py', '**/*.go']``. "
        "Empty: no scan.",
    ),
    (
        "adr_code_scan_exclude",
        [],
        "Globs of files and directories the scan leaves out (besides what "
        "``.gitignore`` files ignore, when ``adr_code_scan_gitignore`` is true).",
    ),
    (
        "adr_code_scan_gitignore",
        True,
        "Whether the scan honours the ``.gitignore`` files under ``adr_code_root``.",
    ),
    (
        "adr_code_scan_max_bytes",
        2_000_000,
        "Files larger than this are not scanned (and reported as ``adr.code_scan``).",
    ),
    (
        "adr_code_marker",
        None,
        "A regular expression matching one ADR id in a comment; the id is its ``id`` "
        "group, or the whole match. Default: built from ``adr_id_format`` "
        "(``ADR-0007``, and ``ADR-7`` is read as ``ADR-0007``).",
    ),
    (
        "adr_code_keywords",
        [],
        "When not empty, an id in a comment counts only after one of these words "
        "(``['Implements', 'Follows']`` counts ``# Implements: ADR-0001, ADR-0002`` but "
        "not ``# unlike ADR-0003``). Matching is case-insensitive.",
    ),
]


@dataclass(frozen=True)
class TraceSettings:
    root: Path
    url: str | None
    url_noline: str | None
    commit: str
    scan: tuple[str, ...]
    exclude: tuple[str, ...]
    gitignore: bool
    max_bytes: int
    marker: re.Pattern[str]
    id_format: str | None  # set when the marker was derived from adr_id_format
    keywords: tuple[str, ...]

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """What the scan cache depends on besides the files."""
        return (
            str(self.root),
            self.scan,
            self.exclude,
            self.gitignore,
            self.max_bytes,
            self.marker.pattern,
            self.id_format,
            self.keywords,
        )

    def scanner(self) -> Scanner:
        id_format = self.id_format

        def normalise(match: re.Match[str]) -> str:
            if id_format is not None:
                return id_format.format(number=int(match["number"]))
            return match["id"] if "id" in match.re.groupindex else match[0]

        return Scanner(
            self.root,
            self.scan,
            self.exclude,
            marker=self.marker,
            normalise=normalise,
            keywords=self.keywords,
            gitignore=self.gitignore,
            max_bytes=self.max_bytes,
        )

    def url_for(self, path: str, start: int | None = None, end: int | None = None) -> str | None:
        template = self.url if start is not None else self.url_noline
        if template is None:
            return None
        return template.format(
            path=urllib.parse.quote(path),
            line="" if start is None else start,
            end="" if start is None else (end or start),
            commit=self.commit,
        )


# --------------------------------------------------------------------------
# configuration


def check_template(name: str, value: object, allowed: Iterable[str]) -> str:
    """A ``str.format`` template using only ``allowed`` placeholders, else ConfigError."""
    allowed = set(allowed)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name} = {value!r}: must be a non-empty string template")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
    except ValueError as err:
        raise ConfigError(f"{name} = {value!r}: is not a valid template ({err})") from None
    unknown = sorted({f.split(".")[0].split("[")[0] for f in fields} - allowed)
    if unknown or "" in fields:
        bad = ", ".join("{" + u + "}" for u in unknown) or "{}"
        raise ConfigError(
            f"{name} = {value!r}: unknown placeholder(s) {bad}; available: "
            + ", ".join("{" + a + "}" for a in sorted(allowed))
        )
    try:
        value.format(**dict.fromkeys(allowed, "1"))
    except (ValueError, IndexError, KeyError, AttributeError) as err:
        raise ConfigError(f"{name} = {value!r}: cannot be formatted ({err})") from None
    return value


def check_regex(name: str, value: object) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{name} = {value!r}: must be a non-empty regular expression")
    try:
        compiled = re.compile(value)
    except re.error as err:
        raise ConfigError(f"{name} = {value!r}: invalid regular expression ({err})") from None
    if compiled.match(""):
        raise ConfigError(f"{name} = {value!r}: matches the empty string; make it stricter")
    return compiled


def _globs(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ConfigError(f"{name} = {value!r}: must be a list of glob strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{name} = {value!r}: {item!r} is not a non-empty glob")
        if item.startswith("/") or ".." in item.split("/"):
            raise ConfigError(f"{name} = {value!r}: {item!r} leaves adr_code_root")
    return tuple(item.strip() for item in value)


def find_code_root(confdir: Path) -> Path:
    """The nearest directory at or above ``confdir`` holding ``.git``, else ``confdir``."""
    start = confdir.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def git_commit(root: Path) -> str | None:
    """The checked-out commit, read from ``.git`` files (git itself is not run)."""
    git = root / ".git"
    try:
        if git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = git.read_text("utf-8").strip()
            if not text.startswith("gitdir:"):
                return None
            git = (root / text.split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text("utf-8").strip()
        if not head.startswith("ref:"):
            return head or None
        ref = head.split(":", 1)[1].strip()
        for gitdir in (git, _common_dir(git)):
            ref_file = gitdir / ref
            if ref_file.is_file():
                return ref_file.read_text("utf-8").strip() or None
            packed = gitdir / "packed-refs"
            if packed.is_file():
                for line in packed.read_text("utf-8").splitlines():
                    parts = line.split()
                    if len(parts) == 2 and parts[1] == ref:
                        return parts[0]
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _common_dir(git: Path) -> Path:
    try:
        return (git / (git / "commondir").read_text("utf-8").strip()).resolve()
    except OSError:
        return git


def id_marker(id_format: str) -> re.Pattern[str]:
    """A regex for the ids ``adr_id_format`` produces, the number as group ``number``."""
    parts: list[str] = []
    seen = False
    for literal, fname, _spec, _conv in string.Formatter().parse(id_format):
        parts.append(re.escape(literal))
        if fname is not None:
            parts.append(r"\d+" if seen else r"(?P<number>\d+)")
            seen = True
    body = "".join(parts)
    return re.compile(rf"(?<![\w-]){body}(?!\w)")


def _validate(config: Config, confdir: Path) -> TraceSettings:
    raw_root = config.adr_code_root
    if raw_root is None:
        root = find_code_root(confdir)
    elif isinstance(raw_root, str | Path) and str(raw_root).strip():
        root = (confdir / raw_root).resolve()
        if not root.is_dir():
            raise ConfigError(f"adr_code_root = {raw_root!r}: {root} is not a directory")
    else:
        raise ConfigError(f"adr_code_root = {raw_root!r}: must be a directory path")

    url = config.adr_code_url
    url_noline = None
    if url is not None:
        url = check_template("adr_code_url", url, ("path", "line", "end", "commit"))
        url_noline = url
        cut = url.find("{line}")
        if cut >= 0:
            stop = max(url.rfind(c, 0, cut) for c in "#?&")
            url_noline = url[:stop] if stop >= 0 else url

    commit = config.adr_code_commit
    if commit is not None and (not isinstance(commit, str) or not commit.strip()):
        raise ConfigError(f"adr_code_commit = {commit!r}: must be a non-empty string")
    commit = commit or git_commit(root) or "HEAD"

    marker_value = config.adr_code_marker
    id_format = None
    if marker_value is None:
        id_format = settings(config).id_format
        marker = id_marker(id_format)
    else:
        marker = check_regex("adr_code_marker", marker_value)

    keywords = config.adr_code_keywords
    if isinstance(keywords, str) or not isinstance(keywords, list | tuple):
        raise ConfigError(f"adr_code_keywords = {keywords!r}: must be a list of words")
    if not all(isinstance(k, str) and k.strip() for k in keywords):
        raise ConfigError(f"adr_code_keywords = {keywords!r}: every keyword must be a word")

    max_bytes = config.adr_code_scan_max_bytes
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ConfigError(f"adr_code_scan_max_bytes = {max_bytes!r}: must be a positive int")
    return TraceSettings(
        root=root,
        url=url,
        url_noline=url_noline,
        commit=commit.strip(),
        scan=_globs("adr_code_scan", config.adr_code_scan),
        exclude=_globs("adr_code_scan_exclude", config.adr_code_scan_exclude),
        gitignore=bool(config.adr_code_scan_gitignore),
        max_bytes=max_bytes,
        marker=marker,
        id_format=id_format,
        keywords=tuple(k.strip() for k in keywords),
    )


_SETTINGS: dict[int, tuple[Config, TraceSettings]] = {}


def trace_settings(config: Config, confdir: Path | None = None) -> TraceSettings:
    """The validated tracing configuration (computed once per config)."""
    cached = _SETTINGS.get(id(config))
    if cached is not None and cached[0] is config and confdir is None:
        return cached[1]
    if confdir is None:
        conf_file = getattr(config, "_raw_config", {}).get("__file__")
        confdir = Path(conf_file).parent if conf_file else Path.cwd()
    result = _validate(config, confdir)
    _SETTINGS[id(config)] = (config, result)
    return result


def _on_config_inited(app: Sphinx, config: Config) -> None:
    trace_settings(config, Path(app.confdir))


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A scanned marker naming a known ADR; stored with that ADR's document."""

    adr: str
    path: str
    lineno: int
    docname: str


@dataclass(frozen=True, slots=True)
class TracedPage:
    """An ADR's own page shows its code references: re-write it when they change
    (its document is not re-read when only the scanned code changed)."""

    docname: str
    lineno: int
    adr_id: str

    def affected_by(self, change: Change) -> bool:
        key = id_key(self.adr_id)
        return any(v is not None and v.adr.key == key for v in (change.old, change.new))


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One parsed ``:code:`` entry."""

    raw: str
    path: str
    start: int | None = None
    end: int | None = None
    problem: str = ""  # why the path is refused

    @property
    def glob(self) -> bool:
        return is_glob(self.path)


_LOCATION_RE = re.compile(r"^(?P<path>.+?)(?::(?P<start>\d+)(?:-(?P<end>\d+))?)?$")


def parse_code(raw: str) -> CodeSpec:
    """``src/a.py``, ``src/*.go``, ``src/a.py:42`` or ``src/a.py:10-20``."""
    value = raw.strip().replace("\\", "/")
    match = _LOCATION_RE.match(value)
    path = match["path"] if match else value
    start = int(match["start"]) if match and match["start"] else None
    end = int(match["end"]) if match and match["end"] else None
    if end is not None and start is not None and end < start:
        start, end = end, start
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return CodeSpec(raw, path, start, end, "is an absolute path")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else 1
        if depth < 0:
            return CodeSpec(raw, path, start, end, "leads outside adr_code_root")
    normal: list[str] = []
    for part in parts:
        if part == "..":
            normal.pop()
        else:
            normal.append(part)
    return CodeSpec(raw, "/".join(normal) or ".", start, end)


# --------------------------------------------------------------------------
# rendering


def location_node(
    ts: TraceSettings, text: str, path: str, start: int | None = None, end: int | None = None
) -> nodes.Node:
    """A code location: a link through ``adr_code_url``, else a literal."""
    literal = nodes.literal(text, text, classes=["adr-code"])
    url = ts.url_for(path, start, end)
    if url is None:
        return literal
    return nodes.reference("", "", literal, refuri=url, classes=["adr-code-link"])


def declared_nodes(ctx: RenderContext, adr: ADR) -> list[nodes.Node]:
    """The ``Code`` field of the metadata block: every ``:code:`` entry, linked."""
    ts = trace_settings(ctx.domain.env.config)
    return render.joined(spec_node(ts, parse_code(raw)) for raw in adr.code)


def spec_node(ts: TraceSettings, spec: CodeSpec) -> nodes.Node:
    if spec.problem:
        return nodes.literal(spec.raw, spec.raw.strip(), classes=["adr-code"])
    if spec.glob:
        # a glob links to the directory it starts from (forges show directory listings)
        base = static_prefix(spec.path)
        if not base:
            return nodes.literal(spec.path, spec.path, classes=["adr-code"])
        return location_node(ts, spec.path, base)
    text = spec.path
    if spec.start is not None:
        text += f":{spec.start}" + (f"-{spec.end}" if spec.end is not None else "")
    return location_node(ts, text, spec.path, spec.start, spec.end)


def code_refs(domain: ADRDomain, adr: ADR) -> list[CodeRef]:
    refs = [r for r in domain.children(adr) if isinstance(r, CodeRef)]
    return sorted(refs, key=lambda r: (r.path, r.lineno))


def ref_node(ts: TraceSettings, ref: CodeRef) -> nodes.Node:
    return location_node(ts, f"{ref.path}:{ref.lineno}", ref.path, ref.lineno)


def _implemented_in(ctx: RenderContext, adr: ADR) -> list[nodes.field]:
    refs = code_refs(ctx.domain, adr)
    if not refs:
        return []
    ts = trace_settings(ctx.domain.env.config)
    body = render.joined(ref_node(ts, ref) for ref in refs)
    return [render.field("Implemented in", *body, classes=["adr-implemented-in"])]


# --------------------------------------------------------------------------
# build hooks


def _record_pages(app: Sphinx, doctree: nodes.document) -> None:
    domain = get_domain(app.env)
    docname = app.env.docname
    doc = domain.docs.get(docname)
    for adr in doc.adrs if doc else ():
        domain.add_record(docname, TracedPage(docname, adr.lineno, adr.id))


def _progress(app: Sphinx) -> Callable[[list[Any]], Iterable[Any]]:
    def wrap(batches: list[Any]) -> Iterable[Any]:
        if len(batches) < 2:  # a short scan needs no progress display
            return batches
        return status_iterator(
            batches,
            "scanning code for ADR markers... ",
            "purple",
            len(batches),
            app.verbosity,
            stringify_func=lambda batch: str(batch[-1][0]),
        )

    return wrap


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    ts = trace_settings(env.config)
    domain = get_domain(env)
    state: dict[str, Any] = domain.data.setdefault("trace", {})
    markers: Sequence[Any] = ()
    if ts.scan:
        cache = state.get("cache") if state.get("fingerprint") == ts.fingerprint else None
        result = ts.scanner().scan(cache, progress=_progress(app))
        state["cache"], state["fingerprint"] = result.cache, ts.fingerprint
        markers = result.markers
        for path, problem in result.problems:
            warn(f"{path} is not scanned: {problem}", "code_scan", str(ts.root / path))
    else:
        state.pop("cache", None)
    unknown = _place_refs(domain, markers)
    _check_markers(domain, ts, unknown)
    _check_declared(domain, ts)
    # links embed the commit: when it moves, pages with code links must be re-written
    previous = state.get("commit")
    state["commit"] = ts.commit
    if previous is None or previous == ts.commit or ts.url is None or "{commit}" not in ts.url:
        return []
    return sorted(
        docname
        for docname, doc in domain.docs.items()
        if docname in env.all_docs and (doc.adrs or any(_shows_code(r) for r in doc.records))
    )


def _shows_code(record: object) -> bool:
    return getattr(record, "shows_code", False) is True


def _place_refs(domain: ADRDomain, markers: Sequence[Any]) -> list[Any]:
    """Store markers of known ADRs as :class:`CodeRef` records; return the others."""
    wanted: dict[str, list[CodeRef]] = {}
    unknown = []
    for marker in markers:
        adr = domain.get(marker.id)
        if adr is None:
            unknown.append(marker)
            continue
        ref = CodeRef(adr.id, marker.path, marker.line, adr.docname)
        wanted.setdefault(adr.docname, []).append(ref)
    for docname, doc in list(domain.docs.items()):
        current = [r for r in doc.records if isinstance(r, CodeRef)]
        new = wanted.get(docname, [])
        if current != new:
            records = domain.doc(docname).records  # doc() also invalidates the index
            records[:] = [r for r in records if not isinstance(r, CodeRef)] + new
    return unknown


def _check_markers(domain: ADRDomain, ts: TraceSettings, unknown: Sequence[Any]) -> None:
    for marker in unknown:
        warn(
            f"{marker.path}:{marker.line} names {marker.id}, which is not an ADR of this "
            "project; fix the id in the comment or write that ADR",
            "code_unknown_ref",
            f"{ts.root / marker.path}:{marker.line}",
        )
    inactive = domain.settings.inactive
    for ref in domain.records(CodeRef):
        adr = domain.get(ref.adr)
        if adr is None or adr.status not in inactive:
            continue
        successors = sorted(
            other
            for kind, reverse, other in domain.links_of(adr)
            if reverse and kind.implied_status == adr.status
        )
        if successors:
            why = f"{adr.status} by {', '.join(successors)}"
            fix = f"update the code to {' / '.join(successors)} and its comment"
        else:
            why = f"which is {adr.status}"
            fix = "update the code and its comment, or remove the comment"
        warn(
            f"{ref.path}:{ref.lineno} still follows {adr.id}, {why}; {fix}",
            "code_stale_ref",
            f"{ts.root / ref.path}:{ref.lineno}",
        )


def _check_declared(domain: ADRDomain, ts: TraceSettings) -> None:
    for adr in domain.adrs():
        for raw in adr.code:
            problem = declared_problem(ts, parse_code(raw))
            if problem is None:
                continue
            subtype, message = problem
            warn(f"{adr.id} :code: {raw.strip()!r} {message}", subtype, (adr.docname, adr.lineno))


def declared_problem(ts: TraceSettings, spec: CodeSpec) -> tuple[str, str] | None:
    """``(subtype, message)`` when a ``:code:`` entry is refused or missing."""
    if spec.problem:
        return "code_path", f"{spec.problem}; write a path relative to adr_code_root ({ts.root})"
    if spec.glob:
        # glob.glob, not Path.glob: Python 3.11's Path.glob rejects "src/**.py"
        if not _glob.glob(spec.path, root_dir=ts.root, recursive=True):  # noqa: PTH207
            return "code_missing", f"matches nothing under {ts.root}; fix the glob or remove it"
        return None
    target = ts.root / spec.path
    if not target.exists():
        return "code_missing", f"does not exist under {ts.root}; fix the path or remove it"
    if spec.start is not None:
        if not target.is_file():
            return "code_missing", "is a directory, so it has no lines; drop the line number"
        try:
            with target.open("rb") as handle:
                lines = handle.read(ts.max_bytes).count(b"\n") + 1
        except OSError as err:
            return "code_missing", f"cannot be read ({err.strerror or err})"
        last = spec.end or spec.start
        if last > lines:
            return "code_missing", f"ends at line {lines}; fix the line numbers"
    return None


def register(app: Sphinx) -> None:
    for name, default, help_text in _CONFIG:
        add_config_value(app, name, default, help_text)
    app.connect("config-inited", _on_config_inited, priority=500)
    app.connect("doctree-read", _record_pages, priority=450)
    app.connect("env-updated", _on_env_updated)
    if _implemented_in not in render.META_FIELDS:
        render.META_FIELDS.append(_implemented_in)
    from . import tickets, trace_views  # they import this module

    tickets.register(app)
    trace_views.register(app)
