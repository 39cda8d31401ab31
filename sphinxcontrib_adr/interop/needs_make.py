"""The sphinx-needs bridge making its needs: forgotten before reading, made from
the domain's records in ``needs-before-post-processing`` (main process, after
every document was read and merged), and the needs linking to each ADR noted
from the final needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.domain import get_domain
from ..core.warnings import warn
from .needs_specs import (
    ANCHORS,
    IDS,
    INCOMING_SHOWN,
    active,
    incoming_links,
    need_specs,
    need_types,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .needs_specs import NeedSpec


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, _docnames: list[str]) -> None:
    """Forget the needs made by the previous build (they are made anew from the domain),
    so they never collide with needs being read."""
    if not active(env.config):
        return
    from sphinx_needs.data import SphinxNeedsData

    domain = get_domain(env)
    # made anew when the needs are post-processed: never show the previous build's
    ANCHORS.put(domain, {})
    INCOMING_SHOWN.put(domain, {})
    data = SphinxNeedsData(env)
    if data.needs_is_post_processed:
        return
    ours = set(need_types(env.config).values())
    needs = data.get_needs_mutable()
    for need_id in IDS.of(domain):
        need = needs.get(need_id)
        if need is not None and need["is_import"] and need["type"] in ours:
            data.remove_need(need_id)


def on_needs_before_post_processing(app: Sphinx, needs: Any) -> None:
    """Add a need for every ADR and referencable child, unless the id is taken."""
    env = app.env
    domain = get_domain(env)
    made: list[str] = []
    anchors: dict[str, dict[str, str]] = {}
    make_need = _need_maker(app)
    for spec in need_specs(env):
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
    IDS.put(domain, made)
    ANCHORS.put(domain, anchors)


def _need_maker(app: Sphinx) -> Callable[[NeedSpec], Any]:
    """Makes the need of a spec through sphinx-needs' API (``None`` when it refuses,
    reported); its configuration and schema are looked up once per build."""
    from sphinx_needs.api import InvalidNeedException, generate_need
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.need_item import NeedItemSourceImport

    env = app.env
    needs_config = NeedsSphinxConfig(app.config)
    schema = SphinxNeedsData(env).get_schema()

    def make(spec: NeedSpec) -> Any:
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


def on_needs_before_sealing(app: Sphinx, needs: Any) -> None:
    """Which needs link to each ADR, from the final needs (once per build, before
    any page is written, so every writing process reads the same)."""
    domain = get_domain(app.env)
    INCOMING_SHOWN.put(domain, incoming_links(app.env, {adr.id for adr in domain.adrs()}, needs))
