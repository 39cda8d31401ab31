"""Test set-up: ``sphinx.testing`` fixtures over the projects in ``../roots``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).resolve().parent.parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(autouse=True)
def _reproducible_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # review-by checks compare with "today": pin it so tests never rot
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """Build a project once per test session, for the tests that only read its output.

    ``build_once("query-rst", "text")`` builds a private copy of
    ``roots/test-query-rst``; a :class:`~pathlib.Path` is built where it is. The
    same root, builder and keyword arguments (``confoverrides=...``,
    ``parallel=...``) give the same finished ``SphinxTestApp``: its ``env``,
    ``outdir`` and ``warning`` stream are kept, docutils' global state is
    restored (``cleanup()``) right after the build.
    """
    from sphinx.testing.util import SphinxTestApp

    apps: dict[str, Any] = {}
    sources: dict[str, Path] = {}

    def build(root: str | Path, builder: str = "html", **kwargs: Any) -> Any:
        key = repr((str(root), builder, sorted(kwargs.items())))
        if key in apps:
            return apps[key]
        if isinstance(root, Path):
            srcdir = root
        else:
            if root not in sources:
                sources[root] = tmp_path_factory.mktemp(root) / root
                shutil.copytree(ROOTS / f"test-{root}", sources[root])
            srcdir = sources[root]
        app = SphinxTestApp(
            builder, srcdir=srcdir, freshenv=True, status=StringIO(), warning=StringIO(), **kwargs
        )
        try:
            app.build()
        finally:
            app.cleanup()
        apps[key] = app
        return app

    return build
