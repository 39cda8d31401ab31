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
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError
from sphinx.util import logging

from ..core.config import add_config_value, connect_check
from ..core.domain import get_domain
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.model import ADR, ChildRecord, ExternalLog, Link, id_key
from ..core.warnings import warn
from ..listings.filters import LISTING_COLUMNS_EVENT, Query
from .export import SCHEMA_DIR
from .fetch import FetchError, is_url, read_limited

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.domain import ADRDomain
    from ..core.model import Change

logger = logging.getLogger(__name__)

#: a project name: what comes before the colon of ``platform:ADR-0012``
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: the domain data key of the ADRs whose record changed in this build, by project
_CHANGED = "external-changed"


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


class LogProblem(ValueError):
    """A decision log that cannot be used; the message says what is wrong."""


# --------------------------------------------------------------------------
# configuration


def parse_config(value: object) -> list[Source]:
    """``adr_external`` as :class:`Source` entries (raises ``ConfigError``)."""
    if not isinstance(value, dict):
        raise ConfigError(
            f"adr_external = {value!r}: must be a dict of project name -> "
            "{'json': 'path/or/url/adrs.json', 'base_url': 'https://.../'}"
        )
    sources = []
    for name, entry in value.items():
        if not isinstance(name, str) or not _NAME_RE.match(name) or name in ("local", "*"):
            raise ConfigError(
                f"adr_external: {name!r} is not a usable project name; write letters, "
                "digits and . _ - (it is written before the colon of 'name:ADR-0012'; "
                "'local' and '*' are taken)"
            )
        if isinstance(entry, str):
            entry = {"json": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("json"), str):
            raise ConfigError(
                f"adr_external[{name!r}] = {entry!r}: give the path or URL of its adrs.json "
                "as a string, or a dict with 'json' (and optionally 'base_url')"
            )
        unknown = sorted(set(entry) - {"json", "base_url"})
        if unknown:
            raise ConfigError(
                f"adr_external[{name!r}]: unknown key {unknown[0]!r}; the keys are 'json' "
                "and 'base_url'"
            )
        base = entry.get("base_url")
        if base is not None and not isinstance(base, str):
            raise ConfigError(f"adr_external[{name!r}]['base_url'] = {base!r}: must be a string")
        json_path = entry["json"].strip()
        if not json_path or any(ord(c) < 32 or c == "\x7f" for c in json_path + (base or "")):
            raise ConfigError(
                f"adr_external[{name!r}]: {entry!r} has an empty path or a control character; "
                "write the path or URL of its adrs.json"
            )
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
            raise ConfigError(f"{name} = {value!r}: must be a number")
    if config.adr_external_timeout <= 0:
        raise ConfigError(
            f"adr_external_timeout = {config.adr_external_timeout!r}: must be more than 0 seconds"
        )


# --------------------------------------------------------------------------
# validation (plain data -> records)


def known_versions() -> tuple[int, ...]:
    """The format versions this installation has a schema for."""
    found = (re.fullmatch(r"adrs-(\d+)\.schema\.json", p.name) for p in SCHEMA_DIR.iterdir())
    return tuple(sorted(int(m.group(1)) for m in found if m))


_OPTIONAL_TEXT = ("status_raw", "status_date", "date", "review_by", "anchor", "docname")


def _text(item: Mapping[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise LogProblem(f"{where}.{key}: expected a non-empty string, found {value!r}")
    return value


def _strings(item: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LogProblem(f"{where}.{key}: expected a list of strings")
    return tuple(value)


def check_header(data: object) -> list[Any]:
    """The ADR list of an export, after checking its format and version."""
    if not isinstance(data, dict) or data.get("format") != "sphinxcontrib-adr":
        raise LogProblem("not an ADR export (its 'format' is not 'sphinxcontrib-adr')")
    version, known = data.get("version"), known_versions()
    if not isinstance(version, int) or isinstance(version, bool):
        raise LogProblem(f"'version' is {version!r}, not a number")
    if version > max(known):
        raise LogProblem(
            f"format version {version} was written by a newer sphinxcontrib-adr (this one "
            f"reads versions {', '.join(map(str, known))}); upgrade sphinxcontrib-adr here"
        )
    if version not in known:
        raise LogProblem(f"format version {version} is not one this sphinxcontrib-adr reads")
    adrs = data.get("adrs")
    if not isinstance(adrs, list):
        raise LogProblem("'adrs' is missing or not a list")
    return adrs


def qualifier(name: str, projects: Iterable[str]) -> Callable[[str], str]:
    """``ADR-0003`` -> ``name:ADR-0003``; ids already naming a known project stay."""
    known = set(projects)

    def qualify(adr_id: str) -> str:
        prefix, sep, _rest = adr_id.partition(":")
        return adr_id if sep and prefix in known else f"{name}:{adr_id}"

    return qualify


def read_adr(item: object, where: str, qualify: Callable[[str], str]) -> ADR:
    """One exported ADR as a record with a qualified id."""
    if not isinstance(item, dict):
        raise LogProblem(f"{where}: expected an object")
    adr_id = qualify(_text(item, "id", where, required=True) or "")
    values = {key: _text(item, key, where) for key in _OPTIONAL_TEXT}
    links = []
    raw_links = item.get("links", [])
    if not isinstance(raw_links, list):
        raise LogProblem(f"{where}.links: expected a list")
    for n, link in enumerate(raw_links):
        at = f"{where}.links[{n}]"
        if not isinstance(link, dict):
            raise LogProblem(f"{at}: expected an object")
        source = qualify(_text(link, "source", at, required=True) or "")
        target = qualify(_text(link, "target", at, required=True) or "")
        kind = _text(link, "kind", at, required=True) or ""
        links.append(Link(source, kind, target, adr_id, 0))
    fields = item.get("fields", {})
    if not isinstance(fields, dict):
        raise LogProblem(f"{where}.fields: expected an object")
    return ADR(
        id=adr_id,
        docname="",
        lineno=0,
        anchor=values["anchor"] or "",
        title=_text(item, "title", where) or "",
        status=_text(item, "status", where, required=True) or "",
        status_raw=values["status_raw"] or "",
        status_date=values["status_date"],
        date=values["date"],
        review_by=values["review_by"],
        links=tuple(links),
        fields=tuple(
            (str(k), tuple(v) if isinstance(v, list) else str(v)) for k, v in sorted(fields.items())
        ),
        deciders=_strings(item, "deciders", where),
        consulted=_strings(item, "consulted", where),
        informed=_strings(item, "informed", where),
        tags=_strings(item, "tags", where),
        tickets=_strings(item, "tickets", where),
        code=_strings(item, "code", where),
    )


def parse_log(raw: bytes, source: Source, projects: Iterable[str]) -> tuple[list[ADR], list[str]]:
    """The ADRs of an ``adrs.json`` and their URIs on the other site (raises LogProblem)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise LogProblem(f"not valid JSON ({err})") from None
    except RecursionError:  # hostile nesting: no export is that deep
        raise LogProblem("not an ADR export (nested too deeply)") from None
    items = check_header(data)
    qualify = qualifier(source.name, projects)
    adrs, uris = [], []
    for n, item in enumerate(items):
        adrs.append(read_adr(item, f"adrs[{n}]", qualify))
        uri = _text(item, "uri", f"adrs[{n}]", required=True) or ""
        uris.append(uri if "://" in uri or uri.startswith("/") else source.base_url + uri)
    return adrs, uris


# --------------------------------------------------------------------------
# reading (I/O)


def fetch(source: Source, confdir: Path, config: Config) -> bytes:
    """The bytes of the file, read within ``adr_external_timeout`` (raises FetchError)."""
    return read_limited(
        source.json, base=confdir, timeout=float(config.adr_external_timeout), config=config
    )


def digest_of(raw: bytes, source: Source) -> str:
    # the base URL is part of what the log holds (its ADRs' links)
    return hashlib.sha256(source.base_url.encode("utf-8") + b"\0" + raw).hexdigest()


def _fresh(old: ExternalLog | None, source: Source, now: float, limit: float) -> bool:
    """Whether a cached remote log is recent enough not to be fetched again."""
    if old is None or not old.available or not source.remote or old.source != source.json:
        return False
    return limit < 0 or now - old.fetched < limit * 86400


def load(
    source: Source,
    old: ExternalLog | None,
    config: Config,
    confdir: Path,
    projects: Iterable[str],
    now: float,
    offline: list[str],
) -> ExternalLog:
    """The project's log for this build: cached, re-read, or unavailable (warned)."""
    if _fresh(old, source, now, float(config.adr_external_cache_limit)):
        assert old is not None
        return old
    where = f"{Path(confdir, 'conf.py')}:1"
    try:
        raw = fetch(source, confdir, config)
    except FetchError as reason:
        if old is not None and old.available and old.source == source.json:
            stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(old.fetched))
            offline.append(f"{source.name} ({source.json}: {reason}; cached {stamp})")
            return old
        warn(
            f"adr_external[{source.name!r}]: {source.json} cannot be read ({reason}); its "
            "ADRs are left out; check the path or URL (a URL is read once, then cached)",
            "external",
            where,
        )
        return ExternalLog(source.name, source.json, available=False)
    digest = digest_of(raw, source)
    if old is not None and old.digest == digest and old.source == source.json:
        return ExternalLog(
            old.name, old.source, digest, now, old.adrs, old.uris, old.children, True
        )
    try:
        adrs, uris = parse_log(raw, source, projects)
    except LogProblem as problem:
        warn(
            f"adr_external[{source.name!r}]: {source.json}: {problem}; its ADRs are left "
            "out; rebuild that project to write its adrs.json again",
            "external",
            where,
        )
        return ExternalLog(source.name, source.json, digest, now, available=False)
    children = tuple(ExternalOrigin(adr.id, source.name) for adr in adrs)
    return ExternalLog(source.name, source.json, digest, now, tuple(adrs), tuple(uris), children)


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
    names = [s.name for s in sources]
    old_logs = domain.external_logs
    logs: dict[str, ExternalLog] = {}
    changed: dict[str, list[str]] = {}
    offline: list[str] = []
    now = time.time()
    for source in (with_base(s, Path(app.confdir)) for s in sources):
        old = old_logs.get(source.name)
        log = load(source, old, app.config, Path(app.confdir), names, now, offline)
        logs[source.name] = log
        keys = changed_keys(old, log)
        if keys:
            changed[source.name] = keys
    if offline:
        # once per build, not a warning: the build is as good as the cache
        logger.info("adr_external: offline, using cached decision logs: %s", "; ".join(offline))
    domain.set_external_logs(logs)
    domain.data[_CHANGED] = changed


# --------------------------------------------------------------------------
# incremental builds


def pages_to_rewrite(
    _app: Sphinx, domain: ADRDomain, changes: list[Change] | None
) -> Iterable[str]:
    """Pages showing an external ADR whose record changed in this build."""
    changed: dict[str, list[str]] = domain.data.get(_CHANGED) or {}
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
    app.connect(LISTING_COLUMNS_EVENT, _columns)
