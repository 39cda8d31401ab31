"""What an import is told and what it gives back: the target project's settings,
each converted file, and the whole result with the report's figures (statuses
as the pages will have them, the ``conf.py`` lines the pages need)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ...core.foreign import Relation, StatusReading
    from .structure import Structure


DEFAULT_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")


STALE_NUMBER_RE = re.compile(
    r"^(\s*(?:#{1,6}\s+)?)(?:ADR[-\s]?)?0*(\d+)\s*[:.\-\u2013\u2014]\s+", re.I
)


@dataclass
class ImportSettings:
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
    #: files with nothing in them (0 bytes or blank): skipped, not errors
    empty: list[Path] = field(default_factory=list)

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
            and (match := STALE_NUMBER_RE.match(f.title))
            and int(match.group(2)) == f.number
        ]

    def unknown_statuses(self, settings: ImportSettings) -> list[str]:
        found = {
            f.status.word.lower()
            for f in self.files
            if f.status is not None and f.status.word and f.status.canonical is None
        }
        return sorted(found - set(settings.statuses))

    def conf_lines(self, settings: ImportSettings) -> list[str]:
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
