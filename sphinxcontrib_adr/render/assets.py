"""Static files (CSS, JS) for HTML builders.

Copied into ``_static`` when the builder starts rather than added to the
user's ``html_static_path`` (which belongs to the user).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent.parent / "static"
CSS_FILES: list[str] = ["adr.css"]
#: JavaScript files other features add (deferred, no framework)
JS_FILES: list[str] = []


def _add_assets(app: Sphinx) -> None:
    for css in CSS_FILES:
        app.add_css_file(css)
    for js in JS_FILES:
        app.add_js_file(js, loading_method="defer")
    _copy_assets(app)


def _copy_assets(app: Sphinx) -> None:
    # before any page is written: pages link assets with a checksum of the copied
    # file (``adr.css?v=...``), so copying later would give a first build without
    # checksums and an incremental build with them on re-written pages only
    if app.builder.format != "html":
        return
    dest = Path(app.builder.outdir) / "_static"
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*CSS_FILES, *JS_FILES):
        copy_asset_file(STATIC / name, dest / name, force=True)


def register(app: Sphinx) -> None:
    app.connect("builder-inited", _add_assets)
