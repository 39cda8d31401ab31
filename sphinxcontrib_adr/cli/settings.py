"""The settings only the command line reads (``sphinx-adr new``), declared to Sphinx
so that ``conf.py`` may set them and the manual documents them.

Apart from the command's project reader (``cli.project``): a build registers the
settings without importing the reader, its source scan and the model it uses
(issue 29: a project without decisions pays only for registering).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.config import add_config_value

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    """The settings only the command line reads (declared so they are documented)."""
    add_config_value(
        app,
        "adr_directory",
        None,
        "Where ``sphinx-adr new`` creates ADRs, relative to the directory of ``conf.py`` "
        "(default: the folder that holds the most numbered ADR files).",
    )
    add_config_value(
        app,
        "adr_template",
        None,
        "The template ``sphinx-adr new`` fills in, relative to the directory of "
        "``conf.py``: a path, or a dict by syntax (``{'rst': ..., 'md': ...}``). It may use "
        "``$title``, ``$title_underline``, ``$id``, ``$number``, ``$status``, ``$date`` and "
        "``$options`` (the ``adr`` option lines).",
    )
