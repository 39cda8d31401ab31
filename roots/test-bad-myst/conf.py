extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "bad"
myst_enable_extensions = ["colon_fence"]
