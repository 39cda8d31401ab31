"""sphinx-adr import's report and the shapes it adds since the parsers: statuses as
the pages will have them, paths relative to the working directory, the
``adr_page_title_format`` hint for numbered titles, GitHub alerts written as
admonitions, and a status word outside ``adr_statuses`` keeping its date."""

from __future__ import annotations

import pytest
from test_import_shapes import build, import_log, write_log

ALERTS = """\
# Alerts

* Status: accepted

> [!NOTE]
> Read the **whole** log first.
lazy line

> [!WARNING]
> ```sh
> rm -rf /
> ```

> A plain quote stays.

> [!UNKNOWN]
> Not an alert GitHub knows: a quote.
"""

ALERTS_PAGE = """\
# Alerts

```{adr}
:status: accepted
```

```{note}
Read the **whole** log first.
lazy line
```

````{warning}
```sh
rm -rf /
```
````

> A plain quote stays.

> [!UNKNOWN]
> Not an alert GitHub knows: a quote.
"""


def test_github_alerts_become_admonitions(tmp_path, capsys):
    log = write_log(tmp_path / "log", {"0001-alerts.md": ALERTS})
    site = tmp_path / "site"
    code, _out, err = import_log(capsys, str(log), "--out", str(site / "decisions"))
    assert (code, err) == (0, "")
    assert (site / "decisions" / "0001-alerts.md").read_text("utf-8") == ALERTS_PAGE
    _data, warnings = build(site, builder="text")
    assert warnings == []


def test_an_alert_inside_an_option_becomes_an_admonition_inside_the_alternative(tmp_path, capsys):
    text = (
        "# Pick\n\n## Considered Options\n\n### Keep it\n\n> [!CAUTION]\n> It is old.\n\n"
        '### Drop it\n\nNew.\n\n## Decision Outcome\n\nChosen option: "Drop it".\n'
    )
    log = write_log(tmp_path / "log", {"0001-pick.md": text})
    site = tmp_path / "site"
    assert import_log(capsys, str(log), "--out", str(site / "decisions"))[0] == 0
    page = (site / "decisions" / "0001-pick.md").read_text("utf-8")
    assert (
        "~~~{alternative} Keep it\n:verdict: rejected\n\n```{caution}\nIt is old.\n```\n~~~\n"
    ) in page
    data, warnings = build(site)
    assert warnings == []
    assert [a["verdict"] for a in data["ADR-0001"]["children"]["alternative"]] == [
        "rejected",
        "chosen",
    ]


def test_two_logs_are_told_apart_by_their_paths_from_the_working_directory(tmp_path, capsys):
    bad = "---\nstatus: accepted\nupdated: -\n---\n# Bad\n"
    write_log(tmp_path / "team-a" / "adr", {"0001-bad.md": bad})
    write_log(tmp_path / "team-b" / "adr", {"0001-bad.md": bad})
    code, out, _err = import_log(
        capsys,
        "team-a/adr",
        "team-b/adr",
        "--out",
        str(tmp_path / "out"),
        "--dry-run",
        cwd=tmp_path,
    )
    assert code == 0
    shown = [line.split(": the front")[0] for line in out.splitlines() if "front matter" in line]
    assert shown == ["warning: team-a/adr/0001-bad.md", "warning: team-b/adr/0001-bad.md"]


def test_titles_numbered_like_their_files_get_the_page_title_format_hint(tmp_path, capsys):
    files = {
        "0001-record.md": "# 1. Record decisions\n\nText.\n",
        "0017-use-x.md": "# 17. Use X\n\nText.\n",
        "0018-plain.md": "# Plain\n\nText.\n",
    }
    log = write_log(tmp_path / "log", files)
    code, out, _err = import_log(capsys, str(log), "--dry-run")
    assert code == 0
    assert (
        "note: 2 titles start with their ADR's number (e.g. '1. Record decisions'), kept as "
        "written; to number every page title the same way, remove those numbers and set "
        'adr_page_title_format = "{id}: {title}" in conf.py'
    ) in out.splitlines()
    _code, out, _err = import_log(
        capsys, str(write_log(tmp_path / "b", {"0001-p.md": "# P\n"})), "--dry-run"
    )
    assert "adr_page_title_format" not in out


PROVISIONAL = {
    "0001-bullet.md": "# One\n\n* Status: Provisional (2025-03-18)\n\nText.\n",
    "0002-paragraph.md": "# Two\n\nStatus: Provisional (2025-03-18)\n\nText.\n",
    "0003-front.md": "---\nstatus: Provisional (2025-03-18)\n---\n# Three\n\nText.\n",
    "0004-section.md": "# Four\n\n## Status\n\nProvisional (2025-03-18)\n\n## Context\n\nT.\n",
    "0005-field.rst": "Five\n====\n\n:Status: Provisional (2025-03-18)\n\nText.\n",
    "0006-section.rst": "Six\n===\n\nStatus\n------\n\nProvisional (2025-03-18)\n\n"
    "Context\n-------\n\nText.\n",
}


@pytest.mark.parametrize("name", sorted(PROVISIONAL))
def test_a_status_word_outside_adr_statuses_keeps_its_date(tmp_path, capsys, name):
    log = write_log(tmp_path / "log", {name: PROVISIONAL[name]})
    site = tmp_path / "site"
    code, out, _err = import_log(capsys, str(log), "--out", str(site / "decisions"))
    assert code == 0
    suggested = next(line.strip() for line in out.splitlines() if "adr_statuses =" in line)
    data, warnings = build(site, conf=suggested + "\n")
    assert warnings == []
    adr = data["ADR-0001"] if "ADR-0001" in data else next(iter(data.values()))
    assert (adr["status"], adr["status_date"], adr["date"]) == (
        "provisional",
        "2025-03-18",
        "2025-03-18",
    )
