"""The architecture page is true to the code: its data-flow diagram names
every event the extension registers, and documents each one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "architecture.rst"
_EVENT_RE = re.compile(r"(?<![\w-])adr-[a-z]+(?:-[a-z]+)+")


def _section(text: str, title: str) -> str:
    """The text of the section ``title``, up to the next section's title."""
    body = text[text.index(f"{title}\n{'-' * len(title)}\n") + len(title) * 2 + 2 :]
    following = re.search(r"\n[^\n]+\n-{3,}\n", body)
    return body[: following.start()] if following else body


def _registered(make_app: Any, tmp_path: Path) -> set[str]:
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\n', "utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", "utf-8")
    app = make_app("html", srcdir=tmp_path)
    return {name for name in app.events.events if name.startswith("adr-")}


def test_the_data_flow_names_every_registered_event(make_app: Any, tmp_path: Path) -> None:
    text = PAGE.read_text("utf-8")
    flow = _section(text, "Data flow")
    registered = _registered(make_app, tmp_path)
    assert registered  # the extension registers events: the comparison means something
    assert set(_EVENT_RE.findall(flow)) == registered


def test_every_registered_event_is_documented_with_its_signature(
    make_app: Any, tmp_path: Path
) -> None:
    points = _section(PAGE.read_text("utf-8"), "Extension points")
    documented = set(re.findall(r"^``(adr-[a-z-]+)\(", points, re.MULTILINE))
    assert documented == _registered(make_app, tmp_path)
