import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

extensions = ["sphinxcontrib_adr", "query_children", "myst_parser"]
project = "query"
adr_fields = {"priority": ["low", "medium", "high"], "cost": "text", "teams": "list"}
myst_enable_extensions = ["colon_fence"]
