extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "core"
myst_enable_extensions = ["colon_fence"]
adr_fields = {"cost": "text", "decided-on": "date", "teams": "list", "priority": ["low", "high"]}
