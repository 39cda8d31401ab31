"""The one warning helper and the closed set of warning subtypes.

Every problem in user input is reported through :func:`warn` with
``type="adr"`` and one of the subtypes below, so that
``suppress_warnings = ["adr.<subtype>"]`` silences exactly one kind of
problem.  The warnings reference in the docs is generated from
:data:`SUBTYPES`, so a subtype cannot exist undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

WARNING_TYPE = "adr"

logger = logging.getLogger("sphinxcontrib_adr")


@dataclass(frozen=True)
class Subtype:
    """A documented kind of warning."""

    name: str
    trigger: str
    fix: str
    example: str = ""


_ALL = [
    # ---- the adr directive
    Subtype(
        "id",
        "An ``:id:`` is empty or contains spaces or markup, or no id can be derived "
        "because the file name does not start with a number.",
        "Write an id of letters, digits and ``. _ : + -`` (``:id: ADR-0007``), or name "
        "the file ``NNNN-title.rst`` so the id follows from ``adr_id_format``.",
        ":id: my decision",
    ),
    Subtype(
        "duplicate",
        "Two ADRs (in the same or different documents) have the same id. Both places "
        "are named; references go to the first in document order.",
        "Give one of them another id (``sphinx-adr new`` picks the next free number).",
        ":id: ADR-0001   (in two files)",
    ),
    Subtype(
        "status",
        "A ``:status:`` is missing a value or is not one of ``adr_statuses`` or "
        "``adr_status_aliases``.",
        "Write one of the configured statuses (the message lists them) or add an alias "
        "to ``adr_status_aliases``.",
        ":status: accpeted",
    ),
    Subtype(
        "date",
        "A date (``:date:``, ``:review-by:``, a status date or a date field) is not a "
        "real ``YYYY-MM-DD`` date.",
        "Write the date as ``YYYY-MM-DD``.",
        ":date: 2026-13-45",
    ),
    Subtype(
        "option",
        "A directive has an option it does not know (a typo, or an extra field not "
        "declared in ``adr_fields``), or a line under ``.. adr::`` looks like an option but "
        "lacks its second colon (``:status accepted``).",
        "Fix the spelling, or declare the field in ``adr_fields``; the message lists the "
        "valid options.",
        ":stauts: accepted",
    ),
    Subtype(
        "value",
        "An option has an empty value, or an extra field has a value its type does not "
        "allow (a choice that is not listed).",
        "Give the option a value, or remove it.",
        ":deciders:",
    ),
    Subtype(
        "ref",
        "A reference (``:adr:`` role) names an ADR, alternative or risk that does not exist.",
        "Check the id; ``sphinx-adr list`` shows every id.",
        ":adr:`ADR-9999`",
    ),
    Subtype(
        "link",
        "A relation (``:supersedes:``, ``:relates:``, ...) names an ADR that does not exist.",
        "Check the id, or remove the relation if that ADR was deleted.",
        ":supersedes: ADR-9999",
    ),
    Subtype(
        "self_link",
        "An ADR declares a relation to itself.",
        "Remove the relation or name the other ADR.",
        ":relates: ADR-0007   (on ADR-0007)",
    ),
    Subtype(
        "cycle",
        "Directed relations (``supersedes``, ``amends``, ...) form a cycle: A supersedes "
        "B which supersedes A.",
        "Remove one relation of the cycle; the message lists it in order.",
    ),
    Subtype(
        "status_inconsistent",
        "An ADR is superseded by an accepted ADR but its own status is not "
        "``superseded`` (generally: a relation implies a status the target does not "
        "have).",
        "Change the target's status as the message says, or remove the relation.",
    ),
    Subtype(
        "review",
        "An ADR's ``:review-by:`` date is in the past (today is taken from "
        "``SOURCE_DATE_EPOCH`` when it is set).",
        "Review the decision and move ``:review-by:`` forward, or change its status.",
        ":review-by: 2020-01-01",
    ),
    Subtype(
        "placement",
        "A directive is placed where it cannot attach: an ``adr`` outside any section, "
        "a second ``adr`` in one section.",
        "Put ``.. adr::`` right under the title of the section that holds the decision, "
        "or use the compact form ``.. adr:: Title`` with the body as its content.",
    ),
]

SUBTYPES: dict[str, Subtype] = {s.name: s for s in _ALL}


def register_subtype(subtype: Subtype) -> None:
    """Add a subtype (features living in other modules declare theirs here)."""
    SUBTYPES.setdefault(subtype.name, subtype)


def all_subtypes() -> list[Subtype]:
    """Every documented subtype, core ones first."""
    return list(SUBTYPES.values())


def warn(
    message: str,
    subtype: str,
    location: nodes.Node | tuple[str | None, int | None] | str | None = None,
    **kwargs: Any,
) -> None:
    """Emit one ``adr.<subtype>`` warning at ``location`` (node, ``(docname, line)``)."""
    if subtype not in SUBTYPES:  # a programming error, not a user one
        raise KeyError(f"undocumented adr warning subtype {subtype!r}")
    logger.warning(
        message,
        type=WARNING_TYPE,
        subtype=subtype,
        location=location,
        **kwargs,
    )
