"""ADRs kept in files that stub pages include (``.. include::`` of a file outside
the source tree, or relative to it with ``/``; MyST's ``{include}``): the CLI
sees the ADRs the build sees, edits the file that holds the ADR, and importing
a stub converts the included file.

The fixture in ``fixtures/included`` was written for these tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_import_shapes import import_log

from sphinxcontrib_adr.cli.commands import main
from util import warnings_of

FIXTURE = Path(__file__).parent / "fixtures" / "included"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    (root / "docs" / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr", "myst_parser"]\nproject = "log"\n', "utf-8"
    )
    return root


def _built(docs: Path) -> tuple[dict[str, dict], list[str]]:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("adr-json", srcdir=docs, freshenv=True)
    try:
        app.build()
        warnings = [f"{w.basename}: {w.message}" for w in warnings_of(app)]
        data = json.loads((Path(app.outdir) / "adrs.json").read_text("utf-8"))
    finally:
        app.cleanup()
    return {a["id"]: a for a in data["adrs"]}, warnings


def _listed(capsys, docs: Path) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["list", "-C", str(docs), "--format", "json"]) == 0
    return {a["id"]: a for a in json.loads(capsys.readouterr().out)}


def test_list_shows_the_adrs_of_included_files_as_the_build_does(tmp_path, capsys):
    root = _project(tmp_path)
    # the first stub's file has no adr block yet: the import adds it (below); here
    # the two others
    listed = _listed(capsys, root / "docs")
    built, warnings = _built(root / "docs")
    assert warnings == []
    assert sorted(listed) == sorted(built) == ["ADR-0002b", "ADR-0003"]
    for key, adr in built.items():
        assert (listed[key]["title"], listed[key]["status"]) == (adr["title"], adr["status"])


def test_status_and_link_edit_the_included_file_not_the_stub(tmp_path, capsys):
    root = _project(tmp_path)
    docs = root / "docs"
    stubs = {p: p.read_bytes() for p in (docs / "adr").iterdir()}
    assert main(["status", "-C", str(docs), "ADR-0002b", "accepted"]) == 0
    assert main(["link", "-C", str(docs), "ADR-0003", "supersedes", "ADR-0002b"]) == 0
    assert {p: p.read_bytes() for p in (docs / "adr").iterdir()} == stubs
    assert (root / "records" / "0002-use-go.rst").read_text("utf-8") == (
        "Use Go\n======\n\n.. adr::\n   :id: ADR-0002b\n   :status: superseded\n\n"
        "Go builds one binary.\n"
    )
    assert "```{adr}\n:status: accepted\n:supersedes: ADR-0002b\n```\n" in (
        root / "records" / "0003-use-myst.md"
    ).read_text("utf-8")
    built, warnings = _built(docs)
    assert warnings == []
    assert (built["ADR-0002b"]["status"], built["ADR-0003"]["status"]) == (
        "superseded",
        "accepted",
    )


def test_importing_a_stub_converts_the_file_it_includes(tmp_path, capsys):
    root = _project(tmp_path)
    docs = root / "docs"
    stub = docs / "adr" / "0001-use-redis.rst"
    before = stub.read_bytes()
    code, out, err = import_log(capsys, str(stub), "--in-place", cwd=root)
    assert (code, err) == (0, "")
    assert (
        "included: docs/adr/0001-use-redis.rst only includes records/0001-use-redis.rst: "
        "that file is converted, the page stays as it is"
    ) in out.splitlines()
    assert stub.read_bytes() == before
    assert (
        (root / "records" / "0001-use-redis.rst")
        .read_text("utf-8")
        .startswith(
            "Use Redis\n=========\n\n.. adr::\n   :status: accepted\n   :date: 2021-04-01\n\n"
            "Context\n"
        )
    )
    built, warnings = _built(docs)
    assert warnings == []
    assert sorted(built) == sorted(_listed(capsys, docs)) == ["ADR-0001", "ADR-0002b", "ADR-0003"]
    assert (built["ADR-0001"]["title"], built["ADR-0001"]["date"]) == ("Use Redis", "2021-04-01")


def test_the_history_of_an_included_adr_is_its_files(tmp_path):
    """The stub page came years after the ADR: its history, and the date
    ``git-accepted`` gives, are the included file's."""
    from sphinx.testing.util import SphinxTestApp

    from history_repo import git
    from sphinxcontrib_adr.trace.history import History
    from util import domain_of

    root = tmp_path / "repo"
    (root / "records").mkdir(parents=True)
    (root / "adr").mkdir()
    (root / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr"]\nexclude_patterns = ["_build", "records"]\n'
        'adr_history = True\nadr_date_from = "git-accepted"\n',
        "utf-8",
    )
    (root / "index.rst").write_text("Log\n===\n\n.. toctree::\n   :glob:\n\n   adr/*\n", "utf-8")
    (root / ".gitignore").write_text("_build/\n", "utf-8")
    record = root / "records" / "0001-use-redis.rst"
    git(root, "init", "-q", "-b", "main")
    for date, status in (("2020-01-10", "proposed"), ("2021-02-02", "accepted")):
        record.write_text(
            f"Use Redis\n=========\n\n.. adr::\n   :status: {status}\n\nWords.\n", "utf-8"
        )
        git(root, "add", "-A", date=date)
        git(root, "commit", "-q", "-m", f"Redis {status}", date=date)
    (root / "adr" / "0001-use-redis.rst").write_text(
        ".. include:: ../records/0001-use-redis.rst\n", "utf-8"
    )
    git(root, "add", "-A", date="2022-03-03")
    git(root, "commit", "-q", "-m", "Stub pages for the records", date="2022-03-03")
    app = SphinxTestApp("dummy", srcdir=root, freshenv=True)
    try:
        app.build()
        domain = domain_of(app)
        dates = {a.id: a.date for a in domain.adrs()}
        statuses = {r.adr: r.statuses for r in domain.records(History)}
        warnings = warnings_of(app)
    finally:
        app.cleanup()
    assert warnings == []
    assert dates == {"ADR-0001": "2021-02-02"}
    assert statuses == {"ADR-0001": (("proposed", "2020-01-10"), ("accepted", "2021-02-02"))}


def test_the_history_of_an_adr_included_from_outside_the_source_folder_is_its_files(
    tmp_path, capsys
):
    """The ADR lives in ``adr/`` at the repository's top, the Sphinx project in
    ``docs/``: the pass's log covers ``docs/`` only, yet the status history, the
    ``git-accepted`` and ``git-first`` dates are the included file's (through its
    rename), in the build and in ``sphinx-adr list``."""
    from sphinx.testing.util import SphinxTestApp

    from history_repo import git
    from sphinxcontrib_adr.trace.history import History
    from util import domain_of

    root = tmp_path / "repo"
    docs = root / "docs"
    (docs / "decisions").mkdir(parents=True)
    (root / "adr").mkdir()
    record = root / "adr" / "0001-redis.rst"
    git(root, "init", "-q", "-b", "main")
    for date, status in (("2020-01-10", "proposed"), ("2021-02-02", "accepted")):
        record.write_text(
            f"Use Redis\n=========\n\n.. adr::\n   :status: {status}\n\nWords.\n", "utf-8"
        )
        git(root, "add", "-A", date=date)
        git(root, "commit", "-q", "-m", f"Redis {status}", date=date)
        if status == "proposed":  # renamed before it was accepted: its past goes with it
            git(root, "mv", "adr/0001-redis.rst", "adr/0001-use-redis.rst", date=date)
            git(root, "commit", "-q", "-m", "A longer name", date="2020-06-01")
            record = root / "adr" / "0001-use-redis.rst"
    (docs / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr"]\nadr_history = True\nadr_date_from = "git-accepted"\n',
        "utf-8",
    )
    (docs / "index.rst").write_text(
        "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n", "utf-8"
    )
    (docs / "decisions" / "0001-use-redis.rst").write_text(
        ".. include:: ../../adr/0001-use-redis.rst\n", "utf-8"
    )
    (root / ".gitignore").write_text("_build/\n", "utf-8")
    git(root, "add", "-A", date="2023-03-03")
    git(root, "commit", "-q", "-m", "A Sphinx project for the log", date="2023-03-03")
    app = SphinxTestApp("dummy", srcdir=docs, freshenv=True)
    try:
        app.build()
        domain = domain_of(app)
        dates = {a.id: a.date for a in domain.adrs()}
        histories = {r.adr: (r.statuses, r.first) for r in domain.records(History)}
        warnings = warnings_of(app)
    finally:
        app.cleanup()
    assert warnings == []
    assert dates == {"ADR-0001": "2021-02-02"}
    assert histories == {
        "ADR-0001": ((("proposed", "2020-01-10"), ("accepted", "2021-02-02")), "2020-01-10")
    }
    assert {a["id"]: a["date"] for a in _listed(capsys, docs).values()} == {
        "ADR-0001": "2021-02-02"
    }
