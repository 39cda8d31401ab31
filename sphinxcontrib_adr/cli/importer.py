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
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.model import format_id, number_from_name
from .import_parse import (
    FrontMatterError,
    Relation,
    StatusReading,
    find_relations,
    parse_front_matter,
    plain,
    read_status,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

DEFAULT_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
#: metadata keys (as written, folded) -> adr option
FIELD_KEYS = {
    "status": "status",
    "date": "date",
    "deciders": "deciders",
    "decision-makers": "deciders",
    "decision makers": "deciders",
    "decision_makers": "deciders",
    "authors": "deciders",
    "author": "deciders",
    "consulted": "consulted",
    "informed": "informed",
    "tags": "tags",
}
_OPTION_ORDER = ("id", "status", "date", "deciders", "consulted", "informed", "tags")
_KEY_PATTERN = "|".join(sorted((re.escape(k) for k in FIELD_KEYS), key=len, reverse=True))
_META_LINE_RES = (
    # * Status: accepted  /  - **Date:** 2020-01-01
    re.compile(
        rf"^\s*[*-]\s+(?:\*\*|__)?({_KEY_PATTERN})(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$", re.I
    ),
    # **Status:** accepted  /  **Status**: accepted
    re.compile(rf"^\s*(?:\*\*|__)({_KEY_PATTERN})\s*:?\s*(?:\*\*|__)\s*:?\s*(.*)$", re.I),
    # Date: 2017-06-30
    re.compile(rf"^({_KEY_PATTERN})\s*:\s+(.*)$", re.I),
)
_ATX_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_RST_ADORN_RE = re.compile(r"^([=\-~^\"'`#*+_.:])\1{2,}\s*$")
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


@dataclass
class ImportResult:
    files: list[Converted] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def statuses(self) -> Counter[str]:
        """Canonical status (or the unknown word, or ``(none)``) -> number of files."""
        counts: Counter[str] = Counter()
        for item in self.files:
            reading = item.status
            if reading is None or reading.word is None:
                counts["(none)"] += 1
            else:
                counts[reading.canonical or reading.word.lower()] += 1
        return counts

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
        unknown = self.unknown_statuses(settings)
        if unknown:
            lines.append(f"adr_statuses = {[*settings.statuses, *unknown]!r}")
        if settings.id_format != "ADR-{number:04d}":
            lines.append(f"adr_id_format = {settings.id_format!r}")
        if any(f.syntax == "myst" for f in self.files):
            lines.append('extensions += ["myst_parser"]  # the imported pages are MyST')
        return lines


# --------------------------------------------------------------------------
# the whole set


def import_files(paths: Sequence[Path], settings: Settings) -> ImportResult:
    """Convert ``paths`` (one ADR log); nothing is written."""
    result = ImportResult()
    items: list[tuple[Path, str]] = []
    for path in sorted(paths):
        try:
            items.append((path, path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            result.errors.append((path, f"cannot read it ({err})"))
    files = [_identify(path, settings) for path, _ in items]
    _check_numbers(files, result)
    index = _Index(files, settings)
    for item, (path, text) in zip(files, items, strict=True):
        try:
            if path.suffix.lower() in (".rst", ".rest", ".txt"):
                _convert_rst(item, text, settings, index)
            else:
                _convert_markdown(item, text, settings, index)
        except FrontMatterError as err:
            result.errors.append((path, f"front matter cannot be read: {err}"))
            continue
        result.files.append(item)
        result.warnings.extend(f"{path.name}: {w}" for w in item.warnings)
    return result


def _identify(path: Path, settings: Settings) -> Converted:
    stem = _FLATTENED_RE.sub("", path.stem)
    number = number_from_name(stem)
    syntax = "rst" if path.suffix.lower() in (".rst", ".rest", ".txt") else "myst"
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


def _check_numbers(files: list[Converted], result: ImportResult) -> None:
    by_number: dict[int, list[Converted]] = {}
    for item in files:
        if item.number is not None:
            by_number.setdefault(item.number, []).append(item)
    taken = set(by_number)
    for number, group in sorted(by_number.items()):
        if len(group) < 2:
            continue
        free = max(taken) + 1
        names = ", ".join(i.source.name for i in group)
        for item in group[1:]:
            digits = re.match(r"^(\D*)(\d+)", item.name)
            width = len(digits.group(2)) if digits else 4
            prefix = digits.group(1) if digits else ""
            renamed = f"{prefix}{free:0{width}d}{item.name[digits.end() if digits else 0 :]}"
            result.warnings.append(
                f"{names} share the number {number} (id {group[0].adr_id}); both are kept and "
                f"the build will report a duplicate id. Renumber one: rename {item.name} to "
                f"{renamed} (the next free number) and update the links to it"
            )
            taken.add(free)
            free += 1


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


def _apply_field(item: Converted, key: str, value: str, settings: Settings, where: str) -> bool:
    """Record one metadata value; False when it cannot move (it then stays in the body)."""
    option = FIELD_KEYS[key.lower()]
    value = " ".join(value.split())
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
            item.warnings.append(f"a second date {value!r} ({where}) is left in the text")
            return False
        item.date = f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"
        return True
    items = [plain(v) for v in re.split(r"[,;]", value)]
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


@dataclass
class _Heading:
    line: int
    level: int
    text: str
    #: lines the heading takes (2 for setext)
    size: int = 1


def _headings(lines: list[str], start: int) -> list[_Heading]:
    found: list[_Heading] = []
    fence: str | None = None
    for number in range(start, len(lines)):
        line = lines[number]
        match = _FENCE_RE.match(line)
        if match:
            mark = match.group(1)
            if fence is None:
                fence = mark[0] * len(mark)
            elif mark.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        atx = _ATX_RE.match(line)
        if atx:
            found.append(_Heading(number, len(atx.group(1)), atx.group(2)))
        elif (
            number + 1 < len(lines)
            and line.strip()
            and re.match(r"^=+\s*$", lines[number + 1])
            and not line.startswith((" ", "\t"))
        ):
            found.append(_Heading(number, 1, line.strip(), size=2))
    return found


def _section_end(headings: list[_Heading], position: int, total: int) -> int:
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
    lines = text.splitlines()
    drop: set[int] = set()
    kept_front: list[str] = []
    body_start = 0
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
        if end is None:
            raise FrontMatterError("no closing '---' line")
        pairs = parse_front_matter(lines[1:end])
        owners = _front_matter_owners(lines[1:end])
        moved_keys = set()
        for key, value in pairs:
            if key.lower() in FIELD_KEYS:
                joined = value if isinstance(value, str) else ", ".join(value)
                if _apply_field(item, key, joined, settings, "front matter"):
                    moved_keys.add(key)
        kept_front = [
            line for line, key in zip(lines[1:end], owners, strict=True) if key not in moved_keys
        ]
        body_start = end + 1
        drop.update(range(0, end + 1))

    headings = _headings(lines, body_start)
    if not headings:
        raise FrontMatterError("the file has no title heading ('# Title'); add one")
    title = headings[0]
    item.title = plain(title.text)
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
        if name not in ("status", "links"):
            continue
        end = _section_end(headings, position, len(lines))
        nested = [h for h in headings[position + 1 :] if h.line < end]
        if nested:
            continue  # a status section with subsections is prose, not metadata
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

    options = _block_options(item, settings, index)
    out: list[str] = []
    if kept_front:
        out += ["---", *kept_front, "---"]
    out += [lines[n] for n in range(body_start, title_end) if n not in drop]
    out += ["", "```{adr}", *(f":{k}: {v}" for k, v in options), "```"]
    rest = [lines[n] for n in range(title_end, len(lines)) if n not in drop]
    out += _squeeze(rest)
    item.options = options
    item.text = "\n".join(out).rstrip() + "\n"


def _front_matter_owners(lines: list[str]) -> list[str | None]:
    """The key each front-matter line belongs to (list items belong to their key)."""
    owners: list[str | None] = []
    current: str | None = None
    for line in lines:
        match = re.match(r"^([A-Za-z_][\w.-]*)\s*:", line)
        if match and not line[:1].isspace():
            current = match.group(1)
        owners.append(current)
    return owners


def _squeeze(lines: list[str]) -> list[str]:
    """Collapse the blank lines left where metadata was removed (at most one in a row)."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    if not out or out[0].strip():
        out.insert(0, "")
    return out


# --------------------------------------------------------------------------
# reST


def _rst_titles(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """``(first line, lines taken, adornment, title)`` of each section title."""
    titles: list[tuple[int, int, str, str]] = []
    number = 0
    while number < len(lines) - 1:
        line, below = lines[number], lines[number + 1]
        if (
            _RST_ADORN_RE.match(line)
            and number + 2 < len(lines)
            and lines[number + 1].strip()
            and _RST_ADORN_RE.match(lines[number + 2])
        ):
            titles.append((number, 3, "o" + line.strip()[0], lines[number + 1].strip()))
            number += 3
            continue
        if (
            line.strip()
            and not line[:1].isspace()
            and _RST_ADORN_RE.match(below)
            and len(below.rstrip()) >= len(line.rstrip()) - 1
            and not _RST_ADORN_RE.match(line)
        ):
            titles.append((number, 2, below.strip()[0], line.strip()))
            number += 2
            continue
        number += 1
    return titles


_RST_FIELD_RE = re.compile(rf"^:({_KEY_PATTERN}):\s*(.*)$", re.I)
_RST_OPTION_RE = re.compile(r"^\s+:([\w-]+):\s*(.*)$")


def _convert_rst(item: Converted, text: str, settings: Settings, index: _Index) -> None:
    lines = text.splitlines()
    titles = _rst_titles(lines)
    if not titles:
        raise FrontMatterError("the file has no section title; add one")
    first, size, _mark, title = titles[0]
    item.title = title
    title_end = first + size
    drop: set[int] = set()
    body_extra: list[str] = []
    levels: list[str] = []
    for _, _, adornment, _ in titles:
        if adornment not in levels:
            levels.append(adornment)
    preamble_end = titles[1][0] if len(titles) > 1 else len(lines)
    number = title_end
    while number < preamble_end:
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
            while number < preamble_end and (
                not lines[number].strip() or lines[number][:1].isspace()
            ):
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

    for position, (start, tsize, adornment, name) in enumerate(titles[1:], start=1):
        if name.rstrip(":").lower() != "status":
            continue
        level = levels.index(adornment)
        end = next(
            (t[0] for t in titles[position + 1 :] if levels.index(t[2]) <= level), len(lines)
        )
        if any(t[0] < end for t in titles[position + 1 :]):
            continue
        leftover = False
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
        if not leftover:
            drop.update(range(start, end))

    options = _block_options(item, settings, index)
    out = [lines[n] for n in range(0, title_end) if n not in drop]
    out += ["", ".. adr::", *(f"   :{k}: {v}" for k, v in options)]
    rest = [lines[n] for n in range(title_end, len(lines)) if n not in drop]
    if body_extra:
        rest = ["", *body_extra, *rest]
    out += _squeeze(rest)
    item.options = options
    item.text = "\n".join(out).rstrip() + "\n"


def _sphinx_adr_option(item: Converted, name: str, value: str, settings: Settings) -> None:
    name = name.lower()
    if name in FIELD_KEYS:
        _apply_field(item, name, value, settings, f":{name}:")
    elif name in ("supersedes", "superseded-by", "amends", "amended-by", "relates"):
        for target in re.split(r"[,\s]+", value.strip()):
            if target:
                item.relations.append(Relation(name, target, target))
    else:
        item.options.append((name, value.strip()))
        item.warnings.append(f"option :{name}: kept as is; declare it in adr_fields")


# --------------------------------------------------------------------------
# writing


def write_result(result: ImportResult, out_dir: Path | None) -> list[Path]:
    """Write every converted file (into ``out_dir``, or next to its source)."""
    written = []
    for item in result.files:
        folder = out_dir if out_dir is not None else item.source.parent
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / item.name
        target.write_text(item.text, "utf-8")
        if out_dir is None and target != item.source and item.source.exists():
            item.source.unlink()  # in place: the converted file replaces its source
        written.append(target)
    return written


def collect_sources(paths: Iterable[Path]) -> list[Path]:
    """The ADR files named or found (not recursively) in the given paths."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.iterdir())
                if p.is_file()
                and p.suffix.lower() in (".md", ".markdown", ".rst")
                and not re.match(r"^(readme|index|template|license)", p.stem, re.I)
            )
        else:
            found.append(path)
    return found
