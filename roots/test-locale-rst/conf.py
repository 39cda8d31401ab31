extensions = ["sphinxcontrib_adr"]
project = "locale"
adr_referenced_by = True
# the ADRs' own text, translated through Sphinx's gettext workflow (tests/test_locale.py)
locale_dirs = ["locales"]
gettext_compact = False
adr_tickets = {"KB": (r"KB-\d+", "https://tickets.example/{id}")}
