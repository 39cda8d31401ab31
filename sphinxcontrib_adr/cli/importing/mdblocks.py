"""A Markdown ADR's blocks as markdown-it-py reads them (CommonMark, GFM
tables, front matter): its headings and block quotes, by line number."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..project import CLIError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["MISSING", "MdHeading", "quotes", "read_headings"]

MISSING = (
    "importing Markdown needs markdown-it-py, mdit-py-plugins and PyYAML (the parsers "
    "MyST uses); install them with: pip install 'sphinxcontrib-adr[myst]'"
)


@cache
def _parser() -> MarkdownIt:
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin
    except ImportError:
        raise CLIError(MISSING) from None
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
