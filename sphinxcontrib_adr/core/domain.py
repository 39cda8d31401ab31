"""The ``adr`` domain: the single store of everything the extension records.

Records are plain data keyed by docname (``data["docs"][docname]``), so
``clear_doc`` is a ``pop`` and ``merge_domaindata`` copies the merged
docnames. Lookups go through an index rebuilt lazily whenever the data
changes. Cross-document checks run once, in :meth:`ADRDomain.check_consistency`.
"""

# Implements: ADR-0001, ADR-0005 (the domain is the only store; links_of shows both ends)

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .config import LinkKind, Settings, settings
from .index import RecordIndex
from .locale import translate
from .model import (
    ADR,
    ADRView,
    ChildRecord,
    DocData,
    ExternalLog,
    Link,
    PageRecord,
    Target,
    full_id,
    id_key,
)
from .nodes import PAGE_KEY
from .read import read_document
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


R = TypeVar("R", bound="ChildRecord | PageRecord")
P = TypeVar("P", bound="PageRecord")

__all__ = ["ADRDomain", "Target", "get_domain"]


class ADRXRefRole(XRefRole):
    """``:adr:`ADR-0007``` (or ``:adr:`text <ADR-0007>```): a link to an ADR that
    shows its title (``adr_title_format``) and status."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"adr:{self.name}"
        return super().run()


def from_root(builder: Builder, fromdocname: str, uri: str) -> str:
    """``uri`` as written on ``fromdocname``: a relative address of another project's
    page (a relative ``base_url``, as the portal writes for a local log) is relative to
    the output's root, so a page in a folder climbs there first."""
    if not uri or uri.startswith(("/", "#")) or ":" in uri.split("/", 1)[0]:
        return uri
    return "../" * builder.get_target_uri(fromdocname).count("/") + uri


class ADRDomain(Domain):
    """Architecture Decision Records: ids, relations, alternatives, risks."""

    name = "adr"
    label = "Architecture Decision Records"
    object_types: ClassVar[dict[str, ObjType]] = {
        "adr": ObjType("ADR", "adr", "any"),
        # alternatives and risks (body.py): ``:adr:alt:`` and ``:adr:risk:``
        "alt": ObjType("alternative", "alt", "any"),
        "risk": ObjType("risk", "risk", "any"),
    }
    roles: ClassVar[dict[str, Any]] = {
        "adr": ADRXRefRole(warn_dangling=True, innernodeclass=nodes.inline),
        "alt": XRefRole(warn_dangling=True, innernodeclass=nodes.inline),
        "risk": XRefRole(warn_dangling=True, innernodeclass=nodes.inline),
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "docs": {},
        "views": None,
        "external": {},
        "derived": {},
        "derived_dates": {},
    }
    data_version = 2

    _index_cache: RecordIndex | None = None

    # ------------------------------------------------------------------ store

    @property
    def docs(self) -> dict[str, DocData]:
        return cast("dict[str, DocData]", self.data["docs"])

    def doc(self, docname: str) -> DocData:
        """The (mutable) record list of a document being read."""
        self._index_cache = None
        return self.docs.setdefault(docname, DocData())

    def add_record(self, docname: str, record: ChildRecord | PageRecord) -> None:
        """Store a record read from ``docname`` (an ADR's child or a page's query)."""
        doc = self.doc(docname)
        if isinstance(record, ChildRecord):
            doc.children.append(record)
        elif isinstance(record, PageRecord):
            doc.pages.append(record)
        else:  # a programming error, not a user one
            raise TypeError(f"not a ChildRecord or PageRecord: {record!r}")

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """The read step (``core/read.py``): Sphinx calls it after its SmartQuotes
        (ADR-0021), before ``doctree-read`` and so before its title collector."""
        read_document(env, self.doc(docname), document)

    def page_of(self, node: nodes.Element, cls: type[P]) -> P:
        """The record a placeholder shows, by the key the read step left on it."""
        docname, index = node[PAGE_KEY]
        record = self.docs[docname].pages[index]
        if not isinstance(record, cls):  # a programming error, not a user one
            raise TypeError(f"{docname} page record {index} is not a {cls.__name__}")
        return record

    def clear_doc(self, docname: str) -> None:
        self._index_cache = None
        self.docs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._index_cache = None
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.docs[docname] = otherdata["docs"][docname]

    @property
    def holds_decisions(self) -> bool:
        """Whether the project has anything of ours: an ADR, a record, a listing, or
        another project's log. Without, it pays for nothing (no ``adrs.json``, no LaTeX
        package). References do not count: every cross-reference of any page is
        noted (``:any:`` may name an ADR), and without ADRs none resolves to one."""
        # asked on every page written (placeholders, listings, assets): kept with the
        # index until the store changes
        return self.index.holds_decisions

    @property
    def derived(self) -> dict[str, tuple[ChildRecord, ...]]:
        """Records derived after reading (``adr-derive-records``), by feature."""
        return cast("dict[str, tuple[ChildRecord, ...]]", self.data.setdefault("derived", {}))

    def set_derived(self, feature: str, records: Iterable[ChildRecord]) -> None:
        """Replace the records ``feature`` derived (a scan, git): a store of their
        own, so no feature edits the records a document read gave."""
        new = tuple(records)
        if self.derived.get(feature) != new:
            self._index_cache = None
            self.derived[feature] = new

    @property
    def derived_dates(self) -> dict[tuple[str, str], str]:
        """``(docname, id) -> date`` for ADRs written without ``:date:``, derived after
        reading (git's ``adr_date_from``): ``ADR.date`` keeps what was written, and
        :meth:`adrs`, :meth:`get` and :meth:`adr_in` show the derived one."""
        return cast("dict[tuple[str, str], str]", self.data.setdefault("derived_dates", {}))

    def set_derived_dates(self, dates: dict[tuple[str, str], str]) -> None:
        if self.derived_dates != dates:
            self._index_cache = None
            self.data["derived_dates"] = dict(dates)

    @property
    def external_logs(self) -> dict[str, ExternalLog]:
        """Other projects' decision logs (``adr_external``), by project name."""
        return cast("dict[str, ExternalLog]", self.data.setdefault("external", {}))

    def set_external_logs(self, logs: dict[str, ExternalLog]) -> None:
        """Replace the other projects' logs (read once per build, before reading)."""
        self._index_cache = None
        self.data["external"] = dict(logs)

    @property
    def index(self) -> RecordIndex:
        if self._index_cache is None:
            self._index_cache = RecordIndex(
                self.docs, self.external_logs, self.derived, self.derived_dates
            )
        return self._index_cache

    @property
    def settings(self) -> Settings:
        return settings(self.env.config)

    # ---------------------------------------------------------------- queries

    def adrs(self, projects: tuple[str, ...] = ()) -> list[ADR]:
        """Every ADR (the first of duplicates), in document order; with ``projects``,
        those of the projects named (``local`` is this one, ``*`` every project)."""
        if not projects:
            return list(self.index.adrs.values())
        wanted = set(projects)
        every = "*" in wanted
        found = list(self.index.adrs.values()) if every or "local" in wanted else []
        for name in sorted(self.external_logs):
            if every or name in wanted:
                found.extend(self.external_logs[name].adrs)
        return found

    def get(self, adr_id: str) -> ADR | None:
        """This project's ADR of that id (other projects' are :meth:`external`)."""
        return self.index.adrs.get(id_key(adr_id))

    def external(self, adr_id: str) -> ADR | None:
        """Another project's ADR, by its qualified id (``platform:ADR-0012``)."""
        found = self.index.external.get(id_key(adr_id))
        return found[0] if found else None

    def external_log(self, adr_id: str) -> ExternalLog | None:
        """The configured project a qualified id names (``platform:...``), if any."""
        name, sep, _rest = adr_id.partition(":")
        return self.external_logs.get(name.strip()) if sep else None

    def adr_in(self, docname: str, adr_id: str, anchor: str | None = None) -> ADR | None:
        """The ADR recorded in ``docname`` under ``adr_id`` (duplicates included:
        ``anchor`` tells apart two ADRs of one page that share an id)."""
        for adr in self.index.by_doc.get(docname, ()):
            if adr.id == adr_id and anchor in (None, adr.anchor):
                return adr
        return None

    def records(self, cls: type[R]) -> Iterator[R]:
        """Every record of class ``cls``, by docname then reading order."""
        pool: list[Any] = self.index.children if issubclass(cls, ChildRecord) else self.index.pages
        return (r for r in pool if isinstance(r, cls))

    def children(self, adr: ADR) -> list[ChildRecord]:
        """The records (alternatives, risks, ...) that belong to ``adr``, in reading order."""
        return list(self.index.children_by_key.get(adr.key, ()))

    def links_of(self, adr: ADR) -> list[tuple[LinkKind, bool, str]]:
        """``(kind, reverse, other id)`` for every relation touching ``adr``, both ways."""
        return relations_of(adr, self.index.links_by_key.get(adr.key, ()), self.settings)

    def views(self) -> dict[str, ADRView]:
        """What other pages may show of each ADR, for incremental comparison."""
        children = self.index.children_by_key
        result = {}
        for key, adr in self.index.adrs.items():
            kids = children.get(key, [])
            ids = tuple(t.name for t in (r.target() for r in kids) if t is not None)
            result[key] = ADRView(adr, tuple(kids), ids)
        return result

    def format_title(self, adr: ADR) -> str:
        return self.settings.title_format.format(
            id=adr.id, title=adr.title, status=translate(adr.status), date=adr.date or ""
        )

    def adr_target(self, adr: ADR) -> Target:
        return Target(
            objtype="adr",
            name=adr.id,
            docname=adr.docname,
            anchor=adr.anchor,
            text=self.format_title(adr),
            classes=("adr-ref", f"adr-status-{css_name(adr.status)}"),
            tooltip=f"{adr.id} ({translate(adr.status)})",  # the status' name, for the reader
            dispname=f"{adr.id}: {adr.title}",
        )

    def find_target(self, objtype: str, name: str) -> Target | None:
        if objtype == "adr":
            adr = self.get(name)
            if adr is not None:
                return self.adr_target(adr)
            found = self.index.external.get(id_key(name))
            if found is None:
                return None
            target = self.adr_target(found[0])
            classes = (*target.classes, "adr-external")
            return dataclasses.replace(target, uri=found[1], classes=classes)
        return self.index.targets.get((objtype, id_key(name)))

    # ---------------------------------------------------------------- xrefs

    def refnode(
        self,
        builder: Builder,
        fromdocname: str,
        target: Target,
        node: pending_xref | None,
        contnode: nodes.Element,
        *,
        titled: bool = False,
    ) -> nodes.reference:
        """The link ``node`` (a reference to ``target``) resolves to. Without ``node``
        (a renderer's own reference, resolved at once), the link shows ``contnode``, or
        with ``titled`` the target's title in ``contnode``'s place."""
        if node is not None:
            titled = not node.get("refexplicit") and node.get("refdomain") == "adr"
        if titled:
            child = contnode.copy()  # its attributes; the children are replaced
            child += nodes.Text(target.text)
        else:
            child = contnode
        if isinstance(child, nodes.Element):
            child["classes"] = [*child.get("classes", []), *target.classes]
        if target.uri or not target.docname:
            # another project's page: a plain external link, like intersphinx's
            uri = from_root(builder, fromdocname, target.uri)
            ref = nodes.reference("", "", child, internal=False, refuri=uri)
            ref["reftitle"] = target.tooltip
            ref["classes"] = [*ref.get("classes", []), "external", *target.classes]
            return ref
        ref = make_refnode(
            builder, fromdocname, target.docname, target.anchor, child, target.tooltip
        )
        if "refuri" in ref:
            ref["refuri"] = single_anchor(str(ref["refuri"]))
        ref["classes"] = [*ref.get("classes", []), *target.classes]
        return ref

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self.find_target(typ, target)
        if found is None and typ == "adr":
            found = self._bare_number_target(target, node)
        if found is None:
            return None
        return self.refnode(builder, fromdocname, found, node, contnode)

    def _bare_number_target(self, target: str, node: pending_xref) -> Target | None:
        """``:adr:`2``` links to ADR-0002 (as the CLI's ``--supersedes 2`` does), with
        one warning saying the full id to write."""
        full = full_id(self.settings.id_format, target)
        found = self.find_target("adr", full) if full else None
        if found is not None:
            warn(
                f"reference to {target.strip()!r}: a bare number; did you mean {full}? "
                f"write the full id (:adr:`{full}`)",
                "ref",
                node,
            )
        return found

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        for objtype in self.object_types:
            found = self.find_target(objtype, target)
            if found is not None:
                # MyST's [](ADR-0007) has no text of its own: give it the title
                if not contnode.astext().strip() or contnode.astext() == target:
                    contnode = nodes.inline(target.strip(), target.strip())
                    node = node.deepcopy()
                    node["refexplicit"] = False
                    node["refdomain"] = "adr"
                ref = self.refnode(builder, fromdocname, found, node, contnode)
                return [(f"adr:{self.role_for_objtype(objtype) or objtype}", ref)]
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for adr in self.index.adrs.values():
            yield (adr.id, f"{adr.id}: {adr.title}", "adr", adr.docname, adr.anchor, 1)
        for target in self.index.targets.values():
            yield (
                target.name,
                target.dispname or target.text,
                target.objtype,
                target.docname,
                target.anchor,
                target.priority,
            )

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        target = node.get("reftarget")
        return str(target) if target else None

    # ------------------------------------------------------------- checks

    def check_consistency(self) -> None:
        # the core's checks (core/checks.py) connect first, then the features'
        self.env.events.emit(CHECK_CONSISTENCY_EVENT, self)


def single_anchor(uri: str) -> str:
    """Repair ``#document-x#anchor`` to ``#anchor``.

    Sphinx 9's singlehtml builder answers page URIs as ``#document-x``, so
    appending an anchor gives two fragments, which lead nowhere
    (sphinx-doc/sphinx#14221); all documents are one page, the anchor suffices.
    Only that shape: a ``#`` in a document's name (``0004-c#-client``) is no
    fragment (LaTeX's ``%doc#anchor`` became ``#anchor``, a link to nowhere).
    """
    first = uri.find("#")
    if uri.count("#") > 1 and uri.startswith("#document-", first):
        return uri[uri.rindex("#") :]
    return uri


def page_uri(builder: Builder, fromdoc: str, todoc: str, anchor: str) -> str:
    """The link from ``fromdoc`` to ``anchor`` in ``todoc``, for hand-made links."""
    uri = builder.get_relative_uri(fromdoc, todoc)
    return single_anchor(f"{uri}#{anchor}" if anchor else uri)


def relations_of(
    adr: ADR, links: Iterable[Link], conf: Settings
) -> list[tuple[LinkKind, bool, str]]:
    """``(kind, reverse, other id)`` of each of ``links`` that touches ``adr``, once
    each (a relation declared on both ends counts once), in the order given."""
    seen: set[tuple[str, bool, str]] = set()
    unique: list[tuple[LinkKind, bool, str]] = []
    for link in links:
        kind = conf.link_kind(link.kind)
        if kind is None:
            continue
        if id_key(link.source) == adr.key:
            reverse, other = False, link.target
        elif id_key(link.target) == adr.key:
            reverse, other = kind.directed, link.source
        else:
            continue
        sig = (kind.name, reverse, id_key(other))
        if sig not in seen:
            seen.add(sig)
            unique.append((kind, reverse, other))
    return unique


@functools.lru_cache(maxsize=4096)
def css_name(value: str) -> str:
    """A CSS class fragment for a value (status, field name); cached, values repeat."""
    return nodes.make_id(value) or "unknown"


#: the event features' cross-document checks connect to: ``(app, domain) -> None``;
#: emitted once all documents are read, after the core checks
CHECK_CONSISTENCY_EVENT = "adr-check-consistency"


def get_domain(env: BuildEnvironment) -> ADRDomain:
    """The typed accessor (``env.domains`` is typed as plain ``Domain``)."""
    return cast("ADRDomain", env.domains["adr"])


def warn_missing_reference(_app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Report dangling ``adr`` references as ``adr.ref`` (suppressible) instead of ``ref.*``."""
    if domain is None or domain.name != "adr":
        return None
    if node.get("adr_reported"):  # made by the extension, reported where it was read
        return True
    reftype = node.get("reftype") or "adr"
    what = {"adr": "ADR", "alt": "alternative"}.get(reftype, reftype)
    target = str(node.get("reftarget") or "")
    log = get_domain(domain.env).external_log(target) if reftype == "adr" else None
    if log is not None:
        if log.available:  # an unreadable log was reported once, where it was read
            warn(
                f"reference to {target!r}: the decision log of project {log.name!r} "
                f"({log.source}) has no {target.partition(':')[2].strip()}; check the id",
                "ref",
                node,
            )
        return True
    warn(
        f"reference to unknown {what} {node.get('reftarget')!r}; check the id "
        "(sphinx-adr list shows them)",
        "ref",
        node,
    )
    return True
