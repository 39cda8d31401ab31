"""Time and size of drawing ``adr-graph`` for a big log: SVG inlined vs PNG with an image map.

The graph of N ADRs (the relations ``generate.py`` gives its projects) is
written as DOT by the extension's own code (``listings/graph_dot.py``), then
drawn by each Graphviz program found:

* ``svg``: what HTML pages get now (``-Tsvg``, then inlined with per-graph ids);
* ``png+map``: what they got before, through ``sphinx.ext.graphviz``
  (``-Tpng`` and ``-Tcmapx`` in one run; ``sphinx-adr-dot`` for graphviz-pure).

Each is the median of ``--repeat`` runs of the program in a fresh process.
Sizes are bytes as written and gzipped (how a web server sends them).

    python benchmarks/bench_graph.py --count 2000

No test asserts on these numbers; they go in the closing notes.
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import adr_id, adr_meta

from sphinxcontrib_adr.listings import graph_engine
from sphinxcontrib_adr.listings.graph_dot import DEFAULT_COLORS, Style, dot_source
from sphinxcontrib_adr.listings.graph_svg import inline_svg


def graph_source(count: int, seed: int = 7) -> str:
    """The DOT of the graph of all ``count`` ADRs, linked as in an HTML build."""
    rng = random.Random(seed)
    metas = {n: adr_meta(rng, n, count) for n in range(1, count + 1)}
    adrs = {
        n: SimpleNamespace(
            key=adr_id(n).casefold(),
            id=adr_id(n),
            title=f"Decision {n} about the {rng.choice(['cache', 'queue', 'schema'])}",
            status=str(meta["status"]),
            tags=tuple(meta["tags"]),  # type: ignore[arg-type]
        )
        for n, meta in metas.items()
    }
    edges = [
        (adrs[n], kind, adrs[other])
        for n, meta in metas.items()
        for kind, others in meta["links"].items()  # type: ignore[attr-defined]
        for other in others
    ]
    style = Style(
        links={a.key: f"decisions/{a.id.lower()}.html#{a.id.lower()}" for a in adrs.values()},
        colors=DEFAULT_COLORS,
        undirected=frozenset({"relates"}),
    )
    return dot_source(list(adrs.values()), edges, style)  # type: ignore[arg-type]


def _timed(command: list[str], source: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, input=source.encode(), check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def measure(
    name: str, program: str, dot_like: str, source: str, repeat: int
) -> list[dict[str, Any]]:
    """Rows for one program: SVG, and PNG with its image map."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        svg_time = _timed([program, "-Tsvg", f"-o{out / 'g.svg'}"], source, repeat)
        svg = (out / "g.svg").read_text("utf-8")
        inline = inline_svg(svg, "adr-graph", "Relations").encode()
        rows.append({
            "program": name, "output": "svg (inlined)", "seconds": svg_time,
            "bytes": len(inline), "gzip": len(gzip.compress(inline)), "pixels": "vector",
        })  # fmt: skip
        png_time = _timed(
            [dot_like, "-Tpng", f"-o{out / 'g.png'}", "-Tcmapx", f"-o{out / 'g.map'}"],
            source,
            repeat,
        )
        png, imap = (out / "g.png").read_bytes(), (out / "g.map").read_bytes()
        width, height = _png_size(out / "g.png")
        rows.append({
            "program": name, "output": "png + image map", "seconds": png_time,
            "bytes": len(png) + len(imap), "gzip": len(png) + len(gzip.compress(imap)),
            "pixels": f"{width}x{height}",
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = graph_source(args.count)
    print(f"{args.count} ADRs, DOT source {len(source):,} bytes")
    programs = []
    if shutil.which("dot"):
        programs.append(("Graphviz dot", shutil.which("dot"), shutil.which("dot")))
    pure = graph_engine.scripts_program(graph_engine.PURE)
    shim = graph_engine.scripts_program(graph_engine.SHIM)
    if pure and shim:
        programs.append(("graphviz-pure", pure, shim))
    rows = [row for p in programs for row in measure(*p, source, args.repeat)]  # type: ignore[misc]
    print("| program | output | time (s) | bytes | gzipped | pixels |\n|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['program']} | {r['output']} | {r['seconds']:.2f} | {r['bytes']:,} | "
            f"{r['gzip']:,} | {r['pixels']} |"
        )


if __name__ == "__main__":
    main()
