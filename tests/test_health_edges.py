"""What the health tests left out: ``sphinx-adr link X depends-on Y``, an unknown
kind in ``adr-health``'s ``:show:``, the health page's status bars in LaTeX, and
``:amends:`` counted as relying on what it amends (suspect links).

The link and LaTeX tests use the git repository of ``health_repo`` ("today" is
2026-11-18); the ``:amends:`` and ``:show:`` tests small projects without git.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from health_repo import make_health_repo
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_adr.cli.commands import main
from sphinxcontrib_adr.core.warnings import SUBTYPES
from util import adr_warnings

pytestmark = pytest.mark.adr("ADR-0027")

SYNTAXES = ("rst", "myst")
EXT = {"rst": "rst", "myst": "md"}
CONF = 'extensions = ["sphinxcontrib_adr"{myst}]\nproject = "p"\nexclude_patterns = ["_build"]\n'


def build(srcdir: Path, buildername: str = "text") -> SphinxTestApp:
    app = SphinxTestApp(buildername, srcdir=srcdir, freshenv=True)
    app.build()
    return app


def field(text: str, name: str) -> str | None:
    match = re.search(rf"^{name}:\n((?:   .*\n)+)", text, re.M)
    return " ".join(match.group(1).split()) if match else None


# --------------------------------------------------------------------------
# sphinx-adr link X depends-on Y


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_link_depends_on_writes_the_relation_and_the_build_shows_both_ends(
    tmp_path, capsys, syntax
):
    repo = make_health_repo(tmp_path, syntax)
    path = repo.path("0009-json-logs")
    before = path.read_text("utf-8")
    src = str(repo.srcdir)
    assert main(["link", "ADR-0009", "depends-on", "ADR-0004", "-C", src]) == 0
    assert capsys.readouterr().out.startswith("ADR-0009: depends-on ADR-0004 added in ")
    after = path.read_text("utf-8")
    option = ":depends-on: ADR-0004"
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [f"   {option}" if syntax == "rst" else option]  # one line, nothing else
    # again: nothing written twice; the fourth argument (adr-tools' habit) is accepted
    assert main(["link", "ADR-0009", "depends-on", "ADR-0004", "required-by", "-C", src]) == 0
    assert "ADR-0009 already depends-on ADR-0004" in capsys.readouterr().out
    assert path.read_text("utf-8") == after

    app = build(repo.srcdir)
    logs = (app.outdir / "decisions" / "0009-json-logs.txt").read_text("utf-8")
    assert field(logs, "Depends on") == "*ADR-0004: Queue jobs*"
    queue = (app.outdir / "decisions" / "0004-queue.txt").read_text("utf-8")
    assert "*ADR-0009: Log as JSON*" in (field(queue, "Required by") or "")
    assert "*ADR-0009: Log as JSON* (depends on it)" in (field(queue, "Impact") or "")
    # ADR-0004 changed (2026-09-01) after ADR-0009's last review (2025-02-01)
    (suspect,) = [w for w in adr_warnings(app, "suspect") if "0009" in Path(w.file).name]
    assert suspect.message.startswith("ADR-0009 is suspect: depends on ADR-0004, which changed in ")
    assert suspect.message.endswith(
        "on 2026-09-01, after its last review (2025-02-01); review ADR-0009 against it "
        "and run 'sphinx-adr review ADR-0009'"
    )
    app.cleanup()


# --------------------------------------------------------------------------
# :amends: counts as relying on what it amends


AMENDS = {
    "rst": """\
ADR-{n:04d}: Decision {n}
=================

.. adr::
   :status: {status}
   :date: {date}
{extra}
Why.
""",
    "myst": """\
# ADR-{n:04d}: Decision {n}

:::{{adr}}
:status: {status}
:date: {date}
{extra}:::

Why.
""",
}


def amends_project(tmp_path: Path, syntax: str, relation: str) -> Path:
    src = tmp_path / syntax
    (src / "decisions").mkdir(parents=True)
    myst = ', "myst_parser"' if syntax == "myst" else ""
    conf = CONF.format(myst=myst) + ('myst_enable_extensions = ["colon_fence"]\n' if myst else "")
    (src / "conf.py").write_text(conf, "utf-8")
    toc = (
        "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"
        if syntax == "rst"
        else "# Log\n\n```{toctree}\n:glob:\n\ndecisions/*\n```\n"
    )
    (src / f"index.{EXT[syntax]}").write_text(toc, "utf-8")
    indent = "   " if syntax == "rst" else ""
    ones = {
        1: ("superseded (2026-06-01)", "2025-01-01", ""),
        2: ("accepted", "2026-06-01", f"{indent}:supersedes: ADR-0001\n"),
        3: ("accepted", "2026-01-15", f"{indent}:{relation}: ADR-0001\n"),
    }
    for n, (status, date, extra) in ones.items():
        text = AMENDS[syntax].format(n=n, status=status, date=date, extra=extra)
        (src / "decisions" / f"{n:04d}-decision.{EXT[syntax]}").write_text(text, "utf-8")
    return src


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_an_adr_amending_a_superseded_one_is_suspect(tmp_path, syntax):
    app = build(amends_project(tmp_path, syntax, "amends"))
    (suspect,) = adr_warnings(app, "suspect")
    assert Path(suspect.file).name == f"0003-decision.{EXT[syntax]}"
    assert suspect.message == (
        "ADR-0003 is suspect: amends ADR-0001, which became superseded (by ADR-0002) on "
        "2026-06-01, after its last review (2026-01-15); review ADR-0003 against it and "
        "run 'sphinx-adr review ADR-0003'"
    )
    old = (app.outdir / "decisions" / "0001-decision.txt").read_text("utf-8")
    assert field(old, "Impact") == "decisions: *ADR-0003: Decision 3* (amends it)"
    app.cleanup()


def test_a_mere_relation_to_a_superseded_adr_is_not_suspect(tmp_path):
    app = build(amends_project(tmp_path, "rst", "relates"))
    assert adr_warnings(app, "suspect") == []
    app.cleanup()


# --------------------------------------------------------------------------
# adr-health :show: with a kind that does not exist


SHOW = {
    "rst": "Health\n======\n\n.. adr-health::\n   :show: overdue, bogus\n\nAfter the page.\n",
    "myst": "# Health\n\n:::{adr-health}\n:show: overdue, bogus\n:::\n\nAfter the page.\n",
}


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_an_unknown_kind_in_show_is_one_warning_and_the_page_builds(tmp_path, syntax):
    src = amends_project(tmp_path, syntax, "amends")
    index = src / f"index.{EXT[syntax]}"
    index.write_text(index.read_text("utf-8") + "\n" + SHOW[syntax].split("\n", 2)[2], "utf-8")
    app = build(src, "html")
    (warning,) = [w for w in adr_warnings(app) if w.type != "adr.suspect"]
    assert warning.type == "adr.value"
    assert "value" in SUBTYPES  # documented: docs/reference/warnings.rst is built from it
    assert (Path(warning.file).name, warning.line) == (index.name, 10 if syntax == "rst" else 9)
    assert warning.message == (
        "adr-health: :show: bogus is not a kind; write some of overdue, stale, suspect, "
        "approval, confirmation, revisit, untraced"
    )
    page = (app.outdir / "index.html").read_text("utf-8")
    assert "After the page." in page
    assert "adr-health" not in page  # no dashboard showing less than was asked
    app.cleanup()


# --------------------------------------------------------------------------
# the status bars in LaTeX


def test_the_status_bars_print_as_rules_in_latex(tmp_path):
    repo = make_health_repo(tmp_path, "rst")
    app = build(repo.srcdir, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text("utf-8")
    # 9 ADRs: 7 accepted, 1 proposed, 1 superseded; a bar 4 cm long for them all
    assert re.findall(r"\\rule\{[\d.]+cm\}\{0\.7em\}", tex) == [
        "\\rule{0.44cm}{0.7em}",
        "\\rule{3.11cm}{0.7em}",
        "\\rule{0.44cm}{0.7em}",
    ]
    assert "<svg" not in tex and "adr-health-bar" not in tex
    app.cleanup()
