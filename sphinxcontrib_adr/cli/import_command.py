"""``sphinx-adr import``: convert an existing ADR log (MADR, Nygard/adr-tools,
log4brains, reST) to pages with the adr block, and report what was found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import ValueProblem, parse_status
from .importing.ids import shown
from .project import CLIError, Project, find_confdir, load_project, scan_adrs

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .importing import Converted, ImportResult, ImportSettings, WritePlan

PROG = "sphinx-adr"


def add_import(commands: Any, source_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``import`` subcommand; ``source_option`` adds the ``-C`` every command has."""
    importer = commands.add_parser(
        "import",
        help="convert an existing ADR log (MADR, Nygard/adr-tools, log4brains, reST)",
        description="Convert Markdown ADRs to MyST and reST ADRs to reST with the adr block. "
        "Status, date, deciders, tags and relations move into the block (from YAML front "
        "matter, '* Status:' lines, '**Status:** ...', 'Date:' lines, the Status section, "
        "relation bullets under Links); the rest of the text is kept word for word. "
        "Prints the statuses found and the conf.py lines the pages need.",
    )
    importer.add_argument("sources", nargs="+", help="ADR files, or folders holding them")
    where = importer.add_mutually_exclusive_group()
    where.add_argument("-o", "--out", metavar="DIR", help="write the converted files here")
    where.add_argument("--in-place", action="store_true", help="replace the files")
    source_option(importer)
    importer.add_argument("--conf", dest="source", metavar="DIR", help=argparse.SUPPRESS)
    importer.add_argument("--id-format", help="default: adr_id_format, or ADR-{number:04d}")
    importer.add_argument("--default-status", help="status written where none is stated")
    importer.add_argument("-f", "--force", action="store_true", help="overwrite files in --out")
    importer.add_argument("-n", "--dry-run", action="store_true", help="report, write nothing")
    importer.add_argument(
        "--structure",
        choices=("on", "off"),
        default="on",
        help="on (default): options, verdicts, pros and cons, consequences and related "
        "ADRs written in the prose become alternative and consequences directives and "
        "relations; off: only the metadata moves",
    )
    importer.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """Convert existing ADR files to pages with the adr block."""
    from .importing import import_files, plan_writes, scan_sources, write_plan

    paths = [Path(p) for p in args.sources]
    for path in paths:
        if not path.exists():
            raise CLIError(f"{path} does not exist; give ADR files or the folder holding them")
    sources, skipped = scan_sources(paths)
    if not sources:
        raise CLIError("no .md or .rst files found in the given paths")
    if args.out is None and not args.in_place and not args.dry_run:
        raise CLIError("say where to write: --out DIR (a new directory) or --in-place")
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise CLIError(f"--out {out_dir} is a file; give a directory (new or empty)")
    settings = _import_settings(args, sources, out_dir)
    result = import_files(sources, settings)
    plan = plan_writes(result, out_dir, protected=sources)
    if plan.clashes and not args.force:
        raise CLIError(
            f"{plan.clashes[0].parent} already holds {plan.clashes[0].name} (and "
            f"{len(plan.clashes) - 1} more); pass --force to overwrite",
            code=1,
        )
    if not args.dry_run:
        write_plan(plan, in_place=out_dir is None, snapshots=result.snapshots)
    _import_report(result, plan, sources, skipped, settings, dry_run=args.dry_run)
    if plan.failures:
        # one line per file not written; the others were written (stdout says how many)
        for failure in plan.failures:
            print(f"{PROG} import: error: {failure}", file=sys.stderr)
        print(f"wrote {len(plan.targets) - len(plan.failures)} of {len(plan.targets)} files")
        return 2
    return 1 if result.errors else 0


def _structure_report(item: Converted) -> list[str]:
    """``structure: 0002-x.md: 3 options (chosen: 'X')`` and the prose left alone."""
    structure = item.structure
    if structure is None:
        return []
    lines = []
    summary = structure.summary()
    if summary:
        lines.append(f"structure: {shown(item.source)}: {summary}")
    lines += [f"prose kept: {shown(item.source)}: {why}" for why in structure.prose]
    return lines


def _import_settings(
    args: argparse.Namespace, inputs: Sequence[Path], out_dir: Path | None
) -> ImportSettings:
    """Id format and statuses of the project the files go to (its conf.py, if any)."""
    from .importing import ImportSettings

    confdir = find_confdir(Path.cwd(), Path(args.source) if args.source else None)
    project = load_project(confdir) if confdir else load_project(None)
    conf = project.settings
    if args.default_status:
        try:
            parse_status(args.default_status, conf.statuses, conf.aliases)
        except ValueProblem as problem:
            raise CLIError(f"--default-status: {problem}") from None
    return ImportSettings(
        id_format=_check_id_format(args.id_format) if args.id_format else conf.id_format,
        statuses=conf.statuses,
        aliases=dict(conf.aliases),
        default_status=args.default_status,
        myst="myst_parser" in project.value("extensions", ()),
        extension="sphinxcontrib_adr" in project.value("extensions", ()),
        structure=args.structure == "on",
        taken=_taken_ids(project, inputs, out_dir) if confdir else {},
        explicit_ids=bool(args.id_format),
    )


def _check_id_format(value: str) -> str:
    """``--id-format``, checked as ``adr_id_format`` is (a format that fails or gives
    one id for every number would fail the import half way)."""
    from sphinx.errors import ConfigError

    from ..core.config import ID_SAMPLES, check_template

    try:
        id_format = check_template("--id-format", value, ID_SAMPLES)
    except ConfigError as err:
        raise CLIError(str(err)) from None
    if len({id_format.format(number=n) for n in (1, 2, 10, 11)}) < 4:
        raise CLIError(
            f"--id-format {value!r} gives the same id for different numbers; write "
            "{number} in it, e.g. ADR-{number:04d}"
        )
    return id_format


def _taken_ids(project: Project, inputs: Sequence[Path], out_dir: Path | None) -> dict[str, str]:
    """Ids the project's pages hold (casefolded) -> ``file:line``, when the pages
    go into the project; the files being imported do not count (a page converted
    before is imported again as it is)."""
    srcdir = project.srcdir.resolve()
    targets = [out_dir] if out_dir is not None else list(inputs)
    if not all(t.resolve().is_relative_to(srcdir) for t in targets):
        return {}  # written elsewhere: another project's ids do not matter
    adrs, _problems = scan_adrs(project)
    own = {path.resolve() for path in inputs}
    taken: dict[str, str] = {}
    for adr in adrs:
        found = (project.srcdir / f"{adr.docname}{s}" for s in (".rst", ".md", ".markdown"))
        path = next((p for p in found if p.is_file()), None)
        if path is None or path.resolve() in own:
            continue
        taken.setdefault(adr.id.casefold(), f"{path}:{adr.lineno}")
    return taken


def _import_report(
    result: ImportResult,
    plan: WritePlan,
    sources: Sequence[Path],
    skipped: Sequence[Path],
    settings: ImportSettings,
    dry_run: bool,
) -> None:
    verb = "would convert" if dry_run else "converted"
    print(f"{verb} {len(result.files)} of {len(sources)} file{'' if len(sources) == 1 else 's'}")
    if result.already:
        kept = (
            "copied unchanged"
            if plan.targets and any(item in result.already for item, _ in plan.targets)
            else "left as they are"
        )
        print(
            f"already pages with an adr block ({kept}): {len(result.already)}, e.g. "
            f"{shown(result.already[0].source)}"
        )
    _status_notes(result, settings)
    for note in result.notes:
        print(f"ids: {note}")
    for note in result.included:
        print(f"included: {note}")
    for warning in [*result.warnings, *plan.warnings]:
        print(f"warning: {warning}")
    for item in result.files:
        for line in _structure_report(item):
            print(line)
    copied = {(i.source.parent / ref).resolve() for i in result.files for ref in i.assets}
    for path in (p for p in skipped if p.resolve() not in copied):  # images go along
        print(
            f"skipped: {shown(path)} (README, index, template, licence, or not .md/.rst; "
            "name it to import it)"
        )
    for path in result.empty:
        print(f"skipped: {shown(path)} (empty: nothing to import)")
    for path, error in result.errors:
        print(f"error: {shown(path)}: {error}", file=sys.stderr)
    # pages of this extension were written or are there: they need its conf.py lines
    lines = result.conf_lines(settings) if result.files or result.already else []
    if lines:
        print("add to conf.py:")
        for line in lines:
            print(f"    {line}")


def _status_notes(result: ImportResult, settings: ImportSettings) -> None:
    """The statuses as the pages will have them, and the notes they need: files that
    state none, titles numbered like their files."""
    if not result.files:
        return  # nothing converted: no statuses to sum up, nothing for the notes
    print(f"statuses: {result.status_summary(settings.default_status)}")
    unstated = result.statuses().get("(none)", 0)
    # "1 of them states no status: its page", "2 of them state no status: their pages"
    states = f"{unstated} of them {'states' if unstated == 1 else 'state'} no status: " + (
        "its page" if unstated == 1 else "their pages"
    )
    if unstated and not settings.default_status:
        print(
            f"note: {states} get{'s' if unstated == 1 else ''} no :status: and "
            f"show{'s' if unstated == 1 else ''} the project's default (adr_default_status, "
            "else the first of "
            "adr_statuses); if those decisions are in force, import again with "
            "--default-status accepted"
        )
    elif unstated:
        print(
            f"note: {states} say{'s' if unstated == 1 else ''} "
            f":status: {settings.default_status} (--default-status); in a git repository "
            "the ADR's history dates that status from the file's first commit, not from "
            "the import"
        )
    numbered = result.numbered_titles()
    if numbered:
        one = len(numbered) == 1
        titles = "title starts with its" if one else "titles start with their"
        print(
            f"note: {len(numbered)} {titles} ADR's number (e.g. {numbered[0]!r}), kept as "
            "written; to number every page title the same way, remove "
            f"{'that number' if one else 'those numbers'} and set "
            'adr_page_title_format = "{id}: {title}" in conf.py'
        )
