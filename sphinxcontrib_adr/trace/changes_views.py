"""``adr-changes``: the decision log's changelog between two git revisions, and
the ``:changed-since:`` filter of every listing.

The directive validates its range and options at read time and leaves a
:class:`ChangesPage` record; after reading (the core's ``adr-derive-records``,
after the history pass that keeps the log) each page's changelog is computed by
:mod:`.changes` (cached by the resolved commits) and kept in the domain's data; at write
time the placeholder renders it as rubrics and bullet lists (standard nodes:
every builder). A page is re-written when its changelog, or an ADR it shows,
changed. The ADRs changed since each ``:changed-since:`` revision get a
:class:`~..listings.query.ChangedSince` record, derived (``set_derived``, never
in a document's records), which the filter reads.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from docutils import nodes
from sphinx.util import logging

from ..core.config import settings
from ..core.datakey import DataKey
from ..core.directive import OptionChecker
from ..core.locale import _, translate
from ..core.model import ADR, PageRecord, ValueProblem, id_key
from ..core.nodes import leave_page_draft
from ..core.warnings import warn
from ..listings.columns import natural_key
from ..listings.filters import FilterProblem, parse_filter
from ..listings.query import ADRFilter, ChangedSince
from ..render.context import joined, sentence
from . import gitlog
from .changes import (
    KIND_TITLES,
    Changelog,
    Entry,
    RevisionProblem,
    Source,
    changelog,
    forget_except,
    parse_kinds,
    parse_range,
    resolve,
)
from .config import CHANGES_OPTIONS
from .history_log import HISTORY, enabled, pathspec_of, prefix_of
from .history_views import commit_node

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

    from ..core.domain import ADRDomain
    from ..core.model import Change
    from ..render.context import RenderContext
    from ..render.placeholders import adr_placeholder

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class ChangesPage(PageRecord):
    """An ``adr-changes`` changelog: what it asks for. Whether its page is re-written
    depends on the changelog computed after reading, so :func:`pages_to_rewrite` decides
    (it compares the changelogs and the ADRs they show), not :meth:`affected_by`."""

    docname: str
    lineno: int
    #: the revisions as written; ``head`` ``None``: the working tree
    base: str
    head: str | None
    kinds: tuple[str, ...]
    filter: ADRFilter
    #: ``info``: a changelog that cannot be computed is an info line, not a warning
    quiet: bool = False

    def affected_by(self, change: Change) -> bool:
        return False

    @property
    def range(self) -> str:
        return f"{self.base}..{self.head or ''}"


def run_changes(directive: SphinxDirective, placeholder: type[adr_placeholder]) -> list[nodes.Node]:
    check = OptionChecker(directive, directive.name)
    options = {name.lower(): str(value) for name, value in directive.options.items()}
    for name in check.unknown(options, CHANGES_OPTIONS):
        options.pop(name)
    try:
        base, head = parse_range(directive.arguments[0])
        kinds = parse_kinds(options.get("kinds"))
        quiet = _parse_missing(options.get("missing"))
    except ValueProblem as problem:
        warn(f"{directive.name}: {problem}", "value", directive.get_location())
        return []
    adr_filter = parse_filter(options, directive, settings(directive.config), what=directive.name)
    if adr_filter is None:  # already reported
        return []
    record = ChangesPage("", directive.lineno, base, head, kinds, adr_filter, quiet)
    node = placeholder(lineno=directive.lineno)
    leave_page_draft(node, record)  # the read step stores it
    directive.set_source_info(node)
    return [node]


def _parse_missing(value: str | None) -> bool:
    if value is None:
        return False
    word = value.strip().strip("'\"").casefold()
    if word not in ("warn", "info"):
        raise FilterProblem(f":missing: {word!r} is not warn or info")
    return word == "info"


# --------------------------------------------------------------------------
# after reading: the changelogs

#: a page's changelog by where it is, ``(docname, lineno)``, or why it cannot be shown
Shown = dict[tuple[str, int], Changelog | str]


class ChangesState(TypedDict, total=False):
    """What ``adr-changes`` keeps between builds, in the domain's data."""

    #: :class:`~.changes.Source`'s cache: parsed sides by blob, changelogs by commits
    cache: dict[str, Any]
    #: each page's changelog, from this build's reading
    shown: Shown
    #: ``shown`` as the pages were last written (absent before the first build)
    written: Shown


_STATE: DataKey[ChangesState] = DataKey("changes", ChangesState)


def _source(env: BuildEnvironment, domain: ADRDomain, state: ChangesState) -> Source | str:
    """Where changelogs are computed, or why they cannot be."""
    if not enabled(env.config):
        return "it needs the history from git: set adr_history = True in conf.py"
    git = gitlog.git_program()
    if git is None:
        return "git is not installed"
    repo = gitlog.find_repo(git, Path(env.srcdir))
    if repo is None:
        return "the sources are not in a git checkout with commits"
    kept = HISTORY.of(domain).get("log")
    log = functools.cache(
        functools.partial(gitlog.unpack_log, kept if isinstance(kept, bytes) else b"")
    )
    return Source(
        git, repo, prefix_of(pathspec_of(env, repo)), domain.settings,
        (lambda: log()) if kept else list, state.setdefault("cache", {}),
        tuple(env.config.source_suffix) or (".rst",),
    )  # fmt: skip


def _compute(
    source: Source | str, base: str, head: str | None, names: dict[str, str | None]
) -> Changelog:
    """The changelog of two revision names (``names`` memoises their resolution)."""
    if isinstance(source, str):
        raise RevisionProblem(source)
    ids: list[str | None] = []
    for name in (base, head):
        if name is None:
            ids.append(None)
            continue
        if name not in names:
            names[name] = resolve(source.git, source.repo, name)
        if names[name] is None:
            raise RevisionProblem(
                f"git does not know the revision {name!r} (a typo, or a commit a shallow "
                "clone lacks: git fetch --unshallow)"
            )
        ids.append(names[name])
    return changelog(source, str(ids[0]), ids[1])


def derive_changes(_app: Sphinx, domain: ADRDomain) -> None:
    """The changelogs (``adr-derive-records``, after the history pass that keeps the
    log): each page's changelog is kept in the feature's data, and the ADRs changed
    since each ``:changed-since:`` revision are the derived ``changes`` records."""
    env = domain.env
    state = _STATE.of(domain)
    pages = [p for doc in domain.docs.values() for p in doc.pages if isinstance(p, ChangesPage)]
    listings = _changed_since_listings(domain)
    if not pages and not listings:
        state["shown"] = {}
        domain.set_derived("changes", ())
        return
    source = _source(env, domain, state)
    names: dict[str, str | None] = {}
    shown: Shown = {}
    for page in sorted(pages, key=lambda p: (p.docname, p.lineno)):
        try:
            shown[page.docname, page.lineno] = _compute(source, page.base, page.head, names)
        except RevisionProblem as problem:
            shown[page.docname, page.lineno] = str(problem)
            _report(page.docname, page.lineno, f"{page.range}: {problem}", page.quiet)
    state["shown"] = shown
    since = _changed_since(source, listings, names)
    domain.set_derived("changes", _changed_records(domain, since))
    if not isinstance(source, str):
        used = [(names.get(p.base), names.get(p.head) if p.head else None) for p in pages]
        used += [(names.get(rev), None) for rev in since]
        forget_except(source.state, [(str(b), h) for b, h in used if b])


def _report(docname: str, lineno: int, message: str, quiet: bool) -> None:
    text = f"adr-changes {message}"
    if quiet:
        logger.info(f"{text} (shown as unavailable)", location=(docname, lineno))
    else:
        warn(text, "history", (docname, lineno))


def _changed_since_listings(domain: ADRDomain) -> dict[str, list[tuple[str, int]]]:
    """Revision -> the listings filtering by ``:changed-since:`` it (where they are)."""
    found: dict[str, list[tuple[str, int]]] = {}
    # each record class's fields read once: every build walks every page record
    fields: dict[type, tuple[str, ...]] = {}
    for docname, doc in domain.docs.items():
        for record in doc.pages:
            if isinstance(record, ChangesPage):
                continue
            cls = type(record)
            if cls not in fields:
                fields[cls] = tuple(f.name for f in dataclasses.fields(record))  # type: ignore[arg-type]
            for name in fields[cls]:
                value = getattr(record, name)
                if isinstance(value, ADRFilter) and value.changed_since is not None:
                    where = (docname, int(getattr(record, "lineno", 0)))
                    found.setdefault(value.changed_since, []).append(where)
    return found


def _changed_since(
    source: Source | str,
    listings: dict[str, list[tuple[str, int]]],
    names: dict[str, str | None],
) -> dict[str, frozenset[str]]:
    """Revision -> the keys of the ADRs added or changed since (up to the working tree)."""
    since: dict[str, frozenset[str]] = {}
    for revision, places in sorted(listings.items()):
        try:
            log = _compute(source, revision, None, names)
        except RevisionProblem as problem:
            for docname, lineno in places:
                warn(f":changed-since: {revision}: {problem}", "history", (docname, lineno))
            continue
        since[revision] = frozenset(e.key for e in log.entries if e.kind != "removed")
    return since


def _changed_records(domain: ADRDomain, since: dict[str, frozenset[str]]) -> list[ChangedSince]:
    """A ChangedSince record for each ADR changed since a listing's revision (by
    document, then reading order: the order the records of the read step keep)."""
    records: list[ChangedSince] = []
    for docname in sorted(domain.docs):
        for adr in domain.docs[docname].adrs:
            revisions = tuple(rev for rev, keys in since.items() if adr.key in keys)
            if revisions:
                records.append(ChangedSince(adr.id, revisions))
    return records


def pages_to_rewrite(_app: Sphinx, domain: ADRDomain, changes: list[Change] | None) -> list[str]:
    """Pages whose changelog changed, or showing an ADR that changed."""
    state = _STATE.of(domain)
    shown = state.get("shown", {})
    written = state.get("written")
    state["written"] = shown
    if changes is None or written is None:
        return []
    keys = set().union(*(c.affected_keys() for c in changes)) if changes else set()
    linked = _links_changed(domain, changes)
    pages = set()
    for (docname, lineno), log in shown.items():
        # the entries come from git; of the build's ADRs a page shows only links,
        # unless its filters select by what an ADR says now (then any change counts)
        filtered = _page(domain, docname, lineno).filter != ADRFilter()
        if written.get((docname, lineno)) != log or _shows(log, keys if filtered else linked):
            pages.add(docname)
    return sorted(pages)


def _links_changed(domain: ADRDomain, changes: list[Change]) -> set[str]:
    """Keys of the ADRs whose link shows something else now (title, status, page),
    or that appeared or went: a body edit re-writes no changelog of 2,000 entries."""
    keys: set[str] = set()
    for change in changes:
        old, new = (domain.adr_target(v.adr) if v else None for v in (change.old, change.new))
        if old != new:
            keys.add((change.new or change.old).adr.key)  # type: ignore[union-attr]
    return keys


def _page(domain: ADRDomain, docname: str, lineno: int) -> ChangesPage:
    doc = domain.docs[docname]
    return next(p for p in doc.pages if isinstance(p, ChangesPage) and p.lineno == lineno)


def _shows(log: Changelog | str, keys: set[str]) -> bool:
    """Whether a changelog links one of the ADRs of ``keys`` (their title and status show)."""
    if isinstance(log, str):
        return False
    return any(e.key in keys or {id_key(b) for b in e.by} & keys for e in log.entries)


# --------------------------------------------------------------------------
# write time


def render_changes(ctx: RenderContext, node: adr_placeholder) -> list[nodes.Node]:
    domain = ctx.domain
    lineno = node.get("lineno")
    doc = domain.docs.get(ctx.docname)
    page = next(
        (
            p
            for p in (doc.pages if doc else ())
            if isinstance(p, ChangesPage) and p.lineno == lineno
        ),
        None,
    )
    log = _STATE.of(domain).get("shown", {}).get((ctx.docname, lineno))
    if page is None or not isinstance(log, Changelog):
        text = _("The changes {range} cannot be shown: {reason}.").format(
            range=page.range if page else "", reason=log or _("no changelog")
        )
        return [nodes.paragraph(text, text, classes=["adr-empty", "adr-changes-unavailable"])]
    container = nodes.container(classes=["adr-changes"])
    container += _heading(ctx, page, log)
    shown = 0
    for kind in page.kinds:
        entries = [e for e in log.of_kinds([kind]) if page.filter.matches(_record(ctx, e), domain)]
        if not entries:
            continue
        shown += len(entries)
        title = translate(KIND_TITLES[kind])
        container += nodes.rubric(title, title, classes=[f"adr-changes-{kind}"])
        items = nodes.bullet_list(classes=["adr-changes-list"])
        for entry in sorted(entries, key=lambda e: natural_key(e.adr)):
            items += nodes.list_item("", _entry_paragraph(ctx, entry, log))
        container += items
    if not shown:
        text = _("No decision changed.")
        container += nodes.paragraph(text, text, classes=["adr-empty"])
    return [container]


def _heading(ctx: RenderContext, page: ChangesPage, log: Changelog) -> nodes.paragraph:
    config = ctx.domain.env.config
    para = nodes.paragraph(classes=["adr-changes-range"])
    base = commit_node(config, log.base)
    if log.head:
        head = commit_node(config, log.head)
        para += sentence(
            _("From {base} ({base_commit}) to {head} ({head_commit})."),
            base=page.base,
            base_commit=base,
            head=page.head or "",
            head_commit=head,
        )
    else:
        para += sentence(
            _("From {base} ({base_commit}) to the working tree."), base=page.base, base_commit=base
        )
    return para


def _record(ctx: RenderContext, entry: Entry) -> ADR:
    """The ADR the filters see: the build's record, else what the changelog knows."""
    found = ctx.domain.get(entry.adr)
    if found is not None and entry.kind != "removed":
        return found
    status = entry.after or entry.before
    return ADR(entry.adr, "", 0, "", entry.title, status, status)


def _name(ctx: RenderContext, adr_id: str, title: str = "") -> nodes.Node:
    if ctx.domain.get(adr_id) is not None:
        return ctx.xref(adr_id)
    text = f"{adr_id}: {title}" if title and title != adr_id else adr_id
    return nodes.inline(text, text, classes=["adr-changes-gone"])


def _entry_paragraph(ctx: RenderContext, entry: Entry, log: Changelog) -> nodes.paragraph:
    para = nodes.paragraph()
    removed = entry.kind == "removed"
    para += _name(ctx, entry.adr, entry.title) if not removed else _gone(entry)
    para += nodes.Text(" \u2014 ")
    if entry.kind == "added":
        para += ctx.status_badge(entry.after)
    elif entry.kind in ("status", "retired"):
        para += nodes.Text(f"{translate(entry.before)} \u2192 ")
        para += ctx.status_badge(entry.after)
        when = entry.date or (_("not committed") if not log.head else _("date unknown"))
        para += nodes.Text(f" ({when})")
        if entry.by:
            para += nodes.Text(_(", by") + " ")
            para += joined(_name(ctx, other) for other in entry.by)
    elif entry.kind == "text":
        para += nodes.Text(_lines_text(entry))
        if entry.commits:
            para += nodes.Text(": ")
            config = ctx.domain.env.config
            para += joined(commit_node(config, c.commit) for c in entry.commits)
    else:
        para += nodes.Text(_("was {status}").format(status=translate(entry.before)))
    return para


def _gone(entry: Entry) -> nodes.Node:
    text = f"{entry.adr}: {entry.title}" if entry.title != entry.adr else entry.adr
    return nodes.inline(text, text, classes=["adr-changes-gone"])


def _lines_text(entry: Entry) -> str:
    if entry.lines == 1:
        lines = _("1 line changed")
    else:
        lines = _("{count} lines changed").format(count=entry.lines)
    count = len(entry.commits)
    if not count:
        return _("{lines}, not committed").format(lines=lines)
    if count == 1:
        return _("{lines} in 1 commit").format(lines=lines)
    return _("{lines} in {count} commits").format(lines=lines, count=count)
