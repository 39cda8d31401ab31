"""sphinx-adr import reads an outcome the way a reader does: the option on the
line or bullet after ``Chosen option:``, named by its label, its bold or code
text, a prefix or a shortened form, in prose or a bullet under the outcome;
options written as labelled paragraphs or headings; titles without numbering or
marks, never two alike; an outcome that fits two options is reported.

The fixtures in ``fixtures/outcomes`` were written for these tests, one shape a
file (none is copied from a real log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_structure import alternatives, imported

FIXTURES = Path(__file__).parent / "fixtures" / "outcomes"

#: fixture -> (title, verdict) of each option as the build records it
EXPECTED = {
    "0001-next-line.md": [("PostgreSQL", "rejected"), ("SQLite", "chosen")],
    "0002-bullet.md": [("PostgreSQL", "rejected"), ("SQLite", "chosen")],
    "0003-label.md": [("Derive the key from the title", "chosen"), ("Ask the user", "rejected")],
    "0004-proposed.md": [
        ("Transform in the browser", "rejected"),
        ("Transform on the server", "chosen"),
    ],
    "0005-paragraphs.md": [("Cache in memory", "rejected"), ("Cache on disk", "chosen")],
    "0006-headings-decision.md": [("Use RabbitMQ", "rejected"), ("Use the database", "chosen")],
    "0007-code.md": [
        ("Read them with tomllib", "chosen"),
        ("Read them with configparser", "rejected"),
    ],
    "0008-prose.md": [("Structured JSON lines", "chosen"), ("Plain text lines", "rejected")],
    "0009-outcome-bullet.md": [
        ("Structured JSON lines", "rejected"),
        ("Plain text lines", "chosen"),
    ],
    "0010-ambiguous.md": [
        ("JSON lines for machines", "considered"),
        ("JSON lines for people", "considered"),
    ],
    "0011-titles.md": [
        ("Keep the old names", "rejected"),
        ("rename everything", "rejected"),
        ("ADR 001 - naming", "chosen"),
    ],
    "0012-clash.md": [
        ("Host on GitHub Pages with Actions", "rejected"),
        ("Host on GitHub Pages with a branch", "rejected"),
        ("Host on Netlify", "chosen"),
    ],
    "0013-details.md": [("Webpack bundler", "rejected"), ("esbuild", "chosen")],
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[str], str]:
    files = {p.name: p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.md"))}
    capsys = _Capture()
    return imported(tmp_path_factory.mktemp("outcomes"), capsys, files)


class _Capture:
    """``capsys`` for a module fixture: the report is read from stdout here."""

    def readouterr(self) -> tuple[str, str]:
        import sys

        out = sys.stdout.getvalue() if hasattr(sys.stdout, "getvalue") else ""
        return out, ""


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_outcome_shape_marks_the_option_a_reader_sees_chosen(outcomes, name):
    data, _warnings, _out = outcomes
    adr = next(a for a in data.values() if a["docname"].endswith(name.removesuffix(".md")))
    assert [(a[0], a[1]) for a in alternatives(adr)] == EXPECTED[name]


def test_the_imported_shapes_build_without_a_warning(outcomes):
    _data, warnings, _out = outcomes
    assert warnings == []


def test_labels_move_into_ids_and_titles_lose_their_marks(tmp_path, capsys):
    files = {
        n: (FIXTURES / n).read_text("utf-8")
        for n in ("0001-next-line.md", "0003-label.md", "0011-titles.md")
    }
    data, warnings, _out = imported(tmp_path, capsys, files)
    assert warnings == []
    ids = [a["id"] for a in data["ADR-0003"]["children"]["alternative"]]
    assert ids == ["ADR-0003.option-1", "ADR-0003.option-2"]
    page = (tmp_path / "site" / "decisions" / "0011-titles.md").read_text("utf-8")
    assert "~~~{alternative} Keep the old names\n" in page
    assert "~~~{alternative} [ADR 001 - naming](0001-next-line.md)\n" in page
    assert "\nfollow the earlier rule\n" in page


def test_an_outcome_that_fits_two_options_is_reported(tmp_path, capsys):
    text = (FIXTURES / "0010-ambiguous.md").read_text("utf-8")
    _data, _warnings, out = imported(tmp_path, capsys, {"0010-ambiguous.md": text})
    assert (
        "warning: log/0010-ambiguous.md: the decision outcome names 2 options ('JSON lines for "
        "machines', 'JSON lines for people'); none is marked chosen, give the alternatives "
        "their :verdict:"
    ) in out.splitlines()


def test_options_that_only_their_label_tells_apart_keep_it(tmp_path, capsys):
    text = (
        "# Pick\n\n## Considered Options\n\n### Option 1: [Name]\n\nOne.\n\n"
        "### Option 2: [Name]\n\nTwo.\n\n## Decision Outcome\n\nChosen option: Option 2.\n"
    )
    data, warnings, _out = imported(tmp_path, capsys, {"0001-pick.md": text})
    assert warnings == []
    assert [(a[0], a[1]) for a in alternatives(data["ADR-0001"])] == [
        ("Option 1: [Name]", "rejected"),
        ("Option 2: [Name]", "chosen"),
    ]
