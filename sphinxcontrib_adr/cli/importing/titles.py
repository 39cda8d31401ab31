"""The titles the import writes for options: labels kept in ids, marks gone, no
two alike where the text tells them apart."""

from __future__ import annotations

import re
from collections import Counter

from ...core.model import slugify
from .blocks import plain, split_label

__all__ = ["clean_titles", "unique_id", "unmarked"]


def unique_id(title: str, adr_id: str, slugs: dict[str, int]) -> dict[str, str]:
    """``{"id": ...}`` when the title's derived id repeats an earlier option's (titles
    that differ only in symbols: ``character `§``` and ``character `%```)."""
    slug = slugify(plain(title))
    slugs[slug] = slugs.get(slug, 0) + 1
    return {"id": f"{adr_id}.{slug}-{slugs[slug]}"} if slugs[slug] > 1 and adr_id else {}


def unmarked(text: str) -> str:
    """A title without emphasis and code marks (links stay whole; a mark inside a
    word stays, so ``StandardField`s`` keeps its two words)."""
    text = re.sub(r"(?<!\w)(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text)
    return re.sub(r"(?<!\w)(?:``(.+?)``|`([^`]+)`)(?!\w)", lambda m: m.group(1) or m.group(2), text)


def clean_titles(
    raws: list[str], fulls: list[str], adr_id: str
) -> list[tuple[str, dict[str, str]]]:
    """``(title, options)`` to write for each option's title as the text has it:
    the label goes into the option's ``:id:`` (``Option 1:`` -> ``ADR-0007.option-1``)
    and a number that only counts is dropped, as a list's enumerator is; marks go;
    titles that would clash take words of their ``fulls`` until they differ."""
    found: list[tuple[str, str]] = []
    for raw in raws:
        label, name = split_label(raw)
        if label and not adr_id and not label.isdigit():
            name, label = raw, ""  # no id to keep the label in: the title keeps it
        # ``**Name:** why``: the colon is the bullet's, not the name's
        found.append((unmarked(name).rstrip(": "), "" if label.isdigit() else label))
    titles = _distinguish([t for t, _ in found], [unmarked(split_label(f)[1]) for f in fulls])
    folded = [t.casefold() for t in titles]
    counts = Counter(folded)  # one pass: a log with thousands of options stays linear
    for index, title in enumerate(folded):
        if counts[title] > 1 and found[index][1]:
            # only the label tells them apart ("Option 1: [Name]"): it stays in the title
            titles[index], found[index] = unmarked(raws[index]), (raws[index], "")
    slugs: dict[str, int] = {}
    labels: set[str] = set()
    result = []
    for title, (_name, label) in zip(titles, found, strict=True):
        if label and slugify(label) not in labels:
            labels.add(slugify(label))
            slugs[slugify(plain(title))] = slugs.get(slugify(plain(title)), 0) + 1
            result.append((title, {"id": f"{adr_id}.{slugify(label)}"}))
        else:
            result.append((title, unique_id(title, adr_id, slugs)))
    return result


def _distinguish(titles: list[str], fulls: list[str]) -> list[str]:
    """Clashing titles lengthened, a word at a time from their full text, until each
    differs: the shortest titles that tell the options apart."""
    result = list(titles)
    groups: dict[str, list[int]] = {}
    for index, title in enumerate(titles):
        groups.setdefault(title.casefold(), []).append(index)
    for clash in groups.values():
        if len(clash) < 2:
            continue
        words = {i: fulls[i].split() for i in clash}
        size = len(titles[clash[0]].split())
        while size < max(len(w) for w in words.values()):
            size += 1
            heads = [" ".join(words[i][:size]).casefold() for i in clash]
            if len(set(heads)) == len(heads):
                for i in clash:
                    if fulls[i].casefold().startswith(titles[i].casefold()):
                        result[i] = " ".join(words[i][:size])
                break
    return result
