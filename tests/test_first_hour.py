"""What a new user's first hour found, each pinned by a test that failed before its fix."""

from __future__ import annotations

from typing import Any

import pytest

from util import adr_warnings

LISTING_MISTAKES = [
    ":columns: 'statuz' is not a column",
    ":limit: 'many' is not a positive whole number",
    ":sort: '-dat' is not a sort key",
]


@pytest.mark.parametrize(("docname", "line", "what"), [
    ("index.rst", 9, "adr-table"),
    ("listing-md.md", 3, "adr-list"),
])  # fmt: skip
def test_every_listing_option_mistake_is_reported_in_one_build(
    build_once: Any, docname: str, line: int, what: str
) -> None:
    # three mistakes in one listing were one warning (the first raised hid the rest),
    # so a user fixed them one build at a time
    app = build_once("first-hour-listing")
    found = [w for w in adr_warnings(app, "filter") if w.basename == docname]
    assert sorted((w.line, w.message.split(";")[0]) for w in found) == [
        (line, f"{what}: {mistake}") for mistake in LISTING_MISTAKES
    ]
