"""Directives used by the manual only: references generated from the package itself.

``adr-config-reference`` and ``adr-warnings-reference`` render the tables of
configuration values and warning subtypes straight from the code, so the
reference can never fall out of date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ConfigReference(SphinxDirective):
    """Every configuration value as a ``confval`` (so ``:confval:`` links work)."""

    def run(self) -> list[nodes.Node]:
        from sphinxcontrib_adr.core.config import all_config_values

        lines: list[str] = []
        for name, default, _rebuild, help_text in all_config_values(self.config):
            lines += [f".. confval:: {name}", f"   :default: ``{default!r}``", ""]
            lines += [f"   {line}" for line in help_text.splitlines()]
            lines.append("")
        return self.parse_text_to_nodes("\n".join(lines))


class WarningsReference(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from sphinxcontrib_adr.core.warnings import all_subtypes

        out: list[nodes.Node] = []
        for sub in all_subtypes():
            section = nodes.section(ids=[nodes.make_id(f"warning-adr-{sub.name}")])
            section += nodes.title(f"adr.{sub.name}", f"adr.{sub.name}")
            body = nodes.definition_list()
            for label, text in (("Triggered by", sub.trigger), ("Fix", sub.fix)):
                item = nodes.definition_list_item()
                item += nodes.term(label, label)
                item += nodes.definition("", nodes.paragraph("", "", *self.parse_inline(text)[0]))
                body += item
            section += body
            if sub.example:
                section += nodes.literal_block(sub.example, sub.example)
            out.append(section)
        return out


class OptionsReference(SphinxDirective):
    """The options of a listing directive (``.. adr-options-reference:: adr-table``),
    from the directive's own option list and the option table ``OPTION_DOCS``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from docutils.parsers.rst import directives

        from sphinxcontrib_adr.listings.filters import FILTER_OPTIONS
        from sphinxcontrib_adr.listings.option_docs import OPTION_DOCS

        name = self.arguments[0]
        cls, _messages = directives.directive(name, self.state.memo.language, self.state.document)
        if cls is None:
            raise self.error(f"adr-options-reference: no directive {name!r}")
        extra = tuple(getattr(cls, "extra_options", ()))
        lines: list[str] = []
        for heading, names in (("Filters", FILTER_OPTIONS), ("Display", extra)):
            if not names:
                continue
            lines += [f"**{heading}** (lists are comma-separated):", ""]
            for option in names:
                doc = OPTION_DOCS[option]
                lines += [f".. rst:directive:option:: {option}: {doc.value}", ""]
                lines += [f"   {doc.help}", ""]
                if doc.examples:
                    shown = ", ".join(f"``:{option}: {e}``" for e in doc.examples)
                    lines += [f"   For example {shown}.", ""]
        return self.parse_text_to_nodes("\n".join(lines))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("adr-options-reference", OptionsReference)
    app.add_directive("adr-config-reference", ConfigReference)
    app.add_directive("adr-warnings-reference", WarningsReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
