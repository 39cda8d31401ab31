"""Body listings across ADRs: which rows a listing bound to several ADRs shows,
which pages an incremental build re-writes when a cited ADR changes, and
consistency checks that stay single when one process builds several apps."""

from __future__ import annotations

from collections import Counter

from util import adr_warnings, copy_root


def test_listing_of_several_adrs_keeps_document_order_whatever_the_option_order(make_app, tmp_path):
    src = copy_root("body-rst", tmp_path / "several")
    (src / "several.rst").write_text(
        ":orphan:\n\nSeveral\n=======\n\n"
        ".. alternative-table::\n   :adr: ADR-0002, ADR-0001, ADR-0002\n"
        "   :columns: option\n",
        "utf-8",
    )
    app = make_app("text", srcdir=src, freshenv=True)
    app.build()
    text = (app.outdir / "several.txt").read_text("utf-8")
    order = [
        name
        for name in ("Sync REST", "Async job", "Streaming", "MongoDB", "PostgreSQL")
        if name in text
    ]
    assert order == ["Sync REST", "Async job", "Streaming", "MongoDB", "PostgreSQL"]
    assert sorted(order, key=text.index) == order
    assert text.count("MongoDB") == 1  # ADR-0002 named twice, listed once


def test_title_change_rewrites_only_listings_showing_a_row_that_cites_it(make_app, tmp_path):
    src = copy_root("body-rst", tmp_path / "precise")
    # ADR-0001's "Sync REST" (rejected) cites ADR-0002 in a con; "Async job" does not
    (src / "chosen.rst").write_text(
        ":orphan:\n\nChosen\n======\n\n"
        ".. alternative-table::\n   :adr: ADR-0001\n   :verdict: chosen\n"
        "   :columns: option, cons\n",
        "utf-8",
    )
    (src / "rejected.rst").write_text(
        ":orphan:\n\nRejected\n========\n\n"
        ".. alternative-table::\n   :verdict: rejected\n   :columns: option, cons\n",
        "utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "ADR-0002: Use PostgreSQL" in (app.outdir / "rejected.html").read_text("utf-8")
    pg = src / "decisions" / "0002-postgres.rst"
    pg.write_text(pg.read_text("utf-8").replace("Use PostgreSQL\n====", "Use Postgres 17\n===="))
    again = make_app("html", srcdir=src, freshenv=False)
    written: list[str] = []
    again.connect("html-page-context", lambda _a, name, *_rest: written.append(name))
    again.build()
    assert {"cited", "rejected", "registers"} <= set(written)
    assert "chosen" not in written
    assert "ADR-0002: Use Postgres 17" in (again.outdir / "rejected.html").read_text("utf-8")


def test_a_second_app_in_one_process_reports_each_consistency_warning_once(make_app, tmp_path):
    src = copy_root("body-bad-rst", tmp_path / "twice")
    index = src / "index.rst"
    index.write_text(index.read_text("utf-8") + "\n.. risk-table::\n   :adr: ADR-0998\n", "utf-8")
    counts = []
    for _ in range(2):
        app = make_app("html", srcdir=src, freshenv=True)
        app.build()
        counts.append(Counter((w.type, w.basename, w.line) for w in adr_warnings(app)))
    assert counts[0] == counts[1]
    # one from each module's cross-document check (body_collect, body_tables)
    assert counts[1][("adr.alternative_duplicate", "0001-bad.rst", 18)] == 1
    unknown = [w for w in adr_warnings(app, "unknown_adr") if "ADR-0998" in w.message]
    assert len(unknown) == 1


def test_every_kind_of_body_listing_has_its_drawer():
    # the drawers are named, not looked up by string: a kind without one fails here
    from sphinxcontrib_adr.body.records import KINDS
    from sphinxcontrib_adr.body.render import DRAW

    assert set(DRAW) == set(KINDS)
