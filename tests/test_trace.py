"""Tracing ADRs to code and tickets, in reST and MyST twins over a fake source tree.

``roots/test-trace-*`` hold five ADRs and ``src/`` with Python, Go and
TypeScript files whose comments name ADRs: one names an unknown ADR
(``src/web/cart.ts:3``), one a superseded ADR (``src/legacy/cache.py:2``);
``.gitignore``, ``adr_code_scan_exclude``, a binary and a Latin-1 file test
what the scan leaves out or still reads.
"""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest

from util import adr_warnings, copy_root, records_summary, text_table, tree_contents, twins

HTML = twins("trace")
TEXT = twins("trace", buildername="text")
EXT = {"rst": "rst", "myst": "md"}
#: the line of the adr directive in each twin (the ADR's location)
ADR_LINE = {"rst": 4, "myst": 3}
URL = "https://git.example.com/acme/shop/blob/abc123/"


@pytest.fixture
def built(app, syntax):
    app.build()
    return app


def _read(app, name: str) -> str:
    suffix = ".html" if app.builder.name == "html" else ".txt"
    return (app.outdir / f"{name}{suffix}").read_text("utf-8")


@HTML
def test_declared_code_is_linked_through_the_url_template(built, syntax):
    html = _read(built, "decisions/0001-use-connection-pool")
    # a range links to its first line, a glob to the directory it starts from
    assert f'href="{URL}src/pool.py#L2"' in html
    assert "src/pool.py:2-7" in html
    assert f'href="{URL}src/server"' in html and "src/server/*.go" in html


@HTML
def test_adr_page_lists_scanned_code_references(built, syntax):
    html = _read(built, "decisions/0001-use-connection-pool")
    assert "Implemented in" in html
    for path, line in (("src/pool.py", 2), ("src/pool.py", 8), ("src/server/pools.go", 3)):
        assert f'href="{URL}{path}#L{line}"' in html
    # grouped per file: a file with several references shows its count, then lines
    field = re.search(r'<dd class="[^"]*adr-implemented-in[^"]*">(.*?)</dd>', html, re.S)[1]
    text = re.sub(r"<[^>]+>", "", field).strip()
    assert text == "src/pool.py (2): 2, 8; src/server/pools.go:3"
    assert f'href="{URL}src/pool.py"' in field  # the file itself, without a line
    # the id inside a string literal (src/pool.py:4) and in cart.ts:2 do not count
    assert "src/pool.py:4" not in html and "src/web/cart.ts:2" not in html


@HTML
def test_scan_honours_gitignore_excludes_and_skips_binary_files(built, syntax):
    domain = built.env.domains["adr"]
    from sphinxcontrib_adr.trace.code import CodeRef

    paths = {ref.path for ref in domain.records(CodeRef)}
    assert paths == {
        "src/pool.py",
        "src/server/pools.go",
        "src/web/cart.ts",
        "src/legacy/cache.py",
        "src/legacy/latin1.py",  # Latin-1 bytes are no obstacle
    }
    text = built.warning.getvalue()
    for ignored in ("ADR-0099", "ADR-0098", "ADR-0097", "ADR-0096"):
        assert ignored not in text


@HTML
def test_marker_naming_an_unknown_adr_warns_at_source_file_and_line(built, syntax):
    (warning,) = adr_warnings(built, "code_unknown_ref")
    assert warning.file.endswith("src/web/cart.ts")
    assert warning.line == 3
    assert "ADR-0042" in warning.message


@HTML
def test_marker_naming_a_superseded_adr_warns_with_its_successor(built, syntax):
    (warning,) = adr_warnings(built, "code_stale_ref")
    assert warning.file.endswith("src/legacy/cache.py")
    assert warning.line == 2
    assert warning.message.startswith(
        "src/legacy/cache.py:2 still follows ADR-0003, superseded by ADR-0007"
    )


@HTML
def test_missing_declared_path_warns_at_the_adr(built, syntax):
    (warning,) = adr_warnings(built, "code_missing")
    assert warning.basename == f"0007-cache-in-redis.{EXT[syntax]}"
    assert warning.line == ADR_LINE[syntax]
    assert "'src/missing.py'" in warning.message


@HTML
def test_path_escaping_the_code_root_is_refused(built, syntax):
    (warning,) = adr_warnings(built, "code_path")
    assert warning.basename == f"0007-cache-in-redis.{EXT[syntax]}"
    assert warning.line == ADR_LINE[syntax]
    assert "../../etc/passwd" in warning.message
    html = _read(built, "decisions/0007-cache-in-redis")
    assert "etc/passwd#" not in html and "/etc/passwd" not in html.replace("../../etc", "")


@HTML
def test_ticket_values_and_ticket_ids_in_adr_text_are_linked(built, syntax):
    html = _read(built, "decisions/0001-use-connection-pool")
    assert 'href="https://jira.example.com/browse/SHOP-12"' in html
    assert 'href="https://github.com/acme/shop/issues/45"' in html
    assert 'href="https://jira.example.com/browse/SHOP-13"' in html  # in the text
    assert "SHOP-14" in html and "browse/SHOP-14" not in html  # literal text stays
    html7 = _read(built, "decisions/0007-cache-in-redis")
    assert 'href="https://jira.example.com/browse/SHOP-100"' in html7  # :ticket: role
    assert 'href="https://github.com/acme/shop/issues/46"' in html7


@HTML
def test_ticket_values_matching_no_pattern_warn(built, syntax):
    warnings = adr_warnings(built, "ticket_unknown")
    places = sorted((w.basename, w.line) for w in warnings)
    assert places == [
        (f"0007-cache-in-redis.{EXT[syntax]}", ADR_LINE[syntax]),
        (f"tickets.{EXT[syntax]}", 6),
    ]
    assert all("SHOP-\\d+" in w.message for w in warnings)  # the patterns are listed


@HTML
def test_no_other_warnings(built, syntax):
    kinds = sorted(w.type for w in adr_warnings(built))
    assert kinds == sorted(
        [
            "adr.code_missing",
            "adr.code_path",
            "adr.code_stale_ref",
            "adr.code_unknown_ref",
            "adr.ticket_unknown",
            "adr.ticket_unknown",
        ]
    )


def test_rst_and_myst_give_the_same_records(make_app, tmp_path):
    from sphinxcontrib_adr.trace.code import CodeRef
    from sphinxcontrib_adr.trace.tickets import TicketMention

    summaries = []
    for syntax in ("rst", "myst"):
        app = make_app("html", srcdir=copy_root(f"trace-{syntax}", tmp_path), freshenv=True)
        app.build()
        domain = app.env.domains["adr"]
        refs = sorted((r.adr, r.path, r.lineno) for r in domain.records(CodeRef))
        mentions = sorted((m.adr, m.ticket, m.tracker) for m in domain.records(TicketMention))
        summaries.append((records_summary(app), refs, mentions))
    assert summaries[0] == summaries[1]
    assert ("ADR-0007", "SHOP-100", "JIRA") in summaries[0][2]


# --------------------------------------------------------------------------
# the views, in HTML and text


@HTML
def test_trace_matrix_links_tickets_and_code_and_flags_gaps(built, syntax):
    html = _read(built, "index")
    assert 'class="adr-table adr-trace' in html
    start = html.index("adr-trace")
    matrix = html[start : html.index("</table>", start)]
    assert 'href="https://jira.example.com/browse/SHOP-99"' in matrix
    assert f'href="{URL}src/web/cart.ts#L1"' in matrix
    assert "ADR-0006: Use UTC everywhere" in matrix
    assert '<tr class="adr-trace-gap' in matrix
    assert "no code, no ticket" in matrix
    # the superseded ADR is not expected to be implemented: not flagged
    row3 = matrix[matrix.index("ADR-0003") :]
    assert "no ticket" not in row3[: row3.index("</tr>")]
    assert "5 decisions: 4 traced to code (13 locations), 2 with tickets (7 tickets)" in html


_POOL_CODE = '"src/pool.py:2-7", "src/server/*.go"; "src/pool.py" (2): "2", "8"; ' + (
    '"src/server/pools.go:3"'
)
_REDIS_CODE = '"src/web/cart.ts:1", "src/missing.py", "../../etc/passwd"; "src/pool.py:8"; ' + (
    '"src/server/pools.go:5"; "src/web/cart.ts:1"'
)

_REDIS_TICKETS = "SHOP-99, bogus, SHOP-100, #46"


@TEXT
def test_trace_matrix_in_text(built, syntax):
    text = _read(built, "index")
    matrix, accepted = text[text.index("\nMatrix\n") :].split("Accepted only")
    # declared code first, then what the scan found (grouped per file, with counts)
    assert text_table(matrix) == [
        ("Decision", "Status", "Tickets", "Code", "Gaps"),
        ("*ADR-0001: Use a connection pool*", "accepted", "SHOP-12, #45, SHOP-13", _POOL_CODE, ""),
        ("*ADR-0003: Cache in process*", "superseded", "", '"src/legacy/cache.py:2"', ""),
        ("*ADR-0005: No ORM*", "accepted", "", '"src/legacy/latin1.py:1"', "no ticket"),
        ("*ADR-0006: Use UTC everywhere*", "accepted", "", "", "no code, no ticket"),
        ("*ADR-0007: Cache in Redis*", "accepted", _REDIS_TICKETS, _REDIS_CODE, ""),
    ]
    # the filtered matrix: accepted ADRs only, with count columns
    assert text_table(accepted) == [
        ("Decision", "Tickets", "Code", "Alternatives", "Risks"),
        ("*ADR-0001: Use a connection pool*", "SHOP-12, #45, SHOP-13", _POOL_CODE, "0", "0"),
        ("*ADR-0005: No ORM*", "", '"src/legacy/latin1.py:1"', "0", "0"),
        ("*ADR-0006: Use UTC everywhere*", "", "", "0", "0"),
        ("*ADR-0007: Cache in Redis*", _REDIS_TICKETS, _REDIS_CODE, "0", "0"),
    ]
    assert "4 decisions: 3 traced to code (12 locations), 2 with tickets (7" in accepted


@HTML
def test_adr_code_lists_decisions_affecting_a_path(built, syntax):
    html = _read(built, "component")
    server = html[html.index('id="server"') : html.index('id="web"')]
    assert "ADR-0001: Use a connection pool" in server
    assert "ADR-0007: Cache in Redis" in server
    assert f'href="{URL}src/server/pools.go#L5"' in server
    assert "ADR-0005" not in server
    web = html[html.index('id="web"') : html.index('id="docs"')]
    assert "ADR-0007" in web and "ADR-0001" not in web
    assert "Nothing decided about the docs." in html


@TEXT
def test_adr_code_in_text(built, syntax):
    text = _read(built, "component")
    server, rest = text[text.index("\nServer\n") :].split("\nWeb\n")
    web, docs = rest.split("\nDocs\n")
    header = ("Decision", "Status", "Declared", "Referenced from")
    pool = "*ADR-0001: Use a connection pool*"
    assert text_table(server) == [
        header,
        (pool, "accepted", '"src/server/*.go"', '"src/server/pools.go:3"'),
        ("*ADR-0007: Cache in Redis*", "accepted", "", '"src/server/pools.go:5"'),
    ]
    assert text_table(web) == [
        header,
        ("*ADR-0007: Cache in Redis*", "accepted", '"src/web/cart.ts:1"', '"src/web/cart.ts:1"'),
    ]
    assert " ".join(docs.split()) == "==== Nothing decided about the docs."


@HTML
def test_ticket_index_lists_every_ticket_with_its_decisions(built, syntax):
    html = _read(built, "tickets")
    table = html[html.index("adr-ticket-index") : html.index("</table>")]
    for ticket in ("SHOP-12", "SHOP-13", "SHOP-99", "SHOP-100", "#45", "#46", "bogus"):
        assert f">{ticket}<" in table
    # a ticket outside any ADR is linked but not indexed
    assert "SHOP-77" not in table
    assert 'href="https://jira.example.com/browse/SHOP-77"' in html


@TEXT
def test_ticket_index_in_text(built, syntax):
    text = _read(built, "tickets")
    pool, redis = "*ADR-0001: Use a connection pool*", "*ADR-0007: Cache in Redis*"
    # by tracker in adr_tickets order, then as written; a ticket of no tracker last
    assert text_table(text) == [
        ("Ticket", "Tracker", "Decisions"),
        ("SHOP-12", "JIRA", pool),
        ("SHOP-13", "JIRA", pool),
        ("SHOP-99", "JIRA", redis),
        ("SHOP-100", "JIRA", redis),
        ("#45", "GH", pool),
        ("#46", "GH", redis),
        ("bogus", "", redis),
    ]
    assert '"nope" is not a' in text  # a literal, not a link


# --------------------------------------------------------------------------
# incremental builds


def _edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), "utf-8")
    later = time.time() + 2  # newer than the last build, whatever the clock resolution
    os.utime(path, (later, later))


def _apply_edits(srcdir, syntax: str) -> None:
    # remove a marker, add one in a new file, make an implemented ADR superseded
    _edit(srcdir / "src/web/cart.ts", "// Cart cache, see ADR-0007", "// Cart cache")
    (srcdir / "src/clock.py").write_text("# Implements: ADR-0006\nUTC = True\n", "utf-8")
    _edit(srcdir / f"decisions/0005-no-orm.{EXT[syntax]}", "accepted", "superseded")


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_incremental_build_after_code_and_status_edits_equals_clean_build(
    make_app, tmp_path, syntax
):
    srcdir = copy_root(f"trace-{syntax}", tmp_path / "incremental")
    make_app("html", srcdir=srcdir, freshenv=True).build()
    _apply_edits(srcdir, syntax)
    incremental = make_app("html", srcdir=srcdir, freshenv=False)
    incremental.build()

    clean_src = copy_root(f"trace-{syntax}", tmp_path / "clean")
    _apply_edits(clean_src, syntax)
    clean = make_app("html", srcdir=clean_src, freshenv=True)
    clean.build()

    assert tree_contents(incremental.outdir) == tree_contents(clean.outdir)
    html = _read(incremental, "decisions/0006-use-utc")
    assert f'href="{URL}src/clock.py#L1"' in html
    stale = sorted((w.basename, w.line) for w in adr_warnings(incremental, "code_stale_ref"))
    assert stale == [("cache.py", 2), ("latin1.py", 1)]


@pytest.mark.parametrize("syntax", ["rst"])
def test_code_only_edit_rewrites_the_pages_that_show_it(make_app, tmp_path, syntax):
    srcdir = copy_root(f"trace-{syntax}", tmp_path / "src")
    make_app("html", srcdir=srcdir, freshenv=True).build()
    _edit(srcdir / "src/server/pools.go", "// Pools follow ADR-0001.", "// Pools.\n// ADR-0001")
    app = make_app("html", srcdir=srcdir, freshenv=False)
    written: list[str] = []
    app.connect("html-page-context", lambda _a, name, *_r: written.append(name))
    app.build()
    assert "decisions/0001-use-connection-pool" in written
    assert "index" in written and "component" in written  # the matrix and adr-code
    assert "decisions/0006-use-utc" not in written
    html = _read(app, "decisions/0001-use-connection-pool")
    assert "src/server/pools.go:4" in html and "src/server/pools.go:3" not in html


def test_parallel_build_equals_serial_build(make_app, tmp_path):
    outputs = []
    for parallel in (0, 2):
        srcdir = copy_root("trace-rst", tmp_path / f"j{parallel}")
        app = make_app("html", srcdir=srcdir, freshenv=True, parallel=parallel)
        app.build()
        kinds = sorted((w.type, w.basename, w.line) for w in adr_warnings(app))
        outputs.append((tree_contents(app.outdir), kinds))
    assert outputs[0] == outputs[1]


def test_scan_cache_survives_between_builds(make_app, tmp_path):
    srcdir = copy_root("trace-rst", tmp_path)
    make_app("html", srcdir=srcdir, freshenv=True).build()
    app = make_app("html", srcdir=srcdir, freshenv=False)
    cache = app.env.domains["adr"].data["trace"]["cache"]
    assert "src/pool.py" in cache and "src/generated/model.py" not in cache
    shutil.rmtree(srcdir / "src" / "legacy")
    app.build()
    assert "src/legacy/cache.py" not in app.env.domains["adr"].data["trace"]["cache"]
    assert adr_warnings(app, "code_stale_ref") == []


def test_file_too_large_to_scan_warns_at_the_file(make_app, tmp_path):
    srcdir = copy_root("trace-rst", tmp_path)
    (srcdir / "src" / "big.py").write_text("# ADR-0001\n" + "x = 1\n" * 100, "utf-8")
    conf = {"adr_code_scan_max_bytes": 300}
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=conf)
    app.build()
    (warning,) = adr_warnings(app, "code_scan")
    assert warning.file.endswith("src/big.py")
    assert "adr_code_scan_max_bytes" in warning.message
    html = _read(app, "decisions/0001-use-connection-pool")
    assert "src/big.py" not in html


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_trace_matrix_counts_each_adrs_alternatives_and_risks(make_app, tmp_path, syntax):
    # the trace roots have no body records: the body root's ADRs have both
    srcdir = copy_root(f"body-{syntax}", tmp_path)
    page = {
        "rst": "Counted\n=======\n\n.. adr-trace::\n   :columns: adr, alternatives, risks\n",
        "myst": "# Counted\n\n:::{adr-trace}\n:columns: adr, alternatives, risks\n:::\n",
    }[syntax]
    (srcdir / f"counted.{EXT[syntax]}").write_text(page, "utf-8")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    text = (app.outdir / "counted.txt").read_text("utf-8")
    assert text_table(text) == [
        ("Decision", "Alternatives", "Risks"),
        ("*ADR-0001: Asynchronous job pattern for user data export*", "3", "2"),
        ("*ADR-0002: Use PostgreSQL*", "2", "1"),
    ]
