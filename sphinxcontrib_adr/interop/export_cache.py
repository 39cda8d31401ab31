"""The ``adrs.json`` text, from a per-ADR cache kept in the domain data, and
written to the output directory.

Serialising every ADR again on each build cost most of an incremental
build's overhead (2000 ADRs: 1.35 s of 8.5 s). Each ADR's entry only
depends on what ``_entry_key`` collects (the ADR and its children, the ADRs
at the other end of its relations, its source file and the builder's URI
scheme), so its serialised text is kept in the domain data under that key
and reused while the key is equal. The cache is filled when reading ends
(``adr-records-final``, before Sphinx pickles the environment) so the next
build finds it; the document is assembled from the entries' texts, byte for
byte what ``dumps(export_data(...))`` gives. The texts are kept
zlib-compressed (a third of the size): they are loaded and pickled with the
environment on every build, and held while every page is written.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from ..core.datakey import DataKey
from ..core.domain import get_domain
from ..core.version import __version__
from .export import SCHEMA_VERSION, adr_data, dumps, export_data

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core.domain import ADRDomain
    from ..core.model import ADR


def uri_maker(builder: Any) -> Callable[[str, str], str]:
    """The page URI (with ``#anchor``) of a document in ``builder``'s output."""

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

#: ADR key -> (what its entry depends on, the entry's compressed text)
_Entries = dict[str, tuple[tuple[object, ...], bytes]]


class _Cache(TypedDict, total=False):
    #: what every entry depends on (``_builder_key``): other entries are not reused
    key: tuple[object, ...]
    entries: _Entries
    #: the entries in document order, primed for this build's writing (used once)
    texts: list[bytes]


_CACHE: DataKey[_Cache] = DataKey("export-cache", _Cache)
#: stands for the "adrs" list while the rest of the document is serialised
_ADRS_SLOT = "\x00adrs\x00"
#: an ADR entry sits at depth 2 ({"adrs": [{...}]}) of a document indented by 2
_ENTRY_INDENT = "    "


def _builder_key(domain: ADRDomain, builder: Any) -> tuple[object, ...]:
    """What every entry depends on besides its own ADR: the URI scheme and settings."""
    conf = domain.settings
    probe = uri_maker(builder)("adr-probe/page", "anchor")
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
    uri_for = uri_maker(builder)
    key = _builder_key(domain, builder)
    cache = _CACHE.of(domain)
    entries: _Entries = cache.get("entries", {}) if cache.get("key") == key else {}
    fresh: _Entries = {}
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
    _CACHE.put(domain, {"key": key, "entries": fresh, "texts": texts})
    return texts


def cached_text(domain: ADRDomain, builder: Any) -> str:
    """The whole ``adrs.json`` text, equal to ``dumps(export_data(domain, ...))``."""
    cache = _CACHE.of(domain)
    # primed at adr-records-final of this build (nothing is read after it): reuse, once
    primed = cache.pop("texts", None)
    if primed is None or cache.get("key") != _builder_key(domain, builder):
        primed = cached_entries(domain, builder)
    entries = [zlib.decompress(entry).decode("utf-8") for entry in primed]
    data = export_data(domain, uri_maker(builder), adrs=False)
    data["adrs"] = _ADRS_SLOT
    text = dumps(data)
    slot = json.dumps(_ADRS_SLOT)
    if not entries:
        return text.replace(slot, "[]", 1)
    inner = ",\n".join(_ENTRY_INDENT + entry for entry in entries)
    return text.replace(slot, "[\n" + inner + "\n  ]", 1)
