"""Static files (CSS, JS) for HTML builders.

Each feature names its own files with :func:`add_assets`; they are copied
into ``_static`` when the builder starts rather than added to the user's
``html_static_path`` (which belongs to the user).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx

STATIC = Path(__file__).parent.parent / "static"


def add_assets(
    app: Sphinx, css: Sequence[str] = (), js: Sequence[str] = (), builders: Sequence[str] = ()
) -> None:
    """Link ``css`` and ``js`` (deferred) from every HTML page and copy them;
    ``builders`` names the only builders that get them (default: all)."""
    handler = partial(_add_assets, css=tuple(css), js=tuple(js), builders=tuple(builders))
    app.connect("builder-inited", handler)


def _add_assets(
    app: Sphinx, css: tuple[str, ...], js: tuple[str, ...], builders: tuple[str, ...] = ()
) -> None:
    if builders and app.builder.name not in builders:
        return
    for name in css:
        app.add_css_file(name)
    for name in js:
        app.add_js_file(name, loading_method="defer")
    # before any page is written: pages link assets with a checksum of the copied
    # file (``adr.css?v=...``), so copying later would give a first build without
    # checksums and an incremental build with them on re-written pages only
    if app.builder.format != "html":
        return
    dest = Path(app.builder.outdir) / "_static"
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*css, *js):
        copy_asset_file(STATIC / name, dest / name, force=True)


def register(app: Sphinx) -> None:
    add_assets(app, css=["adr.css"])
    add_assets(app, css=["adr-epub.css"], builders=["epub"])
