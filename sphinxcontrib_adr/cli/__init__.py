"""The ``sphinx-adr`` command line: commands, project reader, importer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .commands import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    # on demand: a Sphinx build imports cli.project (the settings of `sphinx-adr
    # new`) and must not pay for importing every command (issue 29)
    if name == "main":
        from .commands import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
