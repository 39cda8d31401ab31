"""The core: model, configuration, warnings, the adr directive, the domain,
consistency checks and incremental builds. Imports nothing above it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes as docutils_nodes

from . import after_read, checks, compat_sphinx_adr, config, incremental, myst_fence, nodes
from .directive import ADRDirective
from .domain import CHECK_CONSISTENCY_EVENT, ADRDomain, ADRXRefRole, warn_missing_reference
from .read import DOC_READ_EVENT

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """Configuration, the store, the ``adr`` directive and role, the read step."""
    config.register(app)
    compat_sphinx_adr.register(app)  # sphinx-adr's settings (adr_path)
    nodes.register(app)
    app.add_event(CHECK_CONSISTENCY_EVENT)
    checks.register(app)  # the core's checks, before any feature's
    app.add_domain(ADRDomain)
    app.add_directive("adr", ADRDirective)
    app.add_role("adr", ADRXRefRole(warn_dangling=True, innernodeclass=docutils_nodes.inline))
    app.add_event(DOC_READ_EVENT)  # emitted by the read step (ADRDomain.process_doc)
    myst_fence.register(app)
    after_read.register(app)  # derived records, once all documents are read
    incremental.register(app)
    app.connect("warn-missing-reference", warn_missing_reference)
