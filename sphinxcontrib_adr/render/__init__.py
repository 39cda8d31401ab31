"""Resolve time: the render context, node builders, metadata block, assets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import assets, banner, index_page, latex, transform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The placeholder post-transform, its events and the core stylesheet."""
    transform.register(app)
    banner.register(app)
    assets.register(app)
    latex.register(app)
    index_page.register(app)
