"""Architecture Decision Records as first-class Sphinx objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["__version__", "setup"]

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

    from .core.version import __version__


def __getattr__(name: str) -> str:
    # on demand: pytest imports this package for its plugin (interop.pytest_plugin)
    # in every test run, and the core imports Sphinx
    if name == "__version__":
        from .core.version import __version__

        return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension, layer by layer (each layer registers its own parts).

    Features plug in through Sphinx's own mechanisms: events declared by the
    core (``adr-check-consistency``) and the render layer
    (``adr-metadata-fields``), placeholder node classes that render
    themselves, post-transforms and static files; nothing is kept in
    module-level registries, so several apps in one process stay independent.
    """
    from . import body, core, interop, listings, render, trace
    from .cli import settings as cli_settings
    from .core.version import __version__

    core.register(app)  # configuration, the store, the adr directive and role
    render.register(app)  # placeholders resolved at write time, metadata block, CSS
    body.register(app)  # alternatives, risks, consequences, metrics, reconsider
    listings.register(app)  # tables, lists, graph, timeline, index, back-references
    trace.register(app)  # code, tickets, history, test results, health (imported on use)
    interop.register(app)  # adrs.json, sphinx-needs
    cli_settings.register(app)  # settings of `sphinx-adr new`
    return {
        "version": __version__,
        # 3: stored classes moved modules (listings.query, interop.needs_specs,
        # trace.derived), so an environment pickled by version 2 is read afresh;
        # 4: the trace placeholders (in pickled doctrees) moved to trace.directives
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
