"""sphinx-adr import reads the options a log turned down: a "Rejected
Alternatives" or "Rejected Options" section (any level, reST and MyST), one
subsection per option or a definition list, becomes ``alternative`` directives
with ``:verdict: rejected``, and the report says so; "Alternatives Considered"
and "Options Considered" written as definition lists are options too.

The fixtures in ``fixtures/rejected`` were written for these tests (none is
copied from a real log)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_structure import alternatives, imported

FIXTURES = Path(__file__).parent / "fixtures" / "rejected"

#: fixture -> (title, verdict) of each option as the build records it
EXPECTED = {
    "0001-subsections.rst": [("Sticky sessions", "rejected"), ("Signed cookies", "rejected")],
    "0002-deflist.rst": [("Plain text", "rejected"), ("logfmt (a format)", "rejected")],
    "0003-considered.rst": [
        ("RabbitMQ", "rejected"),
        ("Kafka", "rejected"),
        ("The database", "chosen"),
    ],
    "0004-subsections.md": [("Sticky sessions", "rejected"), ("Signed cookies", "rejected")],
    "0005-deflist.md": [("Plain text", "rejected"), ("logfmt", "rejected")],
    "0006-considered.md": [
        ("RabbitMQ", "rejected"),
        ("Kafka", "rejected"),
        ("The database", "chosen"),
    ],
    "0007-listed-too.md": [
        ("Sphinx", "chosen"),
        ("MkDocs", "rejected"),
        ("Docusaurus", "rejected"),
    ],
}


def _files(*names: str) -> dict[str, str]:
    return {n: (FIXTURES / n).read_text("utf-8") for n in names}


@pytest.fixture(scope="module")
def rejected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """Each syntax imported and built once: ``syntax -> (data, warnings, report)``."""
    from test_import_outcomes import _Capture

    result = {}
    for suffix in (".rst", ".md"):
        names = sorted(n for n in EXPECTED if n.endswith(suffix))
        folder = tmp_path_factory.mktemp(suffix.strip("."))
        result[suffix] = imported(folder, _Capture(), _files(*names))
    return result


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rejected_sections_and_definition_lists_become_alternatives(rejected, name):
    data, _warnings, _out = rejected[Path(name).suffix]
    adr = next(a for a in data.values() if a["docname"].endswith(Path(name).stem))
    assert [(a[0], a[1]) for a in alternatives(adr)] == EXPECTED[name]


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_the_imported_rejected_options_build_without_a_warning(rejected, suffix):
    assert rejected[suffix][1] == []


DEFLIST_RST = """\
Rejected Options
~~~~~~~~~~~~~~~~

.. alternative:: Plain text
   :verdict: rejected

   Easy to read, hard to query.

   Grep is the only tool.

.. alternative:: logfmt (a format)
   :verdict: rejected

   Few tools read it.
"""
DEFLIST_MD = """\
### Rejected Options

~~~{alternative} Plain text
:verdict: rejected

Easy to read, hard to query.

Grep is the only tool.
~~~

~~~{alternative} logfmt
:verdict: rejected

Few tools read it.
~~~
"""


@pytest.mark.parametrize(
    ("name", "page"), [("0002-deflist.rst", DEFLIST_RST), ("0005-deflist.md", DEFLIST_MD)]
)
def test_a_definition_list_is_rewritten_in_place_and_reported(tmp_path, capsys, name, page):
    _data, warnings, out = imported(tmp_path, capsys, _files(name))
    assert warnings == []
    written = (tmp_path / "site" / "decisions" / name).read_text("utf-8")
    assert written.endswith(page)
    assert (
        f"structure: log/{name}: 2 options (chosen: none), 2 of them from a "
        "rejected-options section"
    ) in out.splitlines()


def test_an_option_the_list_names_is_marked_rejected_there_and_not_written_twice(tmp_path, capsys):
    _data, warnings, out = imported(tmp_path, capsys, _files("0007-listed-too.md"))
    assert warnings == []
    assert (
        "prose kept: log/0007-listed-too.md: 'MkDocs' of a rejected-options section is an option "
        "of the list: marked rejected there, its text stays as written"
    ) in out.splitlines()
    written = (tmp_path / "site" / "decisions" / "0007-listed-too.md").read_text("utf-8")
    assert written.endswith(
        "## Rejected Alternatives\n\n### MkDocs\n\nNo cross-references between projects.\n"
    )
