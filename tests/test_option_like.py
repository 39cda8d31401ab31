"""A line meant as an option but missing its second colon (``:status accepted``).

docutils does not start an option block there and would take the line as the
compact form's title; MyST reports its own option-format warning. Either way
the author is told at the line, and the section is still an ADR.
"""

from __future__ import annotations

from util import twins, warnings_of


@twins("optionlike")
def test_option_like_line_is_reported_at_its_line_and_the_adr_survives(app, syntax):
    app.build()
    found = {(w.basename, w.line, w.type) for w in warnings_of(app)}
    if syntax == "rst":
        assert ("0001-first.rst", 5, "adr.option") in found
        message = next(w.message for w in warnings_of(app) if w.type == "adr.option")
        assert "write ':status: value'" in message
    else:
        assert ("0001-first.md", 4, "myst.directive_option") in found
    adr = app.env.domains["adr"].get("ADR-0001")
    assert adr is not None and adr.title == "First decision" and not adr.compact
    html = (app.outdir / "0001-first.html").read_text("utf-8")
    assert "Text after the directive still renders." in html
    assert "adr-meta" in html


def test_a_myst_option_continued_on_a_new_line_is_one_warning_at_that_line(make_app, tmp_path):
    """MyST ends the options at ``  B``: deciders is ``A,`` and ``:tags: t`` becomes text."""
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr", "myst_parser"]\n')
    (tmp_path / "index.rst").write_text(".. toctree::\n\n   0001-a\n")
    (tmp_path / "0001-a.md").write_text(
        "# 1. A\n\n```{adr}\n:deciders: A,\n  B\n:tags: t\n```\n\nText.\n"
    )
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    assert [(w.basename, w.line, w.type, w.message) for w in warnings_of(app)] == [
        (
            "0001-a.md",
            5,
            "adr.option",
            "adr: 'B' continues an option on a new line, which MyST does not read: the "
            "options end there and the lines after it are body text; write each option "
            "on one line",
        )
    ]
