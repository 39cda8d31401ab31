extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "template 003"
myst_enable_extensions = ["colon_fence"]
