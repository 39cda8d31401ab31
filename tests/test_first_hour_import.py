"""sphinx-adr import and changes as a new user meets them: an old id in a title,
an empty or binary file, a log with nothing to convert, counts of one, and
Markdown release notes that read as written."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from markdown_it import MarkdownIt
from test_import_shapes import import_log, write_log

from history_repo import git
from sphinxcontrib_adr.cli.commands import main
from util import build_clean, copy_root


@pytest.mark.parametrize(
    ("name", "source", "first"),
    [
        ("0001-monorepo.md", "# ADR-0001 Use a monorepo\n", "# Use a monorepo"),
        ("0001-monorepo.rst", "ADR-0001 Use a monorepo\n" + "=" * 23 + "\n", "Use a monorepo"),
    ],
)
def test_old_id_in_the_title_goes_when_the_id_format_changes(tmp_path, capsys, name, source, first):
    log = write_log(tmp_path / "mdlog", {name: source})
    code, out, err = import_log(
        capsys, str(log), "--out", str(tmp_path / "out"), "--id-format", "MDL-{number:03d}"
    )
    assert (code, err) == (0, "")
    page = (tmp_path / "out" / name).read_text("utf-8")
    assert page.splitlines()[0] == first
    assert (
        f"warning: mdlog/{name}: the title starts with the id ADR-0001, not the "
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
    assert out == ("converted 0 of 1 file\nskipped: log/0005-empty.md (empty: nothing to import)\n")


def test_one_numbered_title_is_counted_in_the_singular(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-use-x.md": "# 1. Use X\n"})
    code, out, err = import_log(capsys, str(log), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert "note: 1 title starts with its ADR's number (e.g. '1. Use X'), kept" in out
    assert out.startswith("converted 1 of 1 file\nstatuses: (none) 1\n")
    assert "note: 1 of them states no status: its page gets no :status: and shows" in out


def test_a_portal_over_one_project_says_project(tmp_path, capsys):
    web = build_clean(copy_root("external-web", tmp_path), tmp_path / "b") / "adrs.json"
    count = len(json.loads(web.read_text("utf-8"))["adrs"])
    out = tmp_path / "portal"
    code = main(["portal", str(web), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert stdout.splitlines()[0] == f"portal over 1 project ({count} ADRs): 4 files in {out}"
    index = (out / "index.rst").read_text("utf-8")
    assert f"Every decision of 1 project ({count} ADRs), read" in index
    assert '"""The decision portal over 1 project."""' in (out / "conf.py").read_text("utf-8")


#: titles as the text output gives them, each with what Markdown reads as markup
HOSTILE = [
    r"*bold* _em_ snake_case [link](x) ![img](y) <b>tag</b> a|b c\d `code` &amp; ~~gone~~",
    "# not a heading",
    "1. not a list",
    "- not an item > nor <http://x.org>",
]


def _hostile_repo(tmp_path):
    srcdir = copy_root("changes-myst", tmp_path)
    git(srcdir, "init", "-q", "-b", "main")
    git(srcdir, "commit", "-q", "--allow-empty", "-m", "start")
    git(srcdir, "tag", "v1.0")
    (srcdir / "decisions").mkdir()
    for number, title in enumerate(HOSTILE, 1):
        page = f"# {title}\n\n:::{{adr}}\n:status: accepted\n:::\n\n## Context\n\nWhy.\n"
        (srcdir / "decisions" / f"000{number}-x.md").write_text(page, "utf-8")
    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-q", "-m", "add")
    return srcdir


def test_changes_markdown_escapes_only_what_markdown_would_misread(tmp_path, capsys):
    srcdir = _hostile_repo(tmp_path)
    assert main(["changes", "v1.0..HEAD", "-C", str(srcdir), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert main(["changes", "v1.0..HEAD", "-C", str(srcdir)]) == 0
    text = capsys.readouterr().out.splitlines()
    items = [line.removeprefix("  - ") for line in text if line.startswith("  - ")]
    assert [i.split(": ", 1)[1].rsplit(" \u2014 ", 1)[0] for i in items] == HOSTILE
    html = MarkdownIt("commonmark").render(markdown)
    # one list of plain items: no emphasis, link, image, code, tag, heading or sub-list
    assert re.findall(r"<(\w+)", html) == ["h2", "h3", "ul", *["li"] * len(HOSTILE)]
    shown = [unescape(li) for li in re.findall(r"<li>(.*?)</li>", html)]
    assert shown == items
    assert "ADR-0001: " in markdown and "\\-" not in markdown and "\\(" not in markdown
    assert "snake_case" in markdown
