"""Configuration: custom statuses, aliases, link kinds, id and title formats, fields;
and every invalid value is one warning naming the setting and value, at its
line of conf.py, the build going on with the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from util import adr_warnings, bad_setting, domain_of, twins

TWINS = twins("config")


@pytest.fixture
def configured(app, syntax):
    app.build()
    return app


def _html(app, docname: str) -> str:
    return (app.outdir / f"{docname}.html").read_text("utf-8")


@TWINS
def test_custom_configuration_builds_without_warnings(configured):
    assert adr_warnings(configured) == []


@TWINS
def test_id_format_names_adrs_from_file_numbers(configured):
    ids = sorted(adr.id for adr in domain_of(configured).adrs())
    assert ids == ["DEC-003", "DEC-007", "DEC-010"]
    # "DEC-003:" and "7." repeat the id in the title and are stripped
    titles = {adr.id: adr.title for adr in domain_of(configured).adrs()}
    assert titles == {
        "DEC-003": "Never cache",
        "DEC-007": "Cache responses",
        "DEC-010": "Cache at the edge",
    }


@TWINS
def test_statuses_are_case_insensitive_with_aliases_and_dates(configured):
    domain = domain_of(configured)
    cached = domain.get("DEC-007")
    assert (cached.status, cached.status_date, cached.status_raw) == (
        "accepted",
        "2021-03-04",
        "ACCEPTED (2021-03-04)",
    )
    assert domain.get("DEC-003").status == "replaced"  # "replaced by newer", an alias
    assert domain.get("DEC-010").status == "idea"  # "WIP", an upper-case alias


@TWINS
def test_custom_link_kinds_show_on_both_ends(configured):
    old = _html(configured, "decisions/003-no-cache")
    assert ">Replaced by<" in old
    assert "Cache responses [DEC-007, accepted]" in old
    new = _html(configured, "decisions/007-caching")
    assert ">Replaces<" in new and ">Extended by<" in new
    assert "Cache at the edge [DEC-010, idea]" in new


@TWINS
def test_title_format_status_class_and_tooltip_on_references(configured):
    html = _html(configured, "index")
    ref = re.search(
        r'<a class="([^"]*)" href="decisions/007-caching.html#dec-007" '
        r'title="([^"]*)">(.*?)</a>',
        html,
    )
    assert ref, html
    assert "adr-status-accepted" in ref.group(1).split()
    assert ref.group(2) == "DEC-007 (accepted)"
    assert "Cache responses [DEC-007, accepted]" in ref.group(3)
    # lower-case id in the reference still resolves; explicit text is kept
    assert "Never cache [DEC-003, replaced]" in html
    assert ">the idea<" in html and "adr-status-idea" in html


@TWINS
def test_extra_fields_are_typed(configured):
    fields = dict(domain_of(configured).get("DEC-007").fields)
    assert fields == {"impact": "high", "owners": ("web", "api")}


@TWINS
def test_status_implied_by_a_custom_kind_is_checked(make_app, tmp_path, syntax):
    from util import copy_root

    srcdir = copy_root(f"config-{syntax}", tmp_path)
    page = next(srcdir.glob("decisions/003-no-cache.*"))
    page.write_text(page.read_text("utf-8").replace("replaced by newer", "OK"), "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = adr_warnings(app, "status_inconsistent")
    assert [(w.basename, w.line) for w in found] == [(page.name, 4 if syntax == "rst" else 3)]
    assert "set :status: replaced on DEC-003" in found[0].message


# ---------------------------------------------------------------- invalid values

BAD_VALUES = [
    ("adr_statuses", "accepted", "must be a list of strings"),
    ("adr_statuses", [], "must name at least one status"),
    ("adr_statuses", ["accepted", ""], "'' is not a non-empty string"),
    # found by the generated-values test: blamed on adr_accepted_status, never written
    ("adr_statuses", ["open", "done"], "must hold 'accepted' (the default adr_accepted_status)"),
    ("adr_status_aliases", ["ok"], "must be a dict"),
    ("adr_status_aliases", {"ok": 1}, "'ok': 1 is not str"),
    ("adr_status_aliases", {"ok": "acepted"}, "'ok' maps to 'acepted', which is not one of"),
    ("adr_status_aliases", {"accepted": "rejected"}, "'accepted' is already a status"),
    ("adr_inactive_statuses", "rejected", "must be a list of strings"),
    ("adr_inactive_statuses", ["rejectd"], "'rejectd' is not one of adr_statuses"),
    ("adr_accepted_status", "approved", "must be one of"),
    ("adr_default_status", "approved", "must be None or one of"),
    ("adr_default_status", 1, "must be None or one of"),
    ("adr_link_kinds", "supersedes", "must be a list of (name, reverse[, status]) tuples"),
    ("adr_link_kinds", [("replaces",)], "('replaces',) is not a (name, reverse[, status]) tuple"),
    ("adr_link_kinds", [("replaces", 1)], "must hold strings only"),
    ("adr_link_kinds", [("Re places", "x")], "'re places' is not a valid option name"),
    ("adr_link_kinds", [("status", "statused")], "'status' clashes with a built-in option"),
    ("adr_link_kinds", [("a", "b"), ("b", "c")], "repeats a name used by another kind"),
    ("adr_link_kinds", [("a", "b", "gone")], "status 'gone' of ('a', 'b', 'gone') is not in"),
    ("adr_id_format", 7, "must be a string"),
    ("adr_id_format", "ADR-{num}", "unknown placeholder(s) num; available: number"),
    ("adr_id_format", "ADR-{number", "is not a valid format string"),
    ("adr_id_format", "ADR-{number:04q}", "cannot be formatted"),
    ("adr_title_format", "{id}: {name}", "unknown placeholder(s) name"),
    ("adr_fields", ["cost"], "must be a dict of option name -> type"),
    ("adr_fields", {"Cost Centre": "text"}, "'Cost Centre' is not a valid option name"),
    ("adr_fields", {"status": "text"}, "'status' clashes with a built-in option"),
    ("adr_fields", {"supersedes": "text"}, "'supersedes' clashes with a built-in option or link"),
    ("adr_fields", {"cost": "number"}, "type 'number' of 'cost' is not one of text, date, list"),
    ("adr_fields", {"cost": []}, "the choice list of 'cost' is empty"),
]


def _project(tmp_path, **settings):
    # values go into conf.py: confoverrides would turn "a,b" into a list, as -D does
    lines = ['extensions = ["sphinxcontrib_adr"]', *(f"{k} = {v!r}" for k, v in settings.items())]
    (tmp_path / "conf.py").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "index.rst").write_text("Index\n=====\n", "utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "value", "why"), BAD_VALUES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD_VALUES)]
)
def test_invalid_configuration_value_names_setting_and_value(make_app, tmp_path, name, value, why):
    app = make_app("html", srcdir=_project(tmp_path, **{name: value}))
    warning = bad_setting(app, name, value)
    assert why in warning.message
    assert (warning.basename, warning.line) == ("conf.py", 2)


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_each_bad_value_warns_once_at_its_line_and_the_pages_still_render(
    make_app, tmp_path, syntax
):
    conf = [
        'extensions = ["sphinxcontrib_adr", "myst_parser"]',
        "",
        'adr_status_banner = "no"',
        "adr_id_format = (",
        '    "DEC-{num}"',
        ")",
        'adr_title_format = "{id} - {title}"',
    ]
    (tmp_path / "conf.py").write_text("\n".join(conf) + "\n", "utf-8")
    if syntax == "rst":
        page = "Use a queue\n===========\n\n.. adr::\n   :status: accepted\n\nWhy.\n"
    else:
        page = "# Use a queue\n\n```{adr}\n:status: accepted\n```\n\nWhy.\n"
    (tmp_path / f"0007-queue.{'rst' if syntax == 'rst' else 'md'}").write_text(page, "utf-8")
    index = "Index\n=====\n\nSee :adr:`ADR-0007`.\n\n.. toctree::\n\n   0007-queue\n"
    (tmp_path / "index.rst").write_text(index, "utf-8")
    # a value given with -D has no line (Sphinx 8 and 9 convert "-D name=x" for a
    # switch differently, so the override here is a string our check refuses)
    app = make_app("html", srcdir=tmp_path, confoverrides={"adr_commit_url": "nourl"})
    app.build()
    found = [(w.basename, w.line, w.message) for w in adr_warnings(app)]
    assert [(name, line, message.split(":", 1)[0]) for name, line, message in found] == [
        ("conf.py", 3, "adr_status_banner = 'no'"),
        ("conf.py", 4, "adr_id_format = 'DEC-{num}'"),
        ("", None, "adr_commit_url = 'nourl'"),
    ]
    assert found[2][2] == (
        "adr_commit_url = 'nourl': must be a string holding {commit} (given with -D); "
        "adr_commit_url = None (the default) is used instead"
    )
    assert app.config.adr_id_format == "ADR-{number:04d}"
    assert app.config.adr_title_format == "{id} - {title}"  # a good value is kept
    assert "ADR-0007 - Use a queue" in (Path(app.outdir) / "index.html").read_text("utf-8")
    assert "Why." in (Path(app.outdir) / "0007-queue.html").read_text("utf-8")


def test_a_misspelt_setting_is_named_with_the_closest_one(make_app, tmp_path):
    # Sphinx ignores a name no extension declares, without a word
    # with a bad value beside them: the checks run again after its fallback, the
    # misspelt names are still said once
    srcdir = _project(tmp_path, adr_status_baner=False, adr_zzz=1, adr_statuses="x")
    found = [
        (w.basename, w.line, w.message)
        for w in adr_warnings(make_app("html", srcdir=srcdir), "config")
        if "is not a setting" in w.message
    ]
    assert found == [
        (
            "conf.py",
            2,
            "adr_status_baner is not a setting of sphinxcontrib-adr, so it is "
            "ignored; did you mean adr_status_banner?",
        ),
        (
            "conf.py",
            3,
            "adr_zzz is not a setting of sphinxcontrib-adr, so it is ignored; "
            "the configuration reference lists them",
        ),
    ]


def test_default_aliases_and_kinds_of_removed_statuses_are_dropped(make_app, tmp_path):
    # a project with its own statuses keeps the defaults that still apply
    srcdir = _project(tmp_path, adr_statuses=["proposed", "accepted"], adr_inactive_statuses=[])
    app = make_app("html", srcdir=srcdir)
    from sphinxcontrib_adr.core.config import settings

    conf = settings(app.config)
    assert conf.aliases["approved"] == "accepted" and "superceded" not in conf.aliases
    assert conf.link_kind("supersedes").implied_status is None


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_default_status_applies_to_adrs_without_a_status(make_app, tmp_path, syntax):
    conf = 'extensions = ["sphinxcontrib_adr", "myst_parser"]\nadr_default_status = "Accepted"\n'
    (tmp_path / "conf.py").write_text(conf, "utf-8")
    if syntax == "rst":
        (tmp_path / "0001-a.rst").write_text("A\n=\n\n.. adr::\n   :date: 2026-01-01\n")
    else:
        (tmp_path / "0001-a.md").write_text("# A\n\n```{adr}\n:date: 2026-01-01\n```\n")
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   0001-a\n")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    assert domain_of(app).get("ADR-0001").status == "accepted"
    assert adr_warnings(app) == []
