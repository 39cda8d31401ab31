"""The ``sphinx-adr`` command line: commands, project reader, importer."""

from __future__ import annotations

from .commands import main

__all__ = ["main"]
