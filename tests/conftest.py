"""Test set-up: ``sphinx.testing`` fixtures over the projects in ``../roots``."""

from __future__ import annotations

from pathlib import Path

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
