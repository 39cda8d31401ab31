"""Every documented warning subtype is asserted by some test.

Importing every module of the package registers every subtype (features
declare theirs at import time). A subtype counts as tested when a test file
other than this one names it as ``"adr.<name>"`` (a warning type compared
with) or passes it to ``adr_warnings(app, "<name>")``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import sphinxcontrib_adr
from sphinxcontrib_adr.core import warnings as warnings

TESTS = Path(__file__).resolve().parent
CORE = (
    "id",
    "duplicate",
    "status",
    "date",
    "option",
    "value",
    "ref",
    "link",
    "self_link",
    "cycle",
    "status_inconsistent",
    "review",
    "placement",
)


def _all_subtypes() -> list[str]:
    for module in pkgutil.walk_packages(sphinxcontrib_adr.__path__, "sphinxcontrib_adr."):
        if not module.name.endswith("__main__"):  # running it is the CLI
            importlib.import_module(module.name)
    return list(warnings.SUBTYPES)


def _tested_in(name: str) -> list[str]:
    pattern = re.compile(rf"""["']adr\.{name}["']|adr_warnings\([^()]*?,\s*["']{name}["']\s*\)""")
    return [
        path.name
        for path in sorted(TESTS.glob("*.py"))
        if path.name != Path(__file__).name and pattern.search(path.read_text("utf-8"))
    ]


def test_core_subtypes_are_registered():
    assert set(CORE) <= set(_all_subtypes())


def test_every_registered_subtype_is_asserted_by_a_test():
    untested = [name for name in _all_subtypes() if not _tested_in(name)]
    assert untested == [], f"no test asserts these warning subtypes: {untested}"


def test_every_subtype_is_documented():
    for subtype in warnings.all_subtypes():
        assert re.fullmatch(r"[a-z][a-z_]*", subtype.name), subtype.name
        assert subtype.trigger.strip() and subtype.fix.strip(), subtype.name
