"""Read time: the one read step of a document, which turns its placeholders
into records.

:func:`read_document` runs from ``ADRDomain.process_doc`` (Sphinx's domain
step, after its SmartQuotes, for reST and MyST alike), so the enclosing
section and its final title are known. One walk notes the names the document
refers to and whether it holds anything of ours; if it does, it records the
ADRs and emits :data:`DOC_READ_EVENT` for the features (body directives,
listings, tickets, code, history, banners). It only looks at the document being
read; everything cross-document happens later.
"""

# Implements: ADR-0021 (one read step, in Domain.process_doc)

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import clean_astext

from .config import Settings, settings
from .model import (
    ADR,
    ADROptions,
    DocData,
    Link,
    PageRecord,
    format_id,
    id_key,
    number_from_name,
    slugify,
    strip_id_prefix,
)
from .nodes import BODY_DRAFT, LISTING_DRAFT, PAGE_DRAFT, PAGE_KEY, adr_node
from .warnings import warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def owner_of(marker: adr_node) -> nodes.Element | None:
    """The section (or compact container) an ``adr`` placeholder turns into an ADR."""
    parent = marker.parent
    if marker.get("compact"):
        return parent
    if isinstance(parent, nodes.section):
        return parent
    return None


def enclosing_adr(node: nodes.Node) -> str | None:
    """The id of the ADR whose section (or compact body) encloses ``node``."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section | nodes.container):
            for child in parent.children:
                if isinstance(child, adr_node) and child.get("adr_id"):
                    return str(child["adr_id"])
        parent = parent.parent
    return None


def _title_of(owner: nodes.Element) -> str:
    for child in owner.children:
        if isinstance(child, nodes.title | nodes.rubric):
            _raw_to_text(child)
            return " ".join(clean_astext(child).split())
    return ""


def _source_title_of(owner: nodes.Element) -> str:
    """The title as written, when Sphinx's i18n transform translated it (it keeps the
    source in ``rawsource``); empty for a title shown as written."""
    for child in owner.children:
        if isinstance(child, nodes.title) and child.get("translated"):
            return " ".join(str(child.rawsource).split())
    return ""


def _raw_to_text(title: nodes.Element) -> None:
    """Show raw HTML in an ADR title as text, as reST does.

    MyST turns ``<b>`` in a heading into a raw node: it would reach the page
    unescaped while references (built from the text) silently lost it. An ADR
    title is text shown in many places, so it reads the same everywhere.
    Runs before Sphinx records the title for the toctree (priority 500).
    """
    for raw in list(title.findall(nodes.raw)):
        if "html" in str(raw.get("format", "")).split():
            raw.replace_self(nodes.Text(raw.astext()))


def collect_adrs(env: BuildEnvironment, doc: DocData, doctree: nodes.document) -> None:
    """Record every placed ``adr`` marker of the document as an :class:`ADR` in ``doc``."""
    docname = env.docname
    conf = settings(env.config)
    markers = list(doctree.findall(adr_node))
    basename = docname.rsplit("/", 1)[-1]
    number = number_from_name(basename)
    owners_seen: set[int] = set()
    placed: list[tuple[adr_node, nodes.Element]] = []
    for marker in markers:
        owner = _placed_owner(marker, owners_seen)
        if owner is None:
            marker.parent.remove(marker)  # reported; it does not count as an ADR below
        else:
            placed.append((marker, owner))
    for index, (marker, owner) in enumerate(placed):
        parsed: ADROptions = marker["adr_options"]
        adr_id = parsed.id
        if adr_id is None:
            adr_id = _derived_id(marker, len(placed), index, basename, number, conf)
        raw_title = _title_of(owner)
        title = strip_id_prefix(raw_title, adr_id, number) if raw_title else adr_id
        source_title = _source_title_of(owner)
        if source_title:
            source_title = strip_id_prefix(source_title, adr_id, number)
        if not raw_title:
            warn("adr: the ADR has no title; write one", "placement", marker)
        anchor = add_anchor(doctree, owner, adr_id)
        lineno = marker.line or 0
        record = ADR(
            id=adr_id,
            docname=docname,
            lineno=lineno,
            anchor=anchor,
            title=title,
            links=_links(parsed, adr_id, lineno, marker),
            **parsed.option_values(),
            compact=bool(marker.get("compact")),
            named_by_file=number is not None
            and id_key(adr_id) == id_key(format_id(conf.id_format, number)),
            source_title=source_title if source_title != title else "",
        )
        # the record holds the options now; the pickled doctree need not
        del marker["adr_options"]
        marker["adr_id"] = adr_id
        marker["adr_anchor"] = anchor
        marker["docname"] = docname
        owner["classes"] = [*owner.get("classes", []), "adr-section"]
        doc.adrs.append(record)


def _placed_owner(marker: adr_node, owners_seen: set[int]) -> nodes.Element | None:
    """The section ``marker`` turns into an ADR, or ``None`` (reported) when it has none
    or already holds one."""
    owner = owner_of(marker)
    if owner is None:
        warn(
            "adr: this directive is not directly under a section title, so there is no "
            "section to turn into an ADR; put it right under the title, or use the "
            "compact form '.. adr:: Title'",
            "placement",
            marker,
        )
        return None
    if id(owner) in owners_seen:
        warn(
            "adr: a second adr directive in the same section; a section holds one ADR. "
            "Give the second decision its own section or use '.. adr:: Title'",
            "placement",
            marker,
        )
        return None
    owners_seen.add(id(owner))
    if not marker.get("compact") and _after_body_text(marker, owner):
        warn(
            f"adr: the directive follows body text of the section {_title_of(owner)!r}, "
            "which it turns into the ADR; if that section is meant, put the directive "
            "right under its title, else move it under the title of the ADR's section",
            "placement",
            marker,
        )
    return owner


def _after_body_text(marker: adr_node, owner: nodes.Element) -> bool:
    """Whether visible content (a paragraph, a list, ...) stands between the section's
    title and the directive; labels, comments and index entries do not count."""
    for child in owner.children:
        if child is marker:
            return False
        quiet = nodes.title | nodes.Invisible | nodes.system_message | addnodes.index | adr_node
        if not isinstance(child, quiet):
            return True
    return False


def _derived_id(
    marker: adr_node, count: int, index: int, basename: str, number: int | None, conf: Settings
) -> str:
    """The id of an ADR written without ``:id:``: from the file's number (reported
    when the page holds several ADRs or its name has no number)."""
    if count > 1:
        warn("adr: this page holds several ADRs, so each needs an explicit :id:", "id", marker)
        return _fallback_id(f"{basename}-{index + 1}")
    if number is None:
        warn(
            f"adr: no :id: and the file name {basename!r} does not start with a "
            "number to derive one from; add :id: or name the file NNNN-title",
            "id",
            marker,
        )
        return _fallback_id(basename)
    return format_id(conf.id_format, number)


def _links(parsed: ADROptions, adr_id: str, lineno: int, marker: adr_node) -> tuple[Link, ...]:
    """The relations written on this ADR, stored in their forward direction."""
    links: list[Link] = []
    for relation in parsed.relations:
        if id_key(relation.other) == id_key(adr_id):
            warn(
                f"adr: {adr_id} names itself in a relation ({relation.kind}); remove it or "
                "name another ADR",
                "self_link",
                marker,
            )
            continue
        links.append(relation.link(adr_id, lineno))
    return tuple(links)


#: emitted by the read step after the ADRs of the document are recorded, with the
#: doctree, for a document holding an ``adr`` marker or a draft (``core.nodes``);
#: each feature records what it found there (handlers return nothing)
DOC_READ_EVENT = "adr-doc-read"


def read_document(env: BuildEnvironment, doc: DocData, doctree: nodes.document) -> None:
    """The read step of one document (its records go to ``doc``): references, then
    ADRs, then the features. A document with nothing of ours (most pages of most
    projects) costs one walk: its references are noted, no feature is asked."""
    if not _notes_references_holds_ours(doc, doctree):
        return
    collect_adrs(env, doc, doctree)
    store_page_drafts(env.docname, doc, doctree)
    # no handler adds a reference at read time (features build theirs when the page
    # is written), so the walk above noted them all
    env.events.emit(DOC_READ_EVENT, doctree)


def _notes_references_holds_ours(doc: DocData, doctree: nodes.document) -> bool:
    """Note every name the document refers to; whether it holds an ``adr`` marker or
    a draft a directive of ours left for the read step (``core.nodes``)."""
    holds = False
    refs = doc.refs
    # every page of every project is walked: a loop over children lists with the
    # tests inline is 3x faster than findall(nodes.Element), whose recursive
    # generators pass each node up through every level above it (issue 29)
    stack: list[nodes.Element] = [doctree]
    while stack:
        for node in stack.pop().children:
            if not isinstance(node, nodes.Element):
                continue
            stack.append(node)
            if isinstance(node, addnodes.pending_xref):
                target = node.get("reftarget")
                if target:
                    refs.add(id_key(str(target)))
            elif not holds:
                held = node.attributes  # the three drafts, spelt out: no generator per node
                holds = (
                    PAGE_DRAFT in held
                    or BODY_DRAFT in held
                    or LISTING_DRAFT in held
                    or isinstance(node, adr_node)
                )
    return holds


def store_page_drafts(docname: str, doc: DocData, doctree: nodes.document) -> None:
    """Store the draft each directive of the document left on its placeholder,
    completed with the document's name; the placeholder keeps only its key."""
    # the test inline is 3x faster than findall(a callable)
    held = [node for node in doctree.findall(nodes.Element) if PAGE_DRAFT in node.attributes]
    for node in held:
        draft: PageRecord = node.attributes.pop(PAGE_DRAFT)
        doc.pages.append(dataclasses.replace(draft, docname=docname))  # type: ignore[type-var]
        node[PAGE_KEY] = (docname, len(doc.pages) - 1)


def _fallback_id(text: str) -> str:
    """A deterministic id from a file name, so the ADR still renders and links."""
    return slugify(text).upper()


def add_anchor(
    doctree: nodes.document, owner: nodes.Element, wanted: str, fallback: str = "adr"
) -> str:
    """Give ``owner`` the id made from ``wanted`` (made unique in the document)."""
    base = nodes.make_id(wanted) or fallback
    anchor = base
    serial = 1
    while anchor in doctree.ids and doctree.ids[anchor] is not owner:
        serial += 1
        anchor = f"{base}-{serial}"
    if anchor not in owner["ids"]:
        owner["ids"].append(anchor)
        doctree.ids[anchor] = owner
    return anchor
