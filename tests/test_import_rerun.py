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
        "already pages with an adr block (left as they are): 3, e.g. 0001-use-mysql.md",
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
