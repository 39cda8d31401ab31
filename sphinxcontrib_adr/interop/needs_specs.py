"""What the sphinx-needs bridge makes needs of: one :class:`NeedSpec` per ADR and
referencable child, as plain data, and the needs that link to ADRs.

The specs are the single source of both the needs and the snapshot that
decides which pages incremental builds re-write, so the two cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.datakey import DataKey
from ..core.domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.domain import ADRDomain
    from ..core.model import ADR

#: ADR id -> ``(need id, title, docname)`` of the needs linking to it
Incoming = dict[str, list[tuple[str, str, str]]]

# Kept in the domain's data (plain, picklable values; recomputed once per build):
#: the ids of the needs made in this build
IDS: DataKey[list[str]] = DataKey("needs_ids", list)
#: docname -> {anchor: need id} of those needs (where ``NeedAnchors`` adds the ids)
ANCHORS: DataKey[dict[str, dict[str, str]]] = DataKey("needs_anchors", dict)
#: what the needs listings show of them, compared by the next build (``NeedSpec.shown``);
#: ``None`` until a build noted it
SHOWN: DataKey[list[tuple[Any, ...]] | None] = DataKey("needs_shown", lambda: None)
#: the needs linking to each ADR, read before post-processing (compared by the next
#: build); ``None`` until a build noted them
INCOMING: DataKey[Incoming | None] = DataKey("needs_incoming", lambda: None)
#: the same from the final needs (links extended and resolved): what ADR pages show
INCOMING_SHOWN: DataKey[Incoming] = DataKey("needs_incoming_shown", dict)


def active(config: Config) -> bool:
    """True when sphinx-needs is one of the project's extensions."""
    return "sphinx_needs" in (config.extensions or ())


def need_types(config: Config) -> dict[str, str]:
    """ADR object type (``adr``, ``alternative``, ``risk``) -> need type."""
    value = config.adr_needs_types
    return dict(value) if isinstance(value, dict) else {}


def _records(domain: ADRDomain) -> Iterator[tuple[str, object]]:
    """``(object type, record)`` for ADRs and every referencable child."""
    for adr in domain.adrs():
        yield "adr", adr
        for child in domain.children(adr):
            target = child.target()
            if target is not None:
                # named by the object type's label: "alt" is an "alternative"
                objtype = target.objtype
                declared = domain.object_types.get(objtype)
                yield (declared.lname if declared else objtype), child


def _link_field(kind: str, link_fields: set[str]) -> str:
    # a needs link type named like the relation keeps its meaning; else plain links
    return kind if kind in link_fields else "links"


def _adr_links(domain: ADRDomain, adr: ADR, link_fields: set[str]) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for kind, reverse, other in domain.links_of(adr):
        target = domain.get(other)
        if reverse or target is None:
            continue  # stored once, on the source: sphinx-needs computes the back link
        links.setdefault(_link_field(kind.name, link_fields), []).append(target.id)
    return links


class NeedSpec(NamedTuple):
    """What one record's need is made of (plain data: compared across builds)."""

    objtype: str
    need_type: str
    need_id: str
    title: str
    status: str | None
    tags: tuple[str, ...]
    docname: str
    lineno: int
    anchor: str
    links: tuple[tuple[str, tuple[str, ...]], ...]

    def shown(self) -> tuple[Any, ...]:
        # everything a needs listing can show of the need; not the line number, so
        # editing above an ADR does not re-write every listing
        return self._replace(lineno=0)


def need_specs(env: BuildEnvironment) -> list[NeedSpec]:
    """The needs to make from the domain's records, in the order of ``_records``.

    The single source of both the needs and the snapshot that decides which
    pages incremental builds re-write, so the two cannot disagree.
    """
    from sphinx_needs.data import SphinxNeedsData

    domain = get_domain(env)
    link_fields = set(SphinxNeedsData(env).get_schema().iter_link_field_names())
    types = need_types(env.config)
    specs: list[NeedSpec] = []
    for objtype, record in _records(domain):
        need_type = types.get(objtype)
        if need_type is None:
            continue
        if objtype == "adr":
            adr: ADR = record  # type: ignore[assignment]
            need_id, title, docname, anchor = adr.id, adr.title, adr.docname, adr.anchor
            lineno = adr.lineno
            status: str | None = adr.status
            tags = tuple(adr.tags)
            links = _adr_links(domain, adr, link_fields)
        else:
            target = record.target()  # type: ignore[attr-defined]
            need_id, title = target.name, target.dispname or target.text
            docname, anchor = target.docname, target.anchor
            lineno = int(getattr(record, "lineno", 0) or 0)
            verdict = getattr(record, "verdict", None) or getattr(record, "status", None)
            status = str(verdict) if verdict else None
            tags = ()
            parent = domain.get(str(getattr(record, "adr", "")))
            links = {"links": [parent.id]} if parent is not None else {}
        specs.append(
            NeedSpec(
                objtype,
                need_type,
                need_id,
                title,
                status,
                tags,
                docname,
                lineno,
                anchor,
                tuple((field, tuple(ids)) for field, ids in links.items()),
            )
        )
    return specs


def incoming_links(env: BuildEnvironment, adr_ids: set[str], needs: Any) -> Incoming:
    """ADR id -> ``(need id, title, docname)`` of the needs (not made by this bridge)
    whose links name it."""
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    made = set(IDS.of(get_domain(env)))
    link_fields = list(data.get_schema().iter_link_field_names())
    result: dict[str, set[tuple[str, str, str]]] = {}
    for need_id, need in needs.items():
        if need_id in made:
            continue
        for field in link_fields:
            for link in need.get(field) or ():
                target = str(getattr(link, "id", link))
                if target in adr_ids:
                    result.setdefault(target, set()).add(
                        (need_id, str(need["title"]), str(need["docname"] or ""))
                    )
    return {key: sorted(value) for key, value in result.items()}
