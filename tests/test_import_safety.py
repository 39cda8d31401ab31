"""No way of running ``sphinx-adr import`` removes or overwrites a source file's text
without keeping it elsewhere (checked over random folder contents)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_adr.cli.commands import main

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "Zeta", "eta", "theta"])
NAMES = st.tuples(
    st.sampled_from(["0001", "0002", "adr-002", "20200101"]),
    st.sampled_from(["x", "y", "use-x"]),
    st.sampled_from([".md", ".markdown", ".rst", ".rest", "", ".txt"]),
)
# the label words metadata lines lose when their value moves into the adr block
LABELS = {"status", "date"}


@st.composite
def adr_text(draw: st.DrawFn) -> str:
    title = " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
    body = "\n\n".join(
        " ".join(draw(st.lists(WORDS, min_size=1, max_size=6)))
        for _ in range(draw(st.integers(0, 3)))
    )
    shape = draw(st.sampled_from(["md", "rst", "no title", "status", "front matter"]))
    if shape == "md":
        return f"# {title}\n\n{body}\n"
    if shape == "rst":
        return f"{title}\n{'=' * len(title)}\n\n{body}\n"
    if shape == "status":
        return f"# {title}\n\n## Status\n\nAccepted\n\n{body}\n"
    if shape == "front matter":
        return f"---\nstatus: proposed\nparent: {draw(WORDS)}\n---\n# {title}\n\n{body}\n"
    return f"{body}\n"


FOLDERS = st.lists(st.tuples(NAMES, adr_text()), min_size=1, max_size=6)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) - LABELS


def _write(folder: Path, files: list[tuple[tuple[str, str, str], str]]) -> dict[Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, str] = {}
    for (number, stem, suffix), text in files:
        path = folder / f"{number}-{stem}{suffix}"
        path.write_text(text, "utf-8")
        written[path] = text  # a later file of the same name replaces the earlier one
    return written


def _every_text_survives(originals: dict[Path, str], root: Path) -> None:
    after = [p.read_text("utf-8") for p in root.rglob("*") if p.is_file()]
    for path, text in originals.items():
        needed = words(text)
        assert any(needed <= words(other) for other in after), (path.name, text)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=FOLDERS,
    second=FOLDERS,
    mode=st.sampled_from(["in-place", "out", "out-into-source", "two-folders"]),
)
def test_no_import_mode_loses_a_source_text(first, second, mode, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        originals = _write(root / "a", first)
        if mode == "two-folders":
            originals |= _write(root / "b", second)
        argv = {
            "in-place": ["import", str(root / "a"), "--in-place"],
            "out": ["import", str(root / "a"), "--out", str(root / "out")],
            "out-into-source": ["import", str(root / "a"), "--out", str(root / "a"), "--force"],
            "two-folders": ["import", str(root / "a"), str(root / "b"), "--out", str(root / "o")],
        }[mode]
        code = main(argv)
        capsys.readouterr()
        assert code in (0, 1, 2)  # 2: nothing to import (only .txt files)
        _every_text_survives(originals, root)
