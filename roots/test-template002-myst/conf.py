extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "template 002"
myst_enable_extensions = ["colon_fence"]
adr_fields = {"labels": "list", "assignees": "list"}
