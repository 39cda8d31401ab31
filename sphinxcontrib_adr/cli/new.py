"""``sphinx-adr new``: the next ADR, from a template; ``--supersedes`` edits the old
one's status."""

from __future__ import annotations

import os
import re
import string
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.utils import column_width

from ..core.model import (
    ValueProblem,
    format_id,
    number_from_name,
    parse_date,
    parse_status,
    slugify,
    strip_id_prefix,
    today,
)
from .common import find_adr, project_of, shown, source_option
from .new_toctree import hint as toctree_hint
from .project import (
    CLIError,
    Project,
    adr_directory,
    adr_folders,
    scan_adrs,
    scan_file,
)
from .status import follow_implied

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


TEMPLATES = Path(__file__).parent / "templates"

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


def _spelt_in_ascii(letter: str) -> bool:
    """Whether ``letter`` keeps a trace in the ASCII slug (``é`` as ``e``; ``東`` not)."""
    return bool(unicodedata.normalize("NFKD", letter).encode("ascii", "ignore"))


def new_slug(title: str) -> str:
    """The file name part of ``title``: kebab-case ASCII, cut at a word boundary; in the
    title's own letters when ASCII cannot spell them all (``Use 東京 region``)."""
    slug = slugify(title)
    if any(ch.isalnum() and not _spelt_in_ascii(ch) for ch in title):
        # a script without ASCII letters, alone or beside Latin words: keep its letters
        # (the ASCII slug would drop them), the name stays valid
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
    project = project_of(args)
    conf = project.settings
    target, number, syntax = _next_file(args, project)
    status, date, options = _new_options(args, project, _docname_folder(project, target))
    new_id = format_id(conf.id_format, number)
    log_id = _log_id(target, new_id, number)
    if log_id is not None:
        new_id = log_id
        options.insert(0, ("id", new_id))
    prefix, bare = title_parts(target.parent, conf.id_format, number, args.title)
    # the prefix is shown as written (a title "18. Use X" is a title, not a list)
    title = prefix + (rst_title(bare) if syntax == "rst" else md_title(bare))
    indent = "   " if syntax == "rst" else ""
    values = {
        "title": title,
        # columns, not characters: a wide (CJK) character takes two, as docutils counts
        "title_underline": "=" * column_width(title),
        "id": new_id,
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
    print(f"created {shown(target)} ({new_id})")
    advice = toctree_hint(project, target)
    if advice is not None:
        print(f"hint: {advice}")
    if not args.dir:
        _folder_hint(project, target.parent)
    if args.supersedes:
        follow_implied(project, new_id)
    return 0


def _folder_hint(project: Project, chosen: Path) -> None:
    """Say so when the folder was guessed among several logs (the one with most ADRs):
    a project of several logs (imported with --id-format) has no one ADR folder."""
    if project.value("adr_directory") or project.value("adr_path"):
        return
    others = sorted(shown(p) for p in adr_folders(project) if p.resolve() != chosen.resolve())
    if others:
        print(
            f"hint: ADRs are in {len(others) + 1} folders; this one holds the most. To add "
            f"to another ({', '.join(str(o) for o in others)}), give --dir DIR, or set "
            "adr_directory in conf.py"
        )


#: what makes a filled template an ADR page, by syntax
_ADR_BLOCK_RE = {
    "rst": re.compile(r"^[ \t]*\.\.[ \t]+adr::", re.M),
    "md": re.compile(r"^[ \t]*(?:`{3,}|:{3,})[ \t]*\{adr\}", re.M),
}
_ADR_BLOCK_HINT = {"rst": "a '.. adr::' line", "md": "a ```{adr} or :::{adr} fence"}


def title_parts(folder: Path, id_format: str, number: int, title: str) -> tuple[str, str]:
    """``(prefix, title)`` of the new ADR ``number``: the prefix typed (``18. Use X``),
    else the one the log's newest numbered ADR writes (``17. Use X`` -> ``18. ``,
    ``ADR-0017: Use X`` -> ``ADR-0018: ``), else none."""
    bare = strip_id_prefix(title, format_id(id_format, number), number)
    if bare != title:
        return title[: len(title) - len(bare)], bare
    return _log_prefix(folder, id_format, number), title


def _log_prefix(folder: Path, id_format: str, number: int) -> str:
    new_id = format_id(id_format, number)
    latest = max(
        ((n, p) for p in _numbered_sources(folder) if (n := number_from_name(p.stem)) is not None),
        default=None,
    )
    if latest is None:
        return ""
    old, path = latest
    found = scan_file(path)
    raw = " ".join(found[0].title.split()) if found and not found[0].compact else ""
    old_id = format_id(id_format, old)
    bare = strip_id_prefix(raw, old_id, old)
    if not raw or bare == raw:
        return ""
    prefix = raw[: len(raw) - len(bare)]
    if prefix.casefold().startswith(old_id.casefold()):
        return new_id + prefix[len(old_id) :]
    # the number as written: its zero padding kept ("007." -> "008.")
    return re.sub(r"\d+", lambda m: f"{number:0{len(m[0])}d}", prefix, count=1)


def _log_id(target: Path, default_id: str, number: int) -> str | None:
    """The id the log's newest numbered ADR implies for ADR ``number`` (file ``target``)
    when it writes its own ``:id:`` with its number in it (``:id: PAY-017`` in
    ``0017-x.md`` -> ``PAY-018``) or its file's name (log4brains: the new file's name),
    else None: a log imported with ``--id-format`` or from log4brains names every ADR
    so, and a new one given ``default_id`` instead would stand apart from its log."""
    latest = max(
        (
            (n, p)
            for p in _numbered_sources(target.parent)
            if (n := number_from_name(p.stem)) is not None and p != target
        ),
        default=None,
    )
    if latest is None:
        return None
    old, path = latest
    found = scan_file(path)
    written = found[0].options.get("id", "").strip() if found else ""
    runs = [m for m in re.finditer(r"\d+", written) if int(m[0]) == old]
    if written and written.casefold() == path.stem.casefold():
        return target.stem  # log4brains: an ADR is named by its file
    slug = path.stem.partition("-")[2].casefold()
    if not runs or written.casefold() == default_id.casefold():
        return None
    if slug and slug in written.casefold():
        return None  # the file's slug with its number: no scheme to continue
    last = runs[-1]
    new_id = f"{written[: last.start()]}{number:0{len(last[0])}d}{written[last.end() :]}"
    return None if new_id.casefold() == default_id.casefold() else new_id


def _numbered_sources(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.iterdir()
        if p.suffix in (".rst", ".md") and p.is_file() and number_from_name(p.stem) is not None
    ]


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
    if samples and all(_is_day(n) for n, _ in numbered if n is not None):
        # a log numbered by dates (log4brains: 20240110-slug.md) is continued by the
        # new ADR's date, not by the last date plus one
        number = int(_new_date(args).replace("-", ""))
    syntax = args.format or _majority_suffix(samples)
    width, prefix = _numbering_style(samples)
    # a title typed with its number ("18. Use X") names the file as the log's others
    bare = strip_id_prefix(args.title, format_id(project.settings.id_format, number), number)
    target = folder / f"{prefix}{number:0{width}d}-{new_slug(bare)}.{syntax}"
    if target.exists():
        raise CLIError(f"{target} already exists; choose another title", code=1)
    return target, number, syntax


def _is_day(number: int) -> bool:
    """Whether ``number`` is a YYYYMMDD date."""
    text = str(number)
    if len(text) != 8:
        return False
    try:
        parse_date(f"{text[:4]}-{text[4:6]}-{text[6:]}", "the file's date")
    except ValueProblem:
        return False
    return True


def _new_date(args: argparse.Namespace) -> str:
    """The new ADR's date: --date (checked with the other options) or today."""
    written = args.date or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        return str(written)
    return today(os.environ.get("SOURCE_DATE_EPOCH")).isoformat()


def _docname_folder(project: Project, target: Path) -> str | None:
    """The folder of ``target`` as docnames write it (``decisions/nygard``)."""
    try:
        return target.parent.resolve().relative_to(project.srcdir.resolve()).as_posix()
    except ValueError:
        return None


def _new_options(
    args: argparse.Namespace, project: Project, folder: str | None
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
            adr = find_adr(ref, known, conf.id_format, folder)
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


def add_new(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        help="create the next ADR from a template",
        description="Create NNNN-kebab-title.rst (or .md) with the next free number in the "
        "ADR directory: --dir, else adr_directory from conf.py, else the folder that holds "
        "the numbered ADRs. The template is --template, else adr_template from conf.py "
        "(a path, or a dict by suffix), else the built-in one; it may use $title, "
        "$title_underline, $id, $number, $status, $date and $options. The title follows "
        "the log's newest ADR: when it starts with its number ('17. Use X') or id "
        "('ADR-0017: Use X'), so does the new one's; when it writes its own :id: with its "
        "number (':id: PAY-017'), the new one gets the next such id (in a log4brains log, "
        "its dated file's name). When no toctree "
        "takes the new page "
        "(the build would warn), a hint says which toctree to add it to.",
    )
    new.add_argument("title", help='the decision, e.g. "Use PostgreSQL for storage"')
    source_option(new)
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
        "adr-tools). The old ADR's :status: becomes superseded in its file once this one "
        "is accepted (now, with --status accepted; else when 'sphinx-adr status' accepts "
        "it); nothing else changes",
    )
    new.add_argument("--template", help="a template file to use instead")
    new.add_argument("-n", "--dry-run", action="store_true", help="print instead of writing")
    new.set_defaults(func=cmd_new)
