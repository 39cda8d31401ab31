"""What the command line knows of a project without building it.

``conf.py`` is evaluated (as ``sphinx-build`` would) to read the ``adr_*``
settings, and ADR sources are scanned textually for ``adr`` directive blocks,
which is fast enough to list hundreds of ADRs instantly. The scan gives
:class:`~sphinxcontrib_adr.core.model.ADR` records like a build does (same option
parsing), so ``sphinx-adr list`` filters exactly like ``adr-table``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.utils import column_width

from ..core.compat_sphinx_adr import native_options, resolve_documents
from ..core.config import CONFIG_VALUES, LinkKind, Settings, validate
from ..core.directive import parse_adr_options
from ..core.domain import relations_of
from ..core.model import (
    ADR,
    ValueProblem,
    format_id,
    number_from_name,
    strip_id_prefix,
)
from ..core.myst_fence import colon_fence_enabled
from ..core.myst_fence import message as myst_message
from ..core.sourcescan import (
    MD_OPEN_RE,
    RST_ADR_RE,
    QuietChecker,
    include_path,
    includes,
    options_after,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


#: where ``conf.py`` is looked for, relative to the working directory
CONF_PLACES = (".", "docs", "doc", "docs/source", "doc/source", "source")
#: the error of a command run where none of CONF_PLACES holds conf.py: it names them all
NO_CONF_PY = (
    "no conf.py found in ., docs/, doc/, docs/source/, doc/source/ or source/; give "
    "the source directory with -C DIR"
)
SOURCE_SUFFIXES = (".rst", ".md")


class CLIError(Exception):
    """A problem the user can fix; the message says how. ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Project:
    """A Sphinx project as seen from the command line."""

    confdir: Path | None
    srcdir: Path
    settings: Settings
    namespace: dict[str, Any] = field(default_factory=dict)

    def value(self, name: str, default: Any = None) -> Any:
        return self.namespace.get(name, default)


def find_confdir(start: Path, explicit: Path | None = None) -> Path | None:
    if explicit is not None:
        if not (explicit / "conf.py").is_file():
            raise CLIError(f"{explicit} has no conf.py; give the directory that holds conf.py")
        return explicit
    for place in CONF_PLACES:
        candidate = start / place
        if (candidate / "conf.py").is_file():
            return candidate
    return None


def load_project(confdir: Path | None, srcdir: Path | None = None) -> Project:
    """Evaluate ``conf.py`` (if any), once, and validate its ``adr_*`` settings."""
    namespace: dict[str, Any] = {}
    if confdir is not None:
        namespace = _eval_conf(confdir / "conf.py")
    return project_from(confdir, srcdir, namespace)


def project_from(confdir: Path | None, srcdir: Path | None, namespace: dict[str, Any]) -> Project:
    """The project of an evaluated ``conf.py`` (``lint`` takes its build's namespace)."""
    from sphinx.config import Config
    from sphinx.errors import ConfigError

    config = Config({k: v for k, v in namespace.items() if k.startswith("adr_")})
    for name, default, rebuild, _help in CONFIG_VALUES:
        config.add(name, default, rebuild, ())
    try:
        conf = validate(config)
    except ConfigError as err:
        raise CLIError(f"conf.py: {err}") from None
    base = srcdir or confdir or Path.cwd()
    return Project(confdir, base, conf, namespace)


def _eval_conf(path: Path) -> dict[str, Any]:
    """``conf.py``'s names, evaluated as ``sphinx-build`` does, its side effects undone."""
    from sphinx.config import eval_config_file
    from sphinx.errors import ConfigError
    from sphinx.util.tags import Tags

    with isolated():
        try:
            # absolute, as sphinx-build gives it: Sphinx reads it after a chdir
            return eval_config_file(_conf_arg(path.resolve()), Tags())
        except ConfigError as err:
            raise conf_failure(path, err) from None


def _conf_arg(path: Path) -> Any:
    """conf.py's path as this Sphinx's loader takes it: 8.x encodes a string, 9 reads
    the folder of a ``Path``."""
    import sphinx

    return path if sphinx.version_info >= (9,) else str(path)


@contextlib.contextmanager
def isolated() -> Iterator[None]:
    """Undo what ``conf.py`` (user code) changes in the process around it: the
    environment (its ``TZ`` would move the date ``new`` writes), the time zone, the
    working directory, ``sys.path`` and ``sys.argv``."""
    environ = dict(os.environ)
    cwd = Path.cwd()
    path, argv = list(sys.path), list(sys.argv)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.chdir(cwd)
        if dict(os.environ) != environ:
            os.environ.clear()
            os.environ.update(environ)
        time.tzset()  # the zone conf.py set with tzset() stays until tzset() runs again
        sys.path[:] = path
        sys.argv[:] = argv


def conf_failure(path: Path, err: Exception) -> CLIError:
    """One line for a ``conf.py`` that could not be evaluated (Sphinx's ConfigError
    carries a whole traceback): what failed, and at which line of ``conf.py``."""
    cause = err.__cause__
    if isinstance(cause, SyntaxError) and cause.filename == str(path.resolve()):
        return CLIError(f"{path} has a syntax error (line {cause.lineno}): {cause.msg}")
    if isinstance(cause, SystemExit):
        return CLIError(
            f"{path} called sys.exit({'' if cause.code is None else repr(cause.code)}) "
            "while sphinx-adr read it; conf.py must not exit (guard that code with "
            "if __name__ == '__main__')"
        )
    if cause is not None:
        line = _conf_line(path, cause)
        where = f" (line {line})" if line else ""
        message = " ".join(str(cause).split())
        return CLIError(f"{path} failed to run{where}: {type(cause).__name__}: {message}")
    first = next((ln for ln in str(err).splitlines() if ln.strip()), type(err).__name__)
    return CLIError(f"{path}: {first.strip()}")


def _conf_line(path: Path, error: BaseException) -> int | None:
    """The line of ``conf.py`` where ``error`` was raised (or the call that raised it)."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [frame.lineno for frame in frames if frame.filename == str(path.resolve())]
    return lines[-1] if lines else None


# --------------------------------------------------------------------------
# scanning sources

_RST_ADR_RE, _MD_OPEN_RE = RST_ADR_RE, MD_OPEN_RE  # the recogniser all scans share
_ADORN_RE = re.compile(r"^([=\-~^\"'`#*+_.:])\1*\s*$")  # one character too: "B" over "="
_ATX_RE = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")  # a closing "#" follows a space


@dataclass
class Found:
    """One ``adr`` block found in a source file."""

    path: Path
    lineno: int
    title: str
    options: dict[str, str]
    compact: bool
    #: the fence of a MyST block (```` ``` ```` or ``:::``), empty for reST
    fence: str = ""


def source_files(srcdir: Path, exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Every ``.rst`` / ``.md`` file under ``srcdir`` except build and hidden folders
    and what ``exclude_patterns`` (Sphinx's glob syntax, relative to ``srcdir``) leaves out."""
    from sphinx.util.matching import Matcher

    excluded = Matcher(list(exclude))
    for dirpath, dirnames, filenames in os.walk(srcdir):
        relative = Path(dirpath).relative_to(srcdir).as_posix()
        prefix = "" if relative == "." else relative + "/"
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(("_", ".")) and not excluded(prefix + d)
        )
        for name in sorted(filenames):
            if name.endswith(SOURCE_SUFFIXES) and not excluded(prefix + name):
                yield Path(dirpath) / name


_LITERAL_DIRECTIVE_RE = re.compile(
    r"^\s*\.\.\s+(?:code-block|code|sourcecode|parsed-literal|highlight)::"
)
_FENCE_RE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def _literal_lines(lines: list[str], markdown: bool) -> set[int]:
    """Line numbers inside code examples, where an ``adr`` block is only shown, not used.

    reST: indented lines under a paragraph ending in ``::`` or a code directive.
    Markdown: lines inside a fence whose info string is not a ``{directive}``.
    """
    inside: set[int] = set()
    if markdown:
        fence: str | None = None
        for number, line in enumerate(lines):
            match = _FENCE_RE.match(line)
            if fence is not None:
                closes = (
                    match is not None
                    and match.group("fence")[:1] == fence[:1]
                    and len(match.group("fence")) >= len(fence)
                    and not match.group("info").strip()
                )
                if closes:
                    fence = None
                else:
                    inside.add(number)
            elif match and not match.group("info").strip().startswith("{"):
                fence = match.group("fence")
        return inside
    opener: tuple[int, int] | None = None  # (indent of the introducing line, its number)
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if opener is not None and indent > opener[0]:
            inside.add(number)
            continue
        opener = None
        stripped = line.rstrip()
        if _LITERAL_DIRECTIVE_RE.match(line) or (
            stripped.endswith("::") and not stripped.lstrip().startswith("..")
        ):
            opener = (indent, number)
    return inside


def not_utf8(path: Path) -> str | None:
    """What is wrong when ``path`` is no UTF-8 text (as Sphinx reads sources), else ``None``."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return f"{path}: cannot be read ({err.strerror})"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return (
            f"{path}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        )
    return None


#: how deep include directives are followed (docutils stops a loop the same way)
_MAX_INCLUDE_DEPTH = 8


def scan_file(
    path: Path,
    srcdir: Path | None = None,
    *,
    markdown: bool | None = None,
    title: str = "",
    depth: int = 0,
) -> list[Found]:
    """The ``adr`` blocks of ``path``, and of the files it includes (``.. include::``,
    ```` ```{include} ````, resolved as Sphinx does: relative to the including file,
    ``/name`` to ``srcdir``), where the build reads them: an included file is parsed
    with the including page's syntax, under the title before the directive."""
    markdown = path.suffix == ".md" if markdown is None else markdown
    try:
        # as Sphinx reads sources: a byte-order mark is no part of the first title
        lines = path.read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []  # reported by scan_adrs (not_utf8)
    found: list[Found] = []
    last_title = title
    examples = _literal_lines(lines, markdown)
    included = dict(includes(lines, markdown)) if depth < _MAX_INCLUDE_DEPTH else {}
    for number, line in enumerate(lines):
        if number in examples:
            continue
        if number in included:
            inner = include_path(path, included[number], srcdir)
            found += scan_file(inner, srcdir, markdown=markdown, title=last_title, depth=depth + 1)
            continue
        atx = _ATX_RE.match(line)
        if atx and markdown:
            last_title = atx.group(1)
            continue
        if _underlined(line, lines[number + 1] if number + 1 < len(lines) else ""):
            last_title = line.strip()
            continue
        rst = _RST_ADR_RE.match(line) if not markdown else None
        opening = _MD_OPEN_RE.match(line) if markdown else None
        if rst is None and opening is None:
            continue
        options = options_after(lines, number + 1, opening.group("fence") if opening else None)
        arg = (rst or opening).group("arg") if (rst or opening) else ""  # type: ignore[union-attr]
        fence = opening.group("fence") if opening else ""
        found.append(Found(path, number + 1, arg or last_title, options, bool(arg), fence))
    return found


def _underlined(line: str, below: str) -> bool:
    """Whether ``line`` is a section title underlined by ``below``."""
    return bool(
        line.strip()
        and not line[:1].isspace()
        and _ADORN_RE.match(below)
        and not _ADORN_RE.match(line)
        # as docutils: an underline of 4 or more characters makes a title even
        # when shorter than it (with a warning); widths in columns (CJK = 2)
        and len(below.strip()) >= min(4, column_width(line.strip()))
    )


class _Collector(QuietChecker):
    """The directive's option checks, collecting problems instead of warning."""

    def __init__(self, location: str) -> None:
        super().__init__()
        self.location = location
        self.problems: list[str] = []

    def problem(self, problem: ValueProblem, subtype: str) -> None:
        self.problems.append(str(problem))


def scan_adrs(project: Project) -> tuple[list[ADR], list[str]]:
    """The ADRs of the project's sources as records, and the problems noticed."""
    conf = project.settings
    adrs: list[ADR] = []
    problems: list[str] = []
    colon_fence = colon_fence_enabled(project.value("myst_enable_extensions", ()))
    for path in source_files(project.srcdir, project.value("exclude_patterns", ())):
        unreadable = not_utf8(path)
        if unreadable is not None:
            problems.append(unreadable)
            continue
        blocks = scan_file(path, project.srcdir)
        if not colon_fence and path.suffix == ".md":
            # as the build: without colon_fence, MyST reads ':::{adr}' as text
            text_only = [b for b in blocks if b.fence.startswith(":")]
            if text_only:
                problems.append(f"{path}:{text_only[0].lineno}: {myst_message(len(text_only))}")
                blocks = [b for b in blocks if b not in text_only]
        docname = path.relative_to(project.srcdir).with_suffix("").as_posix()
        number = number_from_name(path.stem)
        for block in blocks:
            where = f"{block.path}:{block.lineno}"  # an included file's own line
            check = _Collector(where)
            valid = conf.option_names()
            written = native_options(dict(block.options), valid, check.problems.append)
            options = {k: v for k, v in written.items() if k in valid}
            parsed = parse_adr_options(options, conf, check)
            problems.extend(f"{where}: {p}" for p in check.problems)
            adr_id = parsed.id
            if adr_id is None:
                if number is None or len(blocks) > 1:
                    problems.append(f"{where}: no :id: and none can be derived from the name")
                    continue
                adr_id = format_id(conf.id_format, number)
            title = _plain_title(block.title)
            adrs.append(
                ADR(
                    id=adr_id,
                    docname=docname,
                    lineno=block.lineno,
                    anchor="",
                    title=strip_id_prefix(title, adr_id, number) if title else adr_id,
                    links=tuple(r.link(adr_id, block.lineno) for r in parsed.relations),
                    **parsed.option_values(),
                    compact=block.compact,
                )
            )
    return _documents_resolved(adrs), problems


def _documents_resolved(adrs: list[ADR]) -> list[ADR]:
    """Relations naming a document (sphinx-adr's way) name its ADR, as in a build."""
    by_key: dict[str, ADR] = {}
    by_doc: dict[str, list[ADR]] = {}
    for adr in adrs:
        by_key.setdefault(adr.key, adr)
        by_doc.setdefault(adr.docname, []).append(adr)
    changed = resolve_documents(by_key, by_doc)
    return [changed.get(adr.key, adr) if by_key[adr.key] is adr else adr for adr in adrs]


def _plain_title(text: str) -> str:
    text = re.sub(
        r"\{[\w:-]+\}`([^`]*)`|:[\w:-]+:`([^`]*)`", lambda m: m.group(1) or m.group(2), text
    )
    # a backslash escape shows the character; bare emphasis and literal marks vanish
    text = re.sub(r"\\(.)|[*`]", lambda m: m.group(1) or "", text)
    return " ".join(text.split())


class Links:
    """``links_of`` over scanned records (the filter model asks for relations)."""

    def __init__(self, adrs: list[ADR], conf: Settings) -> None:
        self.conf = conf
        self.links = [link for adr in adrs for link in adr.links]

    def links_of(self, adr: ADR) -> list[tuple[LinkKind, bool, str]]:
        return relations_of(adr, self.links, self.conf)


def adr_directory(project: Project) -> Path | None:
    """Where new ADRs go: ``adr_directory`` from conf.py, else the folder holding
    most numbered ADR files."""
    configured = project.value("adr_directory")
    if configured is not None and not isinstance(configured, str | os.PathLike):
        raise CLIError(f"adr_directory = {configured!r} in conf.py: write a folder path or None")
    if configured:
        base = project.confdir or project.srcdir
        return (base / str(configured)).resolve()
    # from sphinx-adr: the folder its ADRs live in, relative to the source folder
    sphinx_adr_path = project.value("adr_path")
    if configured is None and isinstance(sphinx_adr_path, str) and sphinx_adr_path.strip():
        return (project.srcdir / sphinx_adr_path).resolve()
    counts = adr_folders(project)
    if not counts:
        return None
    return max(sorted(counts), key=lambda p: counts[p])


def adr_folders(project: Project) -> dict[Path, int]:
    """Each folder holding numbered ADR files, with how many."""
    counts: dict[Path, int] = {}
    for path in source_files(project.srcdir, project.value("exclude_patterns", ())):
        if number_from_name(path.stem) is not None and scan_file(path):
            counts[path.parent] = counts.get(path.parent, 0) + 1
    return counts
