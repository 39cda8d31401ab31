"""Architecture Decision Records as first-class Sphinx objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension: configuration, domain, directives, transforms."""
    from docutils import nodes as docutils_nodes

    from . import assets, collect, config, incremental, nodes, render
    from .directives import ADRDirective
    from .domain import ADRDomain, ADRXRefRole

    config.register(app)
    nodes.register(app)
    app.add_domain(ADRDomain)
    app.add_directive("adr", ADRDirective)
    app.add_role("adr", ADRXRefRole(warn_dangling=True, innernodeclass=docutils_nodes.inline))
    collect.register(app)
    render.register(app)
    incremental.register(app)
    assets.register(app)
    from . import trace

    trace.register(app)  # code and ticket tracing: adr-trace, adr-code, adr-tickets, :ticket:
    from . import backrefs, graph, listing, timeline

    listing.register(app)
    graph.register(app)
    timeline.register(app)
    backrefs.register(app)
    from . import cli_project, export, needs

    export.register(app)
    needs.register(app)
    cli_project.register(app)
    from . import body

    body.register(app)
    app.connect("warn-missing-reference", _warn_missing_reference)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _warn_missing_reference(app: Sphinx, domain: object, node: object) -> bool | None:
    from .warnings import warn

    if getattr(domain, "name", None) != "adr":
        return None
    target = getattr(node, "get", lambda _k, _d=None: None)("reftarget")
    reftype = getattr(node, "get", lambda _k, _d=None: None)("reftype") or "adr"
    what = {"adr": "ADR"}.get(reftype, reftype)
    warn(
        f"reference to unknown {what} {target!r}; check the id (sphinx-adr list shows them)",
        "ref",
        node,  # type: ignore[arg-type]
    )
    return True
