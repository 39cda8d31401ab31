"""sphinx-adr's vocabulary, understood: switching from it takes one line.

sphinx-adr (the other Sphinx ADR extension on PyPI, module ``sphinx_adr``)
names the people who decided ``:authors:``, relates ADRs by document
(``:superseded-by: adr/0004-switch-to-mongodb``) and keeps its ADRs in
``adr_path``. This module gives those spellings their native meaning, so
``extensions = ["sphinx_adr"]`` becomes ``["sphinxcontrib_adr"]`` and nothing
else has to change. Its ``adrlist`` directive and ``adr_nav.html`` sidebar live
with the listings (:mod:`..listings.adrlist`).

A relation written as a document path is kept as written when the document is
read (a directive never looks at other documents) and resolved by the domain's
index once every document is read, so ``-j`` and incremental builds see the
same ADR a clean serial build does.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .config import SettingError, add_config_value, connect_check
from .model import id_key

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping, Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .model import ADR, Link

#: sphinx-adr's option names of the ``adr`` directive -> the native names
OPTION_ALIASES: dict[str, str] = {"authors": "deciders"}

#: the suffixes a relation written as a document path may carry
_PATH_SUFFIX_RE = re.compile(r"\.(?:rst|md|txt)$", re.IGNORECASE)


def native_options(
    options: dict[str, Any], declared: Collection[str], report: Callable[[str], None]
) -> dict[str, Any]:
    """``options`` with sphinx-adr's names given their native ones (``:authors:``
    is ``:deciders:``); a name declared by the project (``adr_fields``) keeps its
    own meaning. Both spellings at once is reported through ``report``."""
    result: dict[str, Any] = {}
    for name, value in options.items():
        native = OPTION_ALIASES.get(name)
        if native is None or name in declared:
            result[name] = value
        elif native in options:
            report(
                f":{name}: (sphinx-adr's name for :{native}:) and :{native}: are both "
                f"given, so :{name}: is ignored; keep one of them"
            )
        else:
            result[native] = value
    return result


def looks_like_path(value: str) -> bool:
    """Whether a relation's value names a document rather than an ADR id: it has a
    folder (``adr/0004-x``, ``../0004-x``, ``/adr/0004-x``) or a source suffix."""
    text = value.strip()
    return "/" in text or "\\" in text or bool(_PATH_SUFFIX_RE.search(text))


def document_of(written: str, from_doc: str, docnames: Collection[str]) -> str | None:
    """The document a path names, seen from ``from_doc``: ``/x`` from the source
    folder; ``x`` relative to ``from_doc``'s folder, else from the source folder
    (sphinx-adr writes ``adr/0004-x`` in ``adr/0003-y``); with or without suffix."""
    path = written.strip().replace("\\", "/")
    if not path:
        return None
    if path.startswith("/"):
        bases = [path.lstrip("/")]
    else:
        folder = posixpath.dirname(from_doc)
        bases = [posixpath.join(folder, path), path] if folder else [path]
    for base in bases:
        norm = posixpath.normpath(base)
        if norm == ".." or norm.startswith("../"):
            continue
        for candidate in (norm, _PATH_SUFFIX_RE.sub("", norm)):
            if candidate in docnames:
                return candidate
    return None


def _other_end(link: Link) -> tuple[str, bool]:
    """The end of ``link`` its declaring ADR named, and whether it is the source
    (a reverse relation, ``:superseded-by:``)."""
    if id_key(link.source) == id_key(link.declared_in):
        return link.target, False
    return link.source, True


def _resolved(
    link: Link, from_doc: str, adrs: Mapping[str, ADR], by_doc: Mapping[str, Sequence[ADR]]
) -> Link:
    if link.written:  # a bare number, already made an id
        return link
    other, is_source = _other_end(link)
    if not link.by_path and id_key(other) in adrs:
        return link
    # an id no ADR has may still be a document path without folder or suffix
    doc = document_of(other, from_doc, by_doc)
    held = by_doc.get(doc, ()) if doc is not None else ()
    if len(held) != 1:  # reported by the link check, which says why
        return link
    found = held[0].id
    return replace(link, source=found) if is_source else replace(link, target=found)


def resolve_documents(
    adrs: Mapping[str, ADR], by_doc: Mapping[str, Sequence[ADR]]
) -> dict[str, ADR]:
    """The ADRs of ``adrs`` (by key) that relate to others by document, with those
    relations naming the ADR the document holds; a path naming no document, or
    one holding no or several ADRs, stays as written (the link check reports it)."""
    changed: dict[str, ADR] = {}
    for key, adr in adrs.items():
        links = tuple(_resolved(link, adr.docname, adrs, by_doc) for link in adr.links)
        if any(new is not old for new, old in zip(links, adr.links, strict=True)):
            changed[key] = replace(adr, links=links)
    return changed


def document_problem(link: Link, from_doc: str, by_doc: Mapping[str, Sequence[ADR]]) -> str | None:
    """Why a relation written as a document path names no ADR, as the end of a
    sentence naming the path (``None``: it was not written as a path)."""
    other, _ = _other_end(link)
    doc = document_of(other, from_doc, by_doc)
    if doc is None:
        if not link.by_path:
            return None
        return (
            "which is no document of this project; write the path of the document that "
            "holds the ADR (from the source folder, or relative to this one) or its id"
        )
    held = by_doc.get(doc, ())
    if not held:
        return f"the document {doc!r}, which holds no ADR; name a document holding one"
    ids = ", ".join(adr.id for adr in held)
    return f"the document {doc!r}, which holds {len(held)} ADRs ({ids}); write the id meant"


def adr_folder(value: object) -> str | None:
    """``adr_path`` validated: a folder path, or ``None``."""
    if value is None or (isinstance(value, str) and value.strip()):
        return value

    raise SettingError(
        "adr_path", f"adr_path = {value!r}: write a folder path (such as 'adr') or None"
    )


def _check_config(_app: Sphinx, config: Config) -> None:
    adr_folder(config.adr_path)


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_path",
        None,
        "From sphinx-adr: the folder that holds the ADRs, relative to the source folder. "
        "``sphinx-adr new`` creates ADRs there when :confval:`adr_directory` is not set.",
    )
    connect_check(app, _check_config)
