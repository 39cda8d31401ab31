# reads web's adrs.json: tests/test_external.py sets adr_external to its built copy
extensions = ["sphinxcontrib_adr"]
project = "platform"
