# A small project for hostile configuration and code: tests append settings.
extensions = ["sphinxcontrib_adr"]
project = "hostile"
adr_code_root = "."
adr_code_scan = ["src/**"]
