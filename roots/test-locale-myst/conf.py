extensions = ["sphinxcontrib_adr", "myst_parser"]
project = "locale"
myst_enable_extensions = ["colon_fence"]
adr_referenced_by = True
# the ADRs' own text, translated through Sphinx's gettext workflow (tests/test_locale.py)
locale_dirs = ["locales"]
gettext_compact = False
adr_tickets = {"KB": (r"KB-\d+", "https://tickets.example/{id}")}
