"""Interop: the ``adrs.json`` export and the sphinx-needs bridge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import export, needs

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The JSON export and, when sphinx-needs is loaded, the needs bridge."""
    export.register(app)
    needs.register(app)
