"""Time ADR listings (tables, lists, graph, timeline) on a large generated log.

For N ADRs (``generate.py``) plus 10 listing pages (5 tables by status, 3 by
tag, one graph, one timeline) it times, each in a fresh interpreter:

* plain Sphinx on the same content (the ADR block as plain markup, the ten
  pages without directives);
* the extension without the listing pages (the core cost);
* the extension with them (full build), and the overhead over plain Sphinx;
* an incremental build after changing one ADR's status, reporting which
  documents were re-read and re-written (a probe extension records them):
  only the edited document may be re-read, and only pages that show that
  ADR (its own page, pages linking to it, listings it matches before or
  after) may be re-written.

    python benchmarks/bench_queries.py --count 2000

No test asserts on these numbers; they go in the closing notes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

WORK = Path(__file__).resolve().parent / "_work"

PAGES = {
    **{
        f"status-{status}": f"{status.capitalize()}\n{'=' * len(status)}\n\n"
        f".. adr-table::\n   :status: {status}\n   :columns: id, title, date, tags\n"
        "   :sort: -date\n"
        for status in ("proposed", "accepted", "rejected", "deprecated", "superseded")
    },
    **{
        f"tag-{tag}": f"{tag.capitalize()}\n{'=' * len(tag)}\n\n"
        f".. adr-table::\n   :tags: {tag}\n   :columns: id, title, status, supersedes, relates\n"
        for tag in ("security", "database", "api")
    },
    "graph": "Graph\n=====\n\n.. adr-graph::\n   :tags: security\n   :status: accepted\n",
    "timeline": "Timeline\n========\n\n.. adr-timeline::\n",
}

PROBE = """
import json
from pathlib import Path

def setup(app):
    log = {"read": [], "written": []}
    app.connect("env-before-read-docs", lambda a, e, docs: log["read"].extend(docs))
    app.connect("doctree-resolved", lambda a, d, name: log["written"].append(name))
    def dump(a, exc):
        Path(a.srcdir, "_probe.json").write_text(json.dumps(log))
    app.connect("build-finished", dump)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""

PROBE_CONF = """
import sys as _sys, pathlib as _pathlib
_sys.path.insert(0, str(_pathlib.Path(__file__).parent))
extensions.append("bench_probe")
"""


def plain_pages() -> dict[str, str]:
    """The listing pages without their directives (plain Sphinx's "same content")."""
    return {name: text.split("..", 1)[0] for name, text in PAGES.items()}


def sphinx_build(src: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {src} failed:\n{proc.stderr[-3000:]}")
    return elapsed


def project(name: str, count: int, mode: str, pages: dict[str, str] | None) -> Path:
    src = generate(
        WORK / name, count, mode, extra_conf=PROBE_CONF, extra_pages=pages, index_table=False
    )
    (src / "bench_probe.py").write_text(PROBE, "utf-8")
    return src


def change_status(src: Path, number: int) -> str:
    page = next((src / "decisions").glob(f"{number:04d}-*.rst"))
    text = page.read_text("utf-8")
    old = re.search(r":status: (\w+)", text)
    assert old is not None
    new = "deprecated" if old.group(1) != "deprecated" else "accepted"
    page.write_text(text.replace(old.group(0), f":status: {new}", 1), "utf-8")
    return f"{old.group(1)} -> {new}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    n = args.count

    def best(name: str, mode: str, pages: dict[str, str] | None) -> float:
        times = []
        for _ in range(args.repeat):
            src = project(name, n, mode, pages)
            times.append(sphinx_build(src, src / "_build"))
        return min(times)

    plain = best(f"q-plain-{n}", "plain", plain_pages())
    core = best(f"q-core-{n}", "adr", plain_pages())
    full = best(f"q-adr-{n}", "adr", PAGES)
    print(f"N={n} ADRs, {len(PAGES)} listing pages")
    print(f"  plain Sphinx, same content      {plain:8.2f} s")
    print(f"  extension, no listings          {core:8.2f} s  ({core / plain:.2f}x plain)")
    print(f"  extension with the 10 listings  {full:8.2f} s  ({full / plain:.2f}x plain)")

    src = WORK / f"q-adr-{n}"
    number = n // 2
    change = change_status(src, number)
    incremental = sphinx_build(src, src / "_build")
    probe = json.loads((src / "_probe.json").read_text("utf-8"))
    written = sorted(set(probe["written"]))
    print(f"  incremental, ADR-{number:04d} status {change}: {incremental:.2f} s")
    print(f"    re-read ({len(probe['read'])}): {', '.join(probe['read'])}")
    print(f"    re-written ({len(written)}): {', '.join(written)}")


if __name__ == "__main__":
    main()
