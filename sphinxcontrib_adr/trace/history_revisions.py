"""What each committed revision of an ADR file says (parsed once per blob, with
the build's own option parser), and ADRs followed when they moved between files
without a rename git can detect. Used by :mod:`.history`.

A revision from before the file was imported (``sphinx-adr import``) holds no
``adr`` block: it is read with the importer's own reader
(:func:`~..core.foreign.foreign_options`), so the ADR's past is what the log
said then, and a status that appears only with the import (``--default-status``)
dates from the file's first commit.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from ..core.foreign import foreign_options
from ..core.model import id_key
from ..core.sourcescan import Block, block_regions, find_blocks, includes, stated
from . import gitlog
from .history_included import included_revisions

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..core.config import Settings
    from .history_log import HistoryState


def settings_key(conf: Settings) -> str:
    """What parsing a revision depends on: a change re-parses every revision."""
    # "foreign": revisions without a block are read with the importer's reader
    return (
        repr((conf.statuses, sorted(conf.aliases.items()), conf.id_format, conf.default_status))
        + "foreign-1"
    )


#: the key of what a revision without an ``adr`` block says: the ADR its file holds
#: now, whatever its id (the text from before the import names none)
FOREIGN = "*"


#: what a revision says: ``(ADR key, status)`` of each of its blocks with an id
Said = tuple[tuple[str, str], ...]


def parsed_revisions(
    git: str,
    repo: gitlog.Repo,
    wanted: set[tuple[str, str]],
    conf: Settings,
    state: HistoryState | dict[str, Any],
) -> Mapping[tuple[str, str], Said]:
    """What each ``(blob, file name)`` says; only revisions never seen are read
    (kept in ``state``: the history pass's, or the changes page's own)."""
    key = settings_key(conf)
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
            if len(region) == 2:  # no adr block: a revision from before the import
                parsed[blob, name] = _foreign(text, markdown, conf)
                continue
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


def _foreign(text: str, markdown: bool, conf: Settings) -> Said:
    """What a revision without an ``adr`` block says, read as the importer reads it:
    ``((FOREIGN, status),)`` (an empty status: it states none), or nothing for an
    empty text."""
    if not text.strip():
        return ()
    options = foreign_options(text, markdown, conf.statuses, dict(conf.aliases))
    if "status" not in options:
        return ((FOREIGN, ""),)
    found = stated((Block(0, (("status", options["status"]),)),), "", conf)
    return ((FOREIGN, found[0].status),)


#: one row of an ADR's past: a revision of a file and the name its text is read
#: under (an ADR without ``:id:`` takes its id from the file's name at HEAD)
Row = tuple[gitlog.Revision, str]
#: how many times one ADR's move to another file is followed (a guard against cycles)
_MAX_MOVES = 20


def status_in(said: Said, key: str) -> str | None:
    """The status a revision gives the ADR ``key`` (``None``: it does not hold it); a
    revision from before the import speaks of the ADR its file holds."""
    return next((status for k, status in said if k == key or (k == FOREIGN and status)), None)


class Moves:
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
        state: HistoryState,
    ) -> None:
        self.git, self.repo, self.commits = git, repo, commits
        self.conf, self.state = conf, state
        self._index: dict[str, int] | None = None
        #: the cache of parsed revisions (:func:`_parsed` adds to it)
        self.parsed = self.said(set())

    def said(self, pairs: set[tuple[str, str]]) -> Mapping[tuple[str, str], Said]:
        return parsed_revisions(self.git, self.repo, pairs, self.conf, self.state)

    def trace(self, key: str, rows: list[Row]) -> list[Row]:
        """``rows`` (one file's revisions, newest first, parsed), continued in the
        file the ADR came from each time it moved; a page that only includes the
        file holding the ADR gives way to that file's revisions."""
        rows = self._included(key, rows) or rows
        done: list[Row] = []
        for _ in range(_MAX_MOVES):
            start = _appearance(key, rows, self.parsed)
            past = self._past(key, rows[start][0]) if start is not None else None
            if start is None or past is None:
                break
            done += rows[: start + 1]
            rows = past
        return self._backdated(key, done + rows)

    def _included(self, key: str, rows: list[Row]) -> list[Row] | None:
        """The revisions of the file a page includes (``.. include::`` relative to
        the page, as docutils resolves it) that holds the ADR, when no revision of
        the page itself does; a file outside the source folder (which the log does
        not cover) by its own log."""
        said = self.parsed
        if not rows or any(status_in(said.get((r.blob, n), ()), key) for r, n in rows):
            return None
        newest, name = rows[0]
        text = (gitlog.read_blobs(self.git, self.repo, [newest.blob]) or {}).get(newest.blob, "")
        for _line, target in includes(text.splitlines(), name.endswith(".md")):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(newest.path), target))
            if target.startswith("/") or path.startswith("../"):
                continue  # relative to the source folder, or outside the repository
            revisions = included_revisions(self.git, self.repo, self.commits, path)
            found = [(r, path) for r in revisions]
            held = self.said({(r.blob, path) for r, _path in found})
            if any(status_in(held.get((r.blob, path), ()), key) for r, _path in found):
                return found
        return None

    def _backdated(self, key: str, rows: list[Row]) -> list[Row]:
        """A status that appears only with the import (the revisions before it state
        none: ``--default-status``) was the ADR's from the file's first commit: those
        revisions are read as stating it (under a name of their own in ``parsed``)."""
        said = self.parsed
        first = next(
            (i for i in range(len(rows) - 1, -1, -1) if _own_status(said, rows[i], key)), None
        )
        if first is None or first + 1 == len(rows):
            return rows
        before = rows[first + 1 :]
        if not all(said.get((r.blob, n)) == ((FOREIGN, ""),) for r, n in before):
            return rows
        status = _own_status(said, rows[first], key)
        name = f"{FOREIGN}{status}"  # no file is named so: the cache keeps it apart
        cache = self.state["parsed"]
        for rev, _name in before:
            cache[rev.blob, name] = ((key, status),)
        return [*rows[: first + 1], *((rev, name) for rev, _name in before)]

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
            # only a block naming the ADR: another file's text from before its import
            # speaks of that file's own ADR
            if all(k != key for k, _status in said[old_blob, before]):
                continue
            past = [(r, before) for r in gitlog.follow_from(self.commits, index, before)]
            self.said({(r.blob, name) for r, name in past})
            return past
        return None


def _own_status(said: Mapping[tuple[str, str], Said], row: Row, key: str) -> str:
    """The status an ``adr`` block of the revision gives ``key`` ("" if none)."""
    rev, name = row
    return next((s for k, s in said.get((rev.blob, name), ()) if k == key), "")


def _appearance(key: str, rows: Sequence[Row], said: Mapping[tuple[str, str], Said]) -> int | None:
    """Where the newest run of revisions holding ``key`` starts (``None``: the newest
    revision does not hold it)."""
    start = None
    for i, (rev, name) in enumerate(rows):
        if status_in(said.get((rev.blob, name), ()), key) is None:
            break
        start = i
    return start
