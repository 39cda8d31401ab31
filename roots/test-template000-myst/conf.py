extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "template 000"
myst_enable_extensions = ["colon_fence"]
