"""A second project links to the first project's ADRs through intersphinx.

The first project (``roots/test-builders-rst``) is built to HTML; the second
(``roots/test-intersphinx-*``) reads its ``objects.inv`` from disk (no
network) and refers to its ADRs with ``:adr:``, ``:external+core:adr:adr:``
and ``:any:``.
"""

from __future__ import annotations

import re

import pytest

from util import copy_root, warnings_of


@pytest.fixture(scope="module")
def core_outdir(tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    srcdir = copy_root("builders-rst", tmp_path_factory.mktemp("core"))
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert (app.outdir / "objects.inv").is_file()
    return app.outdir


@pytest.fixture
def linked(make_app, tmp_path, core_outdir, syntax):
    srcdir = copy_root(f"intersphinx-{syntax}", tmp_path)
    mapping = {"core": (str(core_outdir), str(core_outdir / "objects.inv"))}
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"intersphinx_mapping": mapping}
    )
    app.build()
    return app


def _links(app) -> dict[str, tuple[str, str]]:
    """Link text -> (href, class) of every reference in the page body."""
    html = (app.outdir / "index.html").read_text("utf-8")
    body = html.split('<div class="body" role="main">', 1)[1].split("</section>", 1)[0]
    links = {}
    for match in re.finditer(r'<a class="([^"]*)" href="([^"]*)"[^>]*>(.*?)</a>', body, re.S):
        text = re.sub(r"<[^>]+>", "", match.group(3))
        links[text] = (match.group(2), match.group(1))
    return links


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_adr_role_resolves_through_intersphinx(linked, core_outdir, syntax):
    assert warnings_of(linked) == []
    links = _links(linked)
    base = str(core_outdir)
    assert (
        links["ADR-0002: Use PostgreSQL"][0] == f"{base}/decisions/0002-use-postgres.html#adr-0002"
    )
    assert links["their database"][0] == f"{base}/decisions/0002-use-postgres.html#adr-0002"
    assert links["SMALL-1: Use tabs in Makefiles"][0] == f"{base}/compact.html#small-1"
    assert "external" in links["ADR-0002: Use PostgreSQL"][1].split()


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_external_role_and_any_resolve_through_intersphinx(linked, core_outdir, syntax):
    links = _links(linked)
    base = str(core_outdir)
    assert links["ADR-0003: Cache in process"][0] == (
        f"{base}/decisions/0003-cache-in-process.html#adr-0003"
    )
    assert links["ADR-0001: Record architecture decisions"][0] == (
        f"{base}/decisions/0001-record-decisions.html#adr-0001"
    )


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_local_adrs_still_resolve_locally(linked, syntax):
    links = _links(linked)
    assert links["LOCAL-1: Using decisions of another project"][0] == "#local-1"


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_unknown_id_still_warns_with_intersphinx(make_app, tmp_path, core_outdir, syntax):
    srcdir = copy_root(f"intersphinx-{syntax}", tmp_path)
    index = next(srcdir.glob("index.*"))
    index.write_text(index.read_text("utf-8").replace("SMALL-1", "SMALL-9"), "utf-8")
    mapping = {"core": (str(core_outdir), str(core_outdir / "objects.inv"))}
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"intersphinx_mapping": mapping}
    )
    app.build()
    line = 1 + index.read_text("utf-8").splitlines().index(
        next(line for line in index.read_text("utf-8").splitlines() if "SMALL-9" in line)
    )
    assert [(w.basename, w.line, w.type) for w in warnings_of(app)] == [
        (index.name, line, "adr.ref")
    ]
