"""The command line as an adr-tools user types it (issue 28, item 11)."""

from __future__ import annotations

import pytest

from sphinxcontrib_adr.cli.commands import main

PROJECT = {
    "conf.py": 'extensions = ["sphinxcontrib_adr"]\nproject = "habits"\n',
    "index.rst": "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n",
    "decisions/0016-use-rest.rst": (
        "Use REST\n========\n\n.. adr::\n   :status: accepted\n   :date: 2025-01-02\n"
    ),
    "decisions/0020-add-paging.rst": (
        "Add paging\n==========\n\n.. adr::\n   :status: accepted\n   :date: 2026-02-03\n"
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


def test_adr_tools_four_argument_link_is_understood(project, capsys):
    code, out, err = run(capsys, "link", "20", "Amends", "16", "Amended by")
    assert (code, err) == (0, "")
    assert out == "ADR-0020: amends ADR-0016 added in decisions/0020-add-paging.rst\n"
    text = (project / "decisions/0020-add-paging.rst").read_text("utf-8")
    assert "   :amends: ADR-0016\n" in text


def test_a_fourth_argument_that_disagrees_is_refused_and_nothing_written(project, capsys):
    before = (project / "decisions/0020-add-paging.rst").read_text("utf-8")
    code, out, err = run(capsys, "link", "20", "Amends", "16", "Superseded by")
    assert (code, out) == (2, "")
    assert err == (
        "sphinx-adr link: error: 'Superseded by': the other end of amends is amended-by, "
        "which both ADRs' pages show without being written; leave the fourth argument out\n"
    )
    assert (project / "decisions/0020-add-paging.rst").read_text("utf-8") == before


def test_a_misspelt_status_gets_did_you_mean(project, capsys):
    code, out, err = run(capsys, "status", "20", "acepted")
    assert (code, out) == (2, "")
    assert err.startswith("sphinx-adr status: error: status 'acepted': did you mean 'accepted'? ")


def test_new_help_says_superseding_waits_for_acceptance(capsys):
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "becomes superseded in its file once this one is accepted" in help_text


def test_new_superseding_a_proposed_adr_waits_for_acceptance(project, capsys):
    code, out, _err = run(capsys, "new", "Use gRPC", "--supersedes", "16")
    assert code == 0
    assert "ADR-0016 stays accepted: ADR-0021 is proposed" in out
    assert ":status: accepted" in (project / "decisions/0016-use-rest.rst").read_text("utf-8")
