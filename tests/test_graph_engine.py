"""Which Graphviz program draws graphs, and ``sphinx-adr-dot`` (graphviz-pure as ``dot``)."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from sphinxcontrib_adr.listings import dot_program, graph_engine


def _need_pure() -> str:
    program = graph_engine.scripts_program(graph_engine.PURE)
    if program is None:
        if os.environ.get("ADR_REQUIRE_TOOLS") or os.environ.get("ADR_REQUIRE_GRAPHVIZ"):
            pytest.fail("graphviz-pure is required (ADR_REQUIRE_TOOLS is set) but missing")
        pytest.skip("graphviz-pure is not installed (pip install -e '.[test]')")
    return program


def _fake_dot(directory) -> str:
    dot = directory / "dot"
    dot.write_text("#!/bin/sh\nexit 0\n", "utf-8")
    dot.chmod(0o755)
    return str(dot)


def test_system_dot_on_the_path_is_preferred(tmp_path, monkeypatch):
    dot = _fake_dot(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    engine = graph_engine.find_engine(SimpleNamespace(graphviz_dot="dot"))
    assert engine == graph_engine.Engine(dot, pure=False)
    assert engine.print_format == "pdf"


def test_graphviz_pure_draws_when_dot_is_missing(tmp_path, monkeypatch):
    pure = _need_pure()
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot; graphviz-pure is next to Python
    engine = graph_engine.find_engine(SimpleNamespace(graphviz_dot="dot"))
    assert engine is not None and engine.pure and engine.program.endswith(graph_engine.PURE)
    assert os.path.samefile(engine.program, pure)
    assert engine.print_format == "png"
    svg = engine.run('digraph { "ADR-1" -> "ADR-2" [label="relates"] }', "svg")
    assert b">relates</text>" in svg


def test_graphviz_dot_set_by_the_user_keeps_its_meaning(tmp_path, monkeypatch):
    _fake_dot(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    config = SimpleNamespace(graphviz_dot=str(tmp_path / "no-such-dot"))
    assert graph_engine.find_engine(config) is None
    graph_engine.point_graphviz_dot(None, config)
    assert config.graphviz_dot == str(tmp_path / "no-such-dot")


def test_default_graphviz_dot_becomes_sphinx_adr_dot_only_without_dot(tmp_path, monkeypatch):
    _need_pure()
    shim = graph_engine.scripts_program(graph_engine.SHIM)
    assert shim is not None, "sphinx-adr-dot is installed with the package"
    monkeypatch.setenv("PATH", str(tmp_path))
    config = SimpleNamespace(graphviz_dot="dot")
    graph_engine.point_graphviz_dot(None, config)
    assert config.graphviz_dot == shim
    # a later lookup (the same build's adr-graph) still finds graphviz-pure
    engine = graph_engine.find_engine(config)
    assert engine is not None and engine.pure
    _fake_dot(tmp_path)
    config = SimpleNamespace(graphviz_dot="dot")
    graph_engine.point_graphviz_dot(None, config)
    assert config.graphviz_dot == "dot"


def test_engine_failure_is_an_engine_error_with_its_message():
    program = _need_pure()
    with pytest.raises(graph_engine.EngineError, match="syntax error"):
        graph_engine.Engine(program, pure=True).run("digraph { -> }", "svg")


def test_drawings_are_cached_by_source(tmp_path):
    program = _need_pure()
    engine = graph_engine.Engine(program, pure=True)
    first = engine.run("digraph { a -> b }", "svg", tmp_path)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"<svg>from the cache</svg>")
    assert engine.run("digraph { a -> b }", "svg", tmp_path) == b"<svg>from the cache</svg>"
    assert engine.run("digraph { a -> c }", "svg", tmp_path) != first


def test_dot_arguments_split_into_formats_and_outputs():
    rest, pairs = dot_program.split_arguments(
        ["-Gdpi=96", "-Tpng", "-o/tmp/a.png", "-T", "cmapx", "-o", "/tmp/a.png.map", "in.gv"]
    )
    assert rest == ["-Gdpi=96", "in.gv"]
    assert pairs == [("png", "/tmp/a.png"), ("cmapx", "/tmp/a.png.map")]


def test_image_map_from_a_layout_has_one_area_per_linked_node():
    layout = {
        "name": "needflow",
        "bb": "0,0,200,100",
        "objects": [
            {"name": "ADR-1", "pos": "50,50", "width": "1", "height": "0.5", "URL": "a.html#x",
             "target": "_top", "label": "<<b>html</b>>"},
            {"name": "B", "pos": "150,50", "width": "1", "height": "0.5", "label": "\\N"},
            {"name": "C-1", "pos": "150,20", "width": "0.5", "height": "0.5", "URL": "c.html",
             "tooltip": "C & co"},
        ],
    }  # fmt: skip
    assert dot_program.image_map(layout) == (
        '<map id="needflow" name="needflow">\n'
        '<area shape="rect" id="node1" href="a.html#x" target="_top" title="ADR&#45;1" '
        'alt="" coords="24,48,120,96"/>\n'
        '<area shape="rect" id="node3" href="c.html" title="C &amp; co" '
        'alt="" coords="181,88,229,136"/>\n'
        "</map>\n"
    )


def test_sphinx_adr_dot_writes_the_png_and_its_image_map(tmp_path):
    _need_pure()
    png, imap = tmp_path / "g.png", tmp_path / "g.png.map"
    done = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_adr.listings.dot_program",
         "-Tpng", f"-o{png}", "-Tcmapx", f"-o{imap}"],
        input=b'digraph g { a [URL="a.html", label="A"]; a -> b }',
        capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert png.read_bytes().startswith(b"\x89PNG")
    assert (
        imap.read_text("utf-8")
        .splitlines()[1]
        .startswith('<area shape="rect" id="node1" href="a.html" title="A" alt="" coords="')
    )


def test_sphinx_adr_dot_without_graphviz_pure_says_how_to_get_it(monkeypatch, capsys):
    monkeypatch.setattr(dot_program, "scripts_program", lambda _name: None)
    assert dot_program.main(["-Tsvg"]) == 2
    assert "pip install 'sphinxcontrib-adr[graphs]'" in capsys.readouterr().err


def test_inline_svg_prefixes_ids_and_gradients_and_sizes_in_css_pixels():
    from sphinxcontrib_adr.listings.graph_svg import inline_svg

    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- Generated by graphviz -->\n'
        '<svg width="72pt" height="36pt" viewBox="0 0 72 36" xmlns="http://www.w3.org/2000/svg">\n'
        '<g id="graph0" class="graph"><defs><linearGradient id="l_1"/></defs>\n'
        '<g id="node1"><a xlink:href="a.html#adr-1" target="_top">'
        '<path fill="url(#l_1)"/></a></g></g>\n</svg>\n'
    )
    assert inline_svg(svg, "adr-graph-2", 'Relations "all"') == (
        '<svg width="96" height="48" data-width="96" data-height="48" class="adr-graph-svg" '
        'role="group" aria-label="Relations &quot;all&quot;" viewBox="0 0 72 36" '
        'xmlns="http://www.w3.org/2000/svg">\n'
        '<g id="adr-graph-2-graph0" class="graph"><defs><linearGradient id="adr-graph-2-l_1"/>'
        "</defs>\n"
        '<g id="adr-graph-2-node1"><a xlink:href="a.html#adr-1">'
        '<path fill="url(#adr-graph-2-l_1)"/></a></g></g>\n</svg>\n'
    )
