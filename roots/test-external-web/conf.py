# the first of three projects that refer to each other (tests/test_external.py):
# web refers to no other project; platform reads web's adrs.json; app reads both
extensions = ["sphinxcontrib_adr"]
project = "web"
