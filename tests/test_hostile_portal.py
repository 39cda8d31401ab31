"""The portal over logs it cannot trust (issue 25: findings 2, 3, 4, 11, 13, 16).

A log's ``project`` field, its ids and relations come from another project or
from whoever serves its URL: the portal shows them as text and never as
markup, reads them within a deadline and a size cap, and a re-run never
loses a hand edit.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.cli.portal_pages import heading, plain, rest_text
from util import build_clean, copy_root

#: a file a hostile log tries to publish through ``.. include::``
CANARY = "CANARY-8d1f-not-for-publication"


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hostile-portal-logs")
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


def _build(srcdir: Path) -> tuple[Path, str]:
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.warning.getvalue()


# --------------------------------------------------------------------- finding 2


def _hostile_log(web: Path, folder: Path) -> Path:
    """web's log whose project name, ids and relations try to become markup."""
    data = json.loads(web.read_text("utf-8"))
    # Sphinx reads an absolute include path from the project's folder
    include = "\n\n.. include:: /secret.txt\n\n.. raw:: html\n\n   <script>raw()</script>\n\n"
    data["project"] = (
        "Click `me <javascript:alert(1)>`_ <script>alert(1)</script> |sub| **b**" + include
    )
    first, second = data["adrs"]
    first["title"] = f"Title `x <javascript:alert(2)>`_ <script>t()</script>{include}"
    # a relation to another project: its ends went into the graph's :around: option
    first["links"] = [
        {"source": "ADR-0001", "kind": "relates", "target": f"web:ADR-0001{include}"},
        {"source": f"ADR-0002,{include}", "kind": "relates", "target": "web:ADR-0002"},
    ]
    second["id"] = f"ADR-0002,{include}"
    path = folder / "adrs.json"
    folder.mkdir()
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_portal_over_hostile_logs_includes_nothing_and_runs_no_script(capsys, tmp_path, logs):
    evil = _hostile_log(logs["web"], tmp_path / "evil")
    out = tmp_path / "portal"
    out.mkdir()
    (out / "secret.txt").write_text(CANARY + "\n", "utf-8")
    code, _stdout, err = run(
        capsys, "portal", str(logs["web"]), f"evil={evil}", str(evil), "-o", str(out)
    )
    assert (code, err) == (0, "")
    outdir, warnings = _build(out)
    assert 'Problems with "include"' not in warnings
    for path in outdir.rglob("*"):  # the page, its copy of the source, the search index
        assert not path.is_file() or CANARY.encode() not in path.read_bytes(), path
    pages = {p.relative_to(outdir).as_posix(): p.read_text("utf-8") for p in outdir.rglob("*.html")}
    # the third log is named after its (hostile) project, as a slug
    project = json.loads(evil.read_text("utf-8"))["project"]
    assert "projects/click-me-javascript-alert-1-script-alert-1-script-sub-b-incl.html" in pages
    for name, html in pages.items():
        assert not re.search(r"<script>\s*(raw|alert|t)\(", html), name
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I), name
    shown = plain(project)
    escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    page = pages["projects/evil.html"]
    assert re.search(r"<h1>(.*?)<a class=\"headerlink\"", page, re.S).group(1) == escaped
    # the projects table of the index links each page by its (escaped) title
    assert f">{escaped}</span></a>" in pages["index.html"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_text_is_shown_as_itself_never_as_markup(text):
    source = heading(text, "=", "fallback") + "\n" + rest_text(text) + "\n"
    tree = publish_doctree(source, settings_overrides={"report_level": 5, "halt_level": 5})
    assert not list(tree.findall(nodes.system_message)), source
    kinds = {type(node) for node in tree.findall() if node is not tree}
    assert kinds <= {nodes.section, nodes.title, nodes.paragraph, nodes.Text}, source
    title = tree.next_node(nodes.title)
    expected = plain(text)
    assert title is not None
    assert title.astext() == (expected if expected.strip("\\") else "fallback")
    paragraphs = list(tree.findall(nodes.paragraph))
    assert [p.astext() for p in paragraphs] == ([plain(text, len(text))] if expected else [])


# --------------------------------------------------------------------- finding 4


def test_hand_edits_survive_a_rerun_and_force_replaces_them(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    both = (str(logs["web"]), str(logs["platform"]))
    assert run(capsys, "portal", *both, "-o", str(out))[0] == 0
    conf = out / "conf.py"
    edited = conf.read_text("utf-8") + "html_theme = 'alabaster'\n"
    conf.write_text(edited, "utf-8")
    # the portal's own conf.py did not change: the edit is kept, the run succeeds
    code, stdout, err = run(capsys, "portal", *both, "-o", str(out))
    assert (code, err) == (0, "")
    assert f"kept {conf}: edited by hand (the portal's version did not change)" in stdout
    assert conf.read_text("utf-8") == edited
    # it would change now (one log less): refused, nothing written
    page = out / "projects" / "platform.rst"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {conf}: edited since sphinx-adr portal wrote it (nothing "
        "was written); keep your edits elsewhere and run it again, or run it with --force to "
        "replace them (an edited page of a project no longer given is kept, never deleted)\n"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # --force replaces the edited conf.py; the dropped project's unedited page goes
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out), "--force")
    assert (code, err) == (0, "")
    assert "html_theme" not in conf.read_text("utf-8")
    assert "platform" not in conf.read_text("utf-8")
    assert not page.exists()


def test_an_edited_page_of_a_dropped_project_is_never_deleted(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    assert run(capsys, "portal", str(logs["web"]), str(logs["platform"]), "-o", str(out))[0] == 0
    page = out / "projects" / "platform.rst"
    page.write_text(page.read_text("utf-8") + "\nOur notes on platform.\n", "utf-8")
    # a copy of a portal page, with its first line, that the portal did not write
    copy = out / "projects" / "copy.rst"
    copy.write_text((out / "projects" / "web.rst").read_text("utf-8"), "utf-8")
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err.startswith(f"sphinx-adr portal: error: {page}: edited since sphinx-adr portal")
    assert "platform" in (out / "conf.py").read_text("utf-8")  # nothing written
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out), "--force")
    assert (code, err) == (0, "")
    assert (
        f"kept {page}: edited by hand, and its project is no longer given; it is yours now "
        "(delete it, or list it in a toctree)"
    ) in stdout
    assert page.read_text("utf-8").endswith("\nOur notes on platform.\n")
    assert copy.exists()
    # the kept page is no longer the portal's: later runs leave it and succeed
    assert run(capsys, "portal", str(logs["web"]), "-o", str(out))[:3:2] == (0, "")
    assert page.exists()
    assert copy.exists()


def test_a_record_naming_other_files_deletes_nothing(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    assert run(capsys, "portal", str(logs["web"]), "-o", str(out))[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n", "utf-8")
    record = out / ".sphinx-adr-portal.json"
    data = json.loads(record.read_text("utf-8"))
    digest = hashlib.sha256(b"mine\n").hexdigest()
    data["files"]["../victim.txt"] = digest
    data["files"]["projects/../../victim.txt"] = digest
    record.write_text(json.dumps(data), "utf-8")
    assert run(capsys, "portal", str(logs["web"]), "-o", str(out))[:3:2] == (0, "")
    assert victim.read_text("utf-8") == "mine\n"


def test_files_of_a_portal_without_its_record_are_replaced_only_with_force(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    both = (str(logs["web"]), str(logs["platform"]))
    assert run(capsys, *("portal", *both, "-o", str(out)))[0] == 0
    (out / ".sphinx-adr-portal.json").unlink()  # as a portal written before the record
    # what it would write is what is there: nothing to decide, the record is written again
    assert run(capsys, "portal", *both, "-o", str(out))[:3:2] == (0, "")
    (out / ".sphinx-adr-portal.json").unlink()
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {out / 'conf.py'}, {out / 'index.rst'}: written by "
        f"sphinx-adr portal, but {out / '.sphinx-adr-portal.json'} holds no record of it, "
        "so a hand edit cannot be told apart (nothing was written); keep your edits "
        "elsewhere and run it with --force to replace them\n"
    )
    code, _stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(out), "--force")
    assert (code, err) == (0, "")
    assert "platform" not in (out / "conf.py").read_text("utf-8")
    # not recorded, so not deleted: the portal deletes only what it knows it wrote
    assert (out / "projects" / "platform.rst").exists()


def test_a_link_in_the_way_is_never_written_through(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    assert run(capsys, "portal", str(logs["web"]), "-o", str(out))[0] == 0
    outside = tmp_path / "outside.rst"
    page = out / "projects" / "web.rst"
    outside.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(outside)
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "--title", "New", "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {page} is in the way and is not a file sphinx-adr "
        "portal wrote (a link or a folder); move it away (nothing was written)\n"
    )
    assert page.is_symlink()


def test_a_long_project_name_gives_a_short_file_name(capsys, tmp_path, logs):
    data = json.loads(logs["web"].read_text("utf-8"))
    data["project"] = "Very long " * 2000
    log = tmp_path / "long" / "adrs.json"
    log.parent.mkdir()
    log.write_text(json.dumps(data), "utf-8")
    out = tmp_path / "portal"
    assert run(capsys, "portal", str(log), "-o", str(out))[:3:2] == (0, "")
    name = "very-long-" * 5 + "very-long"
    assert [p.name for p in (out / "projects").iterdir()] == [f"{name}.rst"]
    title = (out / "projects" / f"{name}.rst").read_text("utf-8").splitlines()[2]
    assert title == "Very long " * 19 + "Very long\\\u2026"  # the ellipsis escaped


# ----------------------------------------------------------------- findings 13, 16


def test_an_unusable_out_folder_is_one_line(capsys, tmp_path, logs):
    afile = tmp_path / "afile"
    afile.write_text("x\n", "utf-8")
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", str(afile / "sub"))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: -o {afile / 'sub'}: is inside {afile}, which is a file; "
        "give a folder for the portal\n"
    )
    code, stdout, err = run(capsys, "portal", str(logs["web"]), "-o", "/proc/x")
    assert (code, stdout) == (2, "")
    assert err == (
        "sphinx-adr portal: error: -o /proc/x: cannot create the folder (No such file or "
        "directory); give a folder that can be written\n"
    )


def test_a_name_ending_in_a_newline_is_refused(capsys, tmp_path, logs):
    out = tmp_path / "portal"
    arg = f"abc\n={logs['web']}"
    code, stdout, err = run(capsys, "portal", arg, "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {arg!r}: 'abc\\n' is not a usable "
        "project name; write letters, digits and . _ - before the '=' (the name is written "
        "before the colon of 'name:ADR-0012')\n"
    )
    assert not out.exists()


# -------------------------------------------------------------- findings 3 and 11


class _Drip(http.server.BaseHTTPRequestHandler):
    """Headers at once, then one byte a second until the client leaves."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            while not self.server.stopping:  # type: ignore[attr-defined]
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def log_message(self, *args: Any) -> None:
        pass


class _Flood(_Drip):
    """An endless body of zeros, as fast as the client reads."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        block = b"0" * (1024 * 1024)
        try:
            while not self.server.stopping:  # type: ignore[attr-defined]
                self.wfile.write(block)
        except OSError:
            pass


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.stopping = False  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/adrs.json"
    finally:
        server.stopping = True  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()


@pytest.fixture
def dripping() -> Iterator[str]:
    yield from _serve(_Drip)


@pytest.fixture
def flooding() -> Iterator[str]:
    yield from _serve(_Flood)


def test_a_dripping_server_cannot_hold_the_portal_past_its_deadline(capsys, tmp_path, dripping):
    start = time.monotonic()
    code, stdout, err = run(
        capsys, "portal", f"slow={dripping}", "-o", str(tmp_path / "p"), "--timeout", "2"
    )
    elapsed = time.monotonic() - start
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {dripping}: cannot be read (not read within 2 s); give "
        "the path of an adrs.json\n"
    )
    assert elapsed < 2 + 2
    assert not (tmp_path / "p").exists()


def test_an_endless_response_is_cut_at_the_size_cap(capsys, tmp_path, flooding):
    code, stdout, err = run(capsys, "portal", f"big={flooding}", "-o", str(tmp_path / "p"))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {flooding}: cannot be read (larger than 64 MiB); give "
        "the path of an adrs.json\n"
    )


def test_a_file_larger_than_the_cap_is_refused_unread(capsys, tmp_path):
    log = tmp_path / "huge" / "adrs.json"
    log.parent.mkdir()
    with log.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    code, stdout, err = run(capsys, "portal", str(log), "-o", str(tmp_path / "p"))
    assert (code, stdout) == (2, "")
    assert err == (
        f"sphinx-adr portal: error: {log}: cannot be read (larger than 64 MiB); give the path "
        "of an adrs.json\n"
    )


def test_the_timeout_must_be_a_positive_number_of_seconds(capsys, tmp_path, logs):
    code, stdout, err = run(
        capsys, "portal", str(logs["web"]), "-o", str(tmp_path / "p"), "--timeout", "0"
    )
    assert (code, stdout) == (2, "")
    assert err == "sphinx-adr portal: error: --timeout 0: give a number of seconds above 0\n"
