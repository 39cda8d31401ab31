"""Print: links, long words and banners the LaTeX writer gets wrong on its own.

Post-transforms for the ``latex`` format only (registered by :mod:`.latex`):

- :class:`LinksToHashNames` mends links to a document whose name holds ``#``
  (``0004-c#-client.rst``): the writer reads the first ``#`` of a link as the
  start of its anchor, so the link named a label that does not exist
  ("Hyper reference undefined") and the PDF's link was dead;
- :class:`BreakLongWords` lets a long word (a URL, a dotted name) in the title
  of an alternative or a risk, or in a listing's cell, break at the line's
  end: LaTeX breaks at spaces and hyphens only, so such a word ran past the
  margin or was cut off at its cell's edge;
- :class:`BoxBanners` gives the banner of a decision no longer in force the
  tone of its status, for the box ``sphinxcontrib-adr.sty`` draws (a plain
  bold line before).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: a word longer than this gets break points
LONG_WORD = 20
#: characters after which a URL or a dotted name may break
_PUNCTUATION = re.compile(r"(?<=[/._\-?=&#:,;])")
#: the longest run without punctuation kept whole
_RUN = 12
_BREAK = r"\allowbreak{}"


class LinksToHashNames(SphinxPostTransform):
    """Links to documents with ``#`` in their names, written as the writer's labels
    of those documents are (it escapes ``#`` in labels, not in links)."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        names = sorted((d for d in self.env.all_docs if "#" in d), key=len, reverse=True)
        if not names:
            return
        owners = self.owners()
        for ref in self.document.findall(nodes.reference):
            uri = str(ref.get("refuri", ""))
            own = owners.get(id(ref), self.env.docname)
            if not uri and ref.get("refid") and "#" in own:
                # a link inside its own document: the writer prefixes the raw name
                ref["refuri"] = f"%{own.replace('#', '_')}#{ref['refid']}"
                continue
            if not uri.startswith("%"):
                continue
            for name in names:
                if uri[1:] == name or uri[1:].startswith(name + "#"):
                    # "_" is what the writer's label of "#" reads as (idescape)
                    ref["refuri"] = "%" + name.replace("#", "_") + uri[1 + len(name) :]
                    break

    def owners(self) -> dict[int, str]:
        """The document each reference of an assembled tree came from."""
        found: dict[int, str] = {}
        # pre-order: an inner start_of_file comes after its outer one and overwrites it
        for start in self.document.findall(addnodes.start_of_file):
            for ref in start.findall(nodes.reference):
                found[id(ref)] = str(start["docname"])
        return found


def break_points(word: str) -> list[str]:
    """``word`` in pieces between which a line may break: after URL punctuation,
    and inside a run of letters longer than a short word."""
    pieces: list[str] = []
    for part in _PUNCTUATION.split(word):
        pieces += [part[n : n + _RUN] for n in range(0, len(part), _RUN)] or [part]
    return [p for p in pieces if p]


def _broken(text: str) -> list[nodes.Node] | None:
    words = re.split(r"(\s+)", text)
    if not any(len(w) > LONG_WORD for w in words):
        return None
    out: list[nodes.Node] = []
    for word in words:
        pieces = break_points(word) if len(word) > LONG_WORD else [word]
        for n, piece in enumerate(pieces):
            if n:
                out.append(nodes.raw("", _BREAK, format="latex"))
            out.append(nodes.Text(piece))
    return out


def _ours(node: nodes.Element) -> bool:
    return any(c.startswith("adr-") for n in node.findall(nodes.Element) for c in n["classes"])


def _holders(document: nodes.document) -> list[nodes.Element]:
    """Titles of alternatives and risks, the tables of listings, and references to
    the extension's records (an option's title with a URL, in running text)."""
    found: list[nodes.Element] = [r for r in document.findall(nodes.reference) if _ours(r)]
    for rubric in document.findall(nodes.rubric):
        parent = rubric.parent
        if isinstance(parent, nodes.Element) and {"adr-alternative", "adr-risk"} & set(
            parent["classes"]
        ):
            found.append(rubric)
    found += [t for t in document.findall(nodes.table) if t.get("adr_kinds")]
    return found


class BreakLongWords(SphinxPostTransform):
    """Break points in long words of option and risk titles and of listing cells."""

    default_priority = 22  # after PrintTables measured the cells' words
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for holder in _holders(self.document):
            for text in list(holder.findall(nodes.Text)):
                parent = text.parent
                if parent is None or isinstance(parent, nodes.literal | nodes.FixedTextElement):
                    continue
                pieces = _broken(str(text))
                if pieces is not None:
                    at = parent.index(text)
                    parent[at : at + 1] = pieces


class KeepIdsWhole(SphinxPostTransform):
    """The ids in the line of ADRs without relations under a graph never break at
    their hyphen ("ADR-" at a line's end, "0009" on the next)."""

    default_priority = 22
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for para in self.document.findall(nodes.paragraph):
            if "adr-graph-isolated" not in para["classes"]:
                continue
            for ref in list(para.findall(nodes.reference)):
                parent = ref.parent
                at = parent.index(ref)
                parent.insert(at + 1, nodes.raw("", "}", format="latex"))
                parent.insert(at, nodes.raw("", r"\mbox{", format="latex"))


class BoxBanners(SphinxPostTransform):
    """The banner's box takes its status' tone (``adr-tone-<status>`` first, so the
    style file's tone is set when the box is drawn)."""

    default_priority = 21
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for box in self.document.findall(nodes.container):
            classes = box["classes"]
            if "adr-banner" not in classes:
                continue
            tones = [
                f"adr-tone-{c[len('adr-status-') :]}"
                for c in classes
                if c.startswith("adr-status-")
            ]
            box["classes"] = tones + [c for c in classes if c not in tones]
