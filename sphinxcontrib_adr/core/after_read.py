"""After reading: the one step between the documents read and the checks.

Sphinx emits ``env-updated`` once every document is read (and the records of
parallel readers merged). The core connects to it once and emits, in order:

* :data:`DERIVE_RECORDS_EVENT` ``(app, domain)``: features that derive
  records from outside the documents (the code scan from the source tree,
  the history from git, the test results from their reports, the health
  from these three, the ``adr-changes`` changelogs from the history's log)
  compute them and store them with :meth:`~.domain.ADRDomain.set_derived`,
  a store of their own, in the order ``trace.register`` connects them (a
  feature that reads another's records connects after it). They never edit
  a document's records: those have one writer, the read step.
* :data:`RECORDS_FINAL_EVENT` ``(app, domain)``: every record is final;
  features compute what they cache from them while the environment is still
  to be pickled (the export's entries).

Cross-document checks are the other core event, ``adr-check-consistency``
(emitted by :meth:`~.domain.ADRDomain.check_consistency`), and pages to
re-write are added through ``adr-pages-to-rewrite`` (:mod:`.incremental`):
no feature derives records on ``env-updated`` or orders itself by a priority
(``render.latex`` listens to it only to add its style package to a LaTeX
build).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: ``(app, domain) -> None``: derive records (``domain.set_derived(feature, records)``)
DERIVE_RECORDS_EVENT = "adr-derive-records"
#: ``(app, domain) -> None``: every record is final; cache what depends on them
RECORDS_FINAL_EVENT = "adr-records-final"


def derive(app: Sphinx, env: BuildEnvironment) -> None:
    """The core's ``env-updated`` step: the features derive their records."""
    app.events.emit(DERIVE_RECORDS_EVENT, get_domain(env))


def final(app: Sphinx, env: BuildEnvironment) -> None:
    """Every record is final: the features cache what depends on them."""
    app.events.emit(RECORDS_FINAL_EVENT, get_domain(env))


def register(app: Sphinx) -> None:
    app.add_event(DERIVE_RECORDS_EVENT)
    app.add_event(RECORDS_FINAL_EVENT)
    app.connect("env-updated", derive)
    # every feature derives on DERIVE_RECORDS_EVENT, emitted by ``derive`` above;
    # 900 keeps ``final`` after it and after any other env-updated handler
    app.connect("env-updated", final, priority=900)
