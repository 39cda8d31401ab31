"""Tracing: decisions to code paths and tickets, and code back to decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render.metadata import METADATA_FIELDS_EVENT
from . import (
    changes_views,
    code,
    evidence,
    evidence_views,
    health,
    health_views,
    history,
    history_views,
    settings,
    tickets,
    views,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """Configuration, the code scan, tickets and the trace views."""
    settings.register(app)
    code.register(app)
    tickets.register(app)
    views.register(app)
    history.register(app)
    history_views.register(app)
    evidence.register(app)
    changes_views.register(app)
    health.register(app)  # after the history and the test results: it reads both
    health_views.register(app)
    # metadata block order: Tickets, then Code, after the relations
    app.connect(METADATA_FIELDS_EVENT, tickets.metadata_fields)
    app.connect(METADATA_FIELDS_EVENT, code.metadata_fields)
    app.connect(METADATA_FIELDS_EVENT, history_views.metadata_fields)
    app.connect(METADATA_FIELDS_EVENT, evidence_views.metadata_fields)
    app.connect(METADATA_FIELDS_EVENT, health_views.metadata_fields)
