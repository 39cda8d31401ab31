"""``sphinx-adr import`` at 1x, 2x, 4x and 8x sizes: time must grow linearly.

Three shapes, each a generated log converted with the importer's own
``import_files`` (nothing written) in a fresh interpreter, timed as that
process's CPU time (``time.process_time``, steadier than wall time on a
shared machine), the median of ``--repeat`` runs:

``title``    one ADR whose title line holds N KB of words, links and runs of
             ``[`` (a run of ``[`` made the link reading quadratic)
``options``  one MADR ADR with N options listed under "Considered Options",
             each with a pros-and-cons subsection (pairing them was quadratic)
``files``    N small MADR files with front matter, relations and a table
``rst``      one reST ADR whose titles docutils reads: N rejected options as
             subsections of "Rejected Alternatives" and N as a definition list
             under "Alternatives Considered"

The ratio column is time / time at 1x: linear growth reads 1, 2, 4, 8.

    .venv/bin/python benchmarks/bench_import.py
    .venv/bin/python benchmarks/bench_import.py --scale 0.25 --repeat 1

No test asserts on these numbers; they go in ``README.md``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the 1x size of each shape (KB of title, options, files)
BASE = {"title": 40, "options": 1000, "files": 200, "rst": 500}

_RUN = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from sphinxcontrib_adr.cli.importing import Settings, collect_sources, import_files
paths = collect_sources([Path({folder!r})])
start = time.process_time()
result = import_files(paths, Settings())
print(time.process_time() - start, len(result.files), len(result.errors))
"""


def write_title(folder: Path, size: int) -> None:
    chunk = "word [link](0002-x.md) [[[ `code` **bold** "
    title = (chunk * (size * 1024 // len(chunk) + 1))[: size * 1024]
    (folder / "0001-long.md").write_text(f"# {title}\n\n* Status: accepted\n\nText.\n", "utf-8")


def write_options(folder: Path, size: int) -> None:
    listed = "".join(f"* Option {n}: use tool number {n}\n" for n in range(size))
    detail = "".join(
        f"### Option {n}: use tool number {n}\n\n* Good, because it is {n}\n"
        f"* Bad, because it is not {n + 1}\n\n"
        for n in range(size)
    )
    text = (
        "# Choose a tool\n\n* Status: accepted\n\n## Considered Options\n\n"
        f'{listed}\n## Decision Outcome\n\nChosen option: "Option 7: use tool number 7"\n\n'
        f"## Pros and Cons of the Options\n\n{detail}"
    )
    (folder / "0001-options.md").write_text(text, "utf-8")


def write_files(folder: Path, size: int) -> None:
    for n in range(1, size + 1):
        text = (
            f"---\nstatus: accepted\ndate: 2024-01-{n % 28 + 1:02d}\n"
            f'deciders: [Ann, "Bo, Jr."]\n---\n# {n}. Decision {n}\n\n## Context\n\n'
            f"Text of {n}. Supersedes [{n - 1}]({n - 1:04d}-decision.md).\n\n"
            "## Considered Options\n\n| Option | Verdict |\n|---|---|\n"
            "| A | chosen |\n| B | rejected | extra cell |\n"
        )
        (folder / f"{n:04d}-decision.md").write_text(text, "utf-8")


def write_rst(folder: Path, size: int) -> None:
    defined = "".join(f"Tool {n}\n   Would do it with {n} steps.\n" for n in range(size))
    rejected = "".join(
        f"Tool {n} again\n{'~' * len(f'Tool {n} again')}\n\n* too many steps\n\n"
        for n in range(size)
    )
    text = (
        "Choose a tool\n=============\n\n:Status: accepted\n\n"
        f"Alternatives Considered\n-----------------------\n\n{defined}\n"
        f"Rejected Alternatives\n---------------------\n\n{rejected}"
    )
    (folder / "0001-tools.rst").write_text(text, "utf-8")


WRITERS = {
    "title": write_title,
    "options": write_options,
    "files": write_files,
    "rst": write_rst,
}


def measure(shape: str, size: int, repeat: int) -> tuple[float, int]:
    times = []
    files = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            WRITERS[shape](Path(tmp), size)
            code = _RUN.format(root=str(ROOT), folder=tmp)
            out = subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout.split()
            times.append(float(out[0]))
            files = int(out[1])
    return statistics.median(times), files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the 1x sizes")
    parser.add_argument("--shapes", nargs="+", default=list(BASE), choices=list(BASE))
    args = parser.parse_args()
    print("| shape | factor | size | cpu s | ratio to 1x | files converted |")
    print("|---|---|---|---|---|---|")
    for shape in args.shapes:
        first = None
        for factor in (1, 2, 4, 8):
            size = max(1, int(BASE[shape] * args.scale)) * factor
            seconds, files = measure(shape, size, args.repeat)
            first = first or seconds
            ratio = seconds / first
            print(f"| {shape} | {factor}x | {size} | {seconds:.3f} | {ratio:.2f} | {files} |")


if __name__ == "__main__":
    main()
