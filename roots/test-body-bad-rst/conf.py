extensions = ["sphinxcontrib_adr"]
project = "body-bad"
