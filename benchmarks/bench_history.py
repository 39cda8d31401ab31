"""The git history pass over 2,000 ADRs and 20,000 commits, cold and warm.

Generates (once, with ``git fast-import``) a repository whose ``docs/`` holds
N ADR files; the first N commits add them, the others each change one ADR
(every tenth changes its status), a few rename a file. Then builds it with
the ``dummy`` builder (nothing written, so only reading and the history pass
cost time) and measures the history pass itself by bracketing its
``env-updated`` handler with two handlers of lower and higher priority:

* cold: a fresh environment (``git log`` and every revision parsed);
* warm: a rebuild with nothing changed (HEAD unchanged: two short git calls);
* new commit: one more commit changing one ADR (the log is read again, only
  the new revision is parsed).

    .venv/bin/python benchmarks/bench_history.py --adrs 2000 --commits 20000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATUSES = ("proposed", "accepted", "deprecated", "superseded")


def adr_text(number: int, status: str, revision: int) -> str:
    title = f"ADR-{number:04d}: Decision number {number}"
    return (
        f"{title}\n{'=' * len(title)}\n\n.. adr::\n   :status: {status}\n   :tags: bench\n\n"
        f"Context\n-------\n\nRevision {revision} of decision {number}.\n"
    )


def fast_import_stream(adrs: int, commits: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out: list[bytes] = []
    statuses = ["proposed"] * adrs
    names = [f"docs/decisions/{n:04d}-decision.rst" for n in range(1, adrs + 1)]
    stamp = 1_600_000_000
    for i in range(commits):
        stamp += 3600
        if i < adrs:
            index, revision = i, 0
        else:
            index, revision = rng.randrange(adrs), i
            if i % 10 == 0:
                statuses[index] = rng.choice(STATUSES)
        author = f"Author {rng.randrange(40)}"
        lines = [f"commit refs/heads/main\nmark :{i + 1}\n"]
        lines.append(f"committer {author} <a{i % 40}@example.com> {stamp} +0000\n")
        message = f"Change ADR-{index + 1:04d} ({i})\n".encode()
        lines.append(f"data {len(message)}\n")
        out.append("".join(lines).encode() + message)
        if i:
            out.append(f"from :{i}\n".encode())
        if i >= adrs and i % 500 == 0:  # now and then a file is renamed
            old = names[index]
            names[index] = old.replace("-decision", f"-decision-{i}")
            out.append(f"R {old} {names[index]}\n".encode())
        data = adr_text(index + 1, statuses[index], revision).encode()
        out.append(f"M 100644 inline {names[index]}\ndata {len(data)}\n".encode() + data + b"\n")
    return b"".join(out)


def generate(root: Path, adrs: int, commits: int) -> Path:
    project = root / f"history-{adrs}-{commits}"
    if (project / ".git").is_dir():
        return project
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    stream = fast_import_stream(adrs, commits)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=project, input=stream, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=project, check=True)
    (project / "docs" / "conf.py").write_text(
        'extensions = ["sphinxcontrib_adr"]\nexclude_patterns = ["_build"]\nadr_history = True\n',
        "utf-8",
    )
    (project / "docs" / "index.rst").write_text(
        "Bench\n=====\n\n.. toctree::\n   :glob:\n\n   decisions/*\n", "utf-8"
    )
    (project / ".gitignore").write_text("docs/_build/\ndocs/conf.py\ndocs/index.rst\n", "utf-8")
    return project


def _clock() -> tuple[float, float]:
    """Wall time, and CPU time of this process and its finished children (git): on a
    loaded machine the CPU time is what the pass costs, the wall time what it waited."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + children.ru_utime + children.ru_stime


def timed_build(srcdir: Path, fresh: bool, history: bool = True) -> dict[str, float]:
    """One ``dummy`` build: the whole build's wall and CPU time, and the history
    pass's (the span of its ``env-updated`` handler, git's CPU included: the
    log started before reading is waited for there)."""
    from sphinx.application import Sphinx

    spent: list[tuple[float, float]] = []
    begin = _clock()
    app = Sphinx(
        srcdir, srcdir, srcdir / "_build" / "dummy", srcdir / "_build" / "doctrees",
        "dummy", status=None, warning=sys.stderr, freshenv=fresh,
        confoverrides={"adr_history": history},
    )  # fmt: skip
    app.connect("env-updated", lambda _a, _e: spent.append(_clock()), priority=599)
    app.connect("env-updated", lambda _a, _e: spent.append(_clock()), priority=601)
    app.build()
    end = _clock()
    return {
        "wall": end[0] - begin[0],
        "cpu": end[1] - begin[1],
        "pass_wall": spent[1][0] - spent[0][0],
        "pass_cpu": spent[1][1] - spent[0][1],
    }


def child_build(srcdir: Path, fresh: bool, history: bool) -> dict[str, float]:
    """:func:`timed_build` in a fresh interpreter (one build per process, as users run)."""
    args = [sys.executable, __file__, "--child", str(srcdir), str(int(fresh)), str(int(history))]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adrs", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3, help="cold builds with history off and on")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        src, fresh, history = args.child
        print(json.dumps(timed_build(Path(src), fresh == "1", history == "1")))
        return
    work = HERE / "_work"
    start = time.perf_counter()
    project = generate(work, args.adrs, args.commits)
    print(f"repository ready in {time.perf_counter() - start:.1f} s: {project}")
    docs = project / "docs"
    rounds: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    for i in range(args.rounds):  # interleaved, the order alternating
        for history in (False, True) if i % 2 == 0 else (True, False):
            rounds[history].append(child_build(docs, fresh=True, history=history))
    warm = child_build(docs, fresh=False, history=True)
    target = docs / "decisions" / "0001-decision.rst"
    target.write_text(target.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@example.com"}
    env |= {"GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@example.com"}
    subprocess.run(["git", "commit", "-qam", "Amend ADR-0001"], cwd=project, env=env, check=True)
    new_commit = child_build(docs, fresh=False, history=True)
    subprocess.run(["git", "reset", "-q", "--hard", "HEAD~1"], cwd=project, check=True)
    report(args, rounds, warm, new_commit)


def report(
    args: argparse.Namespace,
    rounds: dict[bool, list[dict[str, float]]],
    warm: dict[str, float],
    new_commit: dict[str, float],
) -> None:
    cold = {k: _median([r[k] for r in rounds[True]]) for k in rounds[True][0]}
    extra = {
        k: _median([on[k] - off[k] for on, off in zip(rounds[True], rounds[False], strict=True)])
        for k in ("wall", "cpu")
    }
    print(f"\nthe history pass, {args.rounds} cold rounds (medians):\n")
    print("| ADRs | commits | | cold | warm | after a new commit |\n|---|---|---|---|---|---|")
    for what in ("wall", "cpu"):
        key = f"pass_{what}"
        print(
            f"| {args.adrs} | {args.commits} | {what} | {cold[key]:.2f} s "
            f"| {warm[key]:.3f} s | {new_commit[key]:.2f} s |"
        )
    print("\nthe whole cold build, history off and on (medians; the difference per round):\n")
    print("| | history off | history on | on top of the build |\n|---|---|---|---|")
    for what in ("wall", "cpu"):
        off = _median([r[what] for r in rounds[False]])
        on = _median([r[what] for r in rounds[True]])
        print(f"| {what} | {off:.2f} s | {on:.2f} s | {extra[what]:+.2f} s |")
    print(f"\nload average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
