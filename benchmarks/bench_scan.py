"""Time the source scan of ``adr_code_scan`` on a generated tree of 20,000 files.

The tree (``_work/scan-tree``) mixes Python, Go, TypeScript, Java and
Markdown files of a few KB in nested packages, with an ADR marker in about
one file in fifty and a ``.gitignore``. Timed, in this order:

* cold: an empty scan cache, so every file is read (the OS page cache is
  warm: this measures the scanner, not the disk);
* warm: the cache of the cold scan, nothing changed (one ``stat`` per file);
* warm after touching 1% of the files (those are read again);
* end to end: ``sphinx-build`` of a five-ADR project scanning the tree, first
  build and a rebuild with nothing changed (the scan still runs; its cache
  comes from the pickled environment).

Then the hostile rows (issue 14), each of which must stay well under a second:

* a 2 MB one-line ``.js`` file of quoted id-like strings, and a 2 MB ``.c``
  file of such strings, scanned cold (empty cache) and warm;
* pathological ``:code:`` globs (a dozen ``**``, ``*a*a*a...``) matched against
  the listing of the 20,000-file tree (goal: under 0.1 s each).

    python benchmarks/bench_scan.py [--files 20000] [--repeat 3] [--hostile-only]

No test asserts on these numbers; they go in the closing notes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sphinxcontrib_adr.trace.codescan import Scanner
from sphinxcontrib_adr.trace.globs import glob_matches, list_tree
from sphinxcontrib_adr.trace.settings import id_literal, id_marker

WORK = Path(__file__).resolve().parent / "_work"
TREE = WORK / "scan-tree"
GLOBS = ["src/**", "services/**/*.go", "web/**/*.ts"]

_BODY = {
    "py": ("# {note}\n", "def f{i}(x: int) -> int:\n    return x + {i}  # plain comment\n"),
    "go": ("// {note}\n", "func F{i}(x int) int {{ return x + {i} }} // plain comment\n"),
    "ts": ("// {note}\n", "export const f{i} = (x: number): number => x + {i}; // note\n"),
    "java": ("/* {note} */\n", "  int f{i}(int x) {{ return x + {i}; }} // note\n"),
    "md": ("<!-- {note} -->\n", "Paragraph {i} about the component.\n\n"),
}
_DIRS = {"py": "src", "go": "services", "ts": "web", "java": "src/java", "md": "src/docs"}


def generate_tree(files: int, seed: int = 7) -> int:
    """Write ``files`` source files under TREE; returns how many hold a marker."""
    if TREE.exists():
        shutil.rmtree(TREE)
    rng = random.Random(seed)
    kinds = list(_BODY)
    markers = 0
    (TREE).mkdir(parents=True)
    (TREE / ".gitignore").write_text("build/\n*.min.js\n", "utf-8")
    for n in range(files):
        kind = kinds[n % len(kinds)]
        head, line = _BODY[kind]
        package = f"{_DIRS[kind]}/pkg{n % 40:02d}/mod{(n // 40) % 25:02d}"
        path = TREE / package / f"file{n:05d}.{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        note = "generated module"
        if rng.random() < 0.02:
            note = f"Implements: ADR-{rng.randint(1, 60):04d}"
            markers += 1
        body = head.format(note=note) + "".join(
            line.format(i=i) for i in range(rng.randint(20, 120))
        )
        path.write_text(body, "utf-8")
    return markers


def scanner() -> Scanner:
    fmt = "ADR-{number:04d}"
    marker = id_marker(fmt)
    return Scanner(
        TREE,
        GLOBS,
        marker=marker,
        normalise=lambda m: fmt.format(number=int(m["number"])),
        literal=id_literal(fmt),
    )


def timed(fn, repeat: int):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def _project(root: Path) -> Path:
    src = WORK / "scan-docs"
    if src.exists():
        shutil.rmtree(src)
    (src / "decisions").mkdir(parents=True)
    conf = (
        "extensions = ['sphinxcontrib_adr']\n"
        f"adr_code_root = {str(root)!r}\n"
        f"adr_code_scan = {GLOBS!r}\n"
        "suppress_warnings = ['adr.code_unknown_ref']\n"
    )
    (src / "conf.py").write_text(conf, "utf-8")
    toc = "\n".join(f"   decisions/{i:04d}-d" for i in range(1, 6))
    (src / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toc}\n", "utf-8")
    for i in range(1, 6):
        title = f"ADR-{i:04d}: Decision {i}"
        text = f"{title}\n{'=' * len(title)}\n\n.. adr::\n   :status: accepted\n\nText.\n"
        (src / "decisions" / f"{i:04d}-d.rst").write_text(text, "utf-8")
    return src


def sphinx_build(src: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    return elapsed


HOSTILE = WORK / "hostile-tree"
#: globs an ADR's :code: could hold, each the worst of its kind for backtracking
PATHOLOGICAL_GLOBS = [
    "**/" * 12 + "missing.py",
    "src/**/" * 8 + "*.py",
    "*a" * 12 + "*b",
    "**/*a*a*a*a*a*/**/*e*e*e*e*b/**/x",
    "**" + "?*" * 20 + "x",
    # tails that every Python file has: the regex itself is tried on each
    "**/*a*a*a*a*a*/**/*e*e*e*e*b/**/*.py",
    "**/" * 12 + "*?*?*?*?*?*?*?*?*?*?*?*.py",
]


def hostile_files() -> dict[str, str]:
    """Two 2 MB files of id-like strings, all inside string literals."""
    one_line = ('"ADR-0001",' * 200_000)[:2_000_000]
    c_file = "".join(f'const char *s{i} = "ADR-{i % 9999:04d}"; /* x */\n' for i in range(60_000))
    return {"bundle.min.js": one_line, "ids.c": c_file[:2_000_000]}


def bench_hostile(repeat: int) -> None:
    if HOSTILE.exists():
        shutil.rmtree(HOSTILE)
    HOSTILE.mkdir(parents=True)
    fmt = "ADR-{number:04d}"
    for name, text in hostile_files().items():
        (HOSTILE / name).write_text(text, "utf-8")

        def scan(cache=None, name=name):  # type: ignore[no-untyped-def]
            return Scanner(
                HOSTILE,
                [name],
                marker=id_marker(fmt),
                normalise=lambda m: fmt.format(number=int(m["number"])),
                literal=id_literal(fmt),
            ).scan(cache)

        cold, first = timed(scan, repeat)
        warm, _ = timed(lambda first=first, scan=scan: scan(first.cache), repeat)
        size = len(text) / 1e6
        print(
            f"hostile {name:14s} {size:.1f} MB: cold {cold:6.3f} s, warm {warm:6.3f} s "
            f"({len(first.markers)} markers)"
        )


def bench_globs(repeat: int) -> None:
    start = time.perf_counter()
    listing = list_tree(str(TREE), [""])
    print(
        f"listing of the tree for :code: globs: {time.perf_counter() - start:6.3f} s "
        f"({len(listing)} entries, walked once per build)"
    )
    for pattern in PATHOLOGICAL_GLOBS:
        best, hit = timed(lambda p=pattern: glob_matches(p, listing), repeat)
        print(f":code: {pattern[:48]:48s} {best:6.3f} s (match: {hit})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hostile-only", action="store_true", help="only the issue-14 rows")
    args = parser.parse_args()
    if args.hostile_only:
        if not TREE.exists():
            generate_tree(args.files)
        bench_hostile(args.repeat)
        bench_globs(args.repeat)
        return

    start = time.perf_counter()
    markers = generate_tree(args.files)
    print(
        f"generated {args.files} files ({markers} with a marker) in "
        f"{time.perf_counter() - start:.1f} s under {TREE}"
    )

    cold, first = timed(lambda: scanner().scan(), args.repeat)
    print(
        f"cold scan (empty cache):       {cold:6.3f} s  "
        f"({first.files} files, {first.read} read, {len(first.markers)} markers)"
    )
    warm, second = timed(lambda: scanner().scan(first.cache), args.repeat)
    print(f"warm scan (nothing changed):   {warm:6.3f} s  ({second.read} files read)")

    touched = sorted(first.cache)[::100]
    later = time.time() + 5
    for rel in touched:
        os.utime(TREE / rel, (later, later))
    partial, third = timed(lambda: scanner().scan(second.cache), 1)
    print(f"warm scan, {len(touched)} files touched: {partial:6.3f} s  ({third.read} files read)")

    src = _project(TREE)
    out = WORK / "scan-html"
    if out.exists():
        shutil.rmtree(out)
    full = sphinx_build(src, out)
    again = sphinx_build(src, out)
    print(
        f"sphinx-build, 5 ADRs + scan:   {full:6.3f} s first, {again:6.3f} s "
        "with nothing changed (the scan runs from its pickled cache)"
    )
    bench_hostile(args.repeat)
    bench_globs(args.repeat)


if __name__ == "__main__":
    main()
