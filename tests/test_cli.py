"""sphinx-adr: each command through its entry point, including bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinxcontrib_adr.cli.commands import main
from util import copy_root

PROJECT = {
    "conf.py": 'extensions = ["sphinxcontrib_adr"]\nproject = "cli"\n',
    "index.rst": "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n",
    "decisions/0001-use-postgres.rst": (
        "Use Postgres\n============\n\n.. adr::\n   :status: superseded\n"
        "   :date: 2025-01-02\n   :tags: storage\n\nContext\n-------\n\nText.\n"
    ),
    "decisions/0002-use-sqlite.rst": (
        "Use SQLite\n==========\n\n.. adr::\n   :status: accepted\n   :date: 2026-02-03\n"
        "   :supersedes: ADR-0001\n   :tags: storage, small\n\nText.\n"
    ),
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name, text in PROJECT.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ general


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("new", "list", "lint", "import", "status", "link"):
        assert command in out


def test_no_command_prints_help_and_fails(capsys):
    code, out, _err = run(capsys)
    assert code == 2 and "usage: sphinx-adr" in out


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--colour", "red"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --colour" in capsys.readouterr().err


def test_module_and_console_script_run_the_same_cli(project):
    env = {**os.environ, "NO_COLOR": "1"}
    module = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_adr", "list", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    assert [row["id"] for row in json.loads(module.stdout)] == ["ADR-0001", "ADR-0002"]
    script = shutil.which("sphinx-adr", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the console script is not installed in this environment")
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("sphinx-adr ")


# --------------------------------------------------------------------- list


def test_list_prints_id_status_date_title_table(project, capsys):
    code, out, _err = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "DATE", "TITLE"]
    assert lines[1].split() == ["ADR-0001", "superseded", "2025-01-02", "Use", "Postgres"]
    assert lines[2].split() == ["ADR-0002", "accepted", "2026-02-03", "Use", "SQLite"]


def test_list_into_a_closed_pipe_ends_quietly(project):
    """``sphinx-adr list | head -1`` said "internal error: BrokenPipeError", exit 3.

    The reader is gone before the command writes (the read end of the pipe is closed
    first), so the outcome does not depend on how much of the output a pipe buffers,
    nor on which process runs first (``| head -1`` passed or failed by timing).
    """
    script = "import sys; from sphinxcontrib_adr.cli.commands import main; sys.exit(main())"
    for columns in ("id", "id,title,status,date"):  # one short line of output, and more
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = subprocess.run(
                [sys.executable, "-c", script, "list", "--columns", columns],
                stdout=write_end,
                stderr=subprocess.PIPE,
                text=True,
                cwd=project,
                check=False,
            )
        finally:
            os.close(write_end)
        assert (done.returncode, done.stderr) == (141, "")


def test_list_filters_like_adr_table(project, capsys):
    code, out, _err = run(capsys, "list", "--format", "json", "--status", "!superseded")
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["ADR-0002"]
    code, out, _err = run(
        capsys, "list", "--format", "json", "--relation", "superseded-by ADR-0002"
    )
    assert [r["id"] for r in json.loads(out)] == ["ADR-0001"]
    code, out, _err = run(capsys, "list", "--tags", "small", "--sort=-date")
    assert "ADR-0002" in out and "ADR-0001" not in out


def test_list_of_myst_sources_matches_rst(capsys, monkeypatch, tmp_path):
    outputs = []
    for syntax in ("rst", "myst"):
        monkeypatch.chdir(copy_root(f"core-{syntax}", tmp_path))
        code, out, _err = run(capsys, "list", "--format", "json")
        assert code == 0
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1]
    assert {"id": "ADR-0007", "status": "accepted", "date": "2026-01-08"}.items() <= next(
        r for r in outputs[0] if r["id"] == "ADR-0007"
    ).items()


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_list_relation_columns_show_both_ends_like_adr_table(capsys, monkeypatch, tmp_path, syntax):
    # regression: the CLI had its own column code and left relation columns empty
    monkeypatch.chdir(copy_root(f"core-{syntax}", tmp_path))
    columns = "id,supersedes,superseded-by,relates"
    code, out, _err = run(capsys, "list", "--format", "json", "--columns", columns)
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["ADR-0007"] == {
        "id": "ADR-0007",
        "supersedes": ["ADR-0003"],
        "superseded-by": None,
        "relates": ["ADR-0002"],
    }
    assert rows["ADR-0003"]["superseded-by"] == ["ADR-0007"]
    assert rows["ADR-0002"]["relates"] == ["ADR-0007"]


def test_list_skips_adr_blocks_shown_as_code_examples_and_excluded_files(project, capsys):
    (project / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr", "myst_parser"]\nexclude_patterns = ["drafts"]\n'
    )
    (project / "guide.rst").write_text(
        "Guide\n=====\n\nWrite this::\n\n   .. adr::\n      :id: SHOWN-1\n\n"
        ".. code-block:: rst\n\n   .. adr::\n      :id: SHOWN-2\n"
    )
    (project / "guide-md.md").write_text("# Guide\n\n````md\n:::{adr}\n:id: SHOWN-3\n:::\n````\n")
    (project / "drafts").mkdir()
    (project / "drafts" / "0009-draft.rst").write_text(
        "Draft\n=====\n\n.. adr::\n   :status: proposed\n"
    )
    code, out, err = run(capsys, "list", "--format", "json")
    assert code == 0, err
    assert sorted(row["id"] for row in json.loads(out)) == ["ADR-0001", "ADR-0002"]


def test_list_bad_filter_is_a_clear_error(project, capsys):
    code, _out, err = run(capsys, "list", "--status", "acepted")
    assert code == 2
    assert "'acepted' is not a status" in err and "Traceback" not in err


def test_list_without_a_project_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "list")
    assert code == 2 and "no conf.py found" in err
    code, _out, err = run(capsys, "list", "--source", str(tmp_path / "missing"))
    assert code == 2 and "has no conf.py" in err


def test_broken_conf_py_is_reported_without_traceback(project, capsys):
    (project / "conf.py").write_text("extensions = [\n")
    code, _out, err = run(capsys, "list")
    assert code == 2 and "syntax error" in err and "Traceback" not in err


# ---------------------------------------------------------------------- new


def test_new_takes_the_next_number_and_records_relations(project, capsys):
    code, out, _err = run(capsys, "new", "Use DuckDB!", "--supersedes", "2", "--status", "accepted")
    assert code == 0, out
    created = project / "decisions" / "0003-use-duckdb.rst"
    assert out.splitlines()[0] == "created decisions/0003-use-duckdb.rst (ADR-0003)"
    text = created.read_text("utf-8")
    assert text.startswith("Use DuckDB!\n===========\n\n.. adr::\n   :status: accepted\n")
    assert "   :date: 2026-11-18\n   :supersedes: ADR-0002\n" in text  # SOURCE_DATE_EPOCH
    # the superseded file changes in its status line only
    assert (project / "decisions" / "0002-use-sqlite.rst").read_text() == PROJECT[
        "decisions/0002-use-sqlite.rst"
    ].replace(":status: accepted", ":status: superseded")
    code, out, _err = run(capsys, "list", "--format", "json", "--status", "accepted")
    assert [r["id"] for r in json.loads(out)] == ["ADR-0003"]


def test_new_follows_a_myst_project_and_its_template(capsys, monkeypatch, tmp_path):
    root = copy_root("core-myst", tmp_path)
    (root / "adr-template.md").write_text("# $title\n\n```{adr}\n$options\n```\n\nOurs: $id\n")
    with (root / "conf.py").open("a") as fh:
        fh.write('adr_template = {"md": "adr-template.md"}\n')
    monkeypatch.chdir(root)
    code, _out, err = run(capsys, "new", "Add a queue")
    assert code == 0, err
    text = (root / "decisions" / "0008-add-a-queue.md").read_text("utf-8")
    assert text == (
        # the log's titles repeat their ids ("ADR-0007: ..."), so does the new one's
        "# ADR-0008: Add a queue\n\n```{adr}\n:status: proposed\n:date: 2026-11-18\n```\n\n"
        "Ours: ADR-0008\n"
    )


def test_new_rejects_bad_input_with_clear_errors(project, capsys):
    code, _out, err = run(capsys, "new", "X", "--status", "maybe")
    assert code == 2 and "--status: unknown status 'maybe'" in err
    code, _out, err = run(capsys, "new", "X", "--supersedes", "42")
    assert code == 2 and "--supersedes 42: no such ADR" in err
    code, _out, err = run(capsys, "new", "X", "--date", "2026-02-30")
    assert code == 2 and "does not exist" in err
    code, _out, err = run(capsys, "new", "X", "--dir", str(project / "nowhere"))
    assert code == 2 and "does not exist" in err
    (project / "bad.rst").write_text("$title $nope\n")
    code, _out, err = run(capsys, "new", "X", "--template", str(project / "bad.rst"))
    assert code == 2 and "unknown or malformed placeholder" in err
    assert not list((project / "decisions").glob("0003-*"))


# --------------------------------------------------------------------- lint


def test_lint_passes_a_clean_project(project, capsys):
    code, out, _err = run(capsys, "lint")
    assert code == 0 and "no ADR problems found" in out
    assert not (project / "_build").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lint_reports_problems_with_file_and_line_and_fails(project, capsys, jobs):
    path = project / "decisions" / "0002-use-sqlite.rst"
    path.write_text(path.read_text().replace("ADR-0001", "ADR-0009"))
    code, out, err = run(capsys, "lint", "-j", jobs)
    assert code == 1
    assert "0002-use-sqlite.rst:4: WARNING: ADR-0002 :supersedes: names 'ADR-0009'" in out
    assert "[adr.link]" in out and "1 ADR problem found" in err


def test_lint_without_conf_py_is_a_usage_error(tmp_path, capsys):
    code, _out, err = run(capsys, "lint", str(tmp_path))
    assert code == 2 and "has no conf.py" in err


# ------------------------------------------------------------------- import


def test_import_converts_and_prints_a_report(project, capsys, tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    (log / "0001-record.md").write_text("# 1. Record\n\nDate: 2017-06-30\n\n## Status\n\nOn hold\n")
    code, out, _err = run(capsys, "import", str(log), "--out", str(project / "imported"))
    assert code == 0
    assert "converted 1 of 1 file\n" in out and "statuses: on hold 1" in out
    assert "adr_statuses = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded', " \
        "'on hold']" in out  # fmt: skip
    text = (project / "imported" / "0001-record.md").read_text()
    # the project holds an ADR-0001 already (decisions/0001-use-postgres.rst)
    assert "it becomes ADR-0001b" in out
    assert text == (
        "# 1. Record\n\n```{adr}\n:id: ADR-0001b\n:status: On hold\n:date: 2017-06-30\n```\n"
    )


def test_import_bad_input_is_reported_with_exit_codes(project, capsys, tmp_path):
    code, _out, err = run(capsys, "import", str(tmp_path / "missing"), "--out", "x")
    assert code == 2 and "does not exist" in err
    log = tmp_path / "log"
    log.mkdir()
    code, _out, err = run(capsys, "import", str(log), "--out", "x")
    assert code == 2 and "no .md or .rst files" in err
    (log / "0001-a.md").write_text("# A\n")
    code, _out, err = run(capsys, "import", str(log))
    assert code == 2 and "--out DIR" in err
    out_dir = tmp_path / "out"
    assert run(capsys, "import", str(log), "--out", str(out_dir))[0] == 0
    code, _out, err = run(capsys, "import", str(log), "--out", str(out_dir))
    assert code == 1 and "pass --force" in err
    assert run(capsys, "import", str(log), "--out", str(out_dir), "--force")[0] == 0
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _out, err = run(capsys, "import", str(log), "--out", str(blocker / "sub"))
    assert code == 2 and f"cannot write {blocker}/sub/0001-a.md: Not a directory" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_import_in_place_replaces_the_sources(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "0001-a.md").write_text("# A\n\n* Status: accepted\n\nBody.\n")
    code, _out, _err = run(capsys, "import", "--in-place", str(tmp_path / "0001-a.md"))
    assert code == 0
    assert (
        tmp_path / "0001-a.md"
    ).read_text() == "# A\n\n```{adr}\n:status: accepted\n```\n\nBody.\n"


def test_one_field_table_gives_the_cli_the_columns_of_adr_table(project, capsys):
    # every built-in field is a column of `sphinx-adr list`, with the value the
    # build records (the CLI once had its own copy of the field list, which drifted)
    from sphinxcontrib_adr.core.model import ADR_FIELDS

    names = ",".join(f.name for f in ADR_FIELDS)
    code, out, err = run(capsys, "list", "--format", "json", "--columns", names)
    assert code == 0, err
    row = next(r for r in json.loads(out) if r["id"] == "ADR-0001")
    assert list(row) == [f.name for f in ADR_FIELDS]
    assert row["status"] == "superseded" and row["date"] == "2025-01-02"
    assert row["title"] == "Use Postgres"


@pytest.mark.parametrize(
    ("extensions", "fence"), [('["colon_fence"]', ":::"), ("[]", "```")], ids=["colon", "backticks"]
)
def test_new_myst_page_uses_colon_fences_only_where_the_project_enables_them(
    project, capsys, extensions, fence
):
    (project / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr", "myst_parser"]\n'
        f"myst_enable_extensions = {extensions}\n"
    )
    code, out, _err = run(capsys, "new", "Use DuckDB", "--format", "md", "--dir", "decisions")
    assert code == 0
    assert out.splitlines()[0] == "created decisions/0003-use-duckdb.md (ADR-0003)"
    text = (project / "decisions" / "0003-use-duckdb.md").read_text("utf-8")
    assert text.startswith(f"# Use DuckDB\n\n{fence}{{adr}}\n:status: proposed\n")
    assert f"\n{fence}\n\n## Context" in text
