"""A decision that no longer applies says so at the top of its page, and
``adr_page_title_format`` can put the id and status in page titles."""

from __future__ import annotations

import re

import pytest

from util import adr_warnings, bad_setting

PAGES = {
    "conf.py": 'extensions = ["sphinxcontrib_adr"]\n',
    "index.rst": "Log\n===\n\n.. toctree::\n   :glob:\n\n   *\n",
    "0001-sessions.rst": "ADR-0001: Keep sessions in Redis\n"
    "================================\n\n.. adr::\n   :status: superseded\n",
    "0002-cookies.rst": "ADR-0002: Keep sessions in cookies\n"
    "==================================\n\n.. adr::\n   :status: accepted\n"
    "   :supersedes: ADR-0001\n",
    "0003-soap.rst": "ADR-0003: Offer a SOAP API\n==========================\n\n"
    ".. adr::\n   :status: deprecated\n",
    "0004-haskell.rst": "ADR-0004: Write it in Haskell\n=============================\n\n"
    ".. adr::\n   :status: rejected\n",
}


def _project(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in PAGES.items():
        (src / name).write_text(text, "utf-8")
    return src


def _banner(html: str) -> str | None:
    found = re.search(r'<div class="adr-banner [^"]*">\s*<p>(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else None


def _page(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text("utf-8")


def test_inactive_decisions_start_with_a_banner_naming_what_replaced_them(make_app, tmp_path):
    app = make_app("html", srcdir=_project(tmp_path), freshenv=True)
    app.build()
    assert adr_warnings(app) == []
    old = _page(app, "0001-sessions")
    assert _banner(old) == "No longer in force: superseded by ADR-0002: Keep sessions in cookies."
    assert 'class="adr-banner adr-status-superseded' in old
    # before the metadata block, right under the title
    assert old.index("adr-banner") < old.index('<dl class="adr-meta')
    assert 'href="0002-cookies.html#adr-0002"' in old[old.index("adr-banner") :]
    assert _banner(_page(app, "0003-soap")) == "No longer in force: deprecated."
    assert _banner(_page(app, "0004-haskell")) == "Not in force: rejected."
    assert _banner(_page(app, "0002-cookies")) is None


def test_banner_is_in_text_output_and_can_be_turned_off(make_app, tmp_path):
    text_app = make_app("text", srcdir=_project(tmp_path), freshenv=True)
    text_app.build()
    text = (text_app.outdir / "0001-sessions.txt").read_text("utf-8")
    banner = "**No longer in force: superseded** by *ADR-0002: Keep sessions in cookies*."
    assert " ".join(text.split("\n\n")[1].split()) == banner
    off = make_app(
        "html",
        srcdir=tmp_path / "src",
        builddir=tmp_path / "off",
        freshenv=True,
        confoverrides={"adr_status_banner": False},
    )
    off.build()
    assert _banner(_page(off, "0001-sessions")) is None


def test_page_title_format_puts_id_and_status_in_titles_and_navigation(make_app, tmp_path):
    app = make_app(
        "html",
        srcdir=_project(tmp_path),
        freshenv=True,
        confoverrides={"adr_page_title_format": "{id}: {title}{inactive}"},
    )
    app.build()
    old = _page(app, "0001-sessions")
    assert re.search(r"<title>ADR-0001: Keep sessions in Redis \(superseded\)", old)
    assert "<h1>ADR-0001: Keep sessions in Redis (superseded)" in old
    nav = re.findall(r'<li class="toctree-l1"><a [^>]*>(.*?)</a>', _page(app, "index"))
    assert nav == [
        "ADR-0001: Keep sessions in Redis (superseded)",
        "ADR-0002: Keep sessions in cookies",
        "ADR-0003: Offer a SOAP API (deprecated)",
        "ADR-0004: Write it in Haskell (rejected)",
    ]
    # references keep adr_title_format: the title itself did not change
    assert app.env.domains["adr"].get("ADR-0001").title == "Keep sessions in Redis"


@pytest.mark.parametrize("value", ["{id}: {name}", 7])
def test_bad_page_title_format_is_a_config_error(make_app, tmp_path, value):
    app = make_app(
        "html", srcdir=_project(tmp_path), confoverrides={"adr_page_title_format": value}
    )
    bad_setting(app, "adr_page_title_format", value)
