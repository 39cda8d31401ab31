"""``sphinx-adr import``: existing ADR logs -> MyST or reST pages with the ``adr``
block, read with the parsers the build uses (markdown-it-py, PyYAML, docutils)
and written by their line numbers, so every other line stays as it was.

The package, by step: :mod:`.plan` (settings, results), :mod:`.convert` (the
whole import, a file's syntax and id), :mod:`.ids`, :mod:`.fields` (metadata
into the block), :mod:`.markdown` / :mod:`.mdblocks` and :mod:`.rst` with
:mod:`.rstread` (each syntax), :mod:`.lines`, :mod:`.structure` with :mod:`.blocks`,
:mod:`.outcomes`, :mod:`.directives`, :mod:`.tables`, :mod:`.titles`,
:mod:`.rejected`, :mod:`.bullets` (the prose's options and consequences), :mod:`.alerts`,
:mod:`.included` (stub pages), :mod:`.write` (where each file goes).
"""

from __future__ import annotations

from .convert import import_files, read_source
from .plan import DEFAULT_STATUSES, Converted, ImportResult, ImportSettings
from .write import (
    SUFFIXES,
    WritePlan,
    collect_sources,
    plan_writes,
    scan_sources,
    write_plan,
    write_result,
)

__all__ = [
    "DEFAULT_STATUSES",
    "SUFFIXES",
    "Converted",
    "ImportResult",
    "ImportSettings",
    "WritePlan",
    "collect_sources",
    "import_files",
    "plan_writes",
    "read_source",
    "scan_sources",
    "write_plan",
    "write_result",
]
