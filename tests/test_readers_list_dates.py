"""``sphinx-adr list`` dates ADRs as the built table does (issue 28, item 11): with
``adr_date_from`` an ADR without ``:date:`` takes its date from git, in both."""

from __future__ import annotations

import json
import re

import pytest
from sphinx.testing.util import SphinxTestApp

from history_repo import make_repo
from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.core.domain import get_domain


def listed(capsys, *argv: str) -> dict[str, str | None]:
    code = main(["list", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return {row["id"]: row["date"] for row in json.loads(out)}


@pytest.mark.parametrize("syntax", ["rst", "myst"])
@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (
            "git-accepted",
            {
                "ADR-0001": "2025-01-20",  # accepted in its second commit
                "ADR-0002": "2025-02-10",
                "ADR-0003": "2025-02-01",  # written
                "ADR-0004": "2025-04-01",
                "ADR-0005": "2025-05-01",  # written
            },
        ),
        (
            "git-first",
            {
                "ADR-0001": "2025-01-10",
                "ADR-0002": "2025-01-10",
                "ADR-0003": "2025-02-01",
                "ADR-0004": "2025-03-05",
                "ADR-0005": "2025-05-01",
            },
        ),
    ],
)
def test_list_shows_the_dates_the_build_takes_from_git(
    tmp_path, monkeypatch, capsys, syntax, how, expected
):
    repo = make_repo(tmp_path, syntax)
    conf = repo.srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"git-accepted"', repr(how)), "utf-8")
    monkeypatch.chdir(repo.srcdir)
    assert listed(capsys) == expected
    app = SphinxTestApp("text", srcdir=repo.srcdir, freshenv=True)
    try:
        app.build()
        assert {a.id: a.date for a in get_domain(app.env).adrs()} == expected
        table = (app.outdir / "index.txt").read_text("utf-8")
        for adr_id, date in expected.items():  # the built table's row of each ADR
            assert re.search(rf"{adr_id}\b.*\b{date}\b", table), (adr_id, table)
    finally:
        app.cleanup()
    # the filter sees the same dates as the table's :date:
    assert (
        list(listed(capsys, "--date", "2025-01"))
        == ["ADR-0001", "ADR-0002"][: 1 if how == "git-accepted" else 2]
    )


def test_list_without_date_from_leaves_unwritten_dates_empty(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, "rst")
    conf = repo.srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"git-accepted"', "None"), "utf-8")
    monkeypatch.chdir(repo.srcdir)
    assert listed(capsys) == {
        "ADR-0001": None,
        "ADR-0002": None,
        "ADR-0003": "2025-02-01",
        "ADR-0004": None,
        "ADR-0005": "2025-05-01",
    }
