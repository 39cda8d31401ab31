"""``sphinx-adr portal``: a Sphinx project over the logs of several projects.

The logs are the exports of ``roots/test-external-web`` and ``-platform``
(platform relates one of its ADRs to one of web's), built once per module.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.interop.gate import known_versions
from util import build_clean, copy_root, warnings_of


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("portal-logs")
    web = build_clean(copy_root("external-web", base), base / "web-build") / "adrs.json"
    platform = build_clean(
        copy_root("external-platform", base),
        base / "platform-build",
        adr_external={"web": str(web)},
    )
    return {"web": web, "platform": platform / "adrs.json"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(html: str) -> list[list[str]]:
    tbody = html.split('<table class="adr-table', 1)[1].split("<tbody>", 1)[1]
    tbody = tbody.split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        cells = [re.sub(r'<span class="adr-record".*?</span>', "", c, flags=re.S) for c in cells]
        rows.append(
            [" ".join(re.sub(r"<[^>]+>", " ", c).split()).replace(" ,", ",") for c in cells]
        )
    return rows


def test_portal_builds_and_shows_every_adr_with_relations_on_both_ends(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    code, stdout, err = run(
        capsys, "portal", str(logs["web"]), str(logs["platform"]), "-o", str(out)
    )
    assert (code, err) == (0, "")
    assert stdout.splitlines()[0] == f"portal over 2 projects (5 ADRs): 5 files in {out}"
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=out, freshenv=True, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    # no project column (the id says it) and no date (the timeline has it): five fit
    assert _rows(html) == [
        ["platform:ADR-0001", "One PostgreSQL database", "accepted", "", ""],
        ["platform:ADR-0002", "Queue jobs in Redis", "superseded", "platform:ADR-0003", ""],
        ["platform:ADR-0003", "Queue jobs in PostgreSQL", "accepted", "", "web:ADR-0001"],
        # declared in platform only, shown on web's end too
        ["web:ADR-0001", "Render pages on the server", "accepted", "", "platform:ADR-0003"],
        ["web:ADR-0002", "Share design tokens", "proposed", "", ""],
    ]  # fmt: skip
    link = re.search(
        r'<a class="([^"]*)" href="([^"]*)"[^>]*>\s*<span[^>]*>web:ADR-0001</span>', html
    )
    assert link is not None
    # relative to the portal's HTML: a link that still works once both are served
    web_html = os.path.relpath(logs["web"].parent, app.outdir).replace(os.sep, "/")
    assert link.group(2) == f"{web_html}/0001-server-side-rendering.html#adr-0001"
    # one page per project, each with its own table
    page = (Path(app.outdir) / "projects/web.html").read_text("utf-8")
    assert [row[0] for row in _rows(page)] == ["web:ADR-0001", "web:ADR-0002"]
    # one folder deeper, the same page
    assert f'href="../{web_html}/0001-server-side-rendering.html#adr-0001"' in page


def test_portal_names_logs_and_writes_relative_paths(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    code, stdout, _err = run(
        capsys, "portal", f"ui={logs['web']}", str(logs["platform"]), "-o", str(out),
        "--base-url", "platform=https://platform.example.org/docs",
    )  # fmt: skip
    assert code == 0
    assert stdout.splitlines()[-1] == (
        f"links to the pages of ui lead to their local builds, relative to {out}/_build/html; "
        "to publish the portal, say where each is published: "
        "--base-url ui=https://docs.example.org/ui/"
    )
    conf: dict[str, object] = {}
    exec((out / "conf.py").read_text("utf-8"), conf)
    assert conf["adr_external"] == {
        "ui": {
            "json": os.path.relpath(logs["web"], out).replace(os.sep, "/"),
            "base_url": os.path.relpath(logs["web"].parent, out / "_build/html").replace(
                os.sep, "/"
            )
            + "/",
        },
        "platform": {
            "json": os.path.relpath(logs["platform"], out).replace(os.sep, "/"),
            "base_url": "https://platform.example.org/docs/",
        },
    }


def test_portal_refuses_to_overwrite_a_file_it_did_not_write(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    out.mkdir()
    (out / "conf.py").write_text("project = 'mine'\n", "utf-8")
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {out / 'conf.py'} exists and was not written by "
        "sphinx-adr portal; choose another -o folder or move that file away (nothing was "
        "written)\n"
    )
    assert (out / "conf.py").read_text("utf-8") == "project = 'mine'\n"
    assert sorted(p.name for p in out.iterdir()) == ["conf.py"]


def test_portal_written_again_replaces_its_own_files_only(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    assert run(capsys, "portal", str(logs["web"]), str(logs["platform"]), "-o", str(out))[0] == 0
    (out / "notes.rst").write_text("My notes\n========\n", "utf-8")
    code, _stdout, _err = run(capsys, "portal", str(logs["web"]), "-o", str(out))
    assert code == 0
    assert sorted(p.name for p in (out / "projects").iterdir()) == ["web.rst"]
    assert (out / "notes.rst").read_text("utf-8") == "My notes\n========\n"
    assert "platform" not in (out / "conf.py").read_text("utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read (No such file or directory); give the path of an adrs.json"),
        ("{", "not a usable adrs.json (Expecting property name enclosed in double quotes: "
         "line 1 column 2 (char 1))"),
        ('{"format": "sphinxcontrib-adr", "version": 9, "adrs": []}',
         "not a usable adrs.json (format version 9 was written by a newer sphinxcontrib-adr "
         f"(this one reads versions {', '.join(map(str, known_versions()))}); upgrade "
         "sphinxcontrib-adr here)"),
    ],
)  # fmt: skip
def test_unusable_log_is_a_usage_error(capsys, tmp_path, content, message):
    path = tmp_path / "x" / "adrs.json"
    if content is not None:
        path.parent.mkdir()
        path.write_text(content, "utf-8")
    code, stdout, err = run(capsys, "portal", str(path), "-o", str(tmp_path / "portal"))
    assert (code, stdout) == (2, "")
    assert err == f"sphinx-adr portal: error: {path}: {message}\n"
    assert not (tmp_path / "portal").exists()


def test_two_logs_of_one_name_must_be_named_apart(capsys, tmp_path, logs):
    code, _stdout, err = run(
        capsys, "portal", str(logs["web"]), str(logs["web"]), "-o", str(tmp_path / "p")
    )
    assert code == 2
    assert err == (
        "sphinx-adr portal: error: two logs are named 'web'; name them apart: NAME=PATH (the "
        "name is written before the colon of 'name:ADR-0012')\n"
    )
