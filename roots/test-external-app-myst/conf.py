# reads platform's and web's adrs.json: tests/test_external.py sets adr_external
extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "app"
myst_enable_extensions = ["colon_fence"]
