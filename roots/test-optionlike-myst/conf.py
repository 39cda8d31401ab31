extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "optionlike"
myst_enable_extensions = ["colon_fence"]
