extensions = ["sphinxcontrib_adr"]
# a typo silences nothing; the real subtype and other types are fine
suppress_warnings = ["adr.links", "adr.status", "toc.not_included", "adr.nosuch"]
