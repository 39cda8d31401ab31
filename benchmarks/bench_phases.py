"""Where the extension's cost goes: CPU time per build phase, ours against plain.

Generates the same N-ADR log as ``bench.py`` (``bare``: plain Sphinx, the ADR
pages alone; ``adr``: this extension) and builds each serially in fresh
interpreters, interleaved, with a probe extension that reads the process's
CPU clock at Sphinx's events:

``start``   interpreter, imports, every extension's ``setup`` (to ``config-inited``)
``load``    the pickled environment, finding what changed (to ``env-before-read-docs``)
``read``    parsing the documents read and the ``env-updated`` handlers
``check``   pickling the environment, consistency checks (to ``write-started``)
``write``   resolving and writing every page written (to the first ``build-finished``)
``finish``  the other ``build-finished`` handlers (``adrs.json``, search index, exit)

for a full build and an incremental build after one status edit, one title edit
and one deciders edit (what no link to the ADR shows). ``--profile`` also runs
each build once under ``cProfile`` and prints the extension's own functions
that cost most in each (profiled seconds).

    .venv/bin/python benchmarks/bench_phases.py --size 500 --rounds 3
    .venv/bin/python benchmarks/bench_phases.py --size 2000 --rounds 1 --profile
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import statistics
import subprocess
import sys
from pathlib import Path

from bench import PACKAGE_PATH, edit_deciders, edit_status, edit_title, pin_package
from generate import generate

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
PHASES = ("start", "load", "read", "check", "write", "finish")
STEPS = ("full", "status", "title", "deciders")
EDIT = {"status": edit_status, "title": edit_title, "deciders": edit_deciders}

PROBE = '''\
"""Benchmark probe: the process's CPU clock at Sphinx's events."""
import atexit, json, os, time

_marks = {}


def _mark(name):
    def handler(*args):
        _marks.setdefault(name, time.process_time())
    return handler


def _dump(path):
    _marks["exit"] = time.process_time()
    with open(path, "w") as f:
        json.dump(_marks, f)


def setup(app):
    app.connect("config-inited", _mark("start"), priority=0)
    app.connect("env-before-read-docs", _mark("load"), priority=0)
    app.connect("env-updated", _mark("read"), priority=999)
    app.connect("write-started", _mark("check"), priority=0)
    app.connect("build-finished", _mark("write"), priority=0)
    atexit.register(_dump, os.path.join(app.srcdir, "_bench_phases.json"))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

CONF = 'extensions.append("_phaseprobe")\n'

#: sphinx under cProfile timed by the process's CPU clock (``-m cProfile`` times
#: wall clock, which on a shared machine counts the other processes' turns)
_PROFILED = """
import cProfile, runpy, sys, time
out = sys.argv[1]
sys.argv = ["sphinx", *sys.argv[2:]]
profiler = cProfile.Profile(time.process_time)
profiler.enable()
try:
    runpy.run_module("sphinx", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
profiler.disable()
profiler.dump_stats(out)
"""


def project(tool: str, size: int) -> Path:
    src = generate(WORK / f"phases-{tool}-{size}", size, tool, extra_conf=CONF)
    (src / "_phaseprobe.py").write_text(PROBE, "utf-8")
    return src


def build(src: Path, profile: Path | None = None) -> dict[str, float]:
    """CPU seconds of each phase of one serial html build."""
    run = ["-c", _PROFILED, str(profile)] if profile else ["-m", "sphinx"]
    cmd = [sys.executable, *run, "-q", "-b", "html", str(src), str(src / "_build")]
    env = dict(os.environ, PYTHONHASHSEED="0", **PACKAGE_PATH)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    done = subprocess.run(cmd, env=env, cwd=WORK, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode:
        raise SystemExit(f"build of {src} failed:\n{done.stderr.decode()[-3000:]}")
    marks = json.loads((src / "_bench_phases.json").read_text())
    times, last = {}, 0.0
    for phase, mark in zip(
        PHASES, ("start", "load", "read", "check", "write", "exit"), strict=True
    ):
        # a phase that did not happen (no write-started on an unchanged build) is 0
        now = marks.get(mark, last)
        times[phase], last = now - last, now
    return times


def ours_top(profile: Path, count: int = 12) -> list[str]:
    """The extension's functions with the most own time (profiled seconds)."""
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    rows = [
        (v[2], v[3], f"{k[0].split('sphinxcontrib_adr/')[-1]}:{k[1]} {k[2]}")
        for k, v in stats.items()
        if "sphinxcontrib_adr" in k[0]
    ]
    total = sum(r[0] for r in rows)
    lines = [f"  extension's own time: {total:.2f} s (profiled)"]
    for own, cum, name in sorted(rows, reverse=True)[:count]:
        lines.append(f"  {own:6.3f} own {cum:6.3f} cum  {name}")
    return lines


def one_round(size: int, order: list[str]) -> dict[tuple[str, str], dict[str, float]]:
    srcs = {tool: project(tool, size) for tool in order}
    result = {}
    for step in STEPS:
        for tool in order:
            if step in EDIT:
                EDIT[step](srcs[tool], size)
            result[tool, step] = build(srcs[tool])
            print(f"  {size} {step} {tool} {result[tool, step]}", file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=["bare", "adr"])
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--revision", default="HEAD", help="git revision, or worktree")
    args = parser.parse_args()
    print(f"extension at {pin_package(args.revision)}")
    load = os.getloadavg()
    rounds = [
        one_round(args.size, args.tools[i % 2 :] + args.tools[: i % 2]) for i in range(args.rounds)
    ]
    print(f"N = {args.size}, {args.rounds} interleaved rounds, median CPU s per phase")
    print("| build | tool | " + " | ".join(PHASES) + " | total |")
    print("|---|---|" + "---|" * (len(PHASES) + 1))
    for step in STEPS:
        for tool in args.tools:
            cells = [statistics.median(r[tool, step][p] for r in rounds) for p in PHASES]
            total = statistics.median(sum(r[tool, step].values()) for r in rounds)
            print(
                f"| {step} | {tool} | "
                + " | ".join(f"{c:.2f}" for c in cells)
                + f" | {total:.2f} |"
            )
    if args.profile:
        for step in STEPS:
            src = WORK / f"phases-adr-{args.size}"
            if step == "full":
                src = project("adr", args.size)
            else:
                EDIT[step](src, args.size)
            profile = WORK / f"phases-{step}.prof"
            build(src, profile)
            print(f"\nprofile of ours, {step}:")
            print("\n".join(ours_top(profile)))
    after = os.getloadavg()
    print(
        f"\nload average (1 min) {load[0]:.1f} before, {after[0]:.1f} after, {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
