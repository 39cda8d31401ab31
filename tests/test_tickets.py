"""Ticket patterns: what is linked in ADR text, trackers without URLs, the index filter."""

from __future__ import annotations

import pytest

from sphinxcontrib_adr.trace.tickets import find_tickets
from sphinxcontrib_adr.trace.validated import TicketScheme, _scheme
from util import adr_warnings

ADR = """\
ADR-0001: Broad patterns
========================

.. adr::
   :status: accepted
   :tickets: OPS-7

See ADR-0001 and OPS-8; ``OPS-9`` stays literal; INC42 has no URL.
"""


def _project(tmp_path, conf: str, index: str = "") -> object:
    (tmp_path / "conf.py").write_text("extensions = ['sphinxcontrib_adr']\n" + conf)
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   0001-broad\n\n" + index)
    (tmp_path / "0001-broad.rst").write_text(ADR)
    return tmp_path


BROAD = (
    "adr_tickets = {'ANY': (r'[A-Z]+-\\d+', 'https://t.example/{id}'),"
    " 'INC': (r'INC(?P<n>\\d+)', None)}\n"
)


@pytest.fixture
def broad(make_app, tmp_path):
    app = make_app(
        "html", srcdir=_project(tmp_path, BROAD, ".. adr-tickets::\n   :trackers: INC\n")
    )
    app.build()
    return app


def test_a_pattern_that_also_matches_adr_ids_does_not_link_them(broad):
    html = (broad.outdir / "0001-broad.html").read_text()
    assert 'href="https://t.example/OPS-8"' in html
    assert 'href="https://t.example/ADR-0001"' not in html
    assert "https://t.example/OPS-9" not in html


def test_a_tracker_without_url_marks_the_ticket_without_linking(broad):
    html = (broad.outdir / "0001-broad.html").read_text()
    assert '<span class="adr-ticket">INC42</span>' in html
    assert adr_warnings(broad) == []


def test_ticket_index_can_be_limited_to_trackers(broad):
    html = (broad.outdir / "index.html").read_text()
    table = html[html.index("adr-ticket-index") : html.index("</table>")]
    assert "INC42" in table and "OPS-7" not in table


def test_autolink_can_be_switched_off(make_app, tmp_path):
    conf = BROAD + "adr_tickets_autolink = False\n"
    app = make_app("html", srcdir=_project(tmp_path, conf))
    app.build()
    html = (app.outdir / "0001-broad.html").read_text()
    assert 'href="https://t.example/OPS-7"' in html  # the declared value still is
    assert "https://t.example/OPS-8" not in html


def test_without_trackers_tickets_are_plain_and_unchecked(make_app, tmp_path):
    app = make_app("html", srcdir=_project(tmp_path, "", ".. adr-tickets::\n"))
    app.build()
    assert adr_warnings(app) == []
    html = (app.outdir / "index.html").read_text()
    assert ">OPS-7<" in html  # still indexed, as text


def test_unknown_tracker_in_index_option_warns(make_app, tmp_path):
    index = ".. adr-tickets::\n   :trackers: NOPE\n"
    app = make_app("html", srcdir=_project(tmp_path, BROAD, index))
    app.build()
    (warning,) = adr_warnings(app, "value")
    assert warning.basename == "index.rst" and "ANY, INC" in warning.message


def test_find_tickets_prefers_leftmost_longest_and_respects_word_bounds():
    schemes: list[TicketScheme] = [
        _scheme("GH", (r"#\d+", None)),
        _scheme("JIRA", (r"[A-Z]+-\d+", None)),
    ]
    text = "fixes #12, ABC-3 and XABC-3x, not a#4 nor PRE-ABC-5"
    found = [m[0] for _s, _e, _scheme_, m in find_tickets(schemes, text)]
    assert found == ["#12", "ABC-3"]
