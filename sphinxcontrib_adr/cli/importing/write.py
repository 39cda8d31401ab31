"""Writing an import: every converted file gets a path of its own (nothing is
overwritten, no source lost), each written beside its target and renamed over
it; and which files of the given folders are ADRs."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..project import CLIError
from ..safe_write import read_snapshot, replace_file
from .ids import shown

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from .plan import Converted, ImportResult


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
