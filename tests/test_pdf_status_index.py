"""The PDF's status index links pages whose names hold ``#`` (issue 28, item 8).

The LaTeX writer puts an index entry's document name into the page reference as
it is, but labels the document with ``#`` escaped, so the status index's entry of
``0001-c#-client`` named a label that does not exist: an undefined reference in
the LaTeX log and ``??`` for its page in the PDF."""

from __future__ import annotations

import re

from test_print import _need, _pdf_build

_CONF = (
    'extensions = ["sphinxcontrib_adr"]\nproject = "hash"\n'
    'latex_documents = [("index", "hash.tex", "Hash", "Team", "manual")]\n'
)


def _adr(title: str, status: str, date: str) -> str:
    head = f"{title}\n{'=' * len(title)}\n\n"
    return f"{head}.. adr::\n   :status: {status}\n   :date: {date}\n\nText.\n"


def test_status_index_entries_of_pages_named_with_hash_resolve(tmp_path):
    _need("latexmk", "pdflatex", "pdftotext", "make")
    srcdir = tmp_path / "src"
    (srcdir / "decisions").mkdir(parents=True)
    (srcdir / "conf.py").write_text(_CONF, "utf-8")
    (srcdir / "index.rst").write_text(
        "Hash\n====\n\n.. toctree::\n   :glob:\n\n   decisions/*\n", "utf-8"
    )
    (srcdir / "decisions" / "0001-c#-client.rst").write_text(
        _adr("Write the client in C#", "accepted", "2024-01-01"), "utf-8"
    )
    (srcdir / "decisions" / "0002-rest.rst").write_text(
        _adr("Use REST", "proposed", "2024-01-02"), "utf-8"
    )
    # a non-ASCII name is labelled "_xe9": the same mismatch
    (srcdir / "decisions" / "0003-café-api.rst").write_text(
        _adr("Serve the café API", "accepted", "2024-01-03"), "utf-8"
    )
    text, log, outdir = _pdf_build(srcdir)
    flat = log.replace("\n", "")  # TeX wraps its log at 79 characters
    assert re.findall(r"(?:Hyper r|R)eference `[^']*' on page \d+ undefined", flat) == []
    assert "There were undefined references" not in flat
    tex = (outdir / "hash.tex").read_text("utf-8")
    # the entry names the label the writer gives the page ("#" as "_")
    assert "\\label{\\detokenize{decisions/0001-c_-client:adr-0001}}" in tex
    assert (
        "\\sphinxstyleindexpageref{\\detokenize{decisions/0001-c_-client}:\\detokenize{adr-0001}}"
    ) in tex
    # the entry shows in the PDF with a page number, not "??"
    index = text[text.rindex("ARCHITECTURE DECISION RECORDS BY STATUS") :]
    assert re.search(r"ADR-0001: Write the client in C# \(2024-01-?01\), \d+", index), index
    assert re.search(r"ADR-0002: Use REST \(2024-01-02\), \d+", index), index
    assert re.search(r"ADR-0003: Serve the café API \(2024-01-?03\), \d+", index), index
    assert "??" not in index
