"""A portal over P generated projects of N ADRs each (``sphinx-adr portal``).

Writes P ``adrs.json`` files (format version 2, as an HTML build writes them:
every 10th ADR superseded by the next, every 50th related to the same number
in the next project), runs ``sphinx-adr portal`` over them and builds the
portal with ``sphinx-build -b html`` in a fresh interpreter:

* full: a fresh environment;
* unchanged: the same build again (every log hashed, nothing re-written);
* one log changed: one ADR of one project retitled (its project page and the
  index are re-written).

CPU time (user + sys of the build process, from ``os.wait4``) and its peak
memory (``ru_maxrss``) are reported, as wall time is noisy on a shared
machine, with the size of the HTML output.

    .venv/bin/python benchmarks/bench_portal.py --projects 10 25 50 --adrs 200
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work" / "portal"
BIN = Path(sys.executable).parent


def adr_entry(project: int, number: int, count: int, projects: int) -> dict[str, object]:
    adr_id = f"ADR-{number:04d}"
    links = []
    if number % 10 == 1 and number > 1:  # supersedes the one before
        links.append({"source": adr_id, "kind": "supersedes", "target": f"ADR-{number - 1:04d}"})
    if number % 50 == 0 and projects > 1:  # a relation to the next project
        other = f"p{(project + 1) % projects:02d}:ADR-{number:04d}"
        links.append({"source": adr_id, "kind": "relates", "target": other})
    superseded = number % 10 == 0 and number < count
    docname = f"decisions/{number:04d}-decision-{number}"
    return {
        "id": adr_id,
        "title": f"Decision {number} of project {project}",
        "status": "superseded" if superseded else "accepted",
        "status_raw": "",
        "status_date": None,
        "active": not superseded,
        "date": f"20{20 + number % 6}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "deciders": [f"Team {project}"],
        "consulted": [],
        "informed": [],
        "tags": ["bench", f"area-{number % 7}"],
        "tickets": [],
        "code": [],
        "review_by": None,
        "fields": {},
        "compact": False,
        "docname": docname,
        "anchor": adr_id.lower(),
        "uri": f"{docname}.html#{adr_id.lower()}",
        "source": f"{docname}.rst",
        "lineno": 3,
        "links": [dict(link, lineno=4) for link in links],
        "relations": [],
        "children": {},
    }


def write_logs(root: Path, projects: int, count: int) -> list[Path]:
    paths = []
    for project in range(projects):
        data = {
            "format": "sphinxcontrib-adr",
            "version": 2,
            "generator": {"name": "sphinxcontrib-adr", "version": "bench"},
            "project": f"p{project:02d}",
            "statuses": ["proposed", "accepted", "rejected", "deprecated", "superseded"],
            "inactive_statuses": ["deprecated", "rejected", "superseded"],
            "link_kinds": [],
            "adrs": [adr_entry(project, n, count, projects) for n in range(1, count + 1)],
        }
        path = root / f"p{project:02d}" / "adrs.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1), "utf-8")
        paths.append(path)
    return paths


def run(argv: list[str]) -> tuple[float, float]:
    """CPU seconds and peak MiB of one command (a fresh interpreter)."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err.decode()}")
    if err.strip():
        raise SystemExit(f"{' '.join(argv)} warned:\n{err.decode()}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def measure(projects: int, count: int) -> dict[str, float]:
    root = WORK / f"{projects}x{count}"
    shutil.rmtree(root, ignore_errors=True)
    logs = write_logs(root / "logs", projects, count)
    portal = root / "portal"
    out = portal / "_build" / "html"
    run([str(BIN / "sphinx-adr"), "portal", *map(str, logs), "-o", str(portal)])
    build = [str(BIN / "sphinx-build"), "-q", "-b", "html", str(portal), str(out)]
    result: dict[str, float] = {}
    result["full_cpu"], result["full_mib"] = run([*build, "-E"])
    result["out_mib"] = size_mib(out)
    result["unchanged_cpu"], _ = run(build)
    data = json.loads(logs[0].read_text("utf-8"))
    data["adrs"][count // 2]["title"] += " (retitled)"
    logs[0].write_text(json.dumps(data, indent=1), "utf-8")
    result["changed_cpu"], _ = run(build)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--adrs", type=int, default=200, help="ADRs per project")
    args = parser.parse_args()
    print(
        "| projects x ADRs | ADRs | full build CPU s | CPU ms / ADR | peak MiB | output MiB "
        "| unchanged CPU s | one log changed CPU s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for projects in args.projects:
        r = measure(projects, args.adrs)
        total = projects * args.adrs
        print(
            f"| {projects} x {args.adrs} | {total:,} | {r['full_cpu']:.1f} "
            f"| {1000 * r['full_cpu'] / total:.2f} | {r['full_mib']:.0f} | {r['out_mib']:.1f} "
            f"| {r['unchanged_cpu']:.1f} | {r['changed_cpu']:.1f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
