# reads a hostile log (tests/test_hostile_external.py writes evil/adrs.json)
extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "victim"
myst_enable_extensions = ["colon_fence"]
adr_external = {"evil": "evil/adrs.json", "good": "good/adrs.json"}
exclude_patterns = ["evil", "good"]
