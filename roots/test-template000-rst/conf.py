extensions = ["sphinxcontrib_adr"]
project = "template 000"
