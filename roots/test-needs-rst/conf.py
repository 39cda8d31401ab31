extensions = ["sphinxcontrib_adr", "sphinx_needs", "sphinx.ext.graphviz"]
project = "needs"
needs_flow_engine = "graphviz"
needs_id_regex = "^[A-Z0-9_]{5,}"
