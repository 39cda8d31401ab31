"""Importing a log twice: the pages the first run wrote are recognised and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.core.sourcescan import has_content, options_after

NYGARD = """\
# 2. Use PostgreSQL

Date: 2024-03-01

## Status

Accepted

Supersedes [1. Use MySQL](0001-use-mysql.md)

## Context

We need a database.

## Decision

PostgreSQL.
"""

RST = """\
Use a queue
===========

:Status: proposed
:Date: 2024-04-01

Context
-------

Jobs pile up.
"""


def _log(tmp_path: Path) -> Path:
    log = tmp_path / "doc" / "adr"
    log.mkdir(parents=True)
    (log / "0001-use-mysql.md").write_text("# 1. Use MySQL\n\n## Status\n\nSuperseded\n")
    (log / "0002-use-postgresql.md").write_text(NYGARD)
    (log / "0003-use-a-queue.rst").write_text(RST)
    return log


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_second_in_place_import_leaves_every_converted_page_byte_identical(
    tmp_path, monkeypatch, capsys
):
    log = _log(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--in-place"]) == 0
    first = _snapshot(log)
    capsys.readouterr()
    assert main(["import", str(log), "--in-place"]) == 0
    out = capsys.readouterr().out
    assert _snapshot(log) == first
    assert out.splitlines()[:2] == [
        "converted 0 of 3 files",
        "already pages with an adr block (left as they are): 3, e.g. doc/adr/0001-use-mysql.md",
    ]


def test_an_import_into_a_new_folder_copies_converted_pages_unchanged(
    tmp_path, monkeypatch, capsys
):
    log = _log(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--in-place"]) == 0
    converted = _snapshot(log)
    (log / "0004-new.md").write_text("# 4. New\n\nStatus: proposed\n\n## Context\n\nMore.\n")
    capsys.readouterr()
    assert main(["import", str(log), "--out", str(tmp_path / "out")]) == 0
    assert "copied unchanged" in capsys.readouterr().out
    out = _snapshot(tmp_path / "out")
    assert {name: out[name] for name in converted} == converted
    assert b"```{adr}" in out["0004-new.md"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the section form written by the importer: options only
        (".. adr::\n   :status: accepted\n\nContext\n-------\n", False),
        # an option's value continued on a deeper-indented line is no content
        (".. adr::\n   :deciders: Alice,\n      Bob\n   :tags: a\n\nText\n", False),
        # sphinx-adr's directive: the decision is its content
        (".. adr::\n   :status: accepted\n\n   We decided.\n", True),
        (".. adr::\n   We decided.\n", True),
    ],
)
def test_rst_directive_content_is_told_from_options(text, expected):
    assert has_content(text.splitlines(), 1) is expected


def test_rst_option_values_continue_on_deeper_lines_as_docutils_reads_them():
    lines = [
        ".. adr::",
        "   :deciders: Alice Smith,",
        "      Bob Jones",
        "   :tags: a",
        "   :relates: ADR-0001",
        "",
        "   :status: not an option any more",
    ]
    assert options_after(lines, 1, None) == {
        "deciders": "Alice Smith, Bob Jones",
        "tags": "a",
        "relates": "ADR-0001",
    }
    # MyST ends the options at the first line that is not one
    assert options_after(["```{adr}", ":deciders: A,", "  B", ":tags: t"], 1, "```") == {
        "deciders": "A,"
    }


BACKSTAGE = """\
---
id: adrs-adr001
title: 'ADR001: Use MADR for decisions'
status: accepted
date: 2024-05-02
---

## Context

Teams write decisions differently.

## Decision

Use MADR.
"""


def test_a_title_only_in_the_front_matter_becomes_the_page_title(tmp_path, monkeypatch, capsys):
    """Backstage and Docusaurus logs: the body starts at '## Context'."""
    log = tmp_path / "adrs"
    log.mkdir()
    (log / "adr001-use-madr.md").write_text(BACKSTAGE)
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--in-place", "--id-format", "ADR{number:03d}"]) == 0
    assert "warning" not in capsys.readouterr().out
    text = (log / "adr001-use-madr.md").read_text()
    assert text.split("\n---\n", 1)[1].lstrip().splitlines()[:7] == [
        "# ADR001: Use MADR for decisions",
        "",
        "```{adr}",
        ":id: ADR001",  # --id-format: the id is written, whatever adr_id_format says
        ":status: accepted",
        ":date: 2024-05-02",
        "```",
    ]
    assert "title: 'ADR001: Use MADR for decisions'" in text  # kept where it was


def test_a_page_without_a_level_one_title_is_imported_with_a_warning(tmp_path, monkeypatch, capsys):
    log = tmp_path / "adrs"
    log.mkdir()
    (log / "0001-x.md").write_text("## Context\n\nStatus: accepted\n\n## Decision\n\nX.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--in-place"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == (
        "warning: adrs/0001-x.md: no level-1 title: 'Context' (a level-2 heading) is taken as "
        "the ADR's title; add a '# Title' line first if that is not what you meant"
    )


def test_dry_run_needs_no_destination_and_writes_nothing(tmp_path, monkeypatch, capsys):
    log = _log(tmp_path)
    before = _snapshot(log)
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "would convert 3 of 3 files"
    assert _snapshot(log) == before


@pytest.mark.parametrize(
    ("extensions", "suggested"),
    [
        (["sphinxcontrib_adr"], True),
        (["sphinxcontrib_adr", "myst_parser"], False),
    ],
)
def test_myst_parser_is_suggested_only_when_conf_py_lacks_it(
    tmp_path, monkeypatch, capsys, extensions, suggested
):
    log = _log(tmp_path)
    (tmp_path / "conf.py").write_text(f"extensions = {extensions!r}\n")
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--dry-run"]) == 0
    line = '    extensions += ["myst_parser"]  # the imported pages are MyST'
    assert (line in capsys.readouterr().out.splitlines()) is suggested


def test_a_log_numbered_with_three_digits_gets_an_id_format_hint(tmp_path, monkeypatch, capsys):
    log = tmp_path / "adr"
    log.mkdir()
    for number in (1, 2):
        (log / f"ADR-00{number}.md").write_text(f"# ADR-00{number}: Choice {number}\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(log), "--dry-run"]) == 0
    assert (
        "warning: the file names number the ADRs with 3 digits, the ids get 4 (ADR-0001); "
        "to keep the log's ids, pass --id-format 'ADR-{number:03d}' (and set adr_id_format "
        "to it)"
    ) in capsys.readouterr().out.splitlines()
    assert main(["import", str(log), "--dry-run", "--id-format", "ADR-{number:03d}"]) == 0
    assert "3 digits" not in capsys.readouterr().out
