"""Reading a repository's history with the ``git`` program (see ADR-0013).

A few short-lived processes per build: ``git rev-parse`` (where the
repository is, HEAD, whether the clone is shallow), ``git status`` (files with
uncommitted changes) and, only when HEAD moved, one ``git log --raw`` (only
the new commits when HEAD moved forward) plus one ``git cat-file --batch`` for
the file revisions not seen before (blobs are content-addressed, so what was parsed once stays
valid). Renames are followed the way ``git log --follow`` does, but for every
file in one pass. Nothing here knows Sphinx; failures return ``None``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

#: the blob id git writes for "no file" (the old side of an addition)
_NULL_BLOB = "0" * 40
_TIMEOUT = 120
#: fields separated by NUL, which no message, name or date can hold (git cuts a
#: message at a NUL): with ``-z`` a commit reads as the tokens ``sha, date, author,
#: message`` and its changes, each a meta token and one or two paths, so what a
#: message says can never start another commit
_FORMAT = "--format=%H%x00%cs%x00%aN%x00%B"
#: the options of every ``git log`` whose output :func:`parse_log` reads
LOG_ARGS = ("-M", "--raw", "--no-abbrev", "-z", "--no-color", _FORMAT)
#: the form of the kept log (:func:`pack_log`); a log kept in another form is read again
LOG_FORMAT = 2
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: control characters a message or a name may hold (tab, newline and the NUL
#: separating fields aside): shown as they are, they make malformed XML (EPUB)
_CONTROL = re.compile(r"[\x01-\x08\x0b-\x1f\x7f]")
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))


@dataclass(frozen=True, slots=True)
class Repo:
    """Where a checkout is and what it holds."""

    toplevel: Path
    head: str
    shallow: bool
    #: a shallow clone's boundary commits (``.git/shallow``): git shows them as adding
    #: every file, so what they "change" says nothing about when it was written
    boundary: frozenset[str] = frozenset()


class Commit(NamedTuple):
    """One commit of the log, with the files it changed under the pathspec (a named
    tuple: a long log is kept with the environment, and tuples pickle fast)."""

    sha: str
    #: committer date, YYYY-MM-DD; "" when unknown (outside 1970-9999, or unreadable)
    date: str
    author: str
    subject: str
    #: ``(status letter, old path, new path, new blob, old blob)``; old path is "" unless
    #: renamed; a blob is the null id on the side where the file does not exist
    changes: tuple[tuple[str, str, str, str, str], ...] = ()
    #: the whole message (``subject`` is its first line)
    message: str = ""


class Revision(NamedTuple):
    """One committed revision of a file (followed through renames)."""

    sha: str
    date: str
    author: str
    subject: str
    path: str  # the file's path in that commit
    blob: str


def git_program() -> str | None:
    """The ``git`` executable, or ``None`` when it is not installed."""
    return shutil.which("git")


class Job:
    """One git command, started at once, its output going to a temporary file: no
    pipe to poll while git writes (a large log comes in thousands of small
    writes), and the caller may do other work before it asks for the result."""

    def __init__(self, git: str, cwd: Path, *args: str, stdin: bytes | None = None) -> None:
        # a fixed, quiet environment: no pager, no prompts, no user-local replacements
        env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        env.pop("GIT_DIR", None)
        env.pop("GIT_WORK_TREE", None)
        # closed by result(), which every job is given to
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc: subprocess.Popen[bytes] | None = None
        try:
            with tempfile.TemporaryFile() as given:
                given.write(stdin or b"")
                given.seek(0)
                self._proc = subprocess.Popen(
                    [git, "-c", "core.quotepath=off", *args],
                    cwd=cwd, stdin=given, stdout=self._out,
                    # only the exit status says what went wrong
                    stderr=subprocess.DEVNULL, env=env,
                )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            self._proc = None

    def result(self) -> bytes | None:
        """The command's output (``None``: it failed or took too long); waits for it."""
        proc, self._proc = self._proc, None
        try:
            if proc is None:
                return None
            try:
                code = proc.wait(timeout=_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                return None
            if code != 0:
                return None
            self._out.seek(0)
            return self._out.read()
        finally:
            self._out.close()


def _run(git: str, cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    return Job(git, cwd, *args, stdin=stdin).result()


def find_repo(git: str, folder: Path) -> Repo | None:
    """The checkout holding ``folder`` (``None``: not a checkout, or no commit yet)."""
    out = _run(
        git, folder, "rev-parse", "--show-toplevel", "--is-shallow-repository",
        "--git-path", "shallow", "HEAD",
    )  # fmt: skip
    if out is None:
        return None
    lines = out.decode("utf-8", "replace").splitlines()
    if len(lines) != 4:
        return None
    shallow = lines[1].strip() == "true"
    boundary: frozenset[str] = frozenset()
    if shallow:
        try:  # one id a line; the path is relative to ``folder``
            listed = (folder / lines[2]).read_text("ascii", "replace").split()
        except OSError:
            listed = []
        boundary = frozenset(sha for sha in listed if _SHA.fullmatch(sha))
    return Repo(Path(lines[0]), lines[3].strip(), shallow, boundary)


def dirty_paths(git: str, repo: Repo, pathspec: str) -> frozenset[str]:
    """Paths (relative to the top level) with uncommitted or untracked changes."""
    out = _run(
        git, repo.toplevel, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
        pathspec,
    )  # fmt: skip
    if out is None:
        return frozenset()
    paths: set[str] = set()
    entries = out.decode("utf-8", "replace").split("\0")
    skip = False
    for entry in entries:
        if skip:  # the origin of a staged rename
            skip = False
            continue
        if len(entry) < 4:
            continue
        paths.add(entry[3:])
        skip = entry[0] in "RC"
    return frozenset(paths)


def start_log(git: str, repo: Repo, since: str | None = None) -> Job:
    """Start reading every commit of HEAD's history (or those after ``since``),
    newest first, with its message and changes (renames detected).

    No pathspec on purpose: with one, git simplifies history by diffing every
    commit's trees once more, which doubles the cost; files outside the
    sources are dropped while parsing, and commits touching none still count
    for their messages (implementing commits).
    """
    revs = f"{since}..{repo.head}" if since else repo.head
    return Job(git, repo.toplevel, "log", *LOG_ARGS, revs, "--")


def read_log(job: Job, prefix: str) -> list[Commit] | None:
    """The commits a :func:`start_log` job reads, with the changes of files under
    ``prefix`` (waits for git to finish)."""
    out = job.result()
    if out is None:
        return None
    return parse_log(out.decode("utf-8", "replace"), prefix)


def is_ancestor(git: str, repo: Repo, commit: str) -> bool:
    """Whether ``commit`` is in HEAD's history (not when rebased or reset away)."""
    return _run(git, repo.toplevel, "merge-base", "--is-ancestor", commit, repo.head) is not None


def parse_log(text: str, prefix: str = "") -> list[Commit]:
    """Parse ``git log --raw -z`` output in the format :func:`read_log` asks for,
    keeping the changes of paths that start with ``prefix``.

    Every token is taken by its position: four for the commit, then changes while
    the next token is a meta token (``:modes blobs letter``, which no commit id
    is), each followed by its paths. Dates outside 1970-9999 become "" (unknown);
    control characters are dropped from names and messages.
    """
    tokens = text.split("\0")
    commits = []
    dates: dict[str, str] = {}
    # most logs hold no control character at all: one C-speed pass over the bytes
    # (deleting every other byte) says so, cheaper than a search per message
    control = bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL))
    i, count = 0, len(tokens)
    while i + 3 < count:
        sha = tokens[i]
        if len(sha) != 40 and len(sha) != 64:  # the empty token after the last commit
            i += 1
            continue
        date = dates.get(tokens[i + 1])
        if date is None:
            date = dates[tokens[i + 1]] = known_date(tokens[i + 1])
        author, message = tokens[i + 2], tokens[i + 3]
        if control:
            author, message = _CONTROL.sub("", author), _CONTROL.sub("", message)
        message = message.strip()
        changes, i = _changes(tokens, i + 4, prefix)
        subject = message.split("\n", 1)[0]
        commits.append(Commit(sha, date, author, subject, changes, message))
    return commits


def known_date(text: str) -> str:
    """``text`` if it is a real date of the years 1970-9999, else "" (unknown): git
    shows what a commit says, a year 10000 or an unreadable date included."""
    match = _DATE.fullmatch(text)
    if match is None or int(match[1]) < 1970:
        return ""
    try:
        _dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return ""
    return text


def pack_log(commits: Sequence[Commit]) -> bytes:
    """The commits in the form :func:`parse_log` reads, compressed: a long log is
    kept with the environment as one bytes object, which pickles and loads in
    milliseconds and gives the garbage collector nothing to walk (tens of
    thousands of named tuples cost it a share of every later collection)."""
    parts = []
    for c in commits:
        parts.append(f"{c.sha}\0{c.date}\0{c.author}\0{c.message}\0")
        for letter, old, new, blob, old_blob in c.changes:
            paths = f"{old}\0{new}" if letter in "RC" else new
            parts.append(f"\n:000000 000000 {old_blob} {blob} {letter}\0{paths}\0")
    return zlib.compress("".join(parts).encode("utf-8", "surrogateescape"), 1)


def unpack_log(packed: bytes) -> list[Commit]:
    """The commits :func:`pack_log` kept."""
    return parse_log(zlib.decompress(packed).decode("utf-8", "surrogateescape"))


def _changes(
    tokens: list[str], i: int, prefix: str
) -> tuple[tuple[tuple[str, str, str, str, str], ...], int]:
    """The changes of one commit from its ``--raw -z`` tokens starting at ``i``, and
    where the next commit starts: a meta token (``:old-mode new-mode old-blob
    new-blob letter``), then one path (two for renames and copies)."""
    found = []
    count = len(tokens)
    while i < count:
        meta = tokens[i]
        if ":" not in meta[:2]:  # the next commit's id
            break
        fields = meta.split()
        letter = fields[4][:1] if len(fields) > 4 else "M"
        if letter in "RC":
            old, new = tokens[i + 1 : i + 3] if i + 2 < count else ("", "")
            i += 3
        else:
            old, new = "", tokens[i + 1] if i + 1 < count else ""
            i += 2
        if new.startswith(prefix) or old.startswith(prefix):
            blob = fields[3] if len(fields) > 3 else _NULL_BLOB
            old_blob = fields[2] if len(fields) > 2 else _NULL_BLOB
            found.append((letter, old, new, blob, old_blob))
    return tuple(found), i


def follow(commits: Iterable[Commit], wanted: Iterable[str]) -> dict[str, list[Revision]]:
    """The revisions of each wanted file (a path at HEAD), newest first, through
    renames and copies, as ``git log --follow`` gives them file by file.

    Walking back in time, ``alias`` maps a path as it was to the file it is now:
    a rename moves the alias to the old path, an addition ends the file's past.
    """
    alias = {path: path for path in wanted}
    found: dict[str, list[Revision]] = {path: [] for path in alias}
    for commit in commits:
        for letter, old, new, blob, _old_blob in commit.changes:
            current = alias.get(new)
            if current is None:
                continue
            if letter == "D":  # the file was deleted here and re-created later
                continue
            found[current].append(
                Revision(commit.sha, commit.date, commit.author, commit.subject, new, blob)
            )
            if letter in "RC":
                del alias[new]
                alias[old] = current
            elif letter == "A":
                del alias[new]
    return found


def follow_from(commits: Sequence[Commit], start: int, path: str) -> list[Revision]:
    """The revisions of ``path`` as it was before ``commits[start]`` (older commits
    only), newest first, through renames: the past of a file an ADR was moved out of.
    """
    older = (commits[i] for i in range(start + 1, len(commits)))
    return follow(older, [path])[path]


def moved_from(commit: Commit, path: str) -> list[tuple[str, str]]:
    """Where an ADR appearing in ``path`` at ``commit`` may come from: the other
    files the commit deleted, changed or renamed, as ``(path before, old blob)``."""
    return [
        (old or new, old_blob)
        for letter, old, new, _blob, old_blob in commit.changes
        if new != path and letter != "A" and old_blob != _NULL_BLOB
    ]


def read_blobs(git: str, repo: Repo, blobs: Iterable[str]) -> Mapping[str, str] | None:
    """The text of each blob, read by one ``git cat-file --batch``."""
    wanted = sorted(set(blobs) - {_NULL_BLOB})
    if not wanted:
        return {}
    out = _run(git, repo.toplevel, "cat-file", "--batch", stdin="\n".join(wanted).encode() + b"\n")
    if out is None:
        return None
    texts: dict[str, str] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        texts[header[0].decode()] = out[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1  # the content is followed by a newline
    return texts
