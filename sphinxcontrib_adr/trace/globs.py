"""Globs over POSIX paths, translated to regular expressions whose cost stays bounded.

``*`` and ``?`` stay within one path component, ``**`` crosses them
(``**/`` at the start or after ``/`` stands for any number of whole
directories, none included), ``[abc]``/``[!abc]`` are character classes of
one character of a name.

A plain translation (``*`` to ``[^/]*``) backtracks exponentially on
patterns with many wildcards (``*a*a*a*a*b``, or ``**/**/**/x`` over deep
trees): text in an ADR alone could stall a build. Here repeated ``**`` are
collapsed, and every wildcard but those of the last ``**`` stretch is matched
once, at its leftmost place, inside an atomic group. Committing to the
leftmost place loses no match: what a later place would leave to match is
also left, with more before it, to the next wildcard (a ``*`` followed by a
literal without ``/`` stays in one name either way; a ``**`` takes anything).
``tests/test_hostile.py`` checks the translation against the plain one.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_STAR, _DSTAR, _DSEG, _CHAR = "*", "**", "**/", ""

#: each wildcard as matched greedily, and lazily (inside an atomic group)
_GREEDY = {_STAR: "[^/]*", _DSTAR: ".*", _DSEG: "(?:.*/)?"}
_LAZY = {_STAR: "[^/]*?", _DSTAR: ".*?", _DSEG: "(?:.*?/)??"}

#: at most this many entries are listed for ``:code:`` globs (a runaway tree stays cheap)
MAX_LISTED = 500_000


def is_glob(pattern: str) -> bool:
    """Whether ``pattern`` holds a wildcard or a character class."""
    return any(c in pattern for c in "*?[")


def static_prefix(pattern: str) -> str:
    """The directory part of a glob before its first wildcard (``src/a`` of ``src/a/*.py``)."""
    fixed: list[str] = []
    for part in pattern.split("/")[:-1]:
        if is_glob(part):
            break
        fixed.append(part)
    return "/".join(fixed)


def _char_class(pattern: str, i: int) -> tuple[str, int] | None:
    """The regex of the class opening at ``pattern[i]`` and the index after it, or
    ``None`` when it is not closed (then ``[`` is a literal character)."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "!":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1  # "[]a]" and "[!]a]": a first "]" is a member
    end = pattern.find("]", j)
    if end == -1:
        return None
    body = pattern[i + 1 : end]
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    # characters special inside a regex class, or reserved by re for set operations
    body = re.sub(r"([\\\[\]&~|^])", r"\\\1", body)
    if negated:
        return f"[^/{body}]", end + 1
    try:
        crosses = re.fullmatch(f"[{body}]", "/") is not None
    except re.error:
        crosses = False  # a reversed range: reported when the whole glob is compiled
    # like "?", a class stands for one character of a name, never "/"
    return (f"(?!/)[{body}]" if crosses else f"[{body}]"), end + 1


def _tokens(pattern: str) -> list[tuple[str, str]]:
    """``(wildcard kind, "")`` and ``("", regex of one character)``, repeats merged."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(pattern)
    while i < n:
        kind = ""
        if pattern.startswith("**", i):
            while pattern.startswith("*", i):
                i += 1
            kind = _DSTAR
            at_boundary = not out or out[-1] in ((_CHAR, "/"), (_DSEG, ""))
            if at_boundary and pattern.startswith("/", i):
                kind = _DSEG
                i += 1
        elif pattern[i] == "*":
            kind, i = _STAR, i + 1
        if kind:
            _add_wildcard(out, kind)
            continue
        char = pattern[i]
        found = _char_class(pattern, i) if char == "[" else None
        if char == "?":
            # "*?" is "?*": the "?" goes before the "*", so a run of wildcards in one
            # name holds a single "*"
            at = len(out) - 1 if out and out[-1][0] == _STAR else len(out)
            out.insert(at, (_CHAR, "[^/]"))
            i += 1
        elif found is not None:
            out.append((_CHAR, found[0]))
            i = found[1]
        else:
            out.append((_CHAR, re.escape(char)))
            i += 1
    return out


def _add_wildcard(out: list[tuple[str, str]], kind: str) -> None:
    """Append a wildcard, merged with one just before it (``**/**/`` is ``**/``)."""
    if out and out[-1][0] != _CHAR:
        before = out[-1][0]
        if before == kind:
            return
        if _DSTAR in (before, kind):
            out[-1] = (_DSTAR, "")
            return
        # "**/" then "*" (as in "**/*.py"): both stay
    out.append((kind, ""))


def _pieces(pattern: str) -> tuple[str, list[tuple[str, str]]]:
    """The fixed head, then ``(wildcard, fixed text after it)`` pieces."""
    head: list[str] = []
    pieces: list[tuple[str, list[str]]] = []
    for kind, regex in _tokens(pattern):
        if kind == _CHAR:
            (pieces[-1][1] if pieces else head).append(regex)
        else:
            pieces.append((kind, []))
    return "".join(head), [(kind, "".join(chunk)) for kind, chunk in pieces]


def plain_regex(pattern: str) -> str:
    """The direct translation (exponential backtracking): the reference for tests."""
    head, pieces = _pieces(pattern)
    return head + "".join(_GREEDY[kind] + chunk for kind, chunk in pieces)


def glob_regex(pattern: str) -> str:
    """A regular expression (to ``fullmatch``, with ``re.DOTALL``) for a glob."""
    head, pieces = _pieces(pattern)
    # stretches: each starts at a "**"; a "*" stays in its stretch
    stretches: list[list[tuple[str, str]]] = []
    for piece in pieces:
        if piece[0] == _STAR and stretches:
            stretches[-1].append(piece)
        else:
            stretches.append([piece])
    out = [head]
    for number, stretch in enumerate(stretches):
        final = number == len(stretches) - 1
        parts = []
        for index, (kind, chunk) in enumerate(stretch):
            if final and index == len(stretch) - 1:
                parts.append(_GREEDY[kind] + chunk)  # anchored at the end
            elif kind == _STAR:
                parts.append(f"(?>{_LAZY[kind]}{chunk})")
            else:
                parts.append((_GREEDY if final else _LAZY)[kind] + chunk)
        body = "".join(parts)
        out.append(body if final or stretch[0][0] == _STAR else f"(?>{body})")
    return "".join(out)


def compile_glob(pattern: str, suffix: str = "") -> re.Pattern[str]:
    """The compiled :func:`glob_regex` (plus ``suffix``); ``ValueError`` names what is wrong."""
    try:
        return re.compile(glob_regex(pattern) + suffix, re.DOTALL)
    except re.error as err:
        raise ValueError(f"is not a valid glob ({err.msg})") from None


# --------------------------------------------------------------------------
# one listing of the code root, for every ``:code:`` glob of a build


def list_tree(root: str, prefixes: Iterable[str]) -> list[str]:
    """Files and directories under ``root`` (relative POSIX paths, sorted), below
    the given directory prefixes; ``.git`` is skipped and symbolic links to
    directories are not entered. At most :data:`MAX_LISTED` entries: past that a
    glob may report that it matches nothing, which costs a warning, not minutes."""
    wanted = sorted(set(prefixes))
    tops = [p for p in wanted if not any(p.startswith(q + "/") for q in wanted if q and q != p)]
    if "" in tops:
        tops = [""]
    found: list[str] = []
    for top in tops:
        stack = [top]
        while stack and len(found) < MAX_LISTED:
            rel_dir = stack.pop()
            try:
                with os.scandir(f"{root}/{rel_dir}" if rel_dir else root) as scan:
                    entries = list(scan)
            except OSError:
                continue
            for entry in entries:
                if entry.name == ".git":
                    continue
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                found.append(rel)
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(rel)
                except OSError:
                    continue
    return sorted(found)


def glob_matches(pattern: str, listing: list[str]) -> bool:
    """Whether a glob matches an entry of the sorted ``listing``.

    Only entries at or below the glob's fixed directory are tried (they are
    contiguous in sorted order), and only those ending in its fixed tail.
    """
    compiled, prefix = compile_glob(pattern), static_prefix(pattern)
    tail = pattern[max(pattern.rfind(c) for c in "*?[]") + 1 :]
    if prefix and compiled.fullmatch(prefix):
        return True
    start = bisect_left(listing, prefix + "/") if prefix else 0
    stop = bisect_left(listing, prefix + "0", start) if prefix else len(listing)  # "0" follows "/"
    return any(
        compiled.fullmatch(listing[i]) for i in range(start, stop) if listing[i].endswith(tail)
    )
