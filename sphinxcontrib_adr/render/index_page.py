"""The ADRs-by-status index page (``adr-status.html``) in the theme's text style.

Sphinx writes domain indices with its own template, which sets each entry in
a code element (made for object names); ``adr-index.css`` gives the titles
back the page's text face and lets them wrap. It is linked from that page only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .assets import add_assets

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx

#: the page Sphinx writes for the ``adr`` domain's ``status`` index
PAGE = "adr-status"


def _is_index(_body: str, context: Mapping[str, Any]) -> bool:
    return context.get("pagename") == PAGE


def register(app: Sphinx) -> None:
    add_assets(app, css=["adr-index.css"], needed=_is_index)
