extensions = ["sphinxcontrib_adr"]
project = "config"
adr_statuses = ["idea", "proposed", "accepted", "replaced", "retired"]
adr_status_aliases = {"OK": "accepted", "Replaced By Newer": "replaced", "wip": "idea"}
adr_inactive_statuses = ["replaced", "retired"]
adr_link_kinds = [
    ("replaces", "replaced-by", "replaced"),
    ("extends", "extended-by"),
    ("relates", "relates"),
]
adr_id_format = "DEC-{number:03d}"
adr_title_format = "{title} [{id}, {status}]"
adr_fields = {"impact": ["low", "high"], "owners": "list"}
