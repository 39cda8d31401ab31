"""sphinx-adr import over minimal logs of each shape real logs have: nothing lost,
metadata found, every file one ADR."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_adr.cli.commands import main
from util import warnings_of


def write_log(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return folder


def import_log(capsys: Any, *argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``sphinx-adr import`` in ``cwd``, by default the folder that holds the log
    named first, so the report shows its files as ``log/0001-x.md`` (relative to the
    working directory), whatever temporary folder the test uses."""
    given = next((Path(a) for a in argv if not a.startswith("-") and Path(a).exists()), None)
    here = Path.cwd()
    if cwd is None and given is not None:
        cwd = given.parent if given.is_dir() else given.parent.parent
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(["import", *argv])
    finally:
        os.chdir(here)
    out, err = capsys.readouterr()
    return code, out, err


INDEX = "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"


def build(
    root: Path, conf: str = "", index: str = INDEX, builder: str = "adr-json"
) -> tuple[dict[str, Any], list[str]]:
    """Build ``root`` (its pages under ``decisions/``): ``(ADRs by id from adrs.json,
    or the text of index.txt under ``"index"`` for the text builder; every warning)``."""
    from sphinx.testing.util import SphinxTestApp

    (root / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr", "myst_parser"]\nproject = "log"\n' + conf,
        "utf-8",
    )
    (root / "index.rst").write_text(index, "utf-8")
    app = SphinxTestApp(builder, srcdir=root, freshenv=True)
    try:
        app.build()
        lines = [f"{w.basename}: {w.message}" for w in warnings_of(app)]
        if builder == "text":
            return {"index": (Path(app.outdir) / "index.txt").read_text("utf-8")}, lines
        data = json.loads((Path(app.outdir) / "adrs.json").read_text("utf-8"))
    finally:
        app.cleanup()
    return {adr["id"]: adr for adr in data["adrs"]}, lines


# ----------------------------------------------------------------- data loss


def test_in_place_md_and_markdown_of_one_name_both_survive(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {"0002-x.md": "# X\n\nmd words\n", "0002-x.markdown": "# X\n\nmarkdown words\n"},
    )
    code, out, _err = import_log(capsys, str(log), "--in-place")
    assert code == 0
    assert sorted(p.name for p in log.iterdir()) == ["0002-x-2.md", "0002-x.md"]
    assert "markdown words" in (log / "0002-x-2.md").read_text("utf-8")
    assert "md words" in (log / "0002-x.md").read_text("utf-8")
    assert (
        "warning: log/0002-x.markdown: written as 0002-x-2.md, because 0002-x.md is a source "
        "of this import (nothing is overwritten); links to 0002-x.markdown must follow"
    ) in out.splitlines()


def test_out_into_the_source_folder_needs_force(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-x.md": "# X\n\n* Status: accepted\n"})
    code, _out, err = import_log(capsys, str(log), "--out", str(log))
    assert (code, err) == (
        1,
        f"sphinx-adr import: error: {log} already holds 0001-x.md (and 0 more); pass --force "
        "to overwrite\n",
    )
    assert (log / "0001-x.md").read_text("utf-8") == "# X\n\n* Status: accepted\n"


def test_same_name_in_two_input_folders_gives_two_output_files(tmp_path, capsys):
    a = write_log(tmp_path / "a", {"0001-use-x.md": "# Use X\n\nfrom a\n"})
    b = write_log(tmp_path / "b", {"0001-use-x.md": "# Use X\n\nfrom b\n"})
    out_dir = tmp_path / "site" / "decisions"
    code, _out, _err = import_log(capsys, str(a), str(b), "--out", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["0001-use-x-2.md", "0001-use-x.md"]
    assert (out_dir / "0001-use-x.md").read_text("utf-8").endswith("from a\n")
    assert (out_dir / "0001-use-x-2.md").read_text("utf-8").endswith("from b\n")
    adrs, warnings = build(tmp_path / "site")
    assert sorted(adrs) == ["ADR-0001", "ADR-0001b"]
    assert warnings == []


def test_files_sharing_a_number_become_distinct_adrs_and_links_to_both_work(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0018-design-tokens.rst": "18. Design tokens\n=================\n\nStatus\n"
            "------\n\nAccepted\n",
            "0018-typescript.rst": "18. TypeScript\n==============\n\nStatus\n------\n\nAccepted\n",
            "0019-later.rst": "19. Later\n=========\n\nSee `tokens <0018-design-tokens.html>`_ "
            "and `TS <0018-typescript.html>`_, :doc:`0018-typescript`.\n",
        },
    )
    root = tmp_path / "site"
    code, out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert code == 0
    assert (
        "warning: log/0018-typescript.rst shares the number 18 with log/0018-design-tokens.rst: "
        "it becomes ADR-0018b (log/0018-design-tokens.rst stays ADR-0018); a relation written "
        "as number 18 means ADR-0018, name the file to mean ADR-0018b"
    ) in out.splitlines()
    adrs, warnings = build(root)
    assert {k: (a["title"], a["docname"]) for k, a in adrs.items()} == {
        "ADR-0018": ("Design tokens", "decisions/0018-design-tokens"),
        "ADR-0018b": ("TypeScript", "decisions/0018-typescript"),
        "ADR-0019": ("Later", "decisions/0019-later"),
    }
    assert warnings == []


def relations(adr: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["name"], r["id"]) for r in adr["relations"]]


# ----------------------------------------------------------------- metadata


def test_status_superseded_without_by_is_the_relation(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0018-old.md": "# 18. Old\n\n## Status\n\n⌛️ Superseded [0019](0019-new.md)\n\nText.\n",
            "0019-new.md": "# 19. New\n\n## Status\n\nAccepted\n",
        },
    )
    root = tmp_path / "site"
    code, out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert code == 0
    assert "misspelling" not in out
    adrs, warnings = build(root)
    assert (adrs["ADR-0018"]["status"], relations(adrs["ADR-0018"])) == (
        "superseded",
        [("superseded-by", "ADR-0019")],
    )
    assert relations(adrs["ADR-0019"]) == [("supersedes", "ADR-0018")]
    assert warnings == []


def test_superseded_with_a_date_or_an_id(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-a.md": "# A\n\n## Status\n\nSuperseded 2021-01-02\n",
            "0002-b.md": "# B\n\n## Status\n\nSuperseded ADR-0003\n",
            "0003-c.md": "# C\n\n## Status\n\nAccepted\n",
        },
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    adrs, warnings = build(root)
    assert [(a["status"], a["date"], relations(a)) for a in adrs.values()] == [
        ("superseded", "2021-01-02", []),
        ("superseded", None, [("superseded-by", "ADR-0003")]),
        ("accepted", None, [("supersedes", "ADR-0002")]),
    ]
    assert warnings == []


def test_byte_order_mark_before_front_matter_or_title_is_dropped(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-fm.md": "\ufeff---\nstatus: accepted\ndate: 2021-02-03\n---\n# Front\n\n"
            "## Sub\n\nText.\n",
            "0002-title.md": "\ufeff# Title\n\n* Status: proposed\n* Date: 2021-04-05\n\n"
            "## Sub\n\nText.\n",
        },
    )
    root = tmp_path / "site"
    code, _out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert code == 0
    adrs, warnings = build(root)
    assert [(a["title"], a["status"], a["date"]) for a in adrs.values()] == [
        ("Front", "accepted", "2021-02-03"),
        ("Title", "proposed", "2021-04-05"),
    ]
    assert warnings == []


def test_file_without_extension_is_imported_and_counted(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-first.rst": "First\n=====\n\n:Status: accepted\n",
            "0002-bare": "Bare\n====\n\nStatus\n------\n\nAccepted\n\nContext\n-------\n\nWords.\n",
            "notes.pdf": "not an ADR",
        },
    )
    root = tmp_path / "site"
    code, out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert code == 0
    assert out.splitlines()[0] == "converted 2 of 2 files"
    assert "skipped: log/notes.pdf " in out
    assert (root / "decisions" / "0002-bare.rst").read_text("utf-8") == (
        "Bare\n====\n\n.. adr::\n   :status: Accepted\n\nContext\n-------\n\nWords.\n"
    )
    adrs, warnings = build(root)
    assert sorted(adrs) == ["ADR-0001", "ADR-0002"]
    assert warnings == []


def test_front_matter_left_with_only_a_comment_becomes_a_myst_comment(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.md": "---\n# These are optional elements. Feel free to remove any.\n"
            "status: accepted\ndate: 2022-01-02\n---\n# X\n\nText.\n"
        },
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert (root / "decisions" / "0001-x.md").read_text("utf-8") == (
        "% These are optional elements. Feel free to remove any.\n# X\n\n```{adr}\n"
        ":status: accepted\n:date: 2022-01-02\n```\n\nText.\n"
    )
    adrs, warnings = build(root)
    assert adrs["ADR-0001"]["date"] == "2022-01-02"
    assert warnings == []


def test_created_is_the_date_and_updated_stays_with_a_note(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.md": "---\nupdated: 2022-05-06\ncreated: 2022-01-02\n---\n# X\n\nText.\n",
            "0002-y.md": "---\nupdated: 2023-03-04\n---\n# Y\n\nText.\n",
        },
    )
    root = tmp_path / "site"
    _code, out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert (
        "warning: log/0001-x.md: a second date updated: '2022-05-06' (front matter) is kept in the "
        "front matter"
    ) in out.splitlines()
    assert (
        (root / "decisions" / "0001-x.md")
        .read_text("utf-8")
        .startswith("---\nupdated: 2022-05-06\n---\n# X\n\n```{adr}\n:date: 2022-01-02\n```\n")
    )
    adrs, warnings = build(root)
    assert [a["date"] for a in adrs.values()] == ["2022-01-02", "2023-03-04"]
    assert warnings == []


def test_authors_keep_handles_and_code(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.md": "# X\n\n* Deciders: Ana Lima (@ana), **Bo Chen** `@bo`, "
            "[Cy](https://e.org/cy)\n\nText.\n"
        },
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    adrs, _warnings = build(root)
    assert adrs["ADR-0001"]["deciders"] == ["Ana Lima (@ana)", "Bo Chen `@bo`", "Cy"]


def test_rst_status_section_followed_by_another_underline_is_read(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.rst": "1. X\n====\n\nStatus\n------\n\nAccepted\n\nContext\n_______\n\n"
            "Words.\n\nDecision\n________\n\nMore.\n"
        },
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert (root / "decisions" / "0001-x.rst").read_text("utf-8") == (
        "1. X\n====\n\n.. adr::\n   :status: Accepted\n\nContext\n_______\n\nWords.\n\n"
        "Decision\n________\n\nMore.\n"
    )
    adrs, warnings = build(root)
    assert adrs["ADR-0001"]["status"] == "accepted"
    assert warnings == []


def test_rst_status_heading_stays_when_removing_it_would_move_sections(tmp_path, capsys):
    # Status (---) holds Context (___); Decision (---) is its sibling: without the
    # Status title, Decision would become a subsection of Context
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.rst": "Xyz\n===\n\nStatus\n------\n\nAccepted\n\nContext\n_______\n\nWords.\n\n"
            "Decision\n--------\n\nMore.\n"
        },
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert (root / "decisions" / "0001-x.rst").read_text("utf-8") == (
        "Xyz\n===\n\n.. adr::\n   :status: Accepted\n\nStatus\n------\n\nContext\n_______\n\n"
        "Words.\n\nDecision\n--------\n\nMore.\n"
    )
    adrs, warnings = build(root)
    assert adrs["ADR-0001"]["status"] == "accepted"
    assert warnings == []


def test_rst_title_with_a_short_underline_is_the_title(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {"0001-x.rst": "A rather long title\n=====\n\nStatus\n------\n\nAccepted\n"},
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    adrs, _warnings = build(root)
    assert (adrs["ADR-0001"]["title"], adrs["ADR-0001"]["status"]) == (
        "A rather long title",
        "accepted",
    )


def test_images_next_to_the_adrs_are_copied_with_out(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.md": '# X\n\n![diagram](img/flow.png)\n\n<img src="logo.png">\n',
            "0002-y.rst": "Y\n===\n\n.. image:: img/flow.png\n",
        },
    )
    (log / "img").mkdir()
    (log / "img" / "flow.png").write_bytes(b"\x89PNG flow")
    (log / "logo.png").write_bytes(b"\x89PNG logo")
    root = tmp_path / "site"
    code, _out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert code == 0
    assert (root / "decisions" / "img" / "flow.png").read_bytes() == b"\x89PNG flow"
    assert (root / "decisions" / "logo.png").read_bytes() == b"\x89PNG logo"
    _adrs, warnings = build(root)
    assert warnings == []


def test_a_title_number_that_is_not_the_files_is_removed_and_reported(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {"0033-ip.md": "# 3. Networking Outline\n\nText.\n", "0034-k.md": "# 34. Kept\n"},
    )
    root = tmp_path / "site"
    _code, out, _err = import_log(capsys, str(log), "--out", str(root / "decisions"))
    assert (
        "warning: log/0033-ip.md: the title's number 3 is not the file's number 33; removed from "
        "the title (ADR-0033 is the id)"
    ) in out.splitlines()
    assert (
        (root / "decisions" / "0033-ip.md").read_text("utf-8").startswith("# Networking Outline\n")
    )
    assert (root / "decisions" / "0034-k.md").read_text("utf-8").startswith("# 34. Kept\n")
    adrs, _warnings = build(root)
    assert [a["title"] for a in adrs.values()] == ["Networking Outline", "Kept"]


def test_in_place_keeps_blank_runs_trailing_spaces_and_line_ends(tmp_path, capsys):
    body = "## Context\n\n\n\nFirst.  \n \nSecond.\t\n\n\n## Decision\n\nThird.\n\n\n"
    log = write_log(
        tmp_path / "log",
        {
            "0001-x.md": "# X\n\nDate: 2020-01-02\n\n## Status\n\nAccepted\n\n" + body,
            "0002-crlf.md": ("# Y\n\n* Status: proposed\n\n" + body).replace("\n", "\r\n"),
        },
    )
    code, _out, _err = import_log(capsys, str(log), "--in-place")
    assert code == 0
    assert (log / "0001-x.md").read_text("utf-8") == (
        "# X\n\n```{adr}\n:status: Accepted\n:date: 2020-01-02\n```\n\n" + body
    )
    assert (log / "0002-crlf.md").read_bytes().decode("utf-8") == (
        "# Y\n\n```{adr}\n:status: proposed\n```\n\n" + body
    ).replace("\n", "\r\n")


def test_summary_names_the_words_read_as_a_status(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0001-a.md": "# A\n\n* Status: draft\n",
            "0002-b.md": "# B\n\n* Status: Proposed\n",
            "0003-c.md": "# C\n\n* Status: approved\n",
        },
    )
    _code, out, _err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert out.splitlines()[1] == (
        "statuses: accepted 1 (1 written 'approved'), proposed 2 (1 written 'draft')"
    )


def test_a_log_imported_beside_an_existing_one_takes_no_id_the_project_holds(tmp_path, capsys):
    """A new user imported MADR next to their own ADR-0007..0009: three duplicate ids,
    found only by the build."""
    site = tmp_path / "site"
    write_log(
        site,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n',
            "decisions/0007-mine.rst": "Mine\n====\n\n.. adr::\n   :status: accepted\n",
        },
    )
    log = write_log(
        tmp_path / "log",
        {
            "0007-theirs.md": "# Theirs\n\n* Status: superseded\n",
            "0008-later.md": "# Later\n\n## Status\n\nAccepted\n\n"
            "Supersedes [7. Theirs](0007-theirs.md)\n",
        },
    )
    code, out, _err = import_log(capsys, str(log), "--out", str(site / "decisions"), cwd=site)
    assert code == 0
    mine = site / "decisions" / "0007-mine.rst"
    # the log lies outside the working directory: its files are shown as given
    assert (
        f"warning: {log}/0007-theirs.md would be ADR-0007, which {mine}:4 already is in this "
        "project: it becomes ADR-0007b (the log's own relations to it follow); to keep its "
        "number, give the log ids of its own with --id-format (e.g. 'LOG-{number:04d}')"
    ) in out.splitlines()
    adrs, warnings = build(site)
    assert {k: a["title"] for k, a in adrs.items()} == {
        "ADR-0007": "Mine",
        "ADR-0007b": "Theirs",
        "ADR-0008": "Later",
    }
    assert relations(adrs["ADR-0008"]) == [("supersedes", "ADR-0007b")]
    assert warnings == []


def test_github_image_links_point_at_the_copied_file_and_missing_images_are_named(tmp_path, capsys):
    """``![](x.jpg?raw=true)`` was copied as x.jpg but still linked with the query
    (Sphinx: image file not readable), and missing images went unmentioned."""
    log = write_log(
        tmp_path / "log",
        {
            "0015-dns.md": "# DNS\n\n* Status: accepted\n\n![DNS](0015-dns.jpg?raw=true)\n\n"
            "![Gone](0015-gone.png)\n",
            "0015-dns.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
        },
    )
    site = tmp_path / "site"
    code, out, _err = import_log(capsys, str(log), "--out", str(site / "decisions"))
    assert code == 0
    lines = out.splitlines()
    assert (
        "warning: log/0015-dns.md: the image link 0015-dns.jpg?raw=true now points at "
        "0015-dns.jpg (a query or fragment is part of the file name for Sphinx)"
    ) in lines
    assert (
        "warning: log/0015-dns.md: 0015-gone.png is not in the log's folder, so the page shows a "
        "broken image; copy the file next to the page, or fix the link"
    ) in lines
    assert not [line for line in lines if line.startswith("skipped:")]  # the image went along
    page = (site / "decisions" / "0015-dns.md").read_text("utf-8")
    assert "![DNS](0015-dns.jpg)" in page and "?raw=true" not in page
    assert (site / "decisions" / "0015-dns.jpg").read_bytes().startswith(b"\xff\xd8")


def test_files_without_a_status_are_counted_with_the_option_that_sets_one(tmp_path, capsys):
    """A new user saw 18 of MADR's 19 ADRs show *proposed*: only "(none) 18" said so."""
    log = write_log(tmp_path / "log", {"0001-a.md": "# A\n\nText.\n", "0002-b.md": "# B\n"})
    _code, out, _err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert out.splitlines()[1:3] == [
        "statuses: (none) 2",
        "note: 2 of them state no status: their pages get no :status: and show the "
        "project's default (adr_default_status, else the first of adr_statuses); if those "
        "decisions are in force, import again with --default-status accepted",
    ]
    again = tmp_path / "again"
    _code, out, _err = import_log(
        capsys, str(log), "--out", str(again), "--default-status", "accepted"
    )
    # the statuses the pages will have, and where they come from
    assert out.splitlines()[1:3] == [
        "statuses: accepted 2 (2 by --default-status)",
        "note: 2 of them state no status: their pages say :status: accepted "
        "(--default-status); in a git repository the ADR's history dates that status from "
        "the file's first commit, not from the import",
    ]
    assert ":status: accepted" in (again / "0001-a.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("0001-x.rst", "X\n===\n\n.. adr::\n   :status: accepted (2023-05-11)\n"),
        ("0001-x.md", "# X\n\n```{adr}\n:status: accepted (2023-05-11)\n```\n"),
    ],
)
def test_status_date_is_the_adrs_date_without_a_date_option(tmp_path, name, page):
    root = write_log(
        tmp_path / "site",
        {
            f"decisions/{name}": page,
            "decisions/0002-y.rst": "Y\n===\n\n.. adr::\n   :status: accepted (2023-06-01)\n"
            "   :date: 2022-01-01\n",
        },
    )
    index = INDEX + "\n.. adr-table::\n   :columns: id, date\n   :date: 2023\n\n.. adr-timeline::\n"
    text = build(root, index=index, builder="text")[0]["index"]
    adrs, warnings = build(root, index=index)
    assert [(a["id"], a["date"], a["status_date"]) for a in adrs.values()] == [
        ("ADR-0001", "2023-05-11", "2023-05-11"),
        ("ADR-0002", "2022-01-01", "2023-06-01"),
    ]
    table = text[text.index("+") : text.index("-[ 2022 ]-")]
    assert [row.split() for row in table.splitlines() if row.startswith("| ")] == [
        ["|", "ID", "|", "Date", "|"],
        ["|", "*ADR-0001*", "|", "2023-05-11", "|"],
    ]
    assert text[text.index("-[ 2022 ]-") :] == (
        "-[ 2022 ]-\n\n* 2022-01-01 *ADR-0002: Y* accepted (2023-06-01)\n\n"
        "-[ 2023 ]-\n\n* 2023-05-11 *ADR-0001: X* accepted (2023-05-11)\n"
    )
    assert warnings == []


def test_imported_status_line_with_a_date_dates_the_adr(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {"0001-x.md": "# X\n\n## Status\n\n**Accepted** 2023-05-11\n\n## Context\n\nText.\n"},
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    adrs, warnings = build(root)
    assert (adrs["ADR-0001"]["status"], adrs["ADR-0001"]["date"]) == ("accepted", "2023-05-11")
    assert warnings == []


def test_relations_to_files_sharing_a_number_reach_the_file_they_name(tmp_path, capsys):
    log = write_log(
        tmp_path / "log",
        {
            "0018-tokens.md": "# 18. Tokens\n\n## Status\n\nAccepted\n",
            "0018-typescript.md": "# 18. TypeScript\n\n## Status\n\nSuperseded by "
            "[20. Later](0020-later.md)\n",
            "0020-later.md": "# 20. Later\n\n## Status\n\nAccepted\n\nSupersedes "
            "[18. TypeScript](0018-typescript.md)\n\nSee [tokens](0018-tokens.md).\n",
        },
    )
    root = tmp_path / "site"
    import_log(capsys, str(log), "--out", str(root / "decisions"))
    adrs, warnings = build(root)
    assert {k: relations(a) for k, a in adrs.items()} == {
        "ADR-0018": [],
        "ADR-0018b": [("superseded-by", "ADR-0020")],
        "ADR-0020": [("supersedes", "ADR-0018b")],
    }
    assert adrs["ADR-0018b"]["status"] == "superseded"
    assert warnings == []
