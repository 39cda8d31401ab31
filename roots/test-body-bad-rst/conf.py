extensions = ["sphinxcontrib_adr"]
project = "body-bad"
adr_style_checks = ["no_chosen"]
