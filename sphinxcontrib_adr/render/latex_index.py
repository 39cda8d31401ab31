"""Print: the ADR domain's indices (ADRs by status) link pages whose names hold ``#``.

The LaTeX writer sets each entry of a domain index as
``\\sphinxstyleindexpageref{<document>:<anchor>}``, the document's name as it is,
but labels documents through its ``idescape`` (``#`` and TeX's other special
characters as ``_``, other non-ASCII characters as ``_xe9``). An entry of a page
named ``0004-c#-client`` therefore named a label that does not exist: an
undefined reference in the LaTeX log and ``??`` for its page in the PDF. For a
LaTeX build the domain's indices give each entry's document under its label's
name; HTML keeps the name its links need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sphinx.domains import Index, IndexEntry

from ..core.domain import get_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx


def label_docname(docname: str) -> str:
    """``docname`` as the LaTeX writer's labels name it (``docname`` itself when it
    has nothing to escape)."""
    from sphinx.util.texescape import tex_replace_map

    escaped = docname.translate(tex_replace_map)
    escaped = escaped.encode("ascii", "backslashreplace").decode("ascii").replace("\\", "_")
    return docname if escaped == docname else f"\\detokenize{{{escaped}}}"


class LabelledIndex(Index):
    """An index of the domain whose entries name documents by their LaTeX labels."""

    inner: ClassVar[type[Index]]

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        content, collapse = self.inner(self.domain).generate(docnames)
        return [
            (group, [e._replace(docname=label_docname(e.docname)) for e in entries])
            for group, entries in content
        ], collapse


def labelled(index: type[Index]) -> type[Index]:
    """``index`` as a :class:`LabelledIndex` (same name and titles)."""
    if issubclass(index, LabelledIndex):
        return index
    names = {"name": index.name, "localname": index.localname, "shortname": index.shortname}
    return type(index.__name__, (LabelledIndex,), {"inner": index, **names})


def label_indices(app: Sphinx) -> None:
    """``builder-inited``: a LaTeX build's ADR indices name documents by their labels
    (the indices of this build's domain object only, so other builds keep theirs)."""
    if app.builder.format != "latex":
        return
    domain = get_domain(app.env)
    # the domain object's own list (Domain.__init__ copies the class's)
    domain.indices[:] = [labelled(index) for index in domain.indices]
