extensions = ["sphinxcontrib_adr"]
project = "trace"
adr_code_root = "."
adr_code_scan = ["src/**"]
adr_code_scan_exclude = ["src/vendor"]
adr_code_url = "https://git.example.com/acme/shop/blob/{commit}/{path}#L{line}"
adr_code_commit = "abc123"
adr_tickets = {
    "JIRA": (r"SHOP-\d+", "https://jira.example.com/browse/{id}"),
    "GH": (r"#(?P<number>\d+)", "https://github.com/acme/shop/issues/{number}"),
}
