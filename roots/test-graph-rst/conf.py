extensions = ["sphinxcontrib_adr"]
project = "graph"
graphviz_output_format = "svg"
adr_referenced_by = True
adr_fields = {"priority": ["low", "medium", "high"], "cost": "text", "teams": "list"}
