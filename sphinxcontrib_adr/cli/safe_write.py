"""Writes that cannot lose text: beside the file, checked, renamed over it.

Every command that changes a user's file reads it first (:func:`read_snapshot`)
and hands what it read to :func:`replace_file` with the new content. The new
content goes to a temporary file in the same folder (so the rename stays on one
file system and is atomic), is flushed to disk, takes the original's mode, and
is renamed over the original only if the original still holds what was read. A
full disk or an unwritable folder leaves the original as it was.

A writer that appends while the rename happens (it opened the old file just
before) writes into the old file's inode, which no longer has a name; the
original is kept open across the rename so such a tail is found and appended to
the new file rather than lost.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO

from .project import CLIError

__all__ = ["ChangedMeanwhile", "read_snapshot", "replace_file"]


class ChangedMeanwhile(CLIError):
    """The file changed between reading it and writing it; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} changed while sphinx-adr was editing it; nothing was written; "
            "run the command again",
            code=2,
        )
        self.path = path


def read_snapshot(path: Path) -> bytes:
    """The bytes of ``path`` as read now: pass them to :func:`replace_file`."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise CLIError(f"cannot read {path}: {_reason(err)}") from None


def replace_file(
    path: Path,
    data: bytes | str,
    *,
    expected: bytes | None,
    root: Path | None = None,
) -> None:
    """Replace ``path`` by ``data`` (``str`` is written as UTF-8, as it is).

    ``expected`` is what the caller read (:func:`read_snapshot`); when the file
    holds something else now, :class:`ChangedMeanwhile` is raised and nothing is
    written. ``None`` skips that check (a new file, or a forced replacement).
    With ``root``, a path that leads outside it (through a symlink or ``..``) is
    refused. A symlink inside the root is kept: its target is replaced.
    """
    target = _target(path, root)
    if target.exists() and not os.access(target, os.W_OK):
        # renaming over it would work, but the user (or the file system) made it read-only
        raise CLIError(f"cannot write {path}: it is read-only; the file was left as it was")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = _write_temp(path, target, payload)
    try:
        original = _open_original(path, target, expected)
        try:
            if expected is not None and original is not None and original.read() != expected:
                raise ChangedMeanwhile(path)
            temp.replace(target)
            if original is not None and expected is not None:
                _keep_late_append(path, target, original, expected)
        finally:
            if original is not None:
                original.close()
    except OSError as err:
        raise CLIError(
            f"cannot write {path}: {_reason(err)}; the file was left as it was"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
    _sync_folder(target.parent)


def _target(path: Path, root: Path | None) -> Path:
    """The file the write lands in: a symlink's target, checked against ``root``."""
    try:
        target = path.resolve() if path.is_symlink() else path
        if root is not None:
            real = path.resolve()
            allowed = root.resolve()
            if real != allowed and allowed not in real.parents:
                raise CLIError(
                    f"{path} leads outside {root} (to {real}); "
                    "it was not written: sphinx-adr writes only inside the folder it was given"
                )
    except OSError as err:  # a symlink loop, an unreadable folder
        raise CLIError(f"cannot write {path}: {_reason(err)}") from None
    return target


def _write_temp(path: Path, target: Path, payload: bytes) -> Path:
    """A flushed temporary file beside ``target`` holding ``payload``, with its mode."""
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise CLIError(
            f"cannot write {path}: {_reason(err)}; the file was left as it was"
        ) from None
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(handle, view) :]
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            status = target.stat()
        except FileNotFoundError:  # a new file: what open() would have given it
            Path(name).chmod(0o666 & ~_umask())
        else:
            with contextlib.suppress(PermissionError):  # only root may give it away
                os.chown(name, status.st_uid, status.st_gid)
            Path(name).chmod(status.st_mode & 0o7777)  # after chown, which clears setuid
    except OSError as err:
        Path(name).unlink(missing_ok=True)
        raise CLIError(
            f"cannot write {path}: {_reason(err)}; the file was left as it was"
        ) from None
    return Path(name)


def _open_original(path: Path, target: Path, expected: bytes | None) -> IO[bytes] | None:
    """The original, kept open across the rename; ``None`` when there is none."""
    try:
        return target.open("rb")
    except FileNotFoundError:
        if expected is not None:  # it was read, and is gone now
            raise ChangedMeanwhile(path) from None
        return None


def _keep_late_append(path: Path, target: Path, original: IO[bytes], expected: bytes) -> None:
    """Bytes a writer appended to the old inode after the check go to the new file."""
    original.seek(0)
    now = original.read()
    if now == expected:
        return
    if now.startswith(expected):
        with target.open("ab") as new:
            new.write(now[len(expected) :])
            new.flush()
            os.fsync(new.fileno())
        return
    # rewritten (not appended to) in the instant of the rename: keep that version too
    aside = target.with_name(f"{target.name}.concurrent")
    aside.write_bytes(now)
    raise CLIError(
        f"{path} was rewritten by another program while sphinx-adr replaced it; "
        f"the other version is kept in {aside}; compare them and run the command again"
    )


def _umask() -> int:
    mask = os.umask(0o022)  # reading the mask means setting it; put it back at once
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself, so a crash does not bring the old file back."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _reason(err: OSError) -> str:
    """The system's words for an error, never ``None``."""
    return err.strerror or str(err) or type(err).__name__
