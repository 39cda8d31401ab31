"""Scanning a source tree for ADR ids written in comments (no Sphinx in here).

The scan walks the code root once, pruning directories that no include glob
can reach, that an exclude glob names or that a ``.gitignore`` ignores; it
never descends into symbolic links to directories (so symlink loops cannot
trap it) and skips files whose target lies outside the root. Each file is
re-read only when its modification time or size changed since the cache was
filled, so a warm scan costs one ``stat`` per file.

A marker counts only inside a comment: the comment syntax is guessed from the
file's extension (``#``, ``//``, ``/* */``, ``--``, ``<!-- -->``, ...), which
keeps ids quoted in strings and docstrings of ordinary code from counting.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

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
# globs and .gitignore


def glob_regex(pattern: str) -> str:
    """A regular expression (to ``fullmatch``) for a glob over POSIX paths.

    ``*`` and ``?`` stay within one path component, ``**`` crosses them,
    ``[abc]``/``[!abc]`` are character classes.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        char = pattern[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def static_prefix(pattern: str) -> str:
    """The directory part of a glob before its first wildcard (``src/a`` of ``src/a/*.py``)."""
    parts = pattern.split("/")
    fixed: list[str] = []
    for part in parts[:-1]:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return "/".join(fixed)


def is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


@dataclass(frozen=True, slots=True)
class _IgnoreRule:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool
    base: str  # directory of the .gitignore, relative to the root ("" for the root)


def parse_gitignore(text: str, base: str) -> list[_IgnoreRule]:
    """The rules of one ``.gitignore`` found in directory ``base``."""
    rules = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.strip("/") if dir_only else line
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        body = glob_regex(line)
        if not anchored:
            body = "(?:.*/)?" + body
        rules.append(_IgnoreRule(re.compile(body), negated, dir_only, base))
    return rules


def _ignored(rules: Sequence[_IgnoreRule], path: str, is_dir: bool) -> bool:
    result = False
    for rule in rules:
        if rule.dir_only and not is_dir:
            continue
        rel = path[len(rule.base) + 1 :] if rule.base else path
        if rule.regex.fullmatch(rel):
            result = not rule.negated
    return result


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


def _line_comment_start(prefix: str, tokens: Sequence[str], quotes: str) -> int:
    """Where a line comment starts in ``prefix`` (outside string literals), or -1."""
    quote = ""
    i, n = 0, len(prefix)
    while i < n:
        char = prefix[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in quotes:
            quote = char
        else:
            for token in tokens:
                if prefix.startswith(token, i):
                    return i
        i += 1
    return -1


def comment_start(
    text: str,
    line_start: int,
    pos: int,
    syntax: tuple[tuple[str, ...], tuple[tuple[str, str], ...], str],
) -> int:
    """The offset where the comment holding ``pos`` starts, or -1 outside comments."""
    tokens, blocks, quotes = syntax
    if tokens:
        found = _line_comment_start(text[line_start:pos], tokens, quotes)
        if found >= 0:
            return line_start + found
    for opener, closer in blocks:
        # a block comment is open at pos when its last opener comes after its last closer
        opened = text.rfind(opener, 0, pos)
        if opened >= 0 and text.rfind(closer, opened + len(opener), pos) == -1:
            return opened
    return -1


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
        self.include = [re.compile(glob_regex(p.strip("/"))) for p in include]
        self.prefixes = sorted({static_prefix(p.strip("/")) for p in include})
        self.exclude = [re.compile(glob_regex(p.strip("/"))) for p in exclude]
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
        base_rules: list[_IgnoreRule] = []
        stack: list[tuple[str, list[_IgnoreRule]]] = [("", base_rules)]
        while stack:
            rel_dir, rules = stack.pop()
            abs_dir = f"{self.root}/{rel_dir}" if rel_dir else str(self.root)
            try:
                with os.scandir(abs_dir) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError:
                continue
            if self.gitignore and any(e.name == ".gitignore" for e in entries):
                try:
                    text = Path(abs_dir, ".gitignore").read_text("utf-8", errors="replace")
                    rules = [*rules, *parse_gitignore(text, rel_dir)]
                except OSError:
                    pass
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
                            and not (rules and _ignored(rules, rel, True))
                        ):
                            subdirs.append((rel, rules))
                        continue
                    if not any(rx.fullmatch(rel) for rx in self.include):
                        continue
                    if self._excluded(rel) or (rules and _ignored(rules, rel, False)):
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
        """``(line, id)`` of every marker in a comment of ``text``."""
        syntax = comment_syntax(rel)
        line, counted = 1, 0
        seen: set[tuple[int, str]] = set()
        for match in self.marker.finditer(text):
            pos = match.start()
            line += text.count("\n", counted, pos)
            counted = pos
            line_start = text.rfind("\n", 0, pos) + 1
            start = comment_start(text, line_start, pos, syntax)
            if start < 0:
                continue
            if self.keyword_re is not None and not self._after_keyword(text[start:pos]):
                continue
            found = (line, self.normalise(match))
            if found not in seen:
                seen.add(found)
                yield found

    def _after_keyword(self, before: str) -> bool:
        assert self.keyword_re is not None
        # "Implements: <id>, <id>": every id listed after one keyword counts
        rest = self.marker.sub("", before)
        rest = re.sub(r"(?:[\s,;&/]|\band\b)+$", "", rest)
        return bool(self.keyword_re.search(rest + " "))


def read_bytes(path: str) -> bytes:
    """Read a file (a seam for tests that simulate unreadable files)."""
    with open(path, "rb") as handle:  # noqa: PTH123 (a str path: 20,000 Paths cost 0.5 s)
        return handle.read()
