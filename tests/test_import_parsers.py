"""sphinx-adr import reading with the parsers MyST uses (markdown-it-py, PyYAML):
shapes written for these tests (no real log copied), each built after the import."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import_shapes import build, import_log, relations, write_log

from sphinxcontrib_adr.cli.importing import ImportSettings, import_files


def test_a_log_named_by_date_gets_ids_in_date_order(tmp_path, capsys):
    # 30 files share the "number" 2023: the letters b..z ran out (StopIteration)
    files = {
        f"2023-{n // 28 + 1:02d}-{n % 28 + 1:02d}-choice-{n}.md": f"# Choice {n}\n\nWords {n}.\n"
        for n in range(30)
    }
    files["2022-12-31-first.md"] = "# First\n\n* Status: accepted\n\nEarliest.\n"
    log = write_log(tmp_path / "log", files)
    code, out, err = import_log(capsys, str(log), "--out", str(tmp_path / "site" / "decisions"))
    assert (code, err) == (0, "")
    assert (
        "ids: 31 files are named by date, not by number: their ids follow the order of the "
        "dates, ADR-0001 (log/2022-12-31-first.md) to ADR-0031 (log/2023-02-02-choice-29.md), "
        "written as :id: on each page; pass --id-format to give them another form"
    ) in out.splitlines()
    data, warnings = build(tmp_path / "site")
    assert warnings == []
    assert data["ADR-0001"]["title"] == "First"
    assert data["ADR-0002"]["title"] == "Choice 0"
    assert data["ADR-0031"]["title"] == "Choice 29"


FOLDED = """\
---
status: accepted
description: >
  A folded
  description.
deciders: [Cy, "Dee Jr."]
---
# Folded front matter

Text.
"""

MALFORMED = """\
---
status: accepted
updated: -
---
# Malformed front matter

Text.
"""


def test_valid_yaml_front_matter_is_read_and_malformed_yaml_kept_as_a_comment(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-folded.md": FOLDED, "0002-bad.md": MALFORMED})
    out_dir = tmp_path / "site" / "decisions"
    code, out, _err = import_log(capsys, str(log), "--out", str(out_dir))
    assert code == 0
    assert (
        (out_dir / "0001-folded.md")
        .read_text()
        .startswith(
            "---\ndescription: >\n  A folded\n  description.\n---\n# Folded front matter\n\n"
            "```{adr}\n:status: accepted\n:deciders: Cy, Dee Jr.\n```\n"
        )
    )
    assert (
        (out_dir / "0002-bad.md")
        .read_text()
        .startswith("% ---\n% status: accepted\n% updated: -\n% ---\n# Malformed front matter\n")
    )
    assert (
        "warning: log/0002-bad.md: the front matter is not YAML MyST can read (line 3: sequence "
        "entries are not allowed here): it is kept word for word as a comment at the top "
        "of the page, and none of its keys is read"
    ) in out.splitlines()
    data, warnings = build(tmp_path / "site")
    assert warnings == []  # no "Malformed YAML [myst.topmatter]"
    assert data["ADR-0001"]["status"] == "accepted"
    assert data["ADR-0001"]["deciders"] == ["Cy", "Dee Jr."]


def test_a_comma_inside_a_yaml_list_item_is_reported(tmp_path, capsys):
    text = '---\ndeciders: [Cy, "Dee, Jr."]\n---\n# X\n\nText.\n'
    log = write_log(tmp_path / "log", {"0001-x.md": text})
    code, out, _err = import_log(capsys, str(log), "--dry-run")
    assert code == 0
    assert (
        "warning: log/0001-x.md: deciders: 'Dee, Jr.' holds a comma, which separates values in "
        "the adr block; written as 'Dee Jr.'"
    ) in out.splitlines()


def test_a_setext_status_heading_is_read(tmp_path, capsys):
    text = "# Setext\n\nStatus\n------\n\nAccepted\n\nContext\n-------\n\nWhy.\n"
    log = write_log(tmp_path / "log", {"0001-setext.md": text})
    out_dir = tmp_path / "site" / "decisions"
    assert import_log(capsys, str(log), "--out", str(out_dir))[0] == 0
    assert (out_dir / "0001-setext.md").read_text() == (
        "# Setext\n\n```{adr}\n:status: Accepted\n```\n\nContext\n-------\n\nWhy.\n"
    )
    data, warnings = build(tmp_path / "site")
    assert (data["ADR-0001"]["status"], warnings) == ("accepted", [])


def test_a_markdown_file_without_a_title_is_told_so(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-x.md": "just text\n"})
    code, _out, err = import_log(capsys, str(log), "--dry-run")
    assert code == 1
    assert err.endswith(
        "0001-x.md: no title: it has no heading to take as the ADR's title; add a '# Title' "
        "line (or a 'title:' in its front matter)\n"
    )


def test_table_cells_beyond_the_header_are_kept(tmp_path, capsys):
    words = " | ".join(f"w{n}" for n in range(5000))
    md = (
        "# Cells\n\n## Considered Options\n\n| Option | Pros | Verdict |\n|---|---|---|\n"
        f"| A | fast | chosen | {words} |\n| B | slow | rejected |\n"
    )
    rst = (
        "Cells\n=====\n\nConsidered Options\n------------------\n\n.. list-table::\n"
        "   :header-rows: 1\n\n   * - Option\n     - Verdict\n   * - A\n     - chosen\n"
        "     - extra one\n     - extra two\n"
    )
    log = write_log(tmp_path / "log", {"0001-cells.md": md, "0002-cells.rst": rst})
    out_dir = tmp_path / "site" / "decisions"
    assert import_log(capsys, str(log), "--out", str(out_dir))[0] == 0
    assert f"Beyond the table's columns: {words}\n" in (out_dir / "0001-cells.md").read_text()
    assert "   Beyond the table's columns: extra one | extra two\n" in (
        (out_dir / "0002-cells.rst").read_text()
    )
    _data, warnings = build(tmp_path / "site")
    assert warnings == []


def _log(prefix: str) -> dict[str, str]:
    return {
        "0001-first.md": f"# {prefix} first\n\n* Status: superseded\n\nOld.\n",
        "0002-second.md": (
            f"# {prefix} second\n\n* Status: accepted\n\n## Links\n\n"
            "* Supersedes [first](0001-first.md)\n\nNew.\n"
        ),
    }


def test_two_logs_with_their_own_id_formats_build_in_one_project(tmp_path, capsys):
    site = tmp_path / "site"
    pay = write_log(tmp_path / "pay", _log("Payments"))
    web = write_log(tmp_path / "web", _log("Web"))
    for log, fmt in ((pay, "PAY-{number:03d}"), (web, "WEB-{number:03d}")):
        code, out, _err = import_log(
            capsys, str(log), "--out", str(site / "decisions" / log.name), "--id-format", fmt
        )
        assert code == 0
        assert "adr_id_format" not in out  # the ids are written: nothing to configure
    assert ":id: PAY-002\n" in (site / "decisions" / "pay" / "0002-second.md").read_text()
    assert ":supersedes: WEB-001\n" in (site / "decisions" / "web" / "0002-second.md").read_text()
    index = "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*/*\n"
    data, warnings = build(site, index=index)
    assert warnings == []
    assert sorted(data) == ["PAY-001", "PAY-002", "WEB-001", "WEB-002"]
    assert relations(data["WEB-002"]) == [("supersedes", "WEB-001")]


def test_the_report_names_the_extension_to_add(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no conf.py: none loads the extension
    log = write_log(tmp_path / "log", {"0001-x.md": "# X\n\nText.\n"})
    _code, out, _err = import_log(capsys, str(log), "--dry-run")
    assert '    extensions += ["sphinxcontrib_adr"]  # the adr directive' in out.splitlines()


# ------------------------------------------------------------------ no word lost

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)


@st.composite
def _markdown(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f"---\ntitle: {draw(_LINE)}\nstatus: accepted\n---\n")
    parts.append(f"# {draw(_LINE)}\n")
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "list", "table", "fence", "heading", "quote"]))
        if kind == "para":
            parts.append(draw(_LINE))
        elif kind == "list":
            parts.append("\n".join(f"* {draw(_LINE)}" for _ in range(draw(st.integers(1, 3)))))
        elif kind == "table":
            rows = [f"| {draw(_WORD)} | {draw(_WORD)} |" for _ in range(draw(st.integers(1, 3)))]
            extra = f" {draw(_WORD)} |" if draw(st.booleans()) else ""
            parts.append("| Option | Verdict |\n|---|---|\n" + "\n".join(rows) + extra)
        elif kind == "fence":
            parts.append(f"```\n# {draw(_LINE)}\n```")
        elif kind == "heading":
            parts.append(f"## {draw(st.sampled_from(['Considered Options', 'Context']))}")
        else:
            parts.append(f"> {draw(_LINE)}")
    return "\n\n".join(parts) + "\n"


@st.composite
def _rest(draw: st.DrawFn) -> str:
    title = draw(_LINE)
    parts = [f"{title}\n{'=' * len(title)}\n", f":Status: {draw(_WORD)}"]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["para", "list", "section", "code"]))
        if kind == "para":
            parts.append(draw(_LINE))
        elif kind == "list":
            parts.append("\n".join(f"- {draw(_LINE)}" for _ in range(draw(st.integers(1, 3)))))
        elif kind == "section":
            name = draw(st.sampled_from(["Considered Options", "Context", "Status"]))
            parts.append(f"{name}\n{'-' * len(name)}")
        else:
            parts.append(f".. code-block:: text\n\n   {draw(_LINE)}")
    return "\n\n".join(parts) + "\n"


def _words(text: str) -> list[str]:
    # casefolded: a field name moves into the block in lower case (Status -> :status:)
    return sorted(w for w in "".join(c if c.isalpha() else " " for c in text).casefold().split())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(_markdown().map(lambda t: ("md", t)), _rest().map(lambda t: ("rst", t))))
def test_random_documents_lose_no_word_through_import(tmp_path, document):
    suffix, text = document
    path = tmp_path / f"0001-doc.{suffix}"
    path.write_text(text, "utf-8")
    result = import_files([path], ImportSettings())
    assert result.errors == []
    (converted,) = result.files
    before = _words(text)
    after = _words(converted.text)
    # every word of the source is in the page (the importer adds directive words only)
    missing = [w for w in set(before) if before.count(w) > after.count(w)]
    assert missing == []
