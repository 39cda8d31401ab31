"""The payments team's documentation: an example project of "Decisions across projects"."""

extensions = ["sphinxcontrib_adr"]
project = "payments"
