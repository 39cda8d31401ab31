"""Time plain Sphinx against Sphinx + sphinxcontrib-adr on generated ADR logs.

For each size N it generates the same corpus twice (``generate.py``: with the
``adr`` directive, and with the block replaced by equivalent plain markup),
then times in fresh interpreters: a full build, and an incremental build
after editing one ADR (title and status). It prints the times and the
overhead ratio (extension / plain) and the growth per ADR.

    python benchmarks/bench_core.py --sizes 250 500 1000 2000 --repeat 3

No test asserts on these numbers; they go in the closing notes.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

WORK = Path(__file__).resolve().parent / "_work"


def sphinx_build(src: Path, out: Path, jobs: str = "1") -> float:
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", jobs, str(src), str(out)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {src} failed:\n{proc.stderr[-3000:]}")
    return elapsed


def edit_one(src: Path, number: int) -> None:
    """Change one ADR's title and status (or the plain equivalent)."""
    page = next((src / "decisions").glob(f"{number:04d}-*.rst"))
    text = page.read_text("utf-8")
    title_line = text.splitlines()[0] if not text.startswith(".. _") else text.splitlines()[2]
    new_title = title_line + " (revised)"
    old_heading = title_line + "\n" + "=" * len(title_line)
    text = text.replace(old_heading, new_title + "\n" + "=" * len(new_title), 1)
    text = re.sub(r":status: \w+", ":status: deprecated", text, count=1)
    text = re.sub(r":Status: \w+", ":Status: deprecated", text, count=1)
    page.write_text(text, "utf-8")


def measure(count: int, mode: str, repeat: int, jobs: str) -> tuple[float, float]:
    full_times, incr_times = [], []
    for _ in range(repeat):
        src = generate(WORK / f"{mode}-{count}", count, mode)
        out = src / "_build"
        full_times.append(sphinx_build(src, out, jobs))
        edit_one(src, count // 2)
        incr_times.append(sphinx_build(src, out, jobs))
    return min(full_times), min(incr_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", default="1")
    args = parser.parse_args()

    print(
        f"{'N':>6} {'plain full':>11} {'adr full':>10} {'ratio':>6} "
        f"{'plain incr':>11} {'adr incr':>9} {'ratio':>6} {'adr ms/ADR':>11}"
    )
    for count in args.sizes:
        plain_full, plain_incr = measure(count, "plain", args.repeat, args.jobs)
        adr_full, adr_incr = measure(count, "adr", args.repeat, args.jobs)
        print(
            f"{count:>6} {plain_full:>10.2f}s {adr_full:>9.2f}s {adr_full / plain_full:>6.3f} "
            f"{plain_incr:>10.2f}s {adr_incr:>8.2f}s {adr_incr / plain_incr:>6.3f} "
            f"{1000 * adr_full / count:>10.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
