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


def find_adr(
    ref: str, known: dict[str, ADR], id_format: str, folder: str | None = None
) -> ADR | None:
    """The ADR ``ref`` names: an id, a number or a file name (``0003-x.md``); a number
    is read through ``id_format``, else as the number of one ADR's file (the one in
    ``folder``, a docname's folder, when several files have it)."""
    if ref.isdigit():
        ref = format_id(id_format, int(ref))
    found = known.get(id_key(ref))
    if found is None:
        number = number_from_name(Path(ref).stem)
        if number is not None:
            found = known.get(id_key(format_id(id_format, number)))
    if found is None:
        found = _by_file(ref, known, folder)
    return found


def no_such_adr(what: str, ref: str, known: dict[str, ADR]) -> CLIError:
    """The error for a ``ref`` that :func:`find_adr` did not resolve: the ADRs it may
    mean when several files carry its number, else that none is called so."""
    number = int(ref) if ref.isdigit() else number_from_name(Path(ref).stem)
    files = sorted(
        f"{a.id} ({a.docname})"
        for a in known.values()
        if number is not None and number_from_name(a.docname.rpartition("/")[2]) == number
    )
    if len(files) > 1:
        return CLIError(
            f"{what} {ref}: the files of {len(files)} ADRs have the number {number}: "
            f"{', '.join(files)}; name one by its id"
        )
    return CLIError(f"{what} {ref}: no such ADR in this project (sphinx-adr list shows the ids)")


def _by_file(ref: str, known: dict[str, ADR], folder: str | None) -> ADR | None:
    """The ADR whose file ``ref`` names by number or name: in a log whose ADRs write
    their own ids (``:id: NYG-003`` in ``0003-x.md``), ``3`` and ``0003-x.md`` mean it,
    as they do to adr-tools users."""
    stem = Path(ref).stem
    number = int(ref) if ref.isdigit() else number_from_name(stem)
    if number is None:
        return None
    files = [a for a in known.values() if number_from_name(a.docname.rpartition("/")[2]) == number]
    for narrowed in (
        [a for a in files if a.docname.rpartition("/")[2] == stem],
        [a for a in files if a.docname.rpartition("/")[0] == folder],
        files,
    ):
        if len(narrowed) == 1:
            return narrowed[0]
    return None
