"""Decisions confirmed by tests: the pytest plugin, JUnit reports of other runners,
the *Confirmed by* field, listings, warnings, adrs.json and incremental builds.

``roots/test-evidence-*`` hold five ADRs (ADR-0003 superseded, ADR-0004 with
``:confirmation: required``, ADR-0005 proposed and referring to ADR-0002) and a
register page; ``fixtures/`` holds reports in the shapes Maven Surefire, Gradle,
go-junit-report and jest-junit write. Each test copies a root and puts the
reports it needs into ``reports/`` (what ``adr_test_results`` reads).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from util import ROOTS, adr_warnings, bad_setting, copy_root

SYNTAXES = ("rst", "myst")
EXT = {"rst": "rst", "myst": "md"}
FIXTURES = ROOTS / "test-evidence-rst" / "fixtures"

CACHE_TESTS = """\
import pytest

pytestmark = pytest.mark.adr("ADR-0001")


def test_ttl():
    pass


def test_survives_restart():
    pass
"""

POOL_TESTS = """\
import pytest


@pytest.mark.adr("ADR-0002")
class TestPool:
    def test_reuse(self):
        assert 0 == 4, "reused 0 connections\\nsecond line"

    def test_size(self):
        pass


@pytest.mark.adr("ADR-0002", "ADR-9999")
def test_close():
    pass


def test_adr_0005_draft():
    pytest.skip("not decided yet")
"""


def run_pytest(srcdir: Path, *options: str) -> Path:
    """Run pytest in a subprocess on two small modules with markers; its report."""
    tests = srcdir / "suite"
    tests.mkdir()
    (tests / "test_cache.py").write_text(CACHE_TESTS, "utf-8")
    (tests / "test_pool.py").write_text(POOL_TESTS, "utf-8")
    report = srcdir / "reports" / "junit.xml"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         f"--junitxml={report}", *options, "suite"],
        cwd=srcdir, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr  # one test fails, on purpose
    assert "1 failed, 4 passed, 1 skipped" in done.stdout, done.stdout
    return report


def project(tmp_path: Path, syntax: str, *fixtures: str) -> Path:
    srcdir = copy_root(f"evidence-{syntax}", tmp_path / syntax)
    shutil.rmtree(srcdir / "fixtures", ignore_errors=True)
    (srcdir / "reports").mkdir(exist_ok=True)
    for name in fixtures:
        shutil.copy(FIXTURES / name, srcdir / "reports" / name)
    return srcdir


def field_text(outdir: Path, stem: str) -> str | None:
    text = (outdir / "decisions" / f"{stem}.txt").read_text("utf-8")
    match = re.search(r"^Confirmed by:\n((?:   .*\n|\n)+)", text, re.M)
    # the text builder quotes literals
    return " ".join(match.group(1).replace('"', "").split()) if match else None


def located(app) -> list[tuple[str, int | None, str]]:
    found = adr_warnings(app, "confirmation")
    return sorted((w.basename, w.line, w.message) for w in found)


# --------------------------------------------------------------------------
# pytest -> JUnit XML -> the build


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_pytest_markers_reach_pages_warnings_and_json(make_app, tmp_path, syntax):
    srcdir = project(tmp_path, syntax)
    report = run_pytest(srcdir, "-o", "junit_family=xunit1")
    xml = report.read_text("utf-8")
    # a module's, a class's and a test's markers; one property per id
    assert xml.count('<property name="adr" value="ADR-0001" />') == 2
    assert xml.count('<property name="adr" value="ADR-0002" />') == 3
    assert xml.count('<property name="adr" value="ADR-9999" />') == 1

    text = make_app("text", srcdir=srcdir, freshenv=True)
    text.build()
    out = text.outdir
    assert field_text(out, "0001-cache-in-redis") == (
        "2 tests: 2 passed * passed suite.test_cache.test_ttl (suite/test_cache.py:6) "
        "* passed suite.test_cache.test_survives_restart (suite/test_cache.py:10)"
    )
    assert field_text(out, "0002-pool-connections") == (
        "3 tests: 2 passed, 1 failed * failed suite.test_pool.TestPool.test_reuse "
        "(suite/test_pool.py:6): AssertionError: reused 0 connections "
        "* passed suite.test_pool.TestPool.test_size (suite/test_pool.py:9) "
        "* passed suite.test_pool.test_close (suite/test_pool.py:13)"
    )
    # named by its id: test_adr_0005_draft
    assert field_text(out, "0005-no-tests-yet") == (
        "1 test: 1 skipped * skipped suite.test_pool.test_adr_0005_draft (suite/test_pool.py:18)"
    )
    assert field_text(out, "0004-audit-log") == "no test"
    assert field_text(out, "0003-cache-in-process") is None  # superseded, no test
    ext = EXT[syntax]
    assert located(text) == [
        (f"0002-pool-connections.{ext}", 4 if syntax == "rst" else 3,
         "ADR-0002 is accepted but 1 of its 3 tests fail: suite.test_pool.TestPool.test_reuse "
         "(failed: AssertionError: reused 0 connections); fix the code or the tests, or "
         "revisit the decision"),
        (f"0004-audit-log.{ext}", 4 if syntax == "rst" else 3,
         'ADR-0004 needs a test that confirms it and no test names it; mark one with '
         '@pytest.mark.adr("ADR-0004") or name it after the id'),
        ("junit.xml", 1,
         "test results reports/junit.xml: tests name ADRs this project does not have: "
         "ADR-9999 (suite.test_pool.test_close); fix the ids in the tests (or their adr "
         "markers), or move the tests to the decision that replaced it"),
    ]  # fmt: skip

    html = make_app("html", srcdir=srcdir, freshenv=True)
    html.build()
    page = (html.outdir / "decisions" / "0002-pool-connections.html").read_text("utf-8")
    assert 'href="https://git.example.com/shop/blob/abc123/suite/test_pool.py#L6"' in page
    assert "adr-confirmation-failing" in page
    data = json.loads((html.outdir / "adrs.json").read_text("utf-8"))
    from sphinxcontrib_adr.interop.export import SCHEMA_VERSION, load_schema

    assert data["version"] == SCHEMA_VERSION >= 3  # version 3 pinned the tests records
    assert {"tests", "test_case", "confirmation"} <= set(load_schema()["$defs"])
    by_id = {adr["id"]: adr for adr in data["adrs"]}
    tests = by_id["ADR-0002"]["children"]["tests"]
    assert len(tests) == 1
    summary = {k: v for k, v in tests[0].items() if k != "tests"}
    assert summary == {
        "docname": "decisions/0002-pool-connections",
        "total": 3, "passed": 2, "failed": 1, "errors": 0, "skipped": 0,
        "confirmation": "failing",
    }  # fmt: skip
    assert tests[0]["tests"][0] == {
        "name": "test_reuse",
        "classname": "suite.test_pool.TestPool",
        "file": "suite/test_pool.py",
        "line": 6,
        "outcome": "failed",
        "message": "AssertionError: reused 0 connections",
        "report": "reports/junit.xml",
    }
    assert by_id["ADR-0004"]["children"]["confirmation"] == [{"required": True}]
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(data, load_schema())


def test_default_junit_family_gives_no_file_and_no_pytest_warning(make_app, tmp_path):
    srcdir = project(tmp_path, "rst")
    report = run_pytest(srcdir)  # xunit2: pytest writes no file attribute
    assert "file=" not in report.read_text("utf-8")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    assert field_text(app.outdir, "0001-cache-in-redis") == (
        "2 tests: 2 passed * passed suite.test_cache.test_ttl "
        "* passed suite.test_cache.test_survives_restart"
    )


# --------------------------------------------------------------------------
# other runners


OTHER_RUNNERS = (
    "TEST-com.example.ADR0001CacheTest.xml",  # Maven Surefire
    "TEST-ADR0002PoolTest.xml",  # Gradle
    "go-junit-report.xml",
    "jest-junit.xml",
)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_reports_of_other_runners(make_app, tmp_path, syntax):
    srcdir = project(tmp_path, syntax, *OTHER_RUNNERS)
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    out = app.outdir
    assert field_text(out, "0001-cache-in-redis") == (
        "2 tests: 1 passed, 1 failed * failed com.example.ADR0001CacheTest.survivesRestart: "
        "expected: <1> but was: <2> * passed com.example.ADR0001CacheTest.ttlExpires"
    )
    # Gradle's error and go's failure ("Failed": the message is the text's first line)
    assert field_text(out, "0002-pool-connections") == (
        "3 tests: 1 passed, 1 failed, 1 error * error com.example.ADR0002PoolTest.closesIdle(): "
        "java.lang.IllegalStateException: pool closed * failed "
        "example.com/shop/pool.TestADR0002PoolReuse: pool_test.go:31: reused 0 connections, "
        "want 4 * passed example.com/shop/pool.TestADR0002PoolSize"
    )
    # jest: the class name is the name; the file is given
    assert field_text(out, "0004-audit-log") == (
        "1 test: 1 passed * passed audit ADR-0004 logs every change (src/audit.test.js)"
    )
    assert field_text(out, "0003-cache-in-process") == (
        "1 test: 1 passed * passed audit ADR-0003 keeps the in-process cache (src/audit.test.js)"
    )
    register = (out / "register.txt").read_text("utf-8")
    rows = re.findall(r"^\| \*(ADR-\d+)\* +\| (\d+) +\| (\w+) +\|$", register, re.M)
    assert rows == [
        ("ADR-0001", "2", "failing"),
        ("ADR-0002", "3", "failing"),
        ("ADR-0003", "1", "passing"),
        ("ADR-0004", "1", "passing"),
        ("ADR-0005", "0", "none"),
    ]
    failing = register.split("Failing")[1]
    assert re.findall(r"\* \*(ADR-\d+)", failing) == ["ADR-0001", "ADR-0002"]
    messages = [m for _f, _l, m in located(app)]
    assert [m.split(":")[0] for m in messages] == [
        "ADR-0001 is accepted but 1 of its 2 tests fail",
        "ADR-0002 is accepted but 2 of its 3 tests fail",
        "test results reports/jest-junit.xml",
    ]
    assert messages[2] == (
        "test results reports/jest-junit.xml: tests name ADRs this project does not have: "
        "ADR-0042 (audit ADR-0042 signs entries); tests confirm decisions that no longer "
        "apply: ADR-0003 (superseded) (audit ADR-0003 keeps the in-process cache); fix the "
        "ids in the tests (or their adr markers), or move the tests to the decision that "
        "replaced it"
    )
    html = make_app("html", srcdir=srcdir, freshenv=True)
    html.build()
    page = (html.outdir / "decisions" / "0004-audit-log.html").read_text("utf-8")
    # a file without a line links to the file
    assert 'href="https://git.example.com/shop/blob/abc123/src/audit.test.js"' in page


def test_names_are_not_read_with_an_empty_pattern(make_app, tmp_path):
    srcdir = project(tmp_path, "rst", "go-junit-report.xml")
    app = make_app("text", srcdir=srcdir, freshenv=True, confoverrides={"adr_test_id_pattern": ""})
    app.build()
    assert field_text(app.outdir, "0002-pool-connections") is None  # needs none: no field
    # no failing test counted for ADR-0002; ADR-0004 still needs one
    assert [m.split(" needs")[0] for _f, _l, m in located(app)] == ["ADR-0004"]


# --------------------------------------------------------------------------
# no report, bad reports, bad input


def test_a_build_without_reports_says_so_once_and_shows_nothing(make_app, tmp_path):
    srcdir = project(tmp_path, "rst")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    infos = [line for line in status.splitlines() if line.startswith("adr tests:")]
    assert infos == [
        "adr tests: no test results match adr_test_results (reports/*.xml), so ADRs show "
        "none (run the tests first to see them)"
    ]
    assert adr_warnings(app) == []  # :confirmation: required is not checked without results
    assert field_text(app.outdir, "0001-cache-in-redis") is None
    register = (app.outdir / "register.txt").read_text("utf-8")
    assert "failing" not in register and "passing" not in register


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + ']>\n<testsuite><testcase name="test_adr_0001">&lol9;</testcase></testsuite>\n'
).replace("&lol0;", "&lol;")


@pytest.mark.adr("ADR-0025", "ADR-0011")
def test_hostile_reports_give_one_warning_each_at_bounded_cost(make_app, tmp_path):
    srcdir = project(tmp_path, "rst", "go-junit-report.xml")
    reports = srcdir / "reports"
    (reports / "laughs.xml").write_text(BILLION_LAUGHS, "utf-8")
    with (reports / "huge.xml").open("wb") as handle:  # 100 MB, sparse: never read
        handle.truncate(100_000_000)
    (reports / "broken.xml").write_text("<testsuite><testcase name='a'>", "utf-8")
    (reports / "html.xml").write_text("<html><body>not a report</body></html>", "utf-8")
    os.mkfifo(reports / "fifo.xml")
    started = time.perf_counter()
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    assert time.perf_counter() - started < 30
    found = located(app)
    assert [(name, line) for name, line, _m in found] == [
        ("0002-pool-connections.rst", 4),  # the good report is still read
        ("0004-audit-log.rst", 4),
        ("broken.xml", 1),
        ("fifo.xml", 1),
        ("html.xml", 1),
        ("huge.xml", 1),
        ("laughs.xml", 1),
    ]
    messages = {name: message for name, _line, message in found}
    assert "is not well-formed XML" in messages["broken.xml"]
    assert "is not a regular file" in messages["fifo.xml"]
    assert "is not a JUnit XML report" in messages["html.xml"]
    assert (
        "is 100,000,000 bytes, over adr_test_results_max_bytes (64,000,000)"
        in (messages["huge.xml"])
    )
    assert "is refused: DTDForbidden" in messages["laughs.xml"]
    assert field_text(app.outdir, "0001-cache-in-redis") is None
    assert field_text(app.outdir, "0004-audit-log") == "no test"  # it needs one


def test_a_report_with_too_many_cases_is_cut_with_one_warning(tmp_path, monkeypatch):
    from sphinxcontrib_adr.trace import evidence_junit

    monkeypatch.setattr(evidence_junit, "MAX_CASES", 3)
    cases = "".join(f'<testcase name="test_{i}"/>' for i in range(10))
    report = evidence_junit.parse_report(f"<testsuite>{cases}</testsuite>".encode())
    assert report.cut
    assert [c.name for c in report.cases] == ["test_0", "test_1", "test_2"]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_bad_confirmation_value_is_one_warning(make_app, tmp_path, syntax):
    srcdir = project(tmp_path, syntax)
    path = srcdir / "decisions" / f"0004-audit-log.{EXT[syntax]}"
    path.write_text(path.read_text("utf-8").replace("required", "maybe"), "utf-8")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    values = adr_warnings(app, "value")
    assert [w.message for w in values] == [
        "adr: 'maybe' is not a valid value for :confirmation:; write required or optional"
    ]


def test_a_bad_results_setting_falls_back(make_app, tmp_path):
    srcdir = project(tmp_path, "rst")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('["reports/*.xml"]', '"reports"'), "utf-8")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    warning = bad_setting(app, "adr_test_results", "reports")
    assert (warning.basename, warning.line) == ("conf.py", 3)


def test_a_bad_confirmation_filter_is_one_warning(make_app, tmp_path):
    srcdir = project(tmp_path, "rst")
    register = srcdir / "register.rst"
    register.write_text(register.read_text("utf-8").replace(": failing", ": broken"), "utf-8")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    assert [w.message for w in adr_warnings(app, "filter")] == [
        "adr-list: :confirmation: 'broken' is not what tests can say; write failing, passing "
        "or none (several separated by commas)"
    ]


def test_required_by_setting_applies_to_accepted_adrs(make_app, tmp_path):
    srcdir = project(tmp_path, "rst", "jest-junit.xml")
    app = make_app(
        "text", srcdir=srcdir, freshenv=True, confoverrides={"adr_confirmation_required": True}
    )
    app.build()
    needs = [m.split(" needs")[0] for _f, _l, m in located(app) if " needs a test" in m]
    assert needs == ["ADR-0001", "ADR-0002"]  # ADR-0004 has its test; 0003 and 0005 are not


# --------------------------------------------------------------------------
# incremental builds


def test_a_changed_report_rewrites_only_pages_showing_its_adrs(make_app, tmp_path):
    srcdir = project(tmp_path, "rst", *OTHER_RUNNERS)
    make_app("html", srcdir=srcdir, freshenv=True).build()
    go = srcdir / "reports" / "go-junit-report.xml"
    text = go.read_text("utf-8")
    go.write_text(re.sub(r"<failure.*?</failure>", "", text, flags=re.S), "utf-8")

    app = make_app("html", srcdir=srcdir, freshenv=False)
    written: list[str] = []
    app.connect("html-page-context", lambda _a, name, *_rest: written.append(name))
    app.build()
    # ADR-0002's page and the register (its row); not ADR-0005's page, whose reference
    # to ADR-0002 shows its title and status, unchanged; Sphinx adds the page whose
    # toctree lists them, and writes its indices (genindex, search, the adr-status
    # domain index) on every build
    assert sorted(n for n in written if n not in ("genindex", "search", "adr-status")) == [
        "decisions/0002-pool-connections",
        "index",
        "register",
    ]
    page = (app.outdir / "decisions" / "0002-pool-connections.html").read_text("utf-8")
    assert "3 tests: 2 passed, 1 error" in page

    # the reports gone (a docs build without tests): no stale result anywhere
    shutil.rmtree(srcdir / "reports")
    again = make_app("html", srcdir=srcdir, freshenv=False)
    again.build()
    for stem in ("0001-cache-in-redis", "0002-pool-connections", "0004-audit-log"):
        page = (again.outdir / "decisions" / f"{stem}.html").read_text("utf-8")
        assert "Confirmed by" not in page, stem


# --------------------------------------------------------------------------
# the health page and the CI gate


def test_failing_confirmations_on_the_health_page_and_the_gate(make_app, tmp_path, capsys):
    from sphinxcontrib_adr.cli.commands import main

    srcdir = project(tmp_path, "rst", "TEST-com.example.ADR0001CacheTest.xml")
    (srcdir / "health.rst").write_text(
        ":orphan:\n\nHealth\n======\n\n.. adr-health::\n   :show: confirmation\n\n"
        "Failing\n-------\n\n.. adr-list::\n   :health: confirmation\n",
        "utf-8",
    )
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    page = (app.outdir / "health.txt").read_text("utf-8")
    page, listing = re.split(r"\nFailing\n[-=*~]+\n", page)
    section = page.split("Failing confirmations (1)")[1]
    assert re.findall(r"\*(ADR-\d+): ", section) == ["ADR-0001"]
    # the Why cell wraps across the table's lines: compare without spaces and rules
    assert "1 of its 2 tests fail: com.example.ADR0001CacheTest.survivesRestart".replace(
        " ", ""
    ) in (re.sub(r"[\s|]", "", section))
    assert "Reviews overdue" not in page  # only the kind named in :show:
    assert set(re.findall(r"ADR-\d+", listing)) == {"ADR-0001"}
    # the test results warn once per ADR; health adds none of its own
    assert [m.split(" ")[:3] for _f, _l, m in located(app)] == [
        ["ADR-0001", "is", "accepted"],
        ["ADR-0004", "needs", "a"],
    ]
    assert [w.type for w in adr_warnings(app)] == ["adr.confirmation"] * 2
    assert main(["health", "-C", str(srcdir), "--fail-on", "confirmation"]) == 1
    out = capsys.readouterr().out
    assert "Failing confirmations (1):\n  - ADR-0001: " in out
    assert main(["health", "-C", str(srcdir)]) == 0  # reported, not gated
    assert "Failing confirmations (1)" in capsys.readouterr().out
    (srcdir / "reports" / "TEST-com.example.ADR0001CacheTest.xml").unlink()
    shutil.copy(FIXTURES / "jest-junit.xml", srcdir / "reports")  # ADR-0004's test passes
    assert main(["health", "-C", str(srcdir), "--fail-on", "confirmation"]) == 0
    assert "Failing confirmations" not in capsys.readouterr().out
