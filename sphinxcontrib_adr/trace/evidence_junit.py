"""Reading JUnit XML test reports (no Sphinx in here): the gate for test results.

One reader for the shapes test runners write: pytest (``<testsuites>`` around
one ``<testsuite>``, ``file``/``line`` attributes with ``junit_family=xunit1``,
``<property>`` per test), Maven Surefire and Gradle (one ``<testsuite>`` per
class, JVM properties on the suite), go-junit-report (``classname`` is the
package, ``message="Failed"`` with the real message in the text) and
jest-junit (no ``message`` attribute, the message is the text; a ``file``
attribute when asked for). Suites may nest; test cases are found at any depth.

A report is foreign input: it is read within a byte limit, parsed by
defusedxml (no DTD, so no entity expansion and no external entity), streamed
so memory stays flat, cut at :data:`MAX_CASES` test cases, and every text
taken from it is one line without control characters, cut to a length.
Whatever goes wrong is one :class:`ReportProblem` for the whole report.
"""

# Implements: ADR-0025 (JUnit reports parsed by defusedxml, bounded)

from __future__ import annotations

import io
import os
import re
import stat
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

import defusedxml
import defusedxml.ElementTree as SafeET

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: at most this many test cases are read from one report (the rest: a warning)
MAX_CASES = 200_000
#: texts shown on pages are cut to this many characters
MAX_TEXT = 300
#: the property naming the ADRs a test confirms (``<property name="adr" value="ADR-0007"/>``)
ADR_PROPERTY = "adr"
#: messages that say nothing (go-junit-report writes "Failed"): the text's first line is used
_EMPTY_MESSAGES = frozenset({"", "failed", "failure", "error"})

_BREAK_RE = re.compile(r"\s*[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]\s*")
_FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_OUTCOMES = {"failure": "failed", "error": "error", "skipped": "skipped"}


class ReportProblem(ValueError):
    """A report that cannot be read; the message says why (and what to do)."""


@dataclass(frozen=True, slots=True)
class RawCase:
    """One ``<testcase>`` as the report gives it, cleaned."""

    name: str
    classname: str
    #: the test's file as the report gives it ("" when it gives none)
    file: str
    line: int
    #: ``passed``, ``failed``, ``error`` or ``skipped``
    outcome: str
    #: the first line of the failure's (or error's, or skip's) message
    message: str
    #: the values of ``adr`` properties of the case and of the suites around it
    adr_values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    cases: tuple[RawCase, ...]
    #: True when the report held more than :data:`MAX_CASES` test cases
    cut: bool = False


def clean(value: str | None, limit: int = MAX_TEXT) -> str:
    """One line of at most ``limit`` characters, no control characters."""
    if not value:
        return ""
    text = _BREAK_RE.sub(" ", _FORBIDDEN_RE.sub("", value[: limit * 4])).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_line(value: str | None) -> str:
    for line in (value or "")[:65536].splitlines():
        if line.strip():
            return clean(line)
    return ""


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The report's bytes; a FIFO, a device or a file over ``max_bytes`` is refused
    before anything is read (and a file growing while read is cut at the limit)."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError as err:
        raise ReportProblem(f"cannot be opened ({err.strerror or err})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReportProblem("is not a regular file (a FIFO, a device or a directory)")
        if info.st_size > max_bytes:
            raise ReportProblem(
                f"is {info.st_size:,} bytes, over adr_test_results_max_bytes ({max_bytes:,})"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReportProblem(f"grew over adr_test_results_max_bytes ({max_bytes:,}) while read")
    return data


def parse_report(data: bytes) -> Report:
    """Every test case of a JUnit XML report (raises :class:`ReportProblem`)."""
    cases: list[RawCase] = []
    try:
        for case in _cases(data):
            if len(cases) == MAX_CASES:
                return Report(tuple(cases), cut=True)
            cases.append(case)
    except defusedxml.DefusedXmlException as err:
        raise ReportProblem(
            f"is refused: {type(err).__name__} (a report needs no DTD or entities)"
        ) from None
    except ET.ParseError as err:
        raise ReportProblem(f"is not well-formed XML ({err})") from None
    except RecursionError:  # pragma: no cover - iterparse does not recurse
        raise ReportProblem("nests too deeply") from None
    if not cases and not _looks_like_junit(data):
        raise ReportProblem("is not a JUnit XML report (no <testsuite> or <testcase>)")
    return Report(tuple(cases))


def _looks_like_junit(data: bytes) -> bool:
    return b"<testsuite" in data[:65536] or b"<testcase" in data[:65536]


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1] if "}" in text else text


def _cases(data: bytes) -> Iterator[RawCase]:
    """Stream the report: suites' ``adr`` properties are kept on a stack, and each
    test case is dropped from its parent once read, so memory does not grow with
    the report."""
    suites: list[list[str]] = []
    open_elems: list[ET.Element] = []
    # pytest counts lines from 0 (its suite is named "pytest" unless junit_suite_name says
    # otherwise); the pages link to 1-based lines
    shift = 0
    events = SafeET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
    for event, elem in events:
        tag = _local(elem.tag)
        if event == "start":
            open_elems.append(elem)
            if tag == "testsuite":
                suites.append([])
            if tag in ("testsuite", "testsuites") and (elem.get("name") or "").startswith("pytest"):
                shift = 1
            continue
        open_elems.pop()
        parent = _local(open_elems[-1].tag) if open_elems else ""
        if tag == "properties" and parent == "testsuite" and suites:
            # a suite's properties apply to each of its cases (Surefire writes them first)
            suites[-1].extend(_adr_values(elem))
        elif tag == "testcase":
            inherited = tuple(value for suite in suites for value in suite)
            yield _case(elem, inherited, shift)
            if open_elems:
                del open_elems[-1][:]
        elif tag == "testsuite":
            suites.pop()
            if open_elems:
                del open_elems[-1][:]


def _adr_values(properties: ET.Element) -> list[str]:
    return [
        clean(prop.get("value") or prop.text or "", 1000)
        for prop in properties
        if _local(prop.tag) == "property" and (prop.get("name") or "").strip() == ADR_PROPERTY
    ]


def _case(elem: ET.Element, inherited: tuple[str, ...], shift: int) -> RawCase:
    outcome, message = "passed", ""
    own: list[str] = []
    for child in elem:
        tag = _local(child.tag)
        if tag == "properties":
            own.extend(_adr_values(child))
        elif tag in _OUTCOMES and _rank(_OUTCOMES[tag]) > _rank(outcome):
            outcome = _OUTCOMES[tag]
            message = _message(child)
    line = (elem.get("line") or "").strip()
    return RawCase(
        name=clean(elem.get("name")),
        classname=clean(elem.get("classname") or elem.get("class")),
        file=clean(elem.get("file"), 1000),
        line=int(line) + shift if line.isdigit() and len(line) < 10 else 0,
        outcome=outcome,
        message=message,
        adr_values=(*inherited, *own),
    )


def _rank(outcome: str) -> int:
    # a test that failed and then errored in teardown is shown as failed
    return ("passed", "skipped", "error", "failed").index(outcome)


def _message(elem: ET.Element) -> str:
    message = first_line(elem.get("message"))
    if message.casefold().rstrip(".:") in _EMPTY_MESSAGES:
        message = first_line(elem.text) or message
    return message
