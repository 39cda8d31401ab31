"""sphinx-adr import and changes as a new user meets them: an old id in a title,
an empty or binary file, a log with nothing to convert, counts of one, and
Markdown release notes that read as written."""

from __future__ import annotations

import json

from test_import_shapes import import_log, write_log

from sphinxcontrib_adr.cli.commands import main
from util import build_clean, copy_root


def test_old_id_in_the_title_goes_when_the_id_format_changes(tmp_path, capsys):
    log = write_log(tmp_path / "mdlog", {"0001-monorepo.md": "# ADR-0001 Use a monorepo\n"})
    code, out, err = import_log(
        capsys, str(log), "--out", str(tmp_path / "out"), "--id-format", "MDL-{number:03d}"
    )
    assert (code, err) == (0, "")
    page = (tmp_path / "out" / "0001-monorepo.md").read_text("utf-8")
    assert page.splitlines()[0] == "# Use a monorepo"
    assert (
        "warning: mdlog/0001-monorepo.md: the title starts with the id ADR-0001, not the "
        "ADR's id MDL-001; removed from the title\n"
    ) in out


def test_an_empty_file_is_skipped_as_empty(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-a.md": "# A\n", "0005-empty.md": ""})
    code, out, err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert "skipped: log/0005-empty.md (empty: nothing to import)\n" in out
    assert "no title" not in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["0001-a.md"]


def test_a_file_not_in_utf8_is_named_with_how_to_convert_it(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-a.md": "# Απόφαση\n".encode("iso-8859-7")})
    code, _out, err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert code == 1
    assert err == (
        "error: log/0001-a.md: not UTF-8 text (byte 0xc1 at offset 2); convert it first, "
        "e.g. iconv -f <its encoding> -t utf-8 log/0001-a.md > 0001-a.utf8.md\n"
    )


def test_nothing_converted_prints_no_statuses_and_no_conf_lines(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0005-empty.md": ""})
    code, out, err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert out == (
        "converted 0 of 1 files\nskipped: log/0005-empty.md (empty: nothing to import)\n"
    )


def test_one_numbered_title_is_counted_in_the_singular(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-use-x.md": "# 1. Use X\n"})
    code, out, err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert "note: 1 title starts with its ADR's number (e.g. '1. Use X'), kept" in out


def test_a_portal_over_one_project_says_project(tmp_path, capsys):
    web = build_clean(copy_root("external-web", tmp_path), tmp_path / "b") / "adrs.json"
    count = len(json.loads(web.read_text("utf-8"))["adrs"])
    out = tmp_path / "portal"
    code = main(["portal", str(web), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert stdout.splitlines()[0] == f"portal over 1 project ({count} ADRs): 4 files in {out}"
