"""The body of a decision: alternatives, risks, consequences, metrics, reconsider
conditions, and their listings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render.assets import add_assets
from . import listings, read, settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """Configuration, the body directives, their listings and their CSS."""
    settings.register(app)
    read.register(app)
    listings.register(app)
    add_assets(app, css=["adr-body.css"])
