"""A project that uses no decision pays for no feature's implementation: loading the
extension registers every directive, setting and handler, but the modules that do
the work (the code scan, git history, test results, health, changelogs, tickets,
the trace views, the graph drawing, the export) are imported only when a document or a setting uses
them (issue 29). A top-level import of one of them in a registering module makes
these tests fail."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from util import adr_warnings

#: the modules loading the extension may import: what registers (settings,
#: directives, placeholders, handlers that return when there is nothing to do)
_LIGHT = {
    "sphinxcontrib_adr.trace",
    "sphinxcontrib_adr.trace.config",
    "sphinxcontrib_adr.trace.directives",
    "sphinxcontrib_adr.trace.globs",
    "sphinxcontrib_adr.trace.history_log",
    "sphinxcontrib_adr.trace.hooks",
    "sphinxcontrib_adr.trace.settings",
}

_BUILD = textwrap.dedent(
    """\
    import json, sys
    from sphinx.cmd.build import build_main
    code = build_main(["-q", "-b", sys.argv[3], sys.argv[1], sys.argv[2]])
    print(json.dumps([code, sorted(m for m in sys.modules if m.startswith("sphinxcontrib_adr"))]))
    """
)


def _loaded(tmp_path, pages: dict[str, str], builder: str = "html") -> set[str]:
    """The modules of ours a fresh process has imported after building ``pages``."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\nproject = "P"\n')
    for name, text in pages.items():
        (src / f"{name}.rst").write_text(text, "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(src), str(tmp_path / "out"), builder],
        capture_output=True,
        text=True,
        check=True,
    )
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0, done.stderr
    return set(modules)


_PLAIN = {
    "index": "Home\n====\n\nPlain text, :ref:`a reference <other>`.\n\n.. toctree::\n\n   other\n",
    "other": ".. _other:\n\nOther\n=====\n\nMore text.\n",
}


def test_a_project_without_decisions_imports_no_feature_implementation(tmp_path):
    loaded = _loaded(tmp_path, _PLAIN)
    assert "sphinxcontrib_adr.core.domain" in loaded  # the extension was loaded
    trace = {name for name in loaded if name.startswith("sphinxcontrib_adr.trace")}
    assert trace <= _LIGHT, sorted(trace - _LIGHT)
    drawing = {f"sphinxcontrib_adr.listings.graph_{name}" for name in ("dot", "view", "print")}
    assert not drawing & loaded, sorted(drawing & loaded)
    export = {"sphinxcontrib_adr.interop.export", "sphinxcontrib_adr.interop.export_cache"}
    assert not export & loaded, sorted(export & loaded)  # no adrs.json to write
    # the settings of `sphinx-adr new`, not the command line's project reader
    cli = {name for name in loaded if name.startswith("sphinxcontrib_adr.cli")}
    assert cli == {"sphinxcontrib_adr.cli", "sphinxcontrib_adr.cli.settings"}, sorted(cli)


def test_the_same_in_a_latex_build(tmp_path):
    loaded = _loaded(tmp_path, _PLAIN, "latex")
    trace = {name for name in loaded if name.startswith("sphinxcontrib_adr.trace")}
    assert trace <= _LIGHT, sorted(trace - _LIGHT)


def test_a_trace_directive_imports_its_implementation_when_it_runs(tmp_path):
    # the other side: the deferred modules are the ones that do the work
    pages = {
        "index": "Home\n====\n\n.. toctree::\n\n   adr\n",
        "adr": "Use X\n=====\n\n.. adr::\n   :id: ADR-0001\n   :status: accepted\n\n"
        ".. adr-history::\n\n.. adr-trace::\n",
    }
    loaded = _loaded(tmp_path, pages)
    assert {
        "sphinxcontrib_adr.trace.history_views",
        "sphinxcontrib_adr.trace.views",
    } <= loaded


# --------------------------------------------------------------------------
# what a feature says without decisions is still said: its handlers return early
# only when it is not configured


def _configured(tmp_path, settings: str, files: dict[str, str]):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f'extensions = ["sphinxcontrib_adr"]\nproject = "P"\n{settings}', "utf-8"
    )
    (src / "index.rst").write_text("Home\n====\n\nNo decision here.\n", "utf-8")
    for name, text in files.items():
        (src / name).write_text(text, "utf-8")
    return src


def test_a_code_scan_without_decisions_still_reports_unknown_markers(make_app, tmp_path):
    src = _configured(
        tmp_path,
        'adr_code_root = "."\nadr_code_scan = ["*.py"]\n',
        {"app.py": "x = 1\n# Implements ADR-0007\n"},
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    found = adr_warnings(app, "code_unknown_ref")
    assert [(Path(w.file).name, w.line) for w in found] == [("app.py", 2)]
    assert "ADR-0007" in found[0].message


_REPORT = """\
<testsuite name="s" tests="1">
  <testcase classname="tests.test_store" name="test_adr_0007_keeps_rows" time="0.1"/>
</testsuite>
"""


def test_test_results_without_decisions_still_report_stray_ids(make_app, tmp_path):
    src = _configured(tmp_path, 'adr_test_results = ["report.xml"]\n', {"report.xml": _REPORT})
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    found = adr_warnings(app, "confirmation")
    assert [Path(w.file).name for w in found] == ["report.xml"]
    assert "tests name ADRs this project does not have: ADR-0007" in found[0].message
