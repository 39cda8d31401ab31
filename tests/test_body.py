"""The body of a decision as data: alternatives, risks, consequences, metrics,
reconsideration conditions and their listings, in reST and MyST twins."""

from __future__ import annotations

import re

import pytest
from docutils import nodes

from sphinxcontrib_adr.body.records import Alternative, Consequence, Metric, Reconsideration, Risk
from util import adr_warnings, bad_setting, copy_root, domain_of, text_table, twins

TWINS = twins("body")
TEXT_TWINS = twins("body", buildername="text")
BAD = twins("body-bad")


def body_summary(app) -> dict[str, list[tuple]]:
    """Every body record minus where it lives (docname, line, anchor)."""
    domain = domain_of(app)
    skip = {"docname", "lineno", "anchor"}
    out = {}
    for cls in (Alternative, Risk, Consequence, Metric, Reconsideration):
        rows = []
        for record in domain.records(cls):
            rows.append(tuple((k, getattr(record, k)) for k in record.__slots__ if k not in skip))
        out[cls.__name__] = rows
    return out


def _html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text("utf-8")


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end)]


def _section(text: str, title: str) -> str:
    """The text output between heading ``title`` and the next heading."""
    start = text.index(f"\n{title}\n")
    rest = text[start + len(title) + 2 :]
    nxt = re.search(r"\n\n[^\n]+\n=+\n", rest[3:])
    return rest[: nxt.start() + 3] if nxt else rest


@TWINS
def test_body_root_builds_without_warnings(app, syntax):
    app.build()
    assert adr_warnings(app) == []


def test_rst_and_myst_give_the_same_body_records(make_app, tmp_path):
    summaries = []
    for syntax in ("rst", "myst"):
        app = make_app("html", srcdir=copy_root(f"body-{syntax}", tmp_path), freshenv=True)
        app.build()
        summaries.append(body_summary(app))
    assert summaries[0] == summaries[1]
    assert {k: len(v) for k, v in summaries[0].items()} == {
        "Alternative": 5,
        "Risk": 3,
        "Consequence": 4,
        "Metric": 2,
        "Reconsideration": 2,
    }


@TWINS
def test_alternative_records_verdict_ratings_and_inline_items(app, syntax):
    app.build()
    alt = domain_of(app).find_target("alt", "ADR-0001.sync-rest")
    assert alt is not None
    sync = next(a for a in domain_of(app).records(Alternative) if a.title == "Sync REST")
    assert sync.adr == "ADR-0001" and sync.id == "ADR-0001.sync-rest"
    assert sync.verdict == "rejected"
    assert sync.ratings == (("complexity", "low"), ("performance", "poor"))
    assert [p.plain for p in sync.pros] == ["Simple", "Immediate response"]
    assert sync.pros[1].text[0] == ("strong", "Immediate")
    assert sync.cons[1].text[-1] == ("xref", "adr", "adr", "ADR-0002", "ADR-0002", "0")
    assert [r.plain for r in sync.reason] == ["exceeds API timeout limits"]
    chosen = next(a for a in domain_of(app).records(Alternative) if a.title == "Async job")
    # "Rejected because:" is a label of the reason part too
    assert [r.plain for r in chosen.reason] == ["nothing, it was chosen"]
    assert chosen.cons[0].text == (
        ("text", "More complexity ("),
        ("literal", "queue"),
        ("text", ", polling)"),
    )


@TWINS
def test_risk_records_scale_values_notes_and_mitigations(app, syntax):
    app.build()
    risks = {r.title: r for r in domain_of(app).records(Risk)}
    backup = risks["Queue backup"]
    assert (backup.impact, backup.impact_note) == ("high", "delayed exports")
    assert backup.likelihood == "medium"  # "med" is an unambiguous prefix
    assert backup.status == "open" and backup.owner == "Platform team"
    assert [m.plain for m in backup.mitigation] == ["Rate limit (5/user/day)", "Auto-scale workers"]
    worker = risks["Worker failure mid-export"]
    assert worker.status == "mitigated"
    assert worker.mitigation[0].text[1] == ("emphasis", "exponential")


@TWINS
def test_consequences_metrics_and_conditions_are_data(app, syntax):
    app.build()
    domain = domain_of(app)
    kinds = [(c.kind, c.item.plain) for c in domain.records(Consequence)]
    assert kinds == [
        ("positive", "Scalability: exports of any size"),
        ("positive", "Reliability: automatic retries"),
        ("negative", "Latency: users must poll"),
        ("neutral", "Uses the existing Celery setup"),
    ]
    reliability = list(domain.records(Consequence))[1]
    assert reliability.item.details == ((("text", "Evidence: 0 failed exports in staging"),),)
    metrics = [
        (m.name, m.before, m.after, m.target_value, m.status) for m in domain.records(Metric)
    ]
    assert metrics == [
        ("Latency", "100ms", "50ms", "<60ms", "met"),
        ("Throughput", "10 req/s", "45 req/s", ">40 req/s", "pending"),
    ]
    assert [r.item.plain for r in domain.records(Reconsideration)] == [
        "Job queue regularly exceeds 5000 items",
        "Infrastructure costs exceed $500/month",
    ]


@TWINS
def test_alternative_and_risk_roles_link_to_their_anchor(app, syntax):
    app.build()
    html = _html(app, "index")
    assert 'href="decisions/0001-async-export.html#adr-0001-async-job"' in html
    assert "Async job (ADR-0001)" in html
    assert 'href="decisions/0001-async-export.html#adr-0001-queue-backup"' in html
    page = _html(app, "decisions/0001-async-export")
    assert 'class="adr-badge adr-verdict adr-verdict-chosen"' in page
    tree = app.env.get_and_resolve_doctree("decisions/0001-async-export", app.builder)
    pros = [n for n in tree.findall(nodes.bullet_list) if "adr-pros" in n["classes"]]
    assert [len(p.children) for p in pros] == [2, 2, 1]


@TWINS
def test_alternative_table_html_rows_columns_and_links(app, syntax):
    app.build()
    html = _html(app, "registers")
    rejected = html[html.index('id="rejected-options"') : html.index('id="all-options"')]
    rows = re.findall(r"<tr class=\"row-(?:odd|even)\">.*?</tr>", rejected, re.S)
    # header + ADR-0001 Sync REST + ADR-0002 MongoDB (both rejected, both tagged database)
    assert len(rows) == 3
    assert "Sync REST" in rows[1] and "MongoDB" in rows[2]
    assert 'href="decisions/0001-async-export.html#adr-0001-sync-rest"' in rows[1]
    assert 'href="decisions/0002-postgres.html#adr-0002"' in rows[2]
    header = re.findall(r"<th[^>]*><p>(.*?)</p>", rows[0])
    # across ADRs: counts, not ratings (ratings of different decisions do not compare)
    assert header == ["ADR", "Option", "Verdict", "Pros", "Cons"]
    own = _html(app, "decisions/0001-async-export")
    table = own[own.index("adr-alternative-table") :]
    # on the ADR's page: the ratings at a glance (pros and cons are on the cards)
    assert re.findall(r"<th[^>]*><p>(.*?)</p>", table)[:5] == [
        "Option",
        "Verdict",
        "Complexity",
        "Performance",
        "Scalability",
    ]


def _ratings(html: str) -> list[tuple[str, str]]:
    """(value, merit) of every rating badge, in page order."""
    found = re.findall(r'<span class="adr-badge adr-rating adr-merit-(\w+)">([^<]*)</span>', html)
    return [(value, merit) for merit, value in found]


@TWINS
def test_rating_badges_are_coloured_by_merit_not_by_position(app, syntax):
    app.build()
    own = _html(app, "decisions/0001-async-export")
    table = own[own.index("adr-alternative-table") :]
    # Sync REST, Async job, Streaming: low complexity is good, excellent
    # performance and high scalability are good, high complexity is poor
    assert _ratings(table) == [
        ("low", "good"),
        ("poor", "poor"),
        ("medium", "fair"),
        ("good", "good"),
        ("high", "poor"),
        ("excellent", "good"),
        ("high", "good"),
    ]
    # the cards show the same badges as the table
    assert _ratings(own[: own.index("adr-alternative-table")]) == _ratings(table)


@pytest.mark.sphinx(
    "html",
    testroot="body-rst",
    freshenv=True,
    confoverrides={
        "adr_criteria": {
            "complexity": ("level", "higher"),
            "performance": ("quality", "none"),
            "scalability": "level",
        }
    },
)
def test_rating_direction_is_configurable_per_criterion(app):
    app.build()
    own = _html(app, "decisions/0001-async-export")
    table = own[own.index("adr-alternative-table") :]
    assert _ratings(table) == [
        ("low", "poor"),
        ("poor", "none"),
        ("medium", "fair"),
        ("good", "none"),
        ("high", "good"),
        ("excellent", "none"),
        ("high", "good"),
    ]


@TEXT_TWINS
def test_tables_in_text_builder(app, syntax):
    app.build()
    text = (app.outdir / "registers.txt").read_text("utf-8")
    # most severe first: high x medium (6), then low x high (3), then medium x low (2)
    assert text_table(_section(text, "Risk register")) == [
        ("ADR", "Risk", "Impact", "Likelihood", "Status", "Mitigation"),
        (
            "*ADR-0001*",
            "*Queue backup*",
            "high",
            "medium",
            "open",
            "* Rate limit (5/user/day) * Auto-scale workers",
        ),
        ("*ADR-0002*", "*Vacuum stalls*", "low", "high", "accepted", ""),
        (
            "*ADR-0001*",
            "*Worker failure mid-export*",
            "medium",
            "low",
            "mitigated",
            "Retry 3x with *exponential* backoff",
        ),
    ]
    assert text_table(_section(text, "High impact")) == [
        ("ADR", "Risk", "Owner"),
        ("*ADR-0001*", "*Queue backup*", "Platform team"),
    ]
    assert text_table(_section(text, "Negative consequences of accepted decisions")) == [
        ("ADR", "Kind", "Consequence"),
        ("*ADR-0001*", "negative", "**Latency**: users must poll"),
    ]
    assert text_table(_section(text, "Metrics")) == [
        ("ADR", "Metric", "Before", "After", "Target", "Status"),
        ("*ADR-0001*", "Latency", "100ms", "50ms", "<60ms", "met"),
        ("*ADR-0001*", "Throughput", "10 req/s", "45 req/s", ">40 req/s", "pending"),
    ]


@TWINS
def test_risk_matrix_counts_and_links(app, syntax):
    app.build()
    html = _html(app, "registers")
    matrix = html[html.index("adr-risk-matrix") : html.index('id="negative-consequences')]
    rows = re.findall(r"<tr class=\"row-(?:odd|even)\">(.*?)</tr>", matrix, re.S)
    assert len(rows) == 4  # header + high, medium, low impact
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows[1:]]
    counts = [
        [re.search(r'count">(\d+)<', c).group(1) if "adr-risk-count" in c else "" for c in row]
        for row in cells
    ]
    # columns: impact label, likelihood low, medium, high
    assert counts == [["", "", "1", ""], ["", "1", "", ""], ["", "", "", "1"]]
    assert 'href="decisions/0001-async-export.html#adr-0001-queue-backup"' in matrix


@BAD
def test_every_bad_input_has_its_own_subtype_file_and_line(app, syntax):
    app.build()
    bad = "0001-bad.rst" if syntax == "rst" else "0001-bad.md"
    index = "index.rst" if syntax == "rst" else "index.md"
    found = {(w.type, w.basename, w.line) for w in adr_warnings(app)}
    rst = syntax == "rst"
    expected = {
        ("adr.criterion", bad, 7),
        ("adr.verdict", bad, 7),
        ("adr.rating", bad, 7),
        ("adr.empty_block", bad, 12),
        ("adr.malformed_list", bad, 14 if rst else 16),
        ("adr.impact", bad, 21 if rst else 24),
        ("adr.likelihood", bad, 21 if rst else 24),
        ("adr.risk_status", bad, 21 if rst else 24),
        ("adr.consequence_kind", bad, 30 if rst else 35),
        ("adr.consequence_kind", bad, 37 if rst else 42),
        ("adr.metric_format", bad, 39 if rst else 46),
        ("adr.metric_format", index, 16 if rst else 17),
        ("adr.orphan", index, 8 if rst else 7),
        ("adr.unknown_adr", index, 11),
        ("adr.alternative_duplicate", bad, 18 if rst else 20),
        ("adr.risk_duplicate", bad, 26 if rst else 30),
        ("adr.no_chosen", bad, 4 if rst else 3),
        # no title: reported, and the directive still renders (docutils would drop it)
        ("adr.value", bad, 47 if rst else 51),
        ("adr.value", bad, 50 if rst else 55),
    }
    assert expected <= found
    # the build finished and still rendered the page
    assert "Option A" in _html(app, "0001-bad")
    assert "Untitled alternative" in _html(app, "0001-bad")
    assert "Untitled risk" in _html(app, "0001-bad")


def test_incremental_build_updates_every_table_like_a_clean_build(make_app, tmp_path):
    from util import tree_contents

    src = copy_root("body-rst", tmp_path / "inc")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    adr = src / "decisions" / "0001-async-export.rst"
    text = adr.read_text("utf-8")
    text = text.replace(":impact: High (delayed exports)", ":impact: low")
    text = text.replace(
        ".. alternative:: Streaming\n   :verdict: deferred",
        ".. alternative:: Streaming\n   :verdict: rejected",
    )
    adr.write_text(text, "utf-8")
    again = make_app("html", srcdir=src, freshenv=False)
    again.build()
    registers = _html(again, "registers")
    rejected = _between(registers, 'id="rejected-options"', 'id="all-options"')
    assert "Streaming" in rejected
    matrix = _between(registers, "adr-risk-matrix", 'id="negative-consequences')
    assert matrix.count("Queue backup") == 1
    high = registers[registers.index('id="high-impact"') : registers.index('id="matrix"')]
    assert "Queue backup" not in high
    clean_src = copy_root("body-rst", tmp_path / "clean")
    (clean_src / "decisions" / "0001-async-export.rst").write_text(text, "utf-8")
    clean = make_app("html", srcdir=clean_src, freshenv=True)
    clean.build()
    assert tree_contents(again.outdir) == tree_contents(clean.outdir)


def test_pages_citing_a_changed_adr_in_items_are_rewritten(make_app, tmp_path):
    src = copy_root("body-rst", tmp_path / "cite")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "ADR-0002: Use PostgreSQL" in _html(app, "cited")
    pg = src / "decisions" / "0002-postgres.rst"
    pg.write_text(pg.read_text("utf-8").replace("Use PostgreSQL\n====", "Use Postgres 17\n===="))
    again = make_app("html", srcdir=src, freshenv=False)
    again.build()
    # cited.html lists only ADR-0001's options; a con cites ADR-0002 by reference
    cited = _html(again, "cited")
    assert "ADR-0002: Use Postgres 17" in cited
    assert "ADR-0002: Use PostgreSQL" not in cited


@pytest.mark.parametrize("value", ["High", "hig", "high (delayed)"])
def test_scale_values_match_case_prefix_and_note(value):
    from sphinxcontrib_adr.body.settings import Scale

    scale = Scale("level", words=("low", "medium", "high"))
    assert scale.parse(value)[0] == "high"
    assert Scale("score", low=1, high=5).parse("4") == ("4", None)
    assert Scale("score", low=1, high=5).parse("7") is None
    assert scale.parse("me") is None  # too short to be a prefix


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("adr_criteria", {"cost": ("level", "cheaper")}, "with better one of higher, lower, none"),
        ("adr_criteria", {"cost": ("level",)}, "write a scale name or (scale, better)"),
        ("adr_style_checks", ["no_chosn"], "'no_chosn' is not a style check"),
        ("adr_chosen_verdicts", ["taken"], "'taken' is not in adr_verdicts"),
        # found by trying every setting with odd values: blamed on adr_chosen_verdicts,
        # which was not written
        ("adr_verdicts", ["a", "b"], "must hold 'chosen' (the default adr_chosen_verdicts)"),
    ],
)
def test_invalid_body_configuration_names_the_value_and_the_fix(
    make_app, tmp_path, name, value, why
):
    lines = ['extensions = ["sphinxcontrib_adr"]', f"{name} = {value!r}"]
    (tmp_path / "conf.py").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "index.rst").write_text("Index\n=====\n", "utf-8")
    warning = bad_setting(make_app("html", srcdir=tmp_path), name, value)
    assert why in warning.message
    assert (warning.basename, warning.line) == ("conf.py", 2)


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_no_chosen_style_check_is_off_unless_listed_in_adr_style_checks(make_app, tmp_path, syntax):
    src = copy_root(f"body-bad-{syntax}", tmp_path)
    conf = src / "conf.py"
    text = conf.read_text("utf-8").replace('adr_style_checks = ["no_chosen"]', "")
    conf.write_text(text, "utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert adr_warnings(app, "no_chosen") == []
    # every other check of that root still reports
    assert len(adr_warnings(app, "verdict")) == 1
