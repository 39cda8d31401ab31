"""Graphviz's SVG, made fit to sit inside an HTML page.

The drawing is inlined (not an ``<object>``): its links are the page's own,
its text is selectable and the page's stylesheet colours it (dark modes).
Inlined, its ids share the page's id space, so every id gets the graph's
own prefix; two graphs on one page never answer for each other.
"""

from __future__ import annotations

import re

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_ID = re.compile(r'\bid="([^"]*)"')
_URL_REF = re.compile(r"url\(#([^)]*)\)")
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
#: one point of Graphviz's drawing in CSS pixels
PX_PER_PT = 96 / 72


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """``svg`` (from ``dot -Tsvg``) as an element for an HTML page.

    Ids (and the ``url(#...)`` gradients that use them) are prefixed with
    ``prefix``; links to anchors of the page stay as they are. The size becomes CSS pixels (so the
    text is drawn at the size Graphviz measured it), kept as
    ``data-width``/``data-height`` for the zoom script.
    """
    text = _COMMENT.sub("", _PROLOG.sub("", svg, count=1))
    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", text)
    size = _SIZE.search(text)
    if size is not None:
        width, height = (round(float(v) * PX_PER_PT) for v in size.groups())
        text = (
            text[: size.start()] + f'<svg width="{width}" height="{height}" data-width="{width}" '
            f'data-height="{height}" class="adr-graph-svg" role="group" '
            f'aria-label="{_attr(label)}"' + text[size.end() :]
        )
    # target="_top" only matters for an <object>; inlined, links open in place
    return text.replace(' target="_top"', "").strip() + "\n"


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
