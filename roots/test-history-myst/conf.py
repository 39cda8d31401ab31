extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "history"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
adr_history = True
adr_date_from = "git-accepted"
adr_commit_url = "https://git.example.com/acme/shop/commit/{commit}"
