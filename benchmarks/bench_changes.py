"""What a changes page between two revisions adds to a warm build, on the
repository of ``bench_history.py`` (2,000 ADRs, 20,000 commits by default).

The same project is built (``dummy`` builder) without and with one more page
holding ``.. adr-changes:: FROM..TO`` between two tags (the middle of the log
and HEAD~1000), each first cold, then warm (nothing changed); the warm builds
are compared. The first build with the page computes the changelog (one
``git diff``, one ``git cat-file``, one ``git rev-list``); the warm ones only
resolve the two names.

    .venv/bin/python benchmarks/bench_changes.py --adrs 2000 --commits 20000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_history import generate  # noqa: E402

PAGE = "Changes\n=======\n\n.. adr-changes:: bench-from..bench-to\n"


def timed(srcdir: Path, fresh: bool) -> float:
    """One ``dummy`` build in a fresh interpreter; its wall time."""
    code = (
        "import sys, time; from sphinx.application import Sphinx; from pathlib import Path; "
        "s = Path(sys.argv[1]); t = time.perf_counter(); "
        "app = Sphinx(s, s, s / '_build/dummy', s / '_build/doctrees', 'dummy', "
        "status=None, warning=sys.stderr, freshenv=sys.argv[2] == '1'); app.build(); "
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(srcdir), "1" if fresh else "0"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adrs", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3, help="warm builds of each kind")
    args = parser.parse_args()
    project = generate(HERE / "_work", args.adrs, args.commits)
    docs = project / "docs"
    middle = args.adrs + (args.commits - args.adrs) // 2
    subprocess.run(["git", "tag", "-f", "bench-from", f"HEAD~{args.commits - middle}"],
                   cwd=project, check=True, capture_output=True)  # fmt: skip
    to = min(1000, args.commits // 20)
    subprocess.run(["git", "tag", "-f", "bench-to", f"HEAD~{to}"],
                   cwd=project, check=True, capture_output=True)  # fmt: skip
    page = docs / "changes.rst"
    index = docs / "index.rst"
    plain = index.read_text("utf-8").replace("   changes\n", "")
    results: dict[bool, list[float]] = {False: [], True: []}
    cold: dict[bool, float] = {}
    for with_page in (False, True):
        if with_page:
            page.write_text(PAGE, "utf-8")
            index.write_text(plain + "   changes\n", "utf-8")
        else:
            page.unlink(missing_ok=True)
            index.write_text(plain, "utf-8")
        cold[with_page] = timed(docs, fresh=True)
        results[with_page] = [timed(docs, fresh=False) for _ in range(args.rounds)]
    page.unlink(missing_ok=True)
    index.write_text(plain, "utf-8")
    off, on = statistics.median(results[False]), statistics.median(results[True])
    print(f"\n{args.adrs} ADRs, {args.commits} commits; changes between HEAD~"
          f"{args.commits - middle} and HEAD~{to}\n")  # fmt: skip
    print("| | without the page | with the page | added |\n|---|---|---|---|")
    print(f"| cold build | {cold[False]:.2f} s | {cold[True]:.2f} s "
          f"| {cold[True] - cold[False]:+.2f} s |")  # fmt: skip
    print(f"| warm build (median of {args.rounds}) | {off:.2f} s | {on:.2f} s "
          f"| {on - off:+.2f} s |")  # fmt: skip
    print(f"\nload average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
