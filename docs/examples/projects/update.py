"""Write the example projects' ``adrs.json`` again (``docs/conf.py`` reads them).

Run it after changing an example project or the export format:
``python docs/examples/projects/update.py``. ``tests/test_examples.py`` fails while
a committed file differs from what this writes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: in build order: storefront reads payments' adrs.json
PROJECTS = ("payments", "storefront")


def export(project: Path, outdir: Path) -> Path:
    """Build ``project`` with the adr-json builder into ``outdir``; the export's path."""
    from sphinx.cmd.build import build_main

    code = build_main(["-q", "-W", "-E", "-b", "adr-json", str(project), str(outdir)])
    if code:
        raise SystemExit(f"{project.name}: the build failed (exit {code})")
    return outdir / "adrs.json"


def main() -> int:
    # reproducible: no build time in the file
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    with tempfile.TemporaryDirectory() as tmp:
        for name in PROJECTS:
            written = export(HERE / name, Path(tmp, name))
            shutil.copyfile(written, HERE / name / "adrs.json")
            print(f"wrote {HERE / name / 'adrs.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
