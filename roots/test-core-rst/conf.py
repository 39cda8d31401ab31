extensions = ["sphinxcontrib_adr"]
project = "core"
adr_fields = {"cost": "text", "decided-on": "date", "teams": "list", "priority": ["low", "high"]}
