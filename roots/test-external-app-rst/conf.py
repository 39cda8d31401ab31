# reads platform's and web's adrs.json: tests/test_external.py sets adr_external
extensions = ["sphinxcontrib_adr"]
project = "app"
