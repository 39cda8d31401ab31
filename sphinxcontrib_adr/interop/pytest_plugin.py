"""The pytest plugin: ``@pytest.mark.adr("ADR-0007")`` names the decisions a test
confirms, and ``pytest --junitxml=reports/junit.xml`` carries them.

Loaded by pytest through the ``pytest11`` entry point whenever sphinxcontrib-adr
is installed, so it imports nothing but pytest: the docs build, which reads
the report (``adr_test_results``), is where the ids are checked. The marker
works on a test, a class and a module (``pytestmark``); each id becomes one
``<property name="adr" value="ADR-0007"/>`` of the test case, written by
pytest's own JUnit XML report (the ids go into ``user_properties``, as
``record_property`` does, without its warning under the ``xunit2`` family).
Disable with ``-p no:sphinxcontrib_adr``.
"""

# Implements: ADR-0025 (tests name the decisions they confirm)

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterable

#: the marker's name, and the JUnit XML property the docs build reads
MARKER = "adr"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(*ids): the architecture decisions (ADR ids such as 'ADR-0007') this "
        "test confirms; written to the JUnit XML report for sphinxcontrib-adr",
    )


def marked_ids(item: pytest.Item) -> list[str]:
    """The ids of every ``adr`` marker on the test, its class and its module, once
    each, in the order written (the test's own first)."""
    ids: dict[str, None] = {}
    for mark in item.iter_markers(MARKER):
        for value in _values(mark.args):
            ids.setdefault(value, None)
    return list(ids)


def _values(args: Iterable[object]) -> Iterable[str]:
    for arg in args:
        items = arg if isinstance(arg, list | tuple) else (arg,)
        for item in items:
            text = str(item).strip()
            if text:
                yield text


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for adr_id in marked_ids(item):
            item.user_properties.append((MARKER, adr_id))
