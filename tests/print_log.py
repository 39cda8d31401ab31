"""A large decision log for the print tests: ``write_log(dest, count)``.

``count`` ADR pages, each with three alternatives and three risks, references
to other ADRs' alternatives and risks, three compact ADRs, code and tickets,
and a register page with every listing across the whole log. The print tests
build it to PDF and look for every row in the PDF's text; CI runs it as
``python tests/print_log.py DEST`` to build the same log by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

STATUSES = ("accepted", "proposed", "superseded", "rejected", "deprecated", "accepted")
TOPICS = (
    "export",
    "storage",
    "auth",
    "search",
    "billing",
    "queues",
    "caching",
    "reporting",
)
VERDICTS = ("chosen", "rejected", "deferred")
LEVELS = ("low", "medium", "high")
RISK_STATUSES = ("open", "mitigated", "accepted")

CONF = """\
extensions = ["sphinxcontrib_adr"]
project = "printlog"
copyright = "2026, the ADR team"
version = release = "1.0"
adr_code_root = "."
adr_code_scan = ["src/**"]
adr_tickets = {"JIRA": (r"LOG-\\d+", "https://jira.example.com/browse/{id}")}
latex_use_xindy = False
latex_documents = [("index", "printlog.tex", "Decision log", "The ADR team", "manual")]
"""

REGISTERS = """\
Registers
=========

All decisions
-------------

.. adr-table::
   :columns: id, title, status, date, deciders, tags, supersedes, alternatives, risks

Decisions as a list
-------------------

.. adr-list::
   :status: proposed

Risk register
-------------

.. risk-table::
   :columns: adr, risk, impact, likelihood, status, owner, mitigation

High-impact risks
-----------------

Fewer than 30 rows, taller than a page: Sphinx alone keeps such a table on
one page and cuts it off.

.. risk-table::
   :impact: high
   :columns: adr, risk, impact, likelihood, status, owner, mitigation

Risk matrix
-----------

.. risk-matrix::

Every option
------------

.. alternative-table::
   :columns: adr, option, verdict, pros, cons, reason

Consequences
------------

.. consequence-table::

Traceability
------------

.. adr-trace::

Tickets
-------

.. adr-tickets::

Supersession graph
------------------

.. adr-graph::
"""


def number(index: int) -> str:
    return f"{index:04d}"


def adr_page(index: int, count: int) -> str:
    """ADR number ``index`` of ``count``: three alternatives, three risks."""
    num = number(index)
    topic = TOPICS[index % len(TOPICS)]
    status = STATUSES[index % len(STATUSES)]
    title = f"ADR-{num}: {adr_title(index)}"
    lines = [title, "=" * len(title), "", ".. adr::", f"   :status: {status}"]
    lines += [f"   :date: 2025-{(index % 12) + 1:02d}-{(index % 27) + 1:02d}"]
    lines += [f"   :deciders: Team {topic.title()}, Reviewer {index % 5}"]
    lines += [f"   :tags: {topic}, tier-{index % 3}"]
    # relations stay within a topic: the graph has one group of ADRs per topic
    step = len(TOPICS)
    if status == "superseded" and index + step <= count:
        lines += [f"   :superseded-by: ADR-{number(index + step)}"]
    if index > step:
        lines += [f"   :relates: ADR-{number(index - step)}"]
    lines += [f"   :tickets: LOG-{100 + index}", f"   :code: src/{topic}.py", ""]
    lines += ["Context", "-------", ""]
    other = index - 1 if index > 1 else count
    lines += [
        f"The {topic} service needs a decision. It builds on "
        f":adr:alt:`ADR-{number(other)}.option-{other}-a` and watches "
        f":adr:risk:`ADR-{number(other)}.risk-{other}-b`.",
        "",
        "Alternatives",
        "------------",
        "",
    ]
    for letter, verdict in zip("abc", VERDICTS, strict=True):
        lines += [
            f".. alternative:: {option_title(index, letter)}",
            f"   :id: ADR-{num}.option-{index}-{letter}",
            f"   :verdict: {verdict}",
            f"   :complexity: {LEVELS[(index + ord(letter)) % 3]}",
            "",
            f"   Option {letter} for the {topic} service.",
            "",
            "   Pros:",
            "",
            f"   - Pro {index}{letter} one",
            f"   - Pro {index}{letter} two",
            "",
            "   Cons:",
            "",
            f"   - Con {index}{letter} one",
            "",
            f"   Reason: reason {index}{letter}",
            "",
        ]
    lines += [".. alternative-table::", "", "Risks", "-----", ""]
    for offset, letter in enumerate("abc"):
        lines += [
            f".. risk:: {risk_title(index, letter)}",
            f"   :id: ADR-{num}.risk-{index}-{letter}",
            f"   :impact: {LEVELS[(index + offset) % 3]}",
            f"   :likelihood: {LEVELS[(index * 2 + offset) % 3]}",
            f"   :status: {RISK_STATUSES[(index + offset) % 3]}",
            f"   :owner: Owner {index % 4}",
        ]
        if letter == "a":
            # a list in a cell: Sphinx alone gives such a table equal narrow columns
            lines += ["", "   Mitigation:", "", f"   - Mitigation {index}{letter}: monitor"]
            lines += ["   - Alert the on-call engineer", "   - Roll back within a day"]
            lines += ["   - Review the rollout plan with the owners", ""]
        else:
            mitigation = f"Mitigation {index}{letter}: monitor and roll back within a day"
            lines += [f"   :mitigation: {mitigation}", ""]
    lines += [".. risk-table::", "", "Consequences", "------------", ""]
    lines += [".. consequences::", "", "   Positive:", "", f"   - Faster {topic} {index}", ""]
    lines += ["   Negative:", "", f"   - More moving parts {index}", ""]
    return "\n".join(lines)


def compact_page() -> str:
    lines = ["Small decisions", "===============", ""]
    for index, title in enumerate(("Use tabs in Makefiles", "Prefer UTC", "Squash merges"), 1):
        lines += [f".. adr:: {title}", f"   :id: SMALL-{index}", "   :status: accepted", ""]
        lines += [f"   Compact decision {index}.", ""]
    lines += ["See :adr:`SMALL-1`, :adr:`SMALL-2` and :adr:`SMALL-3`.", ""]
    return "\n".join(lines)


def option_title(index: int, letter: str) -> str:
    return f"Option {index}{letter}"


def risk_title(index: int, letter: str) -> str:
    return f"Risk {index}{letter} of the {TOPICS[index % len(TOPICS)]} rollout"


def adr_title(index: int) -> str:
    return f"Decision {index} on the {TOPICS[index % len(TOPICS)]} service"


def write_log(dest: Path, count: int = 40) -> Path:
    """Write the project to ``dest`` and return it."""
    decisions = dest / "decisions"
    decisions.mkdir(parents=True, exist_ok=True)
    (dest / "conf.py").write_text(CONF, "utf-8")
    for index in range(1, count + 1):
        text = adr_page(index, count)
        (decisions / f"{number(index)}-decision.rst").write_text(text, "utf-8")
    (dest / "compact.rst").write_text(compact_page(), "utf-8")
    (dest / "registers.rst").write_text(REGISTERS, "utf-8")
    src = dest / "src"
    src.mkdir(exist_ok=True)
    for topic in TOPICS:
        (src / f"{topic}.py").write_text(f"# implements the {topic} decisions\n", "utf-8")
    index_rst = ["Decision log", "============", "", ".. toctree::", "   :glob:", ""]
    index_rst += ["   registers", "   compact", "   decisions/*", ""]
    (dest / "index.rst").write_text("\n".join(index_rst), "utf-8")
    return dest


if __name__ == "__main__":
    write_log(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
