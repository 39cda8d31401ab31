"""Tracing decisions to code, both ways.

*Declared*: an ADR's ``:code:`` names paths, globs and ``path:line`` or
``path:start-end`` ranges relative to ``adr_code_root``; each is checked to
exist and rendered as a link through ``adr_code_url``.

*Scanned*: the files selected by ``adr_code_scan`` are searched for ADR ids
in comments (:mod:`.codescan`). The scan runs once per build, in the main
process, after every document is read (``adr-derive-records``), with its
cache (file mtime and size) kept in the domain's data. Each marker naming a
known ADR becomes a derived :class:`CodeRef` record, part of the ADR's view:
a marker added, moved or removed in the code changes the view, and the
incremental build re-writes the pages that show the ADR. Markers naming
unknown or inactive ADRs are warnings of the checks, located at the source
file and line.
"""

# Implements: ADR-0001 (trace data lives in the adr domain's records)

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from docutils import nodes
from sphinx.util.display import status_iterator

from ..core.datakey import DataKey
from ..core.domain import get_domain
from ..core.locale import N_, _
from ..core.model import Change, ChildRecord, PageRecord, id_key
from ..core.warnings import warn
from ..render import context as render
from ..render.context import field
from ..render.metadata import AFTER_RELATIONS, AT_END
from .globs import compile_glob, glob_matches, is_glob, list_tree, static_prefix
from .settings import TraceSettings, trace_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sphinx.application import Sphinx

    from ..core.domain import ADRDomain
    from ..core.model import ADR
    from ..render.context import RenderContext
    from .codescan import CacheEntry, Marker


#: ``(name, default, help)`` of this module's configuration values
# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class CodeRef(ChildRecord):
    """A scanned marker naming a known ADR; stored with that ADR's document."""

    adr: str
    path: str
    lineno: int
    docname: str


@dataclass(frozen=True, slots=True)
class TracedPage(PageRecord):
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
    path = "/".join(normal) or "."
    return CodeSpec(raw, path, start, end, _glob_problem(path) if is_glob(path) else "")


@functools.lru_cache(maxsize=1024)
def _glob_problem(path: str) -> str:
    try:
        compile_glob(path)
    except ValueError as err:
        return str(err)
    return ""


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


def refs_nodes(ts: TraceSettings, refs: Sequence[CodeRef], json_path: object) -> list[nodes.Node]:
    """Scanned references, grouped per file with counts, at most ``adr_code_refs_limit``
    line numbers in all (100,000 markers would make a 19 MB page); the rest is
    summed up with where to find every one (the JSON export)."""
    groups: dict[str, list[CodeRef]] = {}
    for ref in refs:
        groups.setdefault(ref.path, []).append(ref)
    budget = ts.refs_limit or len(refs)
    items: list[nodes.Node] = []
    shown = 0
    for path, group in groups.items():
        if shown >= budget:
            break
        taken = group[: budget - shown]
        shown += len(taken)
        items.append(_group_node(ts, path, taken, len(group)))
    out = render.joined(items, "; ")
    if shown < len(refs):
        out.append(_more_node(len(refs) - shown, len(refs), json_path))
    return out


def _group_node(ts: TraceSettings, path: str, shown: Sequence[CodeRef], total: int) -> nodes.Node:
    if total == 1:
        return ref_node(ts, shown[0])
    group = nodes.inline("", "", classes=["adr-code-group"])
    group += location_node(ts, path, path)
    group += nodes.Text(f" ({total:,}): ")
    group.extend(render.joined(location_node(ts, str(r.lineno), r.path, r.lineno) for r in shown))
    return group


def _more_node(hidden: int, total: int, json_path: object) -> nodes.Node:
    if isinstance(json_path, str) and json_path:
        where = _("all {total} are listed in {path}").format(total=f"{total:,}", path=json_path)
    else:
        where = _("{setting} lists them all").format(setting="adr_code_refs_limit = 0")
    text = " " + _("… and {count} more ({where})").format(count=f"{hidden:,}", where=where)
    return nodes.inline(text, text, classes=["adr-code-more"])


def _implemented_in(ctx: RenderContext, adr: ADR) -> list[nodes.field]:
    refs = code_refs(ctx.domain, adr)
    if not refs:
        return []
    config = ctx.domain.env.config
    body = refs_nodes(trace_settings(config), refs, config.adr_json_path)
    return [render.field(N_("Implemented in"), *body, classes=["adr-implemented-in"])]


# --------------------------------------------------------------------------
# build hooks


def record_pages(app: Sphinx, doctree: nodes.document) -> None:
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


class _ScanState(TypedDict, total=False):
    """What the code scan keeps between builds, in the domain's data."""

    #: per-file results of the last scan, valid while the settings' fingerprint holds
    cache: dict[str, CacheEntry]
    fingerprint: tuple[object, ...]
    #: markers naming no ADR of the project, for the checks
    unknown: list[Marker]
    #: the commit code links were made for, and whether it moved in this build
    commit: str
    commit_moved: bool


_STATE: DataKey[_ScanState] = DataKey("trace", _ScanState)


def derive_code_refs(app: Sphinx, domain: ADRDomain) -> None:
    """Scan the code (``adr-derive-records``): markers of known ADRs become the
    derived ``code`` records; the others are kept for the checks."""
    ts = trace_settings(domain.env.config)
    state = _STATE.of(domain)
    markers: Sequence[Marker] = ()
    if ts.scan:
        cache = state.get("cache") if state.get("fingerprint") == ts.fingerprint else None
        result = ts.scanner().scan(cache, progress=_progress(app))
        state["cache"], state["fingerprint"] = result.cache, ts.fingerprint
        markers = result.markers
        for path, problem in result.problems:
            # line 1: a location needs a line to be read as a file path, not a docname
            warn(f"{path} is not scanned: {problem}", "code_scan", f"{ts.root / path}:1")
    else:
        state.pop("cache", None)
    state["unknown"] = _place_refs(domain, markers)
    # links embed the commit: when it moves, pages with code links must be re-written
    previous = state.get("commit")
    state["commit"] = ts.commit
    state["commit_moved"] = not (
        previous is None or previous == ts.commit or ts.url is None or "{commit}" not in ts.url
    )


def check_code(_app: Sphinx, domain: ADRDomain) -> None:
    """Markers naming unknown or inactive ADRs, declared paths that are not there."""
    ts = trace_settings(domain.env.config)
    _check_markers(domain, ts, _STATE.of(domain).get("unknown", ()))
    _check_declared(domain, ts)


def pages_showing_code(_app: Sphinx, domain: ADRDomain, _changes: object) -> list[str]:
    """Every page with code links, when the commit in their URLs moved."""
    if not _STATE.of(domain).get("commit_moved"):
        return []
    return sorted(
        docname
        for docname, doc in domain.docs.items()
        if doc.adrs or any(_shows_code(r) for r in doc.pages)
    )


def _shows_code(record: object) -> bool:
    return getattr(record, "shows_code", False) is True


def _place_refs(domain: ADRDomain, markers: Sequence[Marker]) -> list[Marker]:
    """Store markers of known ADRs as the derived :class:`CodeRef` records (by the
    ADR's document, then the scan's order); return the others."""
    wanted: dict[str, list[CodeRef]] = {}
    unknown = []
    known: dict[str, ADR | None] = {}  # 100,000 markers name few ids: look each up once
    for marker in markers:
        if marker.id not in known:
            known[marker.id] = domain.get(marker.id)
        adr = known[marker.id]
        if adr is None:
            unknown.append(marker)
            continue
        ref = CodeRef(adr.id, marker.path, marker.line, adr.docname)
        wanted.setdefault(adr.docname, []).append(ref)
    domain.set_derived("code", (ref for docname in sorted(wanted) for ref in wanted[docname]))
    return unknown


def _check_markers(domain: ADRDomain, ts: TraceSettings, unknown: Sequence[Marker]) -> None:
    for marker in unknown:
        warn(
            f"{marker.path}:{marker.line} names {marker.id}, which is not an ADR of this "
            "project; fix the id in the comment or write that ADR",
            "code_unknown_ref",
            f"{ts.root / marker.path}:{marker.line}",
        )
    inactive = domain.settings.inactive
    stale = {a.id: a for a in domain.adrs() if a.status in inactive}
    for ref in domain.records(CodeRef) if stale else ():
        adr = stale.get(ref.adr)
        if adr is None:
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
    entries = [(adr, raw, parse_code(raw)) for adr in domain.adrs() for raw in adr.code]
    # every glob of the build is matched against one listing of the code root
    # (walked once), never by walking the disk per pattern
    globs = [spec for _adr, _raw, spec in entries if spec.glob and not spec.problem]
    listing = Listing(ts, [static_prefix(spec.path) for spec in globs]) if globs else None
    for adr, raw, spec in entries:
        problem = declared_problem(ts, spec, listing)
        if problem is None:
            continue
        subtype, message = problem
        warn(f"{adr.id} :code: {raw.strip()!r} {message}", subtype, (adr.docname, adr.lineno))


class Listing:
    """The files and directories of the code root below some prefixes, listed once."""

    def __init__(self, ts: TraceSettings, prefixes: Sequence[str]) -> None:
        self.entries = list_tree(str(ts.root), prefixes)

    def matches(self, path: str) -> bool:
        return glob_matches(path, self.entries)


def declared_problem(
    ts: TraceSettings, spec: CodeSpec, listing: Listing | None = None
) -> tuple[str, str] | None:
    """``(subtype, message)`` when a ``:code:`` entry is refused or missing."""
    if spec.problem:
        return "code_path", f"{spec.problem}; write a path relative to adr_code_root ({ts.root})"
    try:
        return _check_on_disk(ts, spec, listing)
    except (OSError, ValueError) as err:
        # a name too long for the file system, a NUL byte, ...: user input, not a crash
        reason = getattr(err, "strerror", None) or str(err)
        return "code_missing", f"cannot be checked ({reason}); fix the path or remove it"


def _check_on_disk(
    ts: TraceSettings, spec: CodeSpec, listing: Listing | None
) -> tuple[str, str] | None:
    if spec.glob:
        listing = listing or Listing(ts, [static_prefix(spec.path)])
        if not listing.matches(spec.path):
            return "code_missing", f"matches nothing under {ts.root}; fix the glob or remove it"
        return None
    target = ts.root / spec.path
    if not target.exists():
        return "code_missing", f"does not exist under {ts.root}; fix the path or remove it"
    if spec.start is not None:
        if not target.is_file():
            return "code_missing", "is a directory, so it has no lines; drop the line number"
        with target.open("rb") as handle:
            lines = handle.read(ts.max_bytes).count(b"\n") + 1
        last = spec.end or spec.start
        if last > lines:
            return "code_missing", f"ends at line {lines}; fix the line numbers"
    return None


def metadata_fields(_app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The ``Code`` field (declared paths) and the ``Implemented in`` field (scan)."""
    fields: list[tuple[int, nodes.field]] = []
    if adr.code:
        fields.append((AFTER_RELATIONS, field(N_("Code"), *declared_nodes(ctx, adr))))
    fields.extend((AT_END, f) for f in _implemented_in(ctx, adr))
    return fields
