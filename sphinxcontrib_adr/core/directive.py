"""The ``adr`` directive: parse and validate options, return a placeholder.

Options are taken as strings and validated in :meth:`ADRDirective.run`, so
reST and MyST behave the same (in reST a failing ``option_spec`` converter
drops the whole directive, in MyST only the option). Unknown options are
accepted by :class:`AnyOptions` and reported as ``adr.option`` warnings
instead of docutils errors that would drop the directive.
"""

# Implements: ADR-0003 (options taken as strings, validated in run())

from __future__ import annotations

import difflib
import os
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .compat_sphinx_adr import looks_like_path, native_options
from .config import BUILTIN_OPTIONS, Settings, settings
from .model import (
    ADROptions,
    DateProblem,
    ValueProblem,
    WrittenRelation,
    check_id,
    full_id,
    parse_date,
    parse_status,
    split_list,
    today,
)
from .nodes import adr_node
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.util.typing import OptionSpec


class AnyOptions(dict[str, "Callable[[str], Any]"]):
    """An ``option_spec`` that accepts every option name as a plain string.

    docutils and MyST both look converters up with ``spec[name]``; answering
    every name lets the directive run and report unknown names itself.
    """

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:
        return True


def any_options(*known: str) -> OptionSpec:
    spec = AnyOptions()
    for name in known:
        spec[name] = directives.unchanged
    return spec


class OptionChecker:
    """Validates a directive's string options, warning at the directive's line."""

    def __init__(self, directive: SphinxDirective, what: str) -> None:
        self.directive = directive
        self.what = what
        self.location = directive.get_location()

    def unknown(self, options: dict[str, Any], valid: tuple[str, ...]) -> list[str]:
        bad = [name for name in options if name not in valid]
        for name in bad:
            close = difflib.get_close_matches(name, valid, n=1, cutoff=0.75)
            hint = f"did you mean :{close[0]}:? " if close else ""
            warn(
                f"{self.what}: unknown option ':{name}:'; {hint}valid options are "
                + ", ".join(f":{v}:" for v in valid)
                + " (extra ADR fields are declared in adr_fields)",
                "option",
                self.location,
            )
        return bad

    def text(self, options: dict[str, Any], name: str) -> str | None:
        value = options.get(name)
        if value is None:
            return None
        value = " ".join(str(value).split())
        if not value:
            warn(
                f"{self.what}: option ':{name}:' is empty; give it a value or remove it",
                "value",
                self.location,
            )
            return None
        return value

    def items(self, options: dict[str, Any], name: str) -> tuple[str, ...]:
        value = options.get(name)
        if value is None:
            return ()
        items = split_list(str(value))
        if not items:
            warn(
                f"{self.what}: option ':{name}:' is empty; give it a comma-separated list "
                "or remove it",
                "value",
                self.location,
            )
        return items

    def problem(self, problem: ValueProblem, subtype: str) -> None:
        warn(f"{self.what}: {problem}", subtype, self.location)


class ADRDirective(SphinxDirective):
    """Turn the enclosing section into an Architecture Decision Record.

    Placed right under a section title, the section becomes the ADR: its title
    is the ADR's title and its subsections are the body. With an argument
    (``.. adr:: Title``) it is the compact form: the directive's content is the
    body, for pages that hold several short ADRs.

    Options: ``id``, ``status``, ``date``, ``deciders``, ``consulted``,
    ``informed``, ``tags``, ``tickets``, ``code``, ``review-by``, ``reviewed`` (the
    date of the last review), ``approved-by`` (names, each optionally with the date
    in parentheses: ``Ana Lima (2026-01-02)``), one per
    relation name in ``adr_link_kinds`` (``supersedes``, ``superseded-by``,
    ``amends``, ``amended-by``, ``relates``), and the extra fields declared in
    ``adr_fields``. Lists are comma-separated.
    """

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = any_options(*BUILTIN_OPTIONS)

    def _check_option_like_content(self, valid: tuple[str, ...]) -> None:
        """Warn about leading content lines that were meant as options.

        ``:status accepted`` (no second colon) is not an option line, so docutils
        ends the option block there and the line silently becomes body text.
        """
        first = self.content[0] if self.content else ""
        myst = type(self.state).__module__.startswith("myst_parser")
        if myst and first[:1].isspace() and first.strip():
            # ":deciders: A," then "  B": MyST ends the options at the indented line
            warn(
                f"adr: {first.strip()!r} continues an option on a new line, "
                "which MyST does not read: the options end there and the lines after "
                "it are body text; write each option on one line",
                "option",
                # MyST counts the content offset from the line after the fence
                (self.env.docname, self.lineno + self.content_offset + 1),
            )
            return
        for offset, line in enumerate(self.content):
            if not line.strip():
                break
            if _option_like(line) is None:
                break
            self._warn_option_like(line, valid, self.content_offset + offset + 1)

    def _warn_option_like(self, line: str, valid: tuple[str, ...], lineno: int) -> None:
        name = _option_like(line) or "name"
        hint = f"':{name}: value'" if name.lower() in valid else "':name: value'"
        warn(
            f"adr: {line.strip()!r} is not an option line, so it was not read as one; "
            f"write {hint} (a colon on both sides of the name)",
            "option",
            (self.env.docname, lineno),
        )

    def run(self) -> list[nodes.Node]:
        conf = settings(self.config)
        check = OptionChecker(self, "adr")
        options = {name.lower(): value for name, value in self.options.items()}
        valid = (*conf.option_names(), *FEATURE_OPTIONS)
        options = native_options(
            options, valid, lambda msg: warn(f"adr: {msg}", "option", check.location)
        )
        for name in check.unknown(options, valid):
            options.pop(name)
        parsed = parse_adr_options(options, conf, check)

        marker = adr_node()
        self.set_source_info(marker)
        marker["adr_options"] = parsed
        confirmation = _confirmation(options, check)
        if confirmation is not None:
            marker["confirmation"] = confirmation  # read by trace.evidence
        self._check_option_like_content(conf.option_names())
        if self.arguments and _option_like(self.arguments[0]) is not None:
            # ".. adr::" + ":status accepted": docutils takes the line as the title
            self._warn_option_like(self.arguments[0], conf.option_names(), self.lineno + 1)
            self.arguments = []
        if not self.arguments:
            if self.content:
                # the body of the section form is the section itself; content here
                # would silently vanish into the metadata block, so keep it visible
                return [marker, *self.parse_content_to_nodes(allow_section_headings=False)]
            return [marker]

        container = nodes.container(classes=["adr", "adr-compact"])
        self.set_source_info(container)
        title_nodes, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
        rubric = nodes.rubric(self.arguments[0], "", *title_nodes, classes=["adr-title"])
        self.set_source_info(rubric)
        marker["compact"] = True
        container += rubric
        container += marker
        container += self.parse_content_to_nodes(allow_section_headings=False)
        return [container, *messages]


#: options of the ``adr`` directive that a feature reads from the placeholder
#: node (not fields of the ADR record): ``:confirmation: required|optional``
FEATURE_OPTIONS = ("confirmation",)
_CONFIRMATION = ("required", "optional")


def _confirmation(options: dict[str, Any], check: OptionChecker) -> str | None:
    value = check.text(options, "confirmation")
    if value is None or value.casefold() in _CONFIRMATION:
        return None if value is None else value.casefold()
    warn(
        f"adr: {value!r} is not a valid value for :confirmation:; write required or optional",
        "value",
        check.location,
    )
    return None


_OPTION_LIKE_RE = re.compile(r"^:([A-Za-z][\w-]*)(?::?)(?:\s|$)")


def _option_like(line: str) -> str | None:
    """The name in a line that looks like an option but is not one (``:status accepted``)."""
    match = _OPTION_LIKE_RE.match(line.strip())
    if match and not re.match(r"^:[A-Za-z][\w-]*:(\s|$)", line.strip()):
        return match.group(1)
    return None


def parse_adr_options(options: dict[str, Any], conf: Settings, check: OptionChecker) -> ADROptions:
    """Validate ``adr`` options (each problem reported through ``check``)."""
    adr_id = None
    raw_id = check.text(options, "id")
    if raw_id is not None:
        try:
            adr_id = check_id(raw_id)
        except ValueProblem as problem:
            check.problem(problem, "id")
    raw_status = options.get("status")
    status, status_date = _parse_status(raw_status, conf, check)
    date, review_by, reviewed = (
        _parse_date(options, name, check) for name in ("date", "review-by", "reviewed")
    )
    if date is None and options.get("date") is None:
        # "accepted (2023-05-11)" with no :date: dates the ADR: tables, sorting,
        # filters, the timeline and adrs.json then agree with what the page shows
        date = status_date
    lists = {name.replace("-", "_"): check.items(options, name) for name in _LIST_OPTIONS}
    return ADROptions(
        status=status,
        status_raw="" if raw_status is None else " ".join(str(raw_status).split()),
        id=adr_id,
        status_date=status_date,
        date=date,
        review_by=review_by,
        reviewed=reviewed,
        **lists,
        relations=_parse_relations(options, conf, check),
        fields=_parse_fields(options, conf, check),
    )


_LIST_OPTIONS = ("deciders", "consulted", "informed", "tags", "tickets", "code", "approved-by")


def _parse_status(
    raw_status: object, conf: Settings, check: OptionChecker
) -> tuple[str, str | None]:
    """The status and its date (``accepted (2023-05-11)``); the default when unset."""
    if raw_status is None:
        return conf.default_status, None
    try:
        return parse_status(str(raw_status), conf.statuses, conf.aliases)
    except DateProblem as problem:
        # "accepted (2021-02-30)": the status is fine, only its date is not
        check.problem(problem, "date")
        word = str(raw_status).split("(", 1)[0]
        return parse_status(word, conf.statuses, conf.aliases)
    except ValueProblem as problem:
        check.problem(problem, "status")
        return conf.default_status, None


def _parse_date(options: dict[str, Any], name: str, check: OptionChecker) -> str | None:
    value = check.text(options, name)
    if value is None:
        return None
    try:
        date = parse_date(value, f":{name}:")
    except ValueProblem as problem:
        check.problem(problem, "date")
        return None
    now = today(os.environ.get("SOURCE_DATE_EPOCH")).isoformat()
    if name == "reviewed" and date > now:
        # a review is dated the day it was done: a future one (a typo of the year)
        # would put the next review off and hide an overdue decision
        check.problem(
            ValueProblem(
                f"the :reviewed: {date!r} is after today ({now}); write the day the review "
                "was done (sphinx-adr review writes today's)"
            ),
            "date",
        )
        return None
    return date


def _parse_relations(
    options: dict[str, Any], conf: Settings, check: OptionChecker
) -> tuple[WrittenRelation, ...]:
    """The relations written in the relation options, bare numbers made full ids."""
    relations: list[WrittenRelation] = []
    for name, (kind, reverse) in conf.link_options.items():
        for target in check.items(options, name):
            if looks_like_path(target):
                # sphinx-adr relates ADRs by document: the index resolves it once all are read
                relations.append(WrittenRelation(kind.name, target.strip(), reverse, by_path=True))
                continue
            full = full_id(conf.id_format, target)
            written = "" if full is None else target.strip()
            try:
                other = check_id(target if full is None else full)
            except ValueProblem as problem:
                check.problem(problem, "link")
                continue
            relations.append(WrittenRelation(kind.name, other, reverse, written))
    return tuple(relations)


def _parse_fields(
    options: dict[str, Any], conf: Settings, check: OptionChecker
) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    """The values of the extra fields declared in ``adr_fields``, by their type."""
    fields: list[tuple[str, str | tuple[str, ...]]] = []
    for spec in conf.fields:
        if spec.name not in options:
            continue
        if spec.type == "list":
            fields.append((spec.name, check.items(options, spec.name)))
            continue
        value = check.text(options, spec.name)
        if value is None:
            continue
        if spec.type == "date":
            try:
                fields.append((spec.name, parse_date(value, f":{spec.name}:")))
            except ValueProblem as problem:
                check.problem(problem, "date")
        elif spec.type == "choice":
            match = [c for c in spec.choices if c.casefold() == value.casefold()]
            if match:
                fields.append((spec.name, match[0]))
            else:
                warn(
                    f"adr: {value!r} is not a valid value for :{spec.name}:; write one of: "
                    + ", ".join(spec.choices),
                    "value",
                    check.location,
                )
        else:
            fields.append((spec.name, value))
    return tuple(fields)
