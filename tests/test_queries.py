"""adr-table / adr-list: every filter, column, sort and grouping, in reST and MyST,
asserted on HTML and text output; bad filters warn with file, line and subtype."""

from __future__ import annotations

import builtins
import re
import shutil
from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

from util import ROOTS, adr_warnings, copy_root

SYNTAXES = ("rst", "myst")


def _build(srcdir, buildername, **kwargs):
    app = SphinxTestApp(
        buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(), freshenv=True, **kwargs
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(params=SYNTAXES)
def built(request, build_once):
    """The query root of one syntax, built once with the html and text builders."""
    syntax = request.param
    root = f"query-{syntax}"
    return {"syntax": syntax, "html": build_once(root), "text": build_once(root, "text")}


def html_section(app, page: str, section: str) -> str:
    html = (app.outdir / f"{page}.html").read_text("utf-8")
    start = html.index(f'<section id="{section}">')
    return html[start : html.index("</section>", start)]


def text_section(app, page: str, section: str) -> str:
    text = (app.outdir / f"{page}.txt").read_text("utf-8")
    start = text.index(f"{section}\n====")
    nxt = re.search(r"\n\S[^\n]*\n=+\n", text[start + len(section) + 5 :])
    end = start + len(section) + 5 + nxt.start() if nxt else len(text)
    return text[start:end]


def html_ids(fragment: str) -> list[str]:
    return re.findall(r'href="[^"]*#adr-(\d{4})"', fragment)


def text_ids(fragment: str) -> list[str]:
    return re.findall(r"ADR-(\d{4})", fragment)


FILTERED = {
    "q-status-one": ["0001", "0002", "0007"],
    "q-status-several": ["0004", "0005", "0008"],
    "q-status-exclude": ["0001", "0002", "0004", "0007", "0008"],
    "q-tags-any": ["0002", "0004", "0005"],
    "q-tags-all": ["0003", "0007"],
    "q-tags-exclude": ["0001", "0005", "0008"],
    "q-date-range": ["0003", "0004"],
    "q-date-open": ["0005", "0007"],
    "q-date-year": ["0001", "0002"],
    "q-deciders": ["0002", "0003"],
    "q-docname": ["0001", "0002", "0003"],
    "q-search": ["0003", "0007"],
    "q-relation-any": ["0003"],
    "q-relation-target": ["0002", "0007"],  # relates is symmetric
    "q-relation-none": ["0001", "0002", "0004", "0005", "0008"],
    "q-field-eq": ["0002", "0007"],
    "q-field-cmp": ["0004", "0007"],
    "q-field-list": ["0007"],
    "q-field-contains": ["0002"],
}


@pytest.mark.parametrize("section", sorted(FILTERED))
def test_filter_selects_exactly_the_matching_adrs(built, section):
    expected = FILTERED[section]
    assert html_ids(html_section(built["html"], "filters", section)) == expected
    assert text_ids(text_section(built["text"], "filters", section)) == expected


def test_query_root_builds_without_warnings_except_the_bad_filters(built):
    for builder in ("html", "text"):
        others = [w for w in adr_warnings(built[builder]) if not w.basename.startswith("bad.")]
        assert others == []


def test_empty_result_shows_configured_line_not_a_table(built):
    custom = html_section(built["html"], "filters", "q-empty-custom")
    assert '<p class="adr-empty">Nothing deprecated yet.</p>' in custom
    assert "<table" not in custom
    default = html_section(built["html"], "filters", "q-empty-default")
    assert '<p class="adr-empty">No decisions match.</p>' in default
    assert "Nothing deprecated yet." in text_section(built["text"], "filters", "q-empty-custom")
    assert "No decisions match." in text_section(built["text"], "filters", "q-empty-default")


BAD_LINES = {  # section -> (line in rst, line in md, words of the message)
    "q-bad-status": ("'acepted' is not a status",),
    "q-bad-date": ("has no month 13",),
    "q-bad-relation": ("'replaces' is not a relation",),
    "q-bad-field": ("'owner' is not an extra field",),
    "q-bad-column": ("'colour' is not a column",),
    "q-bad-sort": ("'-popularity' is not a sort key",),
    "q-bad-limit": ("'0' is not a positive whole number",),
    "q-bad-group": ("'decider' is not a grouping",),
    "q-bad-tags-match": ("'most' is not a mode",),
}


def _directive_lines(srcdir, syntax):
    """Line of each directive in bad.rst/bad.md, keyed by its section."""
    name = "bad.rst" if syntax == "rst" else "bad.md"
    lines = (srcdir / name).read_text("utf-8").splitlines()
    result, section = {}, None
    for number, line in enumerate(lines, 1):
        if line.startswith(("q-", "## q-")):
            section = line.removeprefix("## ")
        if line.startswith((".. adr-", ":::{adr-")):
            result[section] = number
    return result


def test_bad_filters_warn_with_file_line_and_subtype_and_show_nothing(built):
    app = built["html"]
    warnings = adr_warnings(app, "filter")
    lines = _directive_lines(app.srcdir, built["syntax"])
    assert len(warnings) == len(BAD_LINES)
    by_line = {w.line: w for w in warnings}
    for section, (words,) in BAD_LINES.items():
        warning = by_line[lines[section]]
        assert warning.basename == ("bad.rst" if built["syntax"] == "rst" else "bad.md")
        assert words in warning.message
        fragment = html_section(app, "bad", section)
        assert "<table" not in fragment and "<ul" not in fragment


def _header_cells(fragment: str) -> list[str]:
    head = fragment[fragment.index("<thead>") : fragment.index("</thead>")]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th.*?</th>", head, re.S)]


def _rows(fragment: str) -> list[list[str]]:
    """The cells' text as shown (without each row's hidden record, the filter's)."""
    body = fragment[fragment.index("<tbody>") : fragment.index("</tbody>")]
    body = re.sub(r'<span class="adr-record" hidden[^>]*>.*?</span>', "", body)
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = re.findall(r"<td.*?</td>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells])
    return rows


def test_columns_show_fields_relations_and_child_counts(built):
    fragment = html_section(built["html"], "display", "q-columns-all")
    assert _header_cells(fragment) == [
        "ID", "Title", "Status", "Date", "Deciders", "Tags", "Supersedes", "Superseded by",
        "Relates", "Priority", "Cost", "Teams", "Alternatives", "Risks", "Document",
    ]  # fmt: skip
    rows = {row[0]: row for row in _rows(fragment)}
    assert rows["ADR-0007"] == [
        "ADR-0007", "Redis cache", "accepted", "2025-03-05", "Dana Levi",
        "performance, backend", "ADR-0003", "", "ADR-0004", "high", "", "core, infra",
        "3", "2", "decisions/0007-redis-cache",
    ]  # fmt: skip
    assert rows["ADR-0002"][8] == "ADR-0004"  # relates is shown on both ends
    assert rows["ADR-0002"][10:14] == ["3 weeks", "", "1", "0"]
    assert "<caption>" in fragment and "Accepted decisions" in fragment
    # relation cells link to the other ADR and carry its status
    assert 'href="decisions/0003-cache-in-process.html#adr-0003"' in fragment
    assert "adr-status-superseded" in fragment
    text = text_section(built["text"], "display", "q-columns-all")
    assert "Superseded" in text and "Alternatives" in text and "core, infra" in text


def test_default_columns_are_id_title_status_date(built):
    fragment = html_section(built["html"], "display", "q-default-columns")
    assert _header_cells(fragment) == ["ID", "Title", "Status", "Date"]
    assert _rows(fragment) == [
        ["ADR-0002", "Use Postgres", "accepted", "2023-06-10"],
        ["ADR-0005", "Drop MySQL support", "rejected", "2024-11-20"],
    ]


SORTED = {
    "q-sort-multi": ["0004", "0008", "0007", "0002", "0001", "0005", "0003"],
    "q-sort-words": ["0002", "0007", "0004", "0001", "0003", "0005", "0008"],
    "q-sort-count": ["0007", "0002", "0001"],
    "q-limit": ["0007", "0005"],
}


@pytest.mark.parametrize("section", sorted(SORTED))
def test_sort_keys_and_limit_order_the_rows(built, section):
    assert html_ids(html_section(built["html"], "display", section)) == SORTED[section]
    assert text_ids(text_section(built["text"], "display", section)) == SORTED[section]


def test_status_sort_follows_lifecycle_and_missing_values_go_last(built):
    rows = _rows(html_section(built["html"], "display", "q-sort-multi"))
    assert [row[1] for row in rows] == [
        "proposed", "proposed", "accepted", "accepted", "accepted", "rejected", "superseded",
    ]  # fmt: skip
    assert rows[1] == ["ADR-0008", "proposed", ""]  # undated after dated, even descending


def _groups(fragment: str) -> list[tuple[str, list[str]]]:
    parts = re.split(r'<p class="[^"]*\badr-group\b[^"]*">(.*?)</p>', fragment)
    return [(parts[i], html_ids(parts[i + 1])) for i in range(1, len(parts), 2)]


def test_group_by_status_tag_and_year(built):
    html = built["html"]
    assert _groups(html_section(html, "display", "q-group-status")) == [
        ("proposed", ["0004", "0008"]),
        ("accepted", ["0001", "0002", "0007"]),
        ("rejected", ["0005"]),
        ("superseded", ["0003"]),
    ]
    # an ADR with two matching tags is listed under both
    assert _groups(html_section(html, "display", "q-group-tag")) == [
        ("backend", ["0002", "0003", "0007"]),
        ("database", ["0002", "0005"]),
        ("performance", ["0003", "0007"]),
    ]
    assert _groups(html_section(html, "display", "q-group-year")) == [
        ("2023", ["0001", "0002"]),
        ("2024", ["0003", "0004", "0005"]),
        ("2025", ["0007"]),
        ("(undated)", ["0008"]),
    ]
    text = text_section(built["text"], "display", "q-group-year")
    assert text.index("2023") < text.index("ADR-0001") < text.index("(undated)")


def test_list_items_show_title_link_then_columns(built):
    html = html_section(built["html"], "display", "q-list-default")
    assert "ADR-0001: Use Sphinx for documentation" in html
    text = text_section(built["text"], "display", "q-list-default")
    assert "ADR-0002: Use Postgres* — accepted; 2023-06-10" in text
    text = text_section(built["text"], "display", "q-list-columns")
    assert "Redis cache* — Tags: performance, backend; Supersedes:" in text
    assert "2 risks" in text


def test_html_tables_are_interactive_and_load_the_script(built):
    html = (built["html"].outdir / "display.html").read_text("utf-8")
    assert re.search(r'<table class="[^"]*\badr-table adr-interactive\b', html)
    assert "_static/adr-table.js" in html and "_static/adr-queries.css" in html
    assert (built["html"].outdir / "_static" / "adr-table.js").is_file()
    # the text builder gets the plain table
    assert "+----" in (built["text"].outdir / "display.txt").read_text("utf-8")


@pytest.mark.adr("ADR-0006")
def test_filters_are_never_evaluated_as_python(tmp_path, monkeypatch):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-query-rst", srcdir)
    (srcdir / "evil.rst").write_text(
        "Evil\n====\n\n.. adr-table::\n   :status: __import__('os').system('false')\n\n"
        ".. adr-table::\n   :search: __import__('os')\n   :field: priority = __class__\n",
        "utf-8",
    )
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())

    calls = []
    real_eval, real_exec = builtins.eval, builtins.exec

    def spy(real):
        def wrapper(source, *args, **kwargs):
            # Jinja compiles templates with exec: record, and check nothing user-written
            calls.append(source if isinstance(source, str) else getattr(source, "co_consts", ()))
            return real(source, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "eval", spy(real_eval))
    monkeypatch.setattr(builtins, "exec", spy(real_exec))
    try:
        app.build()
    finally:
        monkeypatch.undo()
        app.cleanup()
    assert not [c for c in calls if "__import__" in str(c) or "__class__" in str(c)]
    evil = [w for w in adr_warnings(app, "filter") if w.basename == "evil.rst"]
    assert [w.line for w in evil] == [4, 7]
    assert "is not a status" in evil[0].message
    assert "'__class__' is not a value of 'priority'" in evil[1].message


def test_relation_cells_rewrite_only_listings_whose_rows_link_the_changed_adr(make_app, tmp_path):
    """ADR-0003 changes status: ADR-0007's row links it, ADR-0001's row does not."""
    src = copy_root("query-rst", tmp_path)
    (src / "rel-accepted.rst").write_text(
        "Accepted\n========\n\n.. adr-table::\n   :status: accepted\n   :columns: id, supersedes\n"
    )
    (src / "rel-docs.rst").write_text(
        "Docs\n====\n\n.. adr-table::\n   :tags: docs\n   :columns: id, supersedes\n"
    )
    index = src / "index.rst"
    pages = "   bad\n   rel-accepted\n   rel-docs\n"
    index.write_text(index.read_text().replace("   bad\n", pages))
    make_app("html", srcdir=src, freshenv=True).build()

    adr = src / "decisions" / "0003-cache-in-process.rst"
    adr.write_text(adr.read_text().replace(":status: superseded", ":status: deprecated"))
    again = make_app("html", srcdir=src, freshenv=False)
    written: list[str] = []
    again.connect("html-page-context", lambda _app, page, *_args: written.append(page))
    again.build()
    assert "rel-accepted" in written  # ADR-0007 supersedes ADR-0003: its cell shows the status
    assert "rel-docs" not in written  # ADR-0001 is not related to ADR-0003
    html = (again.outdir / "rel-accepted.html").read_text("utf-8")
    assert "adr-status-deprecated" in html


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_grouped_captioned_tables_get_unique_ids_and_tags_group_case_insensitively(
    make_app, tmp_path, syntax
):
    conf = "extensions = ['sphinxcontrib_adr', 'myst_parser']\n"
    conf += "myst_enable_extensions = ['colon_fence']\n"
    (tmp_path / "conf.py").write_text(conf)
    if syntax == "rst":
        page = (
            "X\n=\n\n.. adr::\n   :status: accepted\n   :tags: Backend, api\n\n"
            ".. adr-table::\n   :group-by: tag\n   :caption: By tag\n"
        )
        other = "Y\n=\n\n.. adr::\n   :status: accepted\n   :tags: backend\n"
        (tmp_path / "0001-x.rst").write_text(page)
        (tmp_path / "0002-y.rst").write_text(other)
    else:
        # a YAML options block: MyST flattens the flow list to "[backend]"
        page = (
            "# X\n\n:::{adr}\n:status: accepted\n:tags: Backend, api\n:::\n\n"
            ":::{adr-table}\n:group-by: tag\n:caption: By tag\n:::\n"
        )
        other = "# Y\n\n```{adr}\n---\nstatus: accepted\ntags: [backend]\n---\n```\n"
        (tmp_path / "0001-x.md").write_text(page)
        (tmp_path / "0002-y.md").write_text(other)
    (tmp_path / "index.rst").write_text("I\n=\n\n.. toctree::\n\n   0001-x\n   0002-y\n")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    assert app.env.domains["adr"].get("ADR-0002").tags == ("backend",)
    html = (app.outdir / "0001-x.html").read_text("utf-8")
    ids = re.findall(r'<table [^>]*id="([^"]+)"', html)
    assert len(ids) == 2 and len(set(ids)) == 2  # "api" and "backend" groups
    groups = re.findall(r'<p class="[^"]*adr-group[^"]*">([^<]*)</p>', html)
    assert groups == ["api", "backend"]
