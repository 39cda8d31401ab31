"""Bad input gets a clear warning with file and line, never a traceback.

``roots/test-bad-*`` holds one page per bad input (each page ends with a
"Text after ... still renders." paragraph). The expected warnings are listed
by page, subtype and the source line they point at, found by searching the
page's source so the rST and MyST twins share one table.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from util import adr_warnings, copy_root, domain_of, warnings_of

DIRECTIVE = {"rst": ".. adr::", "myst": ":::{adr}"}

#: page -> [(subtype, what the line holds, which occurrence)]; "adr" = the directive
EXPECTED: dict[str, list[tuple[str, str, int]]] = {
    "0001-empty-values": [
        ("adr.value", "adr", 1),  # :id:
        ("adr.status", "adr", 1),
        ("adr.value", "adr", 1),  # :date:
        ("adr.value", "adr", 1),  # :deciders:
        ("adr.value", "adr", 1),  # :supersedes:
    ],
    "0002-unknown-option": [("adr.option", "adr", 1), ("adr.option", "adr", 1)],
    "0003-id-with-spaces": [("adr.id", "adr", 1)],
    "0004-id-with-markup": [("adr.id", "adr", 1)],
    "0005-bad-dates": [("adr.date", "adr", 1)] * 3,
    "0006-self-relation": [("adr.self_link", "adr", 1)] * 2,
    "0008-script": [("adr.status", "adr", 1), ("adr.link", "adr", 1)],
    "0009-two-in-one-section": [("adr.placement", "adr", 2)],
    "0010-dangling": [("adr.link", "adr", 1), ("adr.link", "adr", 1), ("adr.ref", "ADR-4242", 1)],
    "0011-review-due": [("adr.review", "adr", 1)],
    "0012-cycle-a": [("adr.cycle", "adr", 1)],
    "0015-still-accepted": [("adr.status_inconsistent", "adr", 1)],
    "0016-duplicate": [("adr.duplicate", "adr", 1)],
    "0017-unknown-status": [("adr.status", "adr", 1)],
    "0018-compact-duplicates": [("adr.duplicate", "adr", 2)],
    "inlist": [("adr.placement", "adr", 1)],
    "noid": [("adr.id", "adr", 1)],
    "nosection": [("adr.placement", "adr", 1)],
}


@pytest.fixture(params=["rst", "myst"])
def built(request, build_once):
    """Each twin, built once (the tests only read the output)."""
    return build_once(f"bad-{request.param}"), request.param


@pytest.fixture
def bad(built):
    return built[0]


@pytest.fixture
def syntax(built):
    return built[1]


def _source(app, page: str) -> Path:
    return next(Path(app.srcdir).glob(f"{page}.*"))


def line_of(app, syntax: str, page: str, needle: str, nth: int = 1) -> int:
    text = DIRECTIVE[syntax] if needle == "adr" else needle
    lines = [
        number
        for number, line in enumerate(_source(app, page).read_text("utf-8").splitlines(), 1)
        if text in line
    ]
    return lines[nth - 1]


def test_every_bad_input_warns_with_file_line_and_subtype(bad, syntax):
    expected = Counter()
    for page, items in EXPECTED.items():
        for subtype, needle, nth in items:
            name = _source(bad, page).name
            expected[name, line_of(bad, syntax, page, needle, nth), subtype] += 1
    if syntax == "myst":
        # MyST drops a malformed option block: the ADR then has no usable id
        expected["malformed.md", line_of(bad, syntax, "malformed", "adr"), "adr.id"] += 1
    found = Counter((w.basename, w.line, w.type) for w in adr_warnings(bad))
    assert found == expected


def test_no_traceback_and_the_text_after_every_directive_renders(bad, syntax):
    log = bad.warning.getvalue()
    assert "Traceback" not in log and "Exception" not in log
    assert bad.statuscode == 0
    pages = [p for p in Path(bad.srcdir).iterdir() if p.suffix in (".rst", ".md")]
    assert len(pages) == 23
    for source in pages:
        if source.stem == "index":
            continue
        html = (bad.outdir / f"{source.stem}.html").read_text("utf-8")
        assert re.search(r"Text after [\w -]+ still renders\.", html), source.name


def test_malformed_option_block_is_reported_where_it_is(bad, syntax):
    problems = [w for w in warnings_of(bad) if w.basename.startswith("malformed")]
    if syntax == "rst":
        # docutils rejects the block (an error at the directive, the section stays plain)
        assert [(w.line, w.level) for w in problems] == [(4, "ERROR")]
        assert "invalid option block" in bad.warning.getvalue()
    else:
        # MyST reports the bad line and runs the directive without options
        assert (5, "WARNING", "myst.directive_option") in [
            (w.line, w.level, w.type) for w in problems
        ]


def test_script_in_titles_and_values_never_reaches_html_unescaped(bad, syntax):
    for path in Path(bad.outdir).rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>alert" not in html, path.name
        assert "<b>bold" not in html, path.name
    html = (bad.outdir / "0008-script.html").read_text("utf-8")
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html  # a decider, shown as text
    assert "&lt;b&gt;bold&lt;/b&gt;" in html  # a tag
    # the title, in the heading and in a reference to the ADR
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt; title") >= 3
    assert domain_of(bad).get("ADR-0008").title == "<script>alert(1)</script> title"


def test_right_to_left_and_non_ascii_titles_are_kept(bad, syntax):
    adr = domain_of(bad).get("ADR-0007")
    assert adr.title == "قرار: استخدام قاعدة البيانات — Ünïcödé 决定"
    assert adr.deciders == ("محمد", "Zoë")
    html = (bad.outdir / "0007-right-to-left.html").read_text("utf-8")
    assert "ADR-0007: قرار: استخدام قاعدة البيانات — Ünïcödé 决定" in html
    assert 'id="adr-0007"' in html


def test_bad_values_fall_back_and_the_rest_is_kept(bad, syntax):
    domain = domain_of(bad)
    dates = domain.get("ADR-0005")
    # a bad status date drops the date, not the status
    assert (dates.status, dates.status_date, dates.date, dates.review_by) == (
        "accepted",
        None,
        None,
        None,
    )
    assert domain.get("ADR-0017").status == "proposed"  # unknown status: the first one
    assert domain.get("ADR-0006").links == ()  # relations to itself dropped
    assert domain.get("TWO-1") is not None and domain.get("TWO-2") is None
    assert domain.get("INLIST") is None and domain.get("NOSECTION") is None


def test_messages_say_what_to_write_instead(bad, syntax):
    by_type = {}
    for w in adr_warnings(bad):
        by_type.setdefault(w.type, []).append(w.message)
    assert any("write one of: proposed, accepted, rejected" in m for m in by_type["adr.status"])
    assert any("write it as YYYY-MM-DD" in m for m in by_type["adr.date"])
    assert any("valid options are :id:, :status:" in m for m in by_type["adr.option"])
    assert any("also defined in 0015-still-accepted" in m for m in by_type["adr.duplicate"])
    assert by_type["adr.cycle"] == [
        "supersedes cycle: ADR-0012 supersedes ADR-0013 supersedes ADR-0012; "
        "remove one of these relations"
    ]
    assert "set :status: superseded on ADR-0015" in by_type["adr.status_inconsistent"][0]


def test_suppress_warnings_silences_one_subtype(make_app, tmp_path):
    srcdir = copy_root("bad-rst", tmp_path)
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"suppress_warnings": ["adr.date"]}
    )
    app.build()
    assert adr_warnings(app, "date") == []
    assert adr_warnings(app, "status") != []


def test_duplicate_ids_on_one_page_each_show_their_own_metadata(bad):
    html = (bad.outdir / "0018-compact-duplicates.html").read_text("utf-8")
    first, second = html.split("Second", 1)
    assert "adr-status-proposed" in first and "adr-status-rejected" not in first
    assert "adr-status-rejected" in second


def test_warnings_are_fatal_with_warningiserror(make_app, tmp_path):
    # -W: since Sphinx 8.1 the build goes on and fails at the end
    srcdir = copy_root("bad-rst", tmp_path)
    app = make_app("html", srcdir=srcdir, freshenv=True, warningiserror=True)
    app.build()
    assert app.statuscode == 1
    assert adr_warnings(app, "status") != []


@pytest.mark.parametrize(("epoch", "warned"), [("1795000000", True), ("1500000000", False)])
def test_review_date_is_compared_with_source_date_epoch(
    make_app, tmp_path, monkeypatch, epoch, warned
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)  # 2026-11-18, then 2017-07-14
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\n', "utf-8")
    (tmp_path / "0001-review.rst").write_text(
        "Review\n======\n\n.. adr::\n   :review-by: 2020-01-01\n", "utf-8"
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   0001-review\n", "utf-8")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    assert [(w.basename, w.line) for w in adr_warnings(app, "review")] == (
        [("0001-review.rst", 4)] if warned else []
    )


@pytest.mark.parametrize(
    ("suffix", "page"),
    [
        (".rst", "Two\n===\n\n.. adr::\n   :status: accepted\n\n.. adr::\n   :status: proposed\n"),
        (".md", "# Two\n\n```{adr}\n:status: accepted\n```\n\n```{adr}\n:status: proposed\n```\n"),
    ],
)
def test_a_second_block_in_a_section_is_one_warning_and_the_first_keeps_its_id(
    make_app, tmp_path, suffix, page
):
    """The misplaced block is not counted as an ADR: no 'several ADRs need an :id:'."""
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr", "myst_parser"]\n')
    (tmp_path / "index.rst").write_text(".. toctree::\n\n   0005-two\n")
    (tmp_path / f"0005-two{suffix}").write_text(page)
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    assert [(w.basename, w.line, w.type) for w in adr_warnings(app)] == [
        (f"0005-two{suffix}", 7, "adr.placement")
    ]
    assert [(a.id, a.status) for a in domain_of(app).adrs()] == [("ADR-0005", "accepted")]


@pytest.mark.parametrize(
    ("suffix", "page", "line"),
    [
        (".rst", "Wrong place\n===========\n\nIntro.\n\nSub\n---\n\nText.\n\n.. adr::\n", 11),
        (".md", "# Wrong place\n\nIntro.\n\n## Sub\n\nText.\n\n```{adr}\n```\n", 9),
    ],
)
def test_a_directive_after_body_text_is_reported_and_still_makes_the_section_an_adr(
    make_app, tmp_path, suffix, page, line
):
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr", "myst_parser"]\n')
    (tmp_path / "index.rst").write_text(".. toctree::\n\n   0007-wrong\n")
    (tmp_path / f"0007-wrong{suffix}").write_text(page)
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    assert [(w.basename, w.line, w.type, w.message) for w in adr_warnings(app)] == [
        (
            f"0007-wrong{suffix}",
            line,
            "adr.placement",
            "adr: the directive follows body text of the section 'Sub', which it turns into "
            "the ADR; if that section is meant, put the directive right under its title, "
            "else move it under the title of the ADR's section",
        )
    ]
    assert [(a.id, a.title) for a in domain_of(app).adrs()] == [("ADR-0007", "Sub")]


def test_nitpicky_builds_give_the_same_adr_warnings(bad, syntax, make_app, tmp_path):
    """With ``-n`` Sphinx asks about every dangling reference: a relation to an
    unknown ADR, already an ``adr.link`` at its option, was reported a second time
    as ``adr.ref`` at the title (found by a new user building with ``-W -n``)."""
    app = make_app(
        "html", srcdir=copy_root(f"bad-{syntax}", tmp_path), confoverrides={"nitpicky": True}
    )
    app.build()
    nitpicky = Counter((w.basename, w.line, w.type) for w in adr_warnings(app))
    assert nitpicky == Counter((w.basename, w.line, w.type) for w in adr_warnings(bad))


def test_a_misspelt_option_is_named_with_the_closest_one(bad, syntax):
    (warning, *_rest) = [
        w for w in adr_warnings(bad, "option") if w.basename.startswith("0002-unknown-option")
    ]
    assert warning.message.startswith("adr: unknown option ':stauts:'; did you mean :status:? ")
