"""``sphinx-adr``: create, list, check and import Architecture Decision Records,
and write a portal over many projects' logs.

Exit status: 0 success; 1 the command ran and found problems (``lint``
warnings, files ``import`` could not convert, ``new`` refusing to overwrite);
2 bad usage or configuration (unknown option, missing directory, broken
``conf.py``), or a file that could not be written (read-only, a full disk,
changed by another program while it was edited); 3 an internal error (a bug); 141 the reader of the output
closed the pipe (``sphinx-adr list | head -1``), as for a program ended by
SIGPIPE. Errors are one line on stderr saying what to do; there is no
traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import string
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.utils import column_width

from ..core.model import (
    ValueProblem,
    format_id,
    id_key,
    number_from_name,
    parse_date,
    parse_status,
    slugify,
    today,
)
from ..core.version import __version__
from .changes import add_changes
from .edit import Source, add_to_list, find_block, option_value, set_option
from .health import add_health
from .import_command import add_import
from .lint_hints import print_hints
from .portal import add_portal
from .project import (
    SOURCE_SUFFIXES,
    CLIError,
    Links,
    Project,
    adr_directory,
    conf_failure,
    find_confdir,
    isolated,
    load_project,
    not_utf8,
    scan_adrs,
    source_files,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx

    from ..core.model import ADR

TEMPLATES = Path(__file__).parent / "templates"
PROG = "sphinx-adr"


# --------------------------------------------------------------------------
# new


#: longest slug in a new file name (file systems allow 255 bytes; links stay readable)
MAX_SLUG = 60
#: a title line that reST reads as something else (comment, directive, list, field
#: list, doctest, ...)
_RST_ACTIVE_RE = re.compile(r"^(?:\.\.|[-*+\u2022|>](?:\s|$)|\d+[.)](?:\s|$)|#\.|\(\d+\)|[_:]|>>>)")


def check_title(title: str) -> str:
    """The title of a new ADR, or a :class:`CLIError` saying what to write instead."""
    if "\n" in title or "\r" in title:
        raise CLIError("the title has a line break; write it on one line")
    title = " ".join(title.split())
    if not re.search(r"\w", title):
        raise CLIError(
            f"the title {title!r} has no words; write the decision, e.g. "
            '"Use PostgreSQL for storage"'
        )
    return title


def new_slug(title: str) -> str:
    """The file name part of ``title``: kebab-case ASCII, cut at a word boundary."""
    slug = slugify(title)
    if slug == "item" and not re.search(r"[A-Za-z0-9]", title):
        # a title in a script without ASCII letters: keep its letters, the name stays valid
        slug = re.sub(r"\W+", "-", title.casefold()).strip("-") or "adr"
    if len(slug) > MAX_SLUG:
        slug = slug[: MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    return slug


#: inline markup of reST: emphasis, literals, substitutions, ``name_`` references
_RST_INLINE_RE = re.compile(r"[\\*`|]|(?<=[\w`\]])_(?=\W|$)")
#: characters a MyST heading would read as markup (CommonMark escapes any of them)
_MD_INLINE_RE = re.compile(r"[\\`*_\[\]<>{}$]|#$")


def rst_title(title: str) -> str:
    """``title`` as a reST title line: inline markup, and what would make the line a
    comment, directive or list, is escaped, so the page shows the title as typed."""
    escaped = _RST_INLINE_RE.sub(lambda m: "\\" + m.group(0), title)
    if _RST_ACTIVE_RE.match(title) and not escaped.startswith("\\"):
        escaped = "\\" + escaped
    return escaped


def md_title(title: str) -> str:
    """``title`` as the text of a MyST heading, shown as typed (markup escaped)."""
    return _MD_INLINE_RE.sub(lambda m: "\\" + m.group(0), title)


def cmd_new(args: argparse.Namespace) -> int:
    """Create the next ADR from a template."""
    args.title = check_title(args.title)
    project = _project(args)
    conf = project.settings
    target, number, syntax = _next_file(args, project)
    status, date, options = _new_options(args, project)
    title = rst_title(args.title) if syntax == "rst" else md_title(args.title)
    indent = "   " if syntax == "rst" else ""
    values = {
        "title": title,
        # columns, not characters: a wide (CJK) character takes two, as docutils counts
        "title_underline": "=" * column_width(title),
        "id": format_id(conf.id_format, number),
        "number": str(number),
        "status": status,
        "date": date,
        "options": "\n".join(f"{indent}:{k}: {v}" for k, v in options),
        # MyST: ::: when the project enables colon_fence (as the manual writes), else
        # backticks, which MyST reads without any extension
        "fence": ":::" if _colon_fence(project) else "```",
    }
    template = _template(args, project, syntax)
    text = _fill_template(template, values)
    if not _ADR_BLOCK_RE[syntax].search(text):
        raise CLIError(
            f"the template {template} has no adr block ({_ADR_BLOCK_HINT[syntax]}), so "
            "the page would be no ADR; nothing was written"
        )
    if args.dry_run:
        sys.stdout.write(text)
        return 0
    _create(target, text)
    new_id = format_id(conf.id_format, number)
    print(f"created {_shown(target)} ({new_id})")
    if args.supersedes:
        _follow_implied(project, new_id)
    return 0


#: what makes a filled template an ADR page, by syntax
_ADR_BLOCK_RE = {
    "rst": re.compile(r"^[ \t]*\.\.[ \t]+adr::", re.M),
    "md": re.compile(r"^[ \t]*(?:`{3,}|:{3,})[ \t]*\{adr\}", re.M),
}
_ADR_BLOCK_HINT = {"rst": "a '.. adr::' line", "md": "a ```{adr} or :::{adr} fence"}


def _create(target: Path, text: str) -> None:
    """Create ``target`` (never over a file); a part written before a failure
    (a full disk) is removed, so no half page is left."""
    try:
        handle = target.open("x", encoding="utf-8")
    except OSError as err:
        raise CLIError(f"cannot write {target}: {err.strerror or err}", code=1) from None
    try:
        with handle:
            handle.write(text)
    except OSError as err:
        target.unlink(missing_ok=True)
        raise CLIError(
            f"cannot write {target}: {err.strerror or err}; nothing was written"
        ) from None


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it is below it, else absolute
    (one form whether the folder came from ``--dir`` or was found)."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return absolute


def _next_file(args: argparse.Namespace, project: Project) -> tuple[Path, int, str]:
    """The new ADR's file (next number, the folder's numbering style), number, syntax."""
    folder = Path(args.dir) if args.dir else adr_directory(project)
    if folder is None:
        raise CLIError(
            "no ADR directory found (no numbered ADR files yet); pass --dir DIR or set "
            "adr_directory in conf.py"
        )
    if not folder.is_dir():
        raise CLIError(f"the ADR directory {folder} does not exist; create it or pass --dir")
    existing = [p for p in folder.iterdir() if p.suffix in (".rst", ".md") and p.is_file()]
    numbered = [(number_from_name(p.stem), p) for p in existing]
    number = max((n for n, _ in numbered if n is not None), default=0) + 1
    samples = [p for n, p in numbered if n is not None]
    syntax = args.format or _majority_suffix(samples)
    width, prefix = _numbering_style(samples)
    target = folder / f"{prefix}{number:0{width}d}-{new_slug(args.title)}.{syntax}"
    if target.exists():
        raise CLIError(f"{target} already exists; choose another title", code=1)
    return target, number, syntax


def _new_options(
    args: argparse.Namespace, project: Project
) -> tuple[str, str, list[tuple[str, str]]]:
    """The new ADR's status, date and option lines (``--supersedes`` ids checked)."""
    conf = project.settings
    try:
        status, _ = parse_status(args.status, conf.statuses, conf.aliases)
    except ValueProblem as problem:
        raise CLIError(f"--status: {problem}") from None
    options: list[tuple[str, str]] = [("status", status)]
    date = args.date or today(os.environ.get("SOURCE_DATE_EPOCH")).isoformat()
    try:
        options.append(("date", parse_date(date, "--date")))
    except ValueProblem as problem:
        raise CLIError(str(problem)) from None
    if args.supersedes:
        adrs, _problems = scan_adrs(project)
        known = {a.key: a for a in adrs}
        ids = []
        for ref in args.supersedes:
            adr = _find_adr(ref, known, conf.id_format)
            if adr is None:
                raise CLIError(
                    f"--supersedes {ref}: no such ADR in this project (sphinx-adr list shows "
                    "the ids)"
                )
            ids.append(adr.id)
        options.append(("supersedes", ", ".join(ids)))
    return status, date, options


def _colon_fence(project: Project) -> bool:
    try:
        return "colon_fence" in set(project.value("myst_enable_extensions") or ())
    except TypeError:
        return False


def _fill_template(template_path: Path, values: dict[str, str]) -> str:
    try:
        template = string.Template(template_path.read_text("utf-8"))
    except OSError as err:
        raise CLIError(f"cannot read the template {template_path}: {err.strerror}") from None
    try:
        return template.substitute(values)
    except (KeyError, ValueError) as err:
        raise CLIError(
            f"the template {template_path} uses an unknown or malformed placeholder ({err}); "
            f"available: {', '.join('$' + k for k in values)}"
        ) from None


def _find_adr(ref: str, known: dict[str, ADR], id_format: str) -> ADR | None:
    from ..core.model import id_key

    if ref.isdigit():
        ref = format_id(id_format, int(ref))
    found = known.get(id_key(ref))
    if found is None:
        number = number_from_name(Path(ref).stem)
        if number is not None:
            found = known.get(id_key(format_id(id_format, number)))
    return found


def _majority_suffix(paths: Sequence[Path]) -> str:
    md = sum(1 for p in paths if p.suffix == ".md")
    return "md" if md > len(paths) - md else "rst"


def _numbering_style(paths: Sequence[Path]) -> tuple[int, str]:
    """``(digits, prefix)`` the existing files use (``0007-x`` -> 4, ``adr-007-x`` -> 3)."""
    for path in sorted(paths):
        match = re.match(r"^(\D*?)(\d+)-", path.name)
        if match:
            return len(match.group(2)), match.group(1)
    return 4, ""


def _template(args: argparse.Namespace, project: Project, syntax: str) -> Path:
    if args.template:
        return Path(args.template)
    configured = project.value("adr_template")
    if isinstance(configured, dict):
        configured = configured.get(syntax)
    if configured:
        return (project.confdir or project.srcdir) / str(configured)
    # the section titles in the project's language when a translated template exists
    language = project.value("language")
    translated = TEMPLATES / str(language) / f"adr.{syntax}" if language else None
    return translated if translated and translated.is_file() else TEMPLATES / f"adr.{syntax}"


# --------------------------------------------------------------------------
# status, link: edit one block in place


def _locate(project: Project, ref: str, what: str) -> tuple[ADR, Path]:
    """The ADR ``ref`` names (id, number or file name) and the file that holds it."""
    adrs, _problems = scan_adrs(project)
    adr = _find_adr(ref, {a.key: a for a in adrs}, project.settings.id_format)
    if adr is None:
        raise CLIError(f"{what} {ref}: no such ADR in this project (sphinx-adr list shows the ids)")
    for suffix in SOURCE_SUFFIXES:
        path = project.srcdir / f"{adr.docname}{suffix}"
        if path.is_file():
            return adr, path
    raise CLIError(f"{what} {ref}: the file of {adr.id} ({adr.docname}) cannot be found")


def _set_status(project: Project, ref: str, status: str) -> bool:
    """Write ``:status: status`` into the ADR's block; False when it already says so."""
    adr, path = _locate(project, ref, "status of")
    source = Source.read(path)
    block = find_block(source, adr.lineno)
    old = option_value(source, block, "status")
    if old is not None and old.casefold() == status.casefold():
        print(f"{adr.id} is already {old} ({_shown(path)})")
        return False
    set_option(source, block, "status", status)
    source.write()
    print(f"{adr.id}: status {status} (was {old or 'not written'}) in {_shown(path)}")
    return True


def cmd_status(args: argparse.Namespace) -> int:
    """Change an ADR's status in place (only its ``:status:`` line changes)."""
    project = _project(args)
    conf = project.settings
    try:
        parse_status(args.status, conf.statuses, conf.aliases)
    except ValueProblem as problem:
        raise CLIError(f"status {args.status!r}: {problem}") from None
    _set_status(project, args.adr, " ".join(args.status.split()))
    adr, _path = _locate(project, args.adr, "status of")
    _follow_implied(project, adr.id)
    return 0


def _follow_implied(project: Project, ref: str) -> None:
    """Give the ADRs that ``ref`` supersedes (or replaces through any relation that
    implies a status) that status, once ``ref`` is accepted, as the build checks
    it; otherwise say what will happen then."""
    conf = project.settings
    adrs, _problems = scan_adrs(project)
    known = {a.key: a for a in adrs}
    newer = _find_adr(ref, known, conf.id_format)
    if newer is None:
        return
    for adr in adrs:
        for link in adr.links:
            kind = conf.link_kind(link.kind)
            older = known.get(id_key(link.target))
            if kind is None or not kind.implied_status or older is None:
                continue
            if id_key(link.source) != newer.key or older.status == kind.implied_status:
                continue
            if newer.status == conf.accepted:
                _set_status(project, older.id, kind.implied_status)
            else:
                print(
                    f"{older.id} stays {older.status}: {newer.id} is {newer.status}; it "
                    f"becomes {kind.implied_status} when {newer.id} is accepted "
                    f"(sphinx-adr status {newer.id} {conf.accepted})"
                )


def cmd_link(args: argparse.Namespace) -> int:
    """Add a relation to an ADR's block in place; a relation that implies a status
    (``supersedes``) also sets that status on the ADR it concerns."""
    project = _project(args)
    conf = project.settings
    option = args.kind.lower()
    if option not in conf.link_options:
        raise CLIError(
            f"{args.kind!r} is not a relation; write one of {', '.join(conf.link_options)}"
        )
    kind, reverse = conf.link_options[option]
    source_adr, path = _locate(project, args.adr, "link")
    target_adr, _ = _locate(project, args.target, "link to")
    if source_adr.key == target_adr.key:
        raise CLIError(f"{source_adr.id} cannot be linked to itself; name another ADR")
    source = Source.read(path)
    if add_to_list(source, find_block(source, source_adr.lineno), option, target_adr.id):
        source.write()
        print(f"{source_adr.id}: {option} {target_adr.id} added in {_shown(path)}")
    else:
        print(f"{source_adr.id} already {option} {target_adr.id} ({_shown(path)})")
    if kind.implied_status:
        # "A supersedes B" / "B superseded-by A": B's status follows, once A is accepted
        _follow_implied(project, (target_adr if reverse else source_adr).id)
    return 0


# --------------------------------------------------------------------------
# list


def cmd_list(args: argparse.Namespace) -> int:
    """List the ADRs found in the sources (no build)."""
    from ..listings.filters import (
        FILTER_OPTIONS,
        parse_columns,
        parse_filter,
        parse_sort,
        sort_adrs,
    )

    project = _project(args)
    conf = project.settings
    adrs, problems = scan_adrs(project)
    for problem in problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    # the command line's filter options are adr-table's, named alike
    options = {
        name: value
        for name in FILTER_OPTIONS
        if (value := getattr(args, name.replace("-", "_"), None)) is not None
    }
    with _captured_warnings() as messages:
        adr_filter = parse_filter(options, ("cli", 0), conf=conf, what="filter")
        try:
            keys = parse_sort(args.sort, conf)
            columns = parse_columns(args.columns, conf) if args.columns else None
        except ValueProblem as problem:
            # the option names of adr-table; say the command line's
            message = str(problem).replace(":sort:", "--sort").replace(":columns:", "--columns")
            raise CLIError(message) from None
    if messages or adr_filter is None:
        raise CLIError("; ".join(messages) or "the filter cannot be used")
    links = Links(adrs, conf)
    selected = sort_adrs(adr_filter.apply(adrs, links), keys, conf)
    columns = columns or ("id", "status", "date", "title")
    rows = [_list_row(adr, columns, links) for adr in selected]
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _print_table(rows, columns)
    return 0


def _list_row(adr: ADR, columns: Sequence[str], links: Links) -> dict[str, Any]:
    """One ADR's values of ``columns``, as adr-table computes them."""
    from ..listings.filters import is_relation_column, relation_values, scalar_value

    row: dict[str, Any] = {}
    for column in columns:
        if is_relation_column(column, links.conf):
            value: Any = relation_values(column, links.conf, links.links_of(adr)) or None
        else:
            value = scalar_value(adr, column, None)
        row[column] = list(value) if isinstance(value, tuple) else value
    return row


def _print_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    def cell(value: Any) -> str:
        if value is None:
            return ""
        return ", ".join(value) if isinstance(value, list) else str(value)

    cells = [[cell(row[c]) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    header = [c.upper() for c in columns]
    for line in [header, *cells]:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    if not rows:
        print("(no ADRs match)")


class _captured_warnings:
    """Collect the extension's warnings (the filter parser reports through them)."""

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("sphinx.sphinxcontrib_adr")
        messages = self.messages

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                messages.append(record.getMessage())

        self.handler = Handler(logging.WARNING)
        self.propagate = self.logger.propagate
        self.logger.propagate = False
        self.logger.addHandler(self.handler)
        return self.messages

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


# --------------------------------------------------------------------------
# lint


def _leave_out_unreadable(app: Sphinx) -> list[str]:
    """Sources that are no UTF-8 (Sphinx stops at the first), with what is wrong; they
    are added to the build's ``exclude_patterns`` so that the rest is linted. Taken
    from the build's own configuration: ``conf.py`` is evaluated once, by Sphinx."""
    srcdir = Path(app.srcdir)
    exclude = list(app.config.exclude_patterns)
    unreadable = {
        path: problem
        for path in source_files(srcdir, exclude)
        if (problem := not_utf8(path)) is not None
    }
    if unreadable:
        excluded = [p.relative_to(srcdir).as_posix() for p in unreadable]
        app.config.exclude_patterns = [*exclude, *excluded]
    return list(unreadable.values())


def cmd_lint(args: argparse.Namespace) -> int:
    """Run the build's checks (reading, consistency, references) without output."""
    if args.source and args.source_dir and args.source != args.source_dir:
        raise CLIError(f"two source directories given ({args.source}, {args.source_dir}); give one")
    source = args.source or args.source_dir
    confdir = find_confdir(Path.cwd(), Path(source) if source else None)
    if confdir is None:
        raise CLIError("no conf.py found here or in docs/; give the source directory")
    warnings = io.StringIO()
    with isolated(), tempfile.TemporaryDirectory(prefix="sphinx-adr-lint-") as tmp:
        unreadable = _lint_build(args, confdir, Path(tmp), warnings)
    plain_text = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())
    lines = [*unreadable, *(line for line in plain_text.splitlines() if line.strip())]
    adr_lines = [*unreadable, *(line for line in lines if "[adr." in line)]
    counted = lines if args.strict else adr_lines
    for line in lines if args.strict else adr_lines:
        print(line)
    if counted:
        what = "warning" if args.strict else "ADR problem"
        plural = "" if len(counted) == 1 else "s"
        print(f"{PROG}: {len(counted)} {what}{plural} found", file=sys.stderr)
        return 1
    print(f"{PROG}: no ADR problems found")
    return 0


def _lint_build(
    args: argparse.Namespace, confdir: Path, tmp: Path, warnings: io.StringIO
) -> list[str]:
    """Read the project with Sphinx into ``tmp``; the unreadable sources left out."""
    from sphinx.application import Sphinx
    from sphinx.errors import ConfigError, SphinxError

    try:
        app = Sphinx(
            str(confdir),
            str(confdir),
            str(tmp / "out"),
            str(tmp / "doctrees"),
            "dummy",
            status=None,
            warning=warnings,
            freshenv=True,
            parallel=args.jobs,
            keep_going=True,
        )
    except ConfigError as err:
        raise conf_failure(confdir / "conf.py", err) from None
    except SphinxError as err:
        raise CLIError(f"the build failed: {err}", code=2) from None
    unreadable = _leave_out_unreadable(app)
    try:
        app.build()
    except SphinxError as err:
        raise CLIError(f"the build failed: {err}", code=2) from None
    print_hints(app)  # sphinx-adr's spellings: info, not problems
    return unreadable


# --------------------------------------------------------------------------
# plumbing


def _project(args: argparse.Namespace) -> Project:
    confdir = find_confdir(Path.cwd(), Path(args.source) if args.source else None)
    if confdir is None and args.source is None:
        raise CLIError("no conf.py found here or in docs/; give the source directory")
    return load_project(confdir)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Create, list, check and import Architecture Decision Records of a "
        "Sphinx project that uses sphinxcontrib-adr.",
        epilog="Run 'sphinx-adr COMMAND --help' for a command's options. Exit status: 0 "
        "success, 1 problems found, 2 usage or configuration error, 3 internal error "
        "(a bug: please report it), 141 the output's reader closed the pipe.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_new(commands)
    _add_list(commands)
    _add_status(commands)
    _add_link(commands)
    _add_lint(commands)
    add_import(commands, _source_option)
    add_portal(commands)
    add_changes(commands, _source_option)
    add_health(commands, _source_option)  # health and review
    return parser


def _source_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "-C",
        "--source",
        metavar="DIR",
        help="the Sphinx source directory holding conf.py (default: ., docs/, doc/, "
        "docs/source/ or source/, the first that has one)",
    )


def _add_new(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        help="create the next ADR from a template",
        description="Create NNNN-kebab-title.rst (or .md) with the next free number in the "
        "ADR directory: --dir, else adr_directory from conf.py, else the folder that holds "
        "the numbered ADRs. The template is --template, else adr_template from conf.py "
        "(a path, or a dict by suffix), else the built-in one; it may use $title, "
        "$title_underline, $id, $number, $status, $date and $options.",
    )
    new.add_argument("title", help='the decision, e.g. "Use PostgreSQL for storage"')
    _source_option(new)
    new.add_argument("-d", "--dir", help="the ADR directory")
    new.add_argument("--format", choices=("rst", "md"), help="default: what the directory uses")
    new.add_argument("--status", default="proposed", help="initial status (default: proposed)")
    new.add_argument("--date", help="YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH's)")
    new.add_argument(
        "-s",
        "--supersedes",
        action="append",
        metavar="N",
        help="an ADR this one supersedes: number, id or file name (repeatable, as in "
        "adr-tools); its :status: becomes superseded in its file, nothing else changes",
    )
    new.add_argument("--template", help="a template file to use instead")
    new.add_argument("-n", "--dry-run", action="store_true", help="print instead of writing")
    new.set_defaults(func=cmd_new)


def _add_list(commands: Any) -> None:
    lister = commands.add_parser(
        "list",
        help="list ADRs from the sources, without a build",
        description="List every ADR found in the sources. Filters take the values of the "
        "adr-table options of the same name, e.g. --status 'accepted, proposed', "
        "--tags 'backend, !legacy', --date 2025..2026-06, --relation 'supersedes ADR-0003'.",
    )
    _source_option(lister)
    lister.add_argument("--format", choices=("table", "json"), default="table")
    # the filters of adr-table, by the same names
    from ..listings.filters import FILTER_OPTIONS

    extra = {"tags-match": ("any|all", None), "field": ("CONDITION", "e.g. 'priority=high'")}
    # :projects: takes other projects' logs, and :changed-since: git's history, which a
    # build reads; list reads sources
    # (:health: what a build finds: sphinx-adr health)
    for option in (o for o in FILTER_OPTIONS if o not in ("projects", "changed-since", "health")):
        metavar, text = extra.get(option, ("VALUE", None))
        lister.add_argument(f"--{option}", metavar=metavar, help=text)
    lister.add_argument("--sort", metavar="KEYS", help="e.g. --sort='-date, id' (default: id)")
    lister.add_argument("--columns", metavar="NAMES", help="default: id, status, date, title")
    lister.set_defaults(func=cmd_list)


def _add_status(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="change an ADR's status in its file",
        description="Set the :status: of an ADR in place: only that line changes (or one "
        "line is added to the adr block), in reST and MyST alike.",
    )
    status.add_argument("adr", metavar="ADR", help="an id, number or file name")
    status.add_argument("status", metavar="STATUS", help="one of adr_statuses or an alias")
    _source_option(status)
    status.set_defaults(func=cmd_status)


def _add_link(commands: Any) -> None:
    link = commands.add_parser(
        "link",
        help="add a relation to an ADR's file",
        description="Add a relation (supersedes, superseded-by, amends, amended-by, "
        "relates, or a kind of adr_link_kinds) to the first ADR's adr block, in place. The "
        "relation shows on both ADRs' pages; a relation that implies a status (supersedes) "
        "also sets it on the ADR it replaces.",
    )
    link.add_argument("adr", metavar="ADR", help="the ADR whose block gets the relation")
    link.add_argument("kind", metavar="KIND", help="e.g. amends, supersedes, relates")
    link.add_argument("target", metavar="OTHER", help="the ADR it names")
    _source_option(link)
    link.set_defaults(func=cmd_link)


def _add_lint(commands: Any) -> None:
    lint = commands.add_parser(
        "lint",
        help="run the build's ADR checks (for CI)",
        description="Read the whole project with Sphinx (no output is written) and report "
        "the ADR warnings: bad values, duplicate ids, dangling relations and references, "
        "cycles, inconsistent statuses, overdue reviews. Exit status 1 when any is found.",
    )
    _source_option(lint)
    lint.add_argument(
        "source_dir", nargs="?", metavar="SOURCE", help="the same as --source (kept for scripts)"
    )
    lint.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="parallel reading")
    lint.add_argument("--strict", action="store_true", help="count every Sphinx warning")
    lint.set_defaults(func=cmd_lint)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sphinx-adr``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        code = int(args.func(args))
        # flushed here, not at exit: a reader that closed the pipe is then caught below
        # whatever the size of the output (a short one sat in the buffer until exit)
        sys.stdout.flush()
        return code
    except CLIError as err:
        print(f"{PROG} {args.command}: error: {err}", file=sys.stderr)
        return err.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (head, a pager) closed the pipe: it has read all it wanted. Point
        # stdout at /dev/null so that flushing it at exit does not fail again, and exit
        # as a program ended by SIGPIPE does (128 + 13), like git
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as err:
        if args.debug:
            raise
        print(
            f"{PROG} {args.command}: internal error: {type(err).__name__}: {err} "
            "(run with --debug for details and report it)",
            file=sys.stderr,
        )
        return 3
