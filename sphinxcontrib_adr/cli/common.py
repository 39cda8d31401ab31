"""What every ``sphinx-adr`` command shares: its name, the ``--source`` option
and the project it names."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import format_id, id_key, number_from_name
from .project import NO_CONF_PY, CLIError, Project, find_confdir, load_project

if TYPE_CHECKING:
    import argparse

    from ..core.model import ADR

PROG = "sphinx-adr"


def project_of(args: argparse.Namespace) -> Project:
    confdir = find_confdir(Path.cwd(), Path(args.source) if args.source else None)
    if confdir is None and args.source is None:
        raise CLIError(NO_CONF_PY)
    return load_project(confdir)


def source_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-C",
        "--source",
        metavar="DIR",
        help="the Sphinx source directory holding conf.py (default: ., docs/, doc/, "
        "docs/source/ or source/, the first that has one)",
    )


def shown(path: Path) -> Path:
    """``path`` relative to the working directory when it is below it, else absolute
    (one form whether the folder came from ``--dir`` or was found)."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return absolute


def find_adr(ref: str, known: dict[str, ADR], id_format: str) -> ADR | None:

    if ref.isdigit():
        ref = format_id(id_format, int(ref))
    found = known.get(id_key(ref))
    if found is None:
        number = number_from_name(Path(ref).stem)
        if number is not None:
            found = known.get(id_key(format_id(id_format, number)))
    return found
