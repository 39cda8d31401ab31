"""The git log a history pass reads, and how it is kept (see ADR-0013).

The log is started before the documents are read (:class:`EarlyLog`) and kept
packed in the domain's data by HEAD, folder, log format and shallow boundary:
a rebuild without a commit does not parse it, and after new commits only
those are read.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from ..core.datakey import DataKey
from ..core.domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from . import gitlog
    from .history_records import History


class HistoryState(TypedDict, total=False):
    """What the history pass keeps between builds, in the domain's data."""

    #: the log, packed (:func:`gitlog.pack_log`), for ``log_key`` ``(HEAD, folder)``,
    #: in ``log_format`` and read with the shallow clone's ``log_boundary``
    log: bytes
    log_key: tuple[str, str]
    log_format: int
    log_boundary: frozenset[str]
    #: the date of the oldest commit read, and how many commits had no usable date
    log_start: str | None
    undated: int
    #: the info lines already said, by topic (said once, not at every rebuild)
    told: dict[str, str]
    #: the histories of the last pass, for the inputs in ``result_key``
    result: dict[str, list[History]]
    result_key: tuple[object, ...]
    #: what each ``(blob, file name)`` says, for the settings in ``parsed_key``
    parsed: dict[tuple[str, str], tuple[tuple[str, str], ...]]
    parsed_key: str
    #: written into the records by builds before dates were derived; dropped
    given_dates: object


HISTORY: DataKey[HistoryState] = DataKey("history", HistoryState)


def enabled(config: Config) -> bool:
    """Whether this build reads git history."""
    return bool(config.adr_history) or config.adr_date_from is not None


def pathspec_of(env: BuildEnvironment, repo: gitlog.Repo) -> str:
    try:
        return Path(env.srcdir).resolve().relative_to(repo.toplevel.resolve()).as_posix()
    except ValueError:
        return "."


def log_since(git: str, repo: gitlog.Repo, prefix: str, previous: Any) -> str | None:
    """The HEAD the kept log ends at, when only the commits after it need reading."""
    if previous is None or previous[1] != prefix:
        return None
    from . import gitlog

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
        if not enabled(env.config):
            return  # before importing git's module: most builds read no history
        from . import gitlog

        git = gitlog.git_program()
        if git is None:
            return
        repo = gitlog.find_repo(git, Path(env.srcdir))
        if repo is None:
            return
        state = HISTORY.of(get_domain(env))
        prefix = prefix_of(pathspec_of(env, repo))
        previous = kept_key(state, repo)
        if previous == (repo.head, prefix):
            return
        since = log_since(git, repo, prefix, previous)
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


def prefix_of(pathspec: str) -> str:
    return "" if pathspec == "." else pathspec + "/"


def kept_key(state: HistoryState, repo: gitlog.Repo) -> tuple[str, str] | None:
    """``(HEAD, folder)`` of the kept log (``None``: none, one an earlier version kept,
    or one read before the shallow clone's boundary moved: its boundary commits
    showed every file as added)."""
    from . import gitlog

    kept = (state.get("log_format"), state.get("log_boundary"))
    if not isinstance(state.get("log"), bytes) or kept != (gitlog.LOG_FORMAT, repo.boundary):
        return None
    return state.get("log_key")


def kept_log(
    git: str, repo: gitlog.Repo, prefix: str, state: HistoryState, early: EarlyLog
) -> Callable[[], list[gitlog.Commit]]:
    """The log (messages, changes under the sources), read again only when HEAD or
    the folder moved: when the previous HEAD is an ancestor, only the new commits.

    Kept packed (:func:`gitlog.pack_log`); what is returned unpacks it only when
    called, so a rebuild that reuses the histories does not parse it.
    """
    from . import gitlog

    key = (repo.head, prefix)
    previous = kept_key(state, repo)
    if previous == key:
        return functools.cache(functools.partial(gitlog.unpack_log, state["log"]))
    # started before reading, with its range (no second ancestry check)
    started = early.take(repo.head, prefix)
    if started is None:
        since = log_since(git, repo, prefix, previous)
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
