"""The source scanner and the tracing configuration, without building documents."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from sphinxcontrib_adr.trace import codescan as codescan
from sphinxcontrib_adr.trace.code import parse_code
from sphinxcontrib_adr.trace.codescan import Scanner
from sphinxcontrib_adr.trace.globs import glob_regex
from sphinxcontrib_adr.trace.settings import find_code_root, git_commit, id_marker
from util import adr_warnings, bad_setting


def _write(root, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")


def _found(result) -> list[tuple[str, int, str]]:
    return [(m.path, m.line, m.id) for m in result.markers]


def test_markers_count_only_in_comments_of_each_language(tmp_path):
    _write(tmp_path, "a.py", 'x = "ADR-0001"  # ADR-0002\n"""ADR-0003 in a docstring"""\n')
    _write(tmp_path, "b.go", 'var s = "// ADR-0004"\n/*\n  ADR-0005\n*/\nf() // ADR-0006\n')
    _write(tmp_path, "c.sql", "SELECT 'ADR-0007'; -- ADR-0008\n")
    _write(tmp_path, "d.html", "<p>ADR-0009</p><!-- ADR-0010 -->\n")
    _write(tmp_path, "e.rs", "fn f<'a>(x: &'a str) {} // ADR-0011\n")
    result = Scanner(tmp_path, ["**"]).scan()
    assert _found(result) == [
        ("a.py", 1, "ADR-0002"),
        ("b.go", 3, "ADR-0005"),
        ("b.go", 5, "ADR-0006"),
        ("c.sql", 1, "ADR-0008"),
        ("d.html", 1, "ADR-0010"),
        ("e.rs", 1, "ADR-0011"),
    ]


def test_keywords_restrict_markers_and_cover_lists(tmp_path):
    _write(tmp_path, "a.ts", "// Implements: ADR-0001, ADR-0002\n// unlike ADR-0003\n")
    result = Scanner(tmp_path, ["*.ts"], keywords=["Implements"]).scan()
    assert _found(result) == [("a.ts", 1, "ADR-0001"), ("a.ts", 1, "ADR-0002")]


def test_default_marker_follows_the_id_format_and_normalises_numbers(tmp_path):
    marker = id_marker("DEC-{number:03d}")
    _write(tmp_path, "a.py", "# DEC-7 and DEC-012 but not XDEC-1 or ADR-0001\n")

    def normalise(match: re.Match[str]) -> str:
        return "DEC-{number:03d}".format(number=int(match["number"]))

    result = Scanner(tmp_path, ["*.py"], marker=marker, normalise=normalise).scan()
    assert [m.id for m in result.markers] == ["DEC-007", "DEC-012"]


def test_gitignore_excludes_and_negations(tmp_path):
    _write(tmp_path, ".gitignore", "build/\n*.gen.py\n!keep.gen.py\n/top.py\n")
    _write(tmp_path, "sub/.gitignore", "local.py\n")
    for rel in (
        "build/a.py",
        "x.gen.py",
        "keep.gen.py",
        "top.py",
        "sub/top.py",
        "sub/local.py",
        "vendor/v.py",
        "ok.py",
    ):
        _write(tmp_path, rel, "# ADR-0001\n")
    result = Scanner(tmp_path, ["**/*.py"], exclude=["vendor"]).scan()
    assert sorted(m.path for m in result.markers) == ["keep.gen.py", "ok.py", "sub/top.py"]
    all_files = Scanner(tmp_path, ["**/*.py"], gitignore=False).scan()
    assert len(all_files.markers) == 8


def test_symlink_loops_and_links_out_of_the_root_are_harmless(tmp_path):
    root = tmp_path / "root"
    _write(root, "src/a.py", "# ADR-0001\n")
    _write(tmp_path, "outside.py", "# ADR-0002\n")
    os.symlink(root, root / "src" / "loop")  # a directory link back up
    os.symlink(tmp_path / "outside.py", root / "src" / "out.py")
    os.symlink(root / "src" / "self.py", root / "src" / "self.py")  # a link to itself
    os.symlink(root / "src" / "a.py", root / "src" / "alias.py")  # inside: scanned
    result = Scanner(root, ["**/*.py"]).scan()
    assert sorted(_found(result)) == [
        ("src/a.py", 1, "ADR-0001"),
        ("src/alias.py", 1, "ADR-0001"),
    ]
    assert result.problems == []


def test_unreadable_huge_binary_and_non_utf8_files(tmp_path, monkeypatch):
    _write(tmp_path, "secret.py", "# ADR-0001\n")
    _write(tmp_path, "huge.py", "# ADR-0002\n" + "x = 1\n" * 2000)
    _write(tmp_path, "blob.py", b"# ADR-0003\x00\x01")
    _write(tmp_path, "latin.py", b"# caf\xe9\n# ADR-0004 \xff\n")
    real = codescan.read_bytes

    def deny(path):
        if path.endswith("/secret.py"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(codescan, "read_bytes", deny)
    result = Scanner(tmp_path, ["*.py"], max_bytes=1000).scan()
    assert _found(result) == [("latin.py", 2, "ADR-0004")]
    problems = dict(result.problems)
    assert "Permission denied" in problems["secret.py"]
    assert "adr_code_scan_max_bytes" in problems["huge.py"]
    assert "blob.py" not in problems  # binary files are skipped silently
    # an unreadable file is retried next time (permissions do not change mtime)
    monkeypatch.setattr(codescan, "read_bytes", real)
    again = Scanner(tmp_path, ["*.py"], max_bytes=1000).scan(result.cache)
    assert ("secret.py", 1, "ADR-0001") in _found(again)
    assert again.read == 1


def test_warm_scan_reads_only_changed_files(tmp_path):
    for i in range(30):
        _write(tmp_path, f"pkg/m{i}.py", f"# ADR-{i:04d}\n")
    scanner = Scanner(tmp_path, ["pkg/*.py"])
    cold = scanner.scan()
    assert (cold.files, cold.read) == (30, 30)
    warm = scanner.scan(cold.cache)
    assert (warm.files, warm.read) == (30, 0)
    assert _found(warm) == _found(cold)
    _write(tmp_path, "pkg/m3.py", "# nothing here any more\n")
    changed = scanner.scan(warm.cache)
    assert changed.read == 1
    assert ("pkg/m3.py", 1, "ADR-0003") not in _found(changed)


def test_progress_wraps_batches_of_long_scans(tmp_path):
    for i in range(1200):
        _write(tmp_path, f"f{i}.py", "x = 1\n")
    seen: list[int] = []

    def progress(batches):
        seen.append(len(batches))
        return batches

    Scanner(tmp_path, ["*.py"]).scan(progress=progress)
    assert seen == [3]


@pytest.mark.parametrize(
    ("glob", "matches", "misses"),
    [
        ("src/**/*.py", ["src/a.py", "src/x/y/a.py"], ["a.py", "src/a.pyc"]),
        ("**/*.go", ["a.go", "x/y.go"], ["a.gox"]),
        ("src/[ab]?.ts", ["src/a1.ts"], ["src/c1.ts", "src/a/1.ts"]),
        ("src/*", ["src/a"], ["src/a/b"]),
    ],
)
def test_glob_regex(glob, matches, misses):
    rx = re.compile(glob_regex(glob))
    assert all(rx.fullmatch(m) for m in matches)
    assert not any(rx.fullmatch(m) for m in misses)


def test_gitignore_outside_a_work_tree_reads_patterns_as_git_does(tmp_path):
    # "/build/" is anchored: src/build/ is not ignored; "[z-a]" is dropped, not fatal
    _write(tmp_path, ".gitignore", "# comment\n/build/\nnode_modules/\n[z-a]\n")
    _write(tmp_path, "src/.gitignore", "*.gen.py\n")
    _write(tmp_path, "src/deep/.gitignore", "!keep.gen.py\n")
    for rel in ("build/a.py", "src/build/b.py", "node_modules/m.py", "src/node_modules/n.py"):
        _write(tmp_path, rel, "# ADR-0001\n")
    for rel in ("src/x.gen.py", "src/deep/keep.gen.py", "src/deep/y.gen.py"):
        _write(tmp_path, rel, "# ADR-0001\n")
    result = Scanner(tmp_path, ["**/*.py"]).scan()
    assert sorted(m.path for m in result.markers) == ["src/build/b.py", "src/deep/keep.gen.py"]


def _git(cwd, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_inside_a_work_tree_git_decides_what_is_ignored(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _write(tmp_path, "excludes", "*.local.py\n")
    _git(repo, "config", "core.excludesFile", str(tmp_path / "excludes"))
    _write(repo, ".gitignore", "/build/\n*.gen.py\n")
    _write(repo, ".git/info/exclude", "scratch/\n")
    for rel in ("build/a.py", "src/build/b.py", "x.gen.py", "tracked.gen.py"):
        _write(repo, rel, "# ADR-0001\n")
    for rel in ("scratch/s.py", "me.local.py", "ok.py"):
        _write(repo, rel, "# ADR-0001\n")
    _git(repo, "add", "-f", "tracked.gen.py")  # a tracked file is never ignored
    # the code root is a folder of the work tree, as adr_code_root usually is
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    result = Scanner(repo, ["**/*.py"]).scan()
    assert sorted(m.path for m in result.markers) == ["ok.py", "src/build/b.py", "tracked.gen.py"]
    below = Scanner(repo / "src", ["**/*.py"]).scan()
    assert [m.path for m in below.markers] == ["build/b.py"]


@pytest.mark.parametrize(
    ("raw", "path", "start", "end", "refused"),
    [
        ("src/a.py", "src/a.py", None, None, False),
        ("src/a.py:42", "src/a.py", 42, None, False),
        ("src/a.py:20-10", "src/a.py", 10, 20, False),
        ("./src/../src/a.py", "src/a.py", None, None, False),
        ("../../etc/passwd", "../../etc/passwd", None, None, True),
        ("src/../../x", "src/../../x", None, None, True),
        ("/etc/passwd", "/etc/passwd", None, None, True),
        ("C:\\win\\x.py", "C:/win/x.py", None, None, True),
    ],
)
def test_parse_code_entries(raw, path, start, end, refused):
    spec = parse_code(raw)
    assert (spec.path, spec.start, spec.end, bool(spec.problem)) == (path, start, end, refused)


def test_code_root_is_the_repository_root_above_conf_py(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    docs = tmp_path / "repo" / "docs"
    docs.mkdir()
    assert find_code_root(docs) == (tmp_path / "repo").resolve()
    alone = tmp_path / "alone"
    alone.mkdir()
    assert find_code_root(alone) == alone.resolve()


def test_commit_is_read_from_git_files(tmp_path):
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("1234abcd\n")
    assert git_commit(tmp_path) == "1234abcd"
    (git / "refs" / "heads" / "main").unlink()
    (git / "packed-refs").write_text("# pack-refs\nfeedbeef refs/heads/main\n")
    assert git_commit(tmp_path) == "feedbeef"
    (git / "HEAD").write_text("cafe0123\n")  # detached
    assert git_commit(tmp_path) == "cafe0123"
    assert git_commit(tmp_path / "nowhere") is None


# --------------------------------------------------------------------------
# configuration errors name the setting


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"adr_code_url": "https://x/{path}#L{lineno}"}, "adr_code_url"),
        ({"adr_code_url": "https://x/{path"}, "adr_code_url"),
        ({"adr_code_marker": "ADR-(\\d+"}, "adr_code_marker"),
        ({"adr_code_marker": "x*"}, "adr_code_marker"),
        ({"adr_code_scan": "src/**"}, "adr_code_scan"),
        ({"adr_code_scan": ["../outside/**"]}, "adr_code_scan"),
        ({"adr_code_scan_exclude": [3]}, "adr_code_scan_exclude"),
        ({"adr_code_root": "no/such/dir"}, "adr_code_root"),
        ({"adr_code_keywords": "Implements"}, "adr_code_keywords"),
        ({"adr_code_scan_max_bytes": 0}, "adr_code_scan_max_bytes"),
        ({"adr_tickets": {"JIRA": ("[A-Z+-\\d+", None)}}, "adr_tickets['JIRA']"),
        ({"adr_tickets": {"GH": ("#\\d+", "https://x/{number}")}}, "adr_tickets['GH']"),
        ({"adr_tickets": {"GH": 42}}, "adr_tickets['GH']"),
        ({"adr_tickets": ["JIRA"]}, "adr_tickets"),
        ({"adr_tickets": {"J": ("[a-z]+(?i)-\\d+", None)}}, "adr_tickets['J']"),
    ],
)
def test_bad_configuration_is_a_config_error_naming_the_setting(
    make_app, tmp_path, overrides, named
):
    # written in conf.py: command-line overrides would turn a string into a list
    settings = "".join(f"{name} = {value!r}\n" for name, value in overrides.items())
    (tmp_path / "conf.py").write_text("extensions = ['sphinxcontrib_adr']\n" + settings)
    (tmp_path / "index.rst").write_text("Index\n=====\n")
    app = make_app("html", srcdir=tmp_path)
    bad_setting(app, named, overrides.get(named))


def test_leading_inline_flags_in_a_ticket_pattern_work_in_text(make_app, tmp_path):
    (tmp_path / "conf.py").write_text(
        "extensions = ['sphinxcontrib_adr']\n"
        "adr_tickets = {'J': (r'(?i)[a-z]+-\\d+', 'https://t/{id}')}\n"
    )
    (tmp_path / "0001-x.rst").write_text(
        "X\n=\n\n.. adr::\n   :tickets: kb-1\n\nTracked in KB-2.\n"
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   0001-x\n")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    html = (app.outdir / "0001-x.html").read_text()
    assert 'href="https://t/kb-1"' in html and 'href="https://t/KB-2"' in html


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_a_code_path_too_long_for_the_file_system_warns_instead_of_crashing(
    make_app, tmp_path, syntax
):
    long_name = "x" * 300 + ".py"
    conf = "extensions = ['sphinxcontrib_adr', 'myst_parser']\n"
    conf += "myst_enable_extensions = ['colon_fence']\nadr_code_root = '.'\n"
    (tmp_path / "conf.py").write_text(conf)
    if syntax == "rst":
        page = f"X\n=\n\n.. adr::\n   :code: {long_name}\n\nAfter.\n"
        (tmp_path / "0001-x.rst").write_text(page)
    else:
        page = f"# X\n\n:::{{adr}}\n:code: {long_name}\n:::\n\nAfter.\n"
        (tmp_path / "0001-x.md").write_text(page)
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   0001-x\n")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    (warning,) = adr_warnings(app, "code_missing")
    assert warning.basename.startswith("0001-x") and warning.line in (3, 4)
    assert "cannot be checked" in warning.message
    assert "After." in (app.outdir / "0001-x.html").read_text()


def test_the_package_marks_where_it_implements_this_projects_decisions():
    # what docs/conf.py scans: markers name real decisions, the founding two among them
    import runpy
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    conf = runpy.run_path(str(repo / "docs" / "conf.py"))
    fmt = conf["adr_id_format"]
    scanner = Scanner(
        repo,
        conf["adr_code_scan"],
        marker=id_marker(fmt),
        normalise=lambda m: fmt.format(number=int(m["number"])),
        keywords=conf["adr_code_keywords"],
    )
    found = {m.id for m in scanner.scan().markers}
    decisions = sorted((repo / "docs" / "decisions").glob("0*.rst"))
    ids = {fmt.format(number=int(p.name[:4])) for p in decisions}
    assert found <= ids
    assert {"ADR-0001", "ADR-0002"} <= found
