"""Metadata into the ``adr`` block: each value read (front matter, a line under
the title, a Status section, sphinx-adr's options) recorded once, the block's
options in their order, relations resolved to the ids of this import, and the
prose's structure (options, consequences, related ADRs) read into directives."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.foreign import Relation, person, plain, read_status
from ...core.foreign_keys import FIELD_KEYS
from ...core.model import ValueProblem, check_id, format_id, number_from_name
from .structure import Heading, read_structure

if TYPE_CHECKING:
    from .plan import Converted, ImportSettings


FLATTENED_RE = re.compile(r"^.*__(?=[^_])")


_DATE_LOOSE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


_PEOPLE = frozenset({"deciders", "consulted", "informed"})


_OPTION_ORDER = ("id", "status", "date", "deciders", "consulted", "informed", "tags")


class Index:
    """Finds the ADR a relation names: by file name, slug or number."""

    def __init__(self, files: list[Converted], settings: ImportSettings) -> None:
        self.settings = settings
        self.by_stem: dict[str, Converted] = {}
        self.by_number: dict[int, Converted] = {}
        for item in files:
            for stem in (item.source.stem, FLATTENED_RE.sub("", item.source.stem)):
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


def apply_field(
    item: Converted, key: str, written: str | list[str], settings: ImportSettings, where: str
) -> bool:
    """Record one metadata value (a YAML list is a list of values); False when it
    cannot move (it then stays in the body)."""
    option = FIELD_KEYS[key.lower()]
    listed = [] if isinstance(written, str) else [" ".join(v.split()) for v in written]
    value = " ".join(written.split()) if isinstance(written, str) else ", ".join(listed)
    if option == "status":
        return _apply_status(item, value, settings, where)
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


def _apply_status(item: Converted, value: str, settings: ImportSettings, where: str) -> bool:
    """Record the status (with the date and relations it states); a second one stays."""
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


def block_options(item: Converted, settings: ImportSettings, index: Index) -> list[tuple[str, str]]:
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


def read_prose(
    item: Converted,
    lines: list[str],
    headings: list[Heading],
    drop: set[int],
    settings: ImportSettings,
    index: Index,
) -> dict[int, list[str]]:
    """The prose's options, consequences and related ADRs (see
    :mod:`.structure`): its problems become the file's warnings, its related
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


def sphinx_adr_option(item: Converted, name: str, value: str, settings: ImportSettings) -> None:
    name = name.lower()
    if name in FIELD_KEYS:
        apply_field(item, name, value, settings, f":{name}:")
    elif name in ("supersedes", "superseded-by", "amends", "amended-by", "relates"):
        for target in re.split(r"[,\s]+", value.strip()):
            if target:
                item.relations.append(Relation(name, target, target))
    elif name == "id":  # sphinx-adr requires it; it is ours too
        explicit_id(item, value)
    else:
        item.options.append((name, value.strip()))
        item.warnings.append(f"option :{name}: kept as is; declare it in adr_fields")


def explicit_id(item: Converted, value: str) -> None:
    try:
        item.adr_id = check_id(value)
    except ValueProblem as problem:
        item.warnings.append(f":id: {problem}; the file's number gives {item.adr_id}")
        return
    item.explicit_id = True
