"""Decisions through time: each ADR's history, read from git.

With ``adr_history`` on, the git history of every ADR's source file is read
once per build, in the main process, by :mod:`.gitlog`: the ``git log`` is
started before the documents are read (:class:`EarlyLog`), so git works
while Sphinx reads, and parsed after (``env-updated``). Each ADR gets a :class:`History`
record (first commit, last change, contributors, the date each status first
appeared in a committed revision, the revisions), stored with its document
like the code scan's records, so it is part of the ADR's view: a new commit
changes the view and the incremental build re-writes the pages showing it.
The cache (HEAD, the parsed log, parsed revisions by blob id) lives in the
domain's data. Without git, outside a checkout, or with no commit, the
feature is off with one info line, never a warning.
"""

# Implements: ADR-0013 (history from one git log pass, cached by HEAD and blob)

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError
from sphinx.util import logging

from ..core.config import add_config_value, connect_check
from ..core.domain import get_domain
from ..core.gcpause import collector_paused
from ..core.model import ChildRecord, PageRecord, id_key, today
from ..core.read import DOC_READ_EVENT
from ..core.sourcescan import block_regions, find_blocks, stated
from ..listings.filters import LISTING_COLUMNS_EVENT
from . import gitlog
from .settings import TraceSettings, trace_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.config import Settings
    from ..core.domain import ADRDomain
    from ..core.model import ADR, ADRView, Change

logger = logging.getLogger(__name__)

DATE_FROM = ("git-accepted", "git-first")
_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_history",
        False,
        "Read each ADR's history from git (the repository holding the documentation): "
        "a *History* field in each metadata block (first commit, status history, last "
        "change, contributors, uncommitted changes) and the data of ``adr-history``. "
        "Off without git or outside a checkout (one info line, no warning).",
    ),
    (
        "adr_date_from",
        None,
        "What stands in for ``:date:`` when an ADR does not write one: "
        "``'git-accepted'`` (the date its accepted status was first committed, else its "
        "first commit), ``'git-first'`` (its first commit) or ``None``. A written date "
        "always wins. Reads git like ``adr_history``.",
    ),
    (
        "adr_commit_url",
        None,
        "A URL template linking commits, with ``{commit}`` (the full id), e.g. "
        "``'https://github.com/org/repo/commit/{commit}'``. Without one, commits are "
        "shown as short ids.",
    ),
]


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class Revision:
    """One committed revision of an ADR, as a history table shows it."""

    date: str
    commit: str
    author: str
    subject: str
    #: the status the ADR had in that revision ("" when the file did not hold it)
    status: str

    def __reduce__(self) -> tuple[type[Revision], tuple[str, ...]]:
        # a slotted dataclass pickles through a Python-level __getstate__, three
        # times slower; an ADR log keeps tens of thousands of revisions
        return Revision, (self.date, self.commit, self.author, self.subject, self.status)


@dataclass(frozen=True, slots=True)
class CommitRef:
    """A commit whose message names an ADR (an implementing commit)."""

    date: str
    commit: str
    author: str
    subject: str

    def __reduce__(self) -> tuple[type[CommitRef], tuple[str, ...]]:
        return CommitRef, (self.date, self.commit, self.author, self.subject)


@dataclass(frozen=True, slots=True)
class History(ChildRecord):
    """An ADR's history from git; stored with the ADR's document (a child of the
    ADR, so it travels in the ADR's view)."""

    adr: str
    docname: str
    first: str | None = None
    last: str | None = None
    contributors: tuple[str, ...] = ()
    #: ``(status, date it first appeared)``, oldest first
    statuses: tuple[tuple[str, str], ...] = ()
    #: newest first
    revisions: tuple[Revision, ...] = ()
    uncommitted: bool = False
    #: commits naming the ADR in their message (edits of its own file aside), newest first
    commits: tuple[CommitRef, ...] = ()
    #: the date the accepted status (``adr_accepted_status``) first appeared
    accepted_on: str | None = None
    #: where the history known starts when the ADR's oldest revision is a shallow
    #: clone's boundary commit (then ``first`` is unknown: ``None``)
    starts: str | None = None

    def column_value(self, column: str) -> str | int | None:
        """``accepted-on``, ``first-committed``, ``last-changed`` and ``age`` (whole
        days since the first commit, as of today or ``SOURCE_DATE_EPOCH``)."""
        if column == "accepted-on":
            return self.accepted_on
        if column == "first-committed":
            return self.first
        if column == "last-changed":
            return self.last
        if column == "age" and self.first:
            now = today(os.environ.get("SOURCE_DATE_EPOCH"))
            return (now - _dt.date.fromisoformat(self.first)).days
        return None

    def status_date(self, status: str) -> str | None:
        for name, date in self.statuses:
            if name == status:
                return date or None  # "": the date is unknown
        return None


@dataclass(frozen=True, slots=True)
class HistoryPage(PageRecord):
    """A page showing ADRs' histories (the ADR's own page, an ``adr-history``
    table): re-written when the history of one of them changes, also when its
    document is not re-read (only the repository changed)."""

    docname: str
    lineno: int
    #: ``None``: the ADRs of the page itself
    adr_id: str | None
    #: the overview of every ADR's history (``:all:``)
    all: bool = False

    def affected_by(self, change: Change) -> bool:
        if self.all:  # one row per ADR: any ADR's change may show
            return True
        for view in (change.old, change.new):
            if view is None:
                continue
            if self.adr_id is None and view.adr.docname == self.docname:
                return True
            if self.adr_id is not None and view.adr.key == id_key(self.adr_id):
                return True
        return False


def _commits_in(view: ADRView | None) -> tuple[CommitRef, ...]:
    if view is None:
        return ()
    return next((c.commits for c in view.children if isinstance(c, History)), ())


@dataclass(frozen=True, slots=True)
class CommitsPage(PageRecord):
    """An ``adr-commits`` view: re-written when an ADR's implementing commits change
    (or an ADR with some comes or goes)."""

    docname: str
    lineno: int

    def affected_by(self, change: Change) -> bool:
        old, new = _commits_in(change.old), _commits_in(change.new)
        if old != new:
            return True
        # the ADR's title or status is shown next to its commits
        return (
            bool(new)
            and change.old is not None
            and change.new is not None
            and (change.old.adr != change.new.adr)
        )


# --------------------------------------------------------------------------
# settings


def _check_config(_app: Sphinx, config: Config) -> None:
    value = config.adr_date_from
    if value is not None and value not in DATE_FROM:
        raise ConfigError(
            f"adr_date_from = {value!r}: write one of {', '.join(map(repr, DATE_FROM))} or None"
        )
    url = config.adr_commit_url
    if url is not None and (not isinstance(url, str) or "{commit}" not in url):
        raise ConfigError(f"adr_commit_url = {url!r}: must be a string holding {{commit}}")


def enabled(config: Config) -> bool:
    """Whether this build reads git history."""
    return bool(config.adr_history) or config.adr_date_from is not None


def commit_url(config: Config, sha: str) -> str | None:
    url = config.adr_commit_url
    return str(url).replace("{commit}", sha) if url else None


# --------------------------------------------------------------------------
# the git pass


def _settings_key(conf: Settings) -> str:
    """What parsing a revision depends on: a change re-parses every revision."""
    return repr((conf.statuses, sorted(conf.aliases.items()), conf.id_format, conf.default_status))


def _say_once(state: dict[str, Any], message: str, topic: str = "repo") -> None:
    # said at the first build that meets the condition, not at every rebuild
    told = state.setdefault("told", {})
    if told.get(topic) != message:
        logger.info(message)
        told[topic] = message


def _read_repo(env: BuildEnvironment, state: dict[str, Any]) -> gitlog.Repo | None:
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


def _pathspec(env: BuildEnvironment, repo: gitlog.Repo) -> str:
    try:
        return Path(env.srcdir).resolve().relative_to(repo.toplevel.resolve()).as_posix()
    except ValueError:
        return "."


def _source_paths(env: BuildEnvironment, domain: ADRDomain, pathspec: str) -> dict[str, str]:
    """docname -> path relative to the repository's top level, for pages with ADRs."""
    prefix = _prefix(pathspec)
    paths = {}
    for docname, doc in domain.docs.items():
        if doc.adrs and docname in env.all_docs:
            # no resolve() per file: thousands of ADRs, one folder
            paths[docname] = prefix + Path(env.doc2path(docname, False)).as_posix()
    return paths


def _since(git: str, repo: gitlog.Repo, prefix: str, previous: Any) -> str | None:
    """The HEAD the kept log ends at, when only the commits after it need reading."""
    if previous is None or previous[1] != prefix:
        return None
    return str(previous[0]) if gitlog.is_ancestor(git, repo, previous[0]) else None


class EarlyLog:
    """The ``git log`` a build will need, started before the documents are read.

    The log is parsed after reading (``env-updated``), but git can run while
    Sphinx reads: started at ``env-before-read-docs`` when HEAD moved since the
    kept log, its output waits in a temporary file. One per application, handed
    to the hooks, so nothing is shared between builds.
    """

    def __init__(self) -> None:
        self._pending: tuple[tuple[str, str, str | None], gitlog.Job] | None = None

    def start(self, app: Sphinx, env: BuildEnvironment, _docnames: list[str]) -> None:
        """``env-before-read-docs``: start the log when the kept one is out of date."""
        self.discard()
        git = gitlog.git_program()
        if not enabled(env.config) or git is None:
            return
        repo = gitlog.find_repo(git, Path(env.srcdir))
        if repo is None:
            return
        state = get_domain(env).data.get("history", {})
        prefix = _prefix(_pathspec(env, repo))
        previous = _kept_key(state, repo)
        if previous == (repo.head, prefix):
            return
        since = _since(git, repo, prefix, previous)
        self._pending = ((repo.head, prefix, since), gitlog.start_log(git, repo, since))

    def take(self, head: str, prefix: str) -> tuple[str | None, gitlog.Job] | None:
        """``(since, job)`` of the log started for this HEAD and folder, if one was
        (each job is taken once; one started for another is dropped)."""
        pending = self._pending
        if pending is not None and pending[0][:2] == (head, prefix):
            self._pending = None
            return pending[0][2], pending[1]
        self.discard()
        return None

    def discard(self, *_args: object) -> None:
        """Wait for (and drop) a job no build step took, e.g. after a failed build."""
        if self._pending is not None:
            self._pending[1].result()
            self._pending = None


def _prefix(pathspec: str) -> str:
    return "" if pathspec == "." else pathspec + "/"


def _kept_key(state: dict[str, Any], repo: gitlog.Repo) -> Any:
    """``(HEAD, folder)`` of the kept log (``None``: none, one an earlier version kept,
    or one read before the shallow clone's boundary moved: its boundary commits
    showed every file as added)."""
    kept = (state.get("log_format"), state.get("log_boundary"))
    if not isinstance(state.get("log"), bytes) or kept != (gitlog.LOG_FORMAT, repo.boundary):
        return None
    return state.get("log_key")


def _log(
    git: str, repo: gitlog.Repo, prefix: str, state: dict[str, Any], early: EarlyLog
) -> Callable[[], list[gitlog.Commit]]:
    """The log (messages, changes under the sources), read again only when HEAD or
    the folder moved: when the previous HEAD is an ancestor, only the new commits.

    Kept packed (:func:`gitlog.pack_log`); what is returned unpacks it only when
    called, so a rebuild that reuses the histories does not parse it.
    """
    key = (repo.head, prefix)
    previous = _kept_key(state, repo)
    if previous == key:
        return functools.cache(functools.partial(gitlog.unpack_log, state["log"]))
    # started before reading, with its range (no second ancestry check)
    started = early.take(repo.head, prefix)
    if started is None:
        since = _since(git, repo, prefix, previous)
        started = since, gitlog.start_log(git, repo, since)
    since, job = started
    commits = gitlog.read_log(job, prefix)
    if since is not None:
        commits = None if commits is None else [*commits, *gitlog.unpack_log(state["log"])]
        if commits is None:
            commits = gitlog.read_log(gitlog.start_log(git, repo), prefix)
    commits = commits or []
    state["log"], state["log_key"] = gitlog.pack_log(commits), key
    state["log_format"], state["log_boundary"] = gitlog.LOG_FORMAT, repo.boundary
    state["log_start"] = commits[-1].date if commits else None
    state["undated"] = sum(1 for c in commits if not c.date)
    return lambda: commits


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


#: what a revision says: ``(ADR key, status)`` of each of its blocks with an id
Said = tuple[tuple[str, str], ...]


def _parsed(
    git: str,
    repo: gitlog.Repo,
    wanted: set[tuple[str, str]],
    conf: Settings,
    state: dict[str, Any],
) -> Mapping[tuple[str, str], Said]:
    """What each ``(blob, file name)`` says; only revisions never seen are read."""
    key = _settings_key(conf)
    if state.get("parsed_key") != key:
        state["parsed"], state["parsed_key"] = {}, key
    parsed: dict[tuple[str, str], Said] = state["parsed"]
    missing = {pair for pair in wanted if pair not in parsed}
    if missing:
        texts = gitlog.read_blobs(git, repo, (blob for blob, _name in missing)) or {}
        # revisions repeat the same few option blocks: parse each once (by the text
        # of its lines, then by its option values)
        by_region: dict[tuple[object, ...], Said] = {}
        memo: dict[tuple[object, ...], Said] = {}
        options: dict[tuple[tuple[str, str], ...], tuple[str | None, str, str | None]] = {}
        for blob, name in missing:
            text = texts.get(blob, "")
            stem, _, suffix = name.rsplit("/", 1)[-1].rpartition(".")
            markdown, base = suffix == "md", stem or suffix
            region = (base, markdown, *block_regions(text, markdown))
            said = by_region.get(region)
            if said is None:
                blocks = find_blocks(text, markdown)
                seen = (base, *(block.options for block in blocks))
                if seen not in memo:
                    found = stated(blocks, base, conf, options)
                    memo[seen] = tuple((id_key(b.id), b.status) for b in found if b.id)
                said = by_region[region] = memo[seen]
            parsed[blob, name] = said
    return parsed


#: what a history table says of a shallow clone's boundary commit
BOUNDARY_SUBJECT = "history starts here (shallow clone)"


def _undated_text(count: int) -> str:
    many = "commits have dates" if count > 1 else "commit has a date"
    return f"adr history: {count} {many} outside 1970-9999, shown as unknown"


#: one row of an ADR's past: a revision of a file and the name its text is read
#: under (an ADR without ``:id:`` takes its id from the file's name at HEAD)
Row = tuple[gitlog.Revision, str]
#: how many times one ADR's move to another file is followed (a guard against cycles)
_MAX_MOVES = 20


def _status_in(said: Said, key: str) -> str | None:
    return next((status for k, status in said if k == key), None)


class _Moves:
    """Follows ADRs moved between files without a rename git can detect.

    Where an ADR's id appears in a file (the oldest revision of the newest run
    holding it), the commit that brought it is searched for another file that
    held the id before (deleted, or changed: the block cut out); the ADR's past
    goes on with that file's past.
    """

    def __init__(
        self,
        git: str,
        repo: gitlog.Repo,
        commits: list[gitlog.Commit],
        conf: Settings,
        state: dict[str, Any],
    ) -> None:
        self.git, self.repo, self.commits = git, repo, commits
        self.conf, self.state = conf, state
        self._index: dict[str, int] | None = None
        #: the cache of parsed revisions (:func:`_parsed` adds to it)
        self.parsed = self.said(set())

    def said(self, pairs: set[tuple[str, str]]) -> Mapping[tuple[str, str], Said]:
        return _parsed(self.git, self.repo, pairs, self.conf, self.state)

    def trace(self, key: str, rows: list[Row]) -> list[Row]:
        """``rows`` (one file's revisions, newest first, parsed), continued in the
        file the ADR came from each time it moved."""
        done: list[Row] = []
        for _ in range(_MAX_MOVES):
            start = _appearance(key, rows, self.parsed)
            past = self._past(key, rows[start][0]) if start is not None else None
            if start is None or past is None:
                break
            done += rows[: start + 1]
            rows = past
        return done + rows

    def _past(self, key: str, rev: gitlog.Revision) -> list[Row] | None:
        """The past of the file the ADR left when it appeared at ``rev``, if any."""
        if self._index is None:  # built once, at the first ADR looked up
            self._index = {c.sha: i for i, c in enumerate(self.commits)}
        index = self._index[rev.sha]
        candidates = gitlog.moved_from(self.commits[index], rev.path)
        if not candidates:
            return None
        said = self.said({(blob, name) for name, blob in candidates})
        for before, old_blob in candidates:
            if _status_in(said[old_blob, before], key) is None:
                continue
            past = [(r, before) for r in gitlog.follow_from(self.commits, index, before)]
            self.said({(r.blob, name) for r, name in past})
            return past
        return None


def _appearance(key: str, rows: Sequence[Row], said: Mapping[tuple[str, str], Said]) -> int | None:
    """Where the newest run of revisions holding ``key`` starts (``None``: the newest
    revision does not hold it)."""
    start = None
    for i, (rev, name) in enumerate(rows):
        if _status_in(said.get((rev.blob, name), ()), key) is None:
            break
        start = i
    return start


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
            _status_in(parsed.get((rev.blob, name), ()), key) or "",
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
    env: BuildEnvironment, state: dict[str, Any], early: EarlyLog | None = None
) -> dict[str, list[History]]:
    """docname -> the History records of its ADRs (empty when history is off)."""
    domain = get_domain(env)
    repo = _read_repo(env, state)
    git = gitlog.git_program()
    if repo is None or git is None:
        return {}
    pathspec = _pathspec(env, repo)
    commits = _log(git, repo, _prefix(pathspec), state, early or EarlyLog())
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
    key = (state["log_key"], repo.boundary, _settings_key(domain.settings), marker, ids)
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
    state: dict[str, Any],
) -> dict[str, list[History]]:
    domain = get_domain(env)
    conf = domain.settings
    followed = gitlog.follow(commits, paths.values())
    wanted = {(rev.blob, path) for path in paths.values() for rev in followed[path]}
    _parsed(git, repo, wanted, conf, state)
    named = _implementing(env.config, commits)
    moves = _Moves(git, repo, commits, conf, state)
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


def _record_pages(app: Sphinx, doctree: nodes.document) -> None:
    if not enabled(app.config):
        return
    docname = app.env.docname
    domain = get_domain(app.env)
    doc = domain.docs.get(docname)
    if doc and doc.adrs:
        domain.add_record(docname, HistoryPage(docname, doc.adrs[0].lineno, None))


def _on_env_updated(app: Sphinx, env: BuildEnvironment, early: EarlyLog) -> list[str]:
    domain = get_domain(env)
    state: dict[str, Any] = domain.data.setdefault("history", {})
    with collector_paused():  # 20,000 revisions of a long log, all kept
        histories = compute_histories(env, state, early) if enabled(env.config) else {}
    _place(domain, histories)
    _stand_in_dates(domain, env.config.adr_date_from, histories, state)
    return []


def _place(domain: ADRDomain, histories: Mapping[str, list[History]]) -> None:
    """Replace each document's History records (only where they changed)."""
    for docname, doc in list(domain.docs.items()):
        current = [r for r in doc.children if isinstance(r, History)]
        new = histories.get(docname, [])
        if current != new:
            records = domain.doc(docname).children  # doc() also invalidates the index
            records[:] = [*(r for r in records if not isinstance(r, History)), *new]


def _stand_in(history: History, how: str, accepted: str) -> str | None:
    if how == "git-accepted":
        return history.status_date(accepted) or history.first
    return history.first


def _stand_in_dates(
    domain: ADRDomain,
    how: str | None,
    histories: Mapping[str, list[History]],
    state: dict[str, Any],
) -> None:
    """Give ADRs without a written ``:date:`` one from their history.

    Records of documents not re-read keep the date given last time: the state
    remembers which dates were given, so they are not taken for written ones.
    """
    given: dict[tuple[str, str], str] = state.get("given_dates", {})
    now: dict[tuple[str, str], str] = {}
    accepted = domain.settings.accepted
    for docname, doc in list(domain.docs.items()):
        by_id = {h.adr: h for h in histories.get(docname, [])}
        for i, adr in enumerate(doc.adrs):
            written = adr.date if given.get((docname, adr.id)) != adr.date else None
            date = written
            history = by_id.get(adr.id)
            if written is None and how is not None and history is not None:
                date = _stand_in(history, how, accepted)
                if date is not None:
                    now[docname, adr.id] = date
            if date != adr.date:
                domain.doc(docname).adrs[i] = dataclasses.replace(adr, date=date)
    state["given_dates"] = now


def history_of(domain: ADRDomain, adr: ADR) -> History | None:
    """The History record of ``adr`` (``None``: no history read)."""
    return next((r for r in domain.children(adr) if isinstance(r, History)), None)


#: the listing columns (and sort keys) History records answer
COLUMNS = ("accepted-on", "first-committed", "last-changed", "age")


def listing_columns(app: Sphinx) -> tuple[str, ...]:
    """The history columns, for listings of builds that read history."""
    return COLUMNS if enabled(app.config) else ()


def register(app: Sphinx) -> None:
    app.connect(LISTING_COLUMNS_EVENT, listing_columns)
    for name, default, help_text in _CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, _check_config)
    app.connect(DOC_READ_EVENT, _record_pages)
    early = EarlyLog()
    app.connect("env-before-read-docs", early.start)
    # after the code scan (same event): both replace child records of ADR documents
    app.connect("env-updated", functools.partial(_on_env_updated, early=early), priority=600)
    app.connect("build-finished", early.discard)
