"""Random option values, titles and bodies never break the build.

Each example is a tiny project (an index and one ADR page) built from
scratch, in reST or MyST, with the ADR in the section form (title as the
heading) or the compact form (title as the argument). Whatever the input: no
traceback, the build finishes, the paragraph after the directive renders, and
``<script>`` never reaches the HTML unescaped.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_adr.core.config import BUILTIN_OPTIONS

SENTINEL = "Sentinel paragraph after the directive."
SCRIPT = "<script>alert(1)</script>"

KNOWN = (*BUILTIN_OPTIONS, "supersedes", "superseded-by", "amends", "amended-by", "relates")
INTERESTING = (
    "",
    "   ",
    "accepted (2021-03-04)",
    "Approved",
    "superceded",
    "accepted (2021-02-30)",
    "2026-13-45",
    "9999-99-99",
    "ADR-0042",
    "adr-0001, ADR-0042",
    "ADR 0001",
    "a,,b,",
    "*ADR*-1",
    "`x`",
    ":x:",
    "'",
    '"quoted',
    "[a, b]",
    "{x: y}",
    "- a",
    "|",
    ">",
    "\\",
    "%s {0} {id}",
    SCRIPT,
    "قرار",
    "决定",
)

# one line of text: no line breaks of any kind (str.splitlines() ones included)
_LINE = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
)
VALUES = st.one_of(st.sampled_from(INTERESTING), st.text(_LINE, max_size=40))
NAMES = st.one_of(st.sampled_from(KNOWN), st.from_regex(r"\A[a-z][a-z0-9_-]{0,10}\Z"))
OPTIONS = st.lists(st.tuples(NAMES, VALUES), max_size=6, unique_by=lambda kv: kv[0])
TITLES = st.one_of(
    st.sampled_from([SCRIPT, f"{SCRIPT} title", "قرار: استخدام قاعدة البيانات", "ADR-0042: T"]),
    st.text(_LINE, min_size=1, max_size=40).map(str.strip).filter(bool),
)
# body lines start with a letter and avoid the few characters that open a block
# running to the end of the document by the language's own rules (MyST fences
# and raw HTML blocks): those would swallow the sentinel whatever we do
_BODY_LINE = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abcxyzÄé"),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="`~<"),
        max_size=50,
    ),
)
BODIES = st.lists(_BODY_LINE, max_size=3)


def _page(syntax: str, compact: bool, title: str, options, body: list[str]) -> str:
    text = "\n\n".join(body)
    if syntax == "rst":
        opts = "".join(f"   :{k}: {v}\n" if v else f"   :{k}:\n" for k, v in options)
        if compact:
            content = "".join(f"   {line}\n\n" for line in body)
            return f"Page\n====\n\n.. adr:: {title}\n{opts}\n{content}\n{SENTINEL}\n"
        underline = "=" * (2 * len(title) + 2)
        return f"{title}\n{underline}\n\n.. adr::\n{opts}\n{text}\n\n{SENTINEL}\n"
    opts = "".join(f":{k}: {v}\n" if v else f":{k}:\n" for k, v in options)
    if compact:
        return f"# Page\n\n:::{{adr}} {title}\n{opts}\n{text}\n:::\n\n{SENTINEL}\n"
    return f"# {title}\n\n:::{{adr}}\n{opts}:::\n\n{text}\n\n{SENTINEL}\n"


def _build(syntax: str, page: str) -> None:
    from sphinx.testing.util import SphinxTestApp

    ext = "rst" if syntax == "rst" else "md"
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp) / "src"
        srcdir.mkdir()
        extensions = ["sphinxcontrib_adr"] + (["myst_parser"] if syntax == "myst" else [])
        conf = f"extensions = {extensions!r}\nmyst_enable_extensions = ['colon_fence']\n"
        (srcdir / "conf.py").write_text(conf, "utf-8")
        if syntax == "rst":
            index = "Index\n=====\n\n.. toctree::\n\n   0042-prop\n\nSee :adr:`ADR-0042`.\n"
        else:
            index = "# Index\n\n```{toctree}\n0042-prop\n```\n\nSee {adr}`ADR-0042`.\n"
        (srcdir / f"index.{ext}").write_text(index, "utf-8")
        (srcdir / f"0042-prop.{ext}").write_text(page, "utf-8")
        warning = io.StringIO()
        app = SphinxTestApp(
            "html", srcdir=srcdir, freshenv=True, status=io.StringIO(), warning=warning
        )
        try:
            app.build()
        finally:
            app.cleanup()
        log = warning.getvalue()
        assert "Traceback" not in log and "Exception" not in log, log
        assert app.statuscode == 0
        html = (app.outdir / "0042-prop.html").read_text("utf-8")
        assert SENTINEL in html, (page, log)
        for path in app.outdir.rglob("*.html"):
            assert SCRIPT not in path.read_text("utf-8"), path.name


@pytest.mark.slow
@pytest.mark.parametrize("syntax", ["rst", "myst"])
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI failures reproduce locally
    suppress_health_check=[HealthCheck.too_slow],
)
@given(compact=st.booleans(), title=TITLES, options=OPTIONS, body=BODIES)
def test_random_directive_input_never_breaks_the_build(syntax, compact, title, options, body):
    _build(syntax, _page(syntax, compact, title, options, body))
