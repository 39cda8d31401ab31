"""The command line's writes and its reading of ``conf.py`` under hostile conditions:
a concurrent writer, a full disk, symlinks out of the import folder, unwritable
files, a ``conf.py`` that exits, raises, or changes the process (issue 25)."""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from sphinxcontrib_adr.cli import safe_write, status
from sphinxcontrib_adr.cli.commands import main
from util import domain_of, warnings_of

if TYPE_CHECKING:
    from collections.abc import Iterator

CONF = 'extensions = ["sphinxcontrib_adr"]\nproject = "hostile"\n'
INDEX = "Log\n===\n\n.. toctree::\n   :glob:\n\n   decisions/*\n"
ADR_1 = (
    "Use Postgres\n============\n\n.. adr::\n   :status: proposed\n   :date: 2025-01-02\n\n"
    "Context\n-------\n\nText.\n"
)
ADR_2 = "Use SQLite\n==========\n\n.. adr::\n   :status: proposed\n   :date: 2026-02-03\n\nText.\n"


def make_project(root: Path, conf: str = CONF) -> Path:
    (root / "decisions").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf, "utf-8")
    (root / "index.rst").write_text(INDEX, "utf-8")
    (root / "decisions" / "0001-use-postgres.rst").write_text(ADR_1, "utf-8")
    (root / "decisions" / "0002-use-sqlite.rst").write_text(ADR_2, "utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


# ------------------------------------------------------------------ writes


def _append_lines(path: str, stop: multiprocessing.synchronize.Event, count: object) -> None:
    """Another program appending to the file as ``echo line >> file`` does."""
    number = 0
    while not stop.is_set():
        handle = os.open(path, os.O_WRONLY | os.O_APPEND)
        os.write(handle, f"\nappended {number}\n".encode())
        os.close(handle)
        number += 1
        count.value = number  # type: ignore[attr-defined]
        time.sleep(0.0001)


def test_racing_status_never_loses_a_line_of_a_concurrent_writer(project, capsys):
    path = project / "decisions" / "0001-use-postgres.rst"
    context = multiprocessing.get_context("fork")
    stop, count = context.Event(), context.Value("i", 0)
    writer = context.Process(target=_append_lines, args=(str(path), stop, count))
    writer.start()
    codes = []
    try:
        while count.value == 0:  # type: ignore[attr-defined]
            time.sleep(0.001)
        for turn in range(30):
            codes.append(run(capsys, "status", "1", ("accepted", "proposed")[turn % 2])[0])
    finally:
        stop.set()
        writer.join()
    assert set(codes) <= {0, 2}
    text = path.read_text("utf-8")
    found = {int(line.split()[1]) for line in text.splitlines() if line.startswith("appended ")}
    assert found == set(range(count.value))  # type: ignore[attr-defined]
    assert text.count(":status:") == 1


def test_a_change_between_reading_and_writing_is_refused(project, capsys, monkeypatch):
    path = project / "decisions" / "0001-use-postgres.rst"
    find_block = status.find_block

    def meanwhile(source, lineno):  # another program saves the file just now
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nA line written meanwhile.\n")
        return find_block(source, lineno)

    monkeypatch.setattr(status, "find_block", meanwhile)
    code, _out, err = run(capsys, "status", "1", "accepted")
    assert code == 2
    assert error_lines(err) == [
        f"sphinx-adr status: error: {path} changed while sphinx-adr was editing it; "
        "nothing was written; run the command again"
    ]
    assert path.read_text("utf-8") == ADR_1 + "\nA line written meanwhile.\n"


def test_replace_file_keeps_mode_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "0001-a.rst"
    path.write_bytes(b"\xef\xbb\xbfA\r\n=\r\n")
    path.chmod(0o640)
    owner = (1234, 4321) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(path, *owner)
    before = safe_write.read_snapshot(path)
    safe_write.replace_file(path, "\ufeffB\r\n=\r\n", expected=before)
    assert path.read_bytes() == b"\xef\xbb\xbfB\r\n=\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert (path.stat().st_uid, path.stat().st_gid) == owner
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-a.rst"]
    with pytest.raises(safe_write.ChangedMeanwhile) as refused:
        safe_write.replace_file(path, "C", expected=before)
    assert refused.value.code == 2 and path.read_bytes() == b"\xef\xbb\xbfB\r\n=\r\n"


@contextlib.contextmanager
def small_disk(where: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs at ``where`` (root only; the test is skipped otherwise)."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs, which only root can mount")
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        os.chdir(where.parent)
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> None:
    """Take every free block of ``disk``."""
    with contextlib.suppress(OSError), (disk / "filler").open("wb", buffering=0) as handle:
        while True:
            handle.write(b"\0" * 1024)


def _near_a_page(text: str, page: int = 4096) -> str:
    """``text`` padded to just under a page boundary: any growth needs a new block."""
    missing = 3 * page - 8 - len(text.encode())
    return text + "\n" + "x" * (missing - 2) + "\n"


def test_full_disk_leaves_status_and_link_targets_intact(tmp_path, capsys, monkeypatch):
    with small_disk(tmp_path / "disk") as disk:
        make_project(disk)
        monkeypatch.chdir(disk)
        path = disk / "decisions" / "0001-use-postgres.rst"
        path.write_text(_near_a_page(ADR_1), "utf-8")
        before = {p: p.read_bytes() for p in disk.rglob("*") if p.is_file()}
        fill(disk)
        for argv in (("status", "1", "accepted"), ("link", "1", "relates", "2")):
            code, _out, err = run(capsys, *argv)
            assert code == 2
            assert error_lines(err) == [
                f"sphinx-adr {argv[0]}: error: cannot write {path}: No space left on device; "
                "the file was left as it was"
            ]
            assert {p: p.read_bytes() for p in before} == before
            assert sorted(disk.rglob("*.tmp")) == []


def test_full_disk_leaves_import_in_place_sources_intact(tmp_path, capsys, monkeypatch):
    with small_disk(tmp_path / "disk") as disk:
        monkeypatch.chdir(disk)
        path = disk / "0001-record.md"
        path.write_text(_near_a_page("# 1. Record\n\n## Status\n\nAccepted\n"), "utf-8")
        before = path.read_bytes()
        fill(disk)
        code, _out, err = run(capsys, "import", "--in-place", str(path))
        assert code == 2
        assert error_lines(err) == [
            f"sphinx-adr import: error: cannot write {path}: No space left on device; "
            "the file was left as it was"
        ]
        assert path.read_bytes() == before


def test_import_in_place_refuses_a_symlink_out_of_the_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "0002-secret.md"
    secret.write_text("# 2. Not for this log\n\nStatus: accepted\n", "utf-8")
    log = tmp_path / "log"
    log.mkdir()
    (log / "0001-a.md").write_text("# 1. A\n\nStatus: accepted\n", "utf-8")
    (log / "0002-secret.md").symlink_to(secret)
    code, _out, err = run(capsys, "import", "--in-place", str(log))
    assert code == 2
    assert error_lines(err) == [
        f"sphinx-adr import: error: {log / '0002-secret.md'} leads outside {log} (to "
        f"{secret.resolve()}); it was not written: sphinx-adr writes only inside the "
        "folder it was given"
    ]
    assert secret.read_text("utf-8") == "# 2. Not for this log\n\nStatus: accepted\n"
    assert (log / "0002-secret.md").is_symlink()
    assert "```{adr}" in (log / "0001-a.md").read_text("utf-8")


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """Make ``folder`` and its files unwritable, even for root (a read-only tmpfs)."""
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    if os.geteuid() != 0:
        for name in files:
            (folder / name).chmod(0o444)
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs: {mounted.stderr.decode().strip()}")
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_import_in_place_goes_on_past_an_unwritable_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    locked, free = tmp_path / "a-locked", tmp_path / "b-free"
    for folder, name in ((locked, "0001-a.md"), (free, "0002-b.md")):
        folder.mkdir()
        (folder / name).write_text(f"# {name}\n\nStatus: accepted\n", "utf-8")
    with unwritable(locked):
        code, _out, err = run(
            capsys, "import", "--in-place", str(locked / "0001-a.md"), str(free / "0002-b.md")
        )
        assert (locked / "0001-a.md").read_text("utf-8") == "# 0001-a.md\n\nStatus: accepted\n"
    assert code == 2
    assert error_lines(err) == [
        f"sphinx-adr import: error: cannot write {locked / '0001-a.md'}: it is read-only; "
        "the file was left as it was"
    ]
    assert (free / "0002-b.md").read_text("utf-8") == (
        "# 0002-b.md\n\n```{adr}\n:status: accepted\n```\n"
    )


@pytest.mark.parametrize("id_format", ["{number:q}", "{0}", "ADR-{number", "ADR"])
def test_import_refuses_a_bad_id_format_in_one_line(tmp_path, capsys, monkeypatch, id_format):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "0001-a.md").write_text("# A\n", "utf-8")
    code, _out, err = run(capsys, "import", "--id-format", id_format, "--out", "out", "0001-a.md")
    assert code == 2
    [line] = error_lines(err)
    assert line.startswith(f"sphinx-adr import: error: --id-format = {id_format!r}: ") or (
        line.startswith(f"sphinx-adr import: error: --id-format {id_format!r} gives the same")
    )
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ new


def test_new_title_that_reads_as_a_field_list_stays_the_adr_title(project, capsys):
    from sphinx.testing.util import SphinxTestApp

    (project / "conf.py").write_text(
        CONF + 'extensions.append("myst_parser")\nmyst_enable_extensions = ["colon_fence"]\n'
    )
    assert run(capsys, "new", ":field: x")[0] == 0
    assert run(capsys, "new", "--format", "md", ":other: y")[0] == 0
    assert run(capsys, "new", ">>> print(1)")[0] == 0
    app = SphinxTestApp("html", srcdir=project, freshenv=True)
    try:
        app.build()
        titles = {adr.id: adr.title for adr in domain_of(app).adrs()}
        assert [w.message for w in warnings_of(app)] == []
    finally:
        app.cleanup()
    assert titles == {
        "ADR-0001": "Use Postgres",
        "ADR-0002": "Use SQLite",
        "ADR-0003": ":field: x",
        "ADR-0004": ":other: y",
        "ADR-0005": ">>> print(1)",
    }


def test_new_refuses_a_template_without_an_adr_block(project, capsys):
    before = sorted((project / "decisions").iterdir())
    empty = project / "empty.rst"
    empty.write_text("$title\n$title_underline\n\nNo block here.\n", "utf-8")
    for template in (os.devnull, str(empty)):
        code, _out, err = run(capsys, "new", "Use a queue", "--template", template)
        assert code == 2
        assert error_lines(err) == [
            f"sphinx-adr new: error: the template {template} has no adr block (a '.. adr::' "
            "line), so the page would be no ADR; nothing was written"
        ]
    assert sorted((project / "decisions").iterdir()) == before


# ------------------------------------------------------------------ conf.py

COMMANDS = (
    ("list",),
    ("lint",),
    ("status", "1", "accepted"),
    ("link", "1", "relates", "2"),
    ("new", "Use a queue"),
    ("import", "--dry-run", "decisions/0001-use-postgres.rst"),
)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_conf_py_calling_sys_exit_is_one_line_in_every_command(project, capsys, argv):
    (project / "conf.py").write_text(CONF + "import sys\nsys.exit(3)\n", "utf-8")
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert error_lines(err) == [
        f"sphinx-adr {argv[0]}: error: {project / 'conf.py'} called sys.exit(3) while "
        "sphinx-adr read it; conf.py must not exit (guard that code with "
        "if __name__ == '__main__')"
    ]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_conf_py_raising_is_one_line_in_every_command(project, capsys, argv):
    (project / "conf.py").write_text(
        CONF + "def load():\n    raise ValueError('no settings\\nmodule')\n\nload()\n", "utf-8"
    )
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert error_lines(err) == [
        f"sphinx-adr {argv[0]}: error: {project / 'conf.py'} failed to run (line 4): "
        "ValueError: no settings module"
    ]


CONF_WITH_SIDE_EFFECTS = (
    CONF
    + """
import os, sys, time
from pathlib import Path

# as Django's settings.configure(): a second run in one process fails
counter = Path(__file__).with_name("runs")
counter.write_text(counter.read_text() + "x" if counter.exists() else "x")
if "hostile_conf_configured" in sys.modules:
    raise RuntimeError("Settings already configured.")
sys.modules["hostile_conf_configured"] = sys
os.environ["TZ"] = "Etc/GMT+12"
time.tzset()
os.environ["SOURCE_DATE_EPOCH"] = "0"
os.chdir("/")
sys.path.insert(0, "/nonexistent")
sys.argv[:] = ["conf.py"]
"""
)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_conf_py_runs_once_per_command_and_its_side_effects_are_undone(project, capsys, argv):
    (project / "conf.py").write_text(CONF_WITH_SIDE_EFFECTS, "utf-8")
    cwd, path, argv_before = Path.cwd(), list(sys.path), list(sys.argv)
    environ, zone = dict(os.environ), time.tzname
    try:
        code, _out, err = run(capsys, *argv)
        assert code == 0, err
        assert (project / "runs").read_text() == "x"
        assert Path.cwd() == cwd and sys.path == path and sys.argv == argv_before
        assert dict(os.environ) == environ
        assert time.tzname == zone
    finally:
        sys.modules.pop("hostile_conf_configured", None)
        os.environ.clear()
        os.environ.update(environ)
        time.tzset()


def test_new_writes_the_users_date_not_the_one_conf_py_sets(project):
    """conf.py moves the clock 26 hours back (UTC+14 -> UTC-12): ``new`` must
    still write today as the user's clock says, whatever the hour."""
    (project / "conf.py").write_text(
        CONF + 'import os, time\nos.environ["TZ"] = "Etc/GMT+12"\ntime.tzset()\n', "utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["TZ"] = "Etc/GMT-14"
    done = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_adr", "new", "Use a queue"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    today = dt.datetime.now(ZoneInfo("Etc/GMT-14")).date().isoformat()
    text = (project / "decisions" / "0003-use-a-queue.rst").read_text("utf-8")
    assert f":date: {today}\n" in text
