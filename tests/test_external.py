"""Decisions across projects: three projects that read each other's ``adrs.json``.

``roots/test-external-web`` refers to no other project; ``-platform`` reads
web's export; ``-app-{rst,myst}`` reads both. Each is built in a temporary
folder and the JSON files are exchanged on disk (one case through a local
``http.server`` on 127.0.0.1), as ``adr_external`` is used in practice.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from sphinxcontrib_adr.interop.gate import known_versions
from util import adr_warnings, bad_setting, build_clean, copy_root, tree_contents, warnings_of

SYNTAXES = ("rst", "myst")
EXT = {"rst": "rst", "myst": "md"}


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, Path]:
    """The output folders of web and platform (each holds its adrs.json)."""
    base = tmp_path_factory.mktemp("logs")
    web = build_clean(copy_root("external-web", base))
    platform = build_clean(
        copy_root("external-platform", base), adr_external={"web": str(web / "adrs.json")}
    )
    return {"web": web, "platform": platform}


def _mapping(logs: dict[str, Path]) -> dict[str, object]:
    return {name: str(out / "adrs.json") for name, out in logs.items()}


def _app(make_app, srcdir: Path, logs: dict[str, Path], freshenv: bool = True, **overrides):
    conf = {"adr_external": _mapping(logs), **overrides}
    return make_app("html", srcdir=srcdir, freshenv=freshenv, confoverrides=conf)


@pytest.fixture
def app_project(make_app, tmp_path, logs, syntax):
    srcdir = copy_root(f"external-app-{syntax}", tmp_path)
    app = _app(make_app, srcdir, logs)
    app.build()
    return app


def _body(app, page: str = "index") -> str:
    html = (Path(app.outdir) / f"{page}.html").read_text("utf-8")
    return html.split('<div class="body" role="main">', 1)[1].split('<div class="sphinxsidebar"')[0]


def _text(fragment: str) -> str:
    return (
        " ".join(re.sub(r"<[^>]+>", " ", fragment).split())
        .replace(" ,", ",")
        .replace(" ;", ";")
        .replace("\u2019", "'")
    )


def _links(fragment: str) -> dict[str, tuple[str, str]]:
    """Link text -> (href, classes) of every link in ``fragment``."""
    found = {}
    for match in re.finditer(r'<a class="([^"]*)" href="([^"]*)"[^>]*>(.*?)</a>', fragment, re.S):
        found[_text(match.group(3))] = (match.group(2), match.group(1))
    return found


def _rows(fragment: str) -> list[list[str]]:
    """The cells of each body row of the first table in ``fragment``."""
    tbody = fragment.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        # the hidden record text (for the browser's filter) is not a cell's content
        cells = [re.sub(r'<span class="adr-record".*?</span>', "", c, flags=re.S) for c in cells]
        rows.append([_text(c) for c in cells])
    return rows


# --------------------------------------------------------------------------
# references and relations


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_reference_to_another_project_links_to_its_page_with_title_and_status(
    app_project, logs, syntax
):
    assert warnings_of(app_project) == []
    links = _links(_body(app_project))
    href, classes = links["platform:ADR-0003: Queue jobs in PostgreSQL"]
    assert href == f"{logs['platform']}/0003-queue-in-postgres.html#adr-0003"
    assert {"external", "adr-status-accepted", "adr-external"} <= set(classes.split())
    href, classes = links["web:ADR-0002: Share design tokens"]
    assert href == f"{logs['web']}/0002-design-tokens.html#adr-0002"
    assert "adr-status-proposed" in classes.split()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_relation_to_another_project_resolves_on_the_adr_page(app_project, logs, syntax):
    body = _body(app_project, "decisions/0001-jobs-in-the-database")
    links = _links(body)
    assert links["platform:ADR-0002: Queue jobs in Redis"][0] == (
        f"{logs['platform']}/0002-queue-in-redis.html#adr-0002"
    )
    assert links["web:ADR-0001: Render pages on the server"][0] == (
        f"{logs['web']}/0001-server-side-rendering.html#adr-0001"
    )
    assert "adr-status-superseded" in links["platform:ADR-0002: Queue jobs in Redis"][1].split()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_any_role_and_myst_link_resolve_to_another_project(make_app, tmp_path, logs, syntax):
    srcdir = copy_root(f"external-app-{syntax}", tmp_path)
    index = srcdir / f"index.{EXT[syntax]}"
    line = ":any:`web:ADR-0001`" if syntax == "rst" else "[](web:ADR-0001)"
    index.write_text(index.read_text("utf-8") + f"\nBy any name: {line}.\n", "utf-8")
    app = _app(make_app, srcdir, logs)
    app.build()
    assert warnings_of(app) == []
    paragraph = _body(app).split("By any name:", 1)[1].split("</p>", 1)[0]
    assert _links(paragraph) == {
        "web:ADR-0001: Render pages on the server": (
            f"{logs['web']}/0001-server-side-rendering.html#adr-0001",
            "external adr-ref adr-status-accepted adr-external reference",
        )
    }


def test_relation_between_two_other_projects_is_kept_qualified(logs):
    """platform declared ``:relates: web:ADR-0001``; its export says so, resolved."""
    data = json.loads((logs["platform"] / "adrs.json").read_text("utf-8"))
    adr = next(a for a in data["adrs"] if a["id"] == "ADR-0003")
    relates = [r for r in adr["relations"] if r["kind"] == "relates"]
    assert [(r["id"], r["resolved"], r["status"], r["uri"]) for r in relates] == [
        (
            "web:ADR-0001",
            True,
            "accepted",
            f"{logs['web']}/0001-server-side-rendering.html#adr-0001",
        )
    ]


# --------------------------------------------------------------------------
# listings


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_table_over_every_project_shows_project_column_and_both_ends_of_relations(
    app_project, syntax
):
    assert _rows(_body(app_project)) == [
        ["", "ADR-0001", "Take jobs from the platform's database", "accepted", "web:ADR-0001"],
        ["platform", "platform:ADR-0001", "One PostgreSQL database", "accepted", ""],
        ["platform", "platform:ADR-0002", "Queue jobs in Redis", "superseded", ""],
        ["platform", "platform:ADR-0003", "Queue jobs in PostgreSQL", "accepted", "web:ADR-0001"],
        # declared by the app and by platform: shown on web's end too
        ["web", "web:ADR-0001", "Render pages on the server", "accepted",
         "ADR-0001, platform:ADR-0003"],
        ["web", "web:ADR-0002", "Share design tokens", "proposed", ""],
    ]  # fmt: skip


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_filters_apply_to_other_projects_alike(app_project, syntax):
    listing = _body(app_project).split('<ul class="adr-list', 1)[1].split("</ul>", 1)[0]
    items = [_text(i) for i in re.findall(r"<li[^>]*>(.*?)</li>", listing, re.S)]
    assert items == [
        "platform:ADR-0001: One PostgreSQL database — accepted; 2024-03-01",
        "platform:ADR-0003: Queue jobs in PostgreSQL — accepted; 2025-01-15",
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_timeline_takes_the_named_projects_and_local(app_project, syntax):
    timeline = _body(app_project).split('class="adr-timeline', 1)[1]
    ids = re.findall(
        r'class="adr-timeline-date">([^<]+)</span>\s*<a[^>]*title="([^"]+) \(', timeline
    )
    assert ids == [
        ("2025-02-01", "web:ADR-0001"),
        ("2025-03-01", "ADR-0001"),
        ("2025-06-10", "web:ADR-0002"),
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_graph_over_projects_draws_cross_project_edges(make_app, tmp_path, logs, syntax):
    srcdir = copy_root(f"external-app-{syntax}", tmp_path)
    index = srcdir / f"index.{EXT[syntax]}"
    star = "'*'" if syntax == "myst" else "*"
    graph = (
        f"\n.. adr-graph::\n   :projects: {star}\n   :kinds: relates\n"
        if syntax == "rst"
        else f"\n:::{{adr-graph}}\n:projects: {star}\n:kinds: relates\n:::\n"
    )
    index.write_text(index.read_text("utf-8") + graph, "utf-8")
    app = make_app(
        "text", srcdir=srcdir, freshenv=True, confoverrides={"adr_external": _mapping(logs)}
    )
    app.build()
    assert warnings_of(app) == []
    text = (Path(app.outdir) / "index.txt").read_text("utf-8")
    items = [" ".join(item.replace("*", "").split()) for item in text.split("\n\n")]
    assert [item.lstrip("- ") for item in items if " relates " in item] == [
        "ADR-0001: Take jobs from the platform's database relates web:ADR-0001: Render pages "
        "on the server",
        "platform:ADR-0003: Queue jobs in PostgreSQL relates web:ADR-0001: Render pages on "
        "the server",
    ]


# --------------------------------------------------------------------------
# mistakes: one warning each


def _edited(tmp_path: Path, syntax: str, page: str, old: str, new: str) -> Path:
    srcdir = copy_root(f"external-app-{syntax}", tmp_path)
    path = srcdir / f"{page}.{EXT[syntax]}"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    return srcdir


def _line_of(path: Path, needle: str) -> int:
    return 1 + next(
        i for i, line in enumerate(path.read_text("utf-8").splitlines()) if needle in line
    )


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_dangling_external_reference_warns_with_the_project_name(make_app, tmp_path, logs, syntax):
    srcdir = _edited(tmp_path, syntax, "index", "platform:ADR-0003", "platform:ADR-0099")
    app = _app(make_app, srcdir, logs)
    app.build()
    index = srcdir / f"index.{EXT[syntax]}"
    found = [(w.basename, w.line, w.type, w.message) for w in warnings_of(app)]
    assert found == [
        (
            index.name,
            _line_of(index, "ADR-0099"),
            "adr.ref",
            f"reference to 'platform:ADR-0099': the decision log of project 'platform' "
            f"({logs['platform']}/adrs.json) has no ADR-0099; check the id",
        )
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_dangling_external_relation_warns_with_the_project_name(make_app, tmp_path, logs, syntax):
    page = "decisions/0001-jobs-in-the-database"
    srcdir = _edited(
        tmp_path, syntax, page, ":supersedes: platform:ADR-0002", ":supersedes: platform:ADR-0042"
    )
    app = _app(make_app, srcdir, logs)
    app.build()
    found = [(w.basename, w.type, w.message) for w in warnings_of(app)]
    assert found == [
        (
            f"0001-jobs-in-the-database.{EXT[syntax]}",
            "adr.link",
            f"ADR-0001 :supersedes: names 'platform:ADR-0042', but the decision log of "
            f"project 'platform' ({logs['platform']}/adrs.json) has no ADR-0042; check the "
            "id or remove the relation",
        )
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_relation_to_an_unconfigured_project_says_how_to_declare_it(
    make_app, tmp_path, logs, syntax
):
    page = "decisions/0001-jobs-in-the-database"
    srcdir = _edited(tmp_path, syntax, page, ":relates: web:ADR-0001", ":relates: billing:ADR-0001")
    app = _app(make_app, srcdir, logs)
    app.build()
    assert [(w.type, w.message) for w in warnings_of(app)] == [
        (
            "adr.link",
            "ADR-0001 :relates: names 'billing:ADR-0001', which is not an ADR of this "
            "project; check the id or remove the relation (to relate to another project's "
            "ADR, declare 'billing' in adr_external with the path or URL of its adrs.json)",
        )
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_unknown_name_in_projects_option_warns_once(make_app, tmp_path, logs, syntax):
    srcdir = _edited(tmp_path, syntax, "index", ":projects: platform", ":projects: platfrom")
    app = _app(make_app, srcdir, logs)
    app.build()
    index = srcdir / f"index.{EXT[syntax]}"
    assert [(w.basename, w.line, w.type, w.message) for w in warnings_of(app)] == [
        (
            index.name,
            _line_of(index, "adr-list"),
            "adr.filter",
            "adr-list: :projects: 'platfrom' is not a project; write local, * or names of "
            "adr_external (platform, web)",
        )
    ]


def _broken_logs(tmp_path: Path, logs: dict[str, Path], case: str) -> dict[str, Path]:
    folder = tmp_path / "broken"
    folder.mkdir()
    data = json.loads((logs["platform"] / "adrs.json").read_text("utf-8"))
    if case == "future":
        data["version"] = 99
        (folder / "adrs.json").write_text(json.dumps(data), "utf-8")
    elif case == "malformed":
        data["adrs"][1]["status"] = 7
        (folder / "adrs.json").write_text(json.dumps(data), "utf-8")
    elif case == "deep":
        (folder / "adrs.json").write_text("[" * 100_000, "utf-8")
    elif case == "not-json":
        (folder / "adrs.json").write_text("<html>not found</html>", "utf-8")
    return {"web": logs["web"], "platform": folder}


#: the format versions this installation reads (each version bump adds one)
_READS = ", ".join(map(str, known_versions()))
_PROBLEMS = {
    "future": "format version 99 was written by a newer sphinxcontrib-adr (this one reads "
    f"versions {_READS}); upgrade sphinxcontrib-adr here",
    "malformed": "adrs[1].status: expected a non-empty string, found 7",
    "not-json": "not valid JSON (Expecting value: line 1 column 1 (char 0))",
    "deep": "not an ADR export (nested too deeply)",
}


@pytest.mark.parametrize("case", ["future", "malformed", "not-json", "deep", "missing"])
def test_unusable_log_is_one_warning_and_its_references_stay_quiet(make_app, tmp_path, logs, case):
    broken = _broken_logs(tmp_path, logs, case)
    app = _app(make_app, copy_root("external-app-rst", tmp_path), broken)
    app.build()
    source = f"{broken['platform']}/adrs.json"
    if case == "missing":
        reason = "No such file or directory"
        message = (
            f"adr_external['platform']: {source} cannot be read ({reason}); its ADRs are "
            "left out; check the path or URL (a URL is read once, then cached)"
        )
    else:
        message = (
            f"adr_external['platform']: {source}: {_PROBLEMS[case]}; its ADRs are left out; "
            "rebuild that project to write its adrs.json again"
        )
    assert [(w.basename, w.type, w.message) for w in warnings_of(app)] == [
        ("conf.py", "adr.external", message)
    ]
    rows = _rows(_body(app))
    assert [row[1] for row in rows] == ["ADR-0001", "web:ADR-0001", "web:ADR-0002"]


def test_project_name_that_cannot_prefix_an_id_is_a_config_error(make_app, tmp_path, logs):
    srcdir = copy_root("external-app-rst", tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"adr_external": {"plat:form": "x.json"}})
    warning = bad_setting(app, "adr_external", {"plat:form": "x.json"})
    assert warning.message.startswith("adr_external: 'plat:form' is not a usable")


# --------------------------------------------------------------------------
# HTTP, the cache and offline builds


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def served(logs):
    """platform's output served on 127.0.0.1 (an ephemeral port); stop() ends it."""
    handler = functools.partial(_Quiet, directory=str(logs["platform"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    stopped = []

    def stop() -> None:
        if not stopped:
            server.shutdown()
            server.server_close()
            stopped.append(True)

    yield url, stop
    stop()


def test_log_over_http_is_read_then_served_from_the_cache_when_offline(
    make_app, tmp_path, logs, served
):
    url, stop = served
    srcdir = copy_root("external-app-rst", tmp_path)
    conf = {
        "adr_external": {"web": str(logs["web"] / "adrs.json"), "platform": f"{url}adrs.json"},
        "adr_external_cache_limit": 0,  # fetch on every build
        "adr_external_timeout": 5,
    }
    first = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=conf)
    first.build()
    assert warnings_of(first) == []
    links = _links(_body(first))
    assert links["platform:ADR-0003: Queue jobs in PostgreSQL"][0] == (
        f"{url}0003-queue-in-postgres.html#adr-0003"
    )
    stop()
    (srcdir / "index.rst").touch()
    second = make_app("html", srcdir=srcdir, freshenv=False, confoverrides=conf)
    second.build()
    assert warnings_of(second) == []
    status = re.sub(r"\x1b\[[0-9;]*m", "", second.status.getvalue())
    said = [line for line in status.splitlines() if "adr_external" in line]
    assert len(said) == 1
    assert said[0].startswith(
        f"adr_external: offline, using cached decision logs: platform ({url}adrs.json: "
    )
    assert _links(_body(second)) == links


# --------------------------------------------------------------------------
# incremental and parallel builds


def _written(app) -> list[str]:
    pages: list[str] = []
    app.connect("doctree-resolved", lambda _a, _d, docname: pages.append(docname))
    app.build()
    return sorted(pages)


@pytest.fixture
def copied_logs(tmp_path, logs) -> dict[str, Path]:
    """Copies of the logs that a test may edit."""
    result = {}
    for name, out in logs.items():
        folder = tmp_path / "logs" / name
        folder.mkdir(parents=True)
        shutil.copy(out / "adrs.json", folder / "adrs.json")
        result[name] = folder
    return result


def _retitle(folder: Path, adr_id: str, title: str) -> None:
    path = folder / "adrs.json"
    data = json.loads(path.read_text("utf-8"))
    next(a for a in data["adrs"] if a["id"] == adr_id)["title"] = title
    path.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_changed_log_rewrites_only_the_pages_showing_its_adrs(
    make_app, tmp_path, copied_logs, syntax
):
    srcdir = copy_root(f"external-app-{syntax}", tmp_path / "inc")
    (srcdir / f"other.{EXT[syntax]}").write_text("Other\n=====\n\nNo decisions here.\n")
    _app(make_app, srcdir, copied_logs).build()
    # platform:ADR-0003 is shown on the index (reference, table, list) and on the
    # ADR page (a reference in its text); "other" shows nothing of platform
    _retitle(copied_logs["platform"], "ADR-0003", "Queue jobs in PostgreSQL 17")
    app = _app(make_app, srcdir, copied_logs, freshenv=False)
    assert _written(app) == ["decisions/0001-jobs-in-the-database", "index"]
    assert "platform:ADR-0003: Queue jobs in PostgreSQL 17" in _body(app)
    clean_dir = tmp_path / "clean" / srcdir.name
    shutil.copytree(srcdir, clean_dir, ignore=shutil.ignore_patterns("_build"))
    clean = _app(make_app, clean_dir, copied_logs)
    clean.build()
    assert tree_contents(app.outdir) == tree_contents(clean.outdir)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_log_read_by_a_listing_of_that_project_only_rewrites_that_page(
    make_app, tmp_path, copied_logs, syntax
):
    srcdir = copy_root(f"external-app-{syntax}", tmp_path / "inc")
    _app(make_app, srcdir, copied_logs).build()
    _retitle(copied_logs["web"], "ADR-0002", "Share design tokens everywhere")
    app = _app(make_app, srcdir, copied_logs, freshenv=False)
    # web:ADR-0002 is only on the index (a reference, the table, the timeline)
    assert _written(app) == ["index"]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_unchanged_log_costs_nothing(make_app, tmp_path, copied_logs, syntax):
    srcdir = copy_root(f"external-app-{syntax}", tmp_path / "inc")
    _app(make_app, srcdir, copied_logs).build()
    (copied_logs["web"] / "adrs.json").touch()  # a new mtime, the same bytes
    app = _app(make_app, srcdir, copied_logs, freshenv=False)
    assert _written(app) == []
    assert "no targets are out of date" in app.status.getvalue()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_build_equals_serial(make_app, tmp_path, logs, syntax):
    serial = _app(make_app, copy_root(f"external-app-{syntax}", tmp_path / "serial"), logs)
    serial.build()
    parallel = make_app(
        "html",
        srcdir=copy_root(f"external-app-{syntax}", tmp_path / "parallel"),
        freshenv=True,
        parallel=4,
        confoverrides={"adr_external": _mapping(logs)},
    )
    parallel.build()
    assert adr_warnings(parallel) == []
    assert tree_contents(parallel.outdir) == tree_contents(serial.outdir)
