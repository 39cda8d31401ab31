"""Incremental builds give the same output as clean builds.

Each test builds ``roots/test-builders-*``, edits the sources, rebuilds
incrementally (``freshenv=False`` on the same srcdir), builds the edited
sources again from scratch, and compares the two output trees with
``util.tree_contents`` (which only removes the previous/next navigation that
Sphinx itself leaves stale). Sphinx never deletes the output of a removed
document; those files are the only ones allowed in the incremental tree only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from util import adr_warnings, copy_root, tree_contents

# re-writing the pages that show a changed ADR (the manual shows the results on it)
pytestmark = pytest.mark.adr("ADR-0002")

SYNTAXES = ("rst", "myst")
EXT = {"rst": "rst", "myst": "md"}


class Project:
    """A private copy of the builders root, built once before the edit."""

    def __init__(self, make_app, tmp_path: Path, syntax: str) -> None:
        self.make_app = make_app
        self.tmp_path = tmp_path
        self.syntax = syntax
        self.ext = EXT[syntax]
        self.srcdir = copy_root(f"builders-{syntax}", tmp_path / "incremental")
        self.make_app("html", srcdir=self.srcdir, freshenv=True).build()

    def path(self, docname: str) -> Path:
        return self.srcdir / f"{docname}.{self.ext}"

    def retitle(self, docname: str, old: str, new: str) -> None:
        path = self.path(docname)
        lines = path.read_text("utf-8").splitlines()
        index = next(i for i, line in enumerate(lines) if line.endswith(old))
        lines[index] = lines[index].replace(old, new)
        if self.syntax == "rst":  # keep the underline as long as the title
            lines[index + 1] = lines[index + 1][0] * len(lines[index])
        path.write_text("\n".join(lines) + "\n", "utf-8")

    def replace(self, docname: str, old: str, new: str) -> None:
        path = self.path(docname)
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")

    def rebuild(self):
        """The incremental build, and the list of documents it read."""
        app, read, _written = self.rebuild_writing()
        return app, read

    def rebuild_writing(self):
        """The incremental build, the documents it read and the documents it wrote."""
        app = self.make_app("html", srcdir=self.srcdir, freshenv=False)
        read: list[str] = []
        written: list[str] = []
        app.connect("env-before-read-docs", lambda _a, _e, docnames: read.extend(docnames))
        app.connect("html-page-context", lambda _a, pagename, *_: written.append(pagename))
        app.build()
        return app, sorted(read), sorted(set(written) & app.env.all_docs.keys())

    def clean_build(self):
        clean = self.tmp_path / "clean" / self.srcdir.name
        shutil.copytree(self.srcdir, clean, ignore=shutil.ignore_patterns("_build"))
        app = self.make_app("html", srcdir=clean, freshenv=True)
        app.build()
        return app


def assert_same_output(incremental, clean, removed: tuple[str, ...] = ()) -> None:
    inc_tree = tree_contents(incremental.outdir)
    clean_tree = tree_contents(clean.outdir)
    stale = set(inc_tree) - set(clean_tree)
    assert all(any(name in path for name in removed) for path in stale), stale
    for path, text in clean_tree.items():
        assert inc_tree.get(path) == text, path
    # the root has no read-time warnings, so both builds report the same problems
    assert sorted((w.basename, w.line, w.type) for w in adr_warnings(clean)) == sorted(
        (w.basename, w.line, w.type) for w in adr_warnings(incremental)
    )


@pytest.fixture(params=SYNTAXES)
def project(request, make_app, tmp_path):
    return Project(make_app, tmp_path, request.param)


def test_editing_title_and_status_rewrites_every_page_showing_the_adr(project):
    project.retitle("decisions/0002-use-postgres", "Use PostgreSQL", "Use PostgreSQL 16")
    project.replace("decisions/0002-use-postgres", ":status: Approved", ":status: deprecated")
    app, read = project.rebuild()
    assert read == ["decisions/0002-use-postgres"]
    assert_same_output(app, project.clean_build())
    # the pages that show it without being re-read: the relation's other end, a reference
    html = (app.outdir / "decisions/0003-cache-in-process.html").read_text("utf-8")
    assert "ADR-0002: Use PostgreSQL 16" in html
    assert "adr-status-deprecated" in (app.outdir / "index.html").read_text("utf-8")


def test_adding_an_adr_shows_its_relations_on_unchanged_pages(project):
    page = project.srcdir / f"decisions/0004-use-redis.{project.ext}"
    if project.syntax == "rst":
        page.write_text(
            "Use Redis\n=========\n\n.. adr::\n   :status: proposed\n"
            "   :relates: ADR-0002\n   :amends: SMALL-2\n\nRedis.\n",
            "utf-8",
        )
    else:
        page.write_text(
            "# Use Redis\n\n:::{adr}\n:status: proposed\n:relates: ADR-0002\n"
            ":amends: SMALL-2\n:::\n\nRedis.\n",
            "utf-8",
        )
    app, read = project.rebuild()
    assert read == ["decisions/0004-use-redis", "index"]
    assert_same_output(app, project.clean_build())
    compact = (app.outdir / "compact.html").read_text("utf-8")
    assert "Amended by" in compact and "ADR-0004: Use Redis" in compact
    assert "ADR-0004: Use Redis" in (app.outdir / "decisions/0002-use-postgres.html").read_text(
        "utf-8"
    )


def test_deleting_an_adr_warns_at_every_reference_to_it(project):
    project.path("decisions/0001-record-decisions").unlink()
    app, read = project.rebuild()
    assert read == ["index"]
    clean = project.clean_build()
    assert_same_output(app, clean, removed=("0001-record-decisions",))
    for build in (app, clean):
        refs = [(w.basename, w.line) for w in adr_warnings(build, "ref")]
        role_line = 1 + next(
            i
            for i, line in enumerate(
                project.path("decisions/0002-use-postgres").read_text("utf-8").splitlines()
            )
            if "ADR-0001" in line and "relates" not in line
        )
        assert (f"0002-use-postgres.{project.ext}", role_line) in refs
        links = {w.basename for w in adr_warnings(build, "link")}
        assert links == {f"0002-use-postgres.{project.ext}", f"compact.{project.ext}"}
    html = (app.outdir / "decisions/0002-use-postgres.html").read_text("utf-8")
    assert "Record architecture decisions" not in html


def test_renaming_a_file_moves_every_link_to_it(project):
    old = project.path("decisions/0003-cache-in-process")
    old.rename(old.with_name(f"0003-in-process-cache.{project.ext}"))
    app, read = project.rebuild()
    assert read == ["decisions/0003-in-process-cache", "index"]
    assert_same_output(app, project.clean_build(), removed=("0003-cache-in-process",))
    html = (app.outdir / "decisions/0002-use-postgres.html").read_text("utf-8")
    assert 'href="0003-in-process-cache.html#adr-0003"' in html
    assert "0003-cache-in-process.html" not in html


def test_removing_a_relation_removes_it_from_the_other_end(project):
    project.replace("decisions/0002-use-postgres", "supersedes: ADR-0003", "amends: SMALL-2")
    app, read = project.rebuild()
    assert read == ["decisions/0002-use-postgres"]
    assert_same_output(app, project.clean_build())
    html = (app.outdir / "decisions/0003-cache-in-process.html").read_text("utf-8")
    assert "Superseded by" not in html
    compact = (app.outdir / "compact.html").read_text("utf-8")
    assert "Amended by" in compact and "ADR-0002: Use PostgreSQL" in compact


def test_unchanged_rebuild_reads_and_writes_nothing(project):
    app, read = project.rebuild()
    assert read == []
    assert "no targets are out of date" in app.status.getvalue()


def _add_notes_page(project) -> None:
    """A page outside every toctree that refers to ADR-0002 (Sphinx itself writes
    the toctree parents of a page it read again, so index.html would prove nothing)."""
    if project.syntax == "rst":
        text = ":orphan:\n\nNotes\n=====\n\nSee :adr:`ADR-0002`.\n"
    else:
        text = "---\norphan: true\n---\n\n# Notes\n\nSee {adr}`ADR-0002`.\n"
    project.path("notes").write_text(text, "utf-8")
    _app, read = project.rebuild()
    assert "notes" in read


def test_editing_what_no_link_shows_rewrites_only_the_adrs_page(project):
    # body text, deciders and tags: no reference or relation link shows them, so the
    # page referring to ADR-0002 and both ends of its relations stay (Sphinx itself
    # writes the page whose toctree lists a page it read again: the index)
    _add_notes_page(project)
    project.replace("decisions/0002-use-postgres", "PostgreSQL.", "PostgreSQL 16, managed.")
    project.replace("decisions/0002-use-postgres", "Ana Lima, Bo Chen", "Ana Lima")
    project.replace("decisions/0002-use-postgres", "storage, backend", "storage")
    app, read, written = project.rebuild_writing()
    assert read == ["decisions/0002-use-postgres"]
    assert written == ["decisions/0002-use-postgres", "index"]
    assert_same_output(app, project.clean_build())


def test_editing_a_title_rewrites_every_page_linking_to_the_adr(project):
    _add_notes_page(project)
    project.retitle("decisions/0002-use-postgres", "Use PostgreSQL", "Use PostgreSQL 16")
    app, read, written = project.rebuild_writing()
    assert read == ["decisions/0002-use-postgres"]
    # its relations' other ends (relates, superseded by) and the pages referring to it
    assert written == [
        "decisions/0001-record-decisions",
        "decisions/0002-use-postgres",
        "decisions/0003-cache-in-process",
        "index",
        "notes",
    ]
    assert_same_output(app, project.clean_build())
    for page in ("decisions/0001-record-decisions", "decisions/0003-cache-in-process", "notes"):
        assert "ADR-0002: Use PostgreSQL 16" in (app.outdir / f"{page}.html").read_text("utf-8")


def test_adding_a_relation_rewrites_only_its_ends(project):
    # the new relation shows on SMALL-2's page (compact); ADR-0002's other relations
    # (ADR-0001, ADR-0003) and the page referring to it show nothing new
    _add_notes_page(project)
    project.replace(
        "decisions/0002-use-postgres", "relates: ADR-0001", "relates: ADR-0001, SMALL-2"
    )
    app, read, written = project.rebuild_writing()
    assert read == ["decisions/0002-use-postgres"]
    assert written == ["compact", "decisions/0002-use-postgres", "index"]
    assert_same_output(app, project.clean_build())
    compact = (app.outdir / "compact.html").read_text("utf-8")
    assert "ADR-0002: Use PostgreSQL" in compact
