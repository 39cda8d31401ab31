"""Incremental builds: re-write every page that shows something that changed.

After reading, the view of each ADR (its record and its children) is compared
with the one stored by the previous build. Pages that show what changed are
returned from ``env-get-updated`` so Sphinx re-writes them (they are not
re-read: their placeholders are resolved again from the current records):

- the ADR's own page (it shows all of it);
- pages that refer to the ADR or to one of its children, and the pages at the
  other end of its relations (old or new), only when the text such a link
  shows changed: the reference target (title, status, date as the title
  format shows them, the page and anchor it points at), or, for the
  relations' other ends, the relations themselves. An edit of the body,
  the deciders or the tags changes none of them, so those pages stay;
- pages holding a record whose ``affected_by`` says so (listings, graphs, ...).
"""

# Implements: ADR-0002 (re-write the pages that show a changed ADR), ADR-0029 (only
# when what they show of it changed)

from __future__ import annotations

from typing import TYPE_CHECKING

from .datakey import DataKey
from .domain import get_domain
from .model import Change, ChildRecord, declared_links, id_key

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ADRDomain
    from .model import ADR, ADRView, Target


def changed_views(old: dict[str, ADRView], new: dict[str, ADRView]) -> list[Change]:
    changed = [key for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]
    if not changed:
        return []
    neighbours = _neighbour_index(old, new, set(changed))
    return [
        Change(old.get(key), new.get(key), _in_order(neighbours.get(key, {}))) for key in changed
    ]


def _in_order(found: dict[tuple[str, str], tuple[str, ADR]]) -> tuple[tuple[str, ADR], ...]:
    return tuple(found[k] for k in sorted(found))


def _neighbour_index(
    old: dict[str, ADRView], new: dict[str, ADRView], keys: set[str]
) -> dict[str, dict[tuple[str, str], tuple[str, ADR]]]:
    """For each changed key, the ADRs related to it in either build (current record first)."""
    result: dict[str, dict[tuple[str, str], tuple[str, ADR]]] = {}
    for views in (new, old):
        for view in views.values():
            for link in view.adr.links:
                ends = (id_key(link.source), id_key(link.target))
                for end, other in (ends, ends[::-1]):
                    if end not in keys or other == end:
                        continue
                    record = (new.get(other) or old.get(other) or view).adr
                    if record.key != other:
                        continue
                    result.setdefault(end, {}).setdefault((link.kind, other), (link.kind, record))
    return result


def _link_neighbours(views: Iterable[ADRView], keys: set[str]) -> set[str]:
    """Docnames of ADRs at the other end of a relation touching one of ``keys``."""
    docs: set[str] = set()
    by_key = {view.adr.key: view.adr for view in views}
    for adr in by_key.values():
        for link in adr.links:
            ends = {id_key(link.source), id_key(link.target)}
            if ends & keys:
                for end in ends:
                    other = by_key.get(end)
                    if other is not None:
                        docs.add(other.docname)
    return docs


#: the event through which features add pages to re-write, once per build:
#: ``(app, domain, changes) -> Iterable[docname]``; ``changes`` is ``None`` on a
#: first build (everything is written; features store their snapshots)
PAGES_TO_REWRITE_EVENT = "adr-pages-to-rewrite"


#: what every ADR showed in the last build (``None`` before the first), to compare
VIEWS: DataKey[dict[str, ADRView] | None] = DataKey("views", lambda: None)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The one incremental step: compute the changes once, then ask the features."""
    domain = get_domain(env)
    new = domain.views()
    old = VIEWS.of(domain)
    VIEWS.put(domain, new)
    changes = None if old is None else changed_views(old, new)
    pages = set(_showing(domain, old, new, changes or []))
    for found in app.events.emit(PAGES_TO_REWRITE_EVENT, domain, changes):
        pages.update(found)
    return sorted(pages & set(env.all_docs))


def _showing(
    domain: ADRDomain,
    old: dict[str, ADRView] | None,
    new: dict[str, ADRView],
    changes: list[Change],
) -> set[str]:
    """Pages that show what changed: the ADR's own, references and relations' other
    ends whose link text changed, records that say so."""
    if old is None or not changes:
        return set()
    shown = _shown_changed(domain, changes)
    affected = {v.adr.docname for c in changes for v in (c.old, c.new) if v is not None}
    affected |= _link_neighbours(old.values(), shown) | _link_neighbours(new.values(), shown)
    for key in _changed_link_ends(changes):
        affected.update(v.adr.docname for v in (old.get(key), new.get(key)) if v is not None)
    for docname, doc in domain.docs.items():
        if docname in affected:
            continue
        if doc.refs & shown:
            affected.add(docname)
            continue
        for record in doc.pages:
            if any(record.affected_by(c) for c in changes):
                affected.add(docname)
                break
    return affected


def _shown_changed(domain: ADRDomain, changes: list[Change]) -> set[str]:
    """Keys (ADRs, referencable children) whose reference target changed: what a
    link to them shows (text, status classes, tooltip) or where it points."""
    keys: set[str] = set()
    for change in changes:
        before, after = _targets(domain, change.old), _targets(domain, change.new)
        keys.update(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return keys


def _targets(domain: ADRDomain, view: ADRView | None) -> dict[str, Target]:
    if view is None:
        return {}
    found = {view.adr.key: domain.adr_target(view.adr)}
    for child in view.children:
        target = child.target() if isinstance(child, ChildRecord) else None
        if target is not None:
            found[id_key(target.name)] = target
    return found


def _changed_link_ends(changes: list[Change]) -> set[str]:
    """Keys at either end of a relation added or removed: their pages list it."""
    ends: set[str] = set()
    for change in changes:
        old = declared_links(change.old.adr if change.old is not None else None)
        new = declared_links(change.new.adr if change.new is not None else None)
        for source, _kind, target in old ^ new:
            ends.update((id_key(source), id_key(target)))
    return ends


def register(app: Sphinx) -> None:
    app.add_event(PAGES_TO_REWRITE_EVENT)
    app.connect("env-get-updated", on_env_get_updated)
