"""Hostile logs of other projects (``adr_external``): issue 25's findings 1, 3, 5,
8, 9, 10, 11 and 19, each pinned by a test that failed before the gate
(``interop/gate.py``) and the bounded reader (``interop/fetch.py``).

``roots/test-external-hostile-{rst,myst}`` set ``adr_external`` in their
``conf.py`` (line 5) to ``evil/adrs.json`` and ``good/adrs.json``, which the
tests write; the pages refer to ``evil:ADR-0001`` and ``-0002`` with the role,
a relation, a table and a graph.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import re
import signal
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_adr.interop.fetch import FetchError, read_limited
from sphinxcontrib_adr.interop.gate import clean_text, safe_uri
from util import adr_warnings, copy_root, warnings_of

SYNTAXES = ("rst", "myst")
#: the line of the roots' conf.py that sets adr_external
CONF_LINE = 5


def _adr(adr_id: str, **values: Any) -> dict[str, Any]:
    item = {"id": adr_id, "title": f"Title {adr_id}", "status": "accepted"}
    item["uri"] = f"{adr_id.lower()}.html"
    item.update(values)
    return item


def _log(*adrs: dict[str, Any]) -> str:
    return json.dumps({"format": "sphinxcontrib-adr", "version": 2, "adrs": list(adrs)})


GOOD = _log(_adr("ADR-0001"), _adr("ADR-0002"))


def _project(tmp_path: Path, syntax: str, evil: str, good: str = GOOD) -> Path:
    srcdir = copy_root(f"external-hostile-{syntax}", tmp_path)
    for name, text in (("evil", evil), ("good", good)):
        (srcdir / name).mkdir()
        (srcdir / name / "adrs.json").write_text(text, "utf-8")
    return srcdir


def _build(make_app, srcdir: Path, builder: str = "html", freshenv: bool = True, **conf: Any):
    app = make_app(builder, srcdir=srcdir, freshenv=freshenv, confoverrides=conf)
    app.build()
    return app


def _external(app) -> list[tuple[str, int | None, str]]:
    return [(w.basename, w.line, w.message) for w in adr_warnings(app, "external")]


def _left_out(srcdir: Path, what: str) -> tuple[str, int, str]:
    return (
        "conf.py",
        CONF_LINE,
        f"adr_external['evil']: evil/adrs.json: left out {what}; the rest of its log is "
        "used (its project should check its export)",
    )


# --------------------------------------------------------------------------
# finding 1: script links


#: what browsers run or render from a link, however it is written
_DANGER_RE = re.compile(r"^(javascript|data|vbscript):")
_LINK_ATTR_RE = re.compile(r'(?:href|xlink:href|src|action)\s*=\s*"([^"]*)"', re.I)


def _as_browser_reads(uri: str) -> str:
    """A link as a browser judges its scheme: entities decoded, whitespace and
    control characters anywhere removed, lower case."""
    for _ in range(3):
        uri = html.unescape(uri)
    return re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\ufeff]", "", uri).lower()


def _dangerous_links(outdir: Path) -> list[str]:
    """Every link in every HTML page (SVG graphs inline) and every ``uri`` of the
    written adrs.json that a browser would run."""
    found = []
    for page in outdir.rglob("*.html"):
        for match in _LINK_ATTR_RE.finditer(page.read_text("utf-8")):
            if _DANGER_RE.match(_as_browser_reads(match.group(1))):
                found.append(f"{page.name}: {match.group(1)}")
    export = outdir / "adrs.json"
    if export.exists():
        found += [
            u
            for u in _json_uris(json.loads(export.read_text("utf-8")))
            if _DANGER_RE.match(_as_browser_reads(u))
        ]
    return found


def _json_uris(data: object) -> list[str]:
    if isinstance(data, dict):
        return [
            *(v for k, v in data.items() if k == "uri" and isinstance(v, str)),
            *(u for v in data.values() for u in _json_uris(v)),
        ]
    if isinstance(data, list):
        return [u for v in data for u in _json_uris(v)]
    return []


SCRIPT_URIS = {
    "ADR-0001": "javascript:alert(document.domain)//://",
    "ADR-0002": " JavaScript:alert(2)",
    "ADR-0003": "java\tscript:alert(3)",
    "ADR-0004": "data:text/html,<script>alert(4)</script>",
    "ADR-0005": "VBScript:msgbox(5)",
    "ADR-0006": "javascript&#58;alert(6)",
    "ADR-0007": "\x01javascript:alert(7)",
}


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_script_uri_in_a_foreign_log_leaves_the_adr_without_a_link(make_app, tmp_path, syntax):
    adrs = [_adr(i, uri=u) for i, u in SCRIPT_URIS.items()]
    # related, so both ends are drawn in the graph (ADRs without relations are listed)
    relation = {"source": "ADR-0008", "kind": "relates", "target": "ADR-0005"}
    adrs.append(_adr("ADR-0008", uri="https://evil.example/8.html", links=[relation]))
    srcdir = _project(tmp_path, syntax, _log(*adrs))
    app = _build(make_app, srcdir)
    outdir = Path(app.outdir)
    assert _dangerous_links(outdir) == []
    assert _external(app) == [
        _left_out(
            srcdir,
            "7 page links with a scheme other than http(s) (such as "
            "'javascript:alert(document.domain)//://')",
        )
    ]
    index = (outdir / "index.html").read_text("utf-8")
    # the ADRs stay, as text: in the role, the table and the graph
    assert "evil:ADR-0001: Title ADR-0001</span></span>" in index
    assert index.count("evil:ADR-0005") >= 2
    assert 'href="https://evil.example/8.html"' in index
    assert 'xlink:href="https://evil.example/8.html"' in index
    page = (outdir / "0001-local.html").read_text("utf-8")
    assert (
        '<span class="adr-ref adr-status-accepted adr-external"><span class="xref adr adr-ref '
        'adr-status-accepted adr-external">evil:ADR-0002: Title ADR-0002</span></span>'
    ) in page


def test_base_url_with_a_script_scheme_is_a_config_warning(make_app, tmp_path):
    srcdir = _project(tmp_path, "rst", GOOD)
    conf = {"adr_external": {"evil": {"json": "evil/adrs.json", "base_url": " JaVaScript:x/"}}}
    app = _build(make_app, srcdir, **conf)
    [warning] = adr_warnings(app, "config")
    assert warning.message.startswith(
        "adr_external['evil']['base_url']: ' JaVaScript:x/' is a javascript: URL; write an "
        "http(s) URL or a path"
    )
    assert _dangerous_links(Path(app.outdir)) == []


_SCHEMES = st.sampled_from(["javascript", "data", "vbscript", "http", "https", "ftp", "file"])
_NOISE = st.text(alphabet="\t\n\r \x00\x01\x0b\x1f\x7f\u200b", max_size=2)


@st.composite
def hostile_uris(draw: st.DrawFn) -> str:
    """A URI as a hostile log may write it: the scheme in mixed case, with
    whitespace and control characters before it and inside it."""
    scheme = draw(_SCHEMES)
    cut = draw(st.integers(0, len(scheme)))
    cased = "".join(c.upper() if draw(st.booleans()) else c for c in scheme)
    noisy = draw(_NOISE) + cased[:cut] + draw(_NOISE) + cased[cut:]
    colon = draw(st.sampled_from([":", "&#58;", "&colon;", "&#x3a;"]))
    return noisy + colon + draw(st.sampled_from(["alert(1)", "//x/", "text/html,<b>"]))


@given(hostile_uris())
@settings(max_examples=2000, deadline=None)
def test_no_generated_uri_passes_the_gate_with_a_script_scheme(uri):
    kept = safe_uri(uri)
    assert kept is None or not _DANGER_RE.match(_as_browser_reads(kept))


@pytest.mark.parametrize("syntax", SYNTAXES)
@given(uris=st.lists(hostile_uris(), min_size=40, max_size=40))
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_generated_uri_becomes_a_script_link_in_any_output(make_app, tmp_path, syntax, uris):
    folder = tmp_path / f"p{time.monotonic_ns()}"
    folder.mkdir()
    adrs = [_adr(f"ADR-{n + 1:04d}", uri=uri) for n, uri in enumerate(uris)]
    # relations from the other log too: relation fields and graph edges show them
    good = _log(
        _adr(
            "ADR-0001", links=[{"source": "ADR-0001", "kind": "relates", "target": "evil:ADR-0003"}]
        ),
        _adr("ADR-0002"),
    )
    srcdir = _project(folder, syntax, _log(*adrs), good)
    app = _build(make_app, srcdir)
    assert _dangerous_links(Path(app.outdir)) == []
    assert len(_external(app)) <= 1


# --------------------------------------------------------------------------
# text: findings 5, 10, 19


def test_clean_text_keeps_words_and_drops_what_breaks_outputs():
    assert clean_text("Evil\n\n title\t\x00with \ud800nul\x1b \ufffe ") == "Evil title with nul"
    assert clean_text("caf\u00e9 \U0001f600 \u00e9t\u00e9") == "caf\u00e9 \U0001f600 \u00e9t\u00e9"


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_lone_surrogate_in_a_related_foreign_adr_is_removed_not_a_crash(make_app, tmp_path, syntax):
    evil = _log(_adr("ADR-0001", title="Broken \ud800text", tags=["a\udfffb"]), _adr("ADR-0002"))
    srcdir = _project(tmp_path, syntax, evil)
    app = _build(make_app, srcdir)
    assert warnings_of(app) == []
    page = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert "evil:ADR-0001: Broken text" in page
    assert '"title": "Broken text"' in (Path(app.outdir) / "adrs.json").read_text("utf-8")


def test_blank_line_in_a_foreign_title_becomes_one_space_for_latex(make_app, tmp_path):
    evil = _log(_adr("ADR-0001", title="Two\n\nparagraphs\r\n\r\nof title"), _adr("ADR-0002"))
    srcdir = _project(tmp_path, "rst", evil)
    app = _build(make_app, srcdir, "latex")
    assert warnings_of(app) == []
    [tex] = Path(app.outdir).glob("*.tex")
    text = tex.read_text("utf-8")
    assert "Two paragraphs of title" in text
    assert not re.search(r"Two\s*\n\s*\n", text)


def test_control_characters_from_a_foreign_log_keep_epub_pages_well_formed(make_app, tmp_path):
    controls = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
    evil = _log(
        _adr("ADR-0001", title=f"Bell{controls}end", status="accepted\x0c", tags=["t\x08ag"]),
        _adr("ADR-0002", title="NUL\x00 and\x7f DEL \x85 \u2028"),
    )
    srcdir = _project(tmp_path, "rst", evil)
    app = _build(make_app, srcdir, "epub")
    assert warnings_of(app) == []
    [book] = Path(app.outdir).glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        pages = [n for n in archive.namelist() if n.endswith(".xhtml")]
        assert "index.xhtml" in pages
        for name in pages:
            ET.fromstring(archive.read(name))  # raises on malformed XML
        index = archive.read("index.xhtml").decode("utf-8")
    assert "evil:ADR-0001: Bell end" in index
    assert "evil:ADR-0002: NUL and DEL" in index


def test_nul_in_a_foreign_title_keeps_the_graph(make_app, tmp_path):
    relation = {"source": "ADR-0001", "kind": "relates", "target": "ADR-0002"}
    evil = _log(_adr("ADR-0001", title="Null\x00byte", links=[relation]), _adr("ADR-0002"))
    srcdir = _project(tmp_path, "rst", evil)
    app = _build(make_app, srcdir)
    assert warnings_of(app) == []
    index = (Path(app.outdir) / "index.html").read_text("utf-8")
    # one drawing (not the fallback list), holding the cleaned title
    [drawing] = re.findall(r'<svg[^>]*class="adr-graph-svg".*?</svg>', index, re.S)
    assert "Nullbyte" in drawing


# --------------------------------------------------------------------------
# ids: finding 8


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_foreign_and_repeated_ids_of_a_log_are_left_out_with_one_warning(
    make_app, tmp_path, syntax
):
    evil = _log(
        _adr("ADR-0001"),
        _adr(
            "ADR-0002",
            links=[{"source": "good:ADR-0001", "kind": "supersedes", "target": "good:ADR-0002"}],
        ),
        _adr("good:ADR-0001", title="Spoofed"),
        _adr("evil:ADR-0001", title="Again"),
        _adr("ADR 3 <b>"),
    )
    srcdir = _project(tmp_path, syntax, evil)
    app = _build(make_app, srcdir)
    assert _external(app) == [
        _left_out(
            srcdir,
            "1 ADRs claiming another project's id (such as 'good:ADR-0001'); 1 ADRs "
            "repeating an id of the log (such as 'evil:ADR-0001'); 1 ADRs with an unusable "
            "id (such as 'ADR 3 <b>'); 1 relations between two other ADRs (such as "
            "'good:ADR-0001 supersedes good:ADR-0002')",
        )
    ]
    index = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert "Spoofed" not in index
    assert "Again" not in index
    assert "supersedes" not in index.lower()
    rows = re.findall(r"<tr class=\"[^\"]*\">.*?</tr>", index, re.S)
    ids = [re.sub(r"<[^>]+>", "", r).split("Title")[0] for r in rows]
    assert len([i for i in ids if "good:ADR-0001" in i]) == 1


def test_what_was_left_out_is_said_again_on_an_incremental_build(make_app, tmp_path):
    evil = _log(_adr("ADR-0001", uri="data:x"), _adr("ADR-0002"))
    srcdir = _project(tmp_path, "rst", evil)
    first = _build(make_app, srcdir)
    (srcdir / "index.rst").touch()
    second = _build(make_app, srcdir, freshenv=False)
    assert (
        _external(first)
        == _external(second)
        == [_left_out(srcdir, "1 page links with a scheme other than http(s) (such as 'data:x')")]
    )


# --------------------------------------------------------------------------
# reading: findings 3, 9, 11, 19


def test_warning_points_at_the_line_that_sets_adr_external(make_app, tmp_path):
    srcdir = _project(tmp_path, "rst", GOOD)
    (srcdir / "evil" / "adrs.json").unlink()
    app = _build(make_app, srcdir)
    assert [(w.basename, w.line) for w in adr_warnings(app)] == [("conf.py", CONF_LINE)]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_deleted_local_log_is_dropped_on_an_incremental_build_as_on_a_clean_one(
    make_app, tmp_path, syntax
):
    srcdir = _project(tmp_path, syntax, GOOD)
    first = _build(make_app, srcdir)
    assert warnings_of(first) == []
    (srcdir / "evil" / "adrs.json").unlink()
    incremental = _build(make_app, srcdir, freshenv=False)
    clean = _build(make_app, srcdir)
    said = [(w.type, w.message) for w in warnings_of(incremental)]
    assert said == [(w.type, w.message) for w in warnings_of(clean)]
    assert (
        "adr.external",
        "adr_external['evil']: evil/adrs.json cannot be read (No such "
        "file or directory); its ADRs are left out; check the path or URL (a URL is read "
        "once, then cached)",
    ) in said
    assert (Path(incremental.outdir) / "index.html").read_text("utf-8").count("evil:ADR-0001") == (
        Path(clean.outdir) / "index.html"
    ).read_text("utf-8").count("evil:ADR-0001")


class _Alarm(Exception):
    pass


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _Alarm


def test_fifo_as_log_is_refused_not_a_hang(make_app, tmp_path):
    srcdir = _project(tmp_path, "rst", GOOD)
    (srcdir / "evil" / "adrs.json").unlink()
    os.mkfifo(srcdir / "evil" / "adrs.json")
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(20)  # before the fix the build waited for a writer forever
    try:
        app = _build(make_app, srcdir)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert _external(app) == [
        (
            "conf.py",
            CONF_LINE,
            f"adr_external['evil']: evil/adrs.json cannot be read ({srcdir}/evil/adrs.json is "
            "a FIFO, not a file); its ADRs are left out; check the path or URL (a URL is "
            "read once, then cached)",
        )
    ]


def test_device_as_log_is_refused_without_reading_it(make_app, tmp_path):
    srcdir = _project(tmp_path, "rst", GOOD)
    app = _build(make_app, srcdir, adr_external={"evil": "/dev/zero"})
    [(_file, _line, message)] = _external(app)
    assert "(/dev/zero is a device, not a file)" in message


def test_a_log_over_the_size_cap_is_refused(tmp_path):
    big = tmp_path / "adrs.json"
    big.write_bytes(b" " * 1001)
    with pytest.raises(FetchError, match=r"^larger than 1000 bytes$"):
        read_limited("adrs.json", base=tmp_path, timeout=5, max_bytes=1000)
    assert read_limited("adrs.json", base=tmp_path, timeout=5, max_bytes=1001) == b" " * 1001


class _Hostile(http.server.BaseHTTPRequestHandler):
    """/drip sends one byte a second for ever; /ftp redirects to ftp://; /big is large."""

    def do_GET(self) -> None:
        if self.path == "/ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1:9/adrs.json")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()
            self._send(b"x" * 4096, times=1000, pause=0)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self._send(b" ", times=10_000, pause=1)

    def _send(self, data: bytes, times: int, pause: float) -> None:
        try:
            for _ in range(times):
                self.wfile.write(data)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:  # the reader hung up: what the test wants
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_dripping_server_cannot_hold_the_reader_past_its_deadline(hostile_server):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"^not read within 1 s$"):
        read_limited(f"{hostile_server}/drip", base=Path(), timeout=1)
    assert time.monotonic() - start < 3


def test_dripping_server_cannot_hold_the_build_past_the_timeout(make_app, tmp_path, hostile_server):
    srcdir = _project(tmp_path, "rst", GOOD)
    conf = {"adr_external": {"evil": f"{hostile_server}/drip"}, "adr_external_timeout": 2}
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=conf)
    start = time.monotonic()
    app.build()
    assert time.monotonic() - start < 2 + 2
    [(_file, _line, message)] = _external(app)
    assert "cannot be read (not read within 2 s)" in message


def test_redirect_to_another_scheme_is_refused(make_app, tmp_path, hostile_server):
    srcdir = _project(tmp_path, "rst", GOOD)
    app = _build(make_app, srcdir, adr_external={"evil": f"{hostile_server}/ftp"})
    [(_file, _line, message)] = _external(app)
    assert "cannot be read (redirected to a ftp: URL; only http(s) is read)" in message


def test_large_response_is_cut_at_the_cap(hostile_server):
    with pytest.raises(FetchError, match=r"^larger than 100000 bytes$"):
        read_limited(f"{hostile_server}/big", base=Path(), timeout=10, max_bytes=100_000)
