"""Interop: the ``adrs.json`` export, other projects' logs, the sphinx-needs bridge."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The JSON export, other projects' logs and, when sphinx-needs is loaded, the
    needs bridge."""
    # imported here: pytest imports this package for its plugin (pytest_plugin.py)
    from . import export_builder, external, needs

    export_builder.register(app)
    external.register(app)
    needs.register(app)
