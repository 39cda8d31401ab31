"""Architecture Decision Records as first-class Sphinx objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.domains import Domain
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension: configuration, domain, directives, transforms.

    Each feature module registers its own directives, renderers, config values
    and event handlers; this is only the list of them.
    """
    from docutils import nodes as docutils_nodes

    from .body import records as body
    from .cli import project as cli_project
    from .core import config, incremental, nodes
    from .core import read as collect
    from .core.directive import ADRDirective
    from .core.domain import ADRDomain, ADRXRefRole
    from .interop import export, needs
    from .listings import backrefs, graph, timeline
    from .listings import table as listing
    from .render import assets
    from .render import context as render
    from .trace import code as trace

    # core: configuration, the store, the adr directive and role
    config.register(app)
    nodes.register(app)
    app.add_domain(ADRDomain)
    app.add_directive("adr", ADRDirective)
    app.add_role("adr", ADRXRefRole(warn_dangling=True, innernodeclass=docutils_nodes.inline))
    collect.register(app)
    render.register(app)
    incremental.register(app)
    assets.register(app)
    app.connect("warn-missing-reference", _warn_missing_reference)
    # the body of a decision: alternatives, risks, consequences, metrics
    body.register(app)
    # finding decisions: tables, lists, graph, timeline, index, back-references
    listing.register(app)
    graph.register(app)
    timeline.register(app)
    backrefs.register(app)
    # tracing to code and tickets
    trace.register(app)
    # interop: adrs.json, sphinx-needs, templates for `sphinx-adr new`
    export.register(app)
    needs.register(app)
    cli_project.register(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _warn_missing_reference(_app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Report dangling ``adr`` references as ``adr.ref`` (suppressible) instead of ``ref.*``."""
    from .core.warnings import warn

    if domain is None or domain.name != "adr":
        return None
    reftype = node.get("reftype") or "adr"
    what = {"adr": "ADR", "alt": "alternative"}.get(reftype, reftype)
    warn(
        f"reference to unknown {what} {node.get('reftarget')!r}; check the id "
        "(sphinx-adr list shows them)",
        "ref",
        node,
    )
    return True
