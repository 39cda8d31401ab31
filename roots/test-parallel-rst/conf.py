extensions = ["sphinxcontrib_adr"]
project = "parallel"
adr_fields = {"cost": "text", "decided-on": "date", "teams": "list", "priority": ["low", "high"]}
