extensions = ["sphinxcontrib_adr", "myst_parser"]
