"""Scanning a source tree for ADR ids written in comments (no Sphinx in here).

The scan walks the code root once, pruning directories that no include glob
can reach, that an exclude glob names or that git ignores (``ignore.py``); it
never descends into symbolic links to directories (so symlink loops cannot
trap it) and skips files whose target lies outside the root. Each file is
re-read only when its modification time or size changed since the cache was
filled, so a warm scan costs one ``stat`` per file.

A marker counts only inside a comment: the comment syntax is guessed from the
file's extension (``#``, ``//``, ``/* */``, ``--``, ``<!-- -->``, ...), which
keeps ids quoted in strings and docstrings of ordinary code from counting.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from .globs import compile_glob, static_prefix
from .ignore import Ignore, ignore_rules

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from pathlib import Path

#: cache entry of one file: ``(mtime_ns, size, ((line, id), ...), problem or "")``
CacheEntry = tuple[int, int, tuple[tuple[int, str], ...], str]

#: a list of ``(relative path, stat)`` of files to read together
Batch = list[tuple[str, os.stat_result]]

_BINARY_PROBE = 8192


@dataclass(frozen=True, slots=True)
class Marker:
    """One ADR id found in a comment of a source file."""

    path: str  # POSIX path relative to the code root
    line: int
    id: str


@dataclass
class ScanResult:
    markers: list[Marker] = field(default_factory=list)
    #: ``(path, message)`` for files that could not be scanned
    problems: list[tuple[str, str]] = field(default_factory=list)
    cache: dict[str, CacheEntry] = field(default_factory=dict)
    files: int = 0
    read: int = 0


# --------------------------------------------------------------------------
# comments

_HASH = ("#",)
_SLASH = ("//",)
_C_BLOCK = (("/*", "*/"),)
_XML_BLOCK = (("<!--", "-->"),)

_Syntax = tuple[tuple[str, ...], tuple[tuple[str, str], ...], str]


def _define(
    exts: str, line: tuple[str, ...], block: tuple[tuple[str, str], ...], q: str
) -> dict[str, _Syntax]:
    return dict.fromkeys(exts.split(), (line, block, q))


#: extension -> (line comment tokens, block comment delimiters, string quotes)
_SYNTAX: Mapping[str, _Syntax] = MappingProxyType(
    {
        **_define(
            "py pyi pyx sh bash zsh fish rb pl pm r yaml yml toml cfg conf nix tf cmake",
            _HASH,
            (),
            "\"'",
        ),
        **_define("mk makefile dockerfile ps1 jl ex exs cr coffee gd", _HASH, (), "\"'"),
        **_define(
            "c h cc cpp cxx hpp hh cs java kt kts scala groovy dart swift proto",
            _SLASH,
            _C_BLOCK,
            "\"'",
        ),
        **_define("js jsx mjs cjs ts tsx mts cts go", _SLASH, _C_BLOCK, "\"'`"),
        **_define("rs zig sol v", _SLASH, _C_BLOCK, '"'),
        **_define("php", ("//", "#"), _C_BLOCK, "\"'"),
        **_define("css", (), _C_BLOCK, "\"'"),
        **_define("scss less sass styl", _SLASH, _C_BLOCK, "\"'"),
        **_define(
            "sql lua hs elm ada adb ads vhd vhdl", ("--",), (("/*", "*/"), ("{-", "-}")), "'\""
        ),
        **_define("html htm xml xsd svg md markdown vue svelte", (), _XML_BLOCK, ""),
        **_define("tex sty erl hrl m", ("%",), (), ""),
        **_define("lisp el clj cljs scm asm s ini", (";",), (), '"'),
        **_define("rst txt", ("..",), (), ""),
    }
)
_DEFAULT_SYNTAX = (("#", "//", "--"), (("/*", "*/"), ("<!--", "-->")), "\"'`")


def comment_syntax(path: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], str]:
    name = path.rsplit("/", 1)[-1].casefold()
    ext = name.rsplit(".", 1)[-1] if "." in name else name
    return _SYNTAX.get(ext, _DEFAULT_SYNTAX)


@functools.lru_cache(maxsize=64)
def _lexer(syntax: _Syntax) -> re.Pattern[str]:
    """Each match: the text up to the next comment (string literals skipped whole),
    then that comment as group ``c``, or the end of the text.

    One pass over the text, whatever it holds: the skipped part is one atomic
    group, and a match ends at a comment or at the end, so no position is
    searched twice (a file of 100,000 quoted ids costs what its size costs).
    """
    tokens, blocks, quotes = syntax
    starts = [*tokens, *(opener for opener, _closer in blocks)]
    comment = "|".join(
        [
            *(f"{re.escape(t)}[^\n]*" for t in tokens),
            *(f"{re.escape(o)}(?s:.*?)(?:{re.escape(c)}|\\Z)" for o, c in blocks),
        ]
    )
    firsts = sorted({s[0] for s in starts})
    plain = "[^" + "".join(re.escape(c) for c in sorted({*firsts, *quotes})) + "]+"
    # the first character of a comment token that starts no comment ("/" of "a / b")
    lone = "(?!" + "|".join(map(re.escape, starts)) + ")[" + "".join(map(re.escape, firsts)) + "]"
    skip = "|".join([plain, *map(_string_literal, quotes), lone])
    return re.compile(f"(?>(?:{skip})*)(?:(?P<c>{comment})|\\Z)")


def _string_literal(quote: str) -> str:
    """A string literal: it ends at its quote or, unterminated, at the end of its line."""
    q = re.escape(quote)
    body = f"[^{q}\\\\\n]*"
    return f"{q}{body}(?:\\\\.{body})*{q}?"


def comment_spans(text: str, syntax: _Syntax) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every comment in ``text``, in order."""
    if not syntax[0] and not syntax[1]:
        return
    for match in _lexer(syntax).finditer(text):
        if match.start("c") >= 0:
            yield match.span("c")


# --------------------------------------------------------------------------
# the scanner


class Scanner:
    """Finds ADR markers under ``root`` in the files the globs select."""

    def __init__(
        self,
        root: Path,
        include: Sequence[str],
        exclude: Sequence[str] = (),
        marker: re.Pattern[str] | None = None,
        normalise: Callable[[re.Match[str]], str] | None = None,
        keywords: Sequence[str] = (),
        gitignore: bool = True,
        max_bytes: int = 2_000_000,
        literal: bytes = b"",
    ) -> None:
        self.root = root
        # the configuration is validated: these globs compile
        self.include = [compile_glob(p.strip("/")) for p in include]
        self.prefixes = sorted({static_prefix(p.strip("/")) for p in include})
        self.exclude = [compile_glob(p.strip("/")) for p in exclude]
        self.marker = marker or re.compile(r"(?<![\w-])ADR-\d+(?!\w)")
        self.normalise = normalise or (lambda m: m.group("id") if "id" in m.re.groupindex else m[0])
        self.keyword_re = (
            re.compile("(?:" + "|".join(map(re.escape, keywords)) + r")\s*:?\s*$", re.I)
            if keywords
            else None
        )
        self.gitignore = gitignore
        self.max_bytes = max_bytes
        #: text every marker contains: files without it are not decoded or searched
        self.literal = literal
        self._real_root = os.path.realpath(root)
        self._root_str = str(root)

    # ----------------------------------------------------------- walking

    def _reachable(self, rel: str) -> bool:
        """Whether some include glob can match below directory ``rel``."""
        for prefix in self.prefixes:
            if not prefix or rel == prefix or rel.startswith(prefix + "/"):
                return True
            if prefix.startswith(rel + "/"):
                return True
        return False

    def _excluded(self, rel: str) -> bool:
        return any(rx.fullmatch(rel) for rx in self.exclude)

    def files(self) -> Iterator[tuple[str, os.stat_result]]:
        """``(relative path, stat)`` of every selected regular file, in sorted order."""
        stack: list[tuple[str, Ignore]] = [
            ("", ignore_rules(self.root) if self.gitignore else Ignore())
        ]
        while stack:
            rel_dir, rules = stack.pop()
            abs_dir = f"{self.root}/{rel_dir}" if rel_dir else str(self.root)
            try:
                with os.scandir(abs_dir) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError:
                continue
            rules = rules.enter(rel_dir, abs_dir, [e.name for e in entries])
            subdirs = []
            for entry in entries:
                name = entry.name
                if name == ".git":
                    continue
                rel = f"{rel_dir}/{name}" if rel_dir else name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if (
                            self._reachable(rel)
                            and not self._excluded(rel)
                            and not rules.ignored(rel, True)
                        ):
                            subdirs.append((rel, rules))
                        continue
                    if not any(rx.fullmatch(rel) for rx in self.include):
                        continue
                    if self._excluded(rel) or rules.ignored(rel, False):
                        continue
                    info = entry.stat()  # follows a symlinked file to its target
                except OSError:  # dangling or looping symlink, vanished file
                    continue
                if not stat.S_ISREG(info.st_mode):
                    continue
                if entry.is_symlink() and not self._inside(entry.path):
                    continue
                yield rel, info
            stack.extend(reversed(subdirs))

    def _inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self._real_root or real.startswith(self._real_root + os.sep)

    # ---------------------------------------------------------- scanning

    def scan(
        self,
        cache: dict[str, CacheEntry] | None = None,
        progress: Callable[[list[Batch]], Iterable[Batch]] | None = None,
    ) -> ScanResult:
        """Scan every selected file, re-reading only those changed since ``cache``.

        ``progress`` (optional) wraps the batches of files to read, to show progress.
        """
        old = cache or {}
        result = ScanResult()
        todo: list[tuple[str, os.stat_result]] = []
        for rel, info in self.files():
            result.files += 1
            entry = old.get(rel)
            if entry is not None and entry[0] == info.st_mtime_ns and entry[1] == info.st_size:
                result.cache[rel] = entry
            else:
                todo.append((rel, info))
        batches = [todo[i : i + 500] for i in range(0, len(todo), 500)]
        for batch in progress(batches) if progress and batches else batches:
            for rel, info in batch:
                result.cache[rel] = self._scan_file(rel, info)
                result.read += 1
        for rel in sorted(result.cache):
            _mtime, _size, found, problem = result.cache[rel]
            if problem:
                result.problems.append((rel, problem))
            result.markers.extend(Marker(rel, line, adr_id) for line, adr_id in found)
        return result

    def _scan_file(self, rel: str, info: os.stat_result) -> CacheEntry:
        key = (info.st_mtime_ns, info.st_size)
        if info.st_size > self.max_bytes:
            return (
                *key,
                (),
                f"{info.st_size} bytes, more than adr_code_scan_max_bytes "
                f"({self.max_bytes}); exclude it or raise the limit",
            )
        try:
            data = read_bytes(f"{self._root_str}/{rel}")
        except OSError as err:
            # not cached as a result: a permission fix does not change mtime or size
            return (-1, -1, (), f"cannot be read ({err.strerror or err}); fix or exclude it")
        if b"\0" in data[:_BINARY_PROBE]:
            return (*key, (), "")  # binary files hold no comments: skipped silently
        if self.literal and self.literal not in data:
            return (*key, (), "")
        return (*key, tuple(self.find_markers(rel, data.decode("utf-8", errors="replace"))), "")

    def find_markers(self, rel: str, text: str) -> Iterator[tuple[int, str]]:
        """``(line, id)`` of every marker in a comment of ``text``.

        Linear in the size of ``text``: the comments are found in one pass and
        each is searched alone (a marker lies within its comment).
        """
        if self.marker.search(text) is None:
            return  # most files name no ADR: no need to find their comments
        line, counted = 1, 0
        seen: set[tuple[int, str]] = set()
        keyword = _KeywordCheck(self.keyword_re) if self.keyword_re is not None else None
        for start, end in comment_spans(text, comment_syntax(rel)):
            for match in self.marker.finditer(text, start, end):
                pos = match.start()
                if match.end() == pos:
                    continue  # a zero-width match names nothing
                if keyword is not None and not keyword.counts(text, start, match):
                    continue
                adr_id = self.normalise(match)
                if not adr_id:
                    continue  # an optional id group that did not take part
                line += text.count("\n", counted, pos)
                counted = pos
                found = (line, adr_id)
                if found not in seen:
                    seen.add(found)
                    yield found


class _KeywordCheck:
    """Whether each marker of a comment follows a keyword, in one pass per comment.

    "Implements: <id>, <id>": an id counts when the text before it in its
    comment, without the ids and the separators after them, ends with a
    keyword. Only the end of that text is kept (:data:`_KEYWORD_WINDOW`), so a
    comment listing thousands of ids costs time linear in its length.
    """

    def __init__(self, keyword_re: re.Pattern[str]) -> None:
        self.keyword_re = keyword_re
        self.comment = -1
        self.last = 0  # where the previous marker of this comment ended
        self.rest = ""  # the end of the comment's text so far, without ids
        self.verdict = False

    def counts(self, text: str, comment: int, match: re.Match[str]) -> bool:
        if comment != self.comment:
            self.comment, self.last, self.rest, self.verdict = comment, comment, "", False
        gap = _strip_separators(text[self.last : match.start()])
        self.last = match.end()
        if gap:  # else this id continues the list of the one before
            self.rest = (self.rest + gap)[-_KEYWORD_WINDOW:]
            self.verdict = self.keyword_re.search(self.rest + " ") is not None
        return self.verdict


_KEYWORD_WINDOW = 256
_SEPARATOR_CHARS = " \t\n\r\f\v,;&/"


def _strip_separators(text: str) -> str:
    """``text`` without the separators of a list of ids at its end (``, ; & / and``)."""
    while True:
        text = text.rstrip(_SEPARATOR_CHARS)
        if not text.endswith("and") or (len(text) > 3 and (text[-4].isalnum() or text[-4] == "_")):
            return text
        text = text[:-3]


def read_bytes(path: str) -> bytes:
    """Read a file (a seam for tests that simulate unreadable files)."""
    with open(path, "rb") as handle:  # noqa: PTH123 (a str path: 20,000 Paths cost 0.5 s)
        return handle.read()
