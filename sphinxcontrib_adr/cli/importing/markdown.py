"""Reading and converting a Markdown ADR with the parsers MyST itself uses:
markdown-it-py (CommonMark, GFM tables, front matter; :mod:`.mdblocks`) and
PyYAML's safe loader.

Both come with the ``[myst]`` extra; the importer reads, the caller writes by
the line numbers these functions return, so every other byte stays as it was.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...core.foreign import (
    META_LINE_RES,
    FrontMatterError,
    NoTitleError,
    find_relations,
    plain,
)
from ...core.foreign_keys import DATE_ORDER, FIELD_KEYS
from ..project import CLIError
from .alerts import with_alerts
from .fields import apply_field, block_options, read_prose
from .lines import drop_stale_number, is_relation_text, joined, kept, paragraphs, split_lines
from .mdblocks import MISSING, MdHeading, read_headings
from .structure import Heading

if TYPE_CHECKING:
    from .fields import Index
    from .plan import Converted, ImportSettings

# --------------------------------------------------------------------------
# YAML front matter


#: a front-matter value the importer can move: text or a list of texts
Value = str | list[str]


@dataclass
class FrontKey:
    key: str
    #: ``None`` when the value is no text or list of texts (a mapping): it stays
    value: Value | None
    #: the lines the key and its value take (from, to), counted in the block
    lines: range


@dataclass
class FrontMatter:
    keys: list[FrontKey] = field(default_factory=list)
    #: why YAML cannot read the block (it is then kept as a comment, word for word)
    problem: str | None = None


def read_front_matter(lines: list[str]) -> FrontMatter:
    """The keys of a YAML block (the lines between its ``---`` lines), each with the
    lines it takes, through ``yaml.safe_load``'s loader. YAML that does not load,
    or is no mapping, gives :attr:`FrontMatter.problem` instead."""
    try:
        import yaml  # type: ignore[import-untyped]  # (no stubs in the [myst] extra)
    except ImportError:
        raise CLIError(MISSING) from None
    text = "\n".join(lines) + "\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        return FrontMatter(problem=_problem(err))
    if root is None:
        return FrontMatter()
    if not isinstance(root, yaml.MappingNode):
        return FrontMatter(problem="it is YAML, but not 'key: value' lines")
    starts = [key.start_mark.line for key, _value in root.value]
    found = FrontMatter()
    for position, (key, value) in enumerate(root.value):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        try:
            data = _construct(yaml, value)
        except yaml.YAMLError as err:
            return FrontMatter(problem=_problem(err))
        found.keys.append(FrontKey(str(key.value), _as_value(data), range(starts[position], end)))
    return found


def _problem(err: Any) -> str:
    """``line 3: sequence entries are not allowed here`` (the file's line)."""
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    where = f"line {mark.line + 2}: " if mark is not None else ""
    return where + " ".join(str(problem).split())


def _construct(yaml: Any, node: Any) -> object:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _as_value(data: object) -> Value | None:
    if data is None:
        return ""
    if isinstance(data, list):
        items = [_as_value(item) for item in data]
        if all(isinstance(item, str) for item in items):
            return [item for item in items if isinstance(item, str)]
        return None
    if isinstance(data, dict):
        return None
    if isinstance(data, datetime.date) and not isinstance(data, datetime.datetime):
        return data.isoformat()
    if isinstance(data, bool):
        return "true" if data else "false"
    return str(data).strip()


# --------------------------------------------------------------------------
# converting a Markdown ADR


def _headings(lines: list[str], start: int) -> list[MdHeading]:
    """The document's headings from line ``start`` on (markdown-it's line map)."""
    return [h for h in read_headings("\n".join(lines) + "\n") if h.line >= start]


def _section_end(headings: list[MdHeading], position: int, total: int) -> int:
    level = headings[position].level
    for later in headings[position + 1 :]:
        if later.level <= level:
            return later.line
    return total


def convert_markdown(item: Converted, text: str, settings: ImportSettings, index: Index) -> None:
    lines = split_lines(text)
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
    lines[title.line] = drop_stale_number(item, lines[title.line])
    item.title = plain(drop_stale_number(item, title.text))
    title_end = title.line + title.size
    preamble_end = headings[1].line if len(headings) > 1 else len(lines)
    _md_preamble(item, lines, range(title_end, preamble_end), settings, drop)
    for position, heading in enumerate(headings[1:], start=1):
        name = plain(heading.text).rstrip(":").lower()
        if name in ("status", "links"):
            _md_metadata_section(item, lines, headings, position, name, settings, drop)
    found = [Heading(h.line, h.size, h.level, h.text) for h in headings]
    edits = read_prose(item, lines, found, drop, settings, index)
    if settings.structure:  # off: only the metadata moves
        edits = with_alerts(lines, title_end, drop, edits)

    options = block_options(item, settings, index)
    out = list(front_out)
    out += [lines[n] for n in range(body_start, title_end) if n not in drop]
    out += ["", "```{adr}", *(f":{k}: {v}" for k, v in options), "```"]
    out += kept(lines, title_end, drop, edits)
    item.options = options
    item.text = joined(out, text)


def _md_preamble(
    item: Converted, lines: list[str], numbers: range, settings: ImportSettings, drop: set[int]
) -> None:
    """Move the metadata lines under the title (``* Status: accepted``,
    ``**Date:** ...``, ``Date: ...``) into ``item``."""
    for number in numbers:
        for pattern in META_LINE_RES:
            match = pattern.match(lines[number])
            if match and apply_field(item, match.group(1), match.group(2), settings, "line"):
                drop.add(number)
                break


def _md_front_matter(
    item: Converted, lines: list[str], settings: ImportSettings, drop: set[int]
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
    for entry in sorted(front.keys, key=lambda e: DATE_ORDER.get(e.key.lower(), -1)):
        known = entry.key.lower() in FIELD_KEYS and entry.value is not None
        if known and apply_field(item, entry.key, entry.value or "", settings, "front matter"):
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
    settings: ImportSettings,
    drop: set[int],
) -> None:
    """Move a ``## Status`` / ``## Links`` section's metadata into ``item``; the
    whole section goes when nothing but metadata was in it."""
    heading = headings[position]
    end = _section_end(headings, position, len(lines))
    if any(h.line < end for h in headings[position + 1 :]):
        return  # a status section with subsections is prose, not metadata
    leftover = False
    for begin, stop in paragraphs(lines, heading.line + 1, end):
        para = " ".join(lines[n].strip() for n in range(begin, stop))
        bullets = [n for n in range(begin, stop) if re.match(r"^\s*[-*]\s+", lines[n])]
        if name == "links" or bullets:
            for n in range(begin, stop):
                if is_relation_text(lines[n]):
                    item.relations.extend(find_relations(lines[n]))
                    drop.add(n)
                elif lines[n].strip():
                    leftover = True
            continue
        if name == "status" and (item.status is None or not item.status.word):
            # the status paragraph may state a relation too ("Superseded by [X](x.md)")
            if apply_field(item, "status", para, settings, "## Status"):
                drop.update(range(begin, stop))
        elif is_relation_text(para):
            item.relations.extend(find_relations(para))
            drop.update(range(begin, stop))
        else:
            leftover = True
    if not leftover:
        drop.update(range(heading.line, end))
