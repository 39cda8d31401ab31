"""sphinx-adr import and changes as a new user meets them: an old id in a title,
an empty or binary file, a log with nothing to convert, counts of one, and
Markdown release notes that read as written."""

from __future__ import annotations

from test_import_shapes import import_log, write_log


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
