extensions = ["sphinxcontrib_adr"]
project = "history"
exclude_patterns = ["_build"]
adr_history = True
adr_date_from = "git-accepted"
adr_commit_url = "https://git.example.com/acme/shop/commit/{commit}"
