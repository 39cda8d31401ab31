"""Which toctree a new ADR page joins (``sphinx-adr new``'s hint).

A page in no toctree makes the build warn "document isn't included in any
toctree". ``new`` reads the project's toctrees from the sources (no build), as
Sphinx resolves them (entries relative to their page, ``/`` from the source
folder, ``:glob:`` patterns over every document), and says nothing when a glob
already covers the new page, else which toctree to add it to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.model import number_from_name
from .project import source_files

if TYPE_CHECKING:
    from pathlib import Path

    from .project import Project

_RST_TOCTREE_RE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+toctree::[ \t]*$")
_MD_TOCTREE_RE = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*\{toctree\}[ \t]*$")
#: ``Title <docname>``: the document is the part in angle brackets
_EXPLICIT_RE = re.compile(r"^.*<(?P<name>[^<>]+)>$")


@dataclass(frozen=True)
class Toctree:
    """One toctree of a source page: where it is and what it lists."""

    path: Path
    lineno: int
    docname: str
    glob: bool
    entries: tuple[str, ...]


def toctrees(project: Project) -> list[Toctree]:
    """Every toctree of the project's sources, in file order."""
    found: list[Toctree] = []
    exclude = project.value("exclude_patterns", ())
    for path in source_files(project.srcdir, exclude):
        docname = path.relative_to(project.srcdir).with_suffix("").as_posix()
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        found += _in_page(path, docname, lines, path.suffix == ".md")
    return found


def _in_page(path: Path, docname: str, lines: list[str], markdown: bool) -> list[Toctree]:
    found = []
    opener = _MD_TOCTREE_RE if markdown else _RST_TOCTREE_RE
    for number, line in enumerate(lines):
        match = opener.match(line)
        if match is None:
            continue
        body = _md_body(lines, number + 1, match["fence"]) if markdown else _rst_body(lines, number)
        glob, entries = _split(body)
        found.append(Toctree(path, number + 1, docname, glob, entries))
    return found


def _split(body: list[str]) -> tuple[bool, tuple[str, ...]]:
    """Whether a toctree's body says ``:glob:`` (MyST also in YAML), and its entries."""
    lines = [line.strip() for line in body if line.strip()]
    options: list[str] = []
    if lines[:1] == ["---"] and "---" in lines[1:]:  # MyST's YAML options
        end = lines.index("---", 1)
        options, lines = lines[1:end], lines[end + 1 :]
    while lines and lines[0].startswith(":"):
        options.append(lines.pop(0))
    glob = any(re.match(r"^:?glob:?\s*(?:true)?$", o, re.I) for o in options)
    return glob, tuple(_target(line) for line in lines if not line.startswith(".."))


def _rst_body(lines: list[str], start: int) -> list[str]:
    """The indented lines under the directive at ``start`` (options and entries)."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    body = []
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    return body


def _md_body(lines: list[str], start: int, fence: str) -> list[str]:
    body = []
    for line in lines[start:]:
        if line.strip() == fence[0] * len(line.strip()) and len(line.strip()) >= len(fence):
            break
        body.append(line)
    return body


def _target(entry: str) -> str:
    match = _EXPLICIT_RE.match(entry)
    return match["name"].strip() if match else entry


#: a page that says it is in no toctree on purpose (reST field, MyST front matter)
_ORPHAN_RE = re.compile(r"^(?::orphan:|---\s*\n(?:.*\n)*?orphan:\s*true\s*\n)", re.I)


def hint(project: Project, new: Path) -> str | None:
    """What to do so that the page ``new`` is in a toctree (``None``: it is, it is
    excluded or an orphan on purpose, or it is outside the sources)."""
    srcdir = project.srcdir.resolve()
    try:
        shown = new.resolve().relative_to(srcdir).as_posix()
        if _ORPHAN_RE.match(new.read_text("utf-8")):
            return None
    except (ValueError, OSError, UnicodeDecodeError):
        return None  # outside the sources (--dir elsewhere): no toctree takes it
    files = {
        p.relative_to(project.srcdir).with_suffix("").as_posix(): p
        for p in source_files(project.srcdir, project.value("exclude_patterns", ()))
    }
    docname = shown.rpartition(".")[0]
    if docname not in files:
        return None  # excluded: the build does not read it
    covered, beside = _covering(toctrees(project), docname, list(files))
    if covered:
        return None
    if beside is not None:
        entry = _relative(docname, beside.docname)
        where = beside.path.resolve().relative_to(srcdir).as_posix()
        return (
            f"{shown} is in no toctree yet: add the line '{entry}' to the toctree of "
            f"{where} (line {beside.lineno}), beside the other ADRs"
        )
    root = str(project.value("root_doc") or project.value("master_doc") or "index")
    folder = docname.rpartition("/")[0]
    pattern = _relative(f"{folder}/*" if folder else "*", root)
    page = files[root].relative_to(project.srcdir).as_posix() if root in files else root
    return (
        f"{shown} is in no toctree, so the build warns \"document isn't included in any "
        f"toctree\": add a toctree with ':glob:' and the line '{pattern}' (e.g. to "
        f"{page}), which takes every ADR of the folder, new ones too"
    )


def _covering(
    trees: list[Toctree], docname: str, docnames: list[str]
) -> tuple[bool, Toctree | None]:
    """Whether a toctree lists ``docname`` (by name or glob, resolved as Sphinx
    does), else the first toctree listing a numbered page of its folder."""
    from sphinx.util import docname_join
    from sphinx.util.matching import patfilter

    folder = docname.rpartition("/")[0]
    beside: Toctree | None = None
    for tree in trees:
        for entry in tree.entries:
            joined = docname_join(tree.docname, entry)
            if tree.glob and ("*" in entry or "?" in entry or "[" in entry):
                if docname in patfilter(docnames, joined):
                    return True, None
            elif joined == docname:
                return True, None
            elif beside is None and _numbered_sibling(joined, folder):
                beside = tree
    return False, beside


def _numbered_sibling(docname: str, folder: str) -> bool:
    parent, _, name = docname.rpartition("/")
    return parent == folder and number_from_name(name) is not None


def _relative(docname: str, from_doc: str) -> str:
    """``docname`` as an entry of a toctree in ``from_doc`` (relative to its folder
    when below it, else from the source folder with a leading ``/``)."""
    base = from_doc.rpartition("/")[0]
    if not base:
        return docname
    return docname[len(base) + 1 :] if docname.startswith(base + "/") else "/" + docname
