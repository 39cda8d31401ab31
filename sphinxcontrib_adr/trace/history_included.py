"""The revisions of a file a page includes, when the history pass's log has none:
the file lives outside the source folder (``docs/decisions/0001.rst`` holding
only ``.. include:: ../../adr/0001.rst``), and the pass keeps the changes of
files under the source folder only. That one file's log is read on its own
(``git log --follow -- path``, through its renames), in the pass's form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import gitlog

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["included_revisions"]


def included_revisions(
    git: str, repo: gitlog.Repo, commits: Sequence[gitlog.Commit], path: str
) -> list[gitlog.Revision]:
    """The revisions of ``path`` (relative to the repository's top), newest first:
    from the pass's log when it covers the file, else from the file's own log.
    Only commits of the pass's log are kept (the ADR's past is told in its
    commits: a shallow clone's boundary, a moved ADR)."""
    found = gitlog.follow(commits, [path])[path]
    if found:
        return found
    # the pass's own options (parse_log reads its output by position); a pathspec
    # here is cheap: one file's commits, not the whole log's trees diffed again
    args = ("log", "--follow", *gitlog.LOG_ARGS, repo.head, "--", path)
    out = gitlog.Job(git, repo.toplevel, *args).result()
    if not out:
        return []
    own = gitlog.parse_log(out.decode("utf-8", "replace"))
    known = {commit.sha for commit in commits}
    return [rev for rev in gitlog.follow(own, [path])[path] if rev.sha in known]
