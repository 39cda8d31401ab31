extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "builders"
copyright = "2026, the ADR team"
version = release = "1.0"
adr_fields = {"cost": "text", "priority": ["low", "high"]}
myst_enable_extensions = ["colon_fence"]
