"""Compare git revisions of the extension on the same generated log, interleaved.

For refactors that must not cost anything (the move into layers, the typed
read step): each revision's ``sphinxcontrib_adr`` package is exported with
``git archive`` into ``_work/rev-<name>`` and put first on ``PYTHONPATH`` of
the build process, so every revision builds the same project with the same
Sphinx. Each round runs a full build and an incremental build after a status
edit for every revision (order rotated per round); the report gives the
median CPU time per revision and the median per-round ratio to the first.

    .venv/bin/python benchmarks/bench_revisions.py pre-layout HEAD --size 500 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bench import edit_status
from generate import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work"
STEPS = ("full", "status")


def export(rev: str) -> Path:
    """The package of ``rev`` as a folder that can go on ``PYTHONPATH``."""
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", rev],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dest = WORK / f"rev-{sha}"
    if not (dest / "sphinxcontrib_adr").exists():
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", rev, "sphinxcontrib_adr"],
            check=True,
            capture_output=True,
        ).stdout
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    return dest


def build(package: Path, src: Path, out: Path) -> float:
    """CPU seconds (user + sys, workers included) of one html build."""
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(package))
    start = time.perf_counter()
    # cwd: ``-m`` puts the working directory first on sys.path, before PYTHONPATH
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=WORK
    )
    _, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"build with {package} failed ({time.perf_counter() - start:.0f}s):\n" + stderr[-3000:]
        )
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+", help="git revisions; ratios are to the first")
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    packages = {rev: export(rev) for rev in args.revs}
    cpu: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        base = Path(tmp) / "src"
        generate(base, args.size, "adr", 7)
        for round_no in range(args.repeat):
            order = args.revs[round_no % len(args.revs) :] + args.revs[: round_no % len(args.revs)]
            for rev in order:
                src = Path(tmp) / f"src-{round_no}-{args.revs.index(rev)}"
                shutil.copytree(base, src)
                out = src / "_build"
                cpu.setdefault((rev, "full"), []).append(build(packages[rev], src, out))
                edit_status(src, args.size)
                cpu.setdefault((rev, "status"), []).append(build(packages[rev], src, out))
                shutil.rmtree(src)
            print(f"round {round_no + 1}/{args.repeat} done", file=sys.stderr)
    first = args.revs[0]
    print(f"N = {args.size}, {args.repeat} rounds, CPU seconds (median) and ratio to {first}")
    print("| revision | " + " | ".join(f"{s} cpu | {s} ratio" for s in STEPS) + " |")
    print("|---|" + "---|---|" * len(STEPS))
    for rev in args.revs:
        cells = []
        for step in STEPS:
            ratios = [a / b for a, b in zip(cpu[rev, step], cpu[first, step], strict=True)]
            cells.append(
                f"{statistics.median(cpu[rev, step]):.2f} | {statistics.median(ratios):.3f}"
            )
        print(f"| {rev} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
