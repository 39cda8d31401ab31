extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "evidence"
myst_enable_extensions = ["colon_fence"]
adr_test_results = ["reports/*.xml"]
adr_code_root = "."
adr_code_url = "https://git.example.com/shop/blob/{commit}/{path}#L{line}"
adr_code_commit = "abc123"
