"""The reference entry of every option of the ADR listings: the directive
reference in the manual is generated from :data:`OPTION_DOCS`
(``docs/_ext/adr_docs.py``), and ``tests/test_manual.py`` checks that it names
every option the directives accept."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionDoc:
    """The reference entry of a listing option (the manual is generated from these)."""

    #: what the value is, in plain words (the signature shows it as written)
    value: str
    #: reST: what the option does
    help: str
    #: values as written in a directive
    examples: tuple[str, ...] = ()


#: every option of the ADR listings (filters first): the directive reference is
#: generated from this table and tests/test_manual.py checks that it is complete
OPTION_DOCS: dict[str, OptionDoc] = {
    "status": OptionDoc(
        "statuses",
        "ADRs with one of the statuses (aliases allowed); ``!status`` excludes.",
        ("accepted, proposed", "!superseded, !rejected"),
    ),
    "tags": OptionDoc(
        "tags",
        "ADRs with any of the tags (case-insensitive); ``!tag`` excludes.",
        ("security, api", "!legacy"),
    ),
    "tags-match": OptionDoc(
        "any or all", "With ``all``, an ADR must have every tag of ``:tags:``."
    ),
    "date": OptionDoc(
        "date range",
        "ADRs dated within the range (ends included, either may be left out; a year or "
        "month covers all its days). Undated ADRs do not match.",
        ("2024", "2024-03", "2024-01..2024-06", "2025..", "..2023-12-31"),
    ),
    "deciders": OptionDoc("names", "ADRs decided by one of these people (case-insensitive)."),
    "docname": OptionDoc(
        "glob patterns",
        "ADRs whose document name matches one of the patterns.",
        ("decisions/*", "team-a/**"),
    ),
    "search": OptionDoc("words", "ADRs whose id or title contains every word (case-insensitive)."),
    "relation": OptionDoc(
        "conditions",
        "ADRs having a relation of that name (any name of :confval:`adr_link_kinds`, in "
        "either direction) to any ADR (``*`` or nothing) or to one of the ids given; ``!`` "
        "before the name: ADRs without such a relation. Several conditions are separated "
        "by ``;``.",
        ("superseded-by *", "relates ADR-0004", "!supersedes"),
    ),
    "field": OptionDoc(
        "conditions",
        "Conditions on the extra fields of :confval:`adr_fields`, separated by ``;``: "
        "``NAME`` (has a value), ``!NAME`` (has none), ``NAME OP VALUE`` with ``=``, "
        "``!=``, ``~`` (contains), and ``<``, ``<=``, ``>``, ``>=`` for dates and choices "
        "(choices compare in their declared order). List fields match when one item does.",
        ("priority = high", "cost ~ weeks", "decided-on >= 2024-06", "!cost"),
    ),
    "projects": OptionDoc(
        "project names",
        "Whose ADRs are listed: ``local`` (this project's, the default), names of "
        ":confval:`adr_external` projects, or ``*`` (every project). The other filters "
        "apply to all of them alike; the ``project`` column names each ADR's project.",
        ("*", "platform, local", "platform"),
    ),
    "confirmation": OptionDoc(
        "failing, passing or none",
        "ADRs by what their tests say (:confval:`adr_test_results`): ``failing`` (a test "
        "failed or errored), ``passing`` (tests passed, none failed) or ``none`` (no test "
        "ran for it, or no results were read); several separated by commas.",
        ("failing", "passing, failing", "none"),
    ),
    "health": OptionDoc(
        "overdue, stale, suspect, approval, confirmation or ok",
        "ADRs by their health (see *Keeping decisions true*): ``overdue`` (a review is "
        "due), ``stale`` (proposed for too long), ``suspect`` (something they depend on "
        "became inactive or changed after their last review), ``approval`` (fewer "
        "approvals than required), ``confirmation`` (accepted, and a confirming test "
        "fails) or ``ok`` (none of these); several separated by commas.",
        ("suspect", "overdue, stale", "ok"),
    ),
    "depends-on": OptionDoc(
        "ids",
        "ADRs that declare ``:depends-on:`` one of these ADRs (the same as "
        "``:relation: depends-on IDS``).",
        ("ADR-0003",),
    ),
    "impacted-by": OptionDoc(
        "ids",
        "The blast radius of a change: ADRs that depend on (``:depends-on:``) or amend "
        "one of these ADRs, directly or through other ADRs that do.",
        ("ADR-0003",),
    ),
    "changed-since": OptionDoc(
        "git revision",
        "ADRs added or changed since the revision (a tag, branch or commit): their file "
        "changed between it and the working tree. Needs :confval:`adr_history`; a revision "
        "git does not know is one ``adr.history`` warning and the listing shows no ADR "
        "(see ``adr-changes`` for the whole changelog).",
        ("v1.0", "main~20", "3f2a9c1"),
    ),
    "columns": OptionDoc(
        "column names",
        "Any of ``id``, ``title``, ``status``, ``date``, ``status-date``, ``deciders``, "
        "``consulted``, ``informed``, ``tags``, ``tickets``, ``code``, ``review-by``, "
        "``docname``, ``project`` (the :confval:`adr_external` project an ADR comes "
        "from; empty for this project's), every relation name (``supersedes``, "
        "``superseded-by``, ``relates``, ...), every extra field, and the counts "
        "``alternatives`` and ``risks``. With "
        ":confval:`adr_history` (or :confval:`adr_date_from`) on, also the history columns "
        "``accepted-on`` (the date the accepted status was first committed), "
        "``first-committed``, ``last-changed`` and ``age`` (whole days since the first "
        "commit). From :confval:`adr_test_results`: ``tests`` (how many test cases name "
        "the ADR) and ``confirmation`` (``failing``, ``passing`` or ``none``). Health: "
        "``reviewed`` and ``approved-by`` (as written), ``next-review`` (the date a "
        "review falls due), ``health`` (``ok`` or the problems), and the relations "
        "``depends-on`` and ``required-by``. "
        "Default: ``id, title, status, date`` (a table), ``status, date`` (a list).",
        ("id, title, status, date", "id, title, tags, superseded-by"),
    ),
    "sort": OptionDoc(
        "sort keys",
        "Sort keys in order of precedence: any column except relations; ``-key`` or "
        "``key desc`` sorts descending. ADRs without a value come last either way. "
        "Default: by id, numbers compared as numbers.",
        ("-date, id", "priority desc, title"),
    ),
    "limit": OptionDoc("number", "Show at most this many ADRs (after sorting).", ("5",)),
    "page-size": OptionDoc(
        "number",
        "In HTML, the rows per page of a table of more than twice as many rows (default "
        ":confval:`adr_table_page_size`; ``0``: never paged). Without JavaScript, and in "
        "other builders, the whole table is shown.",
        ("50", "0"),
    ),
    "unchanged-for": OptionDoc(
        "time span",
        "Only the ADRs whose file was last changed at least that long ago (months count 30 "
        "days, years 365), as of today or ``SOURCE_DATE_EPOCH``: the decisions due for "
        "review, alongside ``:review-by:``. Needs :confval:`adr_history`; without it, or "
        "with a span that cannot be read, the listing is left out with an ``adr.filter`` "
        "warning.",
        ("90d", "12w", "6m", "1y"),
    ),
    "group-by": OptionDoc(
        "status, tag or year",
        "One table per group under a heading: statuses in lifecycle order, tags "
        "alphabetically (an ADR with two tags is in both groups), years ascending; untagged "
        "and undated ADRs come last.",
    ),
    "empty": OptionDoc(
        "text",
        "The line shown when no ADR matches (default :confval:`adr_empty_text`), instead "
        "of an empty listing.",
    ),
    "caption": OptionDoc("text", "A caption for the table or graph."),
    "order": OptionDoc(
        "oldest-first or newest-first", "The order of the timeline (default oldest-first)."
    ),
    "kinds": OptionDoc(
        "relation kinds",
        "The relation kinds drawn as edges (names of :confval:`adr_link_kinds`; default all).",
        ("supersedes", "supersedes, relates"),
    ),
    "direction": OptionDoc(
        "LR, RL, TB or BT", "The direction Graphviz lays the graph out in.", ("LR",)
    ),
    "rankdir": OptionDoc(
        "LR, TB, RL or BT",
        "Layout direction (default ``LR``: older decisions left of the ones that supersede "
        "them); the same as ``direction``.",
        ("TB",),
    ),
    "around": OptionDoc(
        "ids",
        "Only the ADRs connected to these through the relations drawn, either way: the "
        "neighbourhood of one decision in a big log.",
        ("ADR-0007",),
    ),
    "depth": OptionDoc(
        "number",
        "With ``around``: only the ADRs at most this many relations away (default: the "
        "whole connected group).",
        ("2",),
    ),
    "cluster": OptionDoc(
        "status or tag", "Draw a box around the ADRs of each status or of each first tag."
    ),
    "inactive": OptionDoc(
        "show, fade or hide",
        "What to do with ADRs whose status is in :confval:`adr_inactive_statuses`: ``fade`` "
        "draws them pale, ``hide`` leaves them and their relations out (default ``show``).",
    ),
    "isolated": OptionDoc(
        "group, list or hide",
        "What to do with the ADRs without relations: ``group`` sets them under the "
        "drawing as small boxes of their status' colour, ``list`` names them in a line of "
        "links, ``hide`` leaves them out (default ``group`` up to 12 of them, else ``list``).",
        ("list",),
    ),
}
