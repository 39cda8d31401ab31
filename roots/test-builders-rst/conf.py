extensions = ["sphinxcontrib_adr"]
project = "builders"
copyright = "2026, the ADR team"
version = release = "1.0"
adr_fields = {"cost": "text", "priority": ["low", "high"]}
