"""The example projects shipped with the manual (``docs/examples/projects``).

``docs/conf.py`` reads their committed ``adrs.json`` (the guide page
"Decisions across projects" lists them); each must be what building its
project writes now, or the manual shows stale decisions.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from util import warnings_of

PROJECTS = Path(__file__).resolve().parent.parent / "docs" / "examples" / "projects"


def _comparable(data: dict[str, object]) -> dict[str, object]:
    # what changes with the installed version or the build time, not with the decisions
    return {k: v for k, v in data.items() if k not in ("generator", "generated")}


@pytest.mark.parametrize("name", ["payments", "storefront"])
def test_committed_example_export_is_what_its_project_writes(make_app, tmp_path, name):
    # a copy, next to a copy of what it reads (storefront reads ../payments/adrs.json)
    for other in ("payments", "storefront"):
        shutil.copytree(PROJECTS / other, tmp_path / other, ignore=shutil.ignore_patterns("_build"))
    app = make_app("adr-json", srcdir=tmp_path / name, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    written = json.loads((Path(app.outdir) / "adrs.json").read_text("utf-8"))
    committed = json.loads((PROJECTS / name / "adrs.json").read_text("utf-8"))
    assert _comparable(written) == _comparable(committed), (
        f"docs/examples/projects/{name}/adrs.json is stale: run "
        "python docs/examples/projects/update.py and commit the result"
    )
