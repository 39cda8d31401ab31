"""Small things a reader notices: separators, repeated values, markers, extras."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from util import twins

REPO = Path(__file__).resolve().parent.parent


def _html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text("utf-8")


@twins("body")
def test_tag_chips_are_separated_by_hidden_commas(app, syntax):
    app.build()
    html = _html(app, "decisions/0001-async-export")
    tags = re.search(r'<dd class="adr-field-tags[^"]*"><p>(.*?)</p>', html).group(1)
    assert tags == (
        '<span class="adr-tag">export</span><span class="adr-sep">,</span> '
        '<span class="adr-tag">database</span>'
    )
    css = (REPO / "sphinxcontrib_adr/static/adr.css").read_text("utf-8")
    assert re.search(r"\.adr-tag \+ \.adr-sep \{[^}]*clip-path: inset\(50%\)", css)


@twins("body", buildername="text")
def test_text_builders_keep_the_comma_between_tags(app, syntax):
    app.build()
    text = (app.outdir / "decisions/0001-async-export.txt").read_text("utf-8")
    assert "Tags:\n   export, database" in text


@twins("body")
def test_risk_card_shows_impact_and_likelihood_once(app, syntax):
    app.build()
    html = _html(app, "decisions/0001-async-export")
    card = html[html.index('id="adr-0001-queue-backup"') :]
    card = card[: card.index("</div>")]
    assert re.findall(r'class="adr-badge adr-(?:impact|likelihood)[^"]*">([^<]*)<', card) == [
        "impact: high",
        "likelihood: medium",
    ]
    # the field list adds only what the badges cannot say: the note
    fields = re.findall(r'<dt class="adr-part-(\w+)', card)
    assert fields == ["impact", "owner", "mitigation"]
    assert '<dd class="adr-part-impact field-odd"><p>delayed exports</p>' in card


@twins("body")
def test_a_single_con_is_a_list_item_like_several(app, syntax):
    app.build()
    html = _html(app, "registers")
    table = html[html.index('id="cons-of-every-option"') :]
    rows = re.findall(r'<tr class="row-(?:odd|even)">(.*?)</tr>', table, re.S)[1:4]
    cons = [re.findall(r"<td>(.*?)</td>", row, re.S)[1] for row in rows]
    # Sync REST has two cons, Async job and Streaming one each: all are lists
    assert [len(re.findall(r"<li>", c)) for c in cons] == [2, 1, 1]
    assert all(c.lstrip().startswith('<ul class="simple">') for c in cons)


def test_docs_extra_installs_only_what_the_manual_loads():
    extra = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]["docs"]
    names = {re.split(r"[<>=\[ ]", spec, maxsplit=1)[0].replace("-", "_") for spec in extra}
    conf = (REPO / "docs/conf.py").read_text("utf-8")
    used = set(re.findall(r'"(\w+)"', conf.split("extensions = [", 1)[1].split("]", 1)[0]))
    used.add(re.search(r'html_theme = "(\w+)"', conf).group(1))
    assert names <= used, names - used
    assert "sphinx_needs" not in names


@twins("query")
def test_each_adr_table_row_carries_its_whole_record_hidden(app, syntax):
    app.build()
    html = _html(app, "display")
    records = re.findall(r'<span class="adr-record" hidden="hidden" ([^>]*)>(.*?)</span>', html)
    by_id = {text.split()[0]: (attrs, text) for attrs, text in records}
    attrs, text = by_id["ADR-0005"]
    assert attrs == 'data-status="rejected" data-tags="database"'
    assert text == "ADR-0005 Drop MySQL support rejected 2024-11-20 Chidi Okafor database"
