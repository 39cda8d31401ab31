"""Generate an N-ADR Sphinx project, with the extension or as plain Sphinx.

Each ADR is a MADR-sized page (context, drivers, options with pros and cons,
outcome, consequences) with relations to earlier ADRs. ``--mode plain``
writes the same content with the ``adr`` block replaced by equivalent plain
markup (a field list with the same values and ``:ref:`` links), so the two
builds differ only by the extension's work.

    python benchmarks/generate.py OUT --count 1000 --mode adr
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

_VOCABULARY = """cache queue service latency storage schema index worker request client
server build deploy release contract module plugin config token session
event stream batch shard replica backup metric alert budget team vendor"""
WORDS = _VOCABULARY.split()
STATUSES = ["proposed", "accepted", "accepted", "accepted", "rejected", "deprecated"]
TAGS = ["backend", "frontend", "database", "security", "performance", "ops", "api", "data"]
PEOPLE = ["Ana Lima", "Bo Chen", "Chidi Okafor", "Dana Levi", "Eli Park", "Femi Ade"]

CONF = """\
project = "bench"
extensions = {extensions}
html_theme = "alabaster"
# keep the theme's navigation out of the measurement: the full-site toctree
# in every sidebar is quadratic in the page count and would dominate
html_sidebars = {{"**": []}}
suppress_warnings = ["adr.review"]
{extra}
"""


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def adr_meta(rng: random.Random, number: int, count: int) -> dict[str, object]:
    links: dict[str, list[int]] = {"supersedes": [], "relates": []}
    if number > 1 and rng.random() < 0.15:
        links["supersedes"].append(rng.randint(1, number - 1))
    for _ in range(rng.randint(0, 2)):
        if number > 1:
            other = rng.randint(1, number - 1)
            if other not in links["supersedes"]:
                links["relates"].append(other)
    return {
        "status": rng.choice(STATUSES),
        "date": f"20{rng.randint(18, 26):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "deciders": rng.sample(PEOPLE, 2),
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "links": links,
    }


def adr_id(number: int) -> str:
    return f"ADR-{number:04d}"


def render_page(rng: random.Random, number: int, meta: dict[str, object], mode: str) -> str:
    title = f"{adr_id(number)}: {sentence(rng, 5)[:-1]}"
    lines = [title, "=" * len(title), ""]
    links: dict[str, list[int]] = meta["links"]  # type: ignore[assignment]
    if mode == "adr":
        lines += [
            ".. adr::",
            f"   :status: {meta['status']}",
            f"   :date: {meta['date']}",
            f"   :deciders: {', '.join(meta['deciders'])}",  # type: ignore[arg-type]
            f"   :tags: {', '.join(meta['tags'])}",  # type: ignore[arg-type]
        ]
        for kind, targets in links.items():
            if targets:
                lines.append(f"   :{kind}: {', '.join(adr_id(t) for t in targets)}")
        lines.append("")
    else:
        lines = [f".. _{adr_id(number).lower()}:", "", *lines]
        lines += [
            f":ID: ``{adr_id(number)}``",
            f":Status: {meta['status']}",
            f":Date: {meta['date']}",
            f":Deciders: {', '.join(meta['deciders'])}",  # type: ignore[arg-type]
            f":Tags: {', '.join(meta['tags'])}",  # type: ignore[arg-type]
        ]
        for kind, targets in links.items():
            if targets:
                refs = ", ".join(f":ref:`{adr_id(t).lower()}`" for t in targets)
                lines.append(f":{kind.capitalize()}: {refs}")
        lines.append("")
    sections = [
        ("Context and Problem Statement", 2),
        ("Decision Drivers", 0),
        ("Considered Options", 0),
        ("Decision Outcome", 2),
        ("Pros and Cons of the Options", 0),
        ("Consequences", 1),
    ]
    for heading, paras in sections:
        lines += [heading, "-" * len(heading), ""]
        for _ in range(paras):
            lines += [paragraph(rng), ""]
        if heading == "Decision Drivers":
            lines += [f"* {sentence(rng, 6)}" for _ in range(3)] + [""]
        if heading == "Considered Options":
            lines += [f"* Option {i}: {sentence(rng, 4)}" for i in range(1, 4)] + [""]
        if heading == "Pros and Cons of the Options":
            for i in range(1, 4):
                sub = f"Option {i}"
                lines += [sub, "~" * len(sub), ""]
                lines += [f"* Good, because {sentence(rng, 6)}" for _ in range(2)]
                lines += [f"* Bad, because {sentence(rng, 6)}" for _ in range(2)] + [""]
        if heading == "Consequences" and number > 1:
            other = adr_id(rng.randint(1, number - 1))
            ref = f":adr:`{other}`" if mode == "adr" else f":ref:`{other.lower()}`"
            lines += [f"See also {ref}.", ""]
    return "\n".join(lines)


def generate(
    dest: Path,
    count: int,
    mode: str,
    seed: int = 7,
    extra_conf: str = "",
    extra_pages: dict[str, str] | None = None,
) -> Path:
    """Write the project into ``dest`` (emptied first) and return it."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "decisions").mkdir(parents=True)
    extensions = ["sphinxcontrib_adr"] if mode == "adr" else []
    (dest / "conf.py").write_text(CONF.format(extensions=extensions, extra=extra_conf), "utf-8")
    pages = sorted(extra_pages or {})
    index = ["Bench", "=====", "", ".. toctree::", "   :glob:", "", "   decisions/*"]
    index += [f"   {name}" for name in pages] + [""]
    (dest / "index.rst").write_text("\n".join(index), "utf-8")
    for name in pages:
        (dest / f"{name}.rst").write_text((extra_pages or {})[name], "utf-8")
    rng = random.Random(seed)
    metas = {number: adr_meta(rng, number, count) for number in range(1, count + 1)}
    for meta in metas.values():  # keep statuses consistent with supersessions
        for target in meta["links"]["supersedes"]:  # type: ignore[index]
            if meta["status"] == "accepted":
                metas[target]["status"] = "superseded"
    for number in range(1, count + 1):
        slug = f"{number:04d}-decision-{number}"
        text = render_page(rng, number, metas[number], mode)
        (dest / "decisions" / f"{slug}.rst").write_text(text, "utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=250)
    parser.add_argument("--mode", choices=("adr", "plain"), default="adr")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.dest, args.count, args.mode, args.seed)
    print(f"wrote {args.count} ADRs ({args.mode}) to {args.dest}")


if __name__ == "__main__":
    main()
