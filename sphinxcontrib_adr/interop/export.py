"""``adrs.json``: every ADR as data, written reproducibly, with a versioned schema.

The file is built from the domain only (after every document was read and
merged), so serial and ``-j`` builds write the same bytes. It is written by
HTML builders when the build finishes (``adr_json_path``) and by the
dedicated ``adr-json`` builder, which reads and checks the project without
writing any page (:mod:`.export_builder`), from a per-ADR cache of the
entries (:mod:`.export_cache`).

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
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, cast

from ..core.config import LinkKind
from ..core.model import ADR_FIELDS, OPTION_ATTRS, id_key
from ..core.version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

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
