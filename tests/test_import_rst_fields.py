"""sphinx-adr import reads a reST ADR's metadata as docutils reads it: a field
whose value goes on over deeper lines is one field, a ``Status:`` line inside
a sentence is prose, a Status section's comment or list is the author's text;
what moves into the ``adr`` block goes by the lines docutils gives and every
other line stays byte for byte. The logs are written for these tests."""

from __future__ import annotations

from test_import_shapes import build, import_log, write_log

FIELDS = """\
3. Store sessions in Redis
==========================

:Status: Superseded by
    `ADR 4 <0004-keep.html>`_
:Owner:  Bo   (platform)
:Date: 2021-03-04

We also keep a note in the wiki.
Status: the wiki page is only a draft.

Context
-------

Words.
"""

KEY_LINES = """\
5. Keep logs
============

Status: accepted
Owner: Cy
Date: 2022-01-02

Context
-------

Words.
"""

STATUS_SECTION = """\
6. Queue
========

Status
------

.. reviewed yearly by the platform team

Accepted

- see the board

Context
-------

Words.
"""

SPHINX_ADR = """\
7. Switch
=========

.. adr::
   :status: Proposed
   :tags: db,
      cache

   We propose:

   - a switch

     - nested under it

Context
-------

X.
"""


def _import(tmp_path, capsys, files: dict[str, str]) -> dict[str, str]:
    log = write_log(tmp_path / "log", files)
    site = tmp_path / "site"
    code, _out, _err = import_log(capsys, str(log), "--out", str(site / "decisions"))
    assert code == 0
    return {name: (site / "decisions" / name).read_text("utf-8") for name in files}


def test_a_field_value_over_two_lines_moves_whole_and_a_status_sentence_stays(tmp_path, capsys):
    files = {"0003-sessions.rst": FIELDS, "0004-keep.rst": "4. Keep\n=======\n\nText.\n"}
    text = _import(tmp_path, capsys, files)["0003-sessions.rst"]
    assert text == (
        "3. Store sessions in Redis\n==========================\n\n.. adr::\n"
        "   :status: Superseded\n   :date: 2021-03-04\n   :superseded-by: ADR-0004\n\n"
        ":Owner:  Bo   (platform)\n\n"
        "We also keep a note in the wiki.\nStatus: the wiki page is only a draft.\n\n"
        "Context\n-------\n\nWords.\n"
    )
    adrs, warnings = build(tmp_path / "site")
    assert (adrs["ADR-0003"]["status"], adrs["ADR-0003"]["date"]) == ("superseded", "2021-03-04")
    assert warnings == []


def test_a_paragraph_of_key_lines_moves_its_known_keys(tmp_path, capsys):
    text = _import(tmp_path, capsys, {"0005-logs.rst": KEY_LINES})["0005-logs.rst"]
    assert text == (
        "5. Keep logs\n============\n\n.. adr::\n   :status: accepted\n   :date: 2022-01-02\n\n"
        "Owner: Cy\n\nContext\n-------\n\nWords.\n"
    )


def test_a_status_sections_comment_and_list_stay_and_its_paragraph_is_the_status(tmp_path, capsys):
    text = _import(tmp_path, capsys, {"0006-queue.rst": STATUS_SECTION})["0006-queue.rst"]
    assert text == (
        "6. Queue\n========\n\n.. adr::\n   :status: Accepted\n\nStatus\n------\n\n"
        ".. reviewed yearly by the platform team\n\n- see the board\n\n"
        "Context\n-------\n\nWords.\n"
    )
    adrs, warnings = build(tmp_path / "site")
    assert adrs["ADR-0006"]["status"] == "accepted"
    assert warnings == []


def test_sphinx_adr_content_keeps_its_nesting_and_options_their_continuations(tmp_path, capsys):
    text = _import(tmp_path, capsys, {"0007-switch.rst": SPHINX_ADR})["0007-switch.rst"]
    assert text == (
        "7. Switch\n=========\n\n.. adr::\n   :status: Proposed\n   :tags: db, cache\n\n"
        "We propose:\n\n- a switch\n\n  - nested under it\n\nContext\n-------\n\nX.\n"
    )
    adrs, warnings = build(tmp_path / "site")
    assert adrs["ADR-0007"]["tags"] == ["db", "cache"]
    assert warnings == []
