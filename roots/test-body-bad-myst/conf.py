extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "body-bad"
myst_enable_extensions = ["colon_fence"]
adr_style_checks = ["no_chosen"]
