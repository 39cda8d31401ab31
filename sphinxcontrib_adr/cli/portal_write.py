"""Writing the portal's files without losing a hand edit.

The portal records what it wrote in ``.sphinx-adr-portal.json`` in its folder
(the SHA-256 of each file). Written again, it compares each file with that
record before touching it:

* a file it would change that still holds what it wrote is replaced (beside
  and renamed over, :mod:`.safe_write`);
* a file edited since is left alone when the portal's own version of it did
  not change (a theme added to ``conf.py`` survives every re-run); when it did,
  the run is refused (exit 2, naming the files, nothing written) unless
  ``--force`` is given;
* a page of a project no longer given is deleted only when unedited; an
  edited one is kept (with ``--force`` it is no longer the portal's);
* a file the portal did not write is never replaced nor deleted, ``--force``
  or not.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .portal_pages import MARKER
from .project import CLIError
from .safe_write import replace_file

if TYPE_CHECKING:
    from pathlib import Path

#: the record of what the portal wrote, in the portal's folder
MANIFEST = ".sphinx-adr-portal.json"
_FORMAT = "sphinx-adr-portal"
#: the only paths the portal writes (a record naming another is ignored: the
#: record sits in a user's folder and must not make the portal delete elsewhere)
_OURS_RE = re.compile(
    r"conf\.py|index\.rst|_static/adr-portal\.css|projects/[A-Za-z0-9][A-Za-z0-9._-]*\.rst"
)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Plan:
    """What a run does to each file of the folder, decided before anything is written."""

    #: relative path -> (new bytes, bytes on disk or None for a new file)
    write: dict[str, tuple[bytes, bytes | None]] = field(default_factory=dict)
    #: relative path -> bytes on disk (unedited pages of projects no longer given)
    delete: dict[str, bytes] = field(default_factory=dict)
    #: files edited by hand and left as they are (the portal's version did not change)
    kept: list[str] = field(default_factory=list)
    #: edited pages of projects no longer given, kept and no longer recorded (--force)
    disowned: list[str] = field(default_factory=list)
    #: files in the way that the portal did not write
    foreign: list[str] = field(default_factory=list)
    #: files edited by hand that the portal would change or delete
    edited: list[str] = field(default_factory=list)
    #: files with the portal's first line but no record (an older portal, or a lost
    #: record): whether they were edited cannot be told
    unrecorded: list[str] = field(default_factory=list)
    #: the record after the run: relative path -> digest of what the portal wrote
    record: dict[str, str] = field(default_factory=dict)


def read_record(out: Path) -> dict[str, str]:
    """What the portal wrote in ``out`` last time ({} when there is no usable record)."""
    try:
        data = json.loads((out / MANIFEST).read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}  # no record: every file with the marker counts as possibly edited
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        rel: value
        for rel, value in files.items()
        if isinstance(rel, str)
        and _OURS_RE.fullmatch(rel)
        and isinstance(value, str)
        and re.fullmatch(r"[0-9a-f]{64}", value)
    }


def _current(path: Path) -> bytes | None:
    """The bytes of a regular file (None when absent; CLIError when it is something
    else, such as a symlink or a folder, which the portal never writes through)."""
    if not path.is_symlink() and not path.exists():
        return None
    if path.is_symlink() or not path.is_file():
        raise CLIError(
            f"{path} is in the way and is not a file sphinx-adr portal wrote (a link or "
            "a folder); move it away (nothing was written)"
        )
    try:
        return path.read_bytes()
    except OSError as err:
        raise CLIError(f"cannot read {path}: {err.strerror or err}") from None


def _has_marker(data: bytes) -> bool:
    return MARKER.encode("utf-8") in data.split(b"\n", 1)[0]


def plan(out: Path, files: dict[str, str], force: bool) -> Plan:
    """Decide what to do with each file (reads only)."""
    record = read_record(out)
    result = Plan()
    for rel, text in files.items():
        new = text.encode("utf-8")
        now = _current(out / rel)
        recorded = record.get(rel)
        result.record[rel] = digest(new)
        if now == new:
            continue
        if now is None or digest(now) == recorded or (force and (recorded or _has_marker(now))):
            result.write[rel] = (new, now)
        elif recorded == digest(new):  # the portal's version is the same: keep the edit
            result.kept.append(rel)
            result.record[rel] = recorded
        elif recorded is not None:
            result.edited.append(rel)
        elif _has_marker(now):
            result.unrecorded.append(rel)
        else:
            result.foreign.append(rel)
    for rel in sorted(set(record) - set(files)):
        now = _current(out / rel)
        if now is None:
            continue
        if digest(now) == record[rel]:
            result.delete[rel] = now
        elif force:
            result.disowned.append(rel)
        else:
            result.edited.append(rel)
    return result


def refusal(out: Path, found: Plan) -> CLIError | None:
    """The error that stops the run before anything is written, if any."""
    if found.foreign:
        return CLIError(
            f"{out / found.foreign[0]} exists and was not written by sphinx-adr portal; "
            "choose another -o folder or move that file away (nothing was written)"
        )
    if found.edited:
        names = ", ".join(str(out / rel) for rel in found.edited)
        return CLIError(
            f"{names}: edited since sphinx-adr portal wrote "
            f"{'it' if len(found.edited) == 1 else 'them'} (nothing was written); keep "
            "your edits elsewhere and run it again, or run it with --force to replace "
            "them (an edited page of a project no longer given is kept, never deleted)"
        )
    if found.unrecorded:
        names = ", ".join(str(out / rel) for rel in found.unrecorded)
        return CLIError(
            f"{names}: written by sphinx-adr portal, but {out / MANIFEST} holds no record "
            "of it, so a hand edit cannot be told apart (nothing was written); keep your "
            "edits elsewhere and run it with --force to replace them"
        )
    return None


def execute(out: Path, found: Plan) -> None:
    """Carry out a plan: files replaced beside and renamed over, checked against
    what was read; the record written last."""
    try:
        (out / "projects").mkdir(parents=True, exist_ok=True)
        (out / "_static").mkdir(exist_ok=True)
    except OSError as err:
        raise CLIError(
            f"-o {out}: cannot create the folder ({err.strerror or err}); give a folder "
            "that can be written"
        ) from None
    for rel, (new, now) in found.write.items():
        replace_file(out / rel, new, expected=now, root=out)
    for rel, now in found.delete.items():
        path = out / rel
        if _current(path) == now:  # not edited between the plan and now
            try:
                path.unlink()
            except OSError as err:
                raise CLIError(f"cannot delete {path}: {err.strerror or err}") from None
    text = json.dumps(
        {"format": _FORMAT, "version": 1, "files": dict(sorted(found.record.items()))}, indent=1
    )
    manifest = out / MANIFEST
    replace_file(manifest, text + "\n", expected=_manifest_bytes(manifest), root=out)


def _manifest_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise CLIError(f"cannot read {path}: {err.strerror or err}") from None
