"""sphinx-adr import reads the prose's structure: options with their verdicts, pros
and cons, consequences and related ADRs become directives and relations, in MyST
and reST, with nothing reworded; outcomes it cannot map are reported."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_import_shapes import build, import_log, write_log

from util import require_shared

MADR_MD = """\
# Pick a database

* Status: accepted

## Considered Options

* PostgreSQL
* SQLite \u2013 small and embedded

## Decision Outcome

Chosen option: "PostgreSQL", because it scales.

### Consequences

* Good, because one server
* Bad, because one more service

## Pros and Cons of the Options

### PostgreSQL

A server.

* Good, because fast
* Bad, because heavy

### SQLite

* Good, because embedded
* Neutral, because well known
"""

MADR_RST = """\
Pick a database
===============

:Status: accepted

Considered Options
------------------

* PostgreSQL
* SQLite \u2013 small and embedded

Decision Outcome
----------------

Chosen option: "PostgreSQL", because it scales.

Consequences
~~~~~~~~~~~~

* Good, because one server
* Bad, because one more service

Pros and Cons of the Options
----------------------------

PostgreSQL
~~~~~~~~~~

A server.

* Good, because fast
* Bad, because heavy

SQLite
~~~~~~

* Good, because embedded
* Neutral, because well known
"""

REJECTED_MD = """\
# Use Go

## Status

Accepted

## Alternatives Considered

### 1. Rust
**Rejected** because:
- slow to write
- few people know it

### 2. Java

**Pros:**
- known

**Cons:**
- heavy

**Rejected because**: too heavy.

## Related ADRs

- [ADR-0001: Pick a database](0001-pick-a-database.md) - the store
"""

REJECTED_RST = """\
Use Go
======

:Status: accepted

Alternatives Considered
-----------------------

1. Rust
~~~~~~~

**Rejected** because:

- slow to write
- few people know it

2. Java
~~~~~~~

**Pros:**

- known

**Cons:**

- heavy

**Rejected because**: too heavy.

Related ADRs
------------

- `ADR-0001: Pick a database <0001-pick-a-database.rst>`_ - the store
"""

TEMPLATE_004 = """\
# Export users

**Status:** Accepted

## Alternatives Considered

| Approach | Pros | Cons | Verdict |
|----------|------|------|---------|
| **Sync REST** | Simple | Timeout risk | ❌ Rejected - exceeds API limits |
| **Async Job** | Scalable | More parts | ✅ **Chosen** - meets scale |

## Consequences

### Positive Consequences

1. **Fast**: quick exports

### Negative Consequences

1. **Complex**: a queue to run
"""

TEMPLATE_004_RST = """\
Export users
============

:Status: accepted

Alternatives Considered
-----------------------

.. list-table::
   :header-rows: 1

   * - Approach
     - Pros
     - Cons
     - Verdict
   * - **Sync REST**
     - Simple
     - Timeout risk
     - ❌ Rejected - exceeds API limits
   * - **Async Job**
     - Scalable
     - More parts
     - ✅ **Chosen** - meets scale

Consequences
------------

Positive Consequences
~~~~~~~~~~~~~~~~~~~~~

1. **Fast**: quick exports

Negative Consequences
~~~~~~~~~~~~~~~~~~~~~

1. **Complex**: a queue to run
"""

MADR_2_HEADINGS = """\
# Pick a site generator

* Status: accepted

## Considered Options

* Option 1: MkDocs
* Option 2: Next.js

## Decision Outcome

Chosen option: "Option 2: Next.js", because React.

## Pros and Cons of the Options

### Option 1: MkDocs

#### Pros

- Markdown

#### Cons

- Python

### Option 2: Next.js

#### Pros

- React
"""


def alternatives(adr: dict[str, Any]) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    """``(title, verdict, pros, cons, reason)`` of each alternative, as plain text."""

    def text(items: list[dict[str, Any]]) -> list[str]:
        return ["".join(seg[1] for seg in item["text"]) for item in items]

    return [
        (a["title"], a["verdict"], text(a["pros"]), text(a["cons"]), text(a["reason"]))
        for a in adr["children"].get("alternative", [])
    ]


def consequences(adr: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (c["kind"], "".join(seg[1] for seg in c["item"]["text"]))
        for c in adr["children"].get("consequence", [])
    ]


def imported(tmp_path: Path, capsys: Any, files: dict[str, str], *argv: str) -> tuple[Any, ...]:
    log = write_log(tmp_path / "log", files)
    code, out, err = import_log(
        capsys, str(log), "--out", str(tmp_path / "site" / "decisions"), *argv
    )
    assert (code, err) == (0, "")
    data, warnings = build(tmp_path / "site")
    return data, warnings, out


MADR_ALTERNATIVES = [
    ("PostgreSQL", "chosen", ["Good, because fast"], ["Bad, because heavy"], []),
    ("SQLite", "rejected", ["Good, because embedded"], [], []),
]
MADR_CONSEQUENCES = [
    ("positive", "Good, because one server"),
    ("negative", "Bad, because one more service"),
]


@pytest.mark.parametrize(("name", "text"), [("0001-pick.md", MADR_MD), ("0001-pick.rst", MADR_RST)])
def test_madr_options_outcome_and_pros_cons_become_alternatives(tmp_path, capsys, name, text):
    data, warnings, out = imported(tmp_path, capsys, {name: text})
    assert warnings == []
    assert alternatives(data["ADR-0001"]) == MADR_ALTERNATIVES
    assert consequences(data["ADR-0001"]) == MADR_CONSEQUENCES
    assert (
        f"structure: log/{name}: 2 options (chosen: 'PostgreSQL'), 1 consequence list"
        in out.splitlines()
    )


def test_madr_page_keeps_every_line_and_adds_only_directive_syntax(tmp_path, capsys):
    imported(tmp_path, capsys, {"0001-pick.md": MADR_MD})
    page = (tmp_path / "site" / "decisions" / "0001-pick.md").read_text("utf-8")
    assert page.split("## Pros and Cons of the Options\n")[1] == (
        "\n~~~{alternative} PostgreSQL\n:verdict: chosen\n\nA server.\n\nPros:\n\n"
        "* Good, because fast\n\nCons:\n\n* Bad, because heavy\n~~~\n\n"
        "~~~{alternative} SQLite\n:verdict: rejected\n\nPros:\n\n* Good, because embedded\n"
        "\n%\n\n* Neutral, because well known\n~~~\n"
    )


@pytest.mark.parametrize(
    ("names", "text"),
    [(("0001-pick-a-database.md", "0002-use-go.md"), REJECTED_MD),
     (("0001-pick-a-database.rst", "0002-use-go.rst"), REJECTED_RST)],
)  # fmt: skip
def test_rejected_because_sections_and_related_adrs(tmp_path, capsys, names, text):
    first = "# Pick a database\n\n* Status: accepted\n"
    if names[0].endswith(".rst"):
        first = "Pick a database\n===============\n\n:Status: accepted\n"
    data, warnings, _out = imported(tmp_path, capsys, {names[0]: first, names[1]: text})
    assert warnings == []
    assert alternatives(data["ADR-0002"]) == [
        ("Rust", "rejected", [], [], ["slow to write", "few people know it"]),
        ("Java", "rejected", ["known"], ["heavy"], ["too heavy."]),
    ]
    relations = [(r["name"], r["id"]) for r in data["ADR-0002"]["relations"]]
    assert relations == [("relates", "ADR-0001")]


@pytest.mark.parametrize(
    ("name", "text"), [("0001-export.md", TEMPLATE_004), ("0001-export.rst", TEMPLATE_004_RST)]
)
def test_comparison_table_with_a_chosen_cell_becomes_alternatives(tmp_path, capsys, name, text):
    data, warnings, _out = imported(tmp_path, capsys, {name: text})
    assert warnings == []
    assert alternatives(data["ADR-0001"]) == [
        (
            "Sync REST",
            "rejected",
            ["Simple"],
            ["Timeout risk"],
            ["❌ Rejected - exceeds API limits"],
        ),
        ("Async Job", "chosen", ["Scalable"], ["More parts"], ["✅ Chosen - meets scale"]),
    ]
    assert consequences(data["ADR-0001"]) == [
        ("positive", "Fast: quick exports"),
        ("negative", "Complex: a queue to run"),
    ]


def test_pros_and_cons_subsections_become_labels(tmp_path, capsys):
    data, warnings, _out = imported(tmp_path, capsys, {"0001-ssg.md": MADR_2_HEADINGS})
    assert warnings == []
    assert alternatives(data["ADR-0001"]) == [
        ("MkDocs", "rejected", ["Markdown"], ["Python"], []),
        ("Next.js", "chosen", ["React"], [], []),
    ]


def test_options_list_without_discussion_becomes_alternatives_in_place(tmp_path, capsys):
    text = MADR_MD.split("### Consequences")[0]
    data, warnings, _out = imported(tmp_path, capsys, {"0001-pick.md": text})
    assert warnings == []
    assert alternatives(data["ADR-0001"]) == [
        ("PostgreSQL", "chosen", [], [], []),
        ("SQLite", "rejected", [], [], []),
    ]
    page = (tmp_path / "site" / "decisions" / "0001-pick.md").read_text("utf-8")
    assert "~~~{alternative} SQLite\n:verdict: rejected\n\nsmall and embedded\n~~~\n" in page


@pytest.mark.parametrize(
    ("outcome", "report"),
    [
        ('Chosen option: "MySQL", because.',
         "the decision outcome names 'MySQL', which is none of the options ('PostgreSQL', "
         "'SQLite'); no option is marked chosen"),
        ('Chosen option: "PostgreSQL" and "SQLite", because.',
         "the decision outcome names 2 options ('PostgreSQL', 'SQLite'); none is marked "
         "chosen, give the alternatives their :verdict:"),
    ],
)  # fmt: skip
def test_outcome_naming_no_listed_option_or_two_is_reported_not_guessed(
    tmp_path, capsys, outcome, report
):
    text = MADR_MD.replace('Chosen option: "PostgreSQL", because it scales.', outcome)
    data, warnings, out = imported(tmp_path, capsys, {"0001-pick.md": text})
    assert warnings == []
    assert f"warning: log/0001-pick.md: {report}" in out.splitlines()
    assert [a[1] for a in alternatives(data["ADR-0001"])] == ["considered", "considered"]


def test_outcome_without_options_is_reported(tmp_path, capsys):
    text = '# Pick\n\n## Decision Outcome\n\nChosen option: "PostgreSQL", because.\n'
    data, warnings, out = imported(tmp_path, capsys, {"0001-pick.md": text})
    assert warnings == []
    assert (
        "warning: log/0001-pick.md: the decision outcome names 'PostgreSQL' but no list of "
        "options was found; no alternative written"
    ) in out.splitlines()
    assert alternatives(data["ADR-0001"]) == []


def test_structure_off_keeps_the_prose_and_dry_run_shows_the_plan(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-pick.md": MADR_MD})
    out_dir = tmp_path / "out"
    code, out, _err = import_log(capsys, str(log), "--out", str(out_dir), "--dry-run")
    assert code == 0
    assert not out_dir.exists()
    assert (
        "structure: log/0001-pick.md: 2 options (chosen: 'PostgreSQL'), 1 consequence list"
        in out.splitlines()
    )
    code, out, _err = import_log(capsys, str(log), "--out", str(out_dir), "--structure=off")
    assert code == 0
    assert "structure:" not in out
    page = (out_dir / "0001-pick.md").read_text("utf-8")
    assert "{alternative}" not in page
    assert page.endswith(MADR_MD.split("* Status: accepted\n")[1])


def test_option_that_stays_a_section_gets_its_verdict_under_its_title(tmp_path, capsys):
    text = MADR_MD.replace("A server.\n", "A server.\n\n#### Example\n\nText.\n")
    data, warnings, out = imported(tmp_path, capsys, {"0001-pick.md": text})
    assert warnings == []
    assert alternatives(data["ADR-0001"])[0] == ("PostgreSQL", "chosen", [], [], [])
    assert (
        "prose kept: log/0001-pick.md: option 'PostgreSQL': it has the subsection 'Example'; its "
        "text stays a section, with an alternative of its title and verdict under the title"
    ) in out.splitlines()


TEMPLATE_000 = """\
# Parallel processing

**Status:** Accepted

## Alternatives Considered

### Option A: Threads

**Pros:**
- ✅ Simple

**Cons:**
- ❌ Shared state

### Option B: Worker pool

**Pros:**
- ✅ Bounded

### Why We Chose Option B

| Criteria | Option A | Option B | Chosen |
|----------|----------|----------|--------|
| Performance | Good | Excellent | **Option B** ✅ |
| Cost | Low | Medium | Trade-off accepted |
"""


def test_options_with_pros_cons_labels_and_a_chosen_column(tmp_path, capsys):
    data, warnings, out = imported(tmp_path, capsys, {"0001-parallel.md": TEMPLATE_000})
    assert warnings == []
    assert alternatives(data["ADR-0001"]) == [
        ("Threads", "rejected", ["✅ Simple"], ["❌ Shared state"], []),
        ("Worker pool", "chosen", ["✅ Bounded"], [], []),
    ]
    assert "structure: log/0001-parallel.md: 2 options (chosen: 'Worker pool')" in out.splitlines()


def test_a_page_that_already_holds_alternatives_is_left_as_written(tmp_path, capsys):
    imported(tmp_path, capsys, {"0001-pick.md": MADR_MD})
    again = tmp_path / "again"
    page = tmp_path / "site" / "decisions" / "0001-pick.md"
    (again / "log").mkdir(parents=True)
    # the alternatives without the adr block: a page the import must not convert twice
    without_block = re.sub(r"```\{adr\}\n(?:.*\n)*?```\n", "", page.read_text("utf-8"))
    assert "{alternative}" in without_block and "{adr}" not in without_block
    (again / "log" / "0001-pick.md").write_text(without_block, "utf-8")
    code, out, _err = import_log(capsys, str(again / "log"), "--out", str(again / "out"))
    assert code == 0
    assert (
        "prose kept: log/0001-pick.md: it already holds alternative or consequences directives"
    ) in out.splitlines()
    assert (again / "out" / "0001-pick.md").read_text("utf-8").count("{alternative}") == 2


REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "adr-templates"
TEMPLATES = sorted(REFERENCE.glob("*.txt")) if REFERENCE.is_dir() else []


def test_reference_templates_gain_alternatives_and_no_warning(tmp_path, capsys):
    """The five templates (placeholders and examples) import; the structure adds no
    warning to their build (the templates' own broken links and headings aside)."""
    require_shared(REFERENCE, "reference templates")
    files = {f"000{n}-template.md": p.read_text("utf-8") for n, p in enumerate(TEMPLATES, 1)}
    conf = "adr_statuses = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded']\n"
    found = []
    for mode in ("on", "off"):
        log = write_log(tmp_path / mode / "log", files)
        import_log(capsys, str(log), "--out", str(tmp_path / mode / "site" / "decisions"),
                   f"--structure={mode}")  # fmt: skip
        data, warnings = build(tmp_path / mode / "site", conf)
        found.append((data, sorted({re.sub(r":\d+:", ":", w) for w in warnings})))
    (on, on_warnings), (_off, off_warnings) = found
    assert on_warnings == off_warnings
    verdicts = {
        i: [a["verdict"] for a in adr["children"].get("alternative", [])] for i, adr in on.items()
    }
    # 0001: template 000 (a "Chosen" column), 0002: 001 (Rejected because), 0003: 002
    # (its title is only in the front matter, which becomes the page's title; its options
    # state no verdict; '**Cons:**' over a line '-' is a setext heading for MyST, so
    # only Option 1 is under 'Proposed Solutions'), 0004: 003, 0005: 004 (the table;
    # its example copy is in a code block and stays there)
    assert verdicts == {
        "ADR-0001": ["rejected", "chosen", "rejected"],
        "ADR-0002": ["rejected"] * 4 + ["considered"],  # "Alternative 3" states none
        "ADR-0003": ["considered"],
        "ADR-0004": ["rejected"] * 5,
        "ADR-0005": ["rejected", "chosen", "deferred"],
    }


CONSEQUENCES_MD = """\
# Use a queue

* Status: accepted

## Consequences

### Positive Consequences

* exports run in the background

### Negative Consequences <!-- optional -->

1. **Complex**: a queue to run

### Risks

Some prose that stays.
"""

CONSEQUENCES_RST = """\
Use a queue
===========

:Status: accepted

Consequences
------------

Positive Consequences
~~~~~~~~~~~~~~~~~~~~~

* exports run in the background

Negative Consequences
~~~~~~~~~~~~~~~~~~~~~

1. **Complex**: a queue to run

Risks
~~~~~

Some prose that stays.
"""


@pytest.mark.parametrize(
    ("name", "text"), [("0001-queue.md", CONSEQUENCES_MD), ("0001-queue.rst", CONSEQUENCES_RST)]
)
def test_positive_and_negative_consequences_sections_become_consequences(
    tmp_path, capsys, name, text
):
    data, warnings, out = imported(tmp_path, capsys, {name: text})
    assert warnings == []
    assert consequences(data["ADR-0001"]) == [
        ("positive", "exports run in the background"),
        ("negative", "Complex: a queue to run"),
    ]
    assert f"structure: log/{name}: 2 consequence lists" in out.splitlines()
    page = (tmp_path / "site" / "decisions" / name).read_text("utf-8")
    assert page.endswith(text.split("Risks")[1]) and "Some prose that stays." in page
