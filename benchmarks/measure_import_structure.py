"""How much of the corpora's prose structure ``sphinx-adr import`` turns into data.

For each corpus of ``../shared/corpora`` (or the folders given): import it with
the command line (structure on), build the result with the extension (HTML,
``adrs.json``, and a page holding one ``alternative-table`` over every ADR),
and compare what the build holds with what the *source text* states, counted
here with this script's own simple reading (not the importer's):

* options: the top-level list items under a "Considered Options"-like
  heading (Considered Options / Alternatives, Options / Alternatives
  Considered), named by their text before a spaced dash, link syntax removed;
  an option counts as written when an ``alternative`` of that ADR has that
  name (case and punctuation aside; the listed name may be the start of the
  alternative's title or the other way round);
* outcomes: the ``Chosen option: ...`` lines; an outcome is *matchable* when
  the name it states (the text in its first quotes, else up to "because")
  is, by the same comparison, exactly one listed option. A matchable outcome
  is right when exactly one alternative of the ADR is ``chosen`` and it is
  that option; an unmatchable one (a name not in the list, two names, no
  list) is right when no alternative is chosen (the import reports it).

    python benchmarks/measure_import_structure.py [--keep DIR] [CORPUS ...]

Prints one row per corpus and the warnings the import caused: every ``adr.*``
warning, and any other warning a build of the same corpus imported with
``--structure=off`` does not give (there should be none).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parents[1] / "shared" / "corpora"
_OPTIONS_HEADING = re.compile(
    r"^(#{2,6})\s+(considered options|considered alternatives|options considered|"
    r"alternatives considered)\b",
    re.I,
)
_HEADING = re.compile(r"^(#{1,6})\s")
_ITEM = re.compile(r"^(?:[*+-]|\d+[.)])\s+(.*)$")
_CHOSEN = re.compile(r"^\s*Chosen option:\s*(.*)$", re.I | re.M)


def fold(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).lower().split())


def same(a: str, b: str) -> bool:
    """The same option: equal names, one the start of the other, or one's words
    (nearly) all among the other's (an option renamed in its subsection)."""
    a, b = fold(a), fold(b)
    short, long = sorted((a, b), key=len)
    if not short:
        return False
    words, others = set(a.split()), set(b.split())
    overlap = len(words & others) / min(len(words), len(others))
    near = overlap >= 0.8 and min(len(words), len(others)) >= 2
    return a == b or long.startswith(short + " ") or near


def listed_options(text: str) -> list[str]:
    """The options a file lists under its options heading."""
    lines = text.split("\n")
    found: list[str] = []
    inside = False
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        if fenced:
            continue
        if _OPTIONS_HEADING.match(line):
            inside = True
            continue
        if inside and _HEADING.match(line):
            break
        match = _ITEM.match(line) if inside else None
        if match:
            found.append(re.split(r"\s[\u2013\u2014-]{1,2}\s", match.group(1), maxsplit=1)[0])
    return found


def discussed_options(text: str) -> list[str]:
    """The titles of the subsections of "Pros and Cons of the Options"."""
    match = re.search(
        r"^(#{2,5}) Pros and Cons of the (?:Options|Alternatives).*$", text, re.M | re.I
    )
    if not match:
        return []
    level = len(match.group(1))
    found = []
    for line in text[match.end() :].split("\n"):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) <= level:
            break
        if heading and len(heading.group(1)) == level + 1:
            found.append(line[heading.end() :].strip())
    return found


def stated_outcome(text: str) -> str | None:
    match = _CHOSEN.search(text)
    if not match:
        return None
    rest = match.group(1)
    quoted = re.search(r"\"([^\"]+)\"|'([^']+)'|\*\*([^*]+)\*\*", rest)
    if quoted:
        return next(g for g in quoted.groups() if g)
    return re.split(r",?\s+because\b", rest, maxsplit=1)[0].strip(" .")


def build(
    corpus: Path, root: Path, structure: str = "on"
) -> tuple[dict[str, dict[str, object]], list[str], str]:
    """Import and build one corpus: ``(adrs by source stem, warnings, import report)``."""
    out = root / "decisions"
    command = ["import", str(corpus), "--out", str(out), f"--structure={structure}"]
    report = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_adr", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    conf_lines = [
        line.strip()
        for line in report.stdout.split("add to conf.py:")[-1].splitlines()[1:]
        if line.startswith("    ")
    ]
    conf = [
        'extensions = ["sphinxcontrib_adr", "myst_parser"]',
        'project = "log"',
        'adr_json_path = "adrs.json"',
        *(line for line in conf_lines if "myst_parser" not in line),
    ]
    (root / "conf.py").write_text("\n".join(conf) + "\n", "utf-8")
    statuses = re.search(r"adr_statuses = (\[.*\])", "\n".join(conf_lines))
    every = ", ".join(
        json.loads(statuses.group(1).replace("'", '"'))
        if statuses
        else ["proposed", "accepted", "rejected", "deprecated", "superseded"]
    )
    (root / "index.rst").write_text(
        "Log\n===\n\n.. toctree::\n   :glob:\n\n   options\n   decisions/*\n", "utf-8"
    )
    (root / "options.rst").write_text(
        f"Every option\n============\n\n.. alternative-table::\n   :adr-status: {every}\n",
        "utf-8",
    )
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(root), str(root / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )
    warnings = [line for line in built.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    data = json.loads((root / "_build" / "adrs.json").read_text("utf-8"))
    adrs = {adr["docname"].rsplit("/", 1)[-1]: adr for adr in data["adrs"]}
    return adrs, warnings, report.stdout


def _bare(warning: str) -> str:
    """A warning without its line number and build folder (for comparing builds)."""
    return re.sub(r":\d+: ", ": ", warning.replace("/off/", "/on/"))


def measure(corpus: Path, root: Path) -> dict[str, object]:
    adrs, warnings, report = build(corpus, root / "on")
    # warnings of the source itself (images not in the corpus, links out of it) are
    # there with the structure off too: only the others are the import's
    _adrs, before, _report = build(corpus, root / "off", "off")
    seen = {_bare(w) for w in before}
    warnings = [w for w in warnings if "[adr." in w or _bare(w) not in seen]
    counts = dict.fromkeys(
        ("files", "options", "written", "outcomes", "right", "matchable", "matchable_right"), 0
    )
    misses: list[str] = []
    for path in sorted(corpus.iterdir()):
        if path.suffix != ".md" or path.stem not in adrs:
            continue
        counts["files"] += 1
        text = path.read_text("utf-8-sig")
        alternatives = adrs[path.stem].get("children", {}).get("alternative", [])
        titles = [str(a["title"]) for a in alternatives]
        options = listed_options(text)
        counts["options"] += len(options)
        for option in options:
            if any(same(option, t) for t in titles):
                counts["written"] += 1
            else:
                misses.append(f"{path.name}: option {option!r} not written")
        outcome = stated_outcome(text)
        if outcome is None:
            continue
        counts["outcomes"] += 1
        chosen = [str(a["title"]) for a in alternatives if a["verdict"] == "chosen"]
        named = [o for o in [*options, *discussed_options(text)] if same(o, outcome)]
        meant = [o for i, o in enumerate(named) if not any(same(o, p) for p in named[:i])]
        if len(meant) == 1:
            counts["matchable"] += 1
            ok = len(chosen) == 1 and same(chosen[0], outcome)
            counts["matchable_right"] += ok
        else:
            ok = chosen == []
        counts["right"] += ok
        if not ok:
            misses.append(f"{path.name}: outcome {outcome!r} -> chosen {chosen}")
    return {**counts, "warnings": warnings, "misses": misses, "report": report}


def percent(part: object, whole: object) -> str:
    assert isinstance(part, int) and isinstance(whole, int)
    return f"{100 * part / whole:5.1f}%" if whole else "   - "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--keep", type=Path, help="build here (kept) instead of a temp dir")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    corpora = args.corpora or sorted(p for p in CORPORA.iterdir() if p.is_dir())
    base = args.keep or Path(tempfile.mkdtemp(prefix="adr-structure-"))
    print(
        f"{'corpus':34} {'ADRs':>4} {'options':>7} {'written':>14} {'outcomes':>8} "
        f"{'right':>14} {'named one':>9} {'marked':>14} warnings"
    )
    failed = False
    for corpus in corpora:
        row = measure(corpus, base / corpus.name)
        print(
            f"{corpus.name:34} {row['files']:>4} {row['options']:>7} "
            f"{row['written']:>5} {percent(row['written'], row['options']):>8} "
            f"{row['outcomes']:>8} {row['right']:>5} {percent(row['right'], row['outcomes']):>8} "
            f"{row['matchable']:>9} {row['matchable_right']:>5} "
            f"{percent(row['matchable_right'], row['matchable']):>8} {len(row['warnings'])}"  # type: ignore[arg-type]
        )
        failed |= bool(row["warnings"])
        if args.verbose:
            for line in [*row["misses"], *row["warnings"]]:  # type: ignore[misc]
                print(f"    {line}")
    print(f"(built in {base})")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
