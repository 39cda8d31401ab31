extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "changes"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
adr_history = True
adr_commit_url = "https://git.example.com/acme/shop/commit/{commit}"
