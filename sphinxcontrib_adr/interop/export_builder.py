"""Where ``adrs.json`` is written: by HTML builders when the build finishes
(``adr_json_path``, checked so that it cannot replace built output) and by the
``adr-json`` builder, which reads and checks the project without writing any
page."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sphinx.builders.dummy import DummyBuilder

from ..core.after_read import RECORDS_FINAL_EVENT
from ..core.config import SettingError, add_config_value, connect_check
from ..core.domain import get_domain
from ..core.warnings import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.domain import ADRDomain


def _prime_cache(app: Sphinx, domain: ADRDomain) -> None:
    # fill the cache while the environment is still to be pickled; a site without
    # decisions writes no export (_on_build_finished): nothing to prime, nor import
    if _writes_json(app) and (domain.holds_decisions or not _site_builder(app.builder)):
        from .export_cache import cached_entries

        cached_entries(domain, app.builder)


def _writes_json(app: Sphinx) -> bool:
    if app.builder.name == ADRJSONBuilder.name:
        return True
    return _site_builder(app.builder) and bool(app.config.adr_json_path)


def _site_builder(builder: Any) -> bool:
    """An HTML builder whose output is a site: not an EPUB, whose folder becomes the
    book (an adrs.json there is a file the book does not list: Sphinx warns about it
    on the next build into that folder)."""
    from sphinx.builders._epub_base import EpubBuilder

    return builder.format == "html" and not isinstance(builder, EpubBuilder)


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not _site_builder(app.builder):
        return
    path = app.config.adr_json_path
    if not path:
        return
    if not get_domain(app.env).holds_decisions:
        # a project without decisions gets no export (``-b adr-json`` writes an empty
        # one when asked); one this build would not write again is not left behind
        _remove_stale_export(Path(app.builder.outdir) / path)
        return
    from .export_cache import write_json

    try:
        write_json(app.builder, path)
    except OSError as err:  # a directory of that name, a read-only output, ...
        warn(
            f"adr_json_path {path!r}: the export cannot be written ({err.strerror or err}); "
            "remove what is in the way or choose another adr_json_path",
            "export",
            # the setting is the thing to change: point at conf.py
            f"{Path(app.confdir, 'conf.py')}:1",
        )


def _remove_stale_export(target: Path) -> None:
    try:
        with target.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return
    from .export import SCHEMA_ID

    if SCHEMA_ID.encode("utf-8") in head:  # ours (its first key): a user's file stays
        target.unlink(missing_ok=True)


class ADRJSONBuilder(DummyBuilder):
    """``-b adr-json``: read and check the project, write only ``adrs.json``."""

    name = "adr-json"
    format = "adr-json"
    epilog = "The ADR export is in %(outdir)s."
    allow_parallel = True

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # the URIs an HTML build of the same sources would have
        suffix = self.config.html_file_suffix or ".html"
        return docname + suffix

    def finish(self) -> None:
        from sphinx.util import logging

        from .export_cache import write_json

        target = write_json(self, self.config.adr_json_path or "adrs.json")
        logging.getLogger(__name__).info("ADR export written to %s", target)


#: directories of the HTML output that Sphinx fills (static files, sources, images ...)
_SPHINX_DIRS = frozenset({"_static", "_sources", "_images", "_downloads", "_modules"})


def check_json_path(config: Config, confdir: Path) -> str | None:
    """``adr_json_path``, refused when it could replace or break built output."""
    value = config.adr_json_path
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingError(
            "adr_json_path",
            f"adr_json_path = {value!r}: must be a file path relative to the output "
            "directory (such as 'adrs.json'), or None to write no export",
        )
    problem = _json_path_problem(value, config, confdir)
    if problem:
        raise SettingError("adr_json_path", f"adr_json_path = {value!r}: {problem}")
    return value


def _json_path_problem(value: str, config: Config, confdir: Path) -> str:
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", value):
        return (
            "must stay inside the output directory; write a relative path such as 'data/adrs.json'"
        )
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        return "holds a control character; write a plain file path"
    if any(len(part.encode("utf-8")) > 255 for part in path.parts):
        return "has a name longer than file systems allow (255 bytes)"
    if path.suffix.casefold() != ".json":
        # pages (index.html), scripts (searchindex.js) and objects.inv are never .json
        return "must name a .json file (anything else could replace a page Sphinx writes)"
    if path.parts[0] in _SPHINX_DIRS or any(p.startswith(".") for p in path.parts):
        return (
            f"{path.parts[0]}/ is written by Sphinx or this extension; write a path outside "
            "it, such as 'adrs.json' or 'data/adrs.json'"
        )
    suffix = str(getattr(config, "html_file_suffix", None) or ".html")
    if any(part.endswith(suffix) for part in path.parts[:-1]):
        return f"a directory of it ends in {suffix}, like the pages Sphinx writes"
    for extra in getattr(config, "html_extra_path", None) or ():
        if isinstance(extra, str | os.PathLike) and _exists(Path(confdir, extra, path)):
            return f"html_extra_path copies a file of that name ({extra}); pick another path"
    return ""


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _check_config(app: Sphinx, config: Config) -> None:
    check_json_path(config, Path(app.confdir))


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_json_path",
        "adrs.json",
        "Where HTML builds write the ADR export, relative to the output directory "
        "(``None`` writes none). The ``adr-json`` builder writes only this file. The "
        "format is described by the JSON Schema published with the docs.",
    )
    connect_check(app, _check_config)
    # once every feature derived its records (adr-records-final), while the environment
    # is still to be pickled: the primed entries are reused when the file is written
    app.connect(RECORDS_FINAL_EVENT, _prime_cache)
    app.connect("build-finished", _on_build_finished)
    app.add_builder(ADRJSONBuilder)
