"""Which option an ADR's outcome chose, read the way a reader reads it.

An outcome names an option by its title, a prefix or a shortened form of it,
its label (``Option 1``, ``option 1``, ``A``) or the bold or code text inside
its title; on the ``Chosen option:`` line, on the line or bullet after it, or
in the first sentence or bullet under the outcome heading. A name that fits
two options is reported, never guessed (:func:`verdicts`).

Options are known by their keys, labels and spans (:class:`.Candidate`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .blocks import (
    ITEM_RE,
    LABEL_RE,
    Candidate,
    Section,
    Structure,
    fenced,
    label_key,
    option_key,
    plain,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["mark", "outcome_names", "verdicts"]

_CHOSEN_LINE_RE = re.compile(
    r"^\s*(?:[*+-]\s+)?(?:\*\*|__)?chosen\s+(?:option|alternative|solution)s?\s*(?:\*\*|__)?"
    r"\s*:\s*(?:\*\*|__)?\s*(.*)$",
    re.I,
)
_QUOTED_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|'([^']+)'|\*\*([^*]+)\*\*|`([^`]+)`")
_DECISION_WORDS_RE = re.compile(
    r"\b(chose|chosen|choose|decided|decide|selected|select|picked|pick|adopt|adopted|"
    r"go with|went with|will use|use)\b",
    re.I,
)


def mark(title: str, text: str) -> str | None:
    """The verdict a title (``(chosen)``) or a line of an option's text states: a
    line that *starts* with the verdict (``**Rejected** because:``, ``❌ Rejected -
    ...``, ``Verdict: chosen``), marks and markup aside; a check mark in a list of
    pros is no verdict."""
    for word, verdict in _VERDICT_WORDS:
        if re.search(rf"\(\s*{word}\s*\)", title, re.I):
            return verdict
    for line in text.split("\n"):
        words = re.sub(r"^[\W_]+", "", plain(ITEM_RE.sub(r"\3", line.strip()))).lower()
        words = re.sub(r"^(?:verdict|status|decision)\s*:\s*", "", words)
        for word, verdict in _VERDICT_WORDS:
            if re.match(rf"{word}\b", words):
                return verdict
    return None


_VERDICT_WORDS = (
    ("rejected", "rejected"),
    ("not chosen", "rejected"),
    ("chosen", "chosen"),
    ("selected", "chosen"),
    ("deferred", "deferred"),
    ("future consideration", "deferred"),
    ("on hold", "deferred"),
)

# --------------------------------------------------------------------------
# the outcome's names


def outcome_names(lines: list[str], outcome: Section) -> tuple[list[str], bool] | None:
    """``(names, stated)``: the names a ``Chosen option: "X", because ...`` line
    states (or the line or bullet after an empty one), ``stated`` true; else the
    first sentence or bullet under the outcome heading, ``stated`` false (a
    reader's reading of prose, matched more carefully)."""
    code = fenced(lines, outcome.start, outcome.own_end)
    blocks = [n for n in range(outcome.start, outcome.own_end) if n not in code]
    for index, number in enumerate(blocks):
        match = _CHOSEN_LINE_RE.match(lines[number])
        if match is None:
            continue
        text = match.group(1).strip(" *_")
        if not text:
            following = next((n for n in blocks[index + 1 :] if lines[n].strip()), None)
            if following is None:
                return None
            text = _item_text(lines[following])
        return _names(text, stated=True), True
    first = next((n for n in blocks if lines[n].strip()), None)
    if first is None:
        return None
    text = _item_text(lines[first])
    if text.startswith(("#", "|", ">", ":::", "..", "<")):
        return None
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return _names(sentence, stated=False), False


def _item_text(line: str) -> str:
    match = ITEM_RE.match(line.strip())
    return (match.group(3) if match else line).strip()


def _names(text: str, stated: bool) -> list[str]:
    # a stated name may hold a comma ("Multi-packages, monorepo"); prose ends at one
    ends = r",?\s+because\b|\.\s*$" if stated else r",?\s+(?:because|since|as)\b|[,;]\s|\.\s*$"
    head = re.split(ends, text, maxsplit=1)[0]
    head = head.strip().rstrip(",.:")
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED_RE.finditer(head)]
    whole = head.strip(" \"'“”*")
    return [whole, *quoted] if quoted else [whole]


# --------------------------------------------------------------------------
# verdicts


def verdicts(
    candidates: list[Candidate], named: tuple[list[str], bool] | None, structure: Structure
) -> list[str]:
    """The verdict of each candidate: the outcome's choice, else the marks; an outcome
    that names no option of the list, or two, is reported and chooses none."""
    marks = [c.mark for c in candidates]
    chosen: set[int] = {i for i, m in enumerate(marks) if m == "chosen"}
    if named:
        names, stated = named
        found = match(candidates, names, loose=stated or decides(names[0]))
        if found is None:
            if stated:
                structure.problems.append(
                    f"the decision outcome names {names[0]!r}, which is none of the options "
                    f"({', '.join(repr(c.title) for c in candidates)}); no option is marked "
                    "chosen"
                )
        elif len(found) > 1:
            structure.problems.append(
                f"the decision outcome names {len(found)} options ("
                + ", ".join(repr(candidates[i].title) for i in sorted(found))
                + "); none is marked chosen, give the alternatives their :verdict:"
            )
            chosen = set()
        else:
            chosen |= found
    if len(chosen) > 1:
        structure.problems.append(
            "more than one option is marked chosen ("
            + ", ".join(repr(candidates[i].title) for i in sorted(chosen))
            + "); none is marked chosen, give the alternatives their :verdict:"
        )
        chosen = set()
    decided = bool(chosen)
    result = []
    for index, verdict in enumerate(marks):
        if index in chosen:
            result.append("chosen")
        elif verdict in ("rejected", "deferred"):
            result.append(verdict)
        else:
            # the outcome took another option: this one was not taken
            result.append("rejected" if decided else "considered")
    return result


def decides(text: str) -> bool:
    """Whether an outcome's sentence states a decision (``We will use X``)."""
    return bool(_DECISION_WORDS_RE.search(text))


def match(candidates: list[Candidate], named: list[str], loose: bool = True) -> set[int] | None:
    """The candidates the outcome's names mean: the whole text first (its full
    title or a prefix, then its label), then each quoted, bold or code name, then
    (``loose``) bold or code text inside a title and a title or shortened form
    written inside the name. ``None``: no option matches."""
    rules: list[Callable[[Candidate, str], bool]] = [_exact, _prefix, _label]
    if len(named) >= 3:
        # several quoted names: the whole text is one option only when it is exactly one
        rules = [_exact]
    for rule in rules:
        whole = _hits(candidates, named[0], rule)
        if len(whole) == 1:
            return whole
    found: set[int] = set()
    for name in named[1:]:
        for rule in (_exact, _prefix, _label, _span):
            matched = _hits(candidates, name, rule)
            if matched:
                found |= matched
                break
    if found or not loose:
        return found or None
    for name in named:
        for rule in (_span, _within):
            matched = _hits(candidates, name, rule)
            if matched:
                return matched
    return None


def _hits(
    candidates: list[Candidate], name: str, rule: Callable[[Candidate, str], bool]
) -> set[int]:
    return {i for i, c in enumerate(candidates) if rule(c, name)}


def _keys(candidate: Candidate) -> tuple[str, ...]:
    return tuple(k for k in (candidate.key, *candidate.keys) if k)


def _exact(candidate: Candidate, name: str) -> bool:
    wanted = option_key(name)
    return bool(wanted) and wanted in _keys(candidate)


def _prefix(candidate: Candidate, name: str) -> bool:
    wanted = option_key(name)
    for key in _keys(candidate):
        short, long = sorted((key, wanted), key=len)
        if len(short) >= 3 and long.startswith(short + " "):
            return True
    return False


def _label(candidate: Candidate, name: str) -> bool:
    """The name is the option's label (``Option 1``, ``option 1``, ``A``, ``3``), or
    its label and the start of its title."""
    if not candidate.label:
        return False
    name = name.strip()
    found = LABEL_RE.match(name + " ")
    if found is None:
        return (len(name) == 1 or name.isdigit()) and label_key(name) == label_key(candidate.label)
    rest = (name + " ")[found.end() :].strip()
    if rest and not _exact(candidate, rest) and not _prefix(candidate, rest):
        return False
    return label_key(found.group("label")) == label_key(candidate.label)


def _span(candidate: Candidate, name: str) -> bool:
    wanted = option_key(name)
    return bool(wanted) and wanted in candidate.spans


def _within(candidate: Candidate, name: str) -> bool:
    """The option's title inside the name (``Migrate to Picocli``), or the name a
    run of whole words of the title (``tomllib``)."""
    wanted = f" {option_key(name)} "
    if len(wanted.strip()) < 3:
        return False
    return any(
        f" {key} " in wanted or wanted in f" {key} " for key in _keys(candidate) if len(key) >= 3
    )
