"""Which ADR of ``FROM`` is which ADR of ``TO``: an ADR is its id, wherever its
file lives, so a moved or renamed ADR is one ADR changed, never one removed and
one added; and when two files hold the same id, each is compared with itself.

Between v1.0 and v2.0 of the repository below:

* ADR-0002's file is renamed and wholly rewritten (git sees a file deleted and
  one added, not a rename): one ADR whose text changed, by the lines of both;
* ADR-0003 is held by its own file and by an example page with the same id;
  its file goes from proposed to accepted while the example, moved to another
  folder, keeps its text: one status change, of the ADR's own file;
* ADR-0004 moves into ``archive/`` and is deprecated (a rename git detects):
  one ADR retired, named by its new file;
* ADR-0001 only moves: its decision did not change, so it is not listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from history_repo import adr_text, git
from sphinxcontrib_adr.cli.commands import main
from util import copy_root

EXT = {"rst": "rst", "myst": "md"}
REWRITTEN = "\n\n".join(f"Paragraph {n} says it again, in other words." for n in range(12))


def write(srcdir: Path, path: str, text: str) -> None:
    target = srcdir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")


def move(srcdir: Path, old: str, new: str) -> None:
    (srcdir / new).parent.mkdir(parents=True, exist_ok=True)
    git(srcdir, "mv", old, new)


def commit(srcdir: Path, date: str, message: str) -> None:
    git(srcdir, "add", "-A", date=date)
    git(srcdir, "commit", "-q", "-m", message, date=date)


def example(syntax: str, status: str) -> str:
    """A page that shows an ADR as an example: the same id as ADR-0003's own file."""
    return adr_text(syntax, "0003-cache", {"id": "ADR-0003", "status": status})


def make_repo(tmp: Path, syntax: str) -> Path:
    srcdir = copy_root(f"changes-{syntax}", tmp)
    ext = EXT[syntax]
    (srcdir / ".gitignore").write_text("_build/\n", "utf-8")
    git(srcdir, "init", "-q", "-b", "main")
    write(srcdir, f"decisions/0001-use-git.{ext}", adr_text(syntax, "0001-use-git", {}))
    write(srcdir, f"decisions/0002-old-name.{ext}", adr_text(syntax, "0002-old-name", {}))
    cache = adr_text(syntax, "0003-cache", {"status": "proposed"})
    write(srcdir, f"decisions/0003-cache.{ext}", cache)
    write(srcdir, f"examples/cache.{ext}", example(syntax, "proposed"))
    queue = adr_text(syntax, "0004-queue", {"status": "accepted"})
    write(srcdir, f"decisions/0004-queue.{ext}", queue)
    commit(srcdir, "2025-01-10", "The first decisions")
    git(srcdir, "tag", "v1.0")
    move(srcdir, f"decisions/0001-use-git.{ext}", f"decisions/0001-git.{ext}")
    move(srcdir, f"decisions/0002-old-name.{ext}", f"decisions/0002-new-name.{ext}")
    write(
        srcdir, f"decisions/0002-new-name.{ext}", adr_text(syntax, "0002-new-name", {}, REWRITTEN)
    )
    move(srcdir, f"examples/cache.{ext}", f"samples/cache.{ext}")
    write(srcdir, f"decisions/0003-cache.{ext}", cache.replace("proposed", "accepted"))
    move(srcdir, f"decisions/0004-queue.{ext}", f"decisions/archive/0004-queue.{ext}")
    write(srcdir, f"decisions/archive/0004-queue.{ext}", queue.replace("accepted", "deprecated"))
    commit(srcdir, "2025-02-01", "Move, rename, reword, accept and deprecate")
    git(srcdir, "tag", "v2.0")
    return srcdir


def changes(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code = main(["changes", "v1.0..v2.0", "-C", str(srcdir), "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    found: list[dict[str, object]] = json.loads(out)["changes"]
    return found


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_a_moved_or_renamed_adr_is_one_adr_changed_and_same_ids_pair_by_file(
    tmp_path, capsys, syntax
):
    srcdir = make_repo(tmp_path, syntax)
    ext = EXT[syntax]
    # what git says of the two renames: one detected, one a deletion and an addition
    raw = git(srcdir, "diff", "--name-status", "-M", "v1.0", "v2.0", "--", "decisions")
    assert f"D\tdecisions/0002-old-name.{ext}" in raw
    assert f"decisions/0004-queue.{ext}\tdecisions/archive/0004-queue.{ext}" in raw
    old_lines = len(adr_text(syntax, "0002-old-name", {}).splitlines())
    new_lines = len(adr_text(syntax, "0002-new-name", {}, REWRITTEN).splitlines())
    found = [
        (c["kind"], c["id"], c["path"], c["before"], c["after"]) for c in changes(srcdir, capsys)
    ]
    assert found == [
        ("text", "ADR-0002", f"decisions/0002-new-name.{ext}", "proposed", "proposed"),
        ("status", "ADR-0003", f"decisions/0003-cache.{ext}", "proposed", "accepted"),
        ("retired", "ADR-0004", f"decisions/archive/0004-queue.{ext}", "accepted", "deprecated"),
    ]
    text = next(c for c in changes(srcdir, capsys) if c["id"] == "ADR-0002")
    # git saw one file deleted and one added: every line of both changed
    assert text["lines"] == old_lines + new_lines


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_two_files_holding_one_id_are_each_compared_with_themselves(tmp_path, capsys, syntax):
    srcdir = make_repo(tmp_path, syntax)
    ext = EXT[syntax]
    # both files change now: the example is rejected, the ADR's own file deprecated
    write(srcdir, f"samples/cache.{ext}", example(syntax, "rejected"))
    cache = srcdir / f"decisions/0003-cache.{ext}"
    cache.write_text(cache.read_text("utf-8").replace("accepted", "deprecated"), "utf-8")
    commit(srcdir, "2025-03-01", "Retire both")
    git(srcdir, "tag", "v3.0")
    code = main(["changes", "v2.0..v3.0", "-C", str(srcdir), "--format", "json"])
    out, _err = capsys.readouterr()
    assert code == 0
    found = [(c["id"], c["path"], c["before"], c["after"]) for c in json.loads(out)["changes"]]
    assert found == [
        ("ADR-0003", f"decisions/0003-cache.{ext}", "accepted", "deprecated"),
        ("ADR-0003", f"samples/cache.{ext}", "proposed", "rejected"),
    ]
