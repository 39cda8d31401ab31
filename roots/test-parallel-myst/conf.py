extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "parallel"
adr_fields = {"cost": "text", "decided-on": "date", "teams": "list", "priority": ["low", "high"]}
myst_enable_extensions = ["colon_fence"]
