"""The optional "Referenced by" field of each ADR (``adr_referenced_by``).

It lists the other documents that refer to the ADR (``:adr:`` roles,
``:any:``, MyST links), from the references each document recorded when it
was read. Those documents can change without the ADR changing, so the
incremental logic here is separate from the ADR views: after reading, the
list of referrers of every ADR (with the referrers' titles, which the field
shows) is compared with the previous build's, and the pages of ADRs whose
list changed are re-written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import clean_astext

from ..core.config import SettingError, add_config_value, connect_check
from ..core.datakey import DataKey
from ..core.domain import get_domain
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.locale import N_
from ..render import context as render
from ..render.metadata import AT_END, METADATA_FIELDS_EVENT

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.domain import ADRDomain
    from ..core.model import ADR
    from ..render.context import RenderContext

#: ADR key -> (its docname, ((referring docname, its title), ...))
_Snapshot = dict[str, tuple[str, tuple[tuple[str, str], ...]]]
#: the previous build's snapshot (none before the first build with the field on)
_SNAPSHOT: DataKey[_Snapshot | None] = DataKey("referrers", lambda: None)


def referrers(domain: ADRDomain, adr: ADR) -> list[str]:
    """Docnames (other than the ADR's own) whose text refers to ``adr``."""
    return sorted(domain.index.referring_docs.get(adr.key, frozenset()) - {adr.docname})


#: domain index -> {referenced key: docnames referring to it}. The domain
#: rebuilds its index whenever its data changes, so keying on the index object
#: computes the reverse index once per build instead of scanning every
#: document for each ADR page.
def _snapshot(env: BuildEnvironment) -> _Snapshot:
    domain = get_domain(env)
    result = {}
    for adr in domain.adrs():
        docs = referrers(domain, adr)
        titled = tuple((d, clean_astext(env.titles[d]) if d in env.titles else d) for d in docs)
        result[adr.key] = (adr.docname, titled)
    return result


def pages_to_rewrite(app: Sphinx, domain: ADRDomain, _changes: object) -> list[str]:
    """ADR pages whose *Referenced by* list changed since the previous build."""
    env = domain.env
    if not env.config.adr_referenced_by:
        return []
    new = _snapshot(env)
    old = _SNAPSHOT.of(domain)
    _SNAPSHOT.put(domain, new)
    if old is None:
        return []
    return sorted({entry[0] for key, entry in new.items() if old.get(key) != entry})


def referenced_by_field(
    _app: Sphinx, ctx: RenderContext, adr: ADR
) -> list[tuple[int, nodes.field]]:
    if not ctx.domain.env.config.adr_referenced_by:
        return []
    docs = referrers(ctx.domain, adr)
    if not docs:
        return []
    refs = []
    for docname in docs:
        xref = addnodes.pending_xref(
            "",
            nodes.inline(docname, docname, classes=["xref", "std", "std-doc"]),
            refdomain="std",
            reftype="doc",
            reftarget="/" + docname,
            refexplicit=False,
            refdoc=ctx.docname,
        )
        refs.append(xref)
    return [
        (
            AT_END,
            render.field(N_("Referenced by"), *render.joined(refs), classes=["adr-referenced-by"]),
        )
    ]


def _check_config(_app: Sphinx, config: Config) -> None:
    if not isinstance(config.adr_referenced_by, bool):
        raise SettingError(
            "adr_referenced_by",
            f"adr_referenced_by = {config.adr_referenced_by!r}: must be True or False",
        )


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_referenced_by",
        False,
        "Add a *Referenced by* field to each ADR's metadata, linking the other pages "
        "that refer to it (roles, ``:any:``, MyST links); kept current on incremental "
        "builds.",
    )
    app.connect(METADATA_FIELDS_EVENT, referenced_by_field)
    app.connect(PAGES_TO_REWRITE_EVENT, pages_to_rewrite)
    connect_check(app, _check_config)
