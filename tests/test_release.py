"""Release readiness: the wheel and the sdist build, pass ``twine check``, and the
wheel installed in a fresh virtual environment builds a project.

Slow (a build, and a fresh environment installing Sphinx from the package
index): marked ``slow``; it skips when ``build`` or ``twine`` is missing,
unless ``ADR_REQUIRE_TOOLS`` is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _require(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("ADR_REQUIRE_TOOLS"):
            pytest.fail(f"{module} is required (ADR_REQUIRE_TOOLS is set)")
        pytest.skip(f"{module} is not installed (pip install '.[test]')")


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    _require("build")
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, REPO)
    return out


def test_wheel_and_sdist_build_and_pass_twine_check(dist):
    _require("twine")
    wheel = next(dist.glob("*.whl"))
    sdist = next(dist.glob("*.tar.gz"))
    output = _run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    assert output.count("PASSED") == 2
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "sphinxcontrib_adr/static/adr.css",
        "sphinxcontrib_adr/static/adr-table.js",
        "sphinxcontrib_adr/interop/schema/adrs-4.schema.json",
        "sphinxcontrib_adr/py.typed",
        # the compiled catalogs (docs/decisions/0026) and the template
        "sphinxcontrib_adr/locale/ja/LC_MESSAGES/sphinxcontrib-adr.mo",
        "sphinxcontrib_adr/locale/sphinxcontrib-adr.pot",
    ):
        assert needed in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    with tarfile.open(sdist) as tar:
        members = {Path(m).relative_to(Path(m).parts[0]).as_posix() for m in tar.getnames()[1:]}
    assert {"LICENSE", "README.md", "pyproject.toml", "roots/test-core-rst/conf.py"} <= members
    assert "tools/catalogs.py" in members  # tests/test_locale.py reads the catalogs with it
    assert not any({".venv", "_build", "__pycache__"} & set(m.split("/")) for m in members)


def test_wheel_in_a_fresh_environment_builds_a_project(dist, tmp_path):
    wheel = next(dist.glob("*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    _run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel)
    src = tmp_path / "src"
    (src / "decisions").mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_adr"]\n', "utf-8")
    (src / "index.rst").write_text(
        "Log\n===\n\n.. adr-table::\n\n.. toctree::\n   :glob:\n\n   decisions/*\n", "utf-8"
    )
    (src / "decisions" / "0001-use-postgres.rst").write_text(
        "ADR-0001: Use PostgreSQL\n========================\n\n.. adr::\n"
        "   :status: accepted\n   :date: 2026-01-08\n",
        "utf-8",
    )
    out = tmp_path / "html"
    _run(python, "-m", "sphinx", "-W", "-q", "-b", "html", src, out)
    index = (out / "index.html").read_text("utf-8")
    assert "ADR-0001" in index and "Use PostgreSQL" in index
    assert (out / "_static" / "adr.css").exists()
    _run(env / "bin" / "sphinx-adr", "list", "--help")
