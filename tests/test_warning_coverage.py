"""Every documented warning subtype is asserted by some test, and can be emitted.

A subtype counts as tested when a test file other than this one names it in
its code: a string holding ``adr.<name>`` (a warning type compared with, a
``[adr.<name>]`` line), ``adr_warnings(app, "<name>")`` or ``subtype="<name>"``.
Comments and docstrings do not count: a test that only mentions a subtype
asserts nothing about it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sphinxcontrib_adr.core import warnings as warnings

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "sphinxcontrib_adr"
_TYPE_RE = re.compile(r"(?<![\w.])adr\.([a-z_]+)(?!\w)")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def names_in_code(source: str) -> set[str]:
    """The subtypes a test file's code names (not its comments or docstrings)."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                names.update(_TYPE_RE.findall(node.value))
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            args = node.args[1:2] if called == "adr_warnings" else []
            args += [k.value for k in node.keywords if k.arg == "subtype"]
            names.update(a.value for a in args if isinstance(a, ast.Constant))
    return names


def _tested() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(TESTS.glob("*.py")):
        if path.name != Path(__file__).name:
            for name in names_in_code(path.read_text("utf-8")):
                found.setdefault(name, []).append(path.name)
    return found


def test_a_subtype_named_only_in_a_comment_or_docstring_is_not_tested():
    source = (
        '"""Checks adr.link."""\n'
        "# asserts adr.cycle\n"
        "def test_x(app):\n"
        '    """adr.ref too."""\n'
        '    assert adr_warnings(app, "id") and w.type == "adr.duplicate"\n'
        '    assert "x.py:3: WARNING: bad [adr.status]" in text\n'
        '    assert adr_warnings(app, subtype="date")\n'
    )
    assert names_in_code(source) == {"id", "duplicate", "status", "date"}


def test_every_subtype_is_asserted_by_a_test():
    tested = _tested()
    untested = [name for name in warnings.SUBTYPES if name not in tested]
    assert untested == [], f"no test asserts these warning subtypes: {untested}"


def test_every_subtype_can_be_emitted():
    # a documented subtype that no module names is one nobody can hit
    named: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path != PACKAGE / "core" / "warnings.py":
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    named.add(node.value)
    assert [name for name in warnings.SUBTYPES if name not in named] == []


def test_every_subtype_is_documented():
    for subtype in warnings.all_subtypes():
        assert re.fullmatch(r"[a-z][a-z_]*", subtype.name), subtype.name
        assert subtype.trigger.strip() and subtype.fix.strip(), subtype.name
