"""A 25-document project builds to the same output serially and with ``-j 4``.

The root (``roots/test-parallel-*``) exercises every core feature across
documents: derived and explicit ids, status aliases and status dates,
relations declared on either end, compact ADRs, extra fields, ``:adr:`` and
``:any:`` references, and one id defined in two documents.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from util import adr_warnings, copy_root, domain_of, tree_contents

SYNTAXES = ("rst", "myst")


def _inventory(outdir) -> bytes:
    raw = (outdir / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):  # four header lines, then zlib-compressed entries
        header_end = raw.index(b"\n", header_end) + 1
    return raw[:header_end] + zlib.decompress(raw[header_end:])


def _note_reader(folder: Path):
    """A ``source-read`` handler writing which process read each document."""
    folder.mkdir()

    def note(_app, docname: str, _source: list[str]) -> None:
        (folder / docname.replace("/", "__")).write_text(str(os.getpid()))

    return note


def _reader_pids(app) -> set[int]:
    return {int(p.read_text()) for p in app.reader_pids.iterdir()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Each twin built serially and with four processes, from separate copies."""
    from sphinx.testing.util import SphinxTestApp

    result = {}
    for syntax in SYNTAXES:
        for parallel in (0, 4):
            tmp = tmp_path_factory.mktemp(f"{syntax}-{parallel}")
            srcdir = copy_root(f"parallel-{syntax}", tmp)
            app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, parallel=parallel)
            app.reader_pids = tmp / "pids"
            app.connect("source-read", _note_reader(app.reader_pids))
            try:
                app.build()
            finally:
                app.cleanup()
            result[syntax, parallel] = app
    return result


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_build_really_runs_in_parallel(builds, syntax):
    # guards the comparison below against silently comparing two serial builds
    app = builds[syntax, 4]
    assert app.parallel == 4
    assert app.is_parallel_allowed("read") and app.is_parallel_allowed("write")
    assert len(app.env.found_docs) >= 20
    # every document was read in a worker process, and by more than one worker
    workers = _reader_pids(app)
    assert len(list(app.reader_pids.iterdir())) == len(app.env.found_docs)
    assert os.getpid() not in workers and len(workers) >= 2
    assert _reader_pids(builds[syntax, 0]) == {os.getpid()}


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_html_equals_serial_html(builds, syntax):
    serial = tree_contents(builds[syntax, 0].outdir, (".html", ".js"))
    parallel = tree_contents(builds[syntax, 4].outdir, (".html", ".js"))
    assert "searchindex.js" in serial
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_inventory_equals_serial_inventory(builds, syntax):
    serial = _inventory(builds[syntax, 0].outdir)
    assert b"ADR-0007 adr:adr 1 decisions/0007-cache-rendered-pages.html#adr-0007" in serial
    assert _inventory(builds[syntax, 4].outdir) == serial


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_domain_data_equals_serial_domain_data(builds, syntax):
    serial, parallel = domain_of(builds[syntax, 0]), domain_of(builds[syntax, 4])
    assert len(serial.docs) == 25
    assert serial.docs == parallel.docs
    assert serial.views() == parallel.views()
    assert [a.id for a in serial.adrs()] == [a.id for a in parallel.adrs()]
    assert len(serial.adrs()) == 24  # 20 pages, 3 compact, DUP-1 once


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("parallel", [0, 4])
def test_duplicate_id_in_two_documents_is_reported(builds, syntax, parallel):
    app = builds[syntax, parallel]
    dups = adr_warnings(app, "duplicate")
    # the line of the directive in the second document (in sorted docname order)
    expected = ("dup-b.rst", 4) if syntax == "rst" else ("dup-b.md", 3)
    assert [(w.basename, w.line) for w in dups] == [expected]
    assert "DUP-1" in dups[0].message and "dup-a" in dups[0].message
    # nothing else is wrong with the root
    assert adr_warnings(app) == dups
    assert "Traceback" not in app.warning.getvalue()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_parallel_build_shows_relations_in_both_directions(builds, syntax):
    html = (builds[syntax, 4].outdir / "decisions/0003-use-sqlite-for-local-state.html").read_text()
    assert "Superseded by" in html
    assert 'href="0005-use-postgresql-everywhere.html#adr-0005"' in html
    html = (builds[syntax, 4].outdir / "decisions/0011-deploy-with-containers.html").read_text()
    assert "Supersedes" in html and "ADR-0010: Deploy with shell scripts" in html
