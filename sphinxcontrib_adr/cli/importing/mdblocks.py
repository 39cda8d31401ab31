"""A Markdown ADR's blocks as markdown-it-py reads them (CommonMark, GFM
tables, front matter): its headings and block quotes, by line number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.foreign_md import MdHeading, markdown_parser, md_headings
from ..project import CLIError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["MISSING", "MdHeading", "quotes", "read_headings"]

MISSING = (
    "importing Markdown needs markdown-it-py, mdit-py-plugins and PyYAML (the parsers "
    "MyST uses); install them with: pip install 'sphinxcontrib-adr[myst]'"
)


def _parser() -> MarkdownIt:
    parser = markdown_parser()  # the history's parser too (core/foreign_md.py)
    if parser is None:
        raise CLIError(MISSING)
    return parser


def quotes(text: str) -> list[tuple[int, int]]:
    """``(first, end)`` lines of each top-level block quote (lines counted from 0)."""
    return [
        (token.map[0], token.map[1])
        for token in _parser().parse(text)
        if token.type == "blockquote_open" and token.level == 0 and token.map
    ]


def read_headings(text: str) -> list[MdHeading]:
    """The headings of ``text`` (lines counted from 0), as MyST reads them (see
    :func:`...core.foreign_md.md_headings`)."""
    headings = md_headings(text)
    if headings is None:
        raise CLIError(MISSING)
    return headings
