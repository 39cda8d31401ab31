extensions = ["sphinxcontrib_adr"]
project = "template 002"
adr_fields = {"labels": "list", "assignees": "list"}
