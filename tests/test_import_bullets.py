"""sphinx-adr import reads options written as a bullet list, one bullet per
option (``- **Name**: why``, ``- Name — why``): under "Rejected Alternatives"
or "Rejected Options" each is rejected; under "Alternatives Considered" or
"Options Considered" they are the alternatives the decision did not take.
A bullet whose option cannot be told (a sentence) is reported and stays as
written. reST and MyST twins; the logs are written for these tests."""

from __future__ import annotations

import re

import pytest
from test_import_structure import alternatives, imported

REJECTED_MD = """\
# Cache sessions

* Status: accepted

## Decision

We use Redis for sessions.

## Rejected Alternatives

- **Memcached**: no persistence, so a restart logs everyone out.
- Sticky sessions — the load balancer cannot pin
  clients across regions.
- We also looked at doing nothing, but the load grows every month.
- **Signed cookies:** too large for
  the headers.
"""

REJECTED_RST = """\
Cache sessions
==============

:Status: accepted

Decision
--------

We use Redis for sessions.

Rejected Options
----------------

- **Memcached**: no persistence, so a restart logs everyone out.
- Sticky sessions — the load balancer cannot pin
  clients across regions.
- We also looked at doing nothing, but the load grows every month.
- **Signed cookies:** too large for
  the headers.
"""

CONSIDERED_MD = """\
# Queue

* Status: accepted

## Decision

We use the database as a queue.

## Alternatives Considered

- **RabbitMQ**: one more server to run.
- Kafka — far more than we need.
"""

CONSIDERED_RST = """\
Queue
=====

:Status: accepted

Decision
--------

We use the database as a queue.

Options Considered
------------------

* **RabbitMQ**: one more server to run.
* Kafka — far more than we need.
"""

#: the option that is a sentence: reported, kept as a bullet
AMBIGUOUS = "We also looked at doing nothing, but the load grows every month."
REJECTED = [
    ("Memcached", "no persistence, so a restart logs everyone out."),
    ("Sticky sessions", "the load balancer cannot pin clients across regions."),
    ("Signed cookies", "too large for the headers."),
]


def _described(adr: dict) -> list[tuple[str, str]]:
    """``(title, description)`` of each alternative, as plain text."""
    return [
        (a["title"], " ".join("".join(seg[1] for seg in a["description"]).split()))
        for a in adr["children"]["alternative"]
    ]


@pytest.mark.parametrize(
    ("name", "text"), [("0001-c.md", REJECTED_MD), ("0001-c.rst", REJECTED_RST)]
)
def test_a_rejected_bullet_list_becomes_rejected_alternatives(tmp_path, capsys, name, text):
    data, warnings, out = imported(tmp_path, capsys, {name: text})
    assert warnings == []
    adr = data["ADR-0001"]
    assert [(a[0], a[1]) for a in alternatives(adr)] == [(t, "rejected") for t, _ in REJECTED]
    assert _described(adr) == REJECTED
    # the bullet that names no option is reported, and stays a bullet: no word lost
    report = [line for line in out.splitlines() if "names no option" in line]
    assert report == [
        f"warning: log/{name}: a bullet of "
        f"{'Rejected Alternatives' if name.endswith('.md') else 'Rejected Options'!r} names no "
        f"option ({AMBIGUOUS[:60]!r}...); it stays as text: write it as '**Name**: why' "
        "to make it an alternative"
    ]
    written = (tmp_path / "site" / "decisions" / name).read_text("utf-8")
    assert f"\n\n- {AMBIGUOUS}\n\n" in written
    assert "\n\n\n" not in written


@pytest.mark.parametrize(
    ("name", "text"), [("0002-q.md", CONSIDERED_MD), ("0002-q.rst", CONSIDERED_RST)]
)
def test_considered_bullets_the_decision_did_not_take_are_rejected(tmp_path, capsys, name, text):
    data, warnings, out = imported(tmp_path, capsys, {name: text})
    assert warnings == []
    adr = data["ADR-0002"]
    assert [(a[0], a[1]) for a in alternatives(adr)] == [
        ("RabbitMQ", "rejected"),
        ("Kafka", "rejected"),
    ]
    assert _described(adr) == [
        ("RabbitMQ", "one more server to run."),
        ("Kafka", "far more than we need."),
    ]
    assert re.search(r"prose kept: .*lists the alternatives to the decision, which takes none", out)


def test_considered_bullets_stay_considered_while_the_decision_is_open(tmp_path, capsys):
    text = CONSIDERED_MD.replace("We use the database as a queue.", "To be decided next week.")
    data, warnings, _out = imported(tmp_path, capsys, {"0002-q.md": text})
    assert warnings == []
    assert [(a[0], a[1]) for a in alternatives(data["ADR-0002"])] == [
        ("RabbitMQ", "considered"),
        ("Kafka", "considered"),
    ]


def test_a_considered_definition_list_the_decision_did_not_take_is_rejected(tmp_path, capsys):
    text = (
        "Queue\n=====\n\n:Status: accepted\n\nDecision\n--------\n\n"
        "We use the database as a queue.\n\nAlternatives Considered\n-----------------------\n\n"
        "RabbitMQ\n   One more server to run.\nKafka\n   Far more than we need.\n"
    )
    data, warnings, _out = imported(tmp_path, capsys, {"0002-q.rst": text})
    assert warnings == []
    assert [(a[0], a[1]) for a in alternatives(data["ADR-0002"])] == [
        ("RabbitMQ", "rejected"),
        ("Kafka", "rejected"),
    ]
