"""Generate an N-ADR Sphinx project in one of five modellings of the same log.

Each ADR is a MADR-sized page (context, drivers, options with pros and cons,
outcome, consequences, like the logs in the shared corpora) with relations
to earlier ADRs, and ``index.rst`` holds an N-row table of every ADR.

``--mode``:

``bare``
    plain Sphinx as a team writes it before adopting any extension: the ADR
    pages alone, each with a field list of its own values and the relations
    its author wrote (one direction, ``:ref:`` links), and an index page with
    the toctree only. The headline baseline: what the extension costs
    against what a user would otherwise have.
``adr``
    this extension: the ``adr`` directive and an ``adr-table``.
``plain``
    plain Sphinx rendering the same visible text: a field list with the same
    values, every relation shown in both directions as ``:ref:`` links (what
    the extension shows on each page), and a ``list-table`` index with the
    same four columns. The ratio adr / plain measures the extension's work,
    not extra content; the second baseline.
``needs``
    sphinx-needs: a custom need type ``adr`` with status, tags, date,
    deciders, ``supersedes``/``relates`` links (shown both ways by
    sphinx-needs) and a ``needtable``.
``sphinx-adr``
    the unrelated ``sphinx-adr`` package (0.4): its ``adr`` directive (id,
    status, date, authors, tags) and an ``adrlist``; it has no relations, so
    they are written as in ``plain``.

``generate_docs`` writes a project with no ADR content at all (pages of
prose, lists, code, tables and cross-references), with or without the
extension loaded: what a project that never uses it pays for loading it.

    python benchmarks/generate.py OUT --count 1000 --mode adr
    python benchmarks/generate.py OUT --count 300 --mode docs      # docs-adr: loaded
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

MODES = ("bare", "plain", "adr", "needs", "sphinx-adr")

_VOCABULARY = """cache queue service latency storage schema index worker request client
server build deploy release contract module plugin config token session
event stream batch shard replica backup metric alert budget team vendor"""
WORDS = _VOCABULARY.split()
STATUSES = ["proposed", "accepted", "accepted", "accepted", "rejected", "deprecated"]
TAGS = ["backend", "frontend", "database", "security", "performance", "ops", "api", "data"]
PEOPLE = ["Ana Lima", "Bo Chen", "Chidi Okafor", "Dana Levi", "Eli Park", "Femi Ade"]

CONF = """\
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
project = "bench"
extensions = {extensions}
html_theme = "alabaster"
# keep the theme's navigation out of the measurement: the full-site toctree
# in every sidebar is quadratic in the page count and would dominate
html_sidebars = {{"**": []}}
suppress_warnings = ["adr.review"]
{extra}
"""

NEEDS_CONF = """\
needs_types = [
    {"directive": "adrneed", "title": "ADR", "prefix": "ADR-", "color": "#BFD8D2",
     "style": "node"},
]
needs_id_regex = r"^ADR-[0-9]{4}$"
needs_id_required = True
needs_fields = {
    "date": {"description": "decision date", "nullable": True},
    "deciders": {"description": "who decided", "nullable": True},
}
needs_links = {
    "supersedes": {"incoming": "superseded by", "outgoing": "supersedes"},
    "relates": {"incoming": "relates", "outgoing": "relates"},
}
"""

#: counts what Sphinx re-reads (the same few lines in every mode, so no bias)
HOOK = '''\
"""Benchmark probe: record how many documents Sphinx reads in this build."""
import json, os


def _count(app, env, docnames):
    # one file per output directory: a -j 2 build may run beside a serial one
    name = "_bench_read-" + os.path.basename(os.path.normpath(app.outdir)) + ".json"
    path = os.path.join(app.srcdir, name)
    with open(path, "w") as f:
        json.dump({"read": len(docnames)}, f)


def setup(app):
    app.connect("env-before-read-docs", _count)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def adr_meta(rng: random.Random, number: int) -> dict[str, object]:
    links: dict[str, list[int]] = {"supersedes": [], "relates": []}
    if number > 1 and rng.random() < 0.15:
        links["supersedes"].append(rng.randint(1, number - 1))
    for _ in range(rng.randint(0, 2)):
        if number > 1:
            other = rng.randint(1, number - 1)
            if other not in links["supersedes"] and other not in links["relates"]:
                links["relates"].append(other)
    return {
        "status": rng.choice(STATUSES),
        "date": f"20{rng.randint(18, 26):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "deciders": rng.sample(PEOPLE, 2),
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "links": links,
        "title": f"{adr_id(number)}: {sentence(rng, 5)[:-1]}",
    }


def adr_id(number: int) -> str:
    return f"ADR-{number:04d}"


def label(number: int) -> str:
    return adr_id(number).lower()


def shown_relations(metas: dict[int, dict[str, object]]) -> dict[int, dict[str, list[int]]]:
    """Every relation as the extension shows it on a page: both directions."""
    shown: dict[int, dict[str, list[int]]] = {n: {} for n in metas}
    for number, meta in metas.items():
        links: dict[str, list[int]] = meta["links"]  # type: ignore[assignment]
        for target in links["supersedes"]:
            shown[number].setdefault("Supersedes", []).append(target)
            shown[target].setdefault("Superseded by", []).append(number)
        for target in links["relates"]:
            shown[number].setdefault("Relates", []).append(target)
            shown[target].setdefault("Relates", []).append(number)
    return shown


def _plain_fields(number: int, meta: dict[str, object], shown: dict[str, list[int]]) -> list[str]:
    lines = [
        f":ID: ``{adr_id(number)}``",
        f":Status: {meta['status']}",
        f":Date: {meta['date']}",
        f":Deciders: {', '.join(meta['deciders'])}",  # type: ignore[arg-type]
        f":Tags: {', '.join(meta['tags'])}",  # type: ignore[arg-type]
    ]
    return lines + _relation_fields(shown)


def _relation_fields(shown: dict[str, list[int]]) -> list[str]:
    lines = []
    for name in ("Supersedes", "Superseded by", "Relates"):
        if shown.get(name):
            refs = ", ".join(f":ref:`{label(t)}`" for t in sorted(set(shown[name])))
            lines.append(f":{name}: {refs}")
    return lines


def header(
    number: int, meta: dict[str, object], mode: str, shown: dict[str, list[int]]
) -> list[str]:
    """The page title and the ADR's metadata block, in ``mode``'s markup."""
    title = str(meta["title"])
    lines = [f".. _{label(number)}:", "", title, "=" * len(title), ""]
    links: dict[str, list[int]] = meta["links"]  # type: ignore[assignment]
    deciders = ", ".join(meta["deciders"])  # type: ignore[arg-type]
    if mode == "adr":
        lines = lines[2:]  # the extension gives the ADR its own target
        lines += [
            ".. adr::",
            f"   :status: {meta['status']}",
            f"   :date: {meta['date']}",
            f"   :deciders: {deciders}",
            f"   :tags: {', '.join(meta['tags'])}",  # type: ignore[arg-type]
        ]
        for kind, targets in links.items():
            if targets:
                lines.append(f"   :{kind}: {', '.join(adr_id(t) for t in targets)}")
    elif mode == "needs":
        lines = lines[2:]
        lines += [
            f".. adrneed:: {title.split(': ', 1)[1]}",
            f"   :id: {adr_id(number)}",
            f"   :status: {meta['status']}",
            f"   :date: {meta['date']}",
            f"   :deciders: {deciders}",
            f"   :tags: {';'.join(meta['tags'])}",  # type: ignore[arg-type]
        ]
        for kind, targets in links.items():
            if targets:
                lines.append(f"   :{kind}: {', '.join(adr_id(t) for t in targets)}")
    elif mode == "sphinx-adr":
        status = {"rejected": "deprecated"}.get(str(meta["status"]), str(meta["status"]))
        lines += [
            ".. adr::",
            f"   :id: {adr_id(number)}",
            f"   :status: {status}",
            f"   :date: {meta['date']}",
            f"   :authors: {deciders}",
            f"   :tags: {', '.join(meta['tags'])}",  # type: ignore[arg-type]
            "",
            *_relation_fields(shown),
        ]
    elif mode == "bare":
        written = {"Supersedes": links["supersedes"], "Relates": links["relates"]}
        lines += _plain_fields(number, meta, written)
    else:
        lines += _plain_fields(number, meta, shown)
    return [*lines, ""]


def role(mode: str, number: int) -> str:
    return {"adr": f":adr:`{adr_id(number)}`", "needs": f":need:`{adr_id(number)}`"}.get(
        mode, f":ref:`{label(number)}`"
    )


def render_page(
    rng: random.Random, number: int, meta: dict[str, object], mode: str, shown: dict[str, list[int]]
) -> str:
    lines = header(number, meta, mode, shown)
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
            lines += [f"See also {role(mode, rng.randint(1, number - 1))}.", ""]
    return "\n".join(lines)


def index_page(mode: str, metas: dict[int, dict[str, object]]) -> str:
    """The toctree and the N-row table of every ADR (id, title, status, date)."""
    lines = ["Bench", "=====", "", ".. toctree::", "   :glob:", "", "   decisions/*", ""]
    if mode == "adr":
        lines += [".. adr-table::", ""]
    elif mode == "needs":
        lines += [".. needtable::", "   :types: adrneed", "   :columns: id;title;status;date"]
        lines += ["   :style: table", "   :sort: id", ""]
    elif mode == "sphinx-adr":
        lines += [".. adrlist::", "   :sort: date-asc", ""]
    elif mode == "plain":
        lines += [".. list-table::", "   :header-rows: 1", ""]
        lines += ["   * - ID", "     - Title", "     - Status", "     - Date"]
        for number, meta in metas.items():
            lines += [
                f"   * - :ref:`{adr_id(number)} <{label(number)}>`",
                f"     - :ref:`{label(number)}`",
                f"     - {meta['status']}",
                f"     - {meta['date']}",
            ]
        lines.append("")
    return "\n".join(lines)


def extensions(mode: str) -> list[str]:
    ext = {"adr": ["sphinxcontrib_adr"], "needs": ["sphinx_needs"], "sphinx-adr": ["sphinx_adr"]}
    return [*ext.get(mode, []), "_benchhook"]


def generate(
    dest: Path,
    count: int,
    mode: str,
    seed: int = 7,
    extra_conf: str = "",
    extra_pages: dict[str, str] | None = None,
    index_table: bool = True,
) -> Path:
    """Write the project into ``dest`` (emptied first) and return it
    (``index_table=False``: an index with the toctree only)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "decisions").mkdir(parents=True)
    extra = (NEEDS_CONF if mode == "needs" else "") + extra_conf
    conf = CONF.format(extensions=extensions(mode), extra=extra)
    (dest / "conf.py").write_text(conf, "utf-8")
    (dest / "_benchhook.py").write_text(HOOK, "utf-8")
    rng = random.Random(seed)
    metas = {number: adr_meta(rng, number) for number in range(1, count + 1)}
    for meta in metas.values():  # keep statuses consistent with supersessions
        for target in meta["links"]["supersedes"]:  # type: ignore[index]
            if meta["status"] == "accepted":
                metas[target]["status"] = "superseded"
    shown = shown_relations(metas)
    index = index_page(mode if index_table else "none", metas)
    pages = sorted(extra_pages or {})
    if pages:
        index = index.replace(
            "   decisions/*\n", "   decisions/*\n" + "".join(f"   {p}\n" for p in pages)
        )
    (dest / "index.rst").write_text(index, "utf-8")
    for name in pages:
        (dest / f"{name}.rst").write_text((extra_pages or {})[name], "utf-8")
    for number in range(1, count + 1):
        slug = f"{number:04d}-decision-{number}"
        text = render_page(rng, number, metas[number], mode, shown[number])
        (dest / "decisions" / f"{slug}.rst").write_text(text, "utf-8")
    return dest


DOCS_TOPICS = ("guide", "howto", "reference", "api", "ops", "design")


def docs_page(rng: random.Random, topic: str, number: int, count: int) -> str:
    """One page of ordinary documentation: sections of prose, a list, code, a
    table, an admonition and references to other pages; no ADR anywhere."""
    title = f"{topic.capitalize()} {number}: {sentence(rng, 4)[:-1]}"
    lines = [f".. _{topic}-{number}:", "", title, "=" * len(title), ""]
    for part in range(1, 5):
        heading = f"Part {part}: {sentence(rng, 3)[:-1]}"
        lines += [heading, "-" * len(heading), "", paragraph(rng), ""]
        lines += [f"* {sentence(rng, 7)}" for _ in range(3)] + [""]
        other = rng.choice(DOCS_TOPICS), rng.randint(1, count)
        lines += [f"See :ref:`{other[0]}-{other[1]}` and ``{rng.choice(WORDS)}()``.", ""]
    lines += [".. code-block:: python", ""]
    lines += [
        f"   {rng.choice(WORDS)} = load({rng.choice(WORDS)!r}, retries={i})" for i in range(4)
    ]
    lines += ["", ".. note::", "", f"   {paragraph(rng, 2)}", ""]
    lines += [".. list-table::", "   :header-rows: 1", "", "   * - Setting", "     - Default"]
    for _ in range(5):
        lines += [
            f"   * - ``{rng.choice(WORDS)}_{rng.choice(WORDS)}``",
            f"     - {rng.randint(1, 99)}",
        ]
    return "\n".join([*lines, ""])


def generate_docs(dest: Path, pages: int, extension: bool, seed: int = 7) -> Path:
    """A ``pages``-page project with no ADR content (``extension``: with this
    extension loaded), written into ``dest`` (emptied first)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ext = ["sphinxcontrib_adr"] if extension else []
    conf = CONF.format(extensions=[*ext, "_benchhook"], extra="")
    (dest / "conf.py").write_text(conf, "utf-8")
    (dest / "_benchhook.py").write_text(HOOK, "utf-8")
    rng = random.Random(seed)
    per_topic = max(1, pages // len(DOCS_TOPICS))
    index = ["Docs", "====", "", ".. toctree::", "   :maxdepth: 2", ""]
    for topic in DOCS_TOPICS:
        (dest / topic).mkdir()
        index.append(f"   {topic}/index")
        entries = [f"   page-{n:03d}" for n in range(1, per_topic + 1)]
        heading = topic.capitalize()
        top = [heading, "=" * len(heading), "", ".. toctree::", "", *entries, ""]
        (dest / topic / "index.rst").write_text("\n".join(top), "utf-8")
        for number in range(1, per_topic + 1):
            text = docs_page(rng, topic, number, per_topic)
            (dest / topic / f"page-{number:03d}.rst").write_text(text, "utf-8")
    (dest / "index.rst").write_text("\n".join([*index, ""]), "utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=250)
    parser.add_argument("--mode", choices=(*MODES, "docs", "docs-adr"), default="adr")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.mode.startswith("docs"):
        generate_docs(args.dest, args.count, args.mode == "docs-adr", args.seed)
        print(f"wrote {args.count} pages without ADRs ({args.mode}) to {args.dest}")
        return
    generate(args.dest, args.count, args.mode, args.seed)
    print(f"wrote {args.count} ADRs ({args.mode}) to {args.dest}")


if __name__ == "__main__":
    main()
