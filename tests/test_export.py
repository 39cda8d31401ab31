"""adrs.json: contents, schema, reproducibility, configuration."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from sphinxcontrib_adr.core.domain import Target, get_domain
from sphinxcontrib_adr.core.model import ChildRecord
from sphinxcontrib_adr.interop.export import SCHEMA_FILE, dumps, export_data, load_schema, type_name
from util import ROOTS, bad_setting, copy_root, twins

# every project under roots/ (a directory without conf.py is a fixture of another kind)
ALL_ROOTS = sorted(
    p.name.removeprefix("test-") for p in ROOTS.glob("test-*") if (p / "conf.py").is_file()
)


def validate(data: object) -> None:
    jsonschema.Draft202012Validator(load_schema()).validate(data)


def _json(app) -> dict:
    return json.loads((Path(app.outdir) / "adrs.json").read_text("utf-8"))


def test_schema_itself_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(load_schema())
    assert SCHEMA_FILE.name == "adrs-4.schema.json"


@pytest.mark.parametrize("root", ALL_ROOTS)
def test_every_test_root_exports_json_valid_against_the_schema(make_app, tmp_path, root):
    if root.startswith("needs"):
        pytest.importorskip("sphinx_needs")
    app = make_app("adr-json", srcdir=copy_root(root, tmp_path), freshenv=True)
    app.build()
    data = _json(app)
    validate(data)
    assert [a["id"] for a in data["adrs"]] == [a.id for a in get_domain(app.env).adrs()]


@twins("core")
def test_html_build_writes_export_with_fields_relations_and_uris(app, syntax):
    app.build()
    data = _json(app)
    validate(data)
    adrs = {a["id"]: a for a in data["adrs"]}
    new = adrs["ADR-0007"]
    assert new["title"] == "Focus on performance optimization"
    assert (new["status"], new["status_raw"], new["status_date"]) == (
        "accepted",
        "Approved (2026-01-08)",
        "2026-01-08",
    )
    assert new["deciders"] == ["Sergey Grachev", "Ana Lima"]
    assert new["fields"]["teams"] == ["core", "infra"]
    assert new["uri"] == "decisions/0007-focus-on-performance.html#adr-0007"
    suffix = "md" if syntax == "myst" else "rst"
    assert new["source"] == f"decisions/0007-focus-on-performance.{suffix}"
    outgoing = {(r["name"], r["id"]) for r in new["relations"] if r["direction"] == "outgoing"}
    assert ("supersedes", "ADR-0003") in outgoing
    # declared on ADR-0007 only, shown on both ends
    old = adrs["ADR-0003"]
    back = [r for r in old["relations"] if r["direction"] == "incoming"]
    assert {
        "name": "superseded-by",
        "id": "ADR-0007",
        "resolved": True,
        "uri": "decisions/0007-focus-on-performance.html#adr-0007",
    }.items() <= next(r for r in back if r["kind"] == "supersedes").items()
    assert old["links"] == []  # ADR-0003 declares nothing itself
    assert old["active"] is False


def test_two_builds_and_parallel_build_write_identical_bytes(make_app, tmp_path):
    outputs = []
    for index, parallel in enumerate((0, 0, 4)):
        src = copy_root("core-rst", tmp_path / str(index))
        app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
        app.build()
        outputs.append((Path(app.outdir) / "adrs.json").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert b"generated" in outputs[0]  # SOURCE_DATE_EPOCH is set by conftest


def test_no_timestamp_without_source_date_epoch(make_app, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    app = make_app("adr-json", srcdir=copy_root("core-rst", tmp_path), freshenv=True)
    app.build()
    assert "generated" not in _json(app)


def test_export_path_is_configurable_and_can_be_disabled(make_app, tmp_path):
    app = make_app(
        "html",
        srcdir=copy_root("core-rst", tmp_path / "a"),
        freshenv=True,
        confoverrides={"adr_json_path": "data/decisions.json"},
    )
    app.build()
    assert (Path(app.outdir) / "data" / "decisions.json").is_file()
    assert not (Path(app.outdir) / "adrs.json").exists()

    app = make_app(
        "html",
        srcdir=copy_root("core-rst", tmp_path / "b"),
        freshenv=True,
        confoverrides={"adr_json_path": None},
    )
    app.build()
    assert not (Path(app.outdir) / "adrs.json").exists()


def test_export_path_outside_output_directory_is_a_config_error(make_app, tmp_path):
    app = make_app(
        "html",
        srcdir=copy_root("core-rst", tmp_path),
        confoverrides={"adr_json_path": "../escape.json"},
    )
    bad_setting(app, "adr_json_path", "../escape.json")


def test_non_html_builders_write_no_export(make_app, tmp_path):
    app = make_app("text", srcdir=copy_root("core-rst", tmp_path), freshenv=True)
    app.build()
    assert not (Path(app.outdir) / "adrs.json").exists()


@pytest.mark.parametrize(
    ("builder", "uri"),
    [
        ("dirhtml", "decisions/0007-focus-on-performance/#adr-0007"),
        ("singlehtml", "index.html#adr-0007"),
        ("adr-json", "decisions/0007-focus-on-performance.html#adr-0007"),
    ],
)
def test_uris_follow_the_builder(make_app, tmp_path, builder, uri):
    app = make_app(builder, srcdir=copy_root("core-rst", tmp_path), freshenv=True)
    app.build()
    data = _json(app)
    validate(data)
    assert {a["id"]: a["uri"] for a in data["adrs"]}["ADR-0007"] == uri


@dataclass(frozen=True, slots=True)
class SampleRisk(ChildRecord):
    """A stand-in for any feature's child record."""

    docname: str
    lineno: int
    adr: str
    name: str
    scores: tuple[int, ...]
    owners: frozenset[str]

    def target(self) -> Target:
        return Target("risk", f"{self.adr}-{self.name}", self.docname, f"risk-{self.name}", "x")


def test_child_records_are_exported_generically_by_type_name(make_app, tmp_path):
    app = make_app("adr-json", srcdir=copy_root("core-rst", tmp_path), freshenv=True)
    app.build()
    domain = get_domain(app.env)
    docname = "decisions/0007-focus-on-performance"
    domain.add_record(docname, SampleRisk(docname, 30, "adr-0007", "leak", (3, 1), {"b", "a"}))
    data = export_data(domain, lambda doc, anchor: f"{doc}.html#{anchor}")
    validate(json.loads(dumps(data)))
    children = {a["id"]: a["children"] for a in data["adrs"]}["ADR-0007"]
    assert children["sample_risk"] == [
        {
            "docname": docname,
            "lineno": 30,
            "name": "leak",
            "scores": [3, 1],
            "owners": ["a", "b"],
            "id": "adr-0007-leak",
            "anchor": "risk-leak",
            "uri": f"{docname}.html#risk-leak",
        }
    ]
    assert type_name(SampleRisk(docname, 1, "x", "n", (), frozenset())) == "sample_risk"


@pytest.fixture
def serialised(monkeypatch) -> list[str]:
    """The ids of the ADRs whose export entry the builds serialised, in order."""
    from sphinxcontrib_adr.interop import export_cache

    seen: list[str] = []
    original = export_cache.adr_data

    def counting(domain, adr, uri_for):
        seen.append(adr.id)
        return original(domain, adr, uri_for)

    monkeypatch.setattr(export_cache, "adr_data", counting)
    return seen


def test_cached_export_is_byte_identical_to_serialising_every_adr_afresh(make_app, tmp_path):
    from sphinxcontrib_adr.interop.export_cache import uri_maker

    app = make_app("html", srcdir=copy_root("core-rst", tmp_path), freshenv=True)
    app.build()
    fresh = dumps(export_data(get_domain(app.env), uri_maker(app.builder)))
    assert (Path(app.outdir) / "adrs.json").read_text("utf-8") == fresh


def test_rebuild_serialises_only_the_edited_adr_and_its_relations(make_app, tmp_path, serialised):
    src = copy_root("builders-rst", tmp_path / "inc")
    make_app("html", srcdir=src, freshenv=True).build()
    serialised.clear()
    make_app("html", srcdir=src, freshenv=False).build()
    untouched = list(serialised)
    page = src / "decisions/0002-use-postgres.rst"
    text = page.read_text("utf-8").replace(
        "ADR-0002: Use PostgreSQL\n" + "=" * 24, "ADR-0002: Use PostgreSQL 16\n" + "=" * 27
    )
    page.write_text(text, "utf-8")
    serialised.clear()
    app = make_app("html", srcdir=src, freshenv=False)
    app.build()
    edited = list(serialised)
    assert untouched == []
    assert sorted(edited) == ["ADR-0001", "ADR-0002", "ADR-0003"]
    clean_src = copy_root("builders-rst", tmp_path / "clean")
    (clean_src / "decisions/0002-use-postgres.rst").write_text(text, "utf-8")
    clean = make_app("html", srcdir=clean_src, freshenv=True)
    clean.build()
    assert (Path(app.outdir) / "adrs.json").read_bytes() == (
        Path(clean.outdir) / "adrs.json"
    ).read_bytes()
