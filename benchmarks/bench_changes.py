"""What a changes page between two revisions adds to a warm build, on the
repository of ``bench_history.py`` (2,000 ADRs, 20,000 commits by default,
written once with ``git fast-import``).

Two local clones of that repository (hard-linked objects, the same HEAD and
tags) are built with the ``html`` builder (sidebars off): one as it is, one
with one more page holding ``.. adr-changes:: bench-from..bench-to`` (the
middle of the log to ``HEAD~1000``, so the changelog covers most ADRs and
thousands of commits). Each is built cold once, warmed once, then warm in
interleaved rounds, the order alternating, each build in a fresh
interpreter: nothing changed, then one line of ADR-0001 added or taken back
(that page is read again, and the changes page, which lists ADR-0001, is
written again). A build's CPU time is its own plus its git children's; the
figure is, per round, the build with the page minus the one without. The
load average is read before every round.

    .venv/bin/python benchmarks/bench_changes.py --adrs 2000 --commits 20000
    .venv/bin/python benchmarks/bench_changes.py --profile   # one warm build, cProfile
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_history import generate  # noqa: E402

PAGE = "Changes\n=======\n\n.. adr-changes:: bench-from..bench-to\n"
INDEX = "Bench\n=====\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"


def _clock() -> tuple[float, float]:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + children.ru_utime + children.ru_stime


def timed_build(srcdir: Path, fresh: bool, profile: Path | None = None) -> dict[str, float]:
    """One ``html`` build: its wall time and its CPU time (git's included). Not
    ``dummy``: it writes every page in every build, so no build of it is warm."""
    from sphinx.application import Sphinx

    begin = _clock()
    app = Sphinx(
        srcdir, srcdir, srcdir / "_build" / "html", srcdir / "_build" / "doctrees",
        "html", status=None, warning=sys.stderr, freshenv=fresh,
        # the full-site toctree in every sidebar is quadratic in the page count
        confoverrides={"html_sidebars": {"**": []}},
    )  # fmt: skip
    if profile is None:
        app.build()
    else:
        import cProfile

        cProfile.runctx("app.build()", globals(), {"app": app}, str(profile))
    end = _clock()
    return {"wall": end[0] - begin[0], "cpu": end[1] - begin[1]}


def child_build(srcdir: Path, fresh: bool) -> dict[str, float]:
    """:func:`timed_build` in a fresh interpreter (one build per process, as users run)."""
    args = [sys.executable, __file__, "--child", str(srcdir), str(int(fresh))]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def projects(adrs: int, commits: int) -> tuple[Path, Path, str]:
    """The clones without and with the changes page (their ``docs``), and the range."""
    start = time.perf_counter()
    project = generate(HERE / "_work", adrs, commits)
    to = min(1000, commits // 20)
    base = (commits - adrs) // 2
    _git(project, "tag", "-f", "bench-from", f"HEAD~{base}")
    _git(project, "tag", "-f", "bench-to", f"HEAD~{to}")
    made = []
    for variant in ("without", "with"):
        clone = HERE / "_work" / f"changes-{adrs}-{commits}-{variant}"
        if not (clone / ".git").is_dir():
            shutil.rmtree(clone, ignore_errors=True)
            _git(HERE, "clone", "-q", "--local", str(project), str(clone))
        _git(clone, "fetch", "-q", "--force", "--tags", str(project))
        docs = clone / "docs"
        shutil.copy(project / "docs" / "conf.py", docs / "conf.py")
        ignored = "docs/_build/\ndocs/conf.py\ndocs/index.rst\ndocs/changes.rst\n"
        (clone / ".git" / "info" / "exclude").write_text(ignored, "utf-8")
        index = INDEX + ("   changes\n" if variant == "with" else "")
        (docs / "index.rst").write_text(index, "utf-8")
        if variant == "with":
            (docs / "changes.rst").write_text(PAGE, "utf-8")
        made.append(docs)
    print(f"repositories ready in {time.perf_counter() - start:.1f} s")
    return made[0], made[1], f"HEAD~{base}..HEAD~{to}"


def spread(values: list[float], digits: int = 2) -> str:
    return (
        f"{statistics.median(values):.{digits}f} "
        f"({min(values):.{digits}f} to {max(values):.{digits}f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adrs", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved warm rounds")
    parser.add_argument("--profile", action="store_true", help="profile one warm build")
    parser.add_argument(
        "--warm-only", action="store_true", help="reuse the environments of an earlier run"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        src, fresh = args.child
        profile = os.environ.get("BENCH_PROFILE")
        result = timed_build(Path(src), fresh == "1", Path(profile) if profile else None)
        print(json.dumps(result))
        return
    without, with_page, between = projects(args.adrs, args.commits)
    if args.profile:
        show_profile(with_page)
        return
    variants = {"without": without, "with": with_page}
    cold = {
        name: {"cpu": float("nan"), "wall": float("nan")}
        if args.warm_only
        else child_build(docs, fresh=True)
        for name, docs in variants.items()
    }
    for docs in variants.values():
        child_build(docs, fresh=False)  # the first warm build settles the environment
    warm: dict[str, list[dict[str, float]]] = {}
    loads: list[float] = []
    for i in range(args.rounds):
        loads.append(os.getloadavg()[0])
        order = ("without", "with") if i % 2 == 0 else ("with", "without")
        for name in order:
            warm.setdefault(f"nothing changed/{name}", []).append(
                child_build(variants[name], fresh=False)
            )
            edit(variants[name], i % 2 == 0)
            warm.setdefault(f"one ADR edited/{name}", []).append(
                child_build(variants[name], fresh=False)
            )
    for docs in variants.values():
        edit(docs, False)
    loads.append(os.getloadavg()[0])
    report(args, between, cold, warm, loads)


def edit(docs: Path, on: bool) -> None:
    """Add (or take back) one line of the first ADR: its page is read again, and the
    changes page, which lists it, is written again."""
    target = sorted((docs / "decisions").glob("0001-*.rst"))[0]
    text = target.read_text("utf-8").replace("\nOne more line.\n", "")
    target.write_text(text + ("\nOne more line.\n" if on else ""), "utf-8")


def report(
    args: argparse.Namespace,
    between: str,
    cold: dict[str, dict[str, float]],
    warm: dict[str, list[dict[str, float]]],
    loads: list[float],
) -> None:
    print(f"\n{args.adrs} ADRs, {args.commits} commits; adr-changes {between}; html\n")
    print("| build | | without the page | with the page | added (per round) |")
    print("|---|---|---|---|---|")
    for what in ("cpu", "wall"):
        off, on = cold["without"][what], cold["with"][what]
        print(f"| cold | {what} | {off:.2f} s | {on:.2f} s | {on - off:+.2f} s |")
    for kind in ("nothing changed", "one ADR edited"):
        for what in ("cpu", "wall"):
            off = [r[what] for r in warm[f"{kind}/without"]]
            on = [r[what] for r in warm[f"{kind}/with"]]
            added = [b - a for a, b in zip(off, on, strict=True)]
            print(
                f"| warm, {kind} (x {args.rounds}) | {what} | {spread(off)} s "
                f"| {spread(on)} s | {spread(added, 3)} s |"
            )
    print(f"\nload average (1 min), before each round and after: {spread(loads, 1)}")
    print(f"on {os.cpu_count()} CPUs")


def show_profile(docs: Path) -> None:
    """One cold build, then one warm build under cProfile: the functions by time."""
    import pstats

    child_build(docs, fresh=True)
    out = HERE / "_work" / "changes-warm.prof"
    args = [sys.executable, __file__, "--child", str(docs), "0"]
    env = {**os.environ, "BENCH_PROFILE": str(out)}
    subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats("sphinxcontrib_adr|subprocess", 30)


if __name__ == "__main__":
    main()
