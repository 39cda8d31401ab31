"""``sphinx-adr-dot``: Graphviz's ``dot`` command line, drawn by graphviz-pure.

graphviz-pure (the ``graphs`` extra) draws SVG and PNG like Graphviz but has
no ``-Tcmapx``, the image map ``sphinx.ext.graphviz`` asks for next to every
PNG (sphinx-needs' ``needflow`` draws PNGs by default). This program passes
everything else through and writes the image map from graphviz-pure's JSON
layout of the same run, so ``graphviz_dot = "sphinx-adr-dot"`` (set by the
extension when there is no ``dot``) works for every ``graphviz`` directive.
"""

# Implements: ADR-0010 (graphs drawn without a system Graphviz)

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .graph_engine import PURE, scripts_program

_MAP_FORMATS = frozenset({"cmapx", "cmapx_np"})
#: Graphviz's default margin around a drawing, in points (``pad`` = 0.0555 inch)
_PAD = 0.0555 * 72

Pair = tuple[str, "str | None"]


def split_arguments(argv: list[str]) -> tuple[list[str], list[Pair]]:
    """The arguments other than ``-T``/``-o``, and the (format, output) pairs in order."""
    rest: list[str] = []
    pairs: list[Pair] = []
    args = iter(argv)
    for arg in args:
        if arg.startswith("-T"):
            pairs.append((arg[2:] or next(args, ""), None))
        elif arg.startswith("-o"):
            out = arg[2:] or next(args, "")
            if pairs and pairs[-1][1] is None:
                pairs[-1] = (pairs[-1][0], out)
            else:
                pairs.append(("", out))
        else:
            rest.append(arg)
    return rest, pairs


def _flags(pairs: list[Pair]) -> list[str]:
    flags: list[str] = []
    for fmt, out in pairs:
        if fmt:
            flags.append(f"-T{fmt}")
        if out:
            flags.append(f"-o{out}")
    return flags


def _title(obj: dict[str, Any]) -> str:
    """What Graphviz shows as an area's title: the tooltip, else a plain label, else the name."""
    label = str(obj.get("label", ""))
    if obj.get("tooltip"):
        return str(obj["tooltip"])
    if label and label != "\\N" and not label.startswith("<"):
        return label
    return str(obj["name"])


def _escape_title(text: str) -> str:
    # Graphviz writes hyphens of titles as entities; sphinx-needs' tests expect it too
    return html.escape(text, quote=True).replace("-", "&#45;")


def _area(obj: dict[str, Any], index: int, top: float, scale: float) -> str | None:
    url = obj.get("URL") or obj.get("href")
    if not isinstance(url, str) or "pos" not in obj:
        return None
    x, y = (float(v) for v in str(obj["pos"]).split(","))
    half_w, half_h = float(obj["width"]) * 36, float(obj["height"]) * 36
    # JSON points have y upwards from the bottom; image pixels go down from the top
    box = (x - half_w, top - y - half_h, x + half_w, top - y + half_h)
    coords = ",".join(str(round((v + _PAD) * scale)) for v in box)
    target = f' target="{html.escape(str(obj["target"]))}"' if obj.get("target") else ""
    return (
        f'<area shape="rect" id="node{index}" href="{html.escape(url)}"{target} '
        f'title="{_escape_title(_title(obj))}" alt="" coords="{coords}"/>'
    )


def image_map(layout: dict[str, Any]) -> str:
    """The client-side image map (``-Tcmapx``) of a ``-Tjson`` layout's linked nodes."""
    top = float(str(layout["bb"]).split(",")[3])
    scale = float(layout.get("dpi") or 96) / 72
    name = _escape_title(str(layout.get("name") or "G"))
    areas = [
        area
        for index, obj in enumerate(layout.get("objects", []), 1)
        if (area := _area(obj, index, top, scale)) is not None
    ]
    return "\n".join([f'<map id="{name}" name="{name}">', *areas, "</map>"]) + "\n"


def run(program: str, argv: list[str], stdin: bytes) -> int:
    """Draw as ``dot argv`` would, with ``program``; returns the exit status."""
    rest, pairs = split_arguments(argv)
    maps = [(fmt, out) for fmt, out in pairs if fmt in _MAP_FORMATS]
    others = [(fmt, out) for fmt, out in pairs if fmt not in _MAP_FORMATS]
    if not maps:
        return subprocess.run([program, *rest, *_flags(pairs)], input=stdin, check=False).returncode
    with tempfile.TemporaryDirectory() as tmp:
        layout = str(Path(tmp) / "layout.json")
        # one run: the map describes exactly the layout of the image
        command = [program, *rest, *_flags([*others, ("json", layout)])]
        code = subprocess.run(command, input=stdin, check=False).returncode
        if code:
            return code
        text = image_map(json.loads(Path(layout).read_text("utf-8")))
    for _fmt, out in maps:
        if out:
            Path(out).write_text(text, "utf-8")
        else:
            sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    """The ``sphinx-adr-dot`` program."""
    program = scripts_program(PURE)
    if program is None:
        print(
            "sphinx-adr-dot: graphviz-pure is not installed; "
            "pip install 'sphinxcontrib-adr[graphs]' (or install Graphviz and use dot)",
            file=sys.stderr,
        )
        return 2
    args = sys.argv[1:] if argv is None else argv
    # with input files named, dot does not read standard input
    reads_stdin = not [a for a in split_arguments(args)[0] if not a.startswith("-")]
    return run(program, args, sys.stdin.buffer.read() if reads_stdin else b"")


if __name__ == "__main__":
    sys.exit(main())
