extensions = ["sphinxcontrib_adr", "sphinx_needs", "sphinx.ext.graphviz", "myst_parser"]
project = "needs"
myst_enable_extensions = ["colon_fence"]
needs_flow_engine = "graphviz"
needs_id_regex = "^[A-Z0-9_]{5,}"
