"""The documentation's live examples build cleanly and agree across syntaxes.

Every ``docs/snippets/NAME.rst`` has a twin ``NAME.md``; the manual shows
both and renders the reST one. Here all reST snippets are built as one
project and all MyST snippets as another, with the manual's own ``adr_*``
configuration, and must give zero warnings and the same records.
"""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path

import pytest

from util import adr_warnings, records_summary, warnings_of

DOCS = Path(__file__).resolve().parent.parent / "docs"
SNIPPETS = DOCS / "snippets"
NAMES = sorted(p.stem for p in SNIPPETS.glob("*.rst") if (SNIPPETS / f"{p.stem}.md").exists())
_KEEP_PREFIXES = ("adr_", "myst_", "needs_", "graphviz_")


def _conf_text() -> str:
    values = runpy.run_path(str(DOCS / "conf.py"))
    extensions = [e for e in values["extensions"] if e != "adr_docs"]
    lines = [f"extensions = {extensions!r}", "project = 'snippets'"]
    for name, value in sorted(values.items()):
        if name.startswith(_KEEP_PREFIXES):
            lines.append(f"{name} = {value!r}")
    return "\n".join(lines) + "\n"


def _project(tmp_path: Path, suffix: str) -> Path:
    src = tmp_path / suffix.lstrip(".")
    src.mkdir()
    (src / "conf.py").write_text(_conf_text(), "utf-8")
    toctree = "\n".join(f"   {name}" for name in NAMES)
    (src / "index.rst").write_text(f"Snippets\n========\n\n.. toctree::\n\n{toctree}\n", "utf-8")
    for name in NAMES:
        (src / f"{name}{suffix}").write_text((SNIPPETS / f"{name}{suffix}").read_text("utf-8"))
    return src


def _children_summary(app) -> list[tuple[str, str, tuple]]:
    domain = app.env.domains["adr"]
    out = []
    for adr in domain.adrs():
        for child in domain.children(adr):
            data = dataclasses.asdict(child)
            data.pop("docname", None)
            data.pop("lineno", None)
            out.append((adr.id, type(child).__name__, tuple(sorted(map(repr, data.items())))))
    return sorted(out)


def test_every_snippet_has_both_syntaxes():
    rst = {p.stem for p in SNIPPETS.glob("*.rst")}
    md = {p.stem for p in SNIPPETS.glob("*.md")}
    assert rst == md, f"snippets without a twin: {sorted(rst ^ md)}"
    assert NAMES


@pytest.fixture(scope="session")
def _projects(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("snippets")
    return {suffix: _project(tmp, suffix) for suffix in (".rst", ".md")}


@pytest.fixture
def built(build_once, _projects):
    """The snippets in each syntax, built once (the tests only read them)."""
    return {suffix: build_once(srcdir) for suffix, srcdir in _projects.items()}


def test_snippets_build_without_warnings(built):
    for suffix, app in built.items():
        assert warnings_of(app) == [], f"{suffix} snippets warn"
        assert adr_warnings(app) == []


def test_snippets_give_the_same_records_in_both_syntaxes(built):
    rst, md = built[".rst"], built[".md"]
    assert records_summary(rst) == records_summary(md)
    assert _children_summary(rst) == _children_summary(md)
    assert len(records_summary(rst)) >= len(NAMES) // 2
