"""The sphinx-needs bridge: ADRs (and alternatives, risks) take part in needs'
traceability when ``sphinx_needs`` is one of the project's extensions.

Nothing here runs, imports sphinx-needs or warns unless it is loaded.

How it fits both tools' models:

- The needs are made from the ``adr`` domain once per build, in sphinx-needs'
  ``needs-before-post-processing`` event (main process, after every document
  was read and merged), so serial and ``-j`` builds agree and relations
  declared on either end are known. Links and back links are then computed
  by sphinx-needs like for its own needs, so a requirement's ``:links:
  ADR-0007`` works, and ``needtable`` / ``needflow`` show ADRs.
- Each need lives at its record's document and anchor: the need id is added
  to the ids of the ADR's section (or the child's node) when the page is
  written, so needs' links land on the ADR.
- ADR pages show the needs that link to them ("Linked from needs").
- Incremental builds: pages with sphinx-needs directives (listings, graphs)
  are re-written when the ADR-made needs change (ADRs, alternatives, risks,
  compared from the data the needs are made of), pages naming one with
  ``:need:`` when it changes, ADR pages when the needs linking to them change.
- Everything derived per build (made ids, anchors, incoming links) is kept as
  plain data in the domain's data and recomputed every build, never cached on
  objects that outlive a build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..core.config import LinkKind, SettingError, add_config_value, connect_check
from ..core.domain import get_domain
from ..core.incremental import PAGES_TO_REWRITE_EVENT
from ..core.locale import N_, translate
from ..core.model import id_key
from ..core.read import DOC_READ_EVENT
from ..core.warnings import warn
from ..render import context as render
from ..render.metadata import AT_END, METADATA_FIELDS_EVENT

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.domain import ADRDomain
    from ..core.model import ADR
    from ..render.context import RenderContext


DEFAULT_TYPES = {
    "adr": "decision",
    "alternative": "decision-option",
    "risk": "decision-risk",
}
_TITLES = {
    "adr": N_("Decision"),
    "alternative": N_("Decision option"),
    "risk": N_("Decision risk"),
}
_COLORS = {"adr": "#9ccaf7", "alternative": "#d9e8f7", "risk": "#f7c6a3"}
_STYLES = {"adr": "node", "alternative": "card", "risk": "card"}
# Kept in the domain's data (plain, picklable values; recomputed once per build):
#: the ids of the needs made in this build
_IDS_KEY = "needs_ids"
#: docname -> {anchor: need id} of those needs (where ``NeedAnchors`` adds the ids)
_ANCHORS_KEY = "needs_anchors"
#: what the needs listings show of them, compared by the next build (``_Spec.shown``)
_SHOWN_KEY = "needs_shown"
#: ADR id -> needs linking to it, read before post-processing (compared by the next build)
_INCOMING_KEY = "needs_incoming"
#: the same from the final needs (links extended and resolved): what ADR pages show
_INCOMING_SHOWN_KEY = "needs_incoming_shown"


def active(config: Config) -> bool:
    """True when sphinx-needs is one of the project's extensions."""
    return "sphinx_needs" in (config.extensions or ())


def need_types(config: Config) -> dict[str, str]:
    """ADR object type (``adr``, ``alternative``, ``risk``) -> need type."""
    value = config.adr_needs_types
    return dict(value) if isinstance(value, dict) else {}


# --------------------------------------------------------------------------
# configuration


def _check_config(app: Sphinx, config: Config) -> None:
    value = config.adr_needs_types
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise SettingError(
            "adr_needs_types",
            f"adr_needs_types = {value!r}: must be a dict of ADR object type ('adr', "
            "'alternative', 'risk') -> sphinx-needs type name, such as "
            f"{DEFAULT_TYPES!r}",
        )
    if not active(config):
        return
    from docutils.parsers.rst import directives as rst_directives
    from sphinx_needs.api import add_need_type
    from sphinx_needs.config import NeedsSphinxConfig

    known = {t["directive"] for t in NeedsSphinxConfig(config).types}
    for objtype, type_name in value.items():
        if type_name in known:
            continue  # the project configured it (prefix, colour, style are its own)
        existing = getattr(rst_directives, "_directives", {}).get(type_name)
        if existing is not None and getattr(existing, "__module__", "").startswith(__package__):
            # sphinx-needs registers a directive per type: it would replace ours
            raise SettingError(
                "adr_needs_types",
                f"adr_needs_types = {value!r}: sphinx-needs would register a directive "
                f"{type_name!r} for the need type, replacing this extension's directive of "
                "that name; choose another type name",
            )
        add_need_type(
            app,
            type_name,
            translate(_TITLES.get(objtype, LinkKind.label(objtype))),  # in the project's language
            f"{type_name.upper().replace('-', '_')}_",
            _COLORS.get(objtype, "#ffffff"),
            _STYLES.get(objtype, "node"),
        )
        known.add(type_name)


# --------------------------------------------------------------------------
# making the needs


def _records(domain: ADRDomain) -> Iterator[tuple[str, object]]:
    """``(object type, record)`` for ADRs and every referencable child."""
    for adr in domain.adrs():
        yield "adr", adr
        for child in domain.children(adr):
            target = child.target()
            if target is not None:
                # named by the object type's label: "alt" is an "alternative"
                objtype = target.objtype
                declared = domain.object_types.get(objtype)
                yield (declared.lname if declared else objtype), child


def _link_field(kind: str, link_fields: set[str]) -> str:
    # a needs link type named like the relation keeps its meaning; else plain links
    return kind if kind in link_fields else "links"


def _adr_links(domain: ADRDomain, adr: ADR, link_fields: set[str]) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for kind, reverse, other in domain.links_of(adr):
        target = domain.get(other)
        if reverse or target is None:
            continue  # stored once, on the source: sphinx-needs computes the back link
        links.setdefault(_link_field(kind.name, link_fields), []).append(target.id)
    return links


def _on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, _docnames: list[str]) -> None:
    """Forget the needs made by the previous build (they are made anew from the domain),
    so they never collide with needs being read."""
    if not active(env.config):
        return
    from sphinx_needs.data import SphinxNeedsData

    domain_data = get_domain(env).data
    # made anew when the needs are post-processed: never show the previous build's
    domain_data.pop(_ANCHORS_KEY, None)
    domain_data.pop(_INCOMING_SHOWN_KEY, None)
    data = SphinxNeedsData(env)
    if data.needs_is_post_processed:
        return
    ours = set(need_types(env.config).values())
    needs = data.get_needs_mutable()
    for need_id in get_domain(env).data.get(_IDS_KEY, ()):
        need = needs.get(need_id)
        if need is not None and need["is_import"] and need["type"] in ours:
            data.remove_need(need_id)


class _Spec(NamedTuple):
    """What one record's need is made of (plain data: compared across builds)."""

    objtype: str
    need_type: str
    need_id: str
    title: str
    status: str | None
    tags: tuple[str, ...]
    docname: str
    lineno: int
    anchor: str
    links: tuple[tuple[str, tuple[str, ...]], ...]

    def shown(self) -> tuple[Any, ...]:
        # everything a needs listing can show of the need; not the line number, so
        # editing above an ADR does not re-write every listing
        return self._replace(lineno=0)


def _specs(env: BuildEnvironment) -> list[_Spec]:
    """The needs to make from the domain's records, in the order of ``_records``.

    The single source of both the needs and the snapshot that decides which
    pages incremental builds re-write, so the two cannot disagree.
    """
    from sphinx_needs.data import SphinxNeedsData

    domain = get_domain(env)
    link_fields = set(SphinxNeedsData(env).get_schema().iter_link_field_names())
    types = need_types(env.config)
    specs: list[_Spec] = []
    for objtype, record in _records(domain):
        need_type = types.get(objtype)
        if need_type is None:
            continue
        if objtype == "adr":
            adr: ADR = record  # type: ignore[assignment]
            need_id, title, docname, anchor = adr.id, adr.title, adr.docname, adr.anchor
            lineno = adr.lineno
            status: str | None = adr.status
            tags = tuple(adr.tags)
            links = _adr_links(domain, adr, link_fields)
        else:
            target = record.target()  # type: ignore[attr-defined]
            need_id, title = target.name, target.dispname or target.text
            docname, anchor = target.docname, target.anchor
            lineno = int(getattr(record, "lineno", 0) or 0)
            verdict = getattr(record, "verdict", None) or getattr(record, "status", None)
            status = str(verdict) if verdict else None
            tags = ()
            parent = domain.get(str(getattr(record, "adr", "")))
            links = {"links": [parent.id]} if parent is not None else {}
        specs.append(
            _Spec(
                objtype,
                need_type,
                need_id,
                title,
                status,
                tags,
                docname,
                lineno,
                anchor,
                tuple((field, tuple(ids)) for field, ids in links.items()),
            )
        )
    return specs


def _on_needs_before_post_processing(app: Sphinx, needs: Any) -> None:
    """Add a need for every ADR and referencable child, unless the id is taken."""
    env = app.env
    domain = get_domain(env)
    made: list[str] = []
    anchors: dict[str, dict[str, str]] = {}
    make_need = _need_maker(app)
    for spec in _specs(env):
        existing = needs.get(spec.need_id)
        if existing is not None:
            where = existing["docname"] or existing["external_url"] or "another source"
            warn(
                f"{spec.need_id} is also the id of a sphinx-needs need ({where}), so the "
                f"{spec.objtype} is not added to sphinx-needs; rename one of them",
                "needs",
                (spec.docname, spec.lineno),
            )
            continue
        need = make_need(spec)
        if need is None:
            continue
        needs[spec.need_id] = need
        made.append(spec.need_id)
        anchors.setdefault(spec.docname, {})[spec.anchor] = spec.need_id
    domain.data[_IDS_KEY] = made
    domain.data[_ANCHORS_KEY] = anchors


def _need_maker(app: Sphinx) -> Callable[[_Spec], Any]:
    """Makes the need of a spec through sphinx-needs' API (``None`` when it refuses,
    reported); its configuration and schema are looked up once per build."""
    from sphinx_needs.api import InvalidNeedException, generate_need
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.need_item import NeedItemSourceImport

    env = app.env
    needs_config = NeedsSphinxConfig(app.config)
    schema = SphinxNeedsData(env).get_schema()

    def make(spec: _Spec) -> Any:
        docname = spec.docname
        suffix = env.doc2path(docname).suffix if docname in env.all_docs else ".rst"
        try:
            return generate_need(
                needs_config,
                schema,
                spec.need_type,
                spec.title,
                # "imported" from the ADR records: its id follows the ADR's, not
                # needs_id_regex, like any need whose source is outside the needs
                need_source=NeedItemSourceImport(docname=docname, lineno=spec.lineno, path="adr"),
                id=spec.need_id,
                doctype=suffix,
                status=spec.status,
                tags=list(spec.tags),
                **{field: list(ids) for field, ids in spec.links},  # type: ignore[arg-type]
            )
        except InvalidNeedException as err:
            warn(
                f"{spec.need_id} cannot become a sphinx-needs need: {err.message}",
                "needs",
                (docname, spec.lineno),
            )
            return None

    return make


def _on_needs_before_sealing(app: Sphinx, needs: Any) -> None:
    """Which needs link to each ADR, from the final needs (once per build, before
    any page is written, so every writing process reads the same)."""
    domain = get_domain(app.env)
    domain.data[_INCOMING_SHOWN_KEY] = _incoming(app.env, {adr.id for adr in domain.adrs()}, needs)


# --------------------------------------------------------------------------
# pages


class NeedAnchors(SphinxPostTransform):
    """Give each ADR (and child) section the id of its need, where needs link to."""

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        if not active(self.config):
            return
        by_doc: dict[str, dict[str, str]] = get_domain(self.env).data.get(_ANCHORS_KEY) or {}
        if self.document.get("docname"):
            # a tree assembled from many documents (singlehtml, latex, texinfo):
            # their ids are not in the document's index, look at every node once
            self._add_ids({a: n for anchors in by_doc.values() for a, n in anchors.items()})
            return
        missing: dict[str, str] = {}
        for anchor, need_id in (by_doc.get(self.env.docname) or {}).items():
            node = self.document.ids.get(anchor)
            if isinstance(node, nodes.Element) and anchor in node["ids"]:
                if need_id not in node["ids"]:
                    node["ids"].append(need_id)
            else:
                missing[anchor] = need_id
        if missing:  # a node was replaced since it was indexed
            self._add_ids(missing)

    def _add_ids(self, wanted: dict[str, str]) -> None:
        if not wanted:
            return
        for node in self.document.findall(nodes.Element):
            ids: list[str] = list(node.get("ids", ()))
            for anchor in ids:
                need_id = wanted.get(anchor)
                if need_id and need_id not in node["ids"]:
                    node["ids"].append(need_id)


def _incoming(
    env: BuildEnvironment, adr_ids: set[str], needs: Any
) -> dict[str, list[tuple[str, str, str]]]:
    """ADR id -> ``(need id, title, docname)`` of the needs (not made by this bridge)
    whose links name it."""
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    made = set(get_domain(env).data.get(_IDS_KEY, ()))
    link_fields = list(data.get_schema().iter_link_field_names())
    result: dict[str, set[tuple[str, str, str]]] = {}
    for need_id, need in needs.items():
        if need_id in made:
            continue
        for field in link_fields:
            for link in need.get(field) or ():
                target = str(getattr(link, "id", link))
                if target in adr_ids:
                    result.setdefault(target, set()).add(
                        (need_id, str(need["title"]), str(need["docname"] or ""))
                    )
    return {key: sorted(value) for key, value in result.items()}


def incoming_field(_app: Sphinx, ctx: RenderContext, adr: ADR) -> list[tuple[int, nodes.field]]:
    """The "Linked from needs" field of an ADR's metadata block."""
    env = ctx.domain.env
    if not active(env.config):
        return []
    shown: dict[str, list[tuple[str, str, str]]] = ctx.domain.data.get(_INCOMING_SHOWN_KEY) or {}
    found = shown.get(adr.id, [])
    if not found:
        return []
    refs = [
        nodes.inline(
            f"{need_id}: {title}",
            f"{need_id}: {title}",
            classes=["adr-need-ref"],
            adr_need_id=need_id,
            adr_need_doc=docname,
        )
        for need_id, title, docname in found
    ]
    return [
        (AT_END, render.field("Linked from needs", *render.joined(refs), classes=["adr-needs"]))
    ]


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn the "Linked from needs" items into links (the builder is known only here)."""
    if not active(app.config):
        return
    for item in list(doctree.findall(nodes.inline)):
        need_id = item.get("adr_need_id")
        if not need_id:
            continue
        target_doc = item.get("adr_need_doc")
        if not target_doc:
            continue
        content = nodes.inline(item.astext(), item.astext(), classes=["adr-need-ref"])
        try:
            ref = make_refnode(app.builder, docname, target_doc, need_id, content, need_id)
        except Exception:  # a builder without page URIs keeps the plain text
            continue
        item.replace_self(ref)


def _collect_need_refs(app: Sphinx, doctree: nodes.document) -> None:
    """Note the ADRs and children a page names with sphinx-needs' ``:need:`` role (it
    shows the need's title), so the page is re-written when they change."""
    if not active(app.config):
        return
    from sphinx_needs.roles.need_ref import NeedRef

    doc = get_domain(app.env).doc(app.env.docname)
    for ref in doctree.findall(NeedRef):
        target = str(ref.get("reftarget") or "")
        if target:
            # "ID.part" names a part of need ID (and is also how children are named)
            doc.refs.update({id_key(target), id_key(target.split(".", 1)[0])})


def _pages_to_rewrite(_app: Sphinx, domain: ADRDomain, _changes: object) -> list[str]:
    """Pages to re-write: needs listings when the ADR-made needs change, ADR pages
    when the needs linking to them change."""
    env = domain.env
    if not active(env.config):
        return []
    from sphinx_needs.data import SphinxNeedsData

    data = SphinxNeedsData(env)
    # read before post-processing: the needs of this build's documents, without ours
    # (forgotten in env-before-read-docs, made at the start of the writing)
    needs: Any = data.get_needs_view() if data.needs_is_post_processed else data.get_needs_mutable()
    # a spec whose id a user's need takes is not made (that need is listed instead)
    shown = sorted(spec.shown() for spec in _specs(env) if spec.need_id not in needs)
    incoming = _incoming(env, {adr.id for adr in domain.adrs()}, needs)
    old_shown, old_incoming = domain.data.get(_SHOWN_KEY), domain.data.get(_INCOMING_KEY)
    domain.data[_SHOWN_KEY], domain.data[_INCOMING_KEY] = shown, incoming
    if old_shown is None or old_incoming is None:
        return []
    docs: set[str] = set()
    if shown != old_shown:
        # every page with a sphinx-needs directive (needs, listings, graphs: sphinx-needs
        # files them all under "all"); pages naming a need in ``:need:`` re-write through
        # their references (``_collect_need_refs``)
        docs.update(data.get_or_create_docs().get("all", ()))
    for adr_id in set(incoming) | set(old_incoming):
        if incoming.get(adr_id) != old_incoming.get(adr_id):
            adr = domain.get(adr_id)
            if adr is not None:
                docs.add(adr.docname)
    return sorted(docs)


def register(app: Sphinx) -> None:
    add_config_value(
        app,
        "adr_needs_types",
        DEFAULT_TYPES,
        "With sphinx-needs loaded: the need type each kind of record becomes "
        "(``adr``, ``alternative``, ``risk`` -> type name). A type the project does not "
        "configure in ``needs_types`` is added; leave a kind out to keep it out of "
        "sphinx-needs.",
    )
    # after sphinx-needs resolved needs_types (priority 12)
    connect_check(app, _check_config, priority=800)
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    app.connect(PAGES_TO_REWRITE_EVENT, _pages_to_rewrite)
    app.connect(DOC_READ_EVENT, _collect_need_refs)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.add_post_transform(NeedAnchors)
    app.connect(METADATA_FIELDS_EVENT, incoming_field)
    # sphinx-needs' event exists only once it is set up, which may be after this
    # extension: connect when every extension is loaded
    app.connect("builder-inited", _connect_needs_event)


def _connect_needs_event(app: Sphinx) -> None:
    if "sphinx_needs" in app.extensions:
        app.connect("needs-before-post-processing", _on_needs_before_post_processing)
        app.connect("needs-before-sealing", _on_needs_before_sealing)
