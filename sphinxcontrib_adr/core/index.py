"""The lookups of the ``adr`` domain, derived from its records.

Built lazily and thrown away whenever the records change (the domain keeps
one; :attr:`~.domain.ADRDomain.index`): the ADRs by key (the first of
duplicates, the file-named one winning), their children and relations by
key, reference targets, other projects' ADRs, and each ADR as listings show
it (with a date derived after reading, :attr:`~.domain.ADRDomain.derived_dates`).
"""

from __future__ import annotations

import dataclasses
import functools

from .compat_sphinx_adr import resolve_documents
from .model import ADR, ChildRecord, DocData, ExternalLog, Link, PageRecord, Target, id_key


class RecordIndex:
    """Lookups derived from the records; rebuilt when the data changes."""

    @functools.cached_property
    def referring_docs(self) -> dict[str, frozenset[str]]:
        """Reference target (as written) -> the documents that refer to it."""
        collected: dict[str, set[str]] = {}
        for docname, doc in self._docs.items():
            for ref in doc.refs:
                collected.setdefault(ref, set()).add(docname)
        return {ref: frozenset(docs) for ref, docs in collected.items()}

    @functools.cached_property
    def holds_decisions(self) -> bool:
        """Whether any document holds a record of ours, or another project an ADR."""
        return any(doc.adrs or doc.children or doc.pages for doc in self._docs.values()) or any(
            log.adrs for log in self._logs.values()
        )

    @functools.cached_property
    def by_doc(self) -> dict[str, list[ADR]]:
        """Docname -> the ADRs recorded in it (every document read has an entry)."""
        return {
            docname: [self._dated(adr) for adr in doc.adrs] for docname, doc in self._docs.items()
        }

    def _dated(self, adr: ADR) -> ADR:
        """``adr`` as listings show it: without a written ``:date:``, with the date
        a feature derived for it (git's), if any; the record itself is never edited."""
        if adr.date is not None:
            return adr
        date = self._dates.get((adr.docname, adr.id))
        return adr if date is None else dataclasses.replace(adr, date=date)

    def __init__(
        self,
        docs: dict[str, DocData],
        external: dict[str, ExternalLog],
        derived: dict[str, tuple[ChildRecord, ...]],
        dates: dict[tuple[str, str], str],
    ) -> None:
        self._docs = docs
        self._logs = external
        self._dates = dates
        self.adrs: dict[str, ADR] = {}
        self.duplicates: list[tuple[ADR, ADR]] = []
        #: by docname, then reading order
        self.children: list[ChildRecord] = []
        self.pages: list[PageRecord] = []
        self.targets: dict[tuple[str, str], Target] = {}
        self.links: list[Link] = []
        #: ADR key -> links touching it / records belonging to it (O(1) per page)
        self.links_by_key: dict[str, list[Link]] = {}
        self.children_by_key: dict[str, list[ChildRecord]] = {}
        #: other projects' ADRs by qualified key (``platform:adr-0012``), with their page
        self.external: dict[str, tuple[ADR, str]] = {}
        self._add_documents(docs)
        for feature in sorted(derived):
            self.children.extend(derived[feature])
        # relations written as document paths (sphinx-adr) name the ADR the document holds
        self.adrs.update(resolve_documents(self.adrs, self.by_doc))
        for adr in self.adrs.values():
            self.links.extend(adr.links)
        external_links, external_children = self._add_external(external)
        # other projects' relations are looked up like ours, but never checked here
        self._index_by_key([*self.links, *external_links], external_children)

    def _add_documents(self, docs: dict[str, DocData]) -> None:
        """The ADRs (noting duplicates), children and pages of every document."""
        for docname in sorted(docs):
            doc = docs[docname]
            for adr in self.by_doc[docname]:
                first = self.adrs.setdefault(adr.key, adr)
                if first is adr:
                    continue
                # the ADR whose file name gives the id owns it, whichever is read first
                if adr.named_by_file and not first.named_by_file:
                    self.adrs[adr.key] = adr
                    first, adr = adr, first
                self.duplicates.append((first, adr))
            self.children.extend(doc.children)
            self.pages.extend(doc.pages)

    def _add_external(
        self, external: dict[str, ExternalLog]
    ) -> tuple[list[Link], list[ChildRecord]]:
        """Other projects' ADRs (the first of a key wins); their links and children."""
        links: list[Link] = []
        children: list[ChildRecord] = []
        for name in sorted(external):
            log = external[name]
            for adr, uri in zip(log.adrs, log.uris, strict=False):
                self.external.setdefault(adr.key, (adr, uri))
                links.extend(adr.links)
            children.extend(log.children)
        return links, children

    def _index_by_key(self, links: list[Link], external_children: list[ChildRecord]) -> None:
        """Links by both ends, children by their ADR (other projects' first), and the
        reference targets of ours."""
        for link in links:
            self.links_by_key.setdefault(id_key(link.source), []).append(link)
            if id_key(link.target) != id_key(link.source):
                self.links_by_key.setdefault(id_key(link.target), []).append(link)
        for record in external_children:
            self.children_by_key.setdefault(id_key(record.adr), []).append(record)
        for record in self.children:
            self.children_by_key.setdefault(id_key(record.adr), []).append(record)
            target = record.target()
            if target is not None:
                self.targets.setdefault((target.objtype, id_key(target.name)), target)
