"""Every character the extension draws, and the manual's prose, is in a stock font.

The deferred badge used U+23F8 (a pause symbol), which DejaVu Sans, the default
sans-serif font of most Linux desktops, does not have: it rendered as a box.
DejaVu Sans stands for "a stock font" here; its coverage is a subset of what
Segoe UI Symbol and Apple Symbols offer for these blocks.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STATIC = REPO / "sphinxcontrib_adr" / "static"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

#: variation selectors pick text or emoji presentation; they are not drawn
_SELECTORS = set(range(0xFE00, 0xFE10))


@pytest.fixture(scope="module")
def covered() -> set[int]:
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not DEJAVU.exists():
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail(f"{DEJAVU} is required (ADR_REQUIRE_TOOLS is set)")
        pytest.skip(f"{DEJAVU} is not installed (apt-get install fonts-dejavu-core)")
    return set(ttlib.TTFont(str(DEJAVU)).getBestCmap())


def _css_content_chars(css: str) -> set[str]:
    """The characters of every ``content: "..."`` string, CSS escapes decoded."""
    chars: set[str] = set()
    for value in re.findall(r'content:\s*"((?:[^"\\]|\\.)*)"', css):
        text = re.sub(r"\\([0-9A-Fa-f]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), value)
        chars.update(text)
    return chars


def _missing(text: set[str], covered: set[int]) -> list[str]:
    return sorted(
        f"U+{ord(c):04X}"
        for c in text
        if ord(c) > 0x7E and ord(c) not in covered and ord(c) not in _SELECTORS
    )


def test_css_draws_only_glyphs_stock_fonts_have(covered):
    css = "".join(p.read_text("utf-8") for p in sorted(STATIC.glob("*.css")))
    drawn = _css_content_chars(css)
    assert "\u2714" in drawn  # the parser sees the check mark of the chosen badge
    assert _missing(drawn, covered) == []


def test_deferred_badge_is_drawn_with_css_bars_not_a_glyph():
    css = (STATIC / "adr-body.css").read_text("utf-8")
    rule = re.search(r"\.adr-verdict-deferred::before\s*\{([^}]*)\}", css)
    assert rule is not None
    assert 'content: ""' in rule.group(1)
    assert "border-left" in rule.group(1) and "border-right" in rule.group(1)


def _prose(path: Path) -> str:
    """The text of a reST page outside literal blocks and code directives."""
    out: list[str] = []
    block_indent: int | None = None
    for line in path.read_text("utf-8").splitlines():
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        stripped = line.strip()
        if stripped.startswith((".. code-block::", ".. literalinclude::", ".. code::")):
            block_indent = indent
            continue
        if stripped.endswith("::") and not stripped.startswith(".. "):
            block_indent = indent
        out.append(line)
    return "\n".join(out)


def test_manual_prose_uses_only_glyphs_stock_fonts_have(covered):
    problems = {}
    for page in sorted((REPO / "docs").rglob("*.rst")):
        missing = _missing(set(_prose(page)), covered)
        if missing:
            problems[str(page.relative_to(REPO))] = missing
    assert problems == {}


def test_generated_references_use_only_glyphs_stock_fonts_have(covered, make_app, tmp_path):
    from sphinxcontrib_adr.core.config import all_config_values
    from sphinxcontrib_adr.core.warnings import all_subtypes

    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\n', "utf-8")
    (tmp_path / "index.rst").write_text("Index\n=====\n", "utf-8")
    app = make_app("html", srcdir=tmp_path)
    texts = [help_text for _n, _d, _r, help_text in all_config_values(app.config)]
    texts += [f"{s.trigger} {s.fix}" for s in all_subtypes()]
    assert len(texts) > 40
    assert _missing(set("".join(texts)), covered) == []
