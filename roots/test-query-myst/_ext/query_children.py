"""Stand-in child records (alternatives, risks) so count columns have data.

Records subclassing ``ChildRecord`` join their ADR's view; the listings count
them by class name whatever module defines them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinxcontrib_adr.core.domain import get_domain
from sphinxcontrib_adr.core.model import ChildRecord


@dataclass(frozen=True, slots=True)
class Alternative(ChildRecord):
    adr: str
    docname: str
    lineno: int


@dataclass(frozen=True, slots=True)
class Risk(ChildRecord):
    adr: str
    docname: str
    lineno: int


COUNTS = {"ADR-0002": (1, 0), "ADR-0007": (3, 2)}


def _add(app, doctree):
    domain = get_domain(app.env)
    docname = app.env.docname
    for adr in list(domain.doc(docname).adrs):
        alternatives, risks = COUNTS.get(adr.id, (0, 0))
        for i in range(alternatives):
            domain.add_record(docname, Alternative(adr.id, docname, i))
        for i in range(risks):
            domain.add_record(docname, Risk(adr.id, docname, i))


def setup(app):
    app.connect("doctree-read", _add, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
