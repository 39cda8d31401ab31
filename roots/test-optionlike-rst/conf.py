extensions = ["sphinxcontrib_adr"]
project = "optionlike"
