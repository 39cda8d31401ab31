"""The metadata keys logs written for other tools use (``Status``, ``Date``,
``Decision makers``, ...) and the ``adr`` option each becomes.

Apart from :mod:`.foreign` so that the reST reader (:mod:`.foreign_rst`),
which :mod:`.foreign` calls, knows them without a cycle.
"""

from __future__ import annotations

import re

#: metadata keys (as written, folded) -> adr option
FIELD_KEYS = {
    "status": "status",
    "date": "date",
    "deciders": "deciders",
    "decision-makers": "deciders",
    "decision makers": "deciders",
    "decision_makers": "deciders",
    "authors": "deciders",
    "author": "deciders",
    "consulted": "consulted",
    "informed": "informed",
    "tags": "tags",
    # Jekyll / Hugo logs: when the ADR was written (``updated`` only when nothing else
    # dates it; otherwise it stays in the front matter and the report says so)
    "created": "date",
    "updated": "date",
}
#: date keys in the order they are read (the first found is the ADR's date)
DATE_ORDER = {"date": 0, "created": 1, "updated": 2}
KEY_PATTERN = "|".join(sorted((re.escape(k) for k in FIELD_KEYS), key=len, reverse=True))
