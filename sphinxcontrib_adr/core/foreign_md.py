"""A Markdown ADR's headings as markdown-it-py reads them (CommonMark, GFM
tables, front matter): the parser MyST itself uses, so a heading inside an
HTML comment, a fence, a quote or a list is none, and a setext heading is one.

The one recogniser of a Markdown log's sections: the importer
(:mod:`..cli.importing.mdblocks`) and the history of an ADR's file
(:func:`.foreign.foreign_options`, for the revisions from before the import)
both take them from here. markdown-it-py comes with the ``[myst]`` extra:
without it there is no parser (``None``), and each caller says what it does then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["MdHeading", "markdown_parser", "md_headings"]


@cache
def markdown_parser() -> MarkdownIt | None:
    """The block parser, or ``None`` when markdown-it-py or mdit-py-plugins is missing."""
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin
    except ImportError:
        return None
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


def md_headings(text: str) -> list[MdHeading] | None:
    """The headings of ``text`` (lines counted from 0), as MyST reads them: none
    inside the front matter, a fence or a quote; setext ones too. ``None``
    without markdown-it-py."""
    parser = markdown_parser()
    if parser is None:
        return None
    tokens = parser.parse(text)
    headings = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            first, end = token.map
            inline = tokens[index + 1].content if index + 1 < len(tokens) else ""
            # a setext heading's text may span lines: the title is read as one line
            title = " ".join(inline.split())
            headings.append(MdHeading(first, int(token.tag[1:]), title, end - first))
    return headings
