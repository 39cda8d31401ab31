"""Helpers shared by the tests: building roots, reading warnings, comparing trees."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_adr.core.domain import get_domain

ROOTS = Path(__file__).resolve().parent.parent / "roots"

_WARNING_RE = re.compile(
    r"^(?P<file>[^\n:]*?)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)


#: a warning of ours with no location (a setting given with ``-D``); Sphinx's own
#: bare warnings (nodes registered again by each app of a test process) are noise
_BARE_RE = re.compile(
    r"^(?P<file>)(?P<line>)(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?) \[(?P<type>adr\.[\w.-]+)\]$"
)


@dataclass(frozen=True)
class Warning:
    file: str
    line: int | None
    level: str
    message: str
    type: str | None

    @property
    def basename(self) -> str:
        return Path(self.file).name


def warnings_of(app: Any) -> list[Warning]:
    """Parse the warning stream of a ``SphinxTestApp``."""
    text = app.warning.getvalue() if hasattr(app, "warning") else str(app)
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    result = []
    for line in text.splitlines():
        match = _WARNING_RE.match(line.strip()) or _BARE_RE.match(line.strip())
        if match:
            result.append(
                Warning(
                    match["file"] or "",
                    int(match["line"]) if match["line"] else None,
                    match["level"],
                    match["message"],
                    match["type"],
                )
            )
    return result


def adr_warnings(app: Any, subtype: str | None = None) -> list[Warning]:
    found = [w for w in warnings_of(app) if w.type and w.type.startswith("adr.")]
    if subtype is not None:
        found = [w for w in found if w.type == f"adr.{subtype}"]
    return found


def bad_setting(app: Any, name: str, value: object) -> Warning:
    """The one ``adr.config`` warning of an app whose ``name`` is set to the bad
    ``value``: it names the setting and the value, and the build goes on with
    the setting's default (``name`` may be ``adr_tickets['GH'] url``: the
    setting is its first word)."""
    found = adr_warnings(app, "config")
    assert len(found) == 1, app.warning.getvalue()
    setting = re.match(r"adr_\w+", name)
    assert setting is not None
    default = app.config.values[setting[0]].default
    assert getattr(app.config, setting[0]) == default
    message = found[0].message
    if name == setting[0] and not message.startswith((f"{name}[", f"{name}: ")):
        assert message.startswith(f"{name} = {value!r}: "), message
    else:
        assert message.startswith(name), message
    assert message.endswith(f"; {setting[0]} = {default!r} (the default) is used instead")
    return found[0]


def build_clean(srcdir: Path, builddir: Path | None = None, **overrides: object) -> Path:
    """Build ``srcdir`` to html from scratch, asserting no warning; the output folder."""
    from sphinx.testing.util import SphinxTestApp

    extra: dict[str, Any] = {} if builddir is None else {"builddir": builddir}
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, confoverrides=overrides, **extra)
    try:
        app.build()
        assert warnings_of(app) == [], app.warning.getvalue()
    finally:
        app.cleanup()
    return Path(app.outdir)


def copy_root(name: str, dest: Path) -> Path:
    """A private copy of ``roots/test-<name>`` (for tests that edit sources)."""
    target = dest / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def text_table(section: str) -> list[tuple[str, ...]]:
    """The rows of the grid table in ``section`` (text builder), header first; a
    cell written over several lines is one cell, white space folded."""
    rows: list[list[str]] = []
    for line in section.splitlines():
        if line.startswith(("+-", "|=")):
            rows.append([])
        elif line.startswith("|") and rows:
            cells = line.strip("|").split("|")
            if not rows[-1]:
                rows[-1] = [""] * len(cells)
            rows[-1] = [f"{a} {b}" for a, b in zip(rows[-1], cells, strict=True)]
    return [tuple(" ".join(c.split()) for c in row) for row in rows if row]


def domain_of(app: Any) -> Any:
    return get_domain(app.env)


def records_summary(app: Any) -> list[tuple[Any, ...]]:
    """The ADR records minus where they live (docname suffix, line numbers)."""
    out = []
    for adr in domain_of(app).adrs():
        out.append(
            (
                adr.id,
                adr.title,
                adr.status,
                adr.status_date,
                adr.date,
                adr.deciders,
                adr.consulted,
                adr.informed,
                adr.tags,
                tuple((link.source, link.kind, link.target) for link in adr.links),
                adr.tickets,
                adr.code,
                adr.review_by,
                adr.fields,
                adr.compact,
            )
        )
    return sorted(out)


_NAV_RE = re.compile(
    r"<link rel=\"(?:next|prev)\"[^>]*>"
    r"|<div class=\"related\"[\s\S]*?</div>"
    r"|<div class=\"relations\">[\s\S]*?</div>"
    # the basic theme's relations.html sidebar: the same previous/next links
    r"|<div>\s*<h4>(?:Previous|Next) topic</h4>[\s\S]*?</div>"
)


def normalise_html(text: str) -> str:
    """Remove what Sphinx itself leaves stale on incremental builds (prev/next)."""
    return _NAV_RE.sub("", text)


def tree_contents(outdir: Path, suffixes: tuple[str, ...] = (".html", ".txt")) -> dict[str, str]:
    result = {}
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and path.suffix in suffixes and "_static" not in path.parts:
            result[str(path.relative_to(outdir))] = normalise_html(path.read_text("utf-8"))
    return result


def twins(name: str, buildername: str = "html", **kwargs: Any) -> Any:
    """Parametrize a test over the reST and MyST twins ``test-<name>-rst/-myst``.

    The test takes the ``app`` fixture (built fresh) and a ``syntax`` argument.
    """
    import pytest

    return pytest.mark.parametrize(
        "syntax",
        [
            pytest.param(
                syntax,
                marks=pytest.mark.sphinx(
                    buildername, testroot=f"{name}-{syntax}", freshenv=True, **kwargs
                ),
            )
            for syntax in ("rst", "myst")
        ],
    )


def require_shared(path: Path, what: str) -> None:
    """Skip a test whose data of ``../shared`` (corpora, reference templates) is not
    checked out; in CI (``CI`` or ``ADR_REQUIRE_TOOLS`` set), where it is, fail:
    a missing copy must not pass as a skip."""
    if path.exists():
        return
    message = f"{what} not found at {path}"
    if os.environ.get("CI") or os.environ.get("ADR_REQUIRE_TOOLS"):
        pytest.fail(f"{message}; CI checks them out, so they are required there")
    pytest.skip(message)
