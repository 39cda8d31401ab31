"""Reading the metadata of existing ADRs: statuses, relations, front matter.

The readers live in :mod:`..core.foreign`, shared with the history of an ADR's
file (which reads the revisions from before an import with them); the importer
reaches them here.
"""

from __future__ import annotations

from ..core.foreign import (
    RELATION_WORDS,
    FrontMatterError,
    NoTitleError,
    Relation,
    StatusReading,
    canonical_status,
    find_relations,
    person,
    plain,
    read_status,
)

__all__ = [
    "RELATION_WORDS",
    "FrontMatterError",
    "NoTitleError",
    "Relation",
    "StatusReading",
    "canonical_status",
    "find_relations",
    "person",
    "plain",
    "read_status",
]
