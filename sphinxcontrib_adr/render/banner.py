"""What a reader sees first on an ADR page: a banner when the decision no longer
applies, and (optionally) the id and status in the page title and navigation.

The banner is built at write time from the domain (it names the ADRs that
replaced this one, as the metadata block does, so the same incremental
re-writes keep it fresh). The page title is rewritten when the page is read,
from the ADR's own record only, before Sphinx records titles for the toctree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.config import add_config_value, check_template, connect_check
from ..core.domain import css_name, get_domain
from ..core.locale import _, translate
from ..core.nodes import adr_node
from ..core.read import DOC_READ_EVENT, owner_of
from .context import joined, sentence

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.model import ADR
    from .context import RenderContext

#: the fields of ``adr_page_title_format``
TITLE_FIELDS = ("id", "title", "status", "date", "inactive")

CONFIG = [
    (
        "adr_status_banner",
        True,
        "Start the page of an ADR whose status is in ``adr_inactive_statuses`` with a "
        'banner saying so and naming what replaced it ("No longer in force: superseded '
        'by ADR-0005").',
    ),
    (
        "adr_page_title_format",
        None,
        "How an ADR page's title (and so the navigation and the browser tab) reads; "
        "``None`` keeps the title as written. A ``str.format`` string with ``{id}``, "
        '``{title}``, ``{status}``, ``{date}`` and ``{inactive}`` (" (superseded)" '
        "for a decision with an inactive status, empty otherwise): "
        '``"{id}: {title}{inactive}"``.',
    ),
]


def banner(ctx: RenderContext, adr: ADR) -> list[nodes.Node]:
    """The banner of an ADR that no longer applies (empty when it does)."""
    conf = ctx.settings
    if not ctx.domain.env.config.adr_status_banner or adr.status not in conf.inactive:
        return []
    replaced_by = [
        other
        for kind, reverse, other in ctx.domain.links_of(adr)
        if reverse and kind.implied_status == adr.status
    ]
    if adr.status == "rejected":
        text = _("Not in force: {status}").format(status=translate(adr.status))
    else:
        text = _("No longer in force: {status}").format(status=translate(adr.status))
    heading = nodes.strong(text, text)
    if replaced_by:
        refs = joined(ctx.xref(other) for other in replaced_by)
        # Translators: {banner} is the sentence above, {adrs} the ADRs that replaced it
        body = sentence(_("{banner} by {adrs}."), banner=heading, adrs=refs)
    else:
        body = sentence(_("{banner}."), banner=heading)
    para = nodes.paragraph("", "", *body)
    note = nodes.container("", para, classes=["adr-banner", f"adr-status-{css_name(adr.status)}"])
    return [note]


def _check_title_format(config: Config) -> str | None:
    value = config.adr_page_title_format
    if value is None:
        return None
    # the values it really meets: dated or not, in force or not
    samples = [
        {"id": "ADR-0007", "title": "T", "status": "superseded", "date": "", "inactive": "x"},
        {"id": "A", "title": "", "status": "accepted", "date": "2026-01-08", "inactive": ""},
    ]
    return check_template("adr_page_title_format", value, samples)


def _on_config_inited(_app: Sphinx, config: Config) -> None:
    _check_title_format(config)


def retitle_pages(app: Sphinx, doctree: nodes.document) -> None:
    """Apply ``adr_page_title_format`` to the section titles of this page's ADRs."""
    fmt = app.config.adr_page_title_format
    if not fmt:
        return
    domain = get_domain(app.env)
    inactive = domain.settings.inactive
    docname = app.env.docname
    for marker in doctree.findall(adr_node):
        owner = owner_of(marker)
        adr = domain.adr_in(docname, marker.get("adr_id", ""), marker.get("adr_anchor"))
        if adr is None or owner is None or not isinstance(owner, nodes.section):
            continue
        title = next((c for c in owner.children if isinstance(c, nodes.title)), None)
        if title is None:
            continue
        text = str(fmt).format(
            id=adr.id,
            title=adr.title,
            status=translate(adr.status),
            date=adr.date or "",
            inactive=f" ({translate(adr.status)})" if adr.status in inactive else "",
        )
        title.children = []
        title += nodes.Text(text)


def register(app: Sphinx) -> None:
    for name, default, help_text in CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, _on_config_inited)
    # after the ADRs are recorded (400), before Sphinx records titles (500)
    app.connect(DOC_READ_EVENT, retitle_pages)
