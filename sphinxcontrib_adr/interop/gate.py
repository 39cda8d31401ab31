"""The gate: another project's ``adrs.json`` validated into typed records.

Everything a foreign log holds is data the project did not write. It passes
here once, and past this module the code trusts what it holds:

* page addresses (``uri``) are kept only as ``http``/``https`` URLs or paths
  (the scheme judged as a browser does: case-insensitively, after removing
  whitespace and control characters anywhere, so ``java\\tscript:`` is
  ``javascript:``); anything else leaves the ADR without a link;
* text is stripped of control characters, unpaired surrogates and characters
  XML forbids (they failed the build, broke EPUB's XML and the graph), and
  line breaks become one space (a blank line in a title broke LaTeX);
* ids follow the id grammar; an ADR repeating an id of its log, or claiming
  an id of another configured project (``b:ADR-0001`` inside log ``a``), and
  a relation between two ADRs that are not the declaring one are left out;
* dates that are not real ``YYYY-MM-DD`` dates are dropped.

What was left out is counted in :class:`Dropped`, said as ONE ``adr.external``
warning per log by the caller. A log of the wrong shape (not an export, a
field of the wrong type) raises :class:`LogProblem` and is refused as a whole.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.model import ADR, Link, ValueProblem, check_id, id_key, parse_date
from .fetch import scheme_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

#: bumped when the gate checks more: logs kept from an older gate are read again
GATE_VERSION = 1

#: line breaks and tabs (and the space around them): one space in the result
_BREAK_RE = re.compile(r"\s*[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]\s*")
#: control characters, unpaired surrogates (JSON pairs the valid ones) and the
#: non-characters XML 1.0 forbids
_FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: a colon before any ``/ ? #``: the text has a scheme (``a:...`` too, which
#: :func:`scheme_of` does not count as one, being a Windows drive as a path)
_HAS_SCHEME_RE = re.compile(r"^[^/?#]*:")
_SAFE_SCHEMES = ("http", "https")

_DATES = ("status_date", "date", "review_by")
_LISTS = ("deciders", "consulted", "informed", "tags", "tickets", "code")


class LogProblem(ValueError):
    """A decision log that cannot be used; the message says what is wrong."""


def clean_text(value: str) -> str:
    """``value`` fit to be shown anywhere: one line, no control characters,
    no unpaired surrogates, no characters XML forbids."""
    return _BREAK_RE.sub(" ", _FORBIDDEN_RE.sub("", value)).strip()


def safe_uri(value: str) -> str | None:
    """``value`` (cleaned) when it is an http(s) URL or a path; None for any other
    scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``, ...)."""
    seen = value
    # as written, and as an XML or HTML reader would decode it (Graphviz keeps
    # ``&#58;`` as an entity in the SVG's xlink:href, which then reads ``:``)
    for _depth in range(4):
        visible = re.sub(r"[\x00-\x20\x7f-\x9f]", "", seen)
        if _HAS_SCHEME_RE.match(visible) and scheme_of(seen) not in _SAFE_SCHEMES:
            return None
        decoded = html.unescape(seen)
        if decoded == seen:
            return clean_text(value).replace(" ", "%20")
        seen = decoded
    return None  # entities within entities: no real page address looks like that


def uri_problem(value: str) -> str | None:
    """Why ``value`` cannot be a base URL (None: it is http(s) or a path)."""
    if safe_uri(value) is not None:
        return None
    return f"{value!r} is a {scheme_of(value) or 'non-http'}: URL; write an http(s) URL or a path"


@dataclass
class Dropped:
    """What the gate left out of one log, by reason (for its one warning)."""

    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, reason: str, example: str) -> None:
        self.reasons[reason] += 1
        self.examples.setdefault(reason, example)

    def message(self) -> str:
        """``''`` when nothing was left out, else what was, counted."""
        return "; ".join(
            f"{count} {reason} (such as {self.examples[reason]!r})"
            for reason, count in sorted(self.reasons.items())
        )


@dataclass(frozen=True)
class GatedLog:
    """A log past the gate: its ADRs, their pages (``''``: no link), what was left out."""

    adrs: tuple[ADR, ...]
    uris: tuple[str, ...]
    dropped: str


def check_header(data: object, known: tuple[int, ...]) -> list[Any]:
    """The ADR list of an export, after checking its format and version."""
    if not isinstance(data, dict) or data.get("format") != "sphinxcontrib-adr":
        raise LogProblem("not an ADR export (its 'format' is not 'sphinxcontrib-adr')")
    version = data.get("version")
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


def known_versions() -> tuple[int, ...]:
    """The format versions this installation has a schema for."""
    # here: the export's module is for builds that read or write a log (issue 29)
    from .export import SCHEMA_DIR

    found = (re.fullmatch(r"adrs-(\d+)\.schema\.json", p.name) for p in SCHEMA_DIR.iterdir())
    return tuple(sorted(int(m.group(1)) for m in found if m))


def qualifier(name: str, projects: Iterable[str]) -> Callable[[str], str]:
    """``ADR-0003`` -> ``name:ADR-0003``; ids already naming a known project stay."""
    known = set(projects)

    def qualify(adr_id: str) -> str:
        prefix, sep, _rest = adr_id.partition(":")
        return adr_id if sep and prefix in known else f"{name}:{adr_id}"

    return qualify


def read_log(raw: bytes, name: str, base_url: str, projects: Iterable[str]) -> GatedLog:
    """The ADRs of an ``adrs.json`` of project ``name`` (raises LogProblem)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise LogProblem(f"not valid JSON ({err})") from None
    except RecursionError:  # hostile nesting: no export is that deep
        raise LogProblem("not an ADR export (nested too deeply)") from None
    items = check_header(data, known_versions())
    others = {p for p in projects if p != name}
    qualify = qualifier(name, [*others, name])
    dropped = Dropped()
    adrs: list[ADR] = []
    uris: list[str] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        adr = read_adr(item, f"adrs[{n}]", qualify, dropped)
        if adr is None:
            continue
        if adr.id.partition(":")[0] in others:
            dropped.add("ADRs claiming another project's id", adr.id)
        elif adr.key in seen:
            dropped.add("ADRs repeating an id of the log", adr.id)
        else:
            seen.add(adr.key)
            adrs.append(adr)
            uris.append(_page(item, f"adrs[{n}]", base_url, dropped))
    return GatedLog(tuple(adrs), tuple(uris), dropped.message())


def _page(item: Mapping[str, Any], where: str, base_url: str, dropped: Dropped) -> str:
    """The ADR's page on the other site, or '' (no link) for an unsafe address."""
    uri = _text(item, "uri", where, required=True) or ""
    safe = safe_uri(uri)
    if safe is None:
        dropped.add("page links with a scheme other than http(s)", uri)
        return ""
    relative = scheme_of(safe) is None and not safe.startswith("/")
    return base_url + safe if relative else safe


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
    return tuple(t for t in map(clean_text, value) if t)


def _id(value: str, dropped: Dropped, what: str) -> str | None:
    try:
        return check_id(clean_text(value))
    except ValueProblem:
        dropped.add(what, value)
        return None


def _date(value: str | None, dropped: Dropped) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(clean_text(value))
    except ValueProblem:
        dropped.add("dates that are not YYYY-MM-DD", value)
        return None


def read_adr(
    item: object, where: str, qualify: Callable[[str], str], dropped: Dropped
) -> ADR | None:
    """One exported ADR as a record with a qualified id (None: left out, counted)."""
    if not isinstance(item, dict):
        raise LogProblem(f"{where}: expected an object")
    written = _text(item, "id", where, required=True) or ""
    checked = _id(written, dropped, "ADRs with an unusable id")
    if checked is None:
        return None
    adr_id = qualify(checked)
    values = {key: _text(item, key, where) for key in ("status_raw", "anchor", *_DATES)}
    return ADR(
        id=adr_id,
        docname="",
        lineno=0,
        anchor=clean_text(values["anchor"] or ""),
        title=clean_text(_text(item, "title", where) or ""),
        status=clean_text(_text(item, "status", where, required=True) or "") or "unknown",
        status_raw=clean_text(values["status_raw"] or ""),
        status_date=_date(values["status_date"], dropped),
        date=_date(values["date"], dropped),
        review_by=_date(values["review_by"], dropped),
        links=_links(item, where, adr_id, qualify, dropped),
        fields=_fields(item, where),
        deciders=_strings(item, "deciders", where),
        consulted=_strings(item, "consulted", where),
        informed=_strings(item, "informed", where),
        tags=_strings(item, "tags", where),
        tickets=_strings(item, "tickets", where),
        code=_strings(item, "code", where),
    )


def _links(
    item: Mapping[str, Any],
    where: str,
    adr_id: str,
    qualify: Callable[[str], str],
    dropped: Dropped,
) -> tuple[Link, ...]:
    """The relations the ADR declares; each must have the ADR at one end."""
    raw_links = item.get("links", [])
    if not isinstance(raw_links, list):
        raise LogProblem(f"{where}.links: expected a list")
    links = []
    own = id_key(adr_id)
    for n, link in enumerate(raw_links):
        at = f"{where}.links[{n}]"
        if not isinstance(link, dict):
            raise LogProblem(f"{at}: expected an object")
        ends = [_text(link, key, at, required=True) or "" for key in ("source", "kind", "target")]
        source, kind, target = (_id(end, dropped, "relations with an unusable id") for end in ends)
        if source is None or kind is None or target is None:
            continue
        source, target = qualify(source), qualify(target)
        if own not in (id_key(source), id_key(target)):
            # a log declares its own ADRs' relations, not relations between others
            dropped.add("relations between two other ADRs", f"{source} {kind} {target}")
            continue
        links.append(Link(source, kind, target, adr_id, 0))
    return tuple(links)


def _fields(item: Mapping[str, Any], where: str) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    fields = item.get("fields", {})
    if not isinstance(fields, dict):
        raise LogProblem(f"{where}.fields: expected an object")
    result: list[tuple[str, str | tuple[str, ...]]] = []
    for key, value in sorted(fields.items()):
        name = clean_text(str(key))
        if not name:
            continue
        if isinstance(value, list):
            result.append((name, tuple(clean_text(str(v)) for v in value)))
        else:
            result.append((name, clean_text(str(value))))
    return tuple(result)
