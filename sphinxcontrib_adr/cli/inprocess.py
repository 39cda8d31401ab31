"""The project read by Sphinx inside the command's process (``lint``, ``health``,
``list`` with dates from git): no output written, warnings kept for the caller.

As ``sphinx-build`` does, the directives, roles and nodes the build registers with
docutils are undone afterwards (``docutils_namespace``), so a second read in the same
process starts clean; ``conf.py`` is evaluated by Sphinx, once.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .project import CLIError, conf_failure

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.application import Sphinx


def read_project(
    confdir: Path,
    tmp: Path,
    jobs: int,
    warnings: io.StringIO | None = None,
    prepare: Callable[[Sphinx], None] | None = None,
) -> Sphinx:
    """The project of ``confdir`` read into ``tmp`` with the ``dummy`` builder;
    ``prepare(app)`` runs before the build (``lint`` leaves unreadable sources out).
    A bad ``conf.py`` or a failed build is a :class:`CLIError` (exit 2)."""
    from sphinx.application import Sphinx
    from sphinx.errors import ConfigError, SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    try:
        with patch_docutils(confdir), docutils_namespace():
            app = Sphinx(
                str(confdir), str(confdir), str(tmp / "out"), str(tmp / "doctrees"), "dummy",
                status=None, warning=warnings if warnings is not None else io.StringIO(),
                freshenv=True, parallel=jobs, keep_going=True,
            )  # fmt: skip
            if prepare is not None:
                prepare(app)
            app.build()
    except ConfigError as err:
        raise conf_failure(confdir / "conf.py", err) from None
    except SphinxError as err:
        raise CLIError(f"the build failed: {err}", code=2) from None
    return app
