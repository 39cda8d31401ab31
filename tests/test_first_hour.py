"""What a new user's first hour found, each pinned by a test that failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_adr.cli.commands import main
from util import adr_warnings, domain_of, records_summary, warnings_of

LISTING_MISTAKES = [
    ":columns: 'statuz' is not a column",
    ":limit: 'many' is not a positive whole number",
    ":sort: '-dat' is not a sort key",
]


@pytest.mark.parametrize(("docname", "line", "what"), [
    ("index.rst", 9, "adr-table"),
    ("listing-md.md", 3, "adr-list"),
])  # fmt: skip
def test_every_listing_option_mistake_is_reported_in_one_build(
    build_once: Any, docname: str, line: int, what: str
) -> None:
    # three mistakes in one listing were one warning (the first raised hid the rest),
    # so a user fixed them one build at a time
    app = build_once("first-hour-listing")
    found = [w for w in adr_warnings(app, "filter") if w.basename == docname]
    assert sorted((w.line, w.message.split(";")[0]) for w in found) == [
        (line, f"{what}: {mistake}") for mistake in LISTING_MISTAKES
    ]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def _md_adr(title: str, adr_id: str) -> str:
    return f"# {title}\n\n```{{adr}}\n:id: {adr_id}\n:status: accepted\n:date: 2024-01-02\n```\n"


@pytest.mark.parametrize("syntax", ["md", "rst"])
def test_new_in_a_log_imported_with_id_format_takes_the_logs_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], syntax: str
) -> None:
    # 'import --id-format NYG-{number:03d}' writes :id: NYG-001 ... on every page; the
    # next ADR was ADR-0003 (adr_id_format), apart from its log and unknown to its
    # 'sphinx-adr status NYG-003 accepted'
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n',
            "index.rst": "Log\n===\n\n.. toctree::\n   :glob:\n\n   nygard/*\n",
            "nygard/0001-record.md": _md_adr("Record decisions", "NYG-001"),
            "nygard/0002-use-kafka.md": _md_adr("Use Kafka", "NYG-002"),
        },
    )
    monkeypatch.chdir(tmp_path)
    argv = ["new", "Use NATS", "-d", "nygard", "--date", "2024-05-06", "--format", syntax]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"created nygard/0003-use-nats.{syntax} (NYG-003)"
    )
    assert main(["status", "NYG-003", "accepted"]) == 0
    assert capsys.readouterr().out == (
        f"NYG-003: status accepted (was proposed) in nygard/0003-use-nats.{syntax}\n"
    )
    assert main(["list", "--columns", "id, status, title"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "NYG-001  accepted  Record decisions",
        "NYG-002  accepted  Use Kafka",
        "NYG-003  accepted  Use NATS",
    ]


def test_new_in_a_log4brains_log_continues_its_dates_and_slug_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a log4brains log names files by date and ADRs by file (imported: ':id: 20240110-
    # use-l4b'); new wrote 20240111-use-sphinx.md (the last date plus one) as ADR-20240111
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n',
            "l4b/20240110-use-l4b.md": _md_adr("Use Log4brains", "20240110-use-l4b"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Use Sphinx", "-d", "l4b", "--date", "2024-05-06"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "created l4b/20240506-use-sphinx.md (20240506-use-sphinx)"
    )
    assert main(["new", "Use Sphinx 2", "-d", "l4b", "--date", "2024-05-06", "-n"]) == 0
    assert ":id: 20240506-use-sphinx-2\n" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "text"), [
    ("0002-b.rst", "B\n=\n\n.. adr::\n   :status: accepted\n"),
    ("0002-b.md", "B\n=\n\n```{adr}\n:status: accepted\n```\n"),
])  # fmt: skip
def test_list_reads_a_one_character_title(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
) -> None:
    # docutils and MyST take 'B' over a one-character underline as the title; the
    # CLI wanted two characters and listed the ADR titled with its id
    _write(
        tmp_path,
        {"conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n', name: text},
    )
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--columns", "id, title"]) == 0
    assert capsys.readouterr().out.splitlines() == ["ID        TITLE", "ADR-0002  B"]


def test_list_names_the_options_typed_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'sphinx-adr list --status bogus' answered "filter: :status: 'bogus' ...", in the
    # words of adr-table's options, which the user did not type
    _write(
        tmp_path,
        {"conf.py": 'extensions = ["sphinxcontrib_adr"]\n', "0001-a.rst": _rst_adr("A")},
    )
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--status", "bogus", "--tags-match", "all"]) == 2
    assert capsys.readouterr().err == (
        "sphinx-adr list: error: --status 'bogus' is not a status; write one or several of "
        "proposed, accepted, rejected, deprecated, superseded separated by commas, '!' "
        "before a status to exclude it ('--status !superseded'); --tags-match needs "
        "--tags to apply to\n"
    )


def _rst_adr(title: str) -> str:
    return f"{title}\n{'=' * len(title)}\n\n.. adr::\n   :status: accepted\n"


@pytest.mark.parametrize(("name", "text"), [
    ("0001-bom.rst", "\ufeffNotepad\r\n=======\r\n\r\n.. adr::\r\n   :status: accepted\r\n"),
    ("0001-bom.md", "\ufeff# Notepad\r\n\r\n```{adr}\r\n:status: accepted\r\n```\r\n"),
])  # fmt: skip
def test_list_leaves_a_byte_order_mark_out_of_the_title(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
) -> None:
    # Windows editors start a file with U+FEFF; Sphinx drops it, list printed it as
    # the title's first (invisible) character, or in MyST saw no '# ' title at all
    _write(
        tmp_path,
        {"conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n'},
    )
    (tmp_path / name).write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--format", "json", "--columns", "id, title"]) == 0
    assert capsys.readouterr().out == (
        '[\n  {\n    "id": "ADR-0001",\n    "title": "Notepad"\n  }\n]\n'
    )


def test_a_tab_in_myst_adr_options_reads_as_in_rest(build_once: Any) -> None:
    # one tab in the block (':status:<TAB>accepted', an editor's habit) made MyST drop
    # every option: the ADR became 'proposed', undated, unrelated, with only MyST's
    # "Invalid options format" to say so, while reST and 'sphinx-adr list' read them
    app = build_once("first-hour-tabs", "text")
    assert warnings_of(app) == []
    _base, rst, md, _shown = records_summary(app)
    # the same record but for the id, and the link's source that names it
    assert (rst[1:9], rst[10:]) == (md[1:9], md[10:])
    assert rst[1:6] == ("Tabbed", "accepted", None, "2024-01-02", ("Ann Lee", "Bo"))
    assert (rst[9], md[9]) == (
        (("ADR-0002", "relates", "ADR-0001"),),
        (("ADR-0003", "relates", "ADR-0001"),),
    )
    # a block shown as an example inside another fence keeps its tab
    page = (app.outdir / "0004-shown.txt").read_text("utf-8")
    assert "   :status:\taccepted\n" in page


def test_list_reads_a_tab_inside_a_name_as_the_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # ':deciders: Ann<TAB>Lee': the reST build saw the tab expanded to the next tab
    # stop ('Ann     Lee'), MyST and 'sphinx-adr list' kept it: three spellings of one
    # name, which health and the deciders filter then counted as three people
    root = Path(__file__).parent.parent / "roots" / "test-first-hour-tabs"
    for source in root.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["list", "--format", "json", "--columns", "id, deciders"]) == 0
    listed = {row["id"]: row["deciders"] for row in json.loads(capsys.readouterr().out)}
    assert (listed["ADR-0002"], listed["ADR-0003"]) == (["Ann Lee", "Bo"], ["Ann Lee", "Bo"])


def test_a_duplicate_adrs_dangling_relation_is_reported(build_once: Any) -> None:
    # logs imported into one project without --id-format each have an ADR-0001; the
    # second and third were reported as duplicates, and their relations to ADRs that
    # exist nowhere were never checked: the user saw them only after renaming
    app = build_once("first-hour-duplicate")
    found = sorted((w.basename, w.line, w.message) for w in adr_warnings(app, "link"))
    assert found == [
        (
            "0001-second.rst",
            4,
            "ADR-0001 :relates: names 'ADR-0099', which is not an ADR of this project; "
            "check the id or remove the relation",
        ),
        (
            "0001-third.md",
            3,
            "ADR-0001 :supersedes: names 'ADR-0098', which is not an ADR of this project; "
            "check the id or remove the relation",
        ),
    ]
    assert len(adr_warnings(app, "duplicate")) == 2


def test_the_manuals_code_paths_hold_without_git(monkeypatch: pytest.MonkeyPatch) -> None:
    # the README's docs command run in a source tarball (a GitHub zip: no .git) failed
    # under -W: the code root was found from .git, so it was docs/, where none of the
    # decisions' :code: paths (sphinxcontrib_adr/core/read.py, ...) exists
    import runpy
    import sys

    monkeypatch.setattr(sys, "path", list(sys.path))  # conf.py adds its _ext folder
    docs = Path(__file__).resolve().parent.parent / "docs"
    namespace = runpy.run_path(str(docs / "conf.py"))
    root = (docs / namespace.get("adr_code_root", ".")).resolve()
    written = [
        path.strip()
        for page in sorted((docs / "decisions").glob("*.rst"))
        for line in page.read_text("utf-8").splitlines()
        if line.strip().startswith(":code:")
        for path in line.split(":", 2)[2].split(",")
    ]
    assert len(written) > 10
    assert [p for p in written if not any(root.glob(p.split(":")[0]))] == []


def test_review_names_the_file_as_status_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'status' and 'link' say "in decisions/0001-a.rst"; 'review' printed the absolute
    # path, a long line that differed from the others for the same file
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr"]\n',
            "decisions/0001-a.rst": _rst_adr("A"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["review", "ADR-0001", "--date", "2026-01-02"]) == 0
    assert main(["review", "ADR-0001", "--date", "2026-01-02"]) == 0
    assert main(["status", "ADR-0001", "deprecated"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ADR-0001: reviewed 2026-01-02 (was not written) in decisions/0001-a.rst",
        "ADR-0001 is already reviewed 2026-01-02 (decisions/0001-a.rst)",
        "ADR-0001: status deprecated (was accepted) in decisions/0001-a.rst",
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["lint"],
        ["review", "ADR-0001"],
        ["health"],
        ["changes", "HEAD~1..HEAD"],
        ["status", "ADR-0001", "accepted"],
    ],
)
def test_without_conf_py_every_command_names_where_it_looked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    # the commands look in ., docs/, doc/, docs/source/, doc/source/ and source/ (as
    # their --help says) but said "no conf.py found here or in docs/"
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"sphinx-adr {argv[0]}: error: no conf.py found in ., docs/, doc/, docs/source/, "
        "doc/source/ or source/; give the source directory with -C DIR\n"
    )


def test_new_says_when_it_chose_among_several_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # two logs imported side by side: new put the ADR into the bigger one and said
    # nothing, so a user adding to the other found it in the wrong log
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr"]\n',
            "index.rst": "Logs\n====\n\n.. toctree::\n   :glob:\n\n   */*\n",
            "web/0001-a.rst": _rst_adr("A"),
            "web/0002-b.rst": _rst_adr("B"),
            "pay/0001-c.rst": _rst_adr("C"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Use D", "--date", "2026-01-02"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "created web/0003-use-d.rst (ADR-0003)",
        "hint: ADRs are in 2 folders; this one holds the most. To add to another (pay), "
        "give --dir DIR, or set adr_directory in conf.py",
    ]
    assert main(["new", "Use E", "--date", "2026-01-02", "--dir", "pay"]) == 0
    assert capsys.readouterr().out == "created pay/0002-use-e.rst (ADR-0002)\n"


def test_a_misspelt_adr_subtype_in_suppress_warnings_is_said(build_once: Any) -> None:
    # suppress_warnings = ["adr.links"] silenced nothing and said nothing: the user
    # thought the dangling relation fixed, or the extension broken
    app = build_once("first-hour-suppress")
    found = [(w.basename, w.line, w.message, w.type) for w in warnings_of(app)]
    assert found == [
        (
            "conf.py",
            3,
            "suppress_warnings: 'adr.links' is not a warning of sphinxcontrib-adr, so it "
            "silences nothing; did you mean adr.link?",
            "adr.config",
        ),
        (
            "conf.py",
            3,
            "suppress_warnings: 'adr.nosuch' is not a warning of sphinxcontrib-adr, so it "
            "silences nothing; the warnings reference lists them",
            "adr.config",
        ),
        (
            "0001-one.rst",
            4,
            "ADR-0001 :relates: names 'ADR-0099', which is not an ADR of this project; "
            "check the id or remove the relation",
            "adr.link",
        ),
    ]


@pytest.mark.parametrize("fence", [":::", "```"])
def test_list_reads_myst_options_written_as_yaml_as_the_build_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    build_once: Any,
    fence: str,
) -> None:
    # MyST takes a directive's options as a YAML block between --- lines; the build
    # read them, 'sphinx-adr list' showed the ADR proposed, undated, untagged
    block = '---\nstatus: "accepted"\ndate: 2024-01-02\ntags: [api, web]\ndeciders: Ann, Bo\n---'
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n'
            'myst_enable_extensions = ["colon_fence"]\n',
            "index.md": "# Log\n\n```{toctree}\n0001-yaml\n```\n",
            "0001-yaml.md": f"# In YAML\n\n{fence}{{adr}}\n{block}\n{fence}\n\nText.\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    columns = "id, status, date, tags, deciders, title"
    assert main(["list", "--columns", columns]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[1:] == ["ADR-0001  accepted  2024-01-02  api, web  Ann, Bo   In YAML"]
    app = build_once(tmp_path, "text")
    assert warnings_of(app) == []
    [record] = records_summary(app)
    assert record[:9] == (
        "ADR-0001", "In YAML", "accepted", None, "2024-01-02", ("Ann", "Bo"), (), (),
        ("api", "web"),
    )  # fmt: skip


def test_new_supersedes_by_number_in_a_log_with_its_own_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # adr-tools habit: 'new -s 2' supersedes the log's ADR 2; in a log imported with
    # --id-format ('NYG-002' in 0002-use-kafka.md) it said "no such ADR", and so did
    # the file name; another log's ADR numbered 2 does not make it ambiguous
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n',
            "nygard/0001-record.md": _md_adr("Record decisions", "NYG-001"),
            "nygard/0002-use-kafka.md": _md_adr("Use Kafka", "NYG-002"),
            "odd/0002-other.md": _md_adr("Other", "ODD-002"),
        },
    )
    monkeypatch.chdir(tmp_path)
    argv = ["new", "Use NATS", "-d", "nygard", "--date", "2024-05-06", "--status", "accepted"]
    assert main([*argv, "-s", "2"]) == 0
    assert main(["status", "0001-record.md", "deprecated"]) == 0
    capsys.readouterr()
    assert main(["list", "--columns", "id, status, supersedes, superseded-by"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "NYG-001  deprecated",
        "NYG-002  superseded              NYG-003",
        "NYG-003  accepted    NYG-002",
        "ODD-002  accepted",
    ]


def test_a_number_two_logs_share_is_named_ambiguous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'status 2 accepted' in a project of two logs, both with a file numbered 2, said
    # "no such ADR", though there were two
    _write(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinxcontrib_adr", "myst_parser"]\n',
            "nygard/0002-use-kafka.md": _md_adr("Use Kafka", "NYG-002"),
            "odd/0002-other.md": _md_adr("Other", "ODD-002"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["status", "2", "deprecated"]) == 2
    assert capsys.readouterr().err == (
        "sphinx-adr status: error: status of 2: the files of 2 ADRs have the number 2: "
        "NYG-002 (nygard/0002-use-kafka), ODD-002 (odd/0002-other); name one by its id\n"
    )
    assert main(["status", "0002-other.md", "deprecated"]) == 0


def test_a_review_dated_after_today_is_a_date_warning(build_once: Any) -> None:
    # ':reviewed: 2062-11-01' (2026 mistyped) was taken as written: the next review
    # was counted from 2062 and the overdue decision looked fine for decades
    app = build_once("first-hour-reviewed")
    found = sorted((w.basename, w.line, w.message) for w in adr_warnings(app))
    message = (
        "adr: the :reviewed: '2062-11-01' is after today (2026-11-18); write the day the "
        "review was done (sphinx-adr review writes today's)"
    )
    assert found == [("0001-typo.rst", 4, message), ("0002-typo.md", 3, message)]
    reviewed = {adr.id: adr.reviewed for adr in domain_of(app).adrs()}
    assert reviewed == {"ADR-0001": None, "ADR-0002": None, "ADR-0003": "2026-11-18"}


def test_review_refuses_a_date_after_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # it wrote ':reviewed: 2062-11-01', which the build then warns about and ignores
    _write(
        tmp_path,
        {"conf.py": 'extensions = ["sphinxcontrib_adr"]\n', "0001-a.rst": _rst_adr("A")},
    )
    monkeypatch.chdir(tmp_path)
    assert main(["review", "ADR-0001", "--date", "2062-11-01"]) == 2
    assert capsys.readouterr().err == (
        "sphinx-adr review: error: --date 2062-11-01 is after today (2026-11-18); a review "
        "is dated the day it was done\n"
    )
    assert ":reviewed:" not in (tmp_path / "0001-a.rst").read_text("utf-8")
