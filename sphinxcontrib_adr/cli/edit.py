"""In-place edits of one ``adr`` block: ``sphinx-adr status``, ``link`` and ``new -s``.

An edit changes the option lines it is about and nothing else: the file is read
and written with its line ends, byte-order mark and encoding as they are, the
other lines are copied byte for byte, and a new option line takes the
indentation of its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.sourcescan import MD_OPEN_RE, RST_ADR_RE
from .project import CLIError
from .safe_write import read_snapshot, replace_file

if TYPE_CHECKING:
    from pathlib import Path

_RST_OPEN_RE, _MD_OPEN_RE = RST_ADR_RE, MD_OPEN_RE  # the recogniser all scans share
_OPTION_RE = re.compile(r"^(?P<indent>[ \t]*):(?P<name>[\w-]+):(?P<sep>[ \t]*)(?P<value>.*?)$")
_BOM = "\ufeff"


@dataclass
class Block:
    """Where the options of one ``adr`` block are, as line indices."""

    #: the line holding ``.. adr::`` / ```` ```{adr} ````
    opening: int
    #: ``(name, first line, line after its value)`` for each option, in order
    options: list[tuple[str, int, int]]
    #: indentation a new option line takes
    indent: str


@dataclass
class Source:
    """A file's lines with their line ends, ready to be edited and written back."""

    path: Path
    lines: list[str]
    bom: bool
    #: the bytes read: the write is refused when the file holds others by then
    snapshot: bytes = b""

    @classmethod
    def read(cls, path: Path) -> Source:
        snapshot = read_snapshot(path)
        try:
            text = snapshot.decode("utf-8")
        except UnicodeDecodeError as err:
            raise CLIError(f"cannot read {path}: {err}") from None
        bom = text.startswith(_BOM)
        lines = text.removeprefix(_BOM).splitlines(keepends=True)
        return cls(path, lines, bom, snapshot)

    def write(self) -> None:
        """Replace the file (beside it, then renamed), unless it changed since read."""
        text = (_BOM if self.bom else "") + "".join(self.lines)
        replace_file(self.path, text, expected=self.snapshot)

    def newline(self) -> str:
        ends = [line[len(line.rstrip("\r\n")) :] for line in self.lines]
        return next((end for end in ends if end), "\n")


def find_block(source: Source, lineno: int) -> Block:
    """The ``adr`` block that opens at 1-based line ``lineno`` (as ``scan_file`` gives).

    A page that includes the file holding the block (``.. include::``) is no place
    to edit it: ``source`` then becomes that file, so the edit lands where the ADR is
    written."""
    index = lineno - 1
    line = source.lines[index].rstrip("\r\n") if 0 <= index < len(source.lines) else ""
    if not (_RST_OPEN_RE.match(line) or _MD_OPEN_RE.match(line)):
        _follow_include(source, lineno)
        line = source.lines[index].rstrip("\r\n") if index < len(source.lines) else ""
    rst, md = _RST_OPEN_RE.match(line), _MD_OPEN_RE.match(line)
    if rst is None and md is None:
        raise CLIError(f"{source.path}:{lineno}: no adr block there (the file changed?)")
    options: list[tuple[str, int, int]] = []
    number = index + 1
    indent = (rst or md).group("indent") + ("   " if rst else "")  # type: ignore[union-attr]
    while number < len(source.lines):
        text = source.lines[number].rstrip("\r\n")
        match = _OPTION_RE.match(text)
        if match is None:
            break
        if not options:
            indent = match.group("indent")
        end = number + 1
        # an reST option value may continue on lines indented deeper than the option
        while (
            rst is not None
            and end < len(source.lines)
            and source.lines[end].strip()
            and _indent_of(source.lines[end]) > len(match.group("indent"))
            and not _OPTION_RE.match(source.lines[end].rstrip("\r\n"))
        ):
            end += 1
        options.append((match.group("name").lower(), number, end))
        number = end
    if md is not None and not options and source.lines[number].strip() == "---":
        raise CLIError(
            f"{source.path}:{lineno}: the adr block writes its options as YAML (---); "
            "edit it by hand, or write them as :name: value lines"
        )
    return Block(index, options, indent)


def _follow_include(source: Source, lineno: int) -> None:
    """Turn ``source`` into the file it includes that holds an adr block at ``lineno``
    (none: ``source`` stays as it is)."""
    from .project import scan_file

    srcdir = next((d for d in source.path.resolve().parents if (d / "conf.py").is_file()), None)
    held = {
        f.path
        for f in scan_file(source.path, srcdir)
        if f.lineno == lineno and f.path != source.path
    }
    if len(held) > 1:
        raise CLIError(
            f"{source.path}: the files it includes hold several adr blocks at line {lineno} "
            f"({', '.join(str(p) for p in sorted(held))}); edit the one you mean by hand"
        )
    if held:
        other = Source.read(held.pop())
        source.path, source.lines, source.bom = other.path, other.lines, other.bom
        source.snapshot = other.snapshot


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def option_value(source: Source, block: Block, name: str) -> str | None:
    for option, first, end in block.options:
        if option == name:
            value = _OPTION_RE.match(source.lines[first].rstrip("\r\n"))
            head = value.group("value") if value else ""
            rest = [source.lines[n].strip() for n in range(first + 1, end)]
            return " ".join([head, *rest]).strip()
    return None


def set_option(source: Source, block: Block, name: str, value: str) -> None:
    """Write ``:name: value`` in the block: in place of the option's line(s), or as a
    new line after the last option (after the opening line when there is none)."""
    newline = source.newline()
    for option, first, end in block.options:
        if option == name:
            line = source.lines[first]
            ending = line[len(line.rstrip("\r\n")) :] or newline
            match = _OPTION_RE.match(line.rstrip("\r\n"))
            assert match is not None  # find_block matched this line
            sep = match.group("sep") or " "
            source.lines[first:end] = [f"{match.group('indent')}:{option}:{sep}{value}{ending}"]
            return
    after = block.options[-1][2] if block.options else block.opening + 1
    previous = source.lines[after - 1]
    if not previous.endswith(("\n", "\r")):
        source.lines[after - 1] = previous + newline  # the block was the file's last line
    source.lines.insert(after, f"{block.indent}:{name}: {value}{newline}")


def add_to_list(source: Source, block: Block, name: str, item: str) -> bool:
    """Add ``item`` to the comma-separated option ``name``; False if it is there."""
    from ..core.model import id_key, split_list

    current = option_value(source, block, name)
    items = list(split_list(current)) if current else []
    if any(id_key(existing) == id_key(item) for existing in items):
        return False
    set_option(source, block, name, ", ".join([*items, item]))
    return True
