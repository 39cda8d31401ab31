"""The tracing configuration: code root, forge URL, scan globs, marker pattern.

Every value is declared once with its help text and validated at
``config-inited`` into a :class:`TraceSettings`; a bad value is a
:class:`~sphinx.errors.ConfigError` that names the setting.
"""

from __future__ import annotations

import importlib
import re
import string
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.config import (
    PerConfig,
    SettingError,
    check_template,
    settings,
)
from .globs import compile_glob

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .codescan import Scanner

CODE_CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_code_root",
        None,
        "The directory ``:code:`` paths and ``adr_code_scan`` globs are relative to "
        "(absolute, or relative to the directory of ``conf.py``). Default: the "
        "repository root, the nearest directory above ``conf.py`` that holds ``.git``, "
        "or the directory of ``conf.py`` when there is none.",
    ),
    (
        "adr_code_url",
        None,
        "A URL template that turns code locations into links, with ``{path}``, "
        "``{line}``, ``{end}`` (last line of a range) and ``{commit}``, e.g. "
        "``'https://github.com/org/repo/blob/{commit}/{path}#L{line}'``. For a location "
        "without a line, the URL is cut before the ``#`` or ``?`` that leads to "
        "``{line}``. Without a template, locations are shown as literal paths.",
    ),
    (
        "adr_code_commit",
        None,
        "What ``{commit}`` in ``adr_code_url`` stands for. Default: the commit checked "
        "out in the code root's ``.git`` (read from its files, git is not run), else "
        "``HEAD``.",
    ),
    (
        "adr_code_scan",
        [],
        "Globs (relative to ``adr_code_root``; ``**`` crosses directories) of source "
        "files to scan for ADR ids in comments, e.g. ``['src/**/*.py', '**/*.go']``. "
        "Empty: no scan.",
    ),
    (
        "adr_code_scan_exclude",
        [],
        "Globs of files and directories the scan leaves out (besides what "
        "``.gitignore`` files ignore, when ``adr_code_scan_gitignore`` is true).",
    ),
    (
        "adr_code_scan_gitignore",
        True,
        "Whether the scan leaves out what git ignores: inside a git work tree git "
        "says (``.gitignore`` files, ``.git/info/exclude``, ``core.excludesFile``; a "
        "tracked file is never ignored), outside one the ``.gitignore`` files under "
        "``adr_code_root`` are read as git reads them.",
    ),
    (
        "adr_code_scan_max_bytes",
        2_000_000,
        "Files larger than this are not scanned (and reported as ``adr.code_scan``).",
    ),
    (
        "adr_code_marker",
        None,
        "A regular expression matching one ADR id in a comment; the id is its ``id`` "
        "group, or the whole match. Default: built from ``adr_id_format`` "
        "(``ADR-0007``, and ``ADR-7`` is read as ``ADR-0007``).",
    ),
    (
        "adr_code_refs_limit",
        50,
        "At most this many scanned code references are listed for one ADR on its page, "
        "in ``adr-trace`` and in ``adr-code`` (grouped per file, with counts); the rest "
        'is summed up as "and N more", pointing to the JSON export '
        "(``adr_json_path``), which lists every one. ``0``: no limit.",
    ),
    (
        "adr_code_keywords",
        [],
        "When not empty, an id in a comment counts only after one of these words "
        "(``['Implements', 'Follows']`` counts ``# Implements: ADR-0001, ADR-0002`` but "
        "not ``# unlike ADR-0003``). Matching is case-insensitive.",
    ),
]


@dataclass(frozen=True)
class TraceSettings:
    root: Path
    url: str | None
    url_noline: str | None
    commit: str
    scan: tuple[str, ...]
    exclude: tuple[str, ...]
    gitignore: bool
    max_bytes: int
    marker: re.Pattern[str]
    id_format: str | None  # set when the marker was derived from adr_id_format
    keywords: tuple[str, ...]
    #: how many scanned references a listing shows (0: all)
    refs_limit: int = 50

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """What the scan cache depends on besides the files."""
        return (
            str(self.root),
            self.scan,
            self.exclude,
            self.gitignore,
            self.max_bytes,
            self.marker.pattern,
            self.id_format,
            self.keywords,
        )

    def scanner(self) -> Scanner:
        # here: the scanner (its comment lexers) is for builds that scan (issue 29)
        from .codescan import Scanner

        id_format = self.id_format

        def normalise(match: re.Match[str]) -> str:
            if id_format is not None:
                return id_format.format(number=int(match["number"]))
            return match["id"] if "id" in match.re.groupindex else match[0]

        return Scanner(
            self.root,
            self.scan,
            self.exclude,
            marker=self.marker,
            normalise=normalise,
            keywords=self.keywords,
            gitignore=self.gitignore,
            max_bytes=self.max_bytes,
            literal=id_literal(id_format) if id_format is not None else b"",
        )

    def url_for(self, path: str, start: int | None = None, end: int | None = None) -> str | None:
        template = self.url if start is not None else self.url_noline
        if template is None:
            return None
        return template.format(
            path=urllib.parse.quote(path),
            line="" if start is None else start,
            end="" if start is None else (end or start),
            commit=self.commit,
        )


# --------------------------------------------------------------------------
# configuration


def check_regex(name: str, value: object) -> re.Pattern[str]:
    """A regular expression that compiles and never matches empty text, else ConfigError.

    A zero-width match (``\\b``, ``(?=ADR)``) would make every word boundary a
    marker or a ticket with an empty id.
    """
    if not isinstance(value, str) or not value:
        raise SettingError(name, f"{name} = {value!r}: must be a non-empty regular expression")
    try:
        compiled = re.compile(value)
    except (re.error, RecursionError, OverflowError) as err:
        raise SettingError(
            name, f"{name} = {value!r}: invalid regular expression ({err})"
        ) from None
    if _may_match_empty(compiled):
        raise SettingError(
            name,
            f"{name} = {value!r}: can match empty text (zero width, like \\b or a lookahead "
            "alone); make it match at least one character",
        )
    return compiled


_EMPTY_PROBES = ("", " ", "ADR-0001", "a b", "x-1 #2", "\n")


def _may_match_empty(compiled: re.Pattern[str]) -> bool:
    # the minimum width re's own parser computes is exact; probing sample texts
    # is the fallback should that private module change
    try:
        parser: Any = importlib.import_module("re._parser")
        return int(parser.parse(compiled.pattern, compiled.flags).getwidth()[0]) == 0
    except Exception:
        return any(m.end() == m.start() for t in _EMPTY_PROBES for m in compiled.finditer(t))


def url_samples(groups: Iterable[str], extra: Mapping[str, object]) -> list[dict[str, object]]:
    """Values a URL template meets: each group matched (``"1"``) or left out (``""``)."""
    names = list(groups)
    return [{**dict.fromkeys(names, value), **extra} for value in ("1", "")]


def _globs(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SettingError(name, f"{name} = {value!r}: must be a list of glob strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise SettingError(name, f"{name} = {value!r}: {item!r} is not a non-empty glob")
        if item.startswith("/") or ".." in item.split("/"):
            raise SettingError(name, f"{name} = {value!r}: {item!r} leaves adr_code_root")
        try:
            compile_glob(item.strip().strip("/"))
        except ValueError as err:
            raise SettingError(name, f"{name} = {value!r}: {item!r} {err}") from None
    return tuple(item.strip() for item in value)


def find_code_root(confdir: Path) -> Path:
    """The nearest directory at or above ``confdir`` holding ``.git``, else ``confdir``."""
    start = confdir.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return start


def git_commit(root: Path) -> str | None:
    """The checked-out commit, read from ``.git`` files (git itself is not run)."""
    git = root / ".git"
    try:
        if git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = git.read_text("utf-8").strip()
            if not text.startswith("gitdir:"):
                return None
            git = (root / text.split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text("utf-8").strip()
        if not head.startswith("ref:"):
            return head or None
        ref = head.split(":", 1)[1].strip()
        for gitdir in (git, _common_dir(git)):
            ref_file = gitdir / ref
            if ref_file.is_file():
                return ref_file.read_text("utf-8").strip() or None
            packed = gitdir / "packed-refs"
            if packed.is_file():
                for line in packed.read_text("utf-8").splitlines():
                    parts = line.split()
                    if len(parts) == 2 and parts[1] == ref:
                        return parts[0]
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _common_dir(git: Path) -> Path:
    try:
        return (git / (git / "commondir").read_text("utf-8").strip()).resolve()
    except OSError:
        return git


def id_literal(id_format: str) -> bytes:
    """The fixed text that starts every id (``ADR-``), for a fast pre-check of files."""
    for literal, _fname, _spec, _conv in string.Formatter().parse(id_format):
        return literal.encode("utf-8")
    return b""


def id_marker(id_format: str) -> re.Pattern[str]:
    """A regex for the ids ``adr_id_format`` produces, the number as group ``number``."""
    parts: list[str] = []
    seen = False
    for literal, fname, _spec, _conv in string.Formatter().parse(id_format):
        parts.append(re.escape(literal))
        if fname is not None:
            # bounded: int() refuses a 5,000-digit "number" in a hostile comment
            parts.append(r"\d{1,64}" if seen else r"(?P<number>\d{1,64})")
            seen = True
    body = "".join(parts)
    return re.compile(rf"(?<![\w-]){body}(?!\w)")


#: the values ``adr_code_url`` meets: a location with a line (``int``s) ...
_URL_SAMPLES = ({"path": "src/a%20b.py", "line": 7, "end": 12, "commit": "0a1b2c"},)
#: ... and, once cut before ``{line}``, a file or directory without one
_NOLINE_SAMPLES = ({"path": "src", "line": "", "end": "", "commit": "0a1b2c"},)
_LINE_FIELD = re.compile(r"\{line[^{}]*\}")


def _code_urls(url: object) -> tuple[str | None, str | None]:
    """``adr_code_url`` and its form for locations without a line."""
    if url is None:
        return None, None
    url = check_template("adr_code_url", url, _URL_SAMPLES)
    url_noline = url
    found = _LINE_FIELD.search(url)
    if found is not None:
        stop = max(url.rfind(c, 0, found.start()) for c in "#?&")
        url_noline = url[:stop] if stop >= 0 else url
    try:
        check_template("adr_code_url", url_noline, _NOLINE_SAMPLES)
    except SettingError as err:
        raise SettingError(
            err.setting,
            f"{err} (for a location without a line the URL is cut before the #, ? or & "
            "that leads to {line}: put {line} after one)",
        ) from None
    return url, url_noline


def _code_root(raw_root: object, confdir: Path) -> Path:
    if raw_root is None:
        return find_code_root(confdir)
    if not isinstance(raw_root, str | Path) or not str(raw_root).strip():
        raise SettingError(
            "adr_code_root", f"adr_code_root = {raw_root!r}: must be a directory path"
        )
    try:
        root = (confdir / raw_root).resolve()
        is_dir = root.is_dir()
    except (OSError, ValueError) as err:
        raise SettingError(
            "adr_code_root", f"adr_code_root = {raw_root!r}: cannot be used ({err})"
        ) from None
    if not is_dir:
        raise SettingError(
            "adr_code_root", f"adr_code_root = {raw_root!r}: {root} is not a directory"
        )
    return root


def _code_commit(commit: object, root: Path) -> str:
    """``adr_code_commit``, or the code root's checked-out commit, or ``HEAD``."""
    if commit is not None and (not isinstance(commit, str) or not commit.strip()):
        raise SettingError(
            "adr_code_commit", f"adr_code_commit = {commit!r}: must be a non-empty string"
        )
    return (commit or git_commit(root) or "HEAD").strip()


def _code_marker(config: Config) -> tuple[re.Pattern[str], str | None]:
    """The marker pattern, and the id format it is made from when not configured."""
    if config.adr_code_marker is not None:
        return check_regex("adr_code_marker", config.adr_code_marker), None
    id_format = settings(config).id_format
    return id_marker(id_format), id_format


def _keywords(keywords: object) -> tuple[str, ...]:
    if isinstance(keywords, str) or not isinstance(keywords, list | tuple):
        raise SettingError(
            "adr_code_keywords", f"adr_code_keywords = {keywords!r}: must be a list of words"
        )
    if not all(isinstance(k, str) and k.strip() for k in keywords):
        raise SettingError(
            "adr_code_keywords", f"adr_code_keywords = {keywords!r}: every keyword must be a word"
        )
    return tuple(k.strip() for k in keywords)


def _validate(config: Config, confdir: Path) -> TraceSettings:
    # checked in this order: the first wrong setting is the one reported
    root = _code_root(config.adr_code_root, confdir)
    url, url_noline = _code_urls(config.adr_code_url)
    commit = _code_commit(config.adr_code_commit, root)
    marker, id_format = _code_marker(config)
    keywords = _keywords(config.adr_code_keywords)
    max_bytes = config.adr_code_scan_max_bytes
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise SettingError(
            "adr_code_scan_max_bytes",
            f"adr_code_scan_max_bytes = {max_bytes!r}: must be a positive int",
        )
    return TraceSettings(
        root=root,
        url=url,
        url_noline=url_noline,
        commit=commit,
        scan=_globs("adr_code_scan", config.adr_code_scan),
        exclude=_globs("adr_code_scan_exclude", config.adr_code_scan_exclude),
        gitignore=bool(config.adr_code_scan_gitignore),
        max_bytes=max_bytes,
        marker=marker,
        id_format=id_format,
        keywords=keywords,
        refs_limit=_count("adr_code_refs_limit", config.adr_code_refs_limit),
    )


def _count(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SettingError(name, f"{name} = {value!r}: must be a whole number, 0 or more")
    return value


def _validate_here(config: Config) -> TraceSettings:
    conf_file = getattr(config, "_raw_config", {}).get("__file__")
    return _validate(config, Path(conf_file).parent if conf_file else Path.cwd())


_TRACE_SETTINGS: PerConfig[TraceSettings] = PerConfig(_validate_here)


def trace_settings(config: Config, confdir: Path | None = None) -> TraceSettings:
    """The validated tracing configuration (computed once per config)."""
    if confdir is not None:
        return _TRACE_SETTINGS.store(config, _validate(config, confdir))
    return _TRACE_SETTINGS(config)


def check_code_settings(app: Sphinx, config: Config) -> None:
    trace_settings(config, Path(app.confdir))
