"""Sphinx configuration of the sphinxcontrib-adr user manual (built with itself)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

import sphinxcontrib_adr

project = "sphinxcontrib-adr"
author = "sphinxcontrib-adr developers"
copyright = "2026, sphinxcontrib-adr developers"
version = release = sphinxcontrib_adr.__version__

extensions = [
    "sphinxcontrib_adr",
    "myst_parser",
    "adr_docs",
]

myst_enable_extensions = ["colon_fence", "deflist"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# examples/projects: two small projects of their own (guide/across-projects reads them)
exclude_patterns = ["_build", "snippets", "examples/projects"]
nitpicky = True

html_theme = "furo"
html_title = "sphinxcontrib-adr"

# this project's own decisions: docs/decisions/NNNN-title.rst
adr_id_format = "ADR-{number:04d}"
# ids in page titles and the navigation, and "(superseded)" on decisions that no longer apply
adr_page_title_format = "{id}: {title}{inactive}"

# the decisions' history from this repository's own git (a source tarball without
# .git, or a machine without git, builds the same pages without it)
adr_history = True

# trace this project's decisions to its own code: "# Implements: ADR-0001" comments
# in the package. The code root is the repository root, written out: found from .git
# it was docs/ in a source tarball, and every :code: path of the decisions was missing
adr_code_root = ".."
adr_code_scan = ["sphinxcontrib_adr/**/*.py"]
adr_code_keywords = ["Implements"]
# the trackers of the examples in this manual (example.com: nothing is fetched)
# the tests that confirm this project's decisions (@pytest.mark.adr in tests/): CI runs
# the tests with --junitxml=reports/junit.xml before it builds the manual; a build
# without that report says so in one info line. Only the markers count: parametrized
# test ids such as [ADR-0001] in the CLI tests name example ADRs, not ours
adr_test_results = ["../reports/*.xml"]
adr_test_id_pattern = ""
adr_tickets = {
    "JIRA": (r"(?:SHOP|SHRED)-\d+", "https://jira.example.com/browse/{id}"),
    "GH": (r"#(?P<number>\d+)", "https://github.com/example/shop/issues/{number}"),
}

# two other projects' decision logs, for guide/across-projects: their adrs.json are
# committed (examples/projects/update.py writes them, tests/test_examples.py checks them);
# example.org is where those teams would publish their pages (nothing is fetched);
# absolute paths, so that the snippet tests can build with this configuration elsewhere
_EXAMPLES = Path(__file__).resolve().parent / "examples" / "projects"
adr_external = {
    "payments": {
        "json": str(_EXAMPLES / "payments" / "adrs.json"),
        "base_url": "https://payments.example.org/",
    },
    "storefront": {
        "json": str(_EXAMPLES / "storefront" / "adrs.json"),
        "base_url": "https://storefront.example.org/",
    },
}
# the PDF manual builds with pdflatex and xelatex (.ci/run): the worked example
# quotes a template's emoji verdicts, which neither engine's fonts have; print
# them as text marks instead of an error (pdflatex) or empty boxes (xelatex)
latex_elements = {
    "preamble": "\n".join(
        [
            r"\usepackage{newunicodechar}",
            r"\newunicodechar{" + "\u274c" + r"}{[x]}",
            r"\newunicodechar{" + "\u2705" + r"}{[ok]}",
            r"\newunicodechar{" + "\u23f8" + r"}{[||]}",
            r"\newunicodechar{" + "\ufe0f" + r"}{}",
        ]
    ),
}
# makeindex for both engines: xindy (Sphinx's default with xelatex) is one more
# system package, and the index holds ASCII words only
latex_use_xindy = False
