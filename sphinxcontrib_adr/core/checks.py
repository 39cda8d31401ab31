"""The core's cross-document checks, run once all documents are read.

``ADRDomain.check_consistency`` emits ``adr-check-consistency``; the core's
checks connect to it first (:func:`register`, called before any feature
registers), so they run before the features' own, in registration order.
Checks never run at record time: under ``-j`` the two ends of a duplicate are
read in different processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compat_sphinx_adr import document_problem
from .config import LinkKind
from .domain import CHECK_CONSISTENCY_EVENT
from .model import id_key
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from .config import Settings
    from .domain import ADRDomain
    from .model import ADR, Link


def check_relations(_app: Sphinx, domain: ADRDomain) -> None:
    """The core's cross-document checks: duplicate ids, relations naming no ADR,
    cycles, statuses a relation implies."""
    index = domain.index
    for first, dup in index.duplicates:
        if first.named_by_file and not dup.named_by_file:
            fix = "its file name gives it that id, so give this ADR another :id:"
        else:
            fix = "give one of them another id"
        warn(
            f"duplicate ADR id {dup.id!r}: also defined in {first.docname} "
            f"(line {first.lineno}); {fix}",
            "duplicate",
            (dup.docname, dup.lineno),
        )
    conf = domain.settings
    _check_links(domain, conf)
    _check_cycles(domain, conf)
    _check_implied_status(domain, conf)
    # reviews due (adr.review) are checked with the other health findings (trace.health)


def _declaring(domain: ADRDomain, link: Link) -> ADR | None:
    return domain.get(link.declared_in)


def _check_links(domain: ADRDomain, conf: Settings) -> None:
    for link in domain.index.links:
        declaring = _declaring(domain, link)
        if declaring is not None:
            _check_link(domain, conf, link, declaring)
    # a duplicate's relations are in no index (references go to the first), but its
    # mistakes are the user's all the same: reported now, not after the id is fixed
    for _first, duplicate in domain.index.duplicates:
        for link in duplicate.links:
            _check_link(domain, conf, link, duplicate)


def _check_link(domain: ADRDomain, conf: Settings, link: Link, declaring: ADR) -> None:
    """Warn when ``link``, written on ``declaring``, names no ADR (or a bare number)."""
    other = link.target if id_key(link.source) == declaring.key else link.source
    exists = domain.get(other) is not None or domain.external(other) is not None
    if exists and not link.written:
        return
    log = domain.external_log(other)
    if log is not None and not log.available:
        return  # its log could not be read: said once, where it was loaded
    kind = conf.link_kind(link.kind)
    name = link.kind
    if kind is not None and id_key(link.target) == declaring.key:
        name = kind.reverse
    if exists:
        # resolved like the CLI's --supersedes 2, but the source should say the
        # id in full: text search finds it, a new adr_id_format keeps it
        message = (
            f"{declaring.id} :{name}: {link.written}: a bare number; did you mean "
            f"{other}? write the full id (:{name}: {other})"
        )
    elif log is not None:
        message = (
            f"{declaring.id} :{name}: names {other!r}, but the decision log of "
            f"project {log.name!r} ({log.source}) has no {other.partition(':')[2]}; "
            "check the id or remove the relation"
        )
    elif (why := document_problem(link, declaring.docname, domain.index.by_doc)) is not None:
        message = f"{declaring.id} :{name}: names {other!r}, {why}"
    else:
        message = (
            f"{declaring.id} :{name}: names {link.written or other!r}"
            + (f" (read as {other})" if link.written else "")
            + ", which is not an ADR of this project; check the id or remove the "
            "relation" + _external_hint(other)
        )
    warn(message, "link", (declaring.docname, link.lineno or declaring.lineno))


def _check_cycles(domain: ADRDomain, conf: Settings) -> None:
    for kind in conf.link_kinds:
        if not kind.directed:
            continue
        graph: dict[str, list[str]] = {}
        for link in domain.index.links:
            if link.kind == kind.name and domain.get(link.target) and domain.get(link.source):
                graph.setdefault(id_key(link.source), []).append(id_key(link.target))
        for cycle in _find_cycles(graph):
            adrs = [domain.index.adrs[k] for k in cycle]
            first = min(adrs, key=lambda a: (a.docname, a.lineno))
            chain = f" {kind.name} ".join(a.id for a in [*adrs, adrs[0]])
            warn(
                f"{kind.name} cycle: {chain}; remove one of these relations",
                "cycle",
                (first.docname, first.lineno),
            )


def _check_implied_status(domain: ADRDomain, conf: Settings) -> None:
    seen: set[tuple[str, str]] = set()
    for link in domain.index.links:
        kind = conf.link_kind(link.kind)
        if kind is None or kind.implied_status is None:
            continue
        source, target = domain.get(link.source), domain.get(link.target)
        if source is None or target is None or source.key == target.key:
            continue
        if source.status != conf.accepted or target.status == kind.implied_status:
            continue
        if (target.key, kind.name) in seen:
            continue
        seen.add((target.key, kind.name))
        warn(
            f"{target.id} is {LinkKind.label(kind.reverse).lower()} {source.id}, which is "
            f"{conf.accepted}, but its status is {target.status!r}; set "
            f":status: {kind.implied_status} on {target.id}",
            "status_inconsistent",
            (target.docname, target.lineno),
        )


def _find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Elementary cycles found by a DFS, each reported once (rotation-normalised)."""
    cycles: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(start: str) -> None:
        # iterative DFS to stay safe on long supersession chains
        work: list[tuple[str, Iterator[str]]] = [(start, iter(graph.get(start, ())))]
        state[start] = 1
        stack.append(start)
        while work:
            node, children = work[-1]
            for child in children:
                if state.get(child) == 1:
                    cycle = stack[stack.index(child) :]
                    pivot = cycle.index(min(cycle))
                    norm = tuple(cycle[pivot:] + cycle[:pivot])
                    if norm not in seen:
                        seen.add(norm)
                        cycles.append(list(norm))
                elif child not in state:
                    state[child] = 1
                    stack.append(child)
                    work.append((child, iter(graph.get(child, ()))))
                    break
            else:
                work.pop()
                stack.pop()
                state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def _external_hint(other: str) -> str:
    """For ``name:ID`` naming no configured project: how to relate to another project."""
    name, sep, rest = other.partition(":")
    if not sep or not name or not rest:
        return ""
    return (
        f" (to relate to another project's ADR, declare {name!r} in adr_external with "
        "the path or URL of its adrs.json)"
    )


def register(app: Sphinx) -> None:
    app.connect(CHECK_CONSISTENCY_EVENT, check_relations)
