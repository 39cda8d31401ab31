"""What the code scan leaves out because git ignores it (no Sphinx in here).

Inside a git work tree git answers itself: ``git ls-files --cached --others
--exclude-standard`` lists what it keeps, so every rule git honours counts
(nested ``.gitignore`` files, ``.git/info/exclude``, ``core.excludesFile``,
anchored patterns such as ``/build/``) and a tracked file is never ignored,
whatever a pattern says. Outside a work tree (a release tarball, a copy of
the sources) there is no git to ask: the ``.gitignore`` files met on the way
down are read with ``pathspec``, the library that implements git's pattern
rules (ADR-0024).
"""

# Implements: ADR-0024 (git decides what is ignored; pathspec outside a work tree)

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .gitlog import Job, git_program

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pathspec import GitIgnoreSpec


class Ignore:
    """Nothing ignored; the base of the two readers below."""

    def enter(self, rel_dir: str, abs_dir: str, names: Iterable[str]) -> Ignore:
        """The rules in force below ``rel_dir``, whose entries are ``names``."""
        return self

    def ignored(self, rel: str, is_dir: bool) -> bool:
        """Whether the file (or directory) ``rel`` is ignored."""
        return False


class KeptByGit(Ignore):
    """git's own list of what it keeps under the scanned root."""

    def __init__(self, kept: Iterable[str]) -> None:
        #: files, and the folders of submodules (git lists the folder, not its files)
        self.files: set[str] = set()
        #: folders holding a kept file; untracked nested checkouts (listed as ``dir/``)
        self.dirs: set[str] = set()
        self.nested: set[str] = set()
        for entry in kept:
            rel = entry.rstrip("/")
            (self.nested if entry.endswith("/") else self.files).add(rel)
            parent = rel
            while "/" in parent:
                parent = parent.rpartition("/")[0]
                if parent in self.dirs:
                    break
                self.dirs.add(parent)

    def ignored(self, rel: str, is_dir: bool) -> bool:
        if rel in self.files or (is_dir and (rel in self.dirs or rel in self.nested)):
            return False
        parent = rel  # below a submodule or a nested checkout, git keeps what it holds
        while "/" in parent:
            parent = parent.rpartition("/")[0]
            if parent in self.files or parent in self.nested:
                return False
        return True


class GitignoreFiles(Ignore):
    """The ``.gitignore`` files from the root down to the folder being walked."""

    def __init__(self, specs: tuple[tuple[str, GitIgnoreSpec], ...] = ()) -> None:
        self.specs = specs

    def enter(self, rel_dir: str, abs_dir: str, names: Iterable[str]) -> Ignore:
        if ".gitignore" not in names:
            return self
        try:
            text = Path(abs_dir, ".gitignore").read_text("utf-8", errors="replace")
        except OSError:
            return self
        return GitignoreFiles((*self.specs, (rel_dir, _spec(text.splitlines()))))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        result = False
        # a deeper file's verdict overrides its parents', as in git
        for base, spec in self.specs:
            below = rel[len(base) + 1 :] if base else rel
            verdict = spec.check_file(below + "/" if is_dir else below).include
            if verdict is not None:
                result = verdict
        return result


def _spec(lines: list[str]) -> GitIgnoreSpec:
    """The rules of one ``.gitignore``; a pattern git cannot read (``[z-a]``) is
    dropped, as git drops it (pathspec refuses the whole file)."""
    # imported here: only a code scan outside a git work tree needs it, and every
    # build (a project without ADRs too) would pay its import (issue 29)
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):
        return GitIgnoreSpec.from_lines([line for line in lines if _readable(line)])


def _readable(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except (ValueError, re.error):
        return False
    return True


def ignore_rules(root: Path) -> Ignore:
    """What git ignores under ``root``: git's answer in a work tree, else the
    ``.gitignore`` files read as git would."""
    git = git_program()
    if git is not None:
        out = Job(
            git, root, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
            "--", ".",
        ).result()  # fmt: skip
        if out is not None:
            kept = out.decode("utf-8", "surrogateescape").split("\0")
            return KeptByGit(entry for entry in kept if entry)
    return GitignoreFiles()
