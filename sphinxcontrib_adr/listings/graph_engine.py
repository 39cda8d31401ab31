"""The Graphviz program that draws ``adr-graph``: system Graphviz or graphviz-pure.

Looked up in this order: ``graphviz_dot`` when the user set it, ``dot`` on
the ``PATH``, then the ``graphviz-pure`` program (a self-contained port of
Graphviz installed from PyPI by the ``graphs`` extra) next to this Python.
When ``dot`` is missing but graphviz-pure is there, ``graphviz_dot`` is
pointed at ``sphinx-adr-dot`` (:mod:`.dot_program`), so ``graphviz``
directives and sphinx-needs' ``needflow`` draw too.
"""

# Implements: ADR-0010 (graphs drawn without a system Graphviz)

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: the name of graphviz-pure's program (it installs no ``dot``, so never shadows one)
PURE = "graphviz-pure"
#: the ``dot`` command line this extension installs, run by graphviz-pure
SHIM = "sphinx-adr-dot"


class EngineError(Exception):
    """The Graphviz program failed (the message holds its error output)."""


@dataclass(frozen=True)
class Engine:
    """A Graphviz program and what it can write."""

    program: str
    pure: bool

    @property
    def print_format(self) -> str:
        """The format for LaTeX: vector PDF where the program has it."""
        return "png" if self.pure else "pdf"

    def run(self, source: str, fmt: str, cache: Path | None = None) -> bytes:
        """The drawing of ``source`` in ``fmt``, from ``cache`` when drawn before."""
        key = digest(f"{self.program}\0{fmt}\0{source}")
        cached = cache / f"{key}.{fmt}" if cache is not None else None
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        try:
            done = subprocess.run(
                [self.program, f"-T{fmt}"], input=source.encode(), capture_output=True, check=False
            )
        except OSError as error:
            raise EngineError(f"{self.program} cannot be run: {error}") from error
        if done.returncode != 0 or not done.stdout:
            raise EngineError(done.stderr.decode("utf-8", "replace").strip() or "no output")
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            # written under another name first: parallel writers never read half a file
            partial = cached.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(done.stdout)
            partial.replace(cached)
        return done.stdout


def digest(text: str) -> str:
    """A short stable name for a drawing's source."""
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:20]


def scripts_program(name: str) -> str | None:
    """``name`` on the ``PATH`` or among this Python's installed scripts.

    A virtual environment's scripts are not on the ``PATH`` when its programs
    are run by path (``.venv/bin/sphinx-build``), so look there too.
    """
    found = shutil.which(name)
    if found:
        return found
    places = {sysconfig.get_path("scripts")}
    with contextlib.suppress(KeyError):  # a Python without a user scheme
        places.add(sysconfig.get_path("scripts", f"{os.name}_user"))
    for place in sorted(places):
        for candidate in (Path(place) / name, Path(place) / f"{name}.exe"):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None


def _is_default(config: Config) -> bool:
    return config.graphviz_dot in ("dot", SHIM) or str(config.graphviz_dot).endswith(
        (os.sep + SHIM, os.sep + SHIM + ".exe")
    )


def find_engine(config: Config) -> Engine | None:
    """The program that draws graphs for this configuration, or None."""
    program = str(config.graphviz_dot or "")
    if program and not _is_default(config):  # the user's choice keeps its meaning
        found = shutil.which(program)
        return Engine(found, pure=Path(found).stem == PURE) if found else None
    system = shutil.which("dot")
    if system:
        return Engine(system, pure=False)
    pure = scripts_program(PURE)
    return Engine(pure, pure=True) if pure else None


def point_graphviz_dot(_app: Sphinx, config: Config) -> None:
    # only the default "dot", and only when it is missing: graphviz_dot keeps its meaning
    if config.graphviz_dot != "dot" or shutil.which("dot"):
        return
    if scripts_program(PURE) is None:
        return
    shim = scripts_program(SHIM)
    if shim is not None:
        config.graphviz_dot = shim


def register(app: Sphinx) -> None:
    app.connect("config-inited", point_graphviz_dot)
