"""Reading the metadata of ADRs written for other tools (MADR, Nygard / adr-tools,
log4brains, reST logs): statuses, dates, relations, and where logs write them.

Pure text functions, in the lowest layer because two readers share them: the
importer (:mod:`..cli.importing`), which moves this metadata into the ``adr``
block, and the history of an ADR's file (:mod:`..trace.history_revisions`),
which reads the revisions from before the import with them, so the ADR's past
is what the log said then. Real logs write metadata in many ways:
``Accepted``, ``PROPOSED``, ``approved``, ``Acepted``, ``accepted; supersedes
ADR-0045``, ``Accepted on 2021-03-04``, ``Superseded by [DNS](0015-dns.md)``;
each is split into a status word, an optional date, and relations.

Where a file states them is read by the parsers the importer reads with:
docutils for reST (:mod:`.foreign_rst`), markdown-it-py's headings for
Markdown (:mod:`.foreign_md`; line patterns only without the ``[myst]`` extra).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# the keys are re-exported: the importer and history take them from here
from .foreign_keys import DATE_ORDER, FIELD_KEYS, KEY_PATTERN
from .foreign_md import md_headings
from .foreign_rst import rst_metadata

#: metadata lines under a title: ``(key, value)`` in groups 1 and 2
META_LINE_RES = (
    # * Status: accepted  /  - **Date:** 2020-01-01
    re.compile(
        rf"^\s*[*-]\s+(?:\*\*|__)?({KEY_PATTERN})(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$", re.I
    ),
    # **Status:** accepted  /  **Status**: accepted
    re.compile(rf"^\s*(?:\*\*|__)({KEY_PATTERN})\s*:?\s*(?:\*\*|__)\s*:?\s*(.*)$", re.I),
    # Date: 2017-06-30
    re.compile(rf"^({KEY_PATTERN})\s*:\s+(.*)$", re.I),
)

#: relation phrases real logs use -> (option of the adr directive, exact kind?)
RELATION_WORDS: dict[str, str] = {
    "supersedes": "supersedes",
    "supercedes": "supersedes",
    "replaces": "supersedes",
    "superseded by": "superseded-by",
    "superceded by": "superseded-by",
    "replaced by": "superseded-by",
    "amends": "amends",
    "amended by": "amended-by",
    "relates to": "relates",
    "related to": "relates",
    "see also": "relates",
    "clarifies": "relates",
    "clarified by": "relates",
    "extends": "relates",
    "extended by": "relates",
    "refines": "relates",
    "refined by": "relates",
}
_RELATION_RE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(w) for w in RELATION_WORDS), key=len, reverse=True))
    + r")\b\s*:?\s*",
    re.IGNORECASE,
)
# no "[" inside the text: each "[" is tried once (a run of them took quadratic time)
_MD_LINK_RE = re.compile(r"\[([^\[\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_RST_LINK_RE = re.compile(
    r"`([^`<]*?)\s*<([^>]+)>`_{1,2}|:(?:doc|adr|ref):`(?:[^`<]*<)?([^`>]+)>?`"
)
_ID_TEXT_RE = re.compile(r"\b(?:ADR|RFC|DR)[-\s_]?(\d+)\b|#(\d+)\b", re.IGNORECASE)
_DATE_RE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_DECORATION_RE = re.compile(r"[*_`~\[\]]|[^\w\s;,:()/.\-]")


@dataclass
class Relation:
    """A relation written in an ADR: its option name and where it points."""

    option: str
    #: a file name (``0015-dns.md``) or an id / number as written (``ADR-0045``)
    target: str
    #: the words written for the target (link text), kept for the report
    text: str = ""
    #: the relation phrase as written, when it is not one of the extension's kinds
    phrase: str = ""


@dataclass
class StatusReading:
    """What a status text says."""

    raw: str
    word: str | None = None
    canonical: str | None = None
    date: str | None = None
    relations: list[Relation] = field(default_factory=list)
    note: str | None = None


def plain(text: str) -> str:
    """Markdown/reST decorations removed (bold, links kept as their text, emoji)."""
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = _DECORATION_RE.sub(" ", text)
    return " ".join(text.split())


_EMPHASIS_RE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")


def person(text: str) -> str:
    """A name as written (``Given Family (@handle)``, ``Given `@handle```), with
    only emphasis and link syntax removed: handles, parentheses and code stay."""
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    return " ".join(_EMPHASIS_RE.sub("", text).split())


#: "Superseded [0019](0019-x.md)": the relation stated without "by"
_BARE_SUPERSEDED_RE = re.compile(
    # a link or an id, not a date ("Superseded 2021-01-01")
    r"\b(super[sc]eded|replaced|amended)\b(?!\s+by\b)(?=\s*:?\s*(?:\[|`|ADR\b))",
    re.IGNORECASE,
)


def find_relations(text: str) -> list[Relation]:
    """Relations written as text: ``Superseded by [ADR-0012](0012-x.md)``,
    ``supersedes ADR-0045``, ``Amends [10. Terraform](0010-terraform.md)``."""
    found: list[Relation] = []
    matches = list(_RELATION_RE.finditer(text))
    for index, match in enumerate(matches):
        phrase = " ".join(match.group(1).lower().split())
        option = RELATION_WORDS[phrase]
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        tail = text[match.end() : end]
        for target, label in _targets(tail):
            # a phrase that is no kind of the extension (refines, ...) is kept for the report
            found.append(
                Relation(option, target, label, "" if _is_core(phrase, option) else phrase)
            )
    return found


def _is_core(phrase: str, option: str) -> bool:
    return phrase.replace(" ", "-") == option or phrase in _SPELLINGS


_SPELLINGS = ("supercedes", "superceded by", "replaces", "replaced by", "relates to", "related to")


def _targets(tail: str) -> list[tuple[str, str]]:
    """The ADRs a relation phrase names, in order: links first, then bare ids."""
    targets: list[tuple[str, str]] = []
    for match in _MD_LINK_RE.finditer(tail):
        url = match.group(2)
        if url and not re.match(r"^[a-z]+://", url):
            targets.append((url.split("#", 1)[0], match.group(1)))
        elif _ID_TEXT_RE.search(match.group(1)):
            targets.append((match.group(1), match.group(1)))
    for match in _RST_LINK_RE.finditer(tail):
        url = match.group(2) or match.group(3) or ""
        targets.append((url.strip(), match.group(1) or url))
    if targets:
        return targets
    # bare ids, only at the start of the tail (so prose after them is not read)
    head = _MD_LINK_RE.sub("", tail)
    for match in _ID_TEXT_RE.finditer(head[:80]):
        targets.append((match.group(0), match.group(0)))
    if not targets:
        slug = re.match(r"\s*([0-9]{4,8}-[\w-]+)", head)
        if slug:
            targets.append((slug.group(1), slug.group(1)))
    return targets


def read_status(text: str, statuses: tuple[str, ...], aliases: dict[str, str]) -> StatusReading:
    """Split a status text into status word, date and relations."""
    raw = " ".join(text.split())
    reading = StatusReading(raw=raw)
    raw = _BARE_SUPERSEDED_RE.sub(lambda m: f"{m.group(1)} by", raw)
    reading.relations = find_relations(raw)
    date = _DATE_RE.search(_MD_LINK_RE.sub("", raw))
    reading.date = date.group(1) if date else None
    # the status is what comes before any relation phrase, list separator or date
    head = _RELATION_RE.split(raw, maxsplit=1)[0]
    head = re.split(r"[;,(]|\b(?:on|since|in)\s+(?=\d)|\d{4}-\d{2}-\d{2}", head, maxsplit=1)[0]
    word = plain(head).strip(" .:-")
    if not word and any(r.option == "superseded-by" for r in reading.relations):
        # "Superseded by [X](x.md)" states the status by the relation: keep its spelling
        first = plain(raw).split()[0]
        word = first if first.lower() == "superseded" else "superseded"
    reading.word = word or None
    if word:
        reading.canonical, reading.note = canonical_status(word.lower(), statuses, aliases)
    return reading


def canonical_status(
    word: str, statuses: tuple[str, ...], aliases: dict[str, str]
) -> tuple[str | None, str | None]:
    """``(status, note)``: the configured status a word means, or ``None``.

    A case variant or alias is understood as such (the word is kept in the output,
    the extension reads it); a misspelling is corrected with a note.
    """
    folded = word.casefold()
    if folded in statuses:
        return folded, None
    if folded in aliases:
        return aliases[folded], None
    candidates = list(statuses) + list(aliases)
    close = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.8)
    if close:
        status = aliases.get(close[0], close[0])
        return status, f"status {word!r} read as {status!r} (a misspelling)"
    return None, None


# --------------------------------------------------------------------------
# front matter


class FrontMatterError(ValueError):
    """Front matter that does not end (no closing ``---`` line)."""


class NoTitleError(ValueError):
    """A file with no title to take as the ADR's title."""


# --------------------------------------------------------------------------
# a whole file from before its import

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)\s*$")
_BULLET_RE = re.compile(r"^\s*[-*]\s+")
_LOOSE_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def foreign_options(
    text: str, markdown: bool, statuses: tuple[str, ...], aliases: dict[str, str]
) -> dict[str, str]:
    """The ``status`` and ``date`` options the importer would write for ``text`` (a
    revision of an ADR from before its import): read where the importer reads them,
    in its order (front matter, the lines under the title, the Status section); the
    first status and the first date found win. Empty when it states neither.

    A reST revision is read by the importer's own reader (:mod:`.foreign_rst`)."""
    lines = text.replace("\r\n", "\n").split("\n")
    found: dict[str, str] = {}
    if not markdown:
        for key, value in rst_metadata(lines):
            _take(found, key, value)
        return _written(found, statuses, aliases)
    start = _front_matter(lines, found)
    titles = _md_titles(lines, start)
    if titles:
        preamble_end = titles[1][0] if len(titles) > 1 else len(lines)
        for number in range(titles[0][1], preamble_end):
            match = next((m for p in META_LINE_RES if (m := p.match(lines[number]))), None)
            if match:
                _take(found, match.group(1), match.group(2))
    for position in range(1, len(titles)):
        if "status" in found:
            break
        if plain(titles[position][2]).rstrip(":").lower() == "status":
            _take(found, "status", _status_paragraph(lines, titles, position))
    return _written(found, statuses, aliases)


def _status_paragraph(lines: list[str], titles: list[_MdTitle], position: int) -> str:
    """The status a ``## Status`` section states as the importer reads it: its first
    paragraph that is no list (a list there holds relations); nothing when the
    section has subsections (it is prose then)."""
    _first, body, _name, level = titles[position]
    later = titles[position + 1 :]
    end = next((t[0] for t in later if t[3] <= level), len(lines))
    if any(t[0] < end for t in later):
        return ""
    para: list[str] = []
    for line in [*lines[body:end], ""]:
        if line.strip():
            para.append(line)
        elif para and not any(_BULLET_RE.match(p) for p in para):
            return " ".join(p.strip() for p in para)
        else:
            para = []
    return ""


def _take(found: dict[str, str], key: str, value: str) -> None:
    option = FIELD_KEYS.get(key.lower())
    if option == "date" and not _LOOSE_DATE_RE.match(plain(value)):
        return  # the importer leaves a date it cannot read in the text, and reads on
    if option in ("status", "date") and option not in found and value.strip():
        found[option] = " ".join(value.split())


def _written(
    found: dict[str, str], statuses: tuple[str, ...], aliases: dict[str, str]
) -> dict[str, str]:
    """The values as the importer writes them into the block."""
    options: dict[str, str] = {}
    if "status" in found:
        reading = read_status(found["status"], statuses, aliases)
        if reading.word:
            word = reading.canonical if reading.note else reading.word
            options["status"] = f"{word} ({reading.date})" if reading.date else str(word)
    match = _LOOSE_DATE_RE.match(plain(found.get("date", "")))
    if match:
        options["date"] = f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    return options


def _front_matter(lines: list[str], found: dict[str, str]) -> int:
    """Read a YAML front matter's status and date (PyYAML's safe loader, as MyST);
    returns the line after it."""
    if not lines or lines[0].strip() != "---":
        return 0
    end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
    if end is None:
        return 0
    try:
        import yaml  # type: ignore[import-untyped]  # (no stubs in the [myst] extra)
    except ImportError:
        return end + 1
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except (ValueError, yaml.YAMLError):
        return end + 1  # YAML that cannot be read holds no metadata
    if isinstance(data, dict):
        keys = sorted(
            (str(k) for k in data if str(k).lower() in FIELD_KEYS),
            key=lambda k: DATE_ORDER.get(k.lower(), -1),
        )
        for key in keys:
            value = data[key]
            if isinstance(value, str | int | float) or hasattr(value, "isoformat"):
                _take(found, key, str(value))
    return end + 1


#: ``(first line, first line after it, text, level)`` of a Markdown heading
_MdTitle = tuple[int, int, str, int]


def _md_titles(lines: list[str], start: int) -> list[_MdTitle]:
    """The headings from line ``start`` on, read by markdown-it-py as the importer
    reads them (:mod:`.foreign_md`); line by line when it is not installed (it
    comes with the ``[myst]`` extra, which the history of a reST log does not need)."""
    headings = md_headings("\n".join(lines) + "\n")
    if headings is None:
        return _titles(lines, start)
    return [(h.line, h.line + h.size, h.text, h.level) for h in headings if h.line >= start]


def _titles(lines: list[str], start: int) -> list[_MdTitle]:
    """The Markdown headings, by pattern (without markdown-it-py)."""
    titles: list[_MdTitle] = []
    fence: str | None = None
    for number in range(start, len(lines)):
        line = lines[number]
        below = lines[number + 1] if number + 1 < len(lines) else ""
        opened = _FENCE_RE.match(line)
        if opened:
            mark = opened.group(1)
            fence = None if fence and mark.startswith(fence) else fence or mark[0] * 3
            continue
        if fence is not None:
            continue
        atx = _ATX_RE.match(line)
        if atx:
            titles.append((number, number + 1, atx.group(2), len(atx.group(1))))
        elif line.strip() and _SETEXT_RE.match(below) and not line.startswith((" ", "-", "*")):
            level = 1 if below.strip().startswith("=") else 2
            titles.append((number, number + 2, line.strip(), level))
    return titles
