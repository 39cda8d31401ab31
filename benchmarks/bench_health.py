"""The health pass (issue 30) over 2,000 ADRs, 2,000 depends-on relations and history.

Generates (once, with ``git fast-import``) a repository whose ``docs/`` holds N
ADRs; ADR n > 1 depends on a random earlier one (ADR-0003 on both earlier ones:
N relations), every tenth is superseded, every seventh proposed; the first N
commits add them, then C more commits each change one ADR. With
``adr_history`` on and every health setting set, it builds the project with
the ``dummy`` builder in a fresh interpreter and times:

* the health pass: its ``adr-derive-records`` handler (the digest of its inputs
  and, when they changed, the assessment of every ADR), plus its consistency
  check (the warnings), each timed around the handler itself;
* the whole build, cold; a warm rebuild with nothing changed; a warm rebuild
  after an edit of one ADR's text (not committed); a warm rebuild after a
  change of one ADR's status (its inputs changed: the assessment runs). The
  edited file is written back afterwards.

    .venv/bin/python benchmarks/bench_health.py --adrs 2000 --commits 4000
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


def adr_text(number: int, status: str, depends: list[int], revision: int) -> str:
    title = f"ADR-{number:04d}: Decision number {number}"
    lines = [title, "=" * len(title), "", ".. adr::", f"   :status: {status}"]
    if depends:
        lines.append("   :depends-on: " + ", ".join(f"ADR-{d:04d}" for d in depends))
    lines.append("   :approved-by: Ana Lima, Bo Chen")
    lines += ["", "Context", "-------", "", f"Revision {revision} of decision {number}.", ""]
    return "\n".join(lines)


def fast_import_stream(adrs: int, commits: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    depends = {n: [rng.randrange(1, n)] for n in range(2, adrs + 1)}
    if adrs >= 3:
        depends[3] = [1, 2]  # one more: N relations in all
    status = {
        n: "superseded" if n % 10 == 0 else "proposed" if n % 7 == 0 else "accepted"
        for n in range(1, adrs + 1)
    }
    out: list[bytes] = []
    stamp = 1_700_000_000
    for i in range(commits):
        stamp += 3600
        number = i + 1 if i < adrs else rng.randrange(1, adrs + 1)
        header = f"commit refs/heads/main\nmark :{i + 1}\n"
        header += f"committer Author {i % 40} <a{i % 40}@example.com> {stamp} +0000\n"
        message = f"Change ADR-{number:04d} ({i})\n".encode()
        out.append(header.encode() + f"data {len(message)}\n".encode() + message)
        if i:
            out.append(f"from :{i}\n".encode())
        text = adr_text(number, status[number], depends.get(number, []), i).encode()
        path = f"docs/decisions/{number:04d}-decision.rst"
        out.append(f"M 100644 inline {path}\ndata {len(text)}\n".encode() + text + b"\n")
    return b"".join(out)


CONF = """\
extensions = ["sphinxcontrib_adr"]
project = "bench"
exclude_patterns = ["_build"]
adr_history = True
adr_review_interval = 365
adr_proposed_max_age = 90
adr_required_approvals = 2
suppress_warnings = ["adr"]
"""


def generate(root: Path, adrs: int, commits: int) -> Path:
    project = root / f"health-{adrs}-{commits}"
    if (project / ".git").is_dir():
        return project
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=project, input=fast_import_stream(adrs, commits), check=True,
    )  # fmt: skip
    subprocess.run(["git", "checkout", "-q", "main"], cwd=project, check=True)
    (project / "docs" / "conf.py").write_text(CONF, "utf-8")
    index = "Bench\n=====\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"
    (project / "docs" / "index.rst").write_text(index, "utf-8")
    (project / ".gitignore").write_text("_build/\nconf.py\nindex.rst\n", "utf-8")
    return project


#: run in a fresh interpreter: one build, the handlers' times printed as JSON
CHILD = r"""
import json, sys, time
from sphinx.application import Sphinx
from sphinxcontrib_adr.trace import health

spent = {"pass": 0.0, "check": 0.0}
def timed(name, handler):
    def run(*args):
        start = time.perf_counter()
        try:
            return handler(*args)
        finally:
            spent[name] += time.perf_counter() - start
    return run

# replaced before the app registers them: the app connects these very functions
health.derive_health = timed("pass", health.derive_health)
health.check_health = timed("check", health.check_health)
src, out, fresh = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
app = Sphinx(src, src, out + "/out", out + "/doctrees", "dummy", status=None,
             warning=None, freshenv=fresh)
start = time.perf_counter()
app.build()
total = time.perf_counter() - start
print(json.dumps({"build": total, **spent}))
"""


def run(project: Path, out: Path, fresh: bool) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(project / "docs"), str(out), "1" if fresh else "0"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def edited(path: Path, old: str, new: str) -> str:
    """``path`` with ``old`` replaced by ``new`` (once); its text before."""
    text = path.read_text("utf-8")
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text


def warm_after(project: Path, out: Path, old: str, new: str) -> dict[str, float]:
    """A warm rebuild after one edit of ADR-0005, written back afterwards."""
    path = project / "docs" / "decisions" / "0005-decision.rst"
    before = edited(path, old, new)
    try:
        return run(project, out, fresh=False)
    finally:
        path.write_text(before, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adrs", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "_work")
    args = parser.parse_args()
    project = generate(args.work, args.adrs, args.commits)
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(args.rounds):
        out = args.work / "health-out"
        shutil.rmtree(out, ignore_errors=True)
        runs.setdefault("cold", []).append(run(project, out, fresh=True))
        runs.setdefault("warm, nothing changed", []).append(run(project, out, fresh=False))
        text_edit = warm_after(project, out, "Context\n-------\n", "Context\n-------\n\nMore.\n")
        runs.setdefault("warm, one ADR's text edited", []).append(text_edit)
        status = warm_after(project, out, ":status: accepted", ":status: deprecated")
        runs.setdefault("warm, one ADR's status changed", []).append(status)
    for name, found in runs.items():
        build = statistics.median(r["build"] for r in found)
        health = statistics.median(r["pass"] + r["check"] for r in found)
        print(
            f"{name}: build {build:.2f} s, health {health:.3f} s "
            f"(pass {statistics.median(r['pass'] for r in found):.3f} s, "
            f"check {statistics.median(r['check'] for r in found):.3f} s), "
            f"{100 * health / build:.2f} % of the build"
        )


if __name__ == "__main__":
    main()
