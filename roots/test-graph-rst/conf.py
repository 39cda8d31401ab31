extensions = ["sphinxcontrib_adr"]
project = "graph"
adr_referenced_by = True
adr_fields = {"priority": ["low", "medium", "high"], "cost": "text", "teams": "list"}
