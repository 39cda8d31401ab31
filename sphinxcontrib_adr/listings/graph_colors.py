"""The default fill colours of ``adr-graph`` nodes, by status.

Apart from the drawing code (:mod:`.graph_dot`) so that registering
``adr_status_colors``, whose help text lists them, imports none of it (issue 29).
"""

from __future__ import annotations

DEFAULT_COLORS = {
    "proposed": "#bfdbfe",
    "accepted": "#bbf7d0",
    "rejected": "#fecaca",
    "deprecated": "#e7e5e4",
    "superseded": "#e9d5ff",
}
