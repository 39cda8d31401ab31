"""Static files (CSS, JS) for HTML builders, linked only from the pages that use them.

Each feature names its own files with :func:`add_assets`. A page links them
only when it shows what they style or drive (``html-page-context``, Sphinx's
way of adding a file to one page), and a file is copied into ``_static`` when
the first page of the build links it, rather than added to the user's
``html_static_path`` (which belongs to the user): a page with no decision on
it carries nothing of this extension, and a project with none at all gets no
file either.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.domain import get_domain
from .page_words import words_script

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sphinx.application import Sphinx

    #: whether a page needs a feature's files: (the page's body HTML, its context)
    Needed = Callable[[str, Mapping[str, Any]], bool]

STATIC = Path(__file__).parent.parent / "static"

#: a class of ours on an element of the page's body (every node we render has one)
_OUR_CLASS = re.compile(r'class="(?:[^"]* )?adr-')


def shows_decisions(body: str, _context: Mapping[str, Any]) -> bool:
    """The page renders something of this extension (an ADR, a reference, a listing)."""
    return _OUR_CLASS.search(body) is not None


def shows_class(*names: str) -> Needed:
    """The page's body holds an element with one of the classes ``names``."""
    alternatives = "|".join(map(re.escape, names))
    pattern = re.compile(rf'class="(?:[^"]* )?(?:{alternatives})[" ]')

    def needed(body: str, _context: Mapping[str, Any]) -> bool:
        return pattern.search(body) is not None

    return needed


def add_assets(
    app: Sphinx,
    css: Sequence[str] = (),
    js: Sequence[str] = (),
    builders: Sequence[str] = (),
    needed: Needed = shows_decisions,
) -> None:
    """Link ``css`` and ``js`` (deferred) from the HTML pages for which ``needed`` is
    true (default: pages showing anything of ours) and copy them; ``builders`` names
    the only builders that get them (default: all)."""
    files = (tuple(css), tuple(js), tuple(builders))
    app.connect("html-page-context", partial(_link_assets, files=files, needed=needed))


def _copy_once(builder: Any, names: Sequence[str]) -> None:
    """Copy ``names`` into ``_static`` unless this build did already.

    Before the page is rendered: it links each file with a checksum of the copy
    (``adr.css?v=...``), so a first build and an incremental one link alike. Once
    per build (a package upgrade brings new files), noted on the builder, which
    lives for one build; workers of a parallel write may copy the same file, so
    each copy is written beside and renamed over (a reader sees a whole file).
    """
    done: set[str] = builder.__dict__.setdefault("_adr_copied_assets", set())
    dest = Path(builder.outdir) / "_static"
    for name in names:
        if name in done:
            continue
        dest.mkdir(parents=True, exist_ok=True)
        partial_copy = dest / f".{name}.{os.getpid()}.tmp"
        shutil.copyfile(STATIC / name, partial_copy)
        partial_copy.replace(dest / name)
        done.add(name)


def _link_assets(
    app: Sphinx,
    pagename: str,
    _templatename: str,
    context: dict[str, Any],
    _doctree: object,
    files: tuple[tuple[str, ...], ...],
    needed: Needed,
) -> None:
    css, js, builders = files
    # the builder's own methods: the application's would also add each file to the
    # registry (for every later builder), once per page
    builder: Any = app.builder
    if builders and builder.name not in builders:
        return
    if not hasattr(builder, "add_css_file"):  # an HTML builder of another lineage
        return
    if not _asked(builder, pagename, needed, context):
        return
    _copy_once(builder, (*css, *js))
    for name in css:
        builder.add_css_file(name)
    if js and not context.get("adr_words"):
        # the scripts' words in the page's language, before the (deferred) scripts run
        context["adr_words"] = True
        statuses = get_domain(app.env).settings.statuses
        builder.add_js_file(None, body=words_script(statuses))
    for name in js:
        builder.add_js_file(name, loading_method="defer")


def _asked(builder: Any, pagename: str, needed: Needed, context: Mapping[str, Any]) -> bool:
    """``needed`` for this page, asked once: several features share a test (most the
    default one), each a search through the page's whole body. Noted on the builder,
    not in the context, which the JSON and pickle builders serialise."""
    page, answers = builder.__dict__.get("_adr_needed", ("", {}))
    if page != pagename:
        answers = {}
        builder.__dict__["_adr_needed"] = (pagename, answers)
    if needed not in answers:
        answers[needed] = needed(str(context.get("body") or ""), context)
    return bool(answers[needed])


def register(app: Sphinx) -> None:
    add_assets(app, css=["adr.css"])
    add_assets(app, css=["adr-epub.css"], builders=["epub"])
