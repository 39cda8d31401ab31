"""sphinx-adr import: the five real ADR logs convert, build, and lose no word."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.cli.importing import ImportSettings, collect_sources, import_files
from sphinxcontrib_adr.core.foreign import RELATION_WORDS
from util import adr_warnings, require_shared, warnings_of

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
NAMES = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []
#: a test of the corpora: skipped without ../shared, failed in CI (util.require_shared)
needs_corpora = pytest.mark.usefixtures("corpora_present")


@pytest.fixture
def corpora_present() -> None:
    require_shared(CORPORA, "ADR corpora")


#: what the originals state, by corpus: (file stem prefix, relation name, other end)
RELATIONS = {
    "alphagov__govuk-aws": [
        ("0004", "superseded-by", "ADR-0015"),
        ("0015", "supersedes", "ADR-0004"),
        ("0010", "amended-by", "ADR-0017"),
        ("0017", "amends", "ADR-0010"),
    ],
    "JabRef__jabref": [
        ("0006", "relates", "ADR-0001"),  # "* Related to [ADR-0001](...)" under Links
        ("0001", "relates", "ADR-0006"),
        ("0045", "superseded-by", "ADR-0057"),
        ("0057", "supersedes", "ADR-0045"),
    ],
    "thomvaill__log4brains": [
        (
            "20200926-use-the-adr-number",
            "superseded-by",
            "20201016-use-the-adr-slug-as-its-unique-id",
        ),
        (
            "20201016-use-the-adr-slug",
            "supersedes",
            "20200926-use-the-adr-number-as-its-unique-id",
        ),
    ],
}
#: status words of the corpora -> the status they mean
MEANING = {
    "accepted": "accepted",
    "approved": "accepted",
    "pending": "proposed",
    "proposed": "proposed",
    "superseded": "superseded",
    "on hold": "on hold",
    "partly superseded": "partly superseded",
}
_STATUS_RES = (
    re.compile(r"^[-*]\s+Status:\s*(.+)$", re.I | re.M),
    re.compile(r"^## Status\s*\n\s*\n\s*(.+)$", re.I | re.M),
)
_FENCED_RE = re.compile(r"^```.*?^```", re.M | re.S)
_DATE_RE = re.compile(r"^(?:[-*]\s+)?(?:date|Date)\s*:\s*\"?(\d{4}-\d{2}-\d{2})", re.M)


def stated_status(text: str) -> str | None:
    front = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    if front:
        match = re.search(r"^status:\s*\"?([^\"\n]+)", front.group(1), re.M)
        if match:
            return match.group(1).strip()
    body = _FENCED_RE.sub("", text[front.end() :] if front else text)
    for pattern in _STATUS_RES:
        match = pattern.search(body)
        if match:
            return match.group(1).strip()
    return None


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


#: words the structure adds around the text it converts (directive names, options, labels)
STRUCTURE_WORDS = (
    "alternative", "verdict", "chosen", "rejected", "deferred", "considered", "pros",
    "cons", "reason", "consequences", "kind", "positive", "negative", "neutral", "id",
)  # fmt: skip


def _block(text: str) -> tuple[str, str]:
    """``(block, text without it)`` of an imported MyST page."""
    match = re.search(r"^```\{adr\}\n(.*?)^```\n", text, re.M | re.S)
    assert match, "no adr block"
    return match.group(1), text[: match.start()] + text[match.end() :]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every corpus imported with the command line and built with the extension."""
    from sphinx.testing.util import SphinxTestApp

    results = {}
    for name in NAMES:
        root = tmp_path_factory.mktemp(name)
        out = root / "decisions"
        code = main(["import", str(CORPORA / name), "--out", str(out)])
        assert code == 0
        settings = ImportSettings(aliases={"approved": "accepted", "pending": "proposed"})
        result = import_files(collect_sources([CORPORA / name]), settings)
        conf = ['extensions = ["sphinxcontrib_adr", "myst_parser"]', 'project = "log"']
        conf += [line for line in result.conf_lines(settings) if "myst_parser" not in line]
        (root / "conf.py").write_text("\n".join(conf) + "\n", "utf-8")
        (root / "index.rst").write_text(
            "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n", "utf-8"
        )
        app = SphinxTestApp("adr-json", srcdir=root, freshenv=True)
        try:
            app.build()
            data = json.loads((Path(app.outdir) / "adrs.json").read_text("utf-8"))
            results[name] = (result, data, adr_warnings(app), root)
        finally:
            app.cleanup()
    return results


@needs_corpora
def test_corpora_hold_161_adrs_and_all_convert(imported):
    assert sum(len(r[0].files) for r in imported.values()) == 161
    for name, (result, data, _warnings, _root) in imported.items():
        assert result.errors == [], name
        assert len(data["adrs"]) == len(result.files), name


@needs_corpora
def test_imported_logs_build_without_adr_warnings(imported):
    for name, (_result, _data, warnings, _root) in imported.items():
        assert warnings == [], name


@needs_corpora
@pytest.mark.parametrize("name", NAMES)
def test_statuses_and_dates_land_as_the_originals_state_them(imported, name):
    result, data, _warnings, _root = imported[name]
    by_source = {f"decisions/{item.source.stem}": item.source for item in result.files}
    checked = 0
    for adr in data["adrs"]:
        text = by_source[adr["docname"]].read_text("utf-8")
        stated = stated_status(text)
        if stated is None:
            assert adr["status_raw"] == "", adr["id"]
        else:
            word = re.split(r"[;(\[]| by\b", stated, maxsplit=1)[0].strip(" *").lower()
            assert adr["status_raw"].lower() == word, adr["id"]
            assert adr["status"] == MEANING[word], adr["id"]
            checked += 1
        front = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
        date = _DATE_RE.search(front.group(1) if front else "") or _DATE_RE.search(
            _FENCED_RE.sub("", text)
        )
        assert adr["date"] == (date.group(1) if date else None), adr["id"]
    assert checked == {"JabRef__jabref": 6, "adr__madr": 1}.get(name, len(data["adrs"]))


@needs_corpora
@pytest.mark.parametrize("name", NAMES)
def test_relations_land_on_both_ends(imported, name):
    _result, data, _warnings, _root = imported[name]
    relations = {
        (adr["docname"].split("/")[-1], r["name"], r["id"])
        for adr in data["adrs"]
        for r in adr["relations"]
    }
    expected = RELATIONS.get(name, [])
    for prefix, relation, other in expected:
        assert any(
            doc.removeprefix("docs__adr__").startswith(prefix) and (rel, oid) == (relation, other)
            for doc, rel, oid in relations
        ), (prefix, relation, other)
    assert all(r["resolved"] for adr in data["adrs"] for r in adr["relations"])
    assert len(relations) == len(expected)


@needs_corpora
@pytest.mark.parametrize("name", NAMES)
def test_no_word_of_the_original_text_is_lost(imported, name):
    result, data, _warnings, root = imported[name]
    titles = {adr["id"]: adr["title"] for adr in data["adrs"]}
    for item in result.files:
        source = item.source.read_text("utf-8")
        block, rest = _block((root / "decisions" / item.name).read_text("utf-8"))
        original, kept = words(source), words(rest)
        # metadata may move: the block's values, the labels that introduced them, and
        # the names of the ADRs a relation pointed at (now written as ids)
        allowed = set(words(block)) | {
            "status", "date", "deciders", "decision", "makers", "tags", "by", "links",
            "md", *(w for phrase in RELATION_WORDS for w in words(phrase)),
        }  # fmt: skip
        for _option, target in item.links:
            allowed |= set(words(titles.get(target, ""))) | set(words(target))
        for relation in item.relations:
            allowed |= set(words(relation.target)) | set(words(relation.text))
        # a stale number left in a title is removed, and the report names it
        for warning in item.warnings:
            allowed |= set(re.findall(r"^the title's number (\d+) ", warning))
        # the structure may drop list enumerators and adds directive syntax, and repeats
        # the title of an option that stays a section (the alternative under it)
        structure = item.structure
        assert structure is not None
        allowed |= set(re.findall(r"^\s*(\d+)[.)]\s", source, re.M))
        added = set(STRUCTURE_WORDS)
        for option in structure.options:
            added |= set(words(option.title))
        added |= {w for line in re.findall(r"^:id: (.*)$", rest, re.M) for w in words(line)}
        # an option's label moves into its :id:, and a listed option's name (its link
        # included) is the title of its subsection's alternative
        allowed |= {w for line in re.findall(r"^:id: (.*)$", rest, re.M) for w in words(line)}
        titles_written = {
            w for line in re.findall(r"\{alternative\} (.*)$", rest, re.M) for w in words(line)
        }
        added |= titles_written
        allowed |= titles_written  # the title moved before the :id: that took its label
        matcher = difflib.SequenceMatcher(None, original, kept, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("delete", "replace"):
                lost = [w for w in original[i1:i2] if w not in allowed]
                assert lost == [], (item.name, original[i1:i2])
            if op in ("insert", "replace"):
                new = [w for w in kept[j1:j2] if w not in added]
                assert new == [], (item.name, kept[j1:j2])


def test_status_variants_relations_and_dates_in_status_text(tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    (log / "0001-first.md").write_text("# 1. First\n\n## Status\n\nAcepted on 2021-03-04\n")
    (log / "0002-second.md").write_text(
        "---\nstatus: 'accepted; supersedes ADR-0001'\ndate: 2021-3-5\nlayout: adr\n---\n"
        "# Second\n\nBody text stays.\n"
    )
    (log / "0003-third.md").write_text(
        "# Third\n\n**Status:** Superseded by [4. Fourth](0004-fourth.md)  \n"
        "**Deciders:** Ana, Bo\n\nText.\n"
    )
    (log / "0004-fourth.md").write_text("# Fourth\n\n* Status: approved\n* Tags: a, b\n")
    result = import_files(collect_sources([log]), ImportSettings(aliases={"approved": "accepted"}))
    texts = {f.name: f.text for f in result.files}
    assert ":status: accepted (2021-03-04)" in texts["0001-first.md"]
    assert "## Status" not in texts["0001-first.md"]
    assert any("'acepted' read as 'accepted'" in w for w in result.warnings)
    second = texts["0002-second.md"]
    assert second.startswith("---\nlayout: adr\n---\n# Second\n")
    assert ":supersedes: ADR-0001" in second and ":date: 2021-03-05" in second
    third = texts["0003-third.md"]
    assert ":superseded-by: ADR-0004" in third and ":deciders: Ana, Bo" in third
    assert ":status: Superseded\n" in third
    fourth = texts["0004-fourth.md"]
    assert ":status: approved" in fourth and ":tags: a, b" in fourth


def test_colliding_numbers_get_distinct_ids_with_the_number_kept(tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    for name in ("0095-one.md", "0095-two.md", "0095-three.md", "0096-four.md"):
        (log / name).write_text(f"# {name}\n\n## Status\n\nAccepted\n")
    result = import_files(collect_sources([log]), ImportSettings())
    assert [(f.name, f.adr_id) for f in result.files] == [
        ("0095-one.md", "ADR-0095"),
        ("0095-three.md", "ADR-0095b"),
        ("0095-two.md", "ADR-0095c"),
        ("0096-four.md", "ADR-0096"),
    ]
    assert ":id: ADR-0095c\n" in result.files[2].text


def test_rst_and_sphinx_adr_sources_convert_to_rst(tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    (log / "0001-nygard.rst").write_text(
        "1. Use reST\n===========\n\n:Date: 2020-01-02\n\nStatus\n------\n\nAccepted\n\n"
        "Supersedes `0 <0000-old.html>`_\n\nContext\n-------\n\nWords.\n"
    )
    (log / "0002-sphinx-adr.rst").write_text(
        "ADR-0002: Switch\n================\n\n.. adr::\n   :status: Proposed\n"
        "   :date: 2024-04-18\n   :authors: Diana, Charlie\n   :tags: db\n"
        "   :superseded-by: adr/0003-later\n\n   We propose a switch.\n\nContext\n-------\n\nX.\n"
    )
    result = import_files(collect_sources([log]), ImportSettings())
    texts = {f.name: f.text for f in result.files}
    first = texts["0001-nygard.rst"]
    assert "   :status: Accepted\n   :date: 2020-01-02\n   :supersedes: ADR-0000" in first
    assert "Status\n------" not in first and "Words." in first
    second = texts["0002-sphinx-adr.rst"]
    assert "   :deciders: Diana, Charlie" in second
    assert "   :superseded-by: ADR-0003" in second
    assert "\nWe propose a switch.\n" in second


def test_unparseable_front_matter_is_kept_as_a_comment_and_reported(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "log"
    log.mkdir()
    (log / "0001-bad.md").write_text("---\nstatus: [unclosed\n  nested: {a: 1}\n---\n# Bad\n")
    (log / "0002-good.md").write_text("# Good\n\nDate: 2020-01-01\n")
    code = main(["import", str(log), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 0
    assert (
        "warning: log/0001-bad.md: the front matter is not YAML MyST can read (line 3: "
        "expected ',' or ']', but got ':'): it is kept word for word "
        "as a comment at the top of the page, and none of its keys is read"
    ) in captured.out.splitlines()
    assert (
        (tmp_path / "out" / "0001-bad.md")
        .read_text()
        .startswith("% ---\n% status: [unclosed\n%   nested: {a: 1}\n% ---\n# Bad\n")
    )
    assert (tmp_path / "out" / "0002-good.md").is_file()


def test_migration_guide_example_is_the_importers_real_output(tmp_path):
    """docs/guide/migrating.rst shows a real ADR before and after: keep it true."""
    example = Path(__file__).resolve().parents[1] / "docs" / "guide" / "migrating"
    log = tmp_path / "log"
    log.mkdir()
    before = example / "0017-terraform-data-structure.md.txt"
    (log / "0017-terraform-data-structure.md").write_text(before.read_text("utf-8"), "utf-8")
    # its relation names ADR 10 of the same log
    (log / "0010-terraform-directory-structure.md").write_text("# 10. T\n", "utf-8")
    result = import_files(collect_sources([log]), ImportSettings())
    after = {f.name: f.text for f in result.files}["0017-terraform-data-structure.md"]
    assert after == (example / "0017-terraform-data-structure.after.md.txt").read_text("utf-8")


@needs_corpora
@pytest.mark.parametrize("name", NAMES)
def test_body_outside_the_moved_metadata_is_byte_identical(imported, name):
    """With ``--structure=off``, lines are only removed (the metadata, and a blank line
    next to it), never added or changed; the one change allowed is a stale title
    number the report names."""
    result, _data, _warnings, _root = imported[name]
    plain = import_files([f.source for f in result.files], ImportSettings(structure=False))
    for item in plain.files:
        source = item.source.read_text("utf-8-sig").split("\n")
        if any(w.startswith("the title's number") for w in item.warnings):
            source = [re.sub(r"^# \d+\. ", "# ", line, count=1) for line in source]
        out = item.text.split("\n")
        start = out.index("```{adr}")
        end = out.index("```", start) + 1
        # the block goes, and the blank lines the import put around it
        while start > 0 and not out[start - 1].strip():
            start -= 1
        while end < len(out) and not out[end].strip():
            end += 1
        rest = "\n".join(out[:start] + out[end:])
        lines = iter(source)
        # every kept line, in order, is a line of the original (a subsequence)
        missing = [line for line in rest.split("\n") if not any(line == s for s in lines)]
        assert missing == [], (item.name, missing)


@needs_corpora
@pytest.mark.parametrize("name", NAMES)
def test_every_option_the_import_reports_is_an_alternative_of_the_build(imported, name):
    """The per-file report (options, verdicts) is what the build holds."""
    result, data, _warnings, _root = imported[name]
    by_doc = {adr["docname"].rsplit("/", 1)[-1]: adr for adr in data["adrs"]}
    for item in result.files:
        assert item.structure is not None
        built = by_doc[item.source.stem]["children"].get("alternative", [])
        verdicts = sorted(a["verdict"] for a in built)
        assert verdicts == sorted(o.verdict for o in item.structure.options), item.name
        assert sum(a["verdict"] == "chosen" for a in built) <= 1, item.name


@needs_corpora
@pytest.mark.parametrize("name", NAMES)
def test_structure_adds_no_warning_of_any_kind_to_the_build(imported, name, tmp_path):
    """Every warning of a corpus imported with the structure is one the same corpus
    imported with ``--structure=off`` gives too (its own images and links that point
    out of the corpus), line numbers aside."""
    from sphinx.testing.util import SphinxTestApp

    _result, _data, _warnings, root = imported[name]
    found = {}
    for mode, folder in (("on", root), ("off", tmp_path)):
        if mode == "off":
            code = main(["import", str(CORPORA / name), "--out", str(folder / "decisions"),
                         "--structure=off"])  # fmt: skip
            assert code == 0
            for conf in ("conf.py", "index.rst"):
                (folder / conf).write_text((root / conf).read_text("utf-8"), "utf-8")
        app = SphinxTestApp("html", srcdir=folder, freshenv=True)
        try:
            app.build()
            found[mode] = sorted({(w.basename, w.message) for w in warnings_of(app)})
        finally:
            app.cleanup()
    assert found["on"] == found["off"]
