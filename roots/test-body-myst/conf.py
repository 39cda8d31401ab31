extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "body"
myst_enable_extensions = ["colon_fence"]
