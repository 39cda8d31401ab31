"""``adrs.json``: every ADR as data, written reproducibly, with a versioned schema.

The file is built from the domain only (after every document was read and
merged), so serial and ``-j`` builds write the same bytes. It is written by
HTML builders when the build finishes (``adr_json_path``) and by the
dedicated ``adr-json`` builder, which reads and checks the project without
writing any page.

Children of an ADR (alternatives, risks, trace records, ... whatever other
features record with an ``adr`` attribute) are exported generically: each
dataclass record becomes an object of its fields, grouped by a stable type
name, so a new kind of record appears in the export without changes here.
The schema (``schema/adrs-4.schema.json``) pins the ADR part exactly and
leaves child records open.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import json
import os
import re
import zlib
from pathlib import Path, PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any, cast

from sphinx.builders.dummy import DummyBuilder

from ..core.after_read import RECORDS_FINAL_EVENT
from ..core.config import LinkKind, SettingError, add_config_value, connect_check
from ..core.domain import get_domain
from ..core.model import ADR_FIELDS, OPTION_ATTRS, id_key
from ..core.version import __version__
from ..core.warnings import warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.domain import ADRDomain
    from ..core.model import ADR

#: the version of the file format; bumped (with a new schema file) on incompatible changes
SCHEMA_VERSION = 4
SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_FILE = SCHEMA_DIR / f"adrs-{SCHEMA_VERSION}.schema.json"
SCHEMA_ID = f"https://sphinxcontrib-adr.readthedocs.io/schema/adrs-{SCHEMA_VERSION}.schema.json"

#: the record's own bookkeeping, already given by the ADR it belongs to
_CHILD_SKIP = frozenset({"adr"})


def load_schema() -> dict[str, Any]:
    """The JSON Schema every ``adrs.json`` conforms to."""
    data: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return data


# --------------------------------------------------------------------------
# plain values


def type_name(record: object) -> str:
    """The stable name a child record is grouped under: ``json_name`` if the class
    declares one, else its class name in snake case (``TraceLink`` -> ``trace_link``)."""
    declared = getattr(type(record), "json_name", None)
    if isinstance(declared, str) and declared:
        return declared
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(record).__name__).lower()


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data, deterministically (sets sorted, keys as strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, _dt.date | _dt.datetime | _dt.time):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------
# the document


def adr_data(domain: ADRDomain, adr: ADR, uri_for: Callable[[str, str], str]) -> dict[str, Any]:
    """One ADR with its relations (both directions) and its child records."""
    conf = domain.settings
    # a translated build: the title as written, and the one its pages show
    translated = {"translated_title": adr.title} if adr.source_title else {}
    return {
        "id": adr.id,
        "title": adr.source_title or adr.title,
        **translated,
        "status": adr.status,
        "status_raw": adr.status_raw,
        "status_date": adr.status_date,
        "active": adr.status not in conf.inactive,
        **{
            f.attr: list(getattr(adr, f.attr)) if f.kind == "list" else getattr(adr, f.attr)
            for f in ADR_FIELDS
            if f.attr in OPTION_ATTRS
        },
        "fields": {name: jsonable(value) for name, value in adr.fields},
        "compact": adr.compact,
        "docname": adr.docname,
        "anchor": adr.anchor,
        "uri": uri_for(adr.docname, adr.anchor),
        "source": _source_of(domain, adr.docname),
        "lineno": adr.lineno,
        "links": [
            {"source": link.source, "kind": link.kind, "target": link.target, "lineno": link.lineno}
            for link in adr.links
        ],
        "relations": _relations(domain, adr, uri_for),
        "children": _children(domain, adr, uri_for),
    }


def _relations(
    domain: ADRDomain, adr: ADR, uri_for: Callable[[str, str], str]
) -> list[dict[str, Any]]:
    """Both directions of every relation, in the order of ``adr_link_kinds``."""
    relations: list[dict[str, Any]] = []
    for kind, reverse, other in domain.links_of(adr):
        target = domain.get(other)
        # another project's ADR (adr_external): resolved, with its page on that site
        external = domain.find_target("adr", other) if target is None else None
        if external is not None:
            target = domain.external(other)
        name = kind.reverse if reverse else kind.name
        if external is not None:
            uri: str | None = external.uri
        else:
            uri = uri_for(target.docname, target.anchor) if target else None
        relations.append(
            {
                "kind": kind.name,
                "name": name,
                "label": LinkKind.label(name),
                "direction": "incoming" if reverse else "outgoing",
                "id": target.id if target else other,
                "resolved": target is not None,
                "title": target.title if target else None,
                "status": target.status if target else None,
                "uri": uri,
            }
        )
    rank = {kind.name: i for i, kind in enumerate(domain.settings.link_kinds)}
    relations.sort(
        key=lambda r: (rank.get(str(r["kind"]), 99), str(r["direction"]), id_key(str(r["id"])))
    )
    return relations


def _children(
    domain: ADRDomain, adr: ADR, uri_for: Callable[[str, str], str]
) -> dict[str, list[Any]]:
    """The ADR's child records by type name, with their ids and links where they have them."""
    children: dict[str, list[Any]] = {}
    for record in domain.children(adr):
        # records are frozen dataclasses (see core.model.ChildRecord)
        data: dict[str, Any] = dataclasses.asdict(cast("Any", record))
        item = {k: jsonable(v) for k, v in data.items() if k not in _CHILD_SKIP}
        ref = record.target()
        if ref is not None:
            item.setdefault("id", ref.name)
            item.setdefault("anchor", ref.anchor)
            item.setdefault("uri", uri_for(ref.docname, ref.anchor))
        children.setdefault(type_name(record), []).append(item)
    return children


def _source_of(domain: ADRDomain, docname: str) -> str | None:
    # base=False: the project's own docname -> relative path map, no file-system work
    source = domain.env.doc2path(docname, False)
    return PurePath(source).as_posix() if source else None


def export_data(
    domain: ADRDomain, uri_for: Callable[[str, str], str], adrs: bool = True
) -> dict[str, Any]:
    """The whole ``adrs.json`` document as plain data (``adrs=False``: without the ADRs)."""
    conf = domain.settings
    env = domain.env
    result: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "format": "sphinxcontrib-adr",
        "version": SCHEMA_VERSION,
        "generator": {"name": "sphinxcontrib-adr", "version": __version__},
        "project": str(env.config.project or ""),
        "statuses": list(conf.statuses),
        "inactive_statuses": sorted(conf.inactive),
        "link_kinds": [
            {"name": k.name, "reverse": k.reverse, "directed": k.directed} for k in conf.link_kinds
        ],
    }
    if adrs:
        result["adrs"] = [adr_data(domain, adr, uri_for) for adr in domain.adrs()]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        # only with SOURCE_DATE_EPOCH: a wall-clock time would make builds differ
        try:
            stamp = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
            result["generated"] = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        except (ValueError, OverflowError, OSError):
            pass
    return result


def dumps(data: dict[str, Any]) -> str:
    """Serialise reproducibly: sorted keys, fixed indentation, final newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------
# writing


def _uri_maker(builder: Any) -> Callable[[str, str], str]:
    def uri_for(docname: str, anchor: str) -> str:
        try:
            base = str(builder.get_target_uri(docname))
        except Exception:  # a builder without page URIs (epub internals, ...)
            base = ""
        # singlehtml answers "#document-x" (one page): the page is the root document's
        base = base.split("#", 1)[0]
        if not base and builder.name == "singlehtml":
            base = builder.config.root_doc + getattr(builder, "out_suffix", ".html")
        return f"{base}#{anchor}" if anchor else base

    return uri_for


def write_json(builder: Any, path: str) -> Path:
    """Write the export of ``builder``'s project to ``path`` under its output directory."""
    domain = get_domain(builder.env)
    target = Path(builder.outdir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    text = cached_text(domain, builder)
    # unchanged content keeps its mtime (rsync, make and caches stay quiet)
    if not target.is_file() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
    return target


# --------------------------------------------------------------------------
# the per-ADR cache
#
# Serialising every ADR again on each build cost most of an incremental
# build's overhead (2000 ADRs: 1.35 s of 8.5 s). Each ADR's entry only
# depends on what ``_entry_key`` collects (the ADR and its children, the ADRs
# at the other end of its relations, its source file and the builder's URI
# scheme), so its serialised text is kept in the domain data under that key
# and reused while the key is equal. The cache is filled when reading ends
# (``env-updated``, before Sphinx pickles the environment) so the next build
# finds it; the document is assembled from the entries' texts, byte for byte
# what ``dumps(export_data(...))`` gives. The texts are kept zlib-compressed
# (a third of the size): they are loaded and pickled with the environment on
# every build, and held while every page is written.

_CACHE = "export-cache"
#: stands for the "adrs" list while the rest of the document is serialised
_ADRS_SLOT = "\x00adrs\x00"
#: an ADR entry sits at depth 2 ({"adrs": [{...}]}) of a document indented by 2
_ENTRY_INDENT = "    "


def _builder_key(domain: ADRDomain, builder: Any) -> tuple[object, ...]:
    """What every entry depends on besides its own ADR: the URI scheme and settings."""
    conf = domain.settings
    probe = _uri_maker(builder)("adr-probe/page", "anchor")
    kinds = tuple((k.name, k.reverse, k.directed) for k in conf.link_kinds)
    return (SCHEMA_VERSION, __version__, builder.name, probe, kinds, tuple(sorted(conf.inactive)))


def _entry_key(domain: ADRDomain, adr: ADR, view: object) -> tuple[object, ...]:
    ends = []
    for kind, reverse, other in domain.links_of(adr):
        target = domain.get(other)
        shown: object = (
            (target.id, target.title, target.status, target.docname, target.anchor)
            if target
            else domain.find_target("adr", other)  # another project's: title, status, uri
        )
        ends.append((kind.name, reverse, other, shown))
    # when Sphinx last read the page: a renamed source (a.rst -> a.md) is read again,
    # so the entry's "source" is refreshed without a file-system look-up per ADR
    read_at = domain.env.all_docs.get(adr.docname)
    return (view, tuple(ends), read_at)


def entry_text(entry: dict[str, Any]) -> str:
    """One ADR's entry as it appears inside the document's "adrs" list."""
    text = json.dumps(entry, sort_keys=True, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + _ENTRY_INDENT)


def cached_entries(domain: ADRDomain, builder: Any) -> list[bytes]:
    """The serialised entry of every ADR (compressed), from the cache where nothing
    it shows changed."""
    uri_for = _uri_maker(builder)
    key = _builder_key(domain, builder)
    cache: dict[str, Any] = domain.data.get(_CACHE) or {}
    entries: dict[str, tuple[tuple[object, ...], bytes]] = (
        cache["entries"] if cache.get("key") == key else {}
    )
    fresh: dict[str, tuple[tuple[object, ...], bytes]] = {}
    views = domain.views()
    texts = []
    for adr in domain.adrs():
        entry_key = _entry_key(domain, adr, views.get(adr.key))
        known = entries.get(adr.key)
        if known is None or known[0] != entry_key or not isinstance(known[1], bytes):
            text = entry_text(adr_data(domain, adr, uri_for))
            known = (entry_key, zlib.compress(text.encode("utf-8")))
        fresh[adr.key] = known
        texts.append(known[1])
    domain.data[_CACHE] = {"key": key, "entries": fresh, "texts": texts}
    return texts


def cached_text(domain: ADRDomain, builder: Any) -> str:
    """The whole ``adrs.json`` text, equal to ``dumps(export_data(domain, ...))``."""
    cache = domain.data.get(_CACHE) or {}
    # primed at env-updated of this build (nothing is read after it): reuse, once
    primed = cache.pop("texts", None)
    fresh = primed is not None and cache.get("key") == _builder_key(domain, builder)
    packed = primed if fresh else cached_entries(domain, builder)
    entries = [zlib.decompress(entry).decode("utf-8") for entry in packed]
    data = export_data(domain, _uri_maker(builder), adrs=False)
    data["adrs"] = _ADRS_SLOT
    text = dumps(data)
    slot = json.dumps(_ADRS_SLOT)
    if not entries:
        return text.replace(slot, "[]", 1)
    inner = ",\n".join(_ENTRY_INDENT + entry for entry in entries)
    return text.replace(slot, "[\n" + inner + "\n  ]", 1)


def _prime_cache(app: Sphinx, domain: ADRDomain) -> None:
    # fill the cache while the environment is still to be pickled
    if _writes_json(app):
        cached_entries(domain, app.builder)


def _writes_json(app: Sphinx) -> bool:
    if app.builder.name == ADRJSONBuilder.name:
        return True
    return _site_builder(app.builder) and bool(app.config.adr_json_path)


def _site_builder(builder: Any) -> bool:
    """An HTML builder whose output is a site: not an EPUB, whose folder becomes the
    book (an adrs.json there is a file the book does not list: Sphinx warns about it
    on the next build into that folder)."""
    from sphinx.builders._epub_base import EpubBuilder

    return builder.format == "html" and not isinstance(builder, EpubBuilder)


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not _site_builder(app.builder):
        return
    path = app.config.adr_json_path
    if not path:
        return
    if not get_domain(app.env).holds_decisions:
        # a project without decisions gets no export (``-b adr-json`` writes an empty
        # one when asked); one this build would not write again is not left behind
        _remove_stale_export(Path(app.builder.outdir) / path)
        return
    try:
        write_json(app.builder, path)
    except OSError as err:  # a directory of that name, a read-only output, ...
        warn(
            f"adr_json_path {path!r}: the export cannot be written ({err.strerror or err}); "
            "remove what is in the way or choose another adr_json_path",
            "export",
            # the setting is the thing to change: point at conf.py
            f"{Path(app.confdir, 'conf.py')}:1",
        )


def _remove_stale_export(target: Path) -> None:
    try:
        with target.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return
    if SCHEMA_ID.encode("utf-8") in head:  # ours (its first key): a user's file stays
        target.unlink(missing_ok=True)


class ADRJSONBuilder(DummyBuilder):
    """``-b adr-json``: read and check the project, write only ``adrs.json``."""

    name = "adr-json"
    format = "adr-json"
    epilog = "The ADR export is in %(outdir)s."
    allow_parallel = True

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # the URIs an HTML build of the same sources would have
        suffix = self.config.html_file_suffix or ".html"
        return docname + suffix

    def finish(self) -> None:
        from sphinx.util import logging

        target = write_json(self, self.config.adr_json_path or "adrs.json")
        logging.getLogger(__name__).info("ADR export written to %s", target)


#: directories of the HTML output that Sphinx fills (static files, sources, images ...)
_SPHINX_DIRS = frozenset({"_static", "_sources", "_images", "_downloads", "_modules"})


def check_json_path(config: Config, confdir: Path) -> str | None:
    """``adr_json_path``, refused when it could replace or break built output."""
    value = config.adr_json_path
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingError(
            "adr_json_path",
            f"adr_json_path = {value!r}: must be a file path relative to the output "
            "directory (such as 'adrs.json'), or None to write no export",
        )
    problem = _json_path_problem(value, config, confdir)
    if problem:
        raise SettingError("adr_json_path", f"adr_json_path = {value!r}: {problem}")
    return value


def _json_path_problem(value: str, config: Config, confdir: Path) -> str:
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", value):
        return (
            "must stay inside the output directory; write a relative path such as 'data/adrs.json'"
        )
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        return "holds a control character; write a plain file path"
    if any(len(part.encode("utf-8")) > 255 for part in path.parts):
        return "has a name longer than file systems allow (255 bytes)"
    if path.suffix.casefold() != ".json":
        # pages (index.html), scripts (searchindex.js) and objects.inv are never .json
        return "must name a .json file (anything else could replace a page Sphinx writes)"
    if path.parts[0] in _SPHINX_DIRS or any(p.startswith(".") for p in path.parts):
        return (
            f"{path.parts[0]}/ is written by Sphinx or this extension; write a path outside "
            "it, such as 'adrs.json' or 'data/adrs.json'"
        )
    suffix = str(getattr(config, "html_file_suffix", None) or ".html")
    if any(part.endswith(suffix) for part in path.parts[:-1]):
        return f"a directory of it ends in {suffix}, like the pages Sphinx writes"
    for extra in getattr(config, "html_extra_path", None) or ():
        if isinstance(extra, str | os.PathLike) and _exists(Path(confdir, extra, path)):
            return f"html_extra_path copies a file of that name ({extra}); pick another path"
    return ""


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _check_config(app: Sphinx, config: Config) -> None:
    check_json_path(config, Path(app.confdir))


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_json_path",
        "adrs.json",
        "Where HTML builds write the ADR export, relative to the output directory "
        "(``None`` writes none). The ``adr-json`` builder writes only this file. The "
        "format is described by the JSON Schema published with the docs.",
    )
    connect_check(app, _check_config)
    # after every feature's env-updated step (history adds its records at 600):
    # the primed entries are reused when the file is written
    app.connect(RECORDS_FINAL_EVENT, _prime_cache)
    app.connect("build-finished", _on_build_finished)
    app.add_builder(ADRJSONBuilder)
