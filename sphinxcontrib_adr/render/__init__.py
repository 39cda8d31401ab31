"""Resolve time: the render context, node builders, metadata block, assets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import locale
from . import assets, banner, index_page, latex, transform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The catalogs of the reader's language, the placeholder post-transform, its
    events and the core stylesheet."""
    locale.register(app)  # before anything is written: every label goes through it
    transform.register(app)
    banner.register(app)
    assets.register(app)
    latex.register(app)
    index_page.register(app)
