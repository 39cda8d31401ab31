"""Reading the structure of a Markdown ADR with the parsers MyST itself uses:
markdown-it-py (CommonMark, GFM tables, front matter) and PyYAML's safe loader.

Both come with the ``[myst]`` extra; the importer reads, the caller writes by
the line numbers these functions return, so every other byte stays as it was.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .project import CLIError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_MISSING = (
    "importing Markdown needs markdown-it-py, mdit-py-plugins and PyYAML (the parsers "
    "MyST uses); install them with: pip install 'sphinxcontrib-adr[myst]'"
)


@cache
def _parser() -> MarkdownIt:
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin
    except ImportError:
        raise CLIError(_MISSING) from None
    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    # blocks only: a heading's inline text is read as written (inline parsing of a
    # run of '[' is quadratic in markdown-it-py, and nothing here needs it)
    return parser.disable("inline")


@dataclass
class MdHeading:
    """A heading of the document (not one inside a list or a quote)."""

    line: int
    level: int
    text: str
    #: lines the heading takes (2 or more for a setext heading)
    size: int = 1


def quotes(text: str) -> list[tuple[int, int]]:
    """``(first, end)`` lines of each top-level block quote (lines counted from 0)."""
    return [
        (token.map[0], token.map[1])
        for token in _parser().parse(text)
        if token.type == "blockquote_open" and token.level == 0 and token.map
    ]


def read_headings(text: str) -> list[MdHeading]:
    """The headings of ``text`` (lines counted from 0), as MyST reads them: none
    inside the front matter, a fence or a quote; setext ones too."""
    tokens = _parser().parse(text)
    headings = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            first, end = token.map
            inline = tokens[index + 1].content if index + 1 < len(tokens) else ""
            # a setext heading's text may span lines: the title is read as one line
            title = " ".join(inline.split())
            headings.append(MdHeading(first, int(token.tag[1:]), title, end - first))
    return headings


# --------------------------------------------------------------------------
# YAML front matter


#: a front-matter value the importer can move: text or a list of texts
Value = str | list[str]


@dataclass
class FrontKey:
    key: str
    #: ``None`` when the value is no text or list of texts (a mapping): it stays
    value: Value | None
    #: the lines the key and its value take (from, to), counted in the block
    lines: range


@dataclass
class FrontMatter:
    keys: list[FrontKey] = field(default_factory=list)
    #: why YAML cannot read the block (it is then kept as a comment, word for word)
    problem: str | None = None


def read_front_matter(lines: list[str]) -> FrontMatter:
    """The keys of a YAML block (the lines between its ``---`` lines), each with the
    lines it takes, through ``yaml.safe_load``'s loader. YAML that does not load,
    or is no mapping, gives :attr:`FrontMatter.problem` instead."""
    try:
        import yaml  # type: ignore[import-untyped]  # (no stubs in the [myst] extra)
    except ImportError:
        raise CLIError(_MISSING) from None
    text = "\n".join(lines) + "\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        return FrontMatter(problem=_problem(err))
    if root is None:
        return FrontMatter()
    if not isinstance(root, yaml.MappingNode):
        return FrontMatter(problem="it is YAML, but not 'key: value' lines")
    starts = [key.start_mark.line for key, _value in root.value]
    found = FrontMatter()
    for position, (key, value) in enumerate(root.value):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        try:
            data = _construct(yaml, value)
        except yaml.YAMLError as err:
            return FrontMatter(problem=_problem(err))
        found.keys.append(FrontKey(str(key.value), _as_value(data), range(starts[position], end)))
    return found


def _problem(err: Any) -> str:
    """``line 3: sequence entries are not allowed here`` (the file's line)."""
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    where = f"line {mark.line + 2}: " if mark is not None else ""
    return where + " ".join(str(problem).split())


def _construct(yaml: Any, node: Any) -> object:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _as_value(data: object) -> Value | None:
    if data is None:
        return ""
    if isinstance(data, list):
        items = [_as_value(item) for item in data]
        if all(isinstance(item, str) for item in items):
            return [item for item in items if isinstance(item, str)]
        return None
    if isinstance(data, dict):
        return None
    if isinstance(data, datetime.date) and not isinstance(data, datetime.datetime):
        return data.isoformat()
    if isinstance(data, bool):
        return "true" if data else "false"
    return str(data).strip()
