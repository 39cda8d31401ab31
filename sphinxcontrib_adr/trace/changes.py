"""What happened to the decision log between two git revisions.

A changelog compares the ADRs of two revisions (``TO`` may be the working
tree): ADRs added, status changes, ADRs superseded/deprecated/rejected (and
by what), ADRs whose text changed, ADRs removed. Only the files that differ
are read: one ``git diff --raw --numstat`` names them with their blobs and
the lines changed, one ``git cat-file --batch`` reads their two sides, each
parsed with the build's own option parser (cached by blob, which is
content-addressed). The commits in between (``git rev-list FROM..TO``) are
looked up in the log the history pass keeps (:mod:`.history_log`): no second
``git log``. A changelog of two commits is cached by their ids, the
repository's HEAD (the kept log) and the settings. Nothing here knows Sphinx
but through the settings; the ``adr-changes`` directive (:mod:`.changes_views`)
and ``sphinx-adr changes`` both call :func:`changelog`.
"""

# Implements: ADR-0013 (history from one git log pass, cached by HEAD and blob)
# Implements: ADR-0028 (the changelog compares the two trees)

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..core.locale import N_
from ..core.model import id_key, split_list
from ..listings.filters import FilterProblem, parse_revision
from . import gitlog
from .changes_read import Snap, snapshots
from .history_records import CommitRef
from .history_revisions import parsed_revisions, settings_key, status_in

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from ..core.config import Settings

#: the groups of a changelog, in the order they are shown
KINDS: tuple[str, ...] = ("added", "status", "retired", "text", "removed")
#: each group's heading
KIND_TITLES = {
    "added": N_("Added"),
    "status": N_("Status changed"),
    "retired": N_("Superseded, deprecated or rejected"),
    "text": N_("Text changed"),
    "removed": N_("Removed"),
}
_NULL = "0" * 40


class RevisionProblem(Exception):
    """A changelog that cannot be computed; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One ADR in a changelog."""

    kind: str
    #: the id as written (at ``TO``; at ``FROM`` when removed)
    adr: str
    title: str
    #: its file, relative to the repository's top level
    path: str
    #: the status at ``FROM`` ("" when added) and at ``TO`` ("" when removed)
    before: str
    after: str
    #: the date of the commit that gave it its status at ``TO`` ("": not committed or unknown)
    date: str = ""
    #: the ids of the ADRs superseding it at ``TO`` (relations that imply a status)
    by: tuple[str, ...] = ()
    #: lines added and removed in its file between the two revisions
    lines: int = 0
    #: the commits between the two revisions that changed its file, newest first
    commits: tuple[CommitRef, ...] = ()

    @property
    def key(self) -> str:
        return id_key(self.adr)


@dataclass(frozen=True, slots=True)
class Changelog:
    """The changes between two commits (``head`` "": the working tree)."""

    base: str
    head: str
    entries: tuple[Entry, ...] = ()

    def of_kinds(self, kinds: Iterable[str]) -> list[Entry]:
        wanted = set(kinds)
        return [e for e in self.entries if e.kind in wanted]


@dataclass(frozen=True, slots=True)
class _FileChange:
    letter: str
    old: str
    new: str
    old_blob: str
    new_blob: str
    lines: int = 0


@dataclass
class Source:
    """Where a changelog is computed: the repository, the folder of the sources
    (``prefix``, relative to the top level), the settings and the log."""

    git: str
    repo: gitlog.Repo
    prefix: str
    conf: Settings
    #: the kept log (newest first), called only when a changelog is computed
    commits: Callable[[], list[gitlog.Commit]]
    #: the cache: parsed sides by blob, changelogs by commits (kept between builds)
    state: dict[str, Any]
    suffixes: tuple[str, ...] = (".rst", ".md")


def resolve(git: str, repo: gitlog.Repo, revision: str) -> str | None:
    """The commit id a revision names (``None``: git does not know it). The name
    is checked by :func:`~..listings.filters.parse_revision` first (never an option)."""
    out = gitlog.Job(
        git, repo.toplevel, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"
    ).result()
    sha = out.decode("ascii", "replace").strip() if out else ""
    return sha if re.fullmatch(r"[0-9a-f]{40}(?:[0-9a-f]{24})?", sha) else None


def changelog(source: Source, base: str, head: str | None) -> Changelog:
    """The changes from commit ``base`` to commit ``head`` (``None``: the working
    tree); a changelog between two commits is computed once (see module doc)."""
    conf = source.conf
    key = (base, head, source.repo.head, settings_key(conf), source.prefix, source.suffixes)
    results: dict[tuple[object, ...], Changelog] = source.state.setdefault("results", {})
    if head is not None and key in results:
        return results[key]
    files = _diff(source, base, head)
    if files is None:
        raise RevisionProblem(f"git could not compare {base[:12]} with {head or 'the files'}")
    entries = _entries(source, files, head is None)
    found = _with_commits(source, base, head, files, entries)
    result = Changelog(base, head or "", tuple(found))
    if head is not None:
        results[key] = result
    return result


def forget_except(state: dict[str, Any], used: Iterable[tuple[str, str | None]]) -> None:
    """Drop cached changelogs no page uses any more (the cache does not grow)."""
    keep = set(used)
    results = state.get("results", {})
    for key in [k for k in results if (k[0], k[1]) not in keep]:
        del results[key]


def parse_range(text: str) -> tuple[str, str | None]:
    """``FROM..TO`` or ``FROM..`` / ``FROM`` (to the working tree)."""
    base, dots, head = text.strip().partition("..")
    if dots and head.startswith("."):
        raise FilterProblem(
            f"{text.strip()!r}: write two dots, FROM..TO (three dots compare with the merge base)"
        )
    return parse_revision(base, "the revision"), (
        parse_revision(head, "the revision") if head.strip() else None
    )


def parse_kinds(value: str | None) -> tuple[str, ...]:
    if value is None:
        return KINDS
    kinds = tuple(k.casefold() for k in split_list(value))
    wrong = [k for k in kinds if k not in KINDS]
    if wrong or not kinds:
        raise FilterProblem(
            f":kinds: {', '.join(map(repr, wrong)) or 'nothing'} is not a kind of change; "
            f"write some of {', '.join(KINDS)}"
        )
    return tuple(k for k in KINDS if k in kinds)


# --------------------------------------------------------------------------
# the files that differ


def _diff(source: Source, base: str, head: str | None) -> list[_FileChange] | None:
    pathspec = source.prefix or "."
    revs = [base, head] if head is not None else [base]
    out = gitlog.Job(
        source.git, source.repo.toplevel, "diff", "--raw", "--numstat", "-M", "-z",
        "--no-abbrev", "--no-color", "--no-ext-diff", "--no-textconv", *revs, "--", pathspec,
    ).result()  # fmt: skip
    if out is None:
        return None
    files = _parse_diff(out.decode("utf-8", "surrogateescape"))
    if head is None:
        files += _untracked(source, pathspec)
    return [f for f in files if (f.new or f.old).endswith(source.suffixes)]


def _parse_diff(text: str) -> list[_FileChange]:
    """``--raw`` entries (``:modes blobs letter``, paths), then ``--numstat`` ones
    (``added TAB deleted TAB path``, or ``TAB`` and two paths for a rename)."""
    tokens = text.split("\0")
    raw: list[_FileChange] = []
    lines: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith(":"):
            fields = token.split()
            letter = fields[4][:1] if len(fields) > 4 else "M"
            two = letter in "RC"
            paths = (
                tokens[i + 1 : i + 3] if two else ["", tokens[i + 1] if i + 1 < len(tokens) else ""]
            )
            raw.append(_FileChange(letter, paths[0], paths[1], fields[2], fields[3]))
            i += 3 if two else 2
            continue
        added, _, rest = token.partition("\t")
        deleted, _, path = rest.partition("\t")
        if not _:
            i += 1
            continue
        count = sum(int(n) for n in (added, deleted) if n.isdigit())  # "-": binary
        if path:
            lines[path] = count
            i += 1
        else:  # a rename: the two paths follow
            lines[tokens[i + 2] if i + 2 < len(tokens) else ""] = count
            i += 3
    return [
        _FileChange(f.letter, f.old, f.new, f.old_blob, f.new_blob, lines.get(f.new, 0))
        for f in raw
    ]


def _untracked(source: Source, pathspec: str) -> list[_FileChange]:
    """New files git does not track yet (the working tree's side holds them)."""
    out = gitlog.Job(
        source.git, source.repo.toplevel, "ls-files", "-z", "--others", "--exclude-standard",
        "--", pathspec,
    ).result()  # fmt: skip
    names = (out or b"").decode("utf-8", "surrogateescape").split("\0")
    return [
        _FileChange("A", "", name, _NULL, _NULL, len(_disk_text(source, name).splitlines()))
        for name in names
        if name
    ]


def _disk_text(source: Source, path: str) -> str:
    try:
        return (source.repo.toplevel / path).read_text("utf-8", "replace")
    except OSError:
        return ""


# --------------------------------------------------------------------------
# what each side says


#: an ADR on one side: its key, the file (named as at ``TO``) and what it says
_Side = list[tuple[str, str, Snap]]


def _sides(source: Source, files: Sequence[_FileChange], worktree: bool) -> tuple[_Side, _Side]:
    """What the old side and the new side of the changed files say."""
    parsed: dict[tuple[str, str], tuple[Snap, ...]] = source.state.setdefault("snaps", {})
    wanted = {(f.old_blob, f.old or f.new) for f in files if f.old_blob != _NULL}
    if not worktree:
        wanted |= {(f.new_blob, f.new) for f in files if f.new_blob != _NULL}
    missing = {pair for pair in wanted if pair not in parsed}
    if missing:
        texts = gitlog.read_blobs(source.git, source.repo, (b for b, _n in missing)) or {}
        for blob, name in missing:
            parsed[blob, name] = snapshots(texts.get(blob, ""), name, source.conf)
    old: _Side = []
    new: _Side = []
    for f in files:
        before = f.old or f.new
        if f.old_blob != _NULL:
            old += [(id_key(s.id), f.new, s) for s in parsed[f.old_blob, before]]
        if f.letter == "D":
            continue
        if worktree:
            found = snapshots(_disk_text(source, f.new), f.new, source.conf)
        else:
            found = parsed[f.new_blob, f.new] if f.new_blob != _NULL else ()
        new += [(id_key(s.id), f.new, s) for s in found]
    return old, new


def _pairs(old: _Side, new: _Side) -> list[tuple[Snap | None, Snap | None]]:
    """The two sides of each ADR: by id in the same file first (two files may hold
    the same id, e.g. examples), then by id alone when one file on each side holds
    it (an ADR moved to another file)."""
    pairs: list[tuple[Snap | None, Snap | None]] = []
    by_file = {(key, path): snap for key, path, snap in new}
    left_old = []
    for key, path, snap in old:
        after = by_file.pop((key, path), None)
        if after is not None:
            pairs.append((snap, after))
        else:
            left_old.append((key, snap))
    left_new = [(key, snap) for (key, _path), snap in by_file.items()]
    olds: dict[str, list[Snap]] = {}
    news: dict[str, list[Snap]] = {}
    for key, snap in left_old:
        olds.setdefault(key, []).append(snap)
    for key, snap in left_new:
        news.setdefault(key, []).append(snap)
    for key in olds.keys() | news.keys():
        a, b = olds.get(key, []), news.get(key, [])
        if len(a) == 1 and len(b) == 1:
            pairs.append((a[0], b[0]))
        else:
            pairs += [(x, None) for x in a] + [(None, y) for y in b]
    return sorted(pairs, key=lambda p: (id_key((p[1] or p[0]).id), (p[1] or p[0]).path))  # type: ignore[union-attr]


def _entries(source: Source, files: Sequence[_FileChange], worktree: bool) -> list[Entry]:
    old, new = _sides(source, files, worktree)
    lines = {f.new or f.old: f.lines for f in files}
    lines.update({f.old: f.lines for f in files if f.old})
    renamed = {(f.old, f.new) for f in files if f.old}
    retired_by: dict[str, list[str]] = {}
    for _key, _path, snap in new:
        for target in snap.retires:
            retired_by.setdefault(id_key(target), []).append(snap.id)
    inactive = source.conf.inactive
    entries = []
    for before, after in _pairs(old, new):
        if after is None and before is not None:
            entries.append(
                Entry("removed", before.id, before.title, before.path, before.status, "")
            )
            continue
        if after is None:
            continue
        count = lines.get(after.path, 0)
        if (
            before is not None
            and before.path != after.path
            and (before.path, after.path) not in renamed
        ):
            # moved to a file git did not see as a rename: one deleted, one added
            count += lines.get(before.path, 0)
        if before is None:
            kind = "added"
        elif before.status != after.status:
            kind = "retired" if after.status in inactive else "status"
        elif count or replace(before, path=after.path) != after:
            kind = "text"
        else:  # a file moved or renamed, its decision the same
            continue
        by = (
            tuple(dict.fromkeys([*after.by, *retired_by.get(id_key(after.id), ())]))
            if kind == "retired"
            else ()
        )
        entries.append(
            Entry(kind, after.id, after.title, after.path, before.status if before else "",
                  after.status, by=by, lines=count)
        )  # fmt: skip
    return entries


# --------------------------------------------------------------------------
# the commits in between


def _range(source: Source, base: str, head: str | None) -> set[str]:
    out = gitlog.Job(
        source.git, source.repo.toplevel, "rev-list", f"{base}..{head or source.repo.head}", "--"
    ).result()
    return set((out or b"").decode("ascii", "replace").split())


def _with_commits(
    source: Source,
    base: str,
    head: str | None,
    files: Sequence[_FileChange],
    entries: list[Entry],
) -> list[Entry]:
    """Each entry with the commits that changed its file, and the date its status came."""
    if not entries:
        return entries
    between = _range(source, base, head)
    commits = [c for c in source.commits() if c.sha in between] if between else []
    paths = {e.path for e in entries if e.kind != "removed"}
    followed = gitlog.follow(commits, paths)
    touching: dict[str, list[gitlog.Commit]] = {}
    for commit in commits:
        for _letter, old, new, _blob, _old_blob in commit.changes:
            for path in {old, new} - {""}:
                touching.setdefault(path, []).append(commit)
    wanted = {
        (r.blob, r.path)
        for e in entries
        if e.kind in ("status", "retired")
        for r in followed[e.path]
    }
    said = parsed_revisions(source.git, source.repo, wanted, source.conf, source.state)
    result = []
    for entry in entries:
        if entry.kind == "removed":
            refs = [
                CommitRef(c.date, c.sha, c.author, c.subject) for c in touching.get(entry.path, [])
            ]
            result.append(replace(entry, commits=tuple(refs)))
            continue
        revisions = followed[entry.path]
        refs = [CommitRef(r.date, r.sha, r.author, r.subject) for r in revisions]
        date = ""
        if entry.kind in ("status", "retired"):
            date = _status_came(entry, [(r.blob, r.path, r.date) for r in revisions], said)
        result.append(replace(entry, commits=tuple(refs), date=date))
    return result


def _status_came(
    entry: Entry,
    revisions: Sequence[tuple[str, str, str]],
    said: Any,
) -> str:
    """The date of the oldest commit of the newest run of revisions holding the
    status the ADR has at ``TO`` ("" when the newest revision does not hold it:
    the change is not committed)."""
    date = ""
    for blob, path, when in revisions:  # newest first
        if status_in(said.get((blob, path), ()), entry.key) != entry.after:
            break
        date = when
    return date
