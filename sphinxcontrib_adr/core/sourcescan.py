"""Find ``adr`` blocks in source text without building, and parse their options.

Pure text work, shared by what reads sources outside a build: the history of
an ADR's file (every committed revision is scanned) and, through the same
regular expressions, the command line's project reader. The options are
parsed with the build's own :func:`~.directive.parse_adr_options`, so a
revision's status means what it meant when the build read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .directive import OptionChecker, parse_adr_options
from .model import format_id, number_from_name, split_list

if TYPE_CHECKING:
    from pathlib import Path

    from .config import Settings
    from .model import ValueProblem

#: the opening line of an ``adr`` block: the one recogniser of the history's and the
#: changes' scans, the command line's project reader and editor, and the importer
#: (indented too: a block inside another directive or a list item)
RST_ADR_RE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+adr::[ \t]*(?P<arg>.*?)[ \t]*$", re.M)
MD_OPEN_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})[ \t]*\{adr\}[ \t]*(?P<arg>.*?)[ \t]*$", re.M
)
OPTION_RE = re.compile(r"^\s*:(?P<name>[\w-]+):\s*(?P<value>.*?)\s*$")
#: an opener with the non-blank lines after it: all that :func:`find_blocks` reads
#: of a block (its options end at the first blank line, if not before)
_REGION_RE = {
    markdown: re.compile(opener.pattern + r"(?:\n[ \t]*\S.*)*", re.M)
    for markdown, opener in ((False, RST_ADR_RE), (True, MD_OPEN_RE))
}
#: the options a revision's scan reads
_STATED = ("id", "status", "date")


@dataclass(frozen=True, slots=True)
class Block:
    """The options of one ``adr`` block, as written (lower-cased names)."""

    lineno: int
    options: tuple[tuple[str, str], ...]


def find_blocks(text: str, markdown: bool) -> tuple[Block, ...]:
    """Every ``adr`` directive block of a reST or MyST text, with its option lines."""
    opener = MD_OPEN_RE if markdown else RST_ADR_RE
    lines: list[str] | None = None
    blocks = []
    for match in opener.finditer(text):
        if lines is None:  # most revisions hold one block: split only when found
            lines = text.splitlines()
        lineno = text.count("\n", 0, match.start()) + 1
        fence = match.group("fence") if markdown else None
        blocks.append(Block(lineno, tuple(options_after(lines, lineno, fence).items())))
    return tuple(blocks)


def block_regions(text: str, markdown: bool) -> tuple[str, ...]:
    """The text of each ``adr`` block's opener and option lines (a superset of what
    :func:`find_blocks` reads): texts with equal regions hold equal blocks, but for
    their line numbers. One regular expression, no line splitting, so a file's
    many revisions are told apart cheaply."""
    return tuple(match[0] for match in _REGION_RE[markdown].finditer(text))


def options_after(lines: list[str], start: int, fence: str | None) -> dict[str, str]:
    """The ``:name: value`` lines from ``lines[start]`` on (up to a closing fence).

    In reST (``fence`` is ``None``) a value may go on over more lines indented
    deeper than its option, as docutils reads a field body; MyST ends the
    options at the first line that is not one, and so does this.
    """
    if fence is not None and start < len(lines) and lines[start].strip() == "---":
        return _yaml_options(lines, start + 1)
    options: dict[str, str] = {}
    name: str | None = None
    indent = 0
    for line in lines[start:]:
        if fence is not None and line.strip().startswith(fence):
            break
        match = OPTION_RE.match(line)
        if match:
            name = match.group("name").lower()
            indent = len(line) - len(line.lstrip())
            options[name] = match.group("value")
            continue
        deeper = line.strip() and len(line) - len(line.lstrip()) > indent
        if fence is None and name is not None and deeper:
            options[name] = f"{options[name]} {line.strip()}".strip()
            continue
        break
    return options


#: a ``name: value`` line of a MyST options block written as YAML between ``---`` lines
_YAML_OPTION_RE = re.compile(r"^[ \t]*(?P<name>[\w-]+):(?:[ \t]+(?P<value>.*?))?[ \t]*$")


def _yaml_options(lines: list[str], start: int) -> dict[str, str]:
    """The options of a MyST block written as YAML (``---`` / ``status: x`` / ``---``),
    as MyST hands them to the directive: each value the text after its key, without
    the quotes of a quoted one (a flow list ``[a, b]`` stays text, as :func:`split_list`
    reads it). Lines of any other form (comments, block lists) are not options."""
    options: dict[str, str] = {}
    for line in lines[start:]:
        if line.strip().startswith("---"):
            break
        match = _YAML_OPTION_RE.match(line)
        if match:
            value = match.group("value") or ""
            quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
            options[match.group("name").lower()] = value[1:-1] if quoted else value
    return options


def has_content(lines: list[str], start: int) -> bool:
    """Whether the reST directive whose options begin at ``lines[start]`` has
    content: an indented line that is no option (nor an option's continuation),
    or any indented line after a blank one."""
    option_indent: int | None = None
    seen_blank = False
    for line in lines[start:]:
        if not line.strip():
            seen_blank = True
            continue
        width = len(line) - len(line.lstrip())
        if width == 0:
            return False
        if seen_blank:
            return True
        if line.lstrip().startswith(":"):
            option_indent = width if option_indent is None else option_indent
            continue
        if option_indent is None or width <= option_indent:
            return True
    return False


class QuietChecker(OptionChecker):
    """The directive's option checks, keeping quiet: an old revision's mistakes
    were reported (or not) when it was built; history only needs the values."""

    def __init__(self) -> None:
        self.what = "adr"
        self.location = ""

    def text(self, options: dict[str, Any], name: str) -> str | None:
        value = options.get(name)
        value = " ".join(str(value).split()) if value is not None else None
        return value or None

    def items(self, options: dict[str, Any], name: str) -> tuple[str, ...]:
        value = options.get(name)
        return split_list(str(value)) if value is not None else ()

    def problem(self, problem: ValueProblem, subtype: str) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Stated:
    """What one block of a revision says: the ADR's id (``None``: not derivable),
    its status and written date."""

    id: str | None
    status: str
    date: str | None


def stated(
    blocks: tuple[Block, ...],
    basename: str,
    conf: Settings,
    memo: dict[tuple[tuple[str, str], ...], tuple[str | None, str, str | None]] | None = None,
) -> tuple[Stated, ...]:
    """Parse blocks with the build's option parser; ids derived as a build derives
    them (``:id:``, else the number starting ``basename`` when the file holds one ADR).

    ``memo`` keeps what each set of option lines parsed to (for one ``conf``): the
    revisions of a file's history repeat the same few.
    """
    result = []
    number = number_from_name(basename)
    valid: set[str] | None = None
    for block in blocks:
        written = tuple((k, v) for k, v in block.options if k in _STATED)
        found = memo.get(written) if memo is not None else None
        if found is None:
            valid = valid or set(conf.option_names())
            options = {k: v for k, v in written if k in valid}
            parsed = parse_adr_options(options, conf, QuietChecker())
            found = (parsed.id, parsed.status, parsed.date)
            if memo is not None:
                memo[written] = found
        adr_id, status, date = found
        if adr_id is None and number is not None and len(blocks) == 1:
            adr_id = format_id(conf.id_format, number)
        result.append(Stated(adr_id, status, date))
    return tuple(result)


# --------------------------------------------------------------------------
# included files

_RST_INCLUDE_RE = re.compile(r"^[ \t]*\.\.[ \t]+include::[ \t]*(?P<target>\S.*?)[ \t]*$")
_MD_INCLUDE_RE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*\{include\}[ \t]*(?P<target>\S.*?)[ \t]*$"
)
#: include options that make the file text, not markup (no adr block in it is read)
_LITERAL_INCLUDE = frozenset({"literal", "code"})


def includes(lines: list[str], markdown: bool) -> list[tuple[int, str]]:
    """``(line index, target as written)`` of each ``include`` directive whose file is
    parsed as markup (not ``:literal:`` or ``:code:``; not docutils' ``<standard>``
    files)."""
    pattern = _MD_INCLUDE_RE if markdown else _RST_INCLUDE_RE
    found = []
    for number, line in enumerate(lines):
        match = pattern.match(line)
        if match is None:
            continue
        target = match.group("target")
        fence = match.groupdict().get("fence")
        options = options_after(lines, number + 1, fence)
        if target.startswith("<") or _LITERAL_INCLUDE & set(options):
            continue
        found.append((number, target))
    return found


def include_path(including: Path, target: str, srcdir: Path | None) -> Path:
    """The file an include directive reads, as Sphinx resolves it: relative to the
    including file's folder, or (``/name``) to the source folder."""
    if target.startswith("/") and srcdir is not None:
        return srcdir / target.lstrip("/")
    return including.parent / target
