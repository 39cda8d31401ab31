# A project written for sphinx-adr, switched by its extensions line alone.
extensions = ["sphinxcontrib_adr", "myst_parser"]  # was ["sphinx_adr"]
project = "switched"
adr_path = "adr"
html_sidebars = {"adr/*": ["adr_nav.html"]}
