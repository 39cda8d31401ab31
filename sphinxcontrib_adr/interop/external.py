"""Other projects' decision logs (``adr_external``), read like intersphinx inventories.

Each configured project's ``adrs.json`` is read once per build, before any
document (``builder-inited``): a local file every time (hashing it is the whole
cost of an unchanged one), a URL at most once per ``adr_external_cache_limit``
days, with ``adr_external_timeout``. The parsed log is kept in the domain data,
pickled with the environment, so it is also the offline cache: a URL that
cannot be reached is served from it, said once as an info line.

A file is validated by the fields this module uses, for every format version
a schema of which ships in ``schema/``; anything else (not JSON, another
format, a newer version, a field of the wrong type) is one ``adr.external``
warning and the project's ADRs are left out. ADR ids are qualified with the
project's name (``platform:ADR-0012``) so they never clash with local ones.

On incremental builds, the ADRs whose record changed are compared here and
the pages that show one are re-written (``adr-pages-to-rewrite``): the pages
referring to it, the local ADRs related to it, and the listings that take
the project's ADRs (``:projects:``).
"""

# Implements: ADR-0015 (external decision logs read like intersphinx inventories)

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from ..core.config import SettingError, add_config_value, conf_line, connect_check
from ..core.datakey import DataKey
from ..core.domain import get_domain
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.model import ADR, ChildRecord, ExternalLog, Link, id_key
from ..core.warnings import warn
from ..listings.columns import LISTING_COLUMNS_EVENT
from ..listings.query import Query
from . import gate
from .fetch import FetchError, is_url, read_limited
from .gate import LogProblem as LogProblem  # re-exported: the portal catches it

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.domain import ADRDomain
    from ..core.model import Change

logger = logging.getLogger(__name__)

#: a project name: what comes before the colon of ``platform:ADR-0012``
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: the keys of the ADRs whose record changed in this build, by project
_CHANGED: DataKey[dict[str, list[str]]] = DataKey("external-changed", dict)
#: what the gate left out of each log, by project (said again when cached)
_DROPPED: DataKey[dict[str, str]] = DataKey("external-dropped", dict)


@dataclass(frozen=True, slots=True)
class ExternalOrigin(ChildRecord):
    """Which project an external ADR comes from (the listings' ``project`` column)."""

    adr: str
    project: str

    def column_value(self, column: str) -> str | int | None:
        return self.project if column == "project" else None


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of ``adr_external``, checked."""

    name: str
    #: the path (relative to conf.py) or URL of the adrs.json
    json: str
    #: where the other project's pages are; the export's ``uri`` values are relative to it
    #: ("": the folder of the JSON file)
    base_url: str = ""

    @property
    def remote(self) -> bool:
        return is_url(self.json)


# --------------------------------------------------------------------------
# configuration


def parse_config(value: object) -> list[Source]:
    """``adr_external`` as :class:`Source` entries (raises ``ConfigError``)."""
    if not isinstance(value, dict):
        raise SettingError(
            "adr_external",
            f"adr_external = {value!r}: must be a dict of project name -> "
            "{'json': 'path/or/url/adrs.json', 'base_url': 'https://.../'}",
        )
    sources = []
    for name, entry in value.items():
        if not isinstance(name, str) or not _NAME_RE.match(name) or name in ("local", "*"):
            raise SettingError(
                "adr_external",
                f"adr_external: {name!r} is not a usable project name; write letters, "
                "digits and . _ - (it is written before the colon of 'name:ADR-0012'; "
                "'local' and '*' are taken)",
            )
        if isinstance(entry, str):
            entry = {"json": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("json"), str):
            raise SettingError(
                "adr_external",
                f"adr_external[{name!r}] = {entry!r}: give the path or URL of its adrs.json "
                "as a string, or a dict with 'json' (and optionally 'base_url')",
            )
        unknown = sorted(set(entry) - {"json", "base_url"})
        if unknown:
            raise SettingError(
                "adr_external",
                f"adr_external[{name!r}]: unknown key {unknown[0]!r}; the keys are 'json' "
                "and 'base_url'",
            )
        base = entry.get("base_url")
        if base is not None and not isinstance(base, str):
            raise SettingError(
                "adr_external", f"adr_external[{name!r}]['base_url'] = {base!r}: must be a string"
            )
        json_path = entry["json"].strip()
        if not json_path or any(ord(c) < 32 or c == "\x7f" for c in json_path + (base or "")):
            raise SettingError(
                "adr_external",
                f"adr_external[{name!r}]: {entry!r} has an empty path or a control character; "
                "write the path or URL of its adrs.json",
            )
        problem = gate.uri_problem(base) if base else None
        if problem:
            raise SettingError("adr_external", f"adr_external[{name!r}]['base_url']: {problem}")
        sources.append(Source(name, json_path, base or ""))
    return sources


def with_base(source: Source, confdir: Path) -> Source:
    """``source`` with its base URL: given, else the folder of the JSON file (HTML
    builds write it at the output's root), a local one as an absolute path, since
    the pages that link to it are not where conf.py is."""
    if source.base_url:
        return source
    if source.remote:
        head, sep, _tail = source.json.rpartition("/")
        return Source(source.name, source.json, head + sep)
    try:
        folder = Path(confdir, source.json).resolve().parent
    except (OSError, RuntimeError):  # a loop of links: reading it will say so
        folder = Path(confdir, source.json).absolute().parent
    return Source(source.name, source.json, folder.as_posix().rstrip("/") + "/")


def _check_config(_app: Sphinx, config: Config) -> None:
    parse_config(config.adr_external)
    for name in ("adr_external_timeout", "adr_external_cache_limit"):
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise SettingError(name, f"{name} = {value!r}: must be a number")
    if config.adr_external_timeout <= 0:
        raise SettingError(
            "adr_external_timeout",
            f"adr_external_timeout = {config.adr_external_timeout!r}: must be more than 0 seconds",
        )


# --------------------------------------------------------------------------
# validation (plain data -> records): the gate


def check_header(data: object) -> list[Any]:
    """The ADR list of an export, after checking its format and version."""
    return gate.check_header(data, gate.known_versions())


def parse_log_gated(raw: bytes, source: Source, projects: Iterable[str]) -> gate.GatedLog:
    """The log past the gate, with what it left out (raises LogProblem)."""
    return gate.read_log(raw, source.name, source.base_url, projects)


def parse_log(raw: bytes, source: Source, projects: Iterable[str]) -> tuple[list[ADR], list[str]]:
    """The ADRs of an ``adrs.json`` and their URIs on the other site (``''``: no
    link, the log's address was not http(s)); raises LogProblem."""
    log = parse_log_gated(raw, source, projects)
    return list(log.adrs), list(log.uris)


# --------------------------------------------------------------------------
# reading (I/O)


def fetch(source: Source, confdir: Path, config: Config) -> bytes:
    """The bytes of the file, read within ``adr_external_timeout`` (raises FetchError)."""
    return read_limited(
        source.json, base=confdir, timeout=float(config.adr_external_timeout), config=config
    )


#: starts every digest this gate wrote: a log kept by an older version is read again
_DIGEST_PREFIX = f"gate{gate.GATE_VERSION}-"


def digest_of(raw: bytes, source: Source, projects: Iterable[str] = ()) -> str:
    # the base URL and the configured names are part of what the log gives: its
    # ADRs' links, and which of its ids claim another project's
    head = "\0".join([source.base_url, *sorted(projects)]).encode("utf-8", "replace")
    return _DIGEST_PREFIX + hashlib.sha256(head + b"\0\0" + raw).hexdigest()


@dataclass(frozen=True)
class _Reading:
    """What every log of one build is read with."""

    config: Config
    confdir: Path
    projects: tuple[str, ...]
    now: float
    #: where adr.external warnings point: the line of conf.py setting adr_external
    where: str | None
    #: projects served from the cache, said once as an info line
    offline: list[str]


def _cached(old: ExternalLog | None, source: Source) -> ExternalLog | None:
    """``old`` if it can stand for ``source``: read from there, by this gate."""
    if old is None or not old.available or old.source != source.json:
        return None
    return old if old.digest.startswith(_DIGEST_PREFIX) else None


def _fresh(old: ExternalLog | None, source: Source, now: float, limit: float) -> bool:
    """Whether a cached remote log is recent enough not to be fetched again."""
    if _cached(old, source) is None or not source.remote:
        return False
    assert old is not None
    return limit < 0 or now - old.fetched < limit * 86400


def load(
    source: Source, old: ExternalLog | None, old_dropped: str, reading: _Reading
) -> tuple[ExternalLog, str]:
    """The project's log for this build (cached, re-read, or unavailable: warned) and
    what the gate left out of it ('' for nothing)."""
    if _fresh(old, source, reading.now, float(reading.config.adr_external_cache_limit)):
        assert old is not None
        return old, old_dropped
    try:
        raw = fetch(source, reading.confdir, reading.config)
    except FetchError as reason:
        return _unreadable(source, old, old_dropped, str(reason), reading)
    digest = digest_of(raw, source, reading.projects)
    if old is not None and old.digest == digest and old.source == source.json:
        log = ExternalLog(
            old.name, old.source, digest, reading.now, old.adrs, old.uris, old.children, True
        )
        return log, old_dropped
    try:
        gated = parse_log_gated(raw, source, reading.projects)
    except LogProblem as problem:
        warn(
            f"adr_external[{source.name!r}]: {source.json}: {problem}; its ADRs are left "
            "out; rebuild that project to write its adrs.json again",
            "external",
            reading.where,
        )
        return ExternalLog(source.name, source.json, digest, reading.now, available=False), ""
    children = tuple(ExternalOrigin(adr.id, source.name) for adr in gated.adrs)
    log = ExternalLog(
        source.name, source.json, digest, reading.now, gated.adrs, gated.uris, children
    )
    return log, gated.dropped


def _unreadable(
    source: Source, old: ExternalLog | None, old_dropped: str, reason: str, reading: _Reading
) -> tuple[ExternalLog, str]:
    """A URL that cannot be reached is served from the cache, as intersphinx does; a
    local file is no cache of itself: gone is gone, as in a clean build."""
    cached = _cached(old, source)
    if cached is not None and source.remote:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(cached.fetched))
        reading.offline.append(f"{source.name} ({source.json}: {reason}; cached {stamp})")
        return cached, old_dropped
    warn(
        f"adr_external[{source.name!r}]: {source.json} cannot be read ({reason}); its "
        "ADRs are left out; check the path or URL (a URL is read once, then cached)",
        "external",
        reading.where,
    )
    return ExternalLog(source.name, source.json, available=False), ""


def changed_keys(old: ExternalLog | None, new: ExternalLog) -> list[str]:
    """Keys of the ADRs added, removed or changed between two reads of a log."""
    if old is not None and old.digest == new.digest:
        return []
    before = _by_key(old) if old is not None else {}
    after = _by_key(new)
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def _by_key(log: ExternalLog) -> dict[str, tuple[ADR, str]]:
    return {adr.key: (adr, uri) for adr, uri in zip(log.adrs, log.uris, strict=True)}


def load_logs(app: Sphinx) -> None:
    """Read every configured log into the domain (``builder-inited``)."""
    domain = get_domain(app.env)
    sources = parse_config(app.config.adr_external)
    confdir = Path(app.confdir)
    reading = _Reading(
        app.config,
        confdir,
        tuple(s.name for s in sources),
        time.time(),
        conf_line(app, "adr_external") or f"{confdir / 'conf.py'}:1",
        [],
    )
    old_logs = domain.external_logs
    old_dropped = _DROPPED.of(domain)
    logs: dict[str, ExternalLog] = {}
    dropped: dict[str, str] = {}
    changed: dict[str, list[str]] = {}
    for source in (with_base(s, confdir) for s in sources):
        old = old_logs.get(source.name)
        log, left_out = load(source, old, old_dropped.get(source.name, ""), reading)
        logs[source.name] = log
        if left_out:
            dropped[source.name] = left_out
            # said on every build, cached or not: -W fails alike on clean and incremental
            warn(
                f"adr_external[{source.name!r}]: {source.json}: left out {left_out}; "
                "the rest of its log is used (its project should check its export)",
                "external",
                reading.where,
            )
        keys = changed_keys(old, log)
        if keys:
            changed[source.name] = keys
    if reading.offline:
        # once per build, not a warning: the build is as good as the cache
        logger.info(
            "adr_external: offline, using cached decision logs: %s", "; ".join(reading.offline)
        )
    domain.set_external_logs(logs)
    _CHANGED.put(domain, changed)
    _DROPPED.put(domain, dropped)


# --------------------------------------------------------------------------
# incremental builds


def pages_to_rewrite(
    _app: Sphinx, domain: ADRDomain, changes: list[Change] | None
) -> Iterable[str]:
    """Pages showing an external ADR whose record changed in this build."""
    changed = _CHANGED.of(domain)
    if changes is None or not changed:
        return []
    keys = {key for found in changed.values() for key in found}
    pages: set[str] = set()
    for docname, doc in domain.docs.items():
        if doc.refs & keys or any(_touches(adr.links, keys) for adr in doc.adrs):
            pages.add(docname)
            continue
        for record in doc.pages:
            if isinstance(record, Query) and _takes(record.filter.projects, changed):
                pages.add(docname)
                break
    return sorted(pages)


def _touches(links: Iterable[Link], keys: set[str]) -> bool:
    return any(id_key(link.source) in keys or id_key(link.target) in keys for link in links)


def _takes(projects: tuple[str, ...], changed: Mapping[str, object]) -> bool:
    return "*" in projects or any(name in changed for name in projects)


def unlink_refused(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """A reference to another project's ADR whose page address the gate refused
    becomes plain text (HTML writers would make an empty address ``href="#"``)."""
    if not get_domain(app.env).external_logs:  # no other project: no walk
        return
    for ref in list(doctree.findall(nodes.reference)):
        if ref.get("refuri") == "" and "adr-external" in ref["classes"]:
            classes = [c for c in ref["classes"] if c != "external"]  # not styled as a link
            ref["classes"] = []  # replace_self would add them back
            ref.replace_self(nodes.inline("", "", *ref.children, classes=classes))


def _columns(_app: Sphinx) -> tuple[str, ...]:
    return ("project",)


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_external",
        {},
        "Other projects whose decisions this one refers to and lists: project name -> "
        "``{'json': 'path/or/url/adrs.json', 'base_url': 'https://.../'}`` (or just the "
        "path or URL). ``:adr:`name:ADR-0012``` and relations such as ``:supersedes: "
        "name:ADR-0012`` then resolve, and listings take ``:projects:``. A path is "
        "relative to ``conf.py``; ``base_url`` defaults to the folder of the JSON file.",
    )
    add_config_value(
        app,
        "adr_external_timeout",
        10,
        "Seconds to wait for an ``adr_external`` URL before the build goes on with the "
        "cached copy (or, with none, without that project's ADRs).",
    )
    add_config_value(
        app,
        "adr_external_cache_limit",
        1,
        "Days an ``adr_external`` URL is reused from the cache without being fetched "
        "again (``0``: every build; negative: never again). Local files are read on "
        "every build; an unchanged one costs nothing but its hash.",
    )
    connect_check(app, _check_config)
    app.connect("builder-inited", load_logs)
    app.connect(PAGES_TO_REWRITE_EVENT, pages_to_rewrite)
    # after the listings HTML builders render late (render/transform.py, priority 100)
    app.connect("doctree-resolved", unlink_refused, priority=900)
    app.connect(LISTING_COLUMNS_EVENT, _columns)
