"""The sphinx-needs bridge: ADRs (and alternatives, risks) take part in needs'
traceability when ``sphinx_needs`` is one of the project's extensions.

Nothing here runs, imports sphinx-needs or warns unless it is loaded.

How it fits both tools' models:

- The needs are made from the ``adr`` domain once per build, in sphinx-needs'
  ``needs-before-post-processing`` event (main process, after every document
  was read and merged), so serial and ``-j`` builds agree and relations
  declared on either end are known. Links and back links are then computed
  by sphinx-needs like for its own needs, so a requirement's ``:links:
  ADR-0007`` works, and ``needtable`` / ``needflow`` show ADRs.
- Each need lives at its record's document and anchor: the need id is added
  to the ids of the ADR's section (or the child's node) when the page is
  written, so needs' links land on the ADR.
- ADR pages show the needs that link to them ("Linked from needs").
- Incremental builds: pages with sphinx-needs directives (listings, graphs)
  are re-written when the ADR-made needs change (ADRs, alternatives, risks,
  compared from the data the needs are made of), pages naming one with
  ``:need:`` when it changes, ADR pages when the needs linking to them change.
- Everything derived per build (made ids, anchors, incoming links) is kept as
  plain data in the domain's data and recomputed every build, never cached on
  objects that outlive a build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.config import LinkKind, SettingError, add_config_value, connect_check
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.locale import N_, translate
from ..render.metadata import METADATA_FIELDS_EVENT
from .needs_make import (
    on_env_before_read_docs,
    on_needs_before_post_processing,
    on_needs_before_sealing,
)
from .needs_pages import (
    NeedAnchors,
    collect_need_refs,
    incoming_field,
    on_doctree_resolved,
    pages_to_rewrite,
)
from .needs_specs import active

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


DEFAULT_TYPES = {
    "adr": "decision",
    "alternative": "decision-option",
    "risk": "decision-risk",
}
_TITLES = {
    "adr": N_("Decision"),
    "alternative": N_("Decision option"),
    "risk": N_("Decision risk"),
}
_COLORS = {"adr": "#9ccaf7", "alternative": "#d9e8f7", "risk": "#f7c6a3"}
_STYLES = {"adr": "node", "alternative": "card", "risk": "card"}


# --------------------------------------------------------------------------
# configuration


def _check_config(app: Sphinx, config: Config) -> None:
    value = config.adr_needs_types
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise SettingError(
            "adr_needs_types",
            f"adr_needs_types = {value!r}: must be a dict of ADR object type ('adr', "
            "'alternative', 'risk') -> sphinx-needs type name, such as "
            f"{DEFAULT_TYPES!r}",
        )
    if not active(config):
        return
    from docutils.parsers.rst import directives as rst_directives
    from sphinx_needs.api import add_need_type
    from sphinx_needs.config import NeedsSphinxConfig

    known = {t["directive"] for t in NeedsSphinxConfig(config).types}
    for objtype, type_name in value.items():
        if type_name in known:
            continue  # the project configured it (prefix, colour, style are its own)
        existing = getattr(rst_directives, "_directives", {}).get(type_name)
        if existing is not None and getattr(existing, "__module__", "").startswith(__package__):
            # sphinx-needs registers a directive per type: it would replace ours
            raise SettingError(
                "adr_needs_types",
                f"adr_needs_types = {value!r}: sphinx-needs would register a directive "
                f"{type_name!r} for the need type, replacing this extension's directive of "
                "that name; choose another type name",
            )
        add_need_type(
            app,
            type_name,
            translate(_TITLES.get(objtype, LinkKind.label(objtype))),  # in the project's language
            f"{type_name.upper().replace('-', '_')}_",
            _COLORS.get(objtype, "#ffffff"),
            _STYLES.get(objtype, "node"),
        )
        known.add(type_name)


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_needs_types",
        DEFAULT_TYPES,
        "With sphinx-needs loaded: the need type each kind of record becomes "
        "(``adr``, ``alternative``, ``risk`` -> type name). A type the project does not "
        "configure in ``needs_types`` is added; leave a kind out to keep it out of "
        "sphinx-needs.",
    )
    # after sphinx-needs resolved needs_types (priority 12)
    connect_check(app, _check_config, priority=800)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect(PAGES_TO_REWRITE_EVENT, pages_to_rewrite)
    # every page may name a need: not a read-step feature (adr-doc-read asks only the
    # pages holding something of ours)
    app.connect("doctree-read", collect_need_refs)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.add_post_transform(NeedAnchors)
    app.connect(METADATA_FIELDS_EVENT, incoming_field)
    # sphinx-needs' event exists only once it is set up, which may be after this
    # extension: connect when every extension is loaded
    app.connect("builder-inited", _connect_needs_event)


def _connect_needs_event(app: Sphinx) -> None:
    if "sphinx_needs" in app.extensions:
        app.connect("needs-before-post-processing", on_needs_before_post_processing)
        app.connect("needs-before-sealing", on_needs_before_sealing)
