extensions = ["sphinxcontrib_adr"]
project = "changes"
exclude_patterns = ["_build"]
adr_history = True
adr_commit_url = "https://git.example.com/acme/shop/commit/{commit}"
