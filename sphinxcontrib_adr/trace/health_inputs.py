"""What the health assessment reads, as one digest: a rebuild whose digest equals the
last build's keeps the last build's :class:`~.health_records.Health` records and
skips the assessment (issue 30: under 0.1 s added to an incremental build), until
the first day on which a finding turns (:func:`.health_assess.turns`).

The digest covers exactly what :func:`.health_assess.assess` reads: the fields of
each ADR it uses (with a date derived from git), ticket mentions, the code traced
to each ADR, what the history says of each (its newest commit, the dates and who
accepted it: a commit's id names all before it), failing tests, the settings and
this module's version. The day is not in it: the assessment says until when its
records hold.
It is read from the stored records directly, not through the domain's index, so a
rebuild that skips pays no index build of its own, and pickled without a memo: the
bytes depend only on the values, not on which of them are one object in memory.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import TYPE_CHECKING

from ..core.gcpause import collector_paused
from ..core.model import id_key
from ..core.version import __version__
from .code import CodeRef
from .evidence_records import FAILING, Evidence
from .history_records import History
from .tickets import TicketMention

if TYPE_CHECKING:
    from ..core.domain import ADRDomain
    from ..core.model import ADR
    from .validated import HealthSettings

#: bumped when the assessment changes what it makes of the same inputs
ASSESSMENT = 1


def _adr_row(adr: ADR, derived_date: str | None) -> tuple[object, ...]:
    # in the order written, unlike declared_links' set: the findings follow it
    links = tuple(link.relation for link in adr.links)
    return (
        adr.docname, adr.id, adr.title, adr.status, adr.status_date, adr.date, derived_date,
        adr.reviewed, adr.review_by, adr.approved_by, adr.code, adr.tickets,
        adr.named_by_file, links,
    )  # fmt: skip


def _derived_rows(domain: ADRDomain) -> list[tuple[object, ...]]:
    """What the code scan, the history and the test results derived, as health reads it."""
    rows: list[tuple[object, ...]] = []
    for record in domain.derived.get("code", ()):
        if isinstance(record, CodeRef):
            rows.append(("code", record.adr, record.path, record.lineno))
    for record in domain.derived.get("history", ()):
        if isinstance(record, History):
            # the newest commit and the count stand for the revisions (who accepted it)
            newest = record.revisions[0].commit if record.revisions else ""
            rows.append(
                ("history", record.adr, record.docname, record.first, record.last,
                 record.starts, record.statuses, newest, len(record.revisions)),
            )  # fmt: skip
    for record in domain.derived.get("evidence", ()):
        if isinstance(record, Evidence):
            failing = tuple(t.display for t in record.tests if t.outcome in FAILING)
            rows.append(("tests", record.adr, record.confirmation, record.total, failing))
    return rows


def _digest(value: object) -> str:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes
    pickler.dump(value)
    return hashlib.blake2b(out.getbuffer(), digest_size=16).hexdigest()


def inputs(domain: ADRDomain, hs: HealthSettings) -> tuple[str, dict[str, str]]:
    """What the assessment of ``domain``'s log reads: the digest of what all ADRs share
    (the settings), and ADR key -> the digest of what is that ADR's own (its fields,
    ticket mentions, code, history and tests): a rebuild re-assesses only the ADRs
    whose own inputs changed and those that read them (:func:`.health_assess.affected`).
    """
    conf = domain.settings
    shared = [
        (__version__, ASSESSMENT, hs),
        (conf.statuses, sorted(conf.inactive), conf.accepted, conf.link_kinds),
    ]
    dates = domain.derived_dates
    rows: list[tuple[object, ...]] = []
    with collector_paused():  # a few thousand tuples beside a large environment
        for docname in sorted(domain.docs):
            doc = domain.docs[docname]
            rows.extend(_adr_row(adr, dates.get((docname, adr.id))) for adr in doc.adrs)
            rows.extend(
                ("ticket", c.adr, c.ticket) for c in doc.children if isinstance(c, TicketMention)
            )
        rows.extend(_derived_rows(domain))
        by_key: dict[str, list[tuple[object, ...]]] = {}
        for row in rows:  # the ADR's id is the second item of every row
            by_key.setdefault(id_key(str(row[1])), []).append(row)
        return _digest(shared), {key: _digest(found) for key, found in by_key.items()}


def inputs_digest(domain: ADRDomain, hs: HealthSettings) -> str:
    """The digest of everything the assessment of ``domain``'s log reads."""
    shared, each = inputs(domain, hs)
    return _digest((shared, sorted(each.items())))
