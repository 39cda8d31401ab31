"""The manual shows the product: its pages, built once, hold rendered listings
of a realistic example log, not only their source."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest

from util import domain_of

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    from sphinx.application import Sphinx

    out = tmp_path_factory.mktemp("manual")
    app = Sphinx(
        str(DOCS),
        str(DOCS),
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        status=StringIO(),
        warning=StringIO(),
        freshenv=True,
    )
    app.build()
    return app


def _html(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text("utf-8")


def _body(html: str) -> str:
    return html[html.index('<article role="main"') :]


def test_front_page_shows_a_rendered_adr_table_and_timeline_before_the_contents(manual):
    body = _body(_html(manual, "index"))
    first_toctree = body.index('class="toctree-wrapper')
    shown = body[:first_toctree]
    assert re.search(r'<div class="[^"]*\badr-compact\b[^"]*" id="dec-0008"', shown)
    assert '<dl class="adr-meta' in shown
    table = shown[shown.index("<tbody>") : shown.index("</tbody>")]
    assert len(re.findall(r"<tr ", table)) == 8
    assert '<ul class="adr-timeline' in shown


def test_example_log_has_varied_statuses_dates_and_supersessions(manual):
    domain = domain_of(manual)
    log = [adr for adr in domain.adrs() if adr.id.startswith("DEC-")]
    assert len(log) == 8
    assert {adr.status for adr in log} == {"accepted", "superseded", "rejected", "proposed"}
    assert len({adr.date[:4] for adr in log}) >= 4
    supersedes = [lk for adr in log for lk in adr.links if lk.kind == "supersedes"]
    assert sorted((lk.source, lk.target) for lk in supersedes) == [
        ("DEC-0004", "DEC-0002"),
        ("DEC-0006", "DEC-0003"),
    ]


def test_finding_decisions_shows_each_listing_rendered_after_its_source(manual):
    body = _body(_html(manual, "guide/finding-decisions"))
    sources = [m.start() for m in re.finditer(r'<div class="highlight-rst', body)]
    tables = [m.start() for m in re.finditer(r'<table class="[^"]*adr-table', body)]
    assert len(tables) == 2 and len(sources) >= 3
    assert all(any(s < t for s in sources) for t in tables)
    timeline = body[body.index('<ul class="adr-timeline') :]
    statuses = set(re.findall(r'<li class="adr-status-(\w+)', timeline))
    assert statuses == {"accepted", "superseded", "rejected", "proposed"}
    assert "supersedes" in timeline and "superseded by" in timeline


def test_decisions_index_is_the_extensions_own_table(manual):
    body = _body(_html(manual, "decisions/index"))
    table = body[body.index("adr-table") :]
    table = re.sub(r'<span class="adr-record" hidden[^>]*>.*?</span>', "", table)
    ids = re.findall(r'<td class="adr-col-id[^"]*"><p><a [^>]*>.*?(ADR-\d{4})', table, re.S)
    own = sorted(a.id for a in domain_of(manual).adrs() if a.docname.startswith("decisions/"))
    assert sorted(ids) == own and len(own) >= 7
    assert ids == sorted(own, reverse=True)  # :sort: -id


def test_quickstart_example_shows_one_id_and_only_its_own_relations(manual):
    body = _body(_html(manual, "quickstart"))
    assert "EX-0007: ADR-0007" not in body
    meta = body[body.index('<dl class="adr-meta') :]
    meta = meta[: meta.index("</dl>")]
    # the manual reads its own git history (adr_history = True): the history and who
    # committed the accepted status; a checkout without .git (an sdist) has neither
    from_git = ["history", "accepted-by"] if (REPO / ".git").exists() else []
    assert re.findall(r'<dt class="adr-field-([\w-]+)', meta) == [
        "id",
        "status",
        "date",
        "deciders",
        "tags",
        "review-by",
        *from_git,
    ]
    # the shown sources are the user's files: the id comes from their name
    blocks = re.findall(r'<div class="highlight-(?:rst|md)[^"]*">(.*?)</div>', body, re.S)
    sources = [s for s in blocks if "Focus on performance" in s]  # not the toctree sample
    assert len(sources) == 2
    assert all(":id:" not in re.sub(r"<[^>]+>", "", s) for s in sources)


def test_install_from_a_checkout_is_documented(manual):
    readme = (REPO / "README.md").read_text("utf-8")
    assert "pip install '/path/to/sphinxcontrib-adr[myst]'" in readme
    text = re.sub(r"<[^>]+>", "", _body(_html(manual, "quickstart")))
    assert "pip install '/path/to/sphinxcontrib-adr[myst]'" in text


def test_every_listing_option_has_a_reference_entry():
    from sphinxcontrib_adr.listings.filters import FILTER_OPTIONS
    from sphinxcontrib_adr.listings.graph import ADRGraphDirective
    from sphinxcontrib_adr.listings.option_docs import OPTION_DOCS
    from sphinxcontrib_adr.listings.table import ADRListingDirective
    from sphinxcontrib_adr.listings.timeline import ADRTimelineDirective

    options = set(FILTER_OPTIONS)
    for cls in (ADRListingDirective, ADRTimelineDirective, ADRGraphDirective):
        options |= set(cls.extra_options)
    assert options == set(OPTION_DOCS)


def test_directive_reference_signatures_are_plain_text(manual):
    body = _body(_html(manual, "reference/directives/adr-table"))
    signatures = re.findall(
        r'<dt class="sig sig-object rst" id="directive-option-adr-table-([\w-]+)">(.*?)</dt>',
        body,
        re.S,
    )
    from sphinxcontrib_adr.listings.filters import FILTER_OPTIONS
    from sphinxcontrib_adr.listings.table import ADRListingDirective

    assert [name for name, _ in signatures] == [*FILTER_OPTIONS, *ADRListingDirective.extra_options]
    for _name, sig in signatures:
        text = re.sub(r"<[^>]+>", "", sig)
        assert "``" not in text and ":confval:" not in text and "(" not in text, text
