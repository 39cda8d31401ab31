# reads a hostile log (tests/test_hostile_external.py writes evil/adrs.json)
extensions = ["sphinxcontrib_adr"]
project = "victim"

adr_external = {"evil": "evil/adrs.json", "good": "good/adrs.json"}
exclude_patterns = ["evil", "good"]
