"""Decisions through time: each ADR's history, read from git.

With ``adr_history`` on, the git history of every ADR's source file is read
once per build, in the main process, by :mod:`.gitlog`: the ``git log`` is
started before the documents are read (:class:`EarlyLog`), so git works
while Sphinx reads, and parsed after (``adr-derive-records``). Each ADR gets a
derived :class:`History` record (first commit, last change, contributors, the
date each status first appeared in a committed revision, the revisions), like
the code scan's records, so it is part of the ADR's view: a new commit
changes the view and the incremental build re-writes the pages showing it.
The cache (HEAD, the parsed log, parsed revisions by blob id) lives in the
domain's data. Without git, outside a checkout, or with no commit, the
feature is off with one info line, never a warning.
"""

# Implements: ADR-0013 (history from one git log pass, cached by HEAD and blob)
# (the log and its cache: .history_log; the records: .history_records; what each
# revision says and moved ADRs: .history_revisions)

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..core.domain import get_domain
from ..core.gcpause import collector_paused
from ..core.model import id_key
from . import gitlog
from .history_log import HISTORY, EarlyLog, HistoryState, enabled, kept_log, pathspec_of, prefix_of
from .history_records import CommitRef, CommitsPage, History, HistoryPage, Revision
from .history_revisions import Moves, Row, Said, parsed_revisions, settings_key, status_in
from .settings import TraceSettings, trace_settings

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.domain import ADRDomain
    from ..core.model import ADR

logger = logging.getLogger(__name__)

#: the records, importable from here as before
__all__ = ["CommitRef", "CommitsPage", "EarlyLog", "History", "HistoryPage", "Revision"]

# --------------------------------------------------------------------------
# the git pass


def _say_once(state: HistoryState, message: str, topic: str = "repo") -> None:
    # said at the first build that meets the condition, not at every rebuild
    told = state.setdefault("told", {})
    if told.get(topic) != message:
        logger.info(message)
        told[topic] = message


def _read_repo(env: BuildEnvironment, state: HistoryState) -> gitlog.Repo | None:
    git = gitlog.git_program()
    if git is None:
        _say_once(state, "adr history: git is not installed, so ADRs show no history")
        return None
    repo = gitlog.find_repo(git, Path(env.srcdir))
    if repo is None:
        _say_once(
            state, "adr history: the sources are not in a git checkout with commits, so "
            "ADRs show no history",
        )  # fmt: skip
        return None
    return repo


def _source_paths(env: BuildEnvironment, domain: ADRDomain, pathspec: str) -> dict[str, str]:
    """docname -> path relative to the repository's top level, for pages with ADRs."""
    prefix = prefix_of(pathspec)
    paths = {}
    for docname, doc in domain.docs.items():
        if doc.adrs and docname in env.all_docs:
            # no resolve() per file: thousands of ADRs, one folder
            paths[docname] = prefix + Path(env.doc2path(docname, False)).as_posix()
    return paths


def _named_ids(ts: TraceSettings, message: str, memo: dict[str, str]) -> set[str]:
    """The keys of the ADR ids a commit message names (the code scanner's id format);
    ``memo`` keeps the key of each id as written (the log names the same ids often)."""
    found = set()
    for match in ts.marker.finditer(message):
        written = match[0]
        key = memo.get(written)
        if key is None:
            if ts.id_format is not None:
                key = id_key(ts.id_format.format(number=int(match["number"])))
            else:
                key = id_key(match["id"] if "id" in match.re.groupindex else written)
            memo[written] = key
        found.add(key)
    return found


def _implementing(config: Config, messages: list[gitlog.Commit]) -> dict[str, list[gitlog.Commit]]:
    """ADR key -> the commits naming it, newest first (not kept: cheap beside the log)."""
    ts = trace_settings(config)
    named: dict[str, list[gitlog.Commit]] = {}
    memo: dict[str, str] = {}
    for commit in messages:
        for adr_key in _named_ids(ts, commit.message, memo):
            named.setdefault(adr_key, []).append(commit)
    return named


#: what a history table says of a shallow clone's boundary commit
BOUNDARY_SUBJECT = "history starts here (shallow clone)"


def _undated_text(count: int) -> str:
    many = "commits have dates" if count > 1 else "commit has a date"
    return f"adr history: {count} {many} outside 1970-9999, shown as unknown"


def _history_of(
    adr: ADR,
    rows: Sequence[Row],
    parsed: Mapping[tuple[str, str], Said],
    dirty: bool,
    named: Sequence[gitlog.Commit] = (),
    accepted: str = "accepted",
    boundary: frozenset[str] = frozenset(),
) -> History:
    """Assemble one ADR's history from its revisions, newest first.

    A shallow clone's boundary commit shows every file as added: when, and by
    whom, what it holds was written is unknown, so it gives no date and no author.
    """
    key = adr.key
    revisions = [
        Revision(
            rev.date,
            rev.sha,
            "" if rev.sha in boundary else rev.author,
            BOUNDARY_SUBJECT if rev.sha in boundary else rev.subject,
            status_in(parsed.get((rev.blob, name), ()), key) or "",
        )
        for rev, name in rows
    ]
    edge = [r.date for r in revisions if r.commit in boundary]
    known = [r.date for r in revisions if r.date and r.commit not in boundary]
    statuses: dict[str, str] = {}
    for row in reversed(revisions):  # oldest first
        if row.status and row.status not in statuses:
            statuses[row.status] = "" if row.commit in boundary else row.date
    authors = dict.fromkeys(r.author for r in reversed(revisions) if r.commit not in boundary)
    own = {rev.sha for rev, _name in rows}
    return History(
        adr=adr.id,
        docname=adr.docname,
        first=None if edge else min(known, default=None),
        last=max(known, default=None),
        contributors=tuple(authors),
        statuses=tuple(statuses.items()),
        revisions=tuple(revisions),
        uncommitted=dirty,
        # a commit editing the ADR's own file records the decision, it does not implement it
        commits=tuple(
            CommitRef(c.date, c.sha, c.author, c.subject) for c in named if c.sha not in own
        ),
        accepted_on=statuses.get(accepted) or None,
        starts=min(edge, default=None) or None,
    )


def compute_histories(
    env: BuildEnvironment, state: HistoryState, early: EarlyLog | None = None
) -> dict[str, list[History]]:
    """docname -> the History records of its ADRs (empty when history is off)."""
    domain = get_domain(env)
    repo = _read_repo(env, state)
    git = gitlog.git_program()
    if repo is None or git is None:
        return {}
    pathspec = pathspec_of(env, repo)
    commits = kept_log(git, repo, prefix_of(pathspec), state, early or EarlyLog())
    if repo.shallow and state.get("log_start"):
        _say_once(state, f"adr history: a shallow clone, history starts at {state['log_start']}")
    if state.get("undated"):
        _say_once(state, _undated_text(state["undated"]), "undated")
    paths = _source_paths(env, domain, pathspec)
    dirty = gitlog.dirty_paths(git, repo, pathspec)
    ids = tuple(
        (docname, path, path in dirty, tuple(a.id for a in domain.docs[docname].adrs))
        for docname, path in sorted(paths.items())
    )
    marker = trace_settings(env.config).marker.pattern  # which commits implement an ADR
    key = (state["log_key"], repo.boundary, settings_key(domain.settings), marker, ids)
    if state.get("result_key") != key:  # a rebuild without a commit reuses everything
        state["result"], state["result_key"] = (
            _assemble(git, repo, commits(), paths, dirty, env, state),
            key,
        )
    result: dict[str, list[History]] = state["result"]
    return result


def _assemble(
    git: str,
    repo: gitlog.Repo,
    commits: list[gitlog.Commit],
    paths: dict[str, str],
    dirty: frozenset[str],
    env: BuildEnvironment,
    state: HistoryState,
) -> dict[str, list[History]]:
    domain = get_domain(env)
    conf = domain.settings
    followed = gitlog.follow(commits, paths.values())
    wanted = {(rev.blob, path) for path in paths.values() for rev in followed[path]}
    parsed_revisions(git, repo, wanted, conf, state)
    named = _implementing(env.config, commits)
    moves = Moves(git, repo, commits, conf, state)
    result: dict[str, list[History]] = {}
    for docname, path in paths.items():
        rows = [(rev, path) for rev in followed[path]]
        for adr in domain.docs[docname].adrs:
            past = moves.trace(adr.key, rows)
            implementing = named.get(adr.key, [])
            history = _history_of(
                adr, past, moves.parsed, path in dirty, implementing, conf.accepted, repo.boundary
            )
            result.setdefault(docname, []).append(history)
    return result


# --------------------------------------------------------------------------
# build hooks


def record_pages(app: Sphinx, doctree: nodes.document) -> None:
    if not enabled(app.config):
        return
    docname = app.env.docname
    domain = get_domain(app.env)
    doc = domain.docs.get(docname)
    if doc and doc.adrs:
        domain.add_record(docname, HistoryPage(docname, doc.adrs[0].lineno, None))


def derive_history(app: Sphinx, domain: ADRDomain, early: EarlyLog) -> None:
    """Read the history (``adr-derive-records``): the derived ``history`` records,
    and the dates ``adr_date_from`` gives ADRs written without ``:date:``."""
    env = domain.env
    state = HISTORY.of(domain)
    state.pop("given_dates", None)  # kept by builds that wrote dates into the records
    with collector_paused():  # 20,000 revisions of a long log, all kept
        histories = compute_histories(env, state, early) if enabled(env.config) else {}
    domain.set_derived("history", (h for name in sorted(histories) for h in histories[name]))
    domain.set_derived_dates(_stand_in_dates(domain, env.config.adr_date_from, histories))


def _stand_in(history: History, how: str, accepted: str) -> str | None:
    if how == "git-accepted":
        return history.status_date(accepted) or history.first
    return history.first


def _stand_in_dates(
    domain: ADRDomain, how: str | None, histories: Mapping[str, list[History]]
) -> dict[tuple[str, str], str]:
    """``(docname, id) -> date`` from their history, for ADRs without a written
    ``:date:`` (the records keep what was written: :meth:`ADRDomain.derived_dates`)."""
    if how is None:
        return {}
    accepted = domain.settings.accepted
    dates: dict[tuple[str, str], str] = {}
    for docname, doc in domain.docs.items():
        by_id = {h.adr: h for h in histories.get(docname, [])}
        for adr in doc.adrs:
            history = by_id.get(adr.id)
            if adr.date is None and history is not None:
                date = _stand_in(history, how, accepted)
                if date is not None:
                    dates[docname, adr.id] = date
    return dates


def history_of(domain: ADRDomain, adr: ADR) -> History | None:
    """The History record of ``adr`` (``None``: no history read)."""
    return next((r for r in domain.children(adr) if isinstance(r, History)), None)


#: the listing columns (and sort keys) History records answer
COLUMNS = ("accepted-on", "first-committed", "last-changed", "age")


def listing_columns(app: Sphinx) -> tuple[str, ...]:
    """The history columns, for listings of builds that read history."""
    return COLUMNS if enabled(app.config) else ()
