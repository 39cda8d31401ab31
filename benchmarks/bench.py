"""Plain Sphinx, this extension, sphinx-needs and sphinx-adr on the same ADR log, side by side.

For each size N, every round generates the same log in each modelling
(``generate.py``) and runs, interleaved (each step for every tool before the
next step, the tools' order rotated each round), in fresh interpreters:

``full``      a clean serial build
``status``    incremental, after one ADR's status was edited
``title``     incremental, after the same ADR's title was edited
``full -j2``  a clean build with ``-j 2``

Each build is timed by the kernel: cpu = user + sys of the child process
and its workers (``os.wait4``), steadier than wall time on a shared machine;
peak memory = the child's ``ru_maxrss``. Ratios are medians of the per-round
ratios (each pair ran minutes apart at most). It also reports how many
documents Sphinx re-read and how many pages it re-wrote.

    python benchmarks/bench.py --sizes 500 2000 --repeat 3
    python benchmarks/bench.py --sizes 2000 --repeat 1 --incremental-rounds 3

``--incremental-rounds K`` runs the incremental steps K - 1 more times after
the rounds, each time on the projects as the first round's full build left
them (restored from a copy, modification times kept), the tools' order
rotated: more pairs of incremental builds without more full builds.

sphinx-adr (a different project from this one) is run from its own venv in
``_work/venv-sphinx-adr`` (created with pip on first use; ``--no-sphinx-adr``
skips it). No test asserts on these numbers: they go in ``README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import adr_id, generate

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
STEPS = ("full", "status", "title", "full -j2")
SA_VENV = WORK / "venv-sphinx-adr"


@dataclass
class Sample:
    cpu: float
    wall: float
    rss_mb: float
    read: int
    written: int


def interpreter(tool: str) -> str:
    return str(SA_VENV / "bin" / "python") if tool == "sphinx-adr" else sys.executable


def ensure_sphinx_adr() -> bool:
    """A venv with sphinx-adr and this interpreter's Sphinx version, or False."""
    python = SA_VENV / "bin" / "python"
    if python.exists():
        return True
    import sphinx

    try:
        subprocess.run([sys.executable, "-m", "venv", str(SA_VENV)], check=True)
        pins = ["sphinx-adr", f"sphinx=={sphinx.__version__}"]
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pins], check=True)
    except subprocess.CalledProcessError as error:
        print(f"sphinx-adr does not install here ({error}); left out", file=sys.stderr)
        shutil.rmtree(SA_VENV, ignore_errors=True)
        return False
    return True


def _mtimes(out: Path) -> dict[str, int]:
    if not out.exists():
        return {}
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def build(tool: str, src: Path, out: Path, jobs: str = "1") -> Sample:
    cmd = [interpreter(tool), "-m", "sphinx", "-q", "-b", "html", "-j", jobs, str(src), str(out)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    before = _mtimes(out)
    log = src / "_bench_stderr.txt"
    start = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tool}: build of {src} failed:\n{log.read_text()[-3000:]}")
    after = _mtimes(out)
    written = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    read = json.loads((src / f"_bench_read-{out.name}.json").read_text())["read"]
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, read, written)


def edited_page(src: Path, count: int) -> Path:
    return next((src / "decisions").glob(f"{count // 2:04d}-*.rst"))


def edit_status(src: Path, count: int) -> None:
    page = edited_page(src, count)
    text = page.read_text("utf-8")
    match = re.search(r"(?m)^( *:[Ss]tatus: )(\w+)$", text)
    assert match, page
    new = "accepted" if match.group(2) == "deprecated" else "deprecated"
    page.write_text(text[: match.start(2)] + new + text[match.end(2) :], "utf-8")


def edit_title(src: Path, count: int) -> None:
    page = edited_page(src, count)
    text = page.read_text("utf-8")
    heading = re.search(rf"(?m)^({adr_id(count // 2)}: (.+))\n(=+)$", text)
    assert heading, page
    title, rest = heading.group(1), heading.group(2)
    new = title + " (revised)"
    text = text.replace(f"{title}\n{heading.group(3)}", f"{new}\n{'=' * len(new)}", 1)
    text = text.replace(f".. adrneed:: {rest}\n", f".. adrneed:: {rest} (revised)\n", 1)
    page.write_text(text, "utf-8")


def snapshot(src: Path) -> Path:
    """A copy of a built project (sources, output, environment), mtimes kept."""
    copy = src.with_name(src.name + "-built")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(src, copy, symlinks=True)
    return copy


def restore(src: Path) -> None:
    """Put the project back as :func:`snapshot` saw it (same path: Sphinx rebuilds
    everything when the source folder moved)."""
    shutil.rmtree(src)
    shutil.copytree(src.with_name(src.name + "-built"), src, symlinks=True)


def one_round(
    count: int,
    tools: list[str],
    steps: list[str],
    keep: bool = False,
    reuse: bool = False,
) -> dict[str, dict[str, Sample]]:
    """Every step for every tool, step by step (interleaved). ``keep``: snapshot each
    project after its full build; ``reuse``: start from those snapshots instead of
    generating (incremental steps only)."""
    if reuse:
        srcs = {tool: WORK / f"{tool}-{count}" for tool in tools}
        for src in srcs.values():
            restore(src)
    else:
        srcs = {tool: generate(WORK / f"{tool}-{count}", count, tool) for tool in tools}
    result: dict[str, dict[str, Sample]] = {tool: {} for tool in tools}
    for step in steps:
        for tool in tools:
            src = srcs[tool]
            if step == "status":
                edit_status(src, count)
            elif step == "title":
                edit_title(src, count)
            out = src / ("_build_j2" if step == "full -j2" else "_build")
            jobs = "2" if step == "full -j2" else "1"
            result[tool][step] = build(tool, src, out, jobs)
            print(f"  {count} {step:<8} {tool:<10} {result[tool][step]}", file=sys.stderr)
            if keep and step == "full":
                snapshot(src)
    return result


def ratio(rounds: list[dict[str, dict[str, Sample]]], a: str, b: str, step: str, what: str) -> str:
    values = [
        getattr(r[a][step], what) / getattr(r[b][step], what)
        for r in rounds
        if step in r.get(a, {}) and step in r.get(b, {})
    ]
    return f"{statistics.median(values):.3f}" if values else "n/a"


def median(rounds: list[dict[str, dict[str, Sample]]], tool: str, step: str, what: str) -> float:
    """The median over the rounds that ran ``step`` for ``tool`` (nan if none did)."""
    values = [getattr(r[tool][step], what) for r in rounds if step in r.get(tool, {})]
    return statistics.median(values) if values else float("nan")


def report(
    results: dict[int, list[dict[str, dict[str, Sample]]]], tools: list[str], steps: list[str]
) -> str:
    pairs = [("adr", "plain"), ("needs", "plain"), ("adr", "needs"), ("sphinx-adr", "plain")]
    pairs = [(a, b) for a, b in pairs if a in tools and b in tools]
    names = {"adr": "ours", "plain": "plain", "needs": "sphinx-needs", "sphinx-adr": "sphinx-adr"}
    head = " | ".join(f"{names[a]} / {names[b]}" for a, b in pairs)
    lines = [
        "cpu ratios (wall ratios in brackets), medians of per-round ratios:",
        "",
        f"| N | build | plain cpu s | {head} |",
        "|---|---|---|" + "---|" * len(pairs),
    ]
    for count, rounds in results.items():
        for step in steps:
            cells = [
                f"{ratio(rounds, a, b, step, 'cpu')} ({ratio(rounds, a, b, step, 'wall')})"
                for a, b in pairs
            ]
            plain = median(rounds, "plain", step, "cpu")
            lines.append(f"| {count} | {step} | {plain:.1f} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "median cpu s / peak memory MB / documents re-read / pages re-written:",
        "",
        "| N | build | " + " | ".join(names[t] for t in tools) + " |",
        "|---|---|" + "---|" * len(tools),
    ]
    for count, rounds in results.items():
        for step in steps:
            cells = []
            for tool in tools:
                ran = [r[tool][step] for r in rounds if step in r.get(tool, {})]
                if not ran:
                    cells.append("n/a")
                    continue
                cpu = median(rounds, tool, step, "cpu")
                rss = median(rounds, tool, step, "rss_mb")
                cells.append(f"{cpu:.1f} / {rss:.0f} / {ran[-1].read} / {ran[-1].written}")
            lines.append(f"| {count} | {step} | " + " | ".join(cells) + " |")
    lines += ["", "overhead of ours over plain, cpu ms per ADR (full serial build):", ""]
    for count, rounds in results.items():
        extra = median(rounds, "adr", "full", "cpu") - median(rounds, "plain", "full", "cpu")
        lines.append(f"- N = {count}: {1000 * extra / count:.2f} ms")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=["plain", "adr", "needs", "sphinx-adr"])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument(
        "--incremental-rounds",
        type=int,
        default=0,
        help="run the incremental steps this many times in all, the extra times on "
        "the first round's built projects",
    )
    parser.add_argument("--no-sphinx-adr", action="store_true")
    parser.add_argument("--out", default="last-run", help="report name under _work/")
    args = parser.parse_args()
    tools: list[str] = args.tools
    if "sphinx-adr" in tools and (args.no_sphinx_adr or not ensure_sphinx_adr()):
        tools.remove("sphinx-adr")
    WORK.mkdir(exist_ok=True)
    load_before = os.getloadavg()
    started = time.time()
    results: dict[int, list[dict[str, dict[str, Sample]]]] = {}
    for count in args.sizes:
        results[count] = []
        extra = max(0, args.incremental_rounds - args.repeat)
        incremental = [s for s in args.steps if s in ("status", "title")]
        for index in range(args.repeat + (extra if incremental else 0)):
            order = tools[index % len(tools) :] + tools[: index % len(tools)]
            if index < args.repeat:
                keep = index == 0 and extra > 0
                rounds = one_round(count, order, args.steps, keep=keep)
            else:
                rounds = one_round(count, order, incremental, reuse=True)
            results[count].append({tool: rounds[tool] for tool in tools})
    load_after = os.getloadavg()
    text = report(results, tools, args.steps)
    text += (
        f"\n\n{args.repeat} rounds ({max(args.repeat, args.incremental_rounds)} of the "
        f"incremental steps), {time.time() - started:.0f} s; load average "
        f"(1/5/15 min) {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f} "
        f"before, {load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f} after, "
        f"on {os.cpu_count()} cores\n"
    )
    print(text)
    (WORK / f"{args.out}.md").write_text(text, "utf-8")
    raw = {
        n: [{t: {s: asdict(x) for s, x in r[t].items()} for t in r} for r in rs]
        for n, rs in results.items()
    }
    (WORK / f"{args.out}.json").write_text(json.dumps(raw, indent=1), "utf-8")


if __name__ == "__main__":
    main()
