"""The text of the portal's files, with nothing from a log read as markup.

A log's ``project`` field, the path it was read from and its ids come from
another project (or from whoever serves its URL). They reach the portal's
files only as data: in ``conf.py`` as Python literals (``repr``), in reST as
text whose every markup-significant character is backslash-escaped
(:func:`rest_text`), and ids only when they match the id grammar. Links
between the portal's pages name the page (a validated slug), never a title,
so no role ever holds text from a log.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils.utils import column_width

if TYPE_CHECKING:
    from ..core.model import ADR

#: the first line of every file the portal writes (and may write again)
MARKER = "written by sphinx-adr portal"
#: the id grammar of ``core.model.check_id``, whole string (no trailing newline)
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+\-]*")
#: characters dropped from shown text: controls, format characters (bidi overrides
#: that reorder what the reader sees) and unpaired surrogates (not encodable)
_DROPPED = frozenset(("Cc", "Cf", "Cs"))
#: a title longer than this is cut (a heading is one line)
TITLE_LIMIT = 200


@dataclass(frozen=True)
class Log:
    """One decision log given on the command line, read and checked."""

    #: a slug (``NAME_RE``): the file name of its page and the prefix of its ids
    name: str
    #: the path or URL as conf.py will give it (a path relative to the portal)
    json: str
    base_url: str
    #: its Sphinx project name as plain text (:func:`plain`), shown escaped
    title: str
    adrs: tuple[ADR, ...]


# --------------------------------------------------------------------------
# text from data


def plain(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` as one line of plain text: controls, format characters and unpaired
    surrogates dropped, each run of whitespace (newlines too) one space, at most
    ``limit`` characters."""
    kept = "".join(c for c in text if unicodedata.category(c) not in _DROPPED)
    line = " ".join(kept.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


def rest_text(text: str) -> str:
    """reST that shows exactly ``plain(text)``: every punctuation or symbol
    character is backslash-escaped, so no role, link, substitution, directive,
    list or heading adornment can start from it."""
    return "".join(
        "\\" + c if unicodedata.category(c)[0] in "PS" else c for c in plain(text, len(text))
    )


def heading(text: str, char: str, fallback: str) -> str:
    """A section title showing ``text`` (``fallback`` when nothing of it is left)."""
    shown = plain(text) or fallback
    if not shown.strip("\\"):  # a run of backslashes reads as a transition line
        shown = fallback
    line = rest_text(shown)
    # the underline counts columns (a CJK character is two), at least 4 long
    return f"{line}\n{char * max(column_width(line), 4)}\n"


def valid_id(value: str) -> bool:
    """Whether ``value`` is an id an option may hold (the id grammar, nothing more)."""
    return _ID_RE.fullmatch(value) is not None


# --------------------------------------------------------------------------
# the files


def cross_project_ids(logs: list[Log]) -> list[str]:
    """Ids at either end of a relation between two projects (valid ids only: a
    malformed one is shown by the listings as text, never written as an option)."""
    ids: set[str] = set()
    for log in logs:
        for adr in log.adrs:
            for link in adr.links:
                ends = (link.source, link.target)
                if len({end.partition(":")[0] for end in ends}) > 1:
                    ids.update(end for end in ends if valid_id(end))
    return sorted(ids)


def counted(count: int, one: str, many: str) -> str:
    """``1 project``, ``2 projects``: the report and the pages say a count of one so."""
    return f"{count} {one if count == 1 else many}"


def conf_py(logs: list[Log], title: str) -> str:
    mapping = "".join(
        f"    {log.name!r}: {{'json': {log.json!r}, 'base_url': {log.base_url!r}}},\n"
        for log in logs
    )
    return (
        f"# {MARKER}: run it again to change this file; a file edited by hand is kept\n"
        "# (run it with --force to replace it)\n"
        f'"""The decision portal over {counted(len(logs), "project", "projects")}."""\n'
        "\n"
        'extensions = ["sphinxcontrib_adr"]\n'
        f"project = {plain(title)!r}\n"
        'exclude_patterns = ["_build"]\n'
        "adr_external_cache_limit = 0  # read every log again on each build\n"
        f"adr_external = {{\n{mapping}}}\n"
        f'html_static_path = ["_static"]\nhtml_css_files = [{CSS!r}]\n'
    )


#: the portal's own style sheet (its tables in a narrow theme), in ``_static/``
CSS = "adr-portal.css"


def portal_css() -> str:
    text = (Path(__file__).parent / "templates" / "portal.css").read_text("utf-8")
    return f"/* {MARKER}: run it again to change this file */\n{text}"


#: five columns fit a theme's content column at 1280 px (seven scrolled sideways):
#: no project (the id says it: "web:ADR-0001"), no date (the index's timeline has it)
_COLUMNS = "id, title, status, superseded-by, relates"


def index_rst(logs: list[Log], title: str) -> str:
    toc = "".join(f"   projects/{log.name}\n" for log in logs)
    # the link names the page; its text is the page's (escaped) title
    rows = "".join(
        f"   * - :doc:`projects/{log.name}`\n     - ``{log.name}``\n     - {len(log.adrs)}\n"
        for log in logs
    )
    total = sum(len(log.adrs) for log in logs)
    text = (
        f".. {MARKER}\n\n"
        + heading(title, "=", "Decisions across projects")
        + f"\nEvery decision of {counted(len(logs), 'project', 'projects')} "
        f"({counted(total, 'ADR', 'ADRs')}), read from their "
        "``adrs.json`` at each build. Each id links to the decision's page in its own "
        "project's documentation.\n\n"
        f".. toctree::\n   :hidden:\n\n{toc}\n"
        ".. list-table:: Projects\n   :header-rows: 1\n\n"
        "   * - Project\n     - Prefix\n     - ADRs\n"
        f"{rows}\n" + heading("Relations across projects", "-", "")
    )
    ends = cross_project_ids(logs)
    if ends:
        text += (
            "\nDecisions that supersede, amend or relate to a decision of another "
            "project, and their neighbours.\n\n.. adr-graph::\n   :projects: *\n"
            f"   :around: {', '.join(ends)}\n   :depth: 1\n"
        )
    else:
        text += "\nNo decision names a decision of another project.\n"
    text += (
        "\n"
        + heading("All decisions", "-", "")
        + f"\n.. adr-table::\n   :projects: *\n   :columns: {_COLUMNS}\n\n"
        + heading("Timeline", "-", "")
        + "\n.. adr-timeline::\n   :projects: *\n   :order: newest-first\n"
    )
    return text


def project_rst(log: Log) -> str:
    return (
        f".. {MARKER}\n\n"
        + heading(log.title, "=", log.name)
        + f"\nThe {len(log.adrs)} decisions of ``{log.name}``, read from "
        f"{rest_text(log.json)}.\n\n"
        f".. adr-graph::\n   :projects: {log.name}\n\n"
        f".. adr-table::\n   :projects: {log.name}\n   :columns: {_COLUMNS}\n"
    )


def portal_files(logs: list[Log], title: str) -> dict[str, str]:
    """Relative path -> text of every file of the portal."""
    files = {
        "conf.py": conf_py(logs, title),
        "index.rst": index_rst(logs, title),
        f"_static/{CSS}": portal_css(),
    }
    for log in logs:
        files[f"projects/{log.name}.rst"] = project_rst(log)
    return files
