"""``sphinx-adr import``: existing ADR logs -> MyST or reST pages with the ``adr`` block.

Markdown logs (MADR, Nygard / adr-tools, log4brains, Jekyll front matter)
become MyST; reST ADRs (a ``Status`` section, a docinfo field list, or the
``.. adr::`` directive of sphinx-adr) stay reST. Only the metadata moves
into the block: front-matter keys, ``* Status:`` / ``**Status:**`` /
``Date:`` lines under the title, the ``## Status`` section and relation
bullets under ``## Links``. Every other line is copied unchanged, so the
body is preserved word for word.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..core.foreign import DATE_ORDER, FIELD_KEYS, KEY_PATTERN, META_LINE_RES
from ..core.model import ValueProblem, check_id, format_id, number_from_name
from ..core.sourcescan import MD_OPEN_RE, RST_ADR_RE, has_content
from .import_alerts import with_alerts
from .import_ids import check_numbers, check_taken, number_by_date, shown
from .import_included import stub_target
from .import_markdown import MdHeading, read_front_matter, read_headings
from .import_parse import (
    FrontMatterError,
    NoTitleError,
    Relation,
    StatusReading,
    find_relations,
    person,
    plain,
    read_status,
)
from .import_rst import rst_titles
from .import_structure import Heading, Structure, read_structure
from .project import CLIError
from .safe_write import read_snapshot, replace_file

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

DEFAULT_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
_PEOPLE = frozenset({"deciders", "consulted", "informed"})
_OPTION_ORDER = ("id", "status", "date", "deciders", "consulted", "informed", "tags")
_META_LINE_RES = META_LINE_RES
_KEY_PATTERN = KEY_PATTERN
_DATE_ORDER = DATE_ORDER
_ATX_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")  # a closing "#" follows a space
_DATE_LOOSE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FLATTENED_RE = re.compile(r"^.*__(?=[^_])")


@dataclass
class Settings:
    """What the import needs to know of the target project."""

    id_format: str = "ADR-{number:04d}"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    aliases: dict[str, str] = field(default_factory=dict)
    #: written when a file states no status (``None``: write none)
    default_status: str | None = None
    #: the project's conf.py already loads myst_parser
    myst: bool = False
    #: the project's conf.py already loads this extension
    extension: bool = False
    #: read options, verdicts, consequences and related ADRs into directives
    structure: bool = True
    #: ids the project's own pages already hold (casefolded) -> where (file:line)
    taken: dict[str, str] = field(default_factory=dict)
    #: write ``:id:`` on every ADR (``--id-format`` given: the log's own ids)
    explicit_ids: bool = False


@dataclass
class Converted:
    """One imported file."""

    source: Path
    name: str
    syntax: str
    adr_id: str
    number: int | None
    explicit_id: bool
    title: str = ""
    text: str = ""
    status: StatusReading | None = None
    date: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: ``(option, id)`` as written into the block
    links: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: images and other files the text refers to, relative to the source's folder
    assets: list[str] = field(default_factory=list)
    #: what the prose held (options, consequences, related ADRs); ``None``: not read
    structure: Structure | None = None


@dataclass
class ImportResult:
    files: list[Converted] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: files that already are pages of this extension (an import run before): left
    #: as they are in place, copied unchanged with ``--out``
    already: list[Converted] = field(default_factory=list)
    #: the bytes each source held when read: replaced in place only if it still does
    snapshots: dict[Path, bytes] = field(default_factory=dict)
    #: how the import read the log (ids by date, ...): reported, not problems
    notes: list[str] = field(default_factory=list)
    #: stub pages whose included file was converted instead (reported)
    included: list[str] = field(default_factory=list)

    def statuses(self, default: str | None = None) -> Counter[str]:
        """Canonical status (or the unknown word, or ``(none)``) -> number of files;
        with ``default`` (``--default-status``) a file that states none has it."""
        counts: Counter[str] = Counter()
        for item in self.files:
            reading = item.status
            if reading is None or reading.word is None:
                counts[default.lower() if default else "(none)"] += 1
            else:
                counts[reading.canonical or reading.word.lower()] += 1
        return counts

    def status_summary(self, default: str | None = None) -> str:
        """``accepted 3 (1 written 'approved', 1 by --default-status), proposed 2``:
        each status as the pages will have it, with the words that were read as it, so
        an alias never hides what the log says."""
        written: dict[str, Counter[str]] = {}
        for item in self.files:
            reading = item.status
            if reading is None or reading.word is None or reading.canonical is None:
                continue
            word = reading.word.lower()
            if word != reading.canonical:
                written.setdefault(reading.canonical, Counter())[word] += 1
        unstated = sum(1 for f in self.files if f.status is None or f.status.word is None)
        parts = []
        for status, count in sorted(self.statuses(default).items()):
            notes = ", ".join(
                f"{n} written {w!r}" for w, n in sorted(written.get(status, {}).items())
            )
            if default and status == default.lower() and unstated:
                given = f"{unstated} by --default-status"
                notes = f"{notes}, {given}" if notes else given
            parts.append(f"{status} {count}" + (f" ({notes})" if notes else ""))
        return ", ".join(parts)

    def numbered_titles(self) -> list[str]:
        """Titles that start with their own ADR's number (``17. Use X``, adr-tools)."""
        return [
            f.title
            for f in self.files
            if f.number is not None
            and (match := _STALE_NUMBER_RE.match(f.title))
            and int(match.group(2)) == f.number
        ]

    def unknown_statuses(self, settings: Settings) -> list[str]:
        found = {
            f.status.word.lower()
            for f in self.files
            if f.status is not None and f.status.word and f.status.canonical is None
        }
        return sorted(found - set(settings.statuses))

    def conf_lines(self, settings: Settings) -> list[str]:
        """``conf.py`` lines the imported pages need (statuses the log uses, MyST)."""
        lines = []
        if not settings.extension:
            lines.append('extensions += ["sphinxcontrib_adr"]  # the adr directive')
        if not settings.myst and any(f.syntax == "myst" for f in self.files):
            lines.append('extensions += ["myst_parser"]  # the imported pages are MyST')
        unknown = self.unknown_statuses(settings)
        if unknown:
            lines.append(f"adr_statuses = {[*settings.statuses, *unknown]!r}")
        # with --id-format every page states its id: the project's format stays
        if settings.id_format != "ADR-{number:04d}" and not settings.explicit_ids:
            lines.append(f"adr_id_format = {settings.id_format!r}")
        return lines


# --------------------------------------------------------------------------
# the whole set


def import_files(paths: Sequence[Path], settings: Settings) -> ImportResult:
    """Convert ``paths`` (one ADR log); nothing is written."""
    result = ImportResult()
    items: list[tuple[Path, str]] = []
    stubs: dict[Path, Path] = {}  # included file -> the stub page that includes it
    for path in sorted(paths):
        try:
            data = path.read_bytes()
            text = data.decode("utf-8-sig")  # as read_source
            target = stub_target(path, text)
            if target is not None and target not in stubs:
                # a page that only includes the ADR's file: that file is converted
                result.included.append(
                    f"{shown(path)} only includes {shown(target)}: that file is converted, "
                    "the page stays as it is"
                )
                stubs[target] = path
                path, data = target, target.read_bytes()
                text = data.decode("utf-8-sig")
            items.append((path, text))
            result.snapshots[path] = data
        except (OSError, UnicodeDecodeError) as err:
            result.errors.append((path, f"cannot read it ({err})"))
    files: list[Converted] = []
    texts: list[str] = []
    for path, text in items:
        item = _identify(path, text, settings)
        if path in stubs:
            _numbered_as(item, stubs[path], settings)
        if _already_converted(item.syntax, text):
            item.text = text
            result.already.append(item)
        else:
            files.append(item)
            texts.append(text)
    result.notes.extend(number_by_date(files, settings.id_format))
    result.warnings.extend(check_numbers(files))
    result.warnings.extend(check_taken(files, settings.taken))
    if settings.explicit_ids:
        # --id-format: the ids are written, so the log keeps them whatever
        # adr_id_format the project has (several logs in one project)
        for item in files:
            item.explicit_id = True
    _check_number_width(files, settings, result)
    index = _Index([*files, *result.already], settings)
    for item, text in zip(files, texts, strict=True):
        path = item.source
        newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        try:
            if item.syntax == "rst":
                _convert_rst(item, text, settings, index)
            else:
                _convert_markdown(item, text, settings, index)
        except FrontMatterError as err:
            result.errors.append((path, f"front matter cannot be read: {err}"))
            continue
        except NoTitleError as err:
            result.errors.append((path, f"no title: {err}"))
            continue
        if newline != "\n":
            item.text = item.text.replace("\n", newline)
        item.assets = _assets(item, text)
        result.files.append(item)
        result.warnings.extend(f"{shown(path)}: {w}" for w in item.warnings)
    return result


def _numbered_as(item: Converted, stub: Path, settings: Settings) -> None:
    """The ADR of an included file has the id its stub page's name gives (the build
    names it by the page), written as ``:id:`` when the file's own name differs."""
    number = number_from_name(_FLATTENED_RE.sub("", stub.stem))
    if number is not None and number != item.number:
        item.number, item.adr_id = number, format_id(settings.id_format, number)
        item.explicit_id = True


def _check_number_width(files: list[Converted], settings: Settings, result: ImportResult) -> None:
    """Suggest ``--id-format`` when the files number the log with another number of
    digits than the ids will have (``ADR-001.md`` becomes ADR-0001 by default)."""
    if settings.explicit_ids:
        return  # --id-format given: the user chose the ids' form
    widths = Counter(
        len(match.group(1))
        for item in files
        if (match := re.match(r"^(?:adr[-_]?)?(0\d+)", item.source.stem, re.I))
    )
    if not widths:
        return
    width, count = widths.most_common(1)[0]
    wanted = format_id(settings.id_format, 1)
    if count * 2 > len(files) and len(re.sub(r"\D", "", wanted)) != width:
        suggested = re.sub(r"\{number(:[^}]*)?\}", f"{{number:0{width}d}}", settings.id_format)
        result.warnings.append(
            f"the file names number the ADRs with {width} digits, the ids get "
            f"{len(re.sub(r'[^0-9]', '', wanted))} ({wanted}); to keep the log's ids, pass "
            f"--id-format '{suggested}' (and set adr_id_format to it)"
        )


def _already_converted(syntax: str, text: str) -> bool:
    """Whether ``text`` already holds this extension's ``adr`` block (in MyST, an
    ``{adr}`` fence; in reST, ``.. adr::`` with options only: sphinx-adr's
    directive of the same name has the decision as its content)."""
    if syntax != "rst":
        return MD_OPEN_RE.search(text) is not None
    lines = text.splitlines()
    for match in RST_ADR_RE.finditer(text):
        lineno = text.count("\n", 0, match.start()) + 1
        if match.group("arg") or not has_content(lines, lineno):
            return True  # the compact form, or the section form: ours
    return False


_ASSET_RES = (
    re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?"),  # ![alt](img.png)
    re.compile(r"<img\s[^>]*?src=[\"']([^\"']+)[\"']", re.I),  # <img src="img.png">
    re.compile(r"^\s*\.\.\s+(?:image|figure)::\s*(\S+)", re.M),  # .. image:: img.png
)


def _assets(item: Converted, text: str) -> list[str]:
    """The local files (images) the text shows, as written; those that are missing or
    lie outside the log's folder are reported instead. A link to a local file with a
    query or fragment (GitHub's ``img.png?raw=true``) is pointed at the file, said
    once: Sphinx reads ``?raw=true`` as part of the file name."""
    found: list[str] = []
    for pattern in _ASSET_RES:
        for match in pattern.finditer(text):
            written = match.group(1)
            ref = written.split("#", 1)[0].split("?", 1)[0]
            if not ref or re.match(r"^[a-z][a-z0-9+.-]*:|^/", ref, re.I) or ref in found:
                continue
            parts = PurePosixPath(ref).parts
            if ".." in parts:
                item.warnings.append(f"{ref} lies outside the log's folder; copy it yourself")
            elif (item.source.parent / ref).is_file():
                found.append(ref)
                if written != ref:
                    _point_at(item, written, ref)
            else:
                item.warnings.append(
                    f"{ref} is not in the log's folder, so the page shows a broken image; "
                    "copy the file next to the page, or fix the link"
                )
    return found


def _point_at(item: Converted, written: str, ref: str) -> None:
    """Replace the link target ``written`` by ``ref`` where it is a link target."""
    for before, after in (("(", ""), ("(<", ">"), ('"', '"'), ("'", "'"), (":: ", "")):
        item.text = item.text.replace(f"{before}{written}{after}", f"{before}{ref}{after}")
    item.warnings.append(
        f"the image link {written} now points at {ref} (a query or fragment is part of "
        "the file name for Sphinx)"
    )


def read_source(path: Path) -> str:
    """The text of a file as Sphinx reads it (UTF-8, a byte-order mark dropped),
    line ends kept as written."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def _syntax(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".rst", ".rest", ".txt"):
        return "rst"
    if suffix:
        return "myst"
    # no extension: reST when its first title is underlined and no '# ' heading comes first
    lines = text.replace("\r\n", "\n").split("\n")
    rst = _rst_titles(lines)
    atx = next((n for n, line in enumerate(lines) if _ATX_RE.match(line)), None)
    return "rst" if rst and (atx is None or rst[0][0] < atx) else "myst"


def _identify(path: Path, text: str, settings: Settings) -> Converted:
    stem = _FLATTENED_RE.sub("", path.stem)
    number = number_from_name(stem)
    syntax = _syntax(path, text)
    suffix = ".rst" if syntax == "rst" else ".md"
    if number is not None and number < 10**6:
        return Converted(
            path,
            path.stem + suffix,
            syntax,
            format_id(settings.id_format, number),
            number,
            explicit_id=False,
        )
    # log4brains (YYYYMMDD-slug) and unnumbered logs: the slug is the id
    slug = re.sub(r"[^A-Za-z0-9._:+-]+", "-", stem).strip("-") or "adr"
    return Converted(path, path.stem + suffix, syntax, slug, None, explicit_id=True)


class _Index:
    """Finds the ADR a relation names: by file name, slug or number."""

    def __init__(self, files: list[Converted], settings: Settings) -> None:
        self.settings = settings
        self.by_stem: dict[str, Converted] = {}
        self.by_number: dict[int, Converted] = {}
        for item in files:
            for stem in (item.source.stem, _FLATTENED_RE.sub("", item.source.stem)):
                self.by_stem.setdefault(stem.lower(), item)
            if item.number is not None:
                self.by_number.setdefault(item.number, item)

    def resolve(self, target: str) -> tuple[str, bool]:
        """``(id, found)`` for a relation target as written."""
        name = target.strip().rsplit("/", 1)[-1]
        stem = re.sub(r"\.(md|markdown|rst|txt|html)$", "", name, flags=re.I)
        item = self.by_stem.get(stem.lower())
        if item is not None:
            return item.adr_id, True
        number = number_from_name(stem)
        if number is None:
            digits = re.search(r"(\d+)\s*$", stem)
            number = int(digits.group(1)) if digits else None
        if number is not None:
            item = self.by_number.get(number)
            if item is not None:
                return item.adr_id, True
            return format_id(self.settings.id_format, number), False
        return re.sub(r"[^A-Za-z0-9._:+-]+", "-", stem).strip("-"), False


# --------------------------------------------------------------------------
# metadata -> block


def _apply_field(
    item: Converted, key: str, written: str | list[str], settings: Settings, where: str
) -> bool:
    """Record one metadata value (a YAML list is a list of values); False when it
    cannot move (it then stays in the body)."""
    option = FIELD_KEYS[key.lower()]
    listed = [] if isinstance(written, str) else [" ".join(v.split()) for v in written]
    value = " ".join(written.split()) if isinstance(written, str) else ", ".join(listed)
    if option == "status":
        if item.status is not None and item.status.word:
            item.warnings.append(f"a second status {value!r} ({where}) is left in the text")
            return False
        reading = read_status(value, settings.statuses, settings.aliases)
        item.status = reading
        item.relations.extend(reading.relations)
        if reading.note:
            item.warnings.append(reading.note)
        elif reading.word and reading.canonical is None:
            item.warnings.append(
                f"status {reading.word!r} is not one of adr_statuses; add it there "
                "(see the suggested configuration)"
            )
        return True
    if option == "date":
        match = _DATE_LOOSE_RE.match(plain(value))
        if not match:
            item.warnings.append(f"date {value!r} ({where}) is not YYYY-MM-DD; left in the text")
            return False
        if item.date is not None:
            left = "kept in the front matter" if where == "front matter" else "left in the text"
            item.warnings.append(f"a second date {key}: {value!r} ({where}) is {left}")
            return False
        item.date = f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"
        return True
    clean = person if option in _PEOPLE else plain
    for one in (v for v in listed if "," in v or ";" in v):
        # the block's lists are comma-separated: "Dee, Jr." would be two people
        item.warnings.append(
            f"{key}: {one!r} holds a comma, which separates values in the adr block; "
            f"written as {re.sub(r'[,;]', '', one)!r}"
        )
    parts = [re.sub(r"[,;]", "", v) for v in listed] if listed else re.split(r"[,;]", value)
    items = [clean(v) for v in parts]
    items = [v for v in items if v]
    if not items:
        return True
    existing = dict(item.options)
    merged = [*existing.get(option, "").split(", "), *items] if option in existing else items
    item.options = [(k, v) for k, v in item.options if k != option]
    item.options.append((option, ", ".join(v for v in merged if v)))
    return True


def _block_options(item: Converted, settings: Settings, index: _Index) -> list[tuple[str, str]]:
    options: dict[str, str] = {}
    if item.explicit_id:
        options["id"] = item.adr_id
    reading = item.status
    if reading is not None and reading.word:
        word = reading.canonical if reading.note else reading.word
        options["status"] = f"{word} ({reading.date})" if reading.date else str(word)
    elif settings.default_status:
        options["status"] = settings.default_status
    if item.date:
        options["date"] = item.date
    options.update(dict(item.options))
    links: dict[str, list[str]] = {}
    for relation in item.relations:
        target, found = index.resolve(relation.target)
        if target == item.adr_id:
            continue
        if not found:
            item.warnings.append(
                f"{relation.option} names {relation.target!r}, which is not in this import; "
                f"written as {target}"
            )
        if relation.phrase:
            item.warnings.append(f"{relation.phrase!r} {target} is recorded as {relation.option}")
        if target not in links.setdefault(relation.option, []):
            links[relation.option].append(target)
    item.links = [(opt, t) for opt, targets in links.items() for t in targets]
    ordered = [(k, options[k]) for k in _OPTION_ORDER if k in options]
    ordered += [(k, ", ".join(v)) for k, v in links.items()]
    return ordered


# --------------------------------------------------------------------------
# Markdown


def _headings(lines: list[str], start: int) -> list[MdHeading]:
    """The document's headings from line ``start`` on (markdown-it's line map)."""
    return [h for h in read_headings("\n".join(lines) + "\n") if h.line >= start]


def _section_end(headings: list[MdHeading], position: int, total: int) -> int:
    level = headings[position].level
    for later in headings[position + 1 :]:
        if later.level <= level:
            return later.line
    return total


def _paragraphs(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    begin: int | None = None
    for number in range(start, end):
        if lines[number].strip():
            if begin is None:
                begin = number
        elif begin is not None:
            blocks.append((begin, number))
            begin = None
    if begin is not None:
        blocks.append((begin, end))
    return blocks


_RELATION_STARTS = frozenset(
    {
        "supersedes", "superseded", "supercedes", "superceded", "amends", "amended",
        "relates", "related", "see", "clarifies", "clarified", "extends", "extended",
        "refines", "refined", "replaces", "replaced",
    }
)  # fmt: skip


def _is_relation_text(text: str) -> bool:
    """A line or paragraph that only states relations (``Amends [10. X](0010-x.md)``),
    not a sentence of prose that mentions one."""
    if not find_relations(text):
        return False
    words = plain(re.sub(r"^\s*[-*+]\s+", "", text)).split()
    return bool(words) and words[0].lower() in _RELATION_STARTS


def _convert_markdown(item: Converted, text: str, settings: Settings, index: _Index) -> None:
    lines = _split(text)
    drop: set[int] = set()
    front_out, body_start, front_title = _md_front_matter(item, lines, settings, drop)
    headings = _headings(lines, body_start)
    if front_title and (not headings or headings[0].level > 1):
        # Backstage, Docusaurus: the title is only in the front matter, the body
        # starts at '## Context'; it becomes the page's '# Title' (and stays there)
        lines.insert(body_start, f"# {front_title}")
        headings = _headings(lines, body_start)
    if not headings:
        raise NoTitleError(
            "it has no heading to take as the ADR's title; add a '# Title' line "
            "(or a 'title:' in its front matter)"
        )
    title = headings[0]
    if title.level > 1:
        item.warnings.append(
            f"no level-1 title: '{title.text}' (a level-{title.level} heading) is taken as "
            "the ADR's title; add a '# Title' line first if that is not what you meant"
        )
    lines[title.line] = _drop_stale_number(item, lines[title.line])
    item.title = plain(_drop_stale_number(item, title.text))
    title_end = title.line + title.size
    preamble_end = headings[1].line if len(headings) > 1 else len(lines)
    for number in range(title_end, preamble_end):
        for pattern in _META_LINE_RES:
            match = pattern.match(lines[number])
            if match and _apply_field(item, match.group(1), match.group(2), settings, "line"):
                drop.add(number)
                break
    for position, heading in enumerate(headings[1:], start=1):
        name = plain(heading.text).rstrip(":").lower()
        if name in ("status", "links"):
            _md_metadata_section(item, lines, headings, position, name, settings, drop)
    edits = _read_structure(
        item,
        lines,
        [Heading(h.line, h.size, h.level, h.text) for h in headings],
        drop,
        settings,
        index,
    )
    if settings.structure:  # off: only the metadata moves
        edits = with_alerts(lines, title_end, drop, edits)

    options = _block_options(item, settings, index)
    out = list(front_out)
    out += [lines[n] for n in range(body_start, title_end) if n not in drop]
    out += ["", "```{adr}", *(f":{k}: {v}" for k, v in options), "```"]
    out += _kept(lines, title_end, drop, edits)
    item.options = options
    item.text = _joined(out, text)


def _read_structure(
    item: Converted,
    lines: list[str],
    headings: list[Heading],
    drop: set[int],
    settings: Settings,
    index: _Index,
) -> dict[int, list[str]]:
    """The prose's options, consequences and related ADRs (see
    :mod:`.import_structure`): its problems become the file's warnings, its related
    ADRs relations; returns the line edits."""
    if not settings.structure:
        return {}
    structure = read_structure(lines, headings, item.syntax, drop, item.adr_id)
    item.structure = structure
    item.warnings.extend(structure.problems)
    for target, text in structure.related:
        _id, found = index.resolve(target)
        if not found:
            # a list in the prose, not the metadata: a link to an ADR of another log
            # stays a link, and no relation the build would report as dangling
            item.warnings.append(
                f"the related ADR {target!r} is not in this import; it stays a link only"
            )
        elif all((r.option, r.target) != ("relates", target) for r in item.relations):
            item.relations.append(Relation("relates", target, text))
    return structure.edits


def _md_front_matter(
    item: Converted, lines: list[str], settings: Settings, drop: set[int]
) -> tuple[list[str], int, str]:
    """Move the front matter's metadata keys into ``item``: ``(the lines written in
    its place, where the body starts, its title)``; its lines go into ``drop``."""
    if not lines or lines[0].strip() != "---":
        return [], 0, ""
    end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError("no closing '---' line")
    drop.update(range(0, end + 1))
    front = read_front_matter(lines[1:end])
    if front.problem is not None:
        item.warnings.append(
            f"the front matter is not YAML MyST can read ({front.problem}): it is kept word "
            "for word as a comment at the top of the page, and none of its keys is read"
        )
        return [f"% {line}".rstrip() for line in lines[: end + 1]], end + 1, ""
    moved: set[str] = set()
    # ``date`` before ``created`` before ``updated``, whatever order they are written in
    for entry in sorted(front.keys, key=lambda e: _DATE_ORDER.get(e.key.lower(), -1)):
        known = entry.key.lower() in FIELD_KEYS and entry.value is not None
        if known and _apply_field(item, entry.key, entry.value or "", settings, "front matter"):
            moved.add(entry.key)
    gone = {n for e in front.keys if e.key in moved for n in e.lines}
    kept = [line for n, line in enumerate(lines[1:end]) if n not in gone]
    title = next((e.value for e in front.keys if e.key.lower() == "title"), "")
    if any(e.key not in moved for e in front.keys):
        out = ["---", *kept, "---"]
    else:
        # only comments are left: YAML that holds no mapping makes MyST warn on every
        # build, so they become MyST comments (every word stays)
        comments = [line.strip().removeprefix("#").strip() for line in kept]
        out = [f"% {text}" for text in comments if text]
    return out, end + 1, title.strip() if isinstance(title, str) else ""


def _md_metadata_section(
    item: Converted,
    lines: list[str],
    headings: list[MdHeading],
    position: int,
    name: str,
    settings: Settings,
    drop: set[int],
) -> None:
    """Move a ``## Status`` / ``## Links`` section's metadata into ``item``; the
    whole section goes when nothing but metadata was in it."""
    heading = headings[position]
    end = _section_end(headings, position, len(lines))
    if any(h.line < end for h in headings[position + 1 :]):
        return  # a status section with subsections is prose, not metadata
    leftover = False
    for begin, stop in _paragraphs(lines, heading.line + 1, end):
        para = " ".join(lines[n].strip() for n in range(begin, stop))
        bullets = [n for n in range(begin, stop) if re.match(r"^\s*[-*]\s+", lines[n])]
        if name == "links" or bullets:
            for n in range(begin, stop):
                if _is_relation_text(lines[n]):
                    item.relations.extend(find_relations(lines[n]))
                    drop.add(n)
                elif lines[n].strip():
                    leftover = True
            continue
        if name == "status" and (item.status is None or not item.status.word):
            # the status paragraph may state a relation too ("Superseded by [X](x.md)")
            if _apply_field(item, "status", para, settings, "## Status"):
                drop.update(range(begin, stop))
        elif _is_relation_text(para):
            item.relations.extend(find_relations(para))
            drop.update(range(begin, stop))
        else:
            leftover = True
    if not leftover:
        drop.update(range(heading.line, end))


def _split(text: str) -> list[str]:
    """The lines of ``text`` split at ``\\n`` only (``str.splitlines`` would also
    split at form feeds and Unicode separators, which the body keeps)."""
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def _joined(out: list[str], original: str) -> str:
    return "\n".join(out) + ("\n" if original.endswith("\n") or not original else "")


def _kept(
    lines: list[str], start: int, drop: set[int], edits: dict[int, list[str]] | None = None
) -> list[str]:
    """The lines from ``start`` on that stay, byte for byte. Only where metadata was
    removed do blank lines collapse (two blank neighbours become one), so the rest of
    the body, its blank runs and trailing spaces included, is unchanged; ``edits``
    (of :mod:`.import_structure`) replace a line by the lines given."""
    out: list[str] = []
    after_drop = False
    edits = edits or {}
    for number in range(start, len(lines)):
        if number in drop:
            after_drop = True
            continue
        blank = not lines[number].strip()
        if after_drop and blank and (not out or not out[-1].strip()):
            continue
        after_drop = after_drop and blank
        if number in edits:
            out.extend(edits[number])
            continue
        out.append(lines[number])
    if after_drop:
        # the file ended with removed metadata: no blank line left dangling after it
        while out and not out[-1].strip():
            out.pop()
    if out and out[0].strip():
        out.insert(0, "")  # a blank line between the adr block and the body
    return out


_STALE_NUMBER_RE = re.compile(
    r"^(\s*(?:#{1,6}\s+)?)(?:ADR[-\s]?)?0*(\d+)\s*[:.\-\u2013\u2014]\s+", re.I
)


def _drop_stale_number(item: Converted, title: str) -> str:
    """A title without a leading ``N.`` that disagrees with the file's number (left
    over from a renumbering; the build would show it next to the real id)."""
    match = _STALE_NUMBER_RE.match(title)
    if item.number is None or match is None or int(match.group(2)) == item.number:
        return title
    warning = (
        f"the title's number {match.group(2)} is not the file's number {item.number}; "
        f"removed from the title ({item.adr_id} is the id)"
    )
    if warning not in item.warnings:
        item.warnings.append(warning)
    return match.group(1) + title[match.end() :]


# --------------------------------------------------------------------------
# reST


def _rst_titles(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """``(first line, lines taken, adornment, title)`` of each section title, as
    docutils reads them (:mod:`.import_rst`)."""
    return rst_titles(lines)


_RST_FIELD_RE = re.compile(rf"^:({_KEY_PATTERN}):\s*(.*)$", re.I)
_RST_OPTION_RE = re.compile(r"^\s+:([\w-]+):\s*(.*)$")


def _convert_rst(item: Converted, text: str, settings: Settings, index: _Index) -> None:
    lines = _split(text)
    titles = _rst_titles(lines)
    if not titles:
        raise NoTitleError(
            "it has no section title (a line underlined with ===) to take as the ADR's "
            "title; add one"
        )
    first, size, _mark, title = titles[0]
    title_line = first + 1 if size == 3 else first
    lines[title_line] = _drop_stale_number(item, lines[title_line])
    item.title = _drop_stale_number(item, title)
    title_end = first + size
    drop: set[int] = set()
    preamble_end = titles[1][0] if len(titles) > 1 else len(lines)
    body_extra = _rst_preamble(item, lines, title_end, preamble_end, settings, drop)
    for position, (_start, _size, _style, name) in enumerate(titles[1:], start=1):
        if name.rstrip(":").lower() == "status":
            _rst_status_section(item, lines, titles, position, settings, drop)
    levels = _title_levels([t[2] for t in titles])
    found = [Heading(t[0], t[1], level, t[3]) for t, level in zip(titles, levels, strict=True)]
    edits = _read_structure(item, lines, found, drop, settings, index)

    options = _block_options(item, settings, index)
    out = [lines[n] for n in range(0, title_end) if n not in drop]
    out += ["", ".. adr::", *(f"   :{k}: {v}" for k, v in options)]
    rest = _kept(lines, title_end, drop, edits)
    if body_extra:
        rest = ["", *body_extra, *rest]
    out += rest
    item.options = options
    item.text = _joined(out, text)


def _rst_preamble(
    item: Converted,
    lines: list[str],
    start: int,
    end: int,
    settings: Settings,
    drop: set[int],
) -> list[str]:
    """Move the metadata between the title and the first section (field lists,
    ``Status:`` lines, a sphinx-adr ``.. adr::`` block) into ``item``; returns the
    content of such a block, which stays as text."""
    body_extra: list[str] = []
    number = start
    while number < end:
        line = lines[number]
        field_match = _RST_FIELD_RE.match(line)
        if field_match and _apply_field(
            item, field_match.group(1), field_match.group(2), settings, "field"
        ):
            drop.add(number)
        elif re.match(r"^\.\.\s+adr::\s*$", line):
            # sphinx-adr's directive: its options become ours, its content stays as text
            drop.add(number)
            number += 1
            while number < end and (not lines[number].strip() or lines[number][:1].isspace()):
                option = _RST_OPTION_RE.match(lines[number])
                if option and not body_extra:
                    _sphinx_adr_option(item, option.group(1), option.group(2), settings)
                elif lines[number].strip():
                    body_extra.append(lines[number].strip())
                elif body_extra:
                    body_extra.append("")
                drop.add(number)
                number += 1
            continue
        else:
            for pattern in _META_LINE_RES[2:]:
                match = pattern.match(line)
                if match and _apply_field(item, match.group(1), match.group(2), settings, "line"):
                    drop.add(number)
        number += 1
    return body_extra


def _rst_status_section(
    item: Converted,
    lines: list[str],
    titles: list[tuple[int, int, str, str]],
    position: int,
    settings: Settings,
    drop: set[int],
) -> None:
    """Move a ``Status`` section's status and relations into ``item``; the section
    goes when nothing else was in it and removing it moves no other section."""
    start, tsize, _style, _name = titles[position]
    # the section's own text runs to the next title of any level: a subsection
    # written with a new underline (Status ---, then Context ___) is nested in it
    end = titles[position + 1][0] if position + 1 < len(titles) else len(lines)
    leftover = moved = False
    for begin, stop in _paragraphs(lines, start + tsize, end):
        para = " ".join(lines[n].strip() for n in range(begin, stop))
        if item.status is None or not item.status.word:
            _apply_field(item, "status", para, settings, "Status section")
        elif _is_relation_text(para):
            item.relations.extend(find_relations(para))
        else:
            leftover = True
            continue
        drop.update(range(begin, stop))
        moved = True
    # an empty Status section moved nothing: its title is the author's and stays
    if moved and not leftover and _same_tree_without(titles, position):
        drop.update(range(start, end))


def _title_parents(styles: list[str]) -> list[int | None]:
    """The parent of each title, its sections nested as docutils nests them (a style's
    level is the order in which it first appears)."""
    order: list[str] = []
    stack: list[tuple[int, int]] = []  # (level, index)
    parents: list[int | None] = []
    for index, style in enumerate(styles):
        if style not in order:
            order.append(style)
        level = order.index(style)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parents.append(stack[-1][1] if stack else None)
        stack.append((level, index))
    return parents


def _title_levels(styles: list[str]) -> list[int]:
    """The depth of each title (1 for the first), as docutils nests them."""
    parents = _title_parents(styles)
    levels: list[int] = []
    for parent in parents:
        levels.append(1 if parent is None else levels[parent] + 1)
    return levels


def _same_tree_without(titles: list[tuple[int, int, str, str]], position: int) -> bool:
    """Whether removing title ``position`` leaves every other section where it was
    (its subsections move up to its parent, nothing else changes level)."""
    styles = [t[2] for t in titles]
    before = _title_parents(styles)
    expected = [
        before[position] if parent == position else parent
        for index, parent in enumerate(before)
        if index != position
    ]
    after = _title_parents(styles[:position] + styles[position + 1 :])
    shift = [p if p is None or p < position else p + 1 for p in after]
    return shift == expected


def _sphinx_adr_option(item: Converted, name: str, value: str, settings: Settings) -> None:
    name = name.lower()
    if name in FIELD_KEYS:
        _apply_field(item, name, value, settings, f":{name}:")
    elif name in ("supersedes", "superseded-by", "amends", "amended-by", "relates"):
        for target in re.split(r"[,\s]+", value.strip()):
            if target:
                item.relations.append(Relation(name, target, target))
    elif name == "id":  # sphinx-adr requires it; it is ours too
        _explicit_id(item, value)
    else:
        item.options.append((name, value.strip()))
        item.warnings.append(f"option :{name}: kept as is; declare it in adr_fields")


def _explicit_id(item: Converted, value: str) -> None:
    try:
        item.adr_id = check_id(value)
    except ValueProblem as problem:
        item.warnings.append(f":id: {problem}; the file's number gives {item.adr_id}")
        return
    item.explicit_id = True


# --------------------------------------------------------------------------
# writing


@dataclass
class WritePlan:
    """Where each converted file goes; no two share a path and no source is lost."""

    targets: list[tuple[Converted, Path]] = field(default_factory=list)
    #: existing files in ``--out`` that are no source of this import (``--force`` needed)
    clashes: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: files that could not be written (each message names the file and why)
    failures: list[str] = field(default_factory=list)


def plan_writes(
    result: ImportResult, out_dir: Path | None, protected: Iterable[Path] = ()
) -> WritePlan:
    """Give every converted file a path of its own.

    A path is taken by one file only. Files whose converted name is their own
    name claim it first (they replace themselves); any other file whose name is
    taken, or would replace a source of this import (``protected``: every file
    read, converted or not), gets ``-2``, ``-3``, ... added to its name, and the
    plan says so. Nothing is written.
    """
    plan = WritePlan()
    # pages that already have their adr block stay in place, or are copied with --out
    items = [*result.files, *(result.already if out_dir is not None else ())]
    sources = {_key(p) for p in protected} | {_key(f.source) for f in items}
    taken: set[str] = set()
    wanted = [(item, (out_dir or item.source.parent) / item.name) for item in items]
    own = [pair for pair in wanted if _key(pair[1]) == _key(pair[0].source)]
    taken.update(_key(target) for _, target in own)
    chosen: dict[int, Path] = {id(item): target for item, target in own}
    if out_dir is not None:
        # --out naming the sources' own folder replaces them: only with --force
        plan.clashes += [target for _, target in own]
    for item, target in wanted:
        if id(item) in chosen:
            continue
        final = target
        counter = 1
        while _key(final) in taken or _key(final) in sources:
            counter += 1
            final = target.with_name(f"{target.stem}-{counter}{target.suffix}")
        if final != target:
            why = "a source of this import" if _key(target) in sources else "another file"
            plan.warnings.append(
                f"{shown(item.source)}: written as {final.name}, because {target.name} is "
                f"{why} (nothing is overwritten); links to {item.source.name} must follow"
            )
            item.name = final.name
        taken.add(_key(final))
        chosen[id(item)] = final
        if final.exists() and _key(final) not in sources:
            plan.clashes.append(final)
    plan.targets = [(item, chosen[id(item)]) for item in items]
    return plan


def _key(path: Path) -> str:
    # case-folded: two names that differ only in case are one file on macOS and Windows
    return str(path.resolve()).casefold()


def write_plan(
    plan: WritePlan, in_place: bool, snapshots: Mapping[Path, bytes] | None = None
) -> list[Path]:
    """Write the planned files, each beside its target and renamed over it.

    A file that cannot be written (unwritable, a full disk, a symlink out of its
    folder, a source changed since it was read) goes to ``plan.failures`` and the
    others are still written. In place, a source is replaced only if it still holds
    what was read (``snapshots``), and removed only once its converted text is
    written under another name and no other file is written there."""
    written: list[Path] = []
    targets = {_key(t) for _, t in plan.targets}
    for item, target in plan.targets:
        try:
            written += _write_one(item, target, in_place, targets, snapshots or {})
        except CLIError as err:
            plan.failures.append(str(err))
    return written


def _write_one(
    item: Converted,
    target: Path,
    in_place: bool,
    targets: set[str],
    snapshots: Mapping[Path, bytes],
) -> list[Path]:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CLIError(f"cannot write {target}: {err.strerror or err}") from None
    own = _key(target) == _key(item.source)
    # the folder is the root: a symlink there that leads elsewhere is not written through
    expected = snapshots.get(item.source) if own else None
    replace_file(target, item.text, expected=expected, root=target.parent)
    written = [target]
    try:
        written += _copy_assets(item, target.parent)
    except OSError as err:
        raise CLIError(f"{target} was written, but not its images: {err}") from None
    if in_place and not own and _key(item.source) not in targets:
        if item.source in snapshots and read_snapshot(item.source) != snapshots[item.source]:
            raise CLIError(
                f"{item.source} changed while sphinx-adr was importing it; it is kept, "
                f"and {target} holds the text it had before"
            )
        try:
            item.source.unlink()  # its text lives on, converted, in ``target``
        except OSError as err:
            raise CLIError(
                f"{target} was written, but {item.source} cannot be removed: "
                f"{err.strerror or err}; remove it by hand"
            ) from None
    return written


def _copy_assets(item: Converted, folder: Path) -> list[Path]:
    """Copy the images a page shows next to it (never over an existing file)."""
    copied = []
    for ref in item.assets:
        source, target = item.source.parent / ref, folder / ref
        if _key(source) == _key(target) or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(target)
    return copied


def write_result(result: ImportResult, out_dir: Path | None) -> list[Path]:
    """Write every converted file (into ``out_dir``, or in place of its source)."""
    return write_plan(plan_writes(result, out_dir), in_place=out_dir is None)


#: file names that are not ADRs even when they sit in the ADR folder
_NOT_ADR_RE = re.compile(r"^(readme|index|template|license|changelog|contributing)", re.I)
SUFFIXES = (".md", ".markdown", ".rst", ".rest")


def collect_sources(paths: Iterable[Path]) -> list[Path]:
    """The ADR files named or found (not recursively) in the given paths."""
    return scan_sources(paths)[0]


def scan_sources(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """``(ADR files, other files skipped)`` named or found (not recursively) in ``paths``.

    A folder contributes its ``.md``, ``.markdown``, ``.rst`` and ``.rest``
    files and files without an extension (ADR logs hold a few of
    those), except README, index, template and licence files and hidden files.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for entry in sorted(path.iterdir()):
            if not entry.is_file() or entry.name.startswith("."):
                continue
            if _NOT_ADR_RE.match(entry.stem) or entry.suffix.lower() not in (*SUFFIXES, ""):
                skipped.append(entry)
            else:
                found.append(entry)
    return found, skipped
