extensions = ["sphinxcontrib_adr"]
project = "bad"
