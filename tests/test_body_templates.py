"""The five reference templates, each written as a reST and a MyST root with its
real content: both build without warnings and give the same records."""

from __future__ import annotations

import re

import pytest
from test_body import body_summary

from sphinxcontrib_adr.body.records import Alternative, Consequence, Metric, Reconsideration, Risk
from util import domain_of, records_summary, warnings_of

TEMPLATES = ("000", "001", "002", "003", "004")


@pytest.fixture
def built(build_once):
    """Every template in both syntaxes, each built once (the tests only read them)."""
    return {
        (template, syntax): build_once(f"template{template}-{syntax}")
        for template in TEMPLATES
        for syntax in ("rst", "myst")
    }


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_template_builds_without_warnings(built, template, syntax):
    assert warnings_of(built[template, syntax]) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_gives_the_same_records_in_both_syntaxes(built, template):
    rst, myst = built[template, "rst"], built[template, "myst"]
    assert records_summary(rst) == records_summary(myst)
    assert body_summary(rst) == body_summary(myst)


def _counts(app) -> dict[str, int]:
    return {
        cls.__name__: len(list(domain_of(app).records(cls)))
        for cls in (Alternative, Risk, Consequence, Metric, Reconsideration)
    }


def test_template000_options_ratings_consequences_metrics(built):
    app = built["000", "myst"]
    assert _counts(app) == {
        "Alternative": 3,
        "Risk": 3,
        "Consequence": 6,
        "Metric": 4,
        "Reconsideration": 0,
    }
    alts = {a.title: a for a in domain_of(app).records(Alternative)}
    pool = alts["8-worker goroutine pool"]
    assert pool.verdict == "chosen"
    assert dict(pool.ratings) == {
        "performance": "excellent",
        "complexity": "medium",
        "maintainability": "high",
        "cost": "medium",
    }
    kinds = [c.kind for c in domain_of(app).records(Consequence)]
    assert kinds == ["positive"] * 3 + ["negative"] * 2 + ["neutral"]
    first = next(iter(domain_of(app).records(Consequence)))
    assert first.item.plain == "Benefit 1: Lower latency"
    assert len(first.item.details) == 2
    assert {m.name: m.status for m in domain_of(app).records(Metric)} == dict.fromkeys(
        ("Latency", "Throughput", "Memory", "CPU Usage"), "met"
    )


def test_template001_rejected_because_risks_and_reconsideration(built):
    app = built["001", "rst"]
    assert _counts(app) == {
        "Alternative": 3,
        "Risk": 2,
        "Consequence": 8,
        "Metric": 0,
        "Reconsideration": 3,
    }
    lam = next(a for a in domain_of(app).records(Alternative) if "Lambda" in a.title)
    assert lam.verdict == "rejected" and len(lam.pros) == 3 and len(lam.cons) == 3
    assert lam.reason[0].plain.startswith("Lambda's timeout limit is insufficient")
    assert plain_description(lam) == "Process files using Lambda functions triggered by S3 events"
    spof = next(iter(domain_of(app).records(Risk)))
    assert (spof.impact, spof.likelihood, spof.status) == ("high", "low", "open")
    assert spof.mitigation[0].plain == "Use Redis Sentinel for high availability"
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "Infrastructure costs exceed $500/month" in html  # reconsider-table


def plain_description(alt) -> str:
    return "".join(seg[1] for seg in alt.description)


def test_template002_learning_value_and_production_readiness_ratings(built):
    app = built["002", "myst"]
    kafka = next(a for a in domain_of(app).records(Alternative) if a.title == "Kafka")
    assert kafka.verdict == "deferred"
    assert dict(kafka.ratings) == {
        "complexity": "high",
        "learning-value": "high",
        "production-readiness": "high",
    }
    html = (app.outdir / "index.html").read_text("utf-8")
    table = html[html.index("adr-alternative-table") :]
    assert "Kafka" in table and "Sticky" not in table and "Redis Pub/Sub" not in table
    assert [m.status for m in domain_of(app).records(Metric)] == ["pending", "met"]


def test_template003_lists_negative_consequences_of_accepted_decisions(built):
    app = built["003", "rst"]
    assert _counts(app)["Consequence"] == 20
    rejected = [a for a in domain_of(app).records(Alternative) if a.verdict == "rejected"]
    assert len(rejected) == 5 and all(len(a.reason) == 5 for a in rejected)
    html = (app.outdir / "index.html").read_text("utf-8")
    table = html[html.index("adr-consequence-table") :]
    assert table.count("adr-consequences-negative") == 10
    assert "Fast Processing" not in table


def test_template004_verdicts_and_risk_register(built):
    app = built["004", "rst"]
    verdicts = [(a.title, a.verdict) for a in domain_of(app).records(Alternative)]
    assert verdicts == [
        ("Sync REST", "rejected"),
        ("Async Job", "chosen"),
        ("Streaming", "deferred"),
    ]
    risks = [(r.title, r.impact, r.impact_note, r.likelihood) for r in domain_of(app).records(Risk)]
    assert risks[0] == ("Queue backup during peak usage", "high", "delayed exports", "medium")
    assert [r[1] for r in risks] == ["high", "medium", "medium", "medium"]
    html = (app.outdir / "index.html").read_text("utf-8")
    matrix = html[html.index("adr-risk-matrix") :]
    matrix = matrix[: matrix.index("</table>")]
    # each filled cell: its count, then the risks it links (titled by their place)
    cells = [
        (count, re.findall(r'title="ADR-0023 risk: ([^"]+)"><span[^>]*>([^<]+)<', cell))
        for count, cell in re.findall(r'adr-risk-count">(\d+)</strong>(.*?)</td>', matrix, re.S)
    ]
    medium_low = "impact medium, likelihood low"
    assert cells == [
        ("1", [("impact high, likelihood medium", "Queue backup during peak usage")]),
        (
            "3",
            [
                (medium_low, "Worker failure mid-export"),
                (medium_low, "S3 upload failure"),
                (medium_low, "Job state inconsistency"),
            ],
        ),
    ]
