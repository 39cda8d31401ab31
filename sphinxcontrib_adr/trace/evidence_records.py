"""The records of decisions confirmed by tests: each ADR's :class:`Evidence` (derived
after reading, a child of the ADR, so it travels in the ADR's view; see
:mod:`.derived`), what an ADR asks
(:class:`ConfirmationWanted`) and the ADR pages showing them. Read by
:mod:`.evidence`, shown by :mod:`.evidence_views`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..core.model import ChildRecord
from .derived import DerivedRecord, ShowsDerived

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ..core.model import ADR

#: the outcomes of a test case, worst last
OUTCOMES = ("passed", "skipped", "error", "failed")
FAILING = ("failed", "error")


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One test case confirming an ADR, as shown on its page and in ``adrs.json``."""

    name: str
    classname: str
    file: str
    line: int
    outcome: str
    message: str
    #: the report it was read from, relative to the directory of ``conf.py``
    report: str

    @property
    def display(self) -> str:
        """``classname.name``, without repeating a class name the name holds (jest)."""
        if not self.classname or self.name.startswith(self.classname):
            return self.name
        return f"{self.classname}.{self.name}"


@dataclass(frozen=True, slots=True)
class Evidence(DerivedRecord):
    """What the test reports say of one ADR (derived: ``evidence``); its columns are
    ``tests`` (how many) and ``confirmation`` (failing, passing or none)."""

    json_name: ClassVar[str] = "tests"
    columns: ClassVar[Mapping[str, str]] = {"tests": "total", "confirmation": "confirmation"}

    total: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    #: ``failing`` (a test failed or errored), ``passing`` (some passed) or ``none``
    confirmation: str = "none"
    #: failing and erroring tests first, then in the reports' order
    tests: tuple[CaseResult, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ConfirmationWanted(ChildRecord):
    """``:confirmation: required`` (or ``optional``) written on an ADR."""

    json_name: ClassVar[str] = "confirmation"

    adr: str
    required: bool


@dataclass(frozen=True, slots=True)
class EvidencePage(ShowsDerived):
    """An ADR's own page shows its tests: re-written when they change (its document
    is not re-read when only a report changed)."""

    shows: ClassVar[type[ChildRecord]] = Evidence


def make_evidence(adr: ADR, tests: Sequence[CaseResult]) -> Evidence:
    counts = dict.fromkeys(OUTCOMES, 0)
    for test in tests:
        counts[test.outcome] += 1
    failing = counts["failed"] + counts["error"]
    confirmation = "failing" if failing else "passing" if counts["passed"] else "none"
    ordered = [t for t in tests if t.outcome in FAILING]
    ordered += [t for t in tests if t.outcome not in FAILING]
    return Evidence(
        adr.id, adr.docname, len(tests), counts["passed"], counts["failed"], counts["error"],
        counts["skipped"], confirmation, tuple(ordered),
    )  # fmt: skip
