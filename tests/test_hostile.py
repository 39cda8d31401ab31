"""Hostile input stays cheap and harmless (issue 14): each case an adversarial pass found.

Code that is one line of quoted ids, globs with a dozen ``**``, templates that
index an empty date, zero-width markers, an export path that would replace
the home page, a file with thousands of markers: each is either refused with
an ``adr.config`` warning naming the setting (the build goes on with its
default), reported as another ``adr.*`` warning, or handled, and never
raises later. Timing goals are in
``benchmarks/bench_scan.py``; these tests pin the behaviour.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.trace.codescan import Scanner, comment_syntax
from sphinxcontrib_adr.trace.globs import compile_glob, glob_regex, plain_regex
from util import ROOTS, adr_warnings, bad_setting, copy_root, warnings_of

# ------------------------------------------------------------------ the scanner


def _scan(tmp_path: Path, rel: str, text: str, **options: object) -> list[tuple[int, str]]:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    result = Scanner(tmp_path, ["**"], **options).scan()  # type: ignore[arg-type]
    return [(m.line, m.id) for m in result.markers]


def test_one_line_of_quoted_ids_holds_no_marker(tmp_path):
    # a minified bundle: 20,000 ids, all in strings (quadratic before: hours at 2 MB)
    line = ",".join(f'"ADR-{i % 9999:04d}"' for i in range(20_000))
    assert _scan(tmp_path, "bundle.js", f"var ids = [{line}]; // ADR-0001\n") == [(1, "ADR-0001")]


def test_block_comment_after_many_quoted_ids_is_found(tmp_path):
    strings = "".join(f'const char *s{i} = "ADR-{i:04d} /*";\n' for i in range(5000))
    text = strings + "/* Implements:\n   ADR-0042 */\nint x; /* ADR-0043 */\n"
    # "/*" inside a string opens no comment; both real block comments count
    assert _scan(tmp_path, "ids.c", text) == [(5002, "ADR-0042"), (5003, "ADR-0043")]


def test_keyword_lists_in_one_huge_comment_count_every_id(tmp_path):
    ids = ", ".join(f"ADR-{i:04d}" for i in range(1, 3001))
    text = f"/* Implements: {ids}\n   unlike ADR-9999 */\n"
    found = _scan(tmp_path, "a.c", text, keywords=["Implements"])
    assert found == [(1, f"ADR-{i:04d}") for i in range(1, 3001)]


def _reference_markers(text: str, tokens: tuple[str, ...], quotes: str) -> list[tuple[int, str]]:
    """The line-by-line reading of comments the scanner must agree with."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        quote, i, start = "", 0, -1
        while i < len(line):
            char = line[i]
            if quote:
                if char == "\\":
                    i += 2
                    continue
                if char == quote:
                    quote = ""
            elif char in quotes:
                quote = char
            elif any(line.startswith(t, i) for t in tokens):
                start = i
                break
            i += 1
        if start >= 0:
            for match in re.finditer(r"(?<![\w-])ADR-\d+(?!\w)", line[start:]):
                if (number, match[0]) not in out:
                    out.append((number, match[0]))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.sampled_from(["ADR-0001", "ADR-2", " ", "\n", "#", '"', "'", "\\", "x", "ADR-3x"]),
        max_size=30,
    ).map("".join)
)
def test_scanner_agrees_with_a_line_by_line_reading_of_comments(text):
    tokens, _blocks, quotes = comment_syntax("a.py")
    found = list(Scanner(Path("."), ["**"]).find_markers("a.py", text))
    assert found == _reference_markers(text, tokens, quotes)


def test_zero_width_and_empty_ids_are_no_markers(tmp_path):
    text = "# Implements: ADR-0001 here\n"
    assert _scan(tmp_path, "a.py", text, marker=re.compile(r"(?=ADR)")) == []
    optional = re.compile(r"Implements: (?P<id>XYZ)?")
    assert _scan(tmp_path, "b.py", text, marker=optional) == []


def test_an_id_with_thousands_of_digits_is_not_read_as_a_number(make_app, tmp_path):
    srcdir = copy_root("hostile", tmp_path)
    (srcdir / "src" / "huge.py").write_text("# ADR-" + "7" * 5000 + "\n", "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert adr_warnings(app) == []


def test_file_names_with_a_newline_are_scanned(tmp_path):
    assert _scan(tmp_path, "src/odd\nname.py", "# ADR-0001\n") == [(1, "ADR-0001")]


# ------------------------------------------------------------------ globs

_GLOB_PARTS = ["a", "b", "/", "*", "**", "**/", "?", "[ab]", "[!a]", "."]


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(_GLOB_PARTS), max_size=10).map("".join),
    st.lists(st.sampled_from(["a", "b", "/", ".", "\n"]), max_size=12).map("".join),
)
def test_bounded_glob_matches_exactly_what_the_plain_translation_matches(pattern, path):
    plain = re.compile(plain_regex(pattern), re.DOTALL).fullmatch(path) is not None
    assert (compile_glob(pattern).fullmatch(path) is not None) == plain


def test_repeated_double_stars_collapse_into_one():
    assert glob_regex("**/" * 12 + "x.py") == r"(?:.*/)?x\.py"
    assert glob_regex("src/**/**/a/***/b") == r"src/(?>(?:.*?/)??a/)(?:.*/)?b"


def test_pathological_glob_fails_fast_on_a_deep_path():
    # the plain translation backtracks through 12 nested wildcards (minutes)
    deep = "/".join(["a"] * 40) + "/y.py"
    assert compile_glob("*a" * 12 + "*b").fullmatch("a" * 60) is None
    assert compile_glob("**/a/" * 8 + "**/x.py").fullmatch(deep) is None


def test_a_character_class_never_matches_a_slash():
    assert compile_glob("a[!b]c").fullmatch("a/c") is None
    assert compile_glob("a[+-0]c").fullmatch("a/c") is None  # "/" lies in the range
    assert compile_glob("[!]").fullmatch("[!]") is not None  # unclosed: literal


def test_code_globs_with_many_double_stars_match_and_bad_ones_warn(make_app, tmp_path):
    srcdir = copy_root("hostile", tmp_path)
    page = srcdir / "decisions" / "0001-pool.rst"
    text = page.read_text("utf-8").replace(
        ":code: src/pool.py, src/**/**/**/**/pool.py",
        ":code: src/pool.py, src/**/**/**/**/pool.py, src/[z-a].py, src/**/**/nothing*",
    )
    page.write_text(text, "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = [(w.type, w.message) for w in adr_warnings(app)]
    assert found == [
        (
            "adr.code_path",
            "ADR-0001 :code: 'src/[z-a].py' is not a valid glob (bad character range z-a); "
            f"write a path relative to adr_code_root ({srcdir.resolve()})",
        ),
        (
            "adr.code_missing",
            f"ADR-0001 :code: 'src/**/**/nothing*' matches nothing under {srcdir.resolve()}; "
            "fix the glob or remove it",
        ),
    ]


def test_adr_code_with_an_unreadable_glob_is_a_code_path_warning(make_app, tmp_path):
    srcdir = copy_root("hostile", tmp_path)
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8") + "\n.. adr-code:: src/[z-a]\n", "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = [(w.basename, w.line, w.message) for w in adr_warnings(app, "code_path")]
    assert found == [
        (
            "index.rst",
            13,
            "adr-code: 'src/[z-a]' is not a valid glob (bad character range z-a); write a "
            "path relative to adr_code_root",
        )
    ]


# ------------------------------------------------------------------ configuration


def _configured(tmp_path: Path, **values: object) -> Path:
    srcdir = copy_root("hostile", tmp_path)
    lines = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(lines)
    return srcdir


REFUSED = [
    ("adr_id_format", "ADR", "gives the same id for different numbers"),
    ("adr_id_format", "ADR-{number:c}", "cannot be formatted with number=123456789012"),
    ("adr_id_format", "ADR-{number:>300}", "widths above 256 are not allowed"),
    ("adr_id_format", "ADR-{number.real}", "attribute access is not supported"),
    ("adr_title_format", "{date[0]}: {title}", "cannot be formatted with id='ADR-0007'"),
    ("adr_title_format", "{title.upper}", "attribute access is not supported"),
    ("adr_title_format", "{id:{title}}", "a format spec cannot hold a field"),
    ("adr_title_format", "", "must not be empty"),
    ("adr_code_url", "https://x/{path}#L{line[0]}", "cannot be formatted with path="),
    ("adr_code_url", "https://x/{path}/{line:04d}", "put {line} after one"),
    ("adr_code_marker", r"\b", "can match empty text"),
    ("adr_code_marker", "(?=ADR)", "can match empty text"),
    ("adr_code_scan_exclude", ["[z-a]"], "'[z-a]' is not a valid glob"),
    ("adr_code_scan", ["src/[9-0]*.py"], "is not a valid glob"),
    ("adr_code_root", "a\0b", "cannot be used"),
    ("adr_code_refs_limit", -1, "must be a whole number, 0 or more"),
    ("adr_code_refs_limit", "5", "must be a whole number, 0 or more"),
    ("adr_json_path", "index.html", "must name a .json file"),
    ("adr_json_path", "_static/adr-table.js", "must name a .json file"),
    ("adr_json_path", "objects.inv", "must name a .json file"),
    ("adr_json_path", "_static/data.json", "_static/ is written by Sphinx"),
    ("adr_json_path", ".doctrees/adrs.json", ".doctrees/ is written by Sphinx"),
    ("adr_json_path", "index.html/adrs.json", "a directory of it ends in .html"),
    ("adr_json_path", "a\nb.json", "holds a control character"),
    ("adr_json_path", "x" * 300 + ".json", "longer than file systems allow"),
]


@pytest.mark.parametrize(
    ("name", "value", "why"), REFUSED, ids=[f"{n}-{i}" for i, (n, _v, _w) in enumerate(REFUSED)]
)
def test_values_that_would_raise_later_are_refused_naming_the_setting(
    make_app, tmp_path, name, value, why
):
    app = make_app("html", srcdir=_configured(tmp_path, **{name: value}))
    assert why in bad_setting(app, name, value).message


def test_lint_reports_a_template_that_would_raise_at_its_line_of_conf_py(tmp_path, capsys):
    from sphinxcontrib_adr.cli.commands import main

    srcdir = _configured(tmp_path, adr_title_format="{date[0]}: {title}")
    line = (
        (srcdir / "conf.py")
        .read_text("utf-8")
        .splitlines()
        .index("adr_title_format = '{date[0]}: {title}'")
    )
    # was "internal error", exit 3; then a usage error that linted nothing: now the
    # problem is one ADR problem at its line, and the rest is linted with the default
    assert main(["lint", str(srcdir)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{srcdir / 'conf.py'}:{line + 1}: WARNING: adr_title_format = '{{date[0]}}: {{title}}': "
        "cannot be formatted with id='ADR-0007', title='', status='proposed', date='' "
        "(string index out of range); adr_title_format = '{id}: {title}' (the default) is "
        "used instead [adr.config]"
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://gh/issues/{n[0]}", "cannot be formatted with n='', id='X-1'"),
        ("https://gh/issues/{n.real}", "attribute access is not supported"),
    ],
)
def test_ticket_url_indexing_an_optional_group_is_refused(make_app, tmp_path, url, why):
    tickets = {"GH": (r"GH-(?P<n>\d+)?x?", url)}
    app = make_app("html", srcdir=_configured(tmp_path, adr_tickets=tickets))
    assert why in bad_setting(app, "adr_tickets['GH'] url = ", tickets).message


def test_zero_width_ticket_pattern_is_refused(make_app, tmp_path):
    app = make_app("html", srcdir=_configured(tmp_path, adr_tickets={"GH": (r"\b", None)}))
    warning = bad_setting(app, "adr_tickets['GH'] pattern = ", {"GH": (r"\b", None)})
    assert "can match empty" in warning.message


def test_export_path_shadowing_an_extra_file_is_refused(make_app, tmp_path):
    srcdir = _configured(tmp_path, html_extra_path=["extra"])
    (srcdir / "extra").mkdir()
    (srcdir / "extra" / "adrs.json").write_text("{}", "utf-8")
    # the default itself is in the way: the export is off, said once
    app = make_app("html", srcdir=srcdir)
    (warning,) = adr_warnings(app, "config")
    assert warning.message.startswith("adr_json_path = 'adrs.json': html_extra_path")
    assert warning.message.endswith("; adr_json_path = None (none) is used instead")
    assert app.config.adr_json_path is None


def test_export_that_cannot_be_written_is_a_warning(make_app, tmp_path):
    app = make_app("html", srcdir=_configured(tmp_path, adr_json_path="data/adrs.json"))
    (Path(app.outdir) / "data" / "adrs.json").mkdir(parents=True)
    app.build()
    found = adr_warnings(app, "export")
    assert len(found) == 1
    assert found[0].message.startswith(
        "adr_json_path 'data/adrs.json': the export cannot be written (Is a directory)"
    )


def test_indexable_templates_that_work_for_every_value_are_accepted(make_app, tmp_path):
    srcdir = _configured(
        tmp_path,
        adr_title_format="{id[0]}{id[1]}: {title!r:.40}",
        adr_code_url="https://x/{commit}/{path}#L{line:04d}-{end}",
        adr_tickets={"GH": (r"GH-(?P<n>\d+)", "https://gh/{n:>6}")},
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert adr_warnings(app) == []
    html = (Path(app.outdir) / "decisions" / "0001-pool.html").read_text("utf-8")
    assert 'href="https://gh/     7"' in html
    assert "/src/pool.py#L0001-1" in html
    assert "AD: 'Undated'" in (Path(app.outdir) / "index.html").read_text("utf-8")


# ------------------------------------------------------------ generated configurations

_FIELDS = ["id", "title", "status", "date", "number", "path", "line", "end", "commit", "n"]
_template = st.lists(
    st.one_of(
        st.sampled_from(["ADR-", "x", "{", "}", "#L", "{{", "}}", ":"]),
        st.builds(
            lambda f, access, conv, spec: "{" + f + access + conv + spec + "}",
            st.sampled_from(_FIELDS),
            st.sampled_from(["", "[0]", "[1]", ".real", "[x]", ".upper"]),
            st.sampled_from(["", "!r", "!s"]),
            st.sampled_from(["", ":04d", ":>6", ":c", ":.2", ":x", ":{id}", ":>999", ":%Y"]),
        ),
    ),
    min_size=1,
    max_size=4,
).map("".join)
_regex = st.lists(
    st.sampled_from([r"ADR-\d+", r"\b", "(?=ADR)", "(?P<id>ADR-1)?", "[", "a*", "x", "|", "()"]),
    min_size=1,
    max_size=3,
).map("".join)
_glob = st.lists(
    st.sampled_from(["src", "/", "**", "*", "[z-a]", "[!]", "?", "..", "x"]), min_size=1, max_size=5
).map("".join)
_path = st.one_of(
    st.sampled_from(["adrs.json", "index.html", "_static/x.json", "a/../b.json", "/abs.json"]),
    st.lists(st.sampled_from(["a", "/", ".json", ".html", "\0", "_static", ".."]), max_size=4).map(
        "".join
    ),
)
_anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10**6),
    st.text(max_size=5),
    st.lists(st.one_of(st.text(max_size=4), st.integers(-1, 3)), max_size=3),
    st.dictionaries(st.text(max_size=4), st.one_of(st.text(max_size=4), st.none()), max_size=2),
)
#: every other adr_* value meets values of any type
_OTHERS = [
    "adr_statuses",
    "adr_status_aliases",
    "adr_inactive_statuses",
    "adr_link_kinds",
    "adr_accepted_status",
    "adr_default_status",
    "adr_fields",
    "adr_verdicts",
    "adr_chosen_verdicts",
    "adr_scales",
    "adr_criteria",
    "adr_risk_impact_scale",
    "adr_risk_likelihood_scale",
    "adr_risk_statuses",
    "adr_metric_statuses",
    "adr_consequence_kinds",
    "adr_empty_text",
    "adr_table_interactive",
    "adr_table_page_size",
    "adr_status_colors",
    "adr_referenced_by",
    "adr_code_commit",
    "adr_code_scan_gitignore",
    "adr_tickets_autolink",
    "adr_needs_types",
    "adr_directory",
    "adr_template",
    "adr_code_root",
    "adr_status_banner",
    "adr_style_checks",
    "adr_history",
    "adr_date_from",
    "adr_latex_badges",
    "adr_latex_colors",
]
_SETTINGS = {
    **dict.fromkeys(_OTHERS, _anything),
    "adr_id_format": st.one_of(_template, _anything),
    "adr_title_format": st.one_of(_template, _anything),
    "adr_page_title_format": st.one_of(_template, _anything),
    "adr_code_url": st.one_of(_template, _anything),
    "adr_commit_url": st.one_of(_template, _anything),
    "adr_code_marker": st.one_of(_regex, _anything),
    "adr_code_scan": st.one_of(st.lists(_glob, max_size=3), _anything),
    "adr_code_scan_exclude": st.one_of(st.lists(_glob, max_size=3), _anything),
    "adr_code_keywords": st.one_of(st.lists(st.text(max_size=4), max_size=2), _anything),
    "adr_code_refs_limit": _anything,
    "adr_code_scan_max_bytes": _anything,
    "adr_json_path": st.one_of(_path, _anything),
    # from sphinx-adr: where its ADRs live (the CLI's folder) and the sidebar's home
    "adr_path": st.one_of(_path, _anything),
    "adr_nav_home": st.one_of(_path, _anything),
    # decision health and evidence from tests
    "adr_review_interval": _anything,
    "adr_proposed_max_age": _anything,
    "adr_required_approvals": _anything,
    "adr_confirmation_required": _anything,
    "adr_test_id_pattern": st.one_of(_regex, _anything),
    "adr_test_results": st.one_of(st.lists(_glob, max_size=3), _anything),
    "adr_test_results_max_bytes": _anything,
    "adr_external": st.one_of(
        st.dictionaries(
            st.sampled_from(["platform", "a:b", "local", "", "x.y-z"]),
            st.one_of(_path, st.fixed_dictionaries({"json": _path}), _anything),
            max_size=2,
        ),
        _anything,
    ),
    "adr_external_timeout": _anything,
    "adr_external_cache_limit": _anything,
    "adr_tickets": st.one_of(
        st.dictionaries(st.sampled_from(["GH", ""]), st.tuples(_regex, _template), max_size=1),
        _anything,
    ),
}


def test_generated_values_cover_every_setting(make_app, tmp_path):
    from sphinxcontrib_adr.core.config import all_config_values

    app = make_app("html", srcdir=copy_root("hostile", tmp_path))
    assert sorted(_SETTINGS) == sorted(name for name, *_ in all_config_values(app.config))


def _config_problem(warnings: str) -> str | None:
    """What the one ``adr.config`` warning of a build says is wrong (``None``: none)."""
    found = [w for w in warnings_of(warnings) if w.type == "adr.config"]
    assert len(found) <= 1, warnings
    return found[0].message.split("; adr_", 1)[0] if found else None


def _build_with(line: str) -> tuple[Exception | None, str]:
    """Build a copy of the hostile root with ``line`` added to its conf.py."""
    srcdir = Path(tempfile.mkdtemp(prefix="hostile-src-")) / "root"
    shutil.copytree(ROOTS / "test-hostile", srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(line + "\n")
    try:
        return _build_quietly(srcdir)
    finally:
        shutil.rmtree(srcdir.parent, ignore_errors=True)


def _build_quietly(srcdir: Path) -> tuple[Exception | None, str]:
    out = Path(tempfile.mkdtemp(prefix="hostile-out-"))
    warnings = io.StringIO()
    try:
        app = SphinxTestApp(
            "html", srcdir=srcdir, builddir=out, status=io.StringIO(), warning=warnings
        )
        try:
            app.build()
        finally:
            app.cleanup()
    except ConfigError as err:
        return err, warnings.getvalue()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return None, warnings.getvalue()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "adr_scales = {}",
            "adr_scales has no scale 'level', which the default adr_criteria uses; add it "
            "to adr_scales (it holds none) or set adr_criteria",
        ),
        # the defaults need only 'level' and 'quality': the build goes on
        ("adr_scales = {'level': ['low', 'high'], 'quality': ['bad', 'good']}", None),
        (
            "adr_scales = {'level': ['low', 'high']}",
            "adr_scales has no scale 'quality', which the default adr_criteria uses; add it "
            "to adr_scales (it holds 'level') or set adr_criteria",
        ),
        ("adr_status_banner = 'no'", "adr_status_banner = 'no': must be True or False"),
        ("adr_history = 'true'", "adr_history = 'true': must be True or False"),
        (
            "adr_criteria = {'cost': 'money'}",
            "adr_criteria['cost'] = 'money': must name a scale of adr_scales "
            "(['level', 'quality', 'score'])",
        ),
    ],
)
def test_a_scale_missing_for_a_default_is_blamed_on_adr_scales(setting, message):
    """Found by the generated-values test: ``adr_scales = {}`` was reported as a bad
    ``adr_criteria`` value, which the user never wrote."""
    error, warnings = _build_with(setting)
    assert error is None
    assert _config_problem(warnings) == message


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(sorted(_SETTINGS)).flatmap(lambda n: st.tuples(st.just(n), _SETTINGS[n])))
def test_generated_values_are_refused_naming_the_setting_or_build_cleanly(setting):
    name, value = setting
    error, warnings = _build_with(f"{name} = {value!r}")
    assert error is None  # a bad value is a warning, and the build goes on
    problem = _config_problem(warnings)
    if problem is not None:
        assert problem.startswith((name, f"'{name}'")), problem
    assert "Traceback" not in warnings and "Exception occurred" not in warnings


# ------------------------------------------------------------------ huge listings


def _many_markers(tmp_path: Path, count: int, **values: object) -> Path:
    srcdir = _configured(tmp_path, **values)
    lines = "".join(f"# ADR-0001 step {i}\n" for i in range(count))
    (srcdir / "src" / "steps.py").write_text(lines, "utf-8")
    return srcdir


def _implemented_in(app) -> str:
    html = (Path(app.outdir) / "decisions" / "0001-pool.html").read_text("utf-8")
    field = re.search(r'<dd class="[^"]*adr-implemented-in[^"]*">(.*?)</dd>', html, re.S)
    assert field is not None
    return re.sub(r"<[^>]+>", "", field[1]).strip()


def test_thousands_of_references_are_grouped_and_capped(make_app, tmp_path):
    app = make_app("html", srcdir=_many_markers(tmp_path, 2000, adr_code_refs_limit=4))
    app.build()
    assert _implemented_in(app) == (
        "src/pool.py:1; src/steps.py (2,000): 1, 2, 3 … and 1,997 more "
        "(all 2,001 are listed in adrs.json)"
    )
    index = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert index.count("and 1,997 more") == 2  # the matrix and adr-code are capped too


def test_without_an_export_the_cap_says_how_to_list_all(make_app, tmp_path):
    srcdir = _many_markers(tmp_path, 30, adr_code_refs_limit=2, adr_json_path=None)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert _implemented_in(app) == (
        "src/pool.py:1; src/steps.py (30): 1 … and 29 more (adr_code_refs_limit = 0 lists them all)"
    )


def test_a_limit_of_zero_lists_every_reference(make_app, tmp_path):
    app = make_app("html", srcdir=_many_markers(tmp_path, 60, adr_code_refs_limit=0))
    app.build()
    lines = ", ".join(str(i) for i in range(1, 61))
    assert _implemented_in(app) == f"src/pool.py:1; src/steps.py (60): {lines}"


def test_a_switch_set_to_true_where_a_number_is_expected_falls_back_to_the_number(
    make_app, tmp_path
):
    # found by the generated-values test: True == 1, so the default 1 was taken for
    # the value already tried, and None (not a number either) was tried instead
    app = make_app("html", srcdir=_configured(tmp_path, adr_external_cache_limit=True))
    bad_setting(app, "adr_external_cache_limit", True)
    assert (
        app.config.adr_external_cache_limit == 1 and app.config.adr_external_cache_limit is not True
    )


#: values of the wrong type or shape for nearly every setting (True == 1 in Python,
#: a tuple where a list is expected, a template placeholder nothing fills)
_ODD_VALUES = [True, 1, None, "", "x", [1], {"a": 1}, ("a", "b"), "{x}"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(_SETTINGS))
def test_every_setting_with_odd_values_builds_with_at_most_one_warning(name):
    """Found the defaults that other settings make unusable (``adr_verdicts`` without
    'chosen'), which crashed: no setting's default passed, nor ``None``."""
    for value in _ODD_VALUES:
        error, warnings = _build_with(f"{name} = {value!r}")
        assert error is None, (value, error)
        problem = _config_problem(warnings)  # at most one
        assert problem is None or problem.startswith(("adr_", "'adr_")), (value, problem)
        assert "Traceback" not in warnings and "Exception occurred" not in warnings
