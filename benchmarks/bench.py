"""This extension against what a user would otherwise have, on the same ADR log, side by side.

The tools (``generate.py`` modes): ``bare`` (plain Sphinx building the ADR
pages alone, no listings: the headline baseline), ``plain`` (plain Sphinx
with a hand-written index table and relations written both ways: the second
baseline), ``adr`` (this extension), ``needs`` (sphinx-needs) and, opt-in,
``sphinx-adr`` (needs Python >= 3.13). For each size N, every round
generates the same log in each modelling and runs, interleaved (each step
for every tool before the next step, the tools' order rotated each round),
in fresh interpreters:

``full``      a clean serial build
``status``    incremental, after one ADR's status was edited
``title``     incremental, after the same ADR's title was edited
``deciders``  incremental, after the same ADR's deciders were edited (what no link
              to it shows: only its own page is re-written, issue 29)
``full -j2``  a clean build with ``-j 2``

Each build is timed by the kernel: cpu = user + sys of the child process
and its workers (``os.wait4``), steadier than wall time on a shared machine;
peak memory = the child's ``ru_maxrss``. Ratios are per-round ratios
(each pair ran minutes apart at most), printed as median (min-max); the
1-minute load average is recorded at each build. It also reports how many
documents Sphinx re-read and how many pages it re-wrote, the cost per ADR,
one edit against a full build, and ``--docs-pages P``: a generated P-page
project with no ADR content built with and without the extension loaded,
interleaved, ``--docs-rounds`` times (what a project that never uses it pays).

The extension is the package of ``--revision`` (default ``HEAD``, exported
with ``git archive`` and put first on ``PYTHONPATH``, so uncommitted edits in
the checkout do not leak into a run; ``worktree`` uses the checkout).

    python benchmarks/bench.py --sizes 2000 --repeat 2 --incremental-rounds 4
    python benchmarks/bench.py --sizes 500 10000 --repeat 1 --tools bare adr --steps full status
    python benchmarks/bench.py --sizes --docs-pages 300 --docs-rounds 7

``--incremental-rounds K`` runs the incremental steps K - 1 more times after
the rounds, each time on the projects as the first round's full build left
them (restored from a copy, modification times kept), the tools' order
rotated: more pairs of incremental builds without more full builds.

sphinx-adr (a different project from this one) is run, when named in
``--tools``, from its own venv in ``_work/venv-sphinx-adr`` (created with pip
on first use; left out when this interpreter is older than its Python 3.13).
No test asserts on these numbers: they go in ``README.md``.
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

from generate import adr_id, generate, generate_docs

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
STEPS = ("full", "status", "title", "deciders", "full -j2")
EDITS = ("status", "title", "deciders")
SA_VENV = WORK / "venv-sphinx-adr"
NAMES = {
    "bare": "plain, no listings",
    "plain": "plain + table",
    "adr": "ours",
    "needs": "sphinx-needs",
    "sphinx-adr": "sphinx-adr",
}
#: PYTHONPATH of every build: the exported package of ``--revision``
PACKAGE_PATH: dict[str, str] = {}


@dataclass
class Sample:
    cpu: float
    wall: float
    rss_mb: float
    read: int
    written: int
    load: float = 0.0


def interpreter(tool: str) -> str:
    return str(SA_VENV / "bin" / "python") if tool == "sphinx-adr" else sys.executable


def ensure_sphinx_adr() -> bool:
    """A venv with sphinx-adr and this interpreter's Sphinx version, or False."""
    python = SA_VENV / "bin" / "python"
    if python.exists():
        return True
    if sys.version_info < (3, 13):
        print("sphinx-adr 0.4 requires Python >= 3.13; left out", file=sys.stderr)
        return False
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
    env = dict(os.environ, PYTHONHASHSEED="0", **PACKAGE_PATH)
    # a user's installed package has its bytecode cached: compiling the extension
    # from source in every build (this machine sets the variable) cost ~0.15 s
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = _mtimes(out)
    load = os.getloadavg()[0]
    log = src / "_bench_stderr.txt"
    start = time.perf_counter()
    with log.open("w") as err:
        # cwd: ``-m`` puts the working directory first on sys.path, before PYTHONPATH
        # (run from the checkout, the checkout's package was built, not the pinned one)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=WORK)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tool}: build of {src} failed:\n{log.read_text()[-3000:]}")
    after = _mtimes(out)
    written = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    read = json.loads((src / f"_bench_read-{out.name}.json").read_text())["read"]
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(cpu, wall, usage.ru_maxrss / 1024, read, written, load)


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


def edit_deciders(src: Path, count: int) -> None:
    """One more decider: shown on the ADR's page, in no link to it."""
    page = edited_page(src, count)
    text = page.read_text("utf-8")
    match = re.search(r"(?m)^( *:(?:[Dd]eciders|authors): )(.+)$", text)
    assert match, page
    page.write_text(text[: match.end(2)] + ", Zoe Park" + text[match.end(2) :], "utf-8")


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
            elif step == "deciders":
                edit_deciders(src, count)
            out = src / ("_build_j2" if step == "full -j2" else "_build")
            jobs = "2" if step == "full -j2" else "1"
            result[tool][step] = build(tool, src, out, jobs)
            print(f"  {count} {step:<8} {tool:<10} {result[tool][step]}", file=sys.stderr)
            if keep and step == "full":
                snapshot(src)
    return result


Rounds = list[dict[str, dict[str, Sample]]]


def spread(values: list[float], fmt: str = "{:.3f}") -> str:
    """median (min-max), or n/a."""
    if not values:
        return "n/a"
    mid, low, high = (fmt.format(v) for v in (statistics.median(values), min(values), max(values)))
    return f"{mid} ({low}-{high})" if len(values) > 1 else mid


def ratios(rounds: Rounds, a: str, b: str, step: str, what: str = "cpu") -> list[float]:
    """``a`` / ``b`` in each round that ran ``step`` for both."""
    return [
        getattr(r[a][step], what) / getattr(r[b][step], what)
        for r in rounds
        if step in r.get(a, {}) and step in r.get(b, {})
    ]


def overhead_factor(rounds: Rounds, step: str) -> list[float]:
    """sphinx-needs' overhead over ``bare`` divided by ours, per round (inf when
    ours costs nothing over bare)."""
    factors = []
    for needs, ours in zip(
        ratios(rounds, "needs", "bare", step), ratios(rounds, "adr", "bare", step), strict=True
    ):
        factors.append((needs - 1) / (ours - 1) if ours > 1 else float("inf"))
    return factors


def values(rounds: Rounds, tool: str, step: str, what: str) -> list[float]:
    return [getattr(r[tool][step], what) for r in rounds if step in r.get(tool, {})]


def median(rounds: Rounds, tool: str, step: str, what: str) -> float:
    """The median over the rounds that ran ``step`` for ``tool`` (nan if none did)."""
    found = values(rounds, tool, step, what)
    return statistics.median(found) if found else float("nan")


def ratio_table(results: dict[int, Rounds], tools: list[str], steps: list[str]) -> list[str]:
    pairs = [("adr", "bare"), ("needs", "bare"), ("adr", "plain"), ("needs", "plain")]
    pairs = [(a, b) for a, b in pairs if a in tools and b in tools]
    both = "adr" in tools and "needs" in tools and "bare" in tools
    head = " | ".join(f"{NAMES[a]} / {NAMES[b]}" for a, b in pairs)
    lines = [
        "cpu ratios per round, median (min-max); the headline baseline is plain, no listings:",
        "",
        f"| N | build | baseline cpu s | {head} |" + (" needs' overhead / ours |" if both else ""),
        "|---|---|---|" + "---|" * (len(pairs) + both),
    ]
    base = "bare" if "bare" in tools else tools[0]
    for count, rounds in results.items():
        for step in steps:
            cells = [spread(ratios(rounds, a, b, step)) for a, b in pairs]
            if both:
                cells.append(spread(overhead_factor(rounds, step), "{:.1f}"))
            cpu = spread(values(rounds, base, step, "cpu"), "{:.1f}")
            lines.append(f"| {count} | {step} | {cpu} | " + " | ".join(cells) + " |")
    return lines


def absolute_table(results: dict[int, Rounds], tools: list[str], steps: list[str]) -> list[str]:
    lines = [
        "",
        "cpu s median (min-max) / peak memory MB / documents re-read / pages re-written:",
        "",
        "| N | build | " + " | ".join(NAMES[t] for t in tools) + " |",
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
                cpu = spread(values(rounds, tool, step, "cpu"), "{:.1f}")
                rss = median(rounds, tool, step, "rss_mb")
                cells.append(f"{cpu} / {rss:.0f} / {ran[-1].read} / {ran[-1].written}")
            lines.append(f"| {count} | {step} | " + " | ".join(cells) + " |")
    return lines


def scale_lines(results: dict[int, Rounds], tools: list[str], steps: list[str]) -> list[str]:
    lines = [
        "",
        "cost per ADR (full serial build, median cpu ms / ADR); one edit / full (ours):",
        "",
    ]
    for count, rounds in results.items():
        per = [f"{NAMES[t]} {1000 * median(rounds, t, 'full', 'cpu') / count:.1f}" for t in tools]
        full = median(rounds, "adr", "full", "cpu")
        edits = [
            f"{step} {median(rounds, 'adr', step, 'cpu') / full:.3f}"
            for step in EDITS
            if step in steps and "adr" in tools
        ]
        memory = spread(ratios(rounds, "adr", "bare", "full", "rss_mb")) if "bare" in tools else ""
        lines.append(
            f"- N = {count}: "
            + ", ".join(per)
            + (f"; edit / full: {', '.join(edits)}" if edits else "")
            + (f"; peak memory ours / bare (full): {memory}" if memory else "")
        )
    return lines


def load_line(loads: list[float]) -> str:
    return f"1-min load average at the builds' start: {spread(loads, '{:.1f}')}" if loads else ""


def all_loads(results: dict[int, Rounds]) -> list[float]:
    return [s.load for rs in results.values() for r in rs for t in r.values() for s in t.values()]


def report(results: dict[int, Rounds], tools: list[str], steps: list[str]) -> str:
    lines = ratio_table(results, tools, steps) + absolute_table(results, tools, steps)
    lines += scale_lines(results, tools, steps)
    return "\n".join([*lines, "", load_line(all_loads(results))])


def docs_overhead(pages: int, rounds: int) -> str:
    """Full builds of a ``pages``-page project with no ADR content, with the
    extension loaded and not, interleaved (order alternated), and the ratio."""
    srcs = {
        loaded: generate_docs(WORK / f"docs-{pages}-{'adr' if loaded else 'off'}", pages, loaded)
        for loaded in (False, True)
    }
    cpu: dict[bool, list[float]] = {False: [], True: []}
    loads = []
    for index in range(rounds):
        for loaded in (False, True) if index % 2 == 0 else (True, False):
            shutil.rmtree(srcs[loaded] / "_build", ignore_errors=True)
            sample = build("docs", srcs[loaded], srcs[loaded] / "_build")
            cpu[loaded].append(sample.cpu)
            loads.append(sample.load)
            print(f"  docs {pages} loaded={loaded} {sample}", file=sys.stderr)
    pct = [100 * (on / off - 1) for on, off in zip(cpu[True], cpu[False], strict=True)]
    return "\n".join(
        [
            f"no-ADR project, {pages} pages, full build, {rounds} interleaved pairs:",
            "",
            f"- without the extension: {spread(cpu[False], '{:.2f}')} cpu s",
            f"- extension loaded: {spread(cpu[True], '{:.2f}')} cpu s",
            f"- overhead per pair: {spread(pct, '{:+.2f}')} % (target < 1 %)",
            f"- {load_line(loads)}",
            *attributed(srcs[True], rounds),
        ]
    )


def attributed(loaded: Path, rounds: int) -> list[str]:
    """The extension's own CPU in the no-ADR project (``attribute.py``, in-process
    timers): what paired builds cannot resolve below their +-15 % noise."""
    src = loaded.with_name(loaded.name + "-attr")
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(loaded, src, ignore=shutil.ignore_patterns("_build", "_bench_*"))
    shutil.copy(HERE / "attribute.py", src / "_benchattr.py")
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace("'sphinxcontrib_adr'", "'_benchattr'"))
    shares: list[float] = []
    spent: list[float] = []
    places: dict[str, list[float]] = {}
    for _ in range(rounds):
        shutil.rmtree(src / "_build", ignore_errors=True)
        build("docs", src, src / "_build")
        data = json.loads((src / "_bench_attr-_build.json").read_text("utf-8"))
        spent.append(data["extension_cpu"])
        shares.append(100 * data["extension_cpu"] / data["process_cpu"])
        for place, seconds in data["by_place"].items():
            places.setdefault(place, []).append(seconds)
    top = sorted(places, key=lambda p: -statistics.median(places[p]))[:6]
    return [
        f"- the extension's own CPU (in-process timers, {rounds} builds): "
        f"{spread(spent, '{:.3f}')} s, {spread(shares, '{:.2f}')} % of the build "
        "(target < 1 %)",
        *(f"  - {place}: {statistics.median(places[place]):.4f} s" for place in top),
    ]


def pin_package(revision: str) -> str:
    """Put ``revision``'s package first on the builds' PYTHONPATH; its short id."""
    if revision == "worktree":
        return "worktree"
    from bench_revisions import export  # imports this module: not at the top

    package = export(revision)
    PACKAGE_PATH["PYTHONPATH"] = str(package)
    # bytecode written before the first build, as an installed package has it
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    return package.name.removeprefix("rev-")


def run_sizes(args: argparse.Namespace, tools: list[str]) -> dict[int, Rounds]:
    results: dict[int, Rounds] = {}
    for count in args.sizes:
        results[count] = []
        extra = max(0, args.incremental_rounds - args.repeat)
        incremental = [s for s in args.steps if s in EDITS]
        for index in range(args.repeat + (extra if incremental else 0)):
            order = tools[index % len(tools) :] + tools[: index % len(tools)]
            if index < args.repeat:
                keep = index == 0 and extra > 0
                rounds = one_round(count, order, args.steps, keep=keep)
            else:
                rounds = one_round(count, order, incremental, reuse=True)
            results[count].append({tool: rounds[tool] for tool in tools})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--tools", nargs="+", default=["bare", "plain", "adr", "needs"])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument(
        "--incremental-rounds",
        type=int,
        default=0,
        help="run the incremental steps this many times in all, the extra times on "
        "the first round's built projects",
    )
    parser.add_argument("--docs-pages", type=int, default=300, help="0: no no-ADR project")
    parser.add_argument("--docs-rounds", type=int, default=5)
    parser.add_argument("--revision", default="HEAD", help="git revision, or worktree")
    parser.add_argument("--out", default="last-run", help="report name under _work/")
    args = parser.parse_args()
    tools: list[str] = args.tools
    if "sphinx-adr" in tools and not ensure_sphinx_adr():
        tools.remove("sphinx-adr")
    WORK.mkdir(exist_ok=True)
    revision = pin_package(args.revision)
    load_before = os.getloadavg()
    started = time.time()
    results = run_sizes(args, tools)
    text = report(results, tools, args.steps) if results else ""
    if args.docs_pages:
        text += "\n\n" + docs_overhead(args.docs_pages, args.docs_rounds)
    load_after = os.getloadavg()
    text += (
        f"\n\nextension at {revision}; {args.repeat} rounds "
        f"({max(args.repeat, args.incremental_rounds)} of the incremental steps), "
        f"{time.time() - started:.0f} s; load average (1/5/15 min) "
        f"{load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f} before, "
        f"{load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f} after, "
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
