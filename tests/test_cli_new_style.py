"""``sphinx-adr new`` follows the log it adds to (issue 28, item 11): the title
prefix its ADRs write, and the toctree the new page must join."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib_adr.cli.commands import main

CONF = 'extensions = ["sphinxcontrib_adr"]\nproject = "style"\n'
GLOB_INDEX = "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"


def rst_adr(title: str, status: str = "accepted") -> str:
    return f"{title}\n{'=' * len(title)}\n\n.. adr::\n   :status: {status}\n   :date: 2025-01-02\n"


def md_adr(title: str) -> str:
    return f"# {title}\n\n:::{{adr}}\n:status: accepted\n:date: 2025-01-02\n:::\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_keeps_the_logs_number_dot_title_style(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "conf.py": CONF,
            "index.rst": GLOB_INDEX,
            "decisions/0016-use-rest.rst": rst_adr("16. Use REST"),
            "decisions/0017-use-x.rst": rst_adr("17. Use X"),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "Use gRPC", "--date", "2026-01-01")
    assert (code, err) == (0, "")
    assert out == "created decisions/0018-use-grpc.rst (ADR-0018)\n"
    text = (tmp_path / "decisions/0018-use-grpc.rst").read_text("utf-8")
    assert text.startswith("18. Use gRPC\n============\n\n.. adr::\n")
    # and the build reads it as a title whose prefix repeats the id: the ADR's title
    code, out, err = run(capsys, "list", "--columns", "id, title")
    assert out.splitlines()[-1] == "ADR-0018  Use gRPC"


def test_new_keeps_an_id_prefix_in_myst(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "conf.py": CONF + 'extensions.append("myst_parser")\n'
            'myst_enable_extensions = ["colon_fence"]\n',
            "index.md": "# Log\n\n```{toctree}\n:glob:\ndecisions/*\n```\n",
            "decisions/0007-use-y.md": md_adr("ADR-0007: Use Y"),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, _out, _err = run(capsys, "new", "Use Z", "--date", "2026-01-01")
    assert code == 0
    text = (tmp_path / "decisions/0008-use-z.md").read_text("utf-8")
    assert text.startswith("# ADR-0008: Use Z\n")


@pytest.mark.parametrize(
    ("old", "typed", "expected"),
    [
        ("Use X", "Use gRPC", "Use gRPC"),  # the log writes no prefix: none added
        ("17. Use X", "18. Use gRPC", "18. Use gRPC"),  # typed with one: not doubled
        ("017. Use X", "Use gRPC", "018. Use gRPC"),  # the padding as written
    ],
)
def test_new_title_prefix_follows_what_is_written(
    tmp_path, monkeypatch, capsys, old, typed, expected
):
    write(
        tmp_path,
        {"conf.py": CONF, "index.rst": GLOB_INDEX, "decisions/0017-use-x.rst": rst_adr(old)},
    )
    monkeypatch.chdir(tmp_path)
    code, _out, _err = run(capsys, "new", typed, "--date", "2026-01-01")
    assert code == 0
    text = (tmp_path / "decisions/0018-use-grpc.rst").read_text("utf-8")
    assert text.splitlines()[0] == expected


def test_no_hint_when_a_glob_takes_the_new_page(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {"conf.py": CONF, "index.rst": GLOB_INDEX, "decisions/0001-use-x.rst": rst_adr("Use X")},
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "Use Y")
    assert (code, out, err) == (0, "created decisions/0002-use-y.rst (ADR-0002)\n", "")


def test_hint_names_the_toctree_that_lists_the_other_adrs(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "conf.py": CONF,
            "index.rst": "Docs\n====\n\n.. toctree::\n\n   decisions/index\n",
            "decisions/index.rst": (
                "Decisions\n=========\n\n.. toctree::\n   :maxdepth: 1\n\n"
                "   0001-use-x\n   Keep Z <0002-keep-z>\n"
            ),
            "decisions/0001-use-x.rst": rst_adr("Use X"),
            "decisions/0002-keep-z.rst": rst_adr("Keep Z"),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "Use Y")
    assert (code, err) == (0, "")
    assert out == (
        "created decisions/0003-use-y.rst (ADR-0003)\n"
        "hint: decisions/0003-use-y.rst is in no toctree yet: add the line '0003-use-y' "
        "to the toctree of decisions/index.rst (line 4), beside the other ADRs\n"
    )


def test_hint_proposes_a_glob_when_no_toctree_lists_adrs(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "conf.py": CONF + 'extensions.append("myst_parser")\n',
            "index.md": "# Docs\n\n```{toctree}\n---\nmaxdepth: 1\n---\nintro\n```\n",
            "intro.md": "# Intro\n",
            "decisions/0001-use-x.md": md_adr("Use X").replace(":::", "```"),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "Use Y")
    assert (code, err) == (0, "")
    assert out == (
        "created decisions/0002-use-y.md (ADR-0002)\n"
        'hint: decisions/0002-use-y.md is in no toctree, so the build warns "document '
        "isn't included in any toctree\": add a toctree with ':glob:' and the line "
        "'decisions/*' (e.g. to index.md), which takes every ADR of the folder, new ones too\n"
    )


def test_a_myst_glob_in_yaml_options_covers_the_new_page(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "conf.py": CONF + 'extensions.append("myst_parser")\n',
            "index.md": "# Docs\n\n```{toctree}\n---\nglob: true\n---\n/decisions/0*\n```\n",
            "decisions/0001-use-x.md": md_adr("Use X").replace(":::", "```"),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "Use Y")
    assert (code, out, err) == (0, "created decisions/0002-use-y.md (ADR-0002)\n", "")


def test_no_hint_for_an_orphan_template_or_an_excluded_folder(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "conf.py": CONF + 'exclude_patterns = ["drafts"]\n',
            "index.rst": "Docs\n====\n",
            "orphan.rst": ":orphan:\n\n$title\n$title_underline\n\n.. adr::\n$options\n",
            "decisions/0001-use-x.rst": rst_adr("Use X"),
            "drafts/0001-use-x.rst": rst_adr("Use X"),
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "Use Y", "--template", "orphan.rst")
    assert (code, out, err) == (0, "created decisions/0002-use-y.rst (ADR-0002)\n", "")
    code, out, err = run(capsys, "new", "Use Z", "--dir", "drafts")
    assert (code, out, err) == (0, "created drafts/0002-use-z.rst (ADR-0002)\n", "")
    # without either, the same project gets the hint
    code, out, _err = run(capsys, "new", "Use W")
    assert code == 0
    assert out.splitlines()[1].startswith("hint: decisions/0003-use-w.rst is in no toctree")
