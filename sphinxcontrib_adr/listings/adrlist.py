"""From sphinx-adr: its ``adrlist`` directive and its ``adr_nav.html`` sidebar.

A project switched from sphinx-adr keeps its listing pages and its
``html_sidebars`` line. ``adrlist`` is an ``adr-list`` that also understands
sphinx-adr's sort orders (``date-desc``, its default, ``date-asc`` and
``status``); ``adr_nav.html`` lists every ADR with its status, newest first
as sphinx-adr's does, the current page's marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

from ..core.config import SettingError, add_config_value, conf_line, connect_check
from ..core.domain import css_name, get_domain, page_uri
from ..core.locale import _, translate
from ..core.warnings import warn
from ..render.assets import add_assets
from .columns import sort_adrs
from .query import SortKey
from .table import ADRListingDirective

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.config import Settings
    from ..core.domain import ADRDomain

#: the folder holding the sidebar template (shipped in the wheel)
TEMPLATES = Path(__file__).parent.parent / "templates"

#: sphinx-adr's ``:sort:`` values; ties keep document order, as its reading order does
SPHINX_ADR_SORTS: dict[str, tuple[SortKey, ...]] = {
    "date-desc": (SortKey("date", descending=True), SortKey("docname")),
    "date-asc": (SortKey("date"), SortKey("docname")),
    "status": (SortKey("status"), SortKey("docname")),
}


class SphinxADRListDirective(ADRListingDirective):
    """From sphinx-adr: ``adrlist`` is an ``adr-list`` (the same filters, columns
    and grouping) whose ``:sort:`` also takes sphinx-adr's orders: ``date-desc``
    (newest first, the default), ``date-asc`` and ``status`` (lifecycle order);
    ties keep document order. Each entry shows the status, date, deciders and
    tags unless ``:columns:`` says otherwise."""

    #: rendered as an ``adr-list`` is
    kind = "adr-list"
    default_columns: ClassVar[tuple[str, ...]] = ("status", "date", "deciders", "tags")

    def parse_extra(self, options: dict[str, str], conf: Settings) -> dict[str, Any]:
        written = options.get("sort")
        keyword = " ".join(written.split()).strip("'\"").casefold() if written else "date-desc"
        order = SPHINX_ADR_SORTS.get(keyword)
        if order is None:  # a native sort (``-date, id``), checked as adr-list checks it
            return super().parse_extra(options, conf)
        extra = super().parse_extra({k: v for k, v in options.items() if k != "sort"}, conf)
        extra["sort"] = order
        return extra


# --------------------------------------------------------------------------
# the adr_nav.html sidebar


def nav_entries(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The sidebar's entries for ``pagename``: every ADR, newest first."""
    domain: ADRDomain = get_domain(app.env)
    ordered = sort_adrs(domain.adrs(), SPHINX_ADR_SORTS["date-desc"], domain.settings)
    return [
        {
            "id": adr.id,
            "title": adr.title,
            "status": translate(adr.status),
            "status_class": css_name(adr.status),
            "date": adr.date or "",
            "uri": page_uri(app.builder, pagename, adr.docname, adr.anchor),
            "current": adr.docname == pagename,
        }
        for adr in ordered
    ]


def _home(app: Sphinx) -> str:
    home: str | None = app.config.adr_nav_home
    return home if home is not None else str(app.config.root_doc)


def _page_context(
    app: Sphinx, pagename: str, _templatename: str, context: dict[str, Any], _doctree: Any
) -> None:
    # functions, so pages whose sidebar does not show the log do not pay for it
    # (and the JSON and pickle builders drop them from the context they store)
    def adr_nav() -> list[dict[str, Any]]:
        return nav_entries(app, pagename)

    def adr_nav_home() -> str:
        return str(app.builder.get_relative_uri(pagename, _home(app)))

    context["adr_nav"] = adr_nav
    context["adr_nav_home"] = adr_nav_home
    context["adr_nav_label"] = _("Decision log")


def _add_templates(app: Sphinx) -> None:
    """Make ``adr_nav.html`` findable after the user's and the theme's templates
    (which may override it), without touching the user's ``templates_path``."""
    templates = getattr(app.builder, "templates", None)
    if isinstance(templates, BuiltinTemplateLoader):
        templates.loaders.append(SphinxFileSystemLoader(TEMPLATES))


def _check_home(app: Sphinx, domain: ADRDomain) -> None:
    home = domain.env.config.adr_nav_home
    if home is not None and home not in domain.env.found_docs:
        warn(
            f"adr_nav_home = {home!r} names no document, so the adr_nav.html sidebar's "
            "heading links to nothing; write a document name (such as 'adr/index') or None",
            "config",
            location=conf_line(app, "adr_nav_home"),
        )


def _check_config(_app: Sphinx, config: Config) -> None:
    home = config.adr_nav_home
    if home is not None and not (isinstance(home, str) and home.strip()):
        raise SettingError(
            "adr_nav_home", f"adr_nav_home = {home!r}: write a document name or None"
        )


def register(app: Sphinx) -> None:
    from ..core.domain import CHECK_CONSISTENCY_EVENT

    add_config_value(
        app,
        "adr_nav_home",
        None,
        "From sphinx-adr: the document the heading of the ``adr_nav.html`` sidebar links "
        "to (default: the root document).",
    )
    connect_check(app, _check_config)
    app.add_directive("adrlist", SphinxADRListDirective)
    app.connect("builder-inited", _add_templates)
    app.connect("html-page-context", _page_context)
    app.connect(CHECK_CONSISTENCY_EVENT, _check_home)
    add_assets(app, css=["adr-nav.css"], needed=_shows_nav)


def _shows_nav(_body: str, context: Mapping[str, Any]) -> bool:
    """The page has the sidebar (whatever its body holds)."""
    return "adr_nav.html" in (context.get("sidebars") or ())
