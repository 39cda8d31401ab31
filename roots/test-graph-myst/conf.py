extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "graph"
adr_referenced_by = True
adr_fields = {"priority": ["low", "medium", "high"], "cost": "text", "teams": "list"}
myst_enable_extensions = ["colon_fence"]
