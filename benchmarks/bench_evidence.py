"""Reading test results: 20,000 test cases over 2,000 ADRs (the goal: under 1 s).

Generates a project of N ADRs and JUnit XML reports holding T test cases in
the shapes runners write (pytest with ``adr`` properties, Maven Surefire with
ids in class names, go-junit-report with ids in test names), about one in
twenty failing. Builds it with the ``dummy`` builder (nothing written) and
measures the evidence pass itself (reading every report through the gate,
matching cases to ADRs, placing the records, the warnings) by bracketing its
``env-updated`` handler (priority 650) with handlers at 649 and 651; also the
parse alone (the gate, no Sphinx), in a fresh interpreter each round:

    .venv/bin/python benchmarks/bench_evidence.py --adrs 2000 --cases 20000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_project(root: Path, adrs: int, cases: int, seed: int = 7) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "decisions").mkdir(parents=True)
    (root / "reports").mkdir()
    (root / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr"]\nadr_test_results = ["reports/*.xml"]\n'
        "suppress_warnings = ['adr.confirmation']\n",
        "utf-8",
    )
    names = []
    for n in range(1, adrs + 1):
        name = f"{n:04d}-decision"
        names.append(f"decisions/{name}")
        title = f"Decision number {n}"
        (root / "decisions" / f"{name}.rst").write_text(
            f"{title}\n{'=' * len(title)}\n\n.. adr::\n   :status: accepted\n\nContext\n"
            f"-------\n\nText of decision {n}.\n",
            "utf-8",
        )
    toctree = "\n".join(f"   {name}" for name in names)
    (root / "index.rst").write_text(f"Log\n===\n\n.. toctree::\n\n{toctree}\n", "utf-8")
    rng = random.Random(seed)
    shapes = (_pytest_case, _surefire_case, _go_case)
    per_report = 1000
    for report in range(cases // per_report):
        shape = shapes[report % len(shapes)]
        body = "".join(
            shape(rng.randrange(1, adrs + 1), report * per_report + i, rng.random() < 0.05)
            for i in range(per_report)
        )
        (root / "reports" / f"report-{report:03d}.xml").write_text(
            f'<?xml version="1.0"?>\n<testsuites name="pytest tests"><testsuite name="s">'
            f"{body}</testsuite></testsuites>\n",
            "utf-8",
        )


def _failure(failing: bool) -> str:
    if not failing:
        return ""
    return '<failure message="assert 1 == 2">Traceback (most recent call last):\nline</failure>'


def _pytest_case(adr: int, i: int, failing: bool) -> str:
    return (
        f'<testcase classname="tests.test_mod{i % 50}" name="test_case_{i}" '
        f'file="tests/test_mod{i % 50}.py" line="{i % 400}" time="0.001"><properties>'
        f'<property name="adr" value="ADR-{adr:04d}" /></properties>{_failure(failing)}'
        "</testcase>"
    )


def _surefire_case(adr: int, i: int, failing: bool) -> str:
    return (
        f'<testcase name="check{i}" classname="com.example.ADR{adr:04d}Test" time="0.01">'
        f"{_failure(failing)}</testcase>"
    )


def _go_case(adr: int, i: int, failing: bool) -> str:
    return (
        f'<testcase name="TestADR{adr:04d}Case{i}" classname="example.com/pkg" time="0.0">'
        f"{_failure(failing)}</testcase>"
    )


_MEASURE = r"""
import json, sys, time
from sphinx.application import Sphinx
from sphinxcontrib_adr.trace.evidence_records import Evidence
root = sys.argv[1]
marks = {}
def before(app, env):
    marks["start"] = time.perf_counter()
def after(app, env):
    marks["end"] = time.perf_counter()
app = Sphinx(root, root, root + "/_build", root + "/_build/.doctrees", "dummy",
             status=None, warning=None, freshenv=True)
app.connect("env-updated", before, priority=649)
app.connect("env-updated", after, priority=651)
app.build()
from sphinxcontrib_adr.core.domain import get_domain
found = list(get_domain(app.env).records(Evidence))
print(json.dumps({"pass": marks["end"] - marks["start"],
                  "cases": sum(e.total for e in found), "adrs": len(found)}))
"""

_PARSE = r"""
import json, sys, time
from pathlib import Path
from sphinxcontrib_adr.trace.evidence_junit import parse_report, read_bytes
start = time.perf_counter()
count = sum(len(parse_report(read_bytes(p, 64_000_000)).cases)
            for p in sorted(Path(sys.argv[1], "reports").glob("*.xml")))
print(json.dumps({"parse": time.perf_counter() - start, "count": count}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adrs", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = HERE / "_work" / "evidence"
    write_project(root, args.adrs, args.cases)
    passes, parses = [], []
    for _ in range(args.repeat):
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(root)], capture_output=True, text=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        passes.append(result["pass"])
        parsed = subprocess.run(
            [sys.executable, "-c", _PARSE, str(root)], capture_output=True, text=True, check=True
        )
        parses.append(json.loads(parsed.stdout)["parse"])
    print(f"{args.cases:,} test cases over {args.adrs:,} ADRs "
          f"({result['cases']:,} counted on {result['adrs']:,} ADRs)")  # fmt: skip
    print("| step | median s | min s |")
    print("|---|---|---|")
    gate = statistics.median(parses)
    print(f"| the gate alone (read + parse) | {gate:.3f} | {min(parses):.3f} |")
    print(f"| the evidence pass (gate, match, place, check) | {statistics.median(passes):.3f} "
          f"| {min(passes):.3f} |")  # fmt: skip


if __name__ == "__main__":
    main()
