extensions = ["sphinxcontrib_adr", "myst_parser"]
myst_enable_extensions = ["colon_fence"]
