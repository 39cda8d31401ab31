"""A changes page is re-written when what it shows moved: its changelog, or the
link of an ADR it lists (title, status); an edit of an ADR's body changes
neither (the entries come from git), so the page, which may list thousands of
ADRs, is not written again. With filters, any change of a listed ADR counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_changes import build, make_repo

PAGES = {
    "plain": "Latest\n======\n\n.. adr-changes:: v1.0..v2.0\n",
    "filtered": "Latest\n======\n\n.. adr-changes:: v1.0..v2.0\n   :tags: queue\n",
}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def written(outdir: Path) -> tuple[int, str]:
    page = outdir / "latest.txt"
    return page.stat().st_mtime_ns, page.read_text("utf-8")


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_a_body_edit_does_not_rewrite_a_changelog_a_title_edit_does(tmp_path, syntax):
    repo = make_repo(tmp_path, syntax)
    (repo.srcdir / "latest.rst").write_text(PAGES["plain"], "utf-8")
    build(repo.srcdir, freshenv=True).cleanup()
    before = written(repo.srcdir / "_build" / "text")
    edit(repo.path("0003-cache"), "Why.", "Why, and how.")
    app = build(repo.srcdir, freshenv=False)
    assert written(app.outdir) == before
    app.cleanup()
    edit(repo.path("0004-queue"), "Queue jobs", "Queue every job")
    app = build(repo.srcdir, freshenv=False)
    mtime, text = written(app.outdir)
    app.cleanup()
    assert mtime != before[0]
    assert "*ADR-0004: Queue every job* — accepted" in text
    assert text == before[1].replace("Queue jobs", "Queue every job")


def test_with_filters_a_body_edit_of_a_listed_adr_rewrites_the_page(tmp_path):
    repo = make_repo(tmp_path, "rst")
    (repo.srcdir / "latest.rst").write_text(PAGES["filtered"], "utf-8")
    build(repo.srcdir, freshenv=True).cleanup()
    before = written(repo.srcdir / "_build" / "text")
    edit(repo.path("0004-queue"), ":status: accepted", ":status: accepted\n   :tags: queue")
    app = build(repo.srcdir, freshenv=False)
    mtime, text = written(app.outdir)
    app.cleanup()
    assert mtime != before[0]
    assert "ADR-0004" not in before[1]
    assert "* *ADR-0004: Queue jobs* — accepted" in text
