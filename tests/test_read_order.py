"""Where Sphinx's SmartQuotes run relative to the domain step (ADR-0021)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

#: a domain that notes the first title of each document as ``process_doc`` sees it
PROBE = """
from docutils import nodes
from sphinx.domains import Domain

class Probe(Domain):
    name = "probe"
    initial_data = {"titles": []}

    def process_doc(self, env, docname, document):
        self.data["titles"].append(document.next_node(nodes.title).astext())

def setup(app):
    app.add_domain(Probe)

extensions = ["myst_parser"]
"""


@pytest.mark.parametrize(
    ("name", "source"),
    [("index.rst", 'A "quoted" title\n================\n'), ("index.md", '# A "quoted" title\n')],
)
def test_domain_process_doc_sees_curly_quotes(
    tmp_path: Path, make_app: Any, name: str, source: str
) -> None:
    (tmp_path / "conf.py").write_text(PROBE)
    (tmp_path / name).write_text(source)
    app = make_app("html", srcdir=tmp_path)
    app.build()
    # Sphinx's own SmartQuotes (priority 750) ran before SphinxDomains (850)
    assert app.env.domains["probe"].data["titles"] == ["A \u201cquoted\u201d title"]
