"""``sphinx-adr changes --format json`` follows the JSON Schema the package ships
(``interop/schema/changes-1.schema.json``, shown in the manual's JSON reference),
for a range between tags, one up to the working tree, and the pairing cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from test_changes import make_repo
from test_changes_pairing import make_repo as make_moved_repo

from sphinxcontrib_adr.cli.changes import SCHEMA, SCHEMA_FILE, VERSION, load_schema
from sphinxcontrib_adr.cli.commands import main


def output(srcdir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main(["changes", *args, "-C", str(srcdir), "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    data: dict[str, object] = json.loads(out)
    return data


def validate(data: dict[str, object]) -> None:
    jsonschema.Draft202012Validator(load_schema()).validate(data)


def test_the_schema_is_a_valid_draft_2020_12_schema_of_this_version():
    jsonschema.Draft202012Validator.check_schema(load_schema())
    assert SCHEMA_FILE.name == f"changes-{VERSION}.schema.json"
    assert load_schema()["properties"]["schema"] == {"const": SCHEMA}


def test_every_kind_of_change_validates(tmp_path, capsys):
    repo = make_repo(tmp_path, "rst")
    data = output(repo.srcdir, capsys, "v1.0..v2.0")
    kinds = sorted({c["kind"] for c in data["changes"]})  # type: ignore[attr-defined]
    assert kinds == ["added", "removed", "retired", "status", "text"]
    validate(data)


def test_up_to_the_working_tree_validates(tmp_path, capsys):
    repo = make_repo(tmp_path, "myst")
    srcdir = shutil.copytree(repo.srcdir, tmp_path / "copy")
    path = srcdir / "decisions" / "0006-audit.md"
    path.write_text(path.read_text("utf-8").replace("proposed", "rejected"), "utf-8")
    data = output(srcdir, capsys, "v2.0..")
    assert data["to"] == {"revision": None, "commit": None}
    validate(data)


def test_moved_adrs_validate(tmp_path, capsys):
    srcdir = make_moved_repo(tmp_path, "rst")
    validate(output(srcdir, capsys, "v1.0..v2.0"))


@pytest.mark.parametrize(
    ("field", "wrong"),
    [("kind", "moved"), ("lines", -1), ("date", "1 March"), ("before", "")],
)
def test_the_schema_refuses_what_the_manual_rules_out(tmp_path, capsys, field, wrong):
    repo = make_repo(tmp_path, "rst")
    data = output(repo.srcdir, capsys, "v1.0..v2.0")
    entry = next(c for c in data["changes"] if c["kind"] == "status")  # type: ignore[attr-defined]
    entry[field] = wrong
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
