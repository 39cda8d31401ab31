"""A decision log shaped like real ones: ``write_real_log(dest)``.

Two logs imported into one project (109 ADRs: 68 ``ADR-`` in ``platform/``,
41 ``DEC-`` in ``apps/``), titles of every length, mostly accepted, a status
of the project's own (``parked``) and only five relations, as in the logs of
teams that rarely link decisions. The folders sort against the ids (``apps/``
holds the ``DEC-`` ids), so an order by document is not an order by id.

    python tests/real_log.py DEST [THEME]

writes the project for building by hand.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ADRS, DECS = 68, 41
#: the five relations: (source, option, target)
RELATIONS = (
    ("ADR-0012", "supersedes", "ADR-0003"),
    ("ADR-0040", "supersedes", "ADR-0012"),
    ("ADR-0041", "amends", "ADR-0040"),
    ("DEC-0007", "relates", "ADR-0040"),
    ("DEC-0020", "supersedes", "DEC-0002"),
)
SUPERSEDED = frozenset(target for _s, kind, target in RELATIONS if kind == "supersedes")
#: the ADRs with the project's own status
PARKED = frozenset({"ADR-0017", "ADR-0051", "DEC-0033"})
_SUBJECTS = (
    "PostgreSQL for the order store",
    "Kafka as the event backbone",
    "OAuth 2.0 with PKCE for the mobile apps",
    "feature flags",
    "a monorepo",
    "trunk-based development",
    "OpenTelemetry tracing across every service, including the batch jobs",
    "Terraform for the cloud accounts",
    "GraphQL at the edge",
    "UTC timestamps",
    "Redis as a read-through cache in front of the catalogue",
    "semantic versioning of the public API",
    "blue-green deployments",
    "a design system shared by web and mobile",
    "gRPC between internal services",
    "S3 for invoices",
)
_VERBS = ("Use", "Adopt", "Introduce", "Move to", "Standardise on", "Keep", "Evaluate")

CONF = """\
extensions = ["sphinxcontrib_adr"]
project = "Real log"
adr_statuses = ["proposed", "accepted", "parked", "rejected", "deprecated", "superseded"]
suppress_warnings = ["adr.review"]
latex_documents = [("index", "reallog.tex", "Real log", "Teams", "manual")]
"""


def ids() -> list[str]:
    return [f"ADR-{n:04d}" for n in range(1, ADRS + 1)] + [
        f"DEC-{n:04d}" for n in range(1, DECS + 1)
    ]


def status_of(adr_id: str, rng: random.Random) -> str:
    if adr_id in SUPERSEDED:
        return "superseded"
    if adr_id in PARKED:
        return "parked"
    return rng.choice(("accepted",) * 6 + ("proposed", "rejected", "deprecated"))


def page(adr_id: str, rng: random.Random) -> str:
    title = f"{adr_id}: {rng.choice(_VERBS)} {rng.choice(_SUBJECTS)}"
    lines = [title, "=" * len(title), "", ".. adr::", f"   :id: {adr_id}"]
    lines += [f"   :status: {status_of(adr_id, rng)}"]
    year, month, day = 2019 + rng.randrange(7), rng.randrange(1, 13), rng.randrange(1, 29)
    lines += [f"   :date: {year}-{month:02d}-{day:02d}"]
    for source, kind, target in RELATIONS:
        if source == adr_id:
            lines.append(f"   :{kind}: {target}")
    lines += ["", "Context", "-------", "", "Imported from the team's log.", ""]
    return "\n".join(lines)


def write_real_log(dest: Path, theme: str | None = None, graph: str = "") -> Path:
    """Write the project to ``dest``; ``graph`` is the options of the graph page's
    ``adr-graph`` (reST lines, indented)."""
    rng = random.Random(109)
    conf = CONF + (f"html_theme = {theme!r}\n" if theme else "")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "conf.py").write_text(conf, "utf-8")
    for adr_id in ids():
        folder = dest / ("platform" if adr_id.startswith("ADR") else "apps")
        folder.mkdir(exist_ok=True)
        name = f"{adr_id.split('-')[1]}-decision.rst"
        (folder / name).write_text(page(adr_id, rng), "utf-8")
    (dest / "graph.rst").write_text(f"Relations\n=========\n\n.. adr-graph::\n{graph}\n", "utf-8")
    (dest / "index.rst").write_text(
        "Real log\n========\n\n.. toctree::\n   :glob:\n\n   graph\n   apps/*\n   platform/*\n",
        "utf-8",
    )
    return dest


if __name__ == "__main__":
    write_real_log(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
