"""sphinx-adr new -s / status / link: the lifecycle adr-tools users expect, as
in-place edits that change nothing but the option they are about; lint, list and
the build agree on ``:::{adr}`` without colon_fence; usage errors exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.core.domain import get_domain
from util import warnings_of

RST = (
    "Use Postgres\n============\n\n.. adr::\n   :status: accepted\n   :date: 2025-01-02\n"
    "   :tags: storage,\n      small\n\nContext\n-------\n\nText.  \n\n\n"
)
MYST = "\ufeff# Use SQLite\r\n\r\n```{adr}\r\n:date: 2026-02-03\r\n```\r\n\r\nText.\r\n"
CONF = 'extensions = ["sphinxcontrib_adr", "myst_parser"]\nproject = "cli"\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "conf.py").write_text(CONF, "utf-8")
    (tmp_path / "index.rst").write_text(
        "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n", "utf-8"
    )
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    (decisions / "0001-use-postgres.rst").write_text(RST, "utf-8", newline="")
    (decisions / "0002-use-sqlite.md").write_bytes(MYST.encode("utf-8"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def raw(project: Path, name: str) -> bytes:
    return (project / "decisions" / name).read_bytes()


def build_warnings(
    project: Path, parallel: int = 0
) -> list[tuple[str, int | None, str, str | None]]:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=project, freshenv=True, parallel=parallel)
    try:
        app.build()
        return [(w.basename, w.line, w.message, w.type) for w in warnings_of(app)]
    finally:
        app.cleanup()


def test_new_s_supersedes_and_marks_the_old_adr_in_one_step(project, capsys):
    code, out, err = run(capsys, "new", "-s", "1", "Use SQLite everywhere", "--status", "accepted")
    assert code == 0, err
    assert out.splitlines()[1] == (
        "ADR-0001: status superseded (was accepted) in decisions/0001-use-postgres.rst"
    )
    assert raw(project, "0001-use-postgres.rst") == RST.replace(
        ":status: accepted", ":status: superseded"
    ).encode("utf-8")
    assert (
        ":supersedes: ADR-0001"
        in (project / "decisions" / "0003-use-sqlite-everywhere.rst").read_text()
    )
    assert build_warnings(project) == []


def test_status_edits_the_status_line_only(project, capsys):
    code, _out, err = run(capsys, "status", "ADR-0001", "deprecated")
    assert code == 0, err
    assert raw(project, "0001-use-postgres.rst") == RST.replace(
        ":status: accepted", ":status: deprecated"
    ).encode("utf-8")


def test_status_adds_the_line_to_a_myst_block_keeping_bom_and_crlf(project, capsys):
    code, out, err = run(capsys, "status", "2", "Accepted")
    assert code == 0, err
    assert "ADR-0002: status Accepted (was not written)" in out
    assert raw(project, "0002-use-sqlite.md") == MYST.replace(
        ":date: 2026-02-03\r\n", ":date: 2026-02-03\r\n:status: Accepted\r\n"
    ).encode("utf-8")
    code, out, _err = run(capsys, "list", "--format", "json", "--status", "accepted")
    assert [r["id"] for r in json.loads(out)] == ["ADR-0001", "ADR-0002"]


def test_status_rejects_an_unknown_status_or_adr(project, capsys):
    code, _out, err = run(capsys, "status", "ADR-0001", "maybe")
    assert code == 2 and "status 'maybe': unknown status 'maybe'" in err
    code, _out, err = run(capsys, "status", "ADR-0042", "accepted")
    assert code == 2 and "status of ADR-0042: no such ADR" in err
    assert raw(project, "0001-use-postgres.rst") == RST.encode("utf-8")


def test_link_adds_a_relation_in_place_shown_on_both_ends(project, capsys):
    code, _out, err = run(capsys, "link", "ADR-0002", "amends", "ADR-0001")
    assert code == 0, err
    assert raw(project, "0002-use-sqlite.md") == MYST.replace(
        ":date: 2026-02-03\r\n", ":date: 2026-02-03\r\n:amends: ADR-0001\r\n"
    ).encode("utf-8")
    code, out, _err = run(capsys, "link", "2", "amends", "1")
    assert (code, out) == (
        0,
        "ADR-0002 already amends ADR-0001 (decisions/0002-use-sqlite.md)\n",
    )
    code, out, _err = run(capsys, "list", "--format", "json", "--relation", "amended-by ADR-0002")
    assert [r["id"] for r in json.loads(out)] == ["ADR-0001"]
    assert raw(project, "0001-use-postgres.rst") == RST.encode("utf-8")


def test_link_supersedes_sets_the_status_of_the_replaced_adr_once_the_new_one_is_accepted(
    project, capsys
):
    """As the build checks it (adr.status_inconsistent): a proposed or rejected ADR
    replaces nothing yet; accepting it does."""
    code, out, err = run(capsys, "link", "ADR-0001", "superseded-by", "ADR-0002")
    assert code == 0, err
    linked = RST.replace("      small\n", "      small\n   :superseded-by: ADR-0002\n")
    assert raw(project, "0001-use-postgres.rst") == linked.encode("utf-8")
    assert out.splitlines()[1:] == [
        "ADR-0001 stays accepted: ADR-0002 is proposed; it becomes superseded when "
        "ADR-0002 is accepted (sphinx-adr status ADR-0002 accepted)"
    ]
    code, out, err = run(capsys, "status", "ADR-0002", "accepted")
    assert code == 0, err
    assert out.splitlines() == [
        "ADR-0002: status accepted (was not written) in decisions/0002-use-sqlite.md",
        "ADR-0001: status superseded (was accepted) in decisions/0001-use-postgres.rst",
    ]
    assert raw(project, "0001-use-postgres.rst") == linked.replace(
        "   :status: accepted\n", "   :status: superseded\n"
    ).encode("utf-8")
    assert build_warnings(project) == []


def test_link_rejects_unknown_kinds_and_self_links(project, capsys):
    code, _out, err = run(capsys, "link", "1", "blesses", "2")
    assert code == 2 and "'blesses' is not a relation; write one of supersedes" in err
    code, _out, err = run(capsys, "link", "1", "relates", "ADR-0001")
    assert code == 2 and "ADR-0001 cannot be linked to itself" in err


# ------------------------------------------------------- colon fence, lint, list


def test_colon_fence_block_without_the_extension_is_reported_everywhere(project, capsys):
    (project / "decisions" / "0003-colon.md").write_text(
        "# Colon\n\n:::{adr}\n:status: accepted\n:::\n", "utf-8"
    )
    expected = (
        "':::{adr}' is not an adr directive: MyST reads this block as text unless colon_fence "
        'is on; add myst_enable_extensions = ["colon_fence"] to conf.py, or write ```{adr} '
        "... ``` instead"
    )
    assert build_warnings(project) == [("0003-colon.md", 3, expected, "adr.myst_colon_fence")]
    for number in range(4, 10):  # enough documents for Sphinx to read in parallel
        (project / "decisions" / f"000{number}-more.md").write_text(
            f"# More {number}\n\n```{{adr}}\n:status: accepted\n```\n", "utf-8"
        )
    assert build_warnings(project, parallel=2) == build_warnings(project)
    assert len(build_warnings(project)) == 1
    for number in range(4, 10):
        (project / "decisions" / f"000{number}-more.md").unlink()
    code, out, _err = run(capsys, "lint")
    assert code == 1
    assert out.splitlines() == [
        f"{project / 'decisions' / '0003-colon.md'}:3: WARNING: {expected} [adr.myst_colon_fence]"
    ]
    code, out, err = run(capsys, "list")
    assert code == 0
    assert err == f"sphinx-adr: warning: {project / 'decisions' / '0003-colon.md'}:3: {expected}\n"
    assert "ADR-0003" not in out
    with (project / "conf.py").open("a") as handle:
        handle.write('myst_enable_extensions = ["colon_fence"]\n')
    assert build_warnings(project) == []
    code, out, _err = run(capsys, "lint")
    assert code == 0
    assert "ADR-0003" in run(capsys, "list")[1]


def test_source_option_is_the_same_everywhere(project, capsys, monkeypatch):
    monkeypatch.chdir(project.parent)
    name = project.name
    assert run(capsys, "list", "-C", name)[0] == 0
    assert run(capsys, "lint", "--source", name)[0] == 0
    assert run(capsys, "lint", name)[0] == 0  # positional, kept for scripts
    assert run(capsys, "status", "1", "accepted", "-C", name)[0] == 0
    log = project.parent / "log"
    log.mkdir()
    (log / "0001-a.md").write_text("# A\n", "utf-8")
    code, _out, err = run(capsys, "import", str(log), "--out", "out", "--source", name)
    assert code == 0, err


# ----------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--columns", "bogus"], "--columns 'bogus' is not a column"),
        (["list", "--sort=-bogus"], "--sort '-bogus' is not a sort key"),
        (["new", ""], "the title '' has no words"),
        (["new", ".."], "the title '..' has no words"),
        (["new", "one\ntwo"], "the title has a line break; write it on one line"),
    ],
)
def test_usage_errors_exit_2_with_a_message(project, capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert (code, err) == (2, f"sphinx-adr {argv[0]}: error: {message}" + err.split(message, 1)[1])
    assert "internal error" not in err
    assert sorted(p.name for p in (project / "decisions").iterdir()) == [
        "0001-use-postgres.rst",
        "0002-use-sqlite.md",
    ]


def test_import_out_an_existing_file_is_a_usage_error(project, capsys, tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    (log / "0001-a.md").write_text("# A\n", "utf-8")
    code, _out, err = run(capsys, "import", str(log), "--out", "conf.py")
    assert (code, err) == (
        2,
        "sphinx-adr import: error: --out conf.py is a file; give a directory (new or empty)\n",
    )


def test_new_titles_that_are_long_active_or_wide_give_a_valid_page(project, capsys):
    long_title = "Adopt " + "very " * 60 + "long names"
    for title in (long_title, ".. include:: /etc/hostname", "日本語の決定", "- a list?"):
        code, _out, err = run(capsys, "new", title, "--format", "rst")
        assert code == 0, err
    names = sorted(p.name for p in (project / "decisions").iterdir())
    assert names[2:] == [
        "0003-adopt-very-very-very-very-very-very-very-very-very-very-very.rst",
        "0004-include-etc-hostname.rst",
        "0005-日本語の決定.rst",
        "0006-a-list.rst",
    ]
    heads = [(project / "decisions" / n).read_text("utf-8").split("\n")[:2] for n in names[2:]]
    assert heads[1:] == [
        ["\\.. include:: /etc/hostname", "=" * 27],
        ["日本語の決定", "=" * 12],
        ["\\- a list?", "=" * 10],
    ]
    assert build_warnings(project) == []
    code, out, _err = run(capsys, "list", "--format", "json", "--columns", "id, title")
    assert [r["title"] for r in json.loads(out)][3:] == [
        ".. include:: /etc/hostname",
        "日本語の決定",
        "- a list?",
    ]


def test_new_keeps_the_letters_ascii_cannot_spell_beside_latin_words(project, capsys):
    # the ASCII slug dropped them: "Use 東京 region" became "...-use-region", and two
    # titles differing only there got names differing only by their number
    for title in ("Use 東京 region", "Adopt Ελληνικά names", "Café au lait"):
        code, _out, err = run(capsys, "new", title, "--format", "rst")
        assert code == 0, err
    names = sorted(p.name for p in (project / "decisions").iterdir())
    assert names[2:] == [
        "0003-use-東京-region.rst",
        "0004-adopt-ελληνικά-names.rst",
        "0005-cafe-au-lait.rst",
    ]
    assert build_warnings(project) == []


MARKUP_TITLES = (
    "Support *nix hosts",
    "Rename the foo_ module",
    "Adopt: *markdown* `code`",
    "Pick [1]_ or |sub| <here>",
    "Escape \\ and {role}`x` in C#",
)


@pytest.mark.parametrize("syntax", ["rst", "md"])
def test_new_titles_with_markup_characters_show_as_typed(project, capsys, syntax):
    """A title is text: ``*nix`` gave an emphasis warning, ``foo_`` an unknown target."""
    from sphinx.testing.util import SphinxTestApp

    for title in MARKUP_TITLES:
        code, _out, err = run(capsys, "new", title, "--format", syntax)
        assert code == 0, err
    assert build_warnings(project) == []
    app = SphinxTestApp("html", srcdir=project, freshenv=True)
    try:
        app.build()
        built = {a.id: a.title for a in get_domain(app.env).adrs()}
    finally:
        app.cleanup()
    ids = [f"ADR-{n:04d}" for n in range(3, 3 + len(MARKUP_TITLES))]
    assert [built[i] for i in ids] == list(MARKUP_TITLES)
    code, out, _err = run(capsys, "list", "--format", "json", "--columns", "id, title")
    assert [r["title"] for r in json.loads(out)][2:] == list(MARKUP_TITLES)


def test_list_takes_a_short_underlined_title_as_the_build_does(project, capsys):
    (project / "decisions" / "0003-short.rst").write_text(
        "A rather long title\n=====\n\n.. adr::\n   :status: accepted\n", "utf-8"
    )
    code, out, _err = run(capsys, "list", "--format", "json", "--columns", "id, title")
    assert code == 0
    assert json.loads(out)[2] == {"id": "ADR-0003", "title": "A rather long title"}


def test_a_file_that_is_not_utf8_is_reported_by_lint_and_list_not_a_crash(project, capsys):
    bad = project / "decisions" / "0003-latin.rst"
    bad.write_bytes("Café\n====\n\n.. adr::\n   :status: accepted\n".encode("latin-1"))
    message = f"{bad}:1: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    code, out, err = run(capsys, "lint")
    assert (code, out, err) == (1, message + "\n", "sphinx-adr: 1 ADR problem found\n")
    code, out, err = run(capsys, "list", "--columns", "id")
    assert (code, err) == (0, f"sphinx-adr: warning: {message}\n")
    assert out.split() == ["ID", "ADR-0001", "ADR-0002"]
