"""The reader's language (issue 33): every word the extension writes comes from
its own gettext catalog, complete in every shipped language, and a project's
ADRs translate through Sphinx's gettext workflow without losing an id, a
relation or a listing.

The acceptance check reads the English catalog's msgids (the template) and
looks for them in what a Japanese or French build wrote: a text node of the
page body, an ``aria-label``/``title``/``alt``, or a word of the LaTeX file.
A msgid whose translation is the same word (``ID``, ``CSV``) is skipped.
"""

from __future__ import annotations

import ast
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from shutil import which

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import catalogs  # noqa: E402 (tools/ is no package)

# these tests confirm the decision to ship compiled catalogs (the manual shows their results)
pytestmark = pytest.mark.adr("ADR-0026")

LANGUAGES = ("de", "es", "fr", "ja", "pt_BR", "zh_CN")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _ids(catalog: object) -> set[str]:
    return {m.id for m in catalog if m.id}  # type: ignore[attr-defined]


def _po(language: str) -> Path:
    return catalogs.LOCALE / language / "LC_MESSAGES" / f"{catalogs.DOMAIN}.po"


def _translations(language: str) -> dict[str, str]:
    """msgid -> msgstr of the words a language writes differently from English."""
    catalog = catalogs.read(_po(language), language)
    return {m.id: m.string for m in catalog if m.id and m.string != m.id}


# --------------------------------------------------------------------- catalogs


def test_template_holds_every_message_of_the_code() -> None:
    # `python tools/catalogs.py extract` after adding or changing a message
    assert _ids(catalogs.extract()) == _ids(catalogs.read(catalogs.TEMPLATE))


def test_the_six_languages_are_shipped() -> None:
    assert {catalogs.language_of(po) for po in catalogs.po_files()} == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation(language: str) -> None:
    template = _ids(catalogs.read(catalogs.TEMPLATE))
    catalog = catalogs.read(_po(language), language)
    assert _ids(catalog) == template  # `python tools/catalogs.py update`
    untranslated = sorted(m.id for m in catalog if m.id and (not m.string or m.fuzzy))
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    # a misspelt {name} would show as written on every page
    wrong = {
        msgid: text
        for msgid, text in _translations(language).items()
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))
    }
    assert wrong == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_up_to_date(language: str) -> None:
    # `python tools/catalogs.py compile` after editing a .po (Sphinx reads the .mo)
    po = _po(language)
    assert po.with_suffix(".mo").read_bytes() == catalogs.compiled(po)


def _marked_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "N_")
    ]


def test_every_message_is_a_literal_the_extractor_sees() -> None:
    # babel reads string literals only, and nothing inside an f-string on Python 3.11:
    # a message built at run time, or marked inside an f-string, is never translated
    hidden: list[str] = []
    helpers = catalogs.PACKAGE / "core" / "locale.py"  # translate() passes its argument on
    for path in sorted(p for p in catalogs.PACKAGE.rglob("*.py") if p != helpers):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _marked_calls(tree):
            literal = len(call.args) == 1 and isinstance(call.args[0], ast.Constant)
            if not literal or not isinstance(call.args[0].value, str):  # type: ignore[union-attr]
                hidden.append(f"{path.name}:{call.lineno}")
        for fstring in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            hidden += [f"{path.name}:{c.lineno} (in an f-string)" for c in _marked_calls(fstring)]
    assert hidden == []


# --------------------------------------------------------------------- builds


def _body(page: str) -> str:
    start = page.find('<div class="body"')
    return page[start : page.find('<div class="sphinxsidebar"', start)] if start >= 0 else page


def english_in_html(outdir: Path, language: str) -> dict[str, list[str]]:
    """The catalog's English words each page still shows as a whole text or label."""
    words = [m for m in _translations(language) if not PLACEHOLDER.search(m)]
    found: dict[str, list[str]] = {}
    for path in sorted(outdir.rglob("*.html")):
        body = _body(path.read_text(encoding="utf-8"))
        texts = {html.unescape(t).strip() for t in re.split(r"<[^>]+>", body)}
        texts |= {
            html.unescape(t).strip()
            for t in re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', body)
        }
        left = sorted(w for w in words if w in texts)
        if left:
            found[path.relative_to(outdir).as_posix()] = left
    return found


#: LaTeX markup that carries class names (``\DUrole{adr-status-accepted}``), not words
_TEX_MARKUP = re.compile(
    r"\\(?:DUrole|detokenize|label|begin|end|hyperref|ref)\{[^{}]*\}|\{adr-[a-z0-9-]*\}"
)


def english_in_latex(outdir: Path, language: str) -> list[str]:
    words = [m for m in _translations(language) if not PLACEHOLDER.search(m) and len(m) > 2]
    tex = "".join(p.read_text(encoding="utf-8") for p in sorted(outdir.glob("*.tex")))
    tex = _TEX_MARKUP.sub(" ", tex[tex.find(r"\begin{document}") :])
    return sorted(w for w in words if re.search(rf"(?<![\w\\]){re.escape(w)}(?!\w)", tex))


def _build(build_once, tmp_path_factory, syntax: str, language: str, builder: str = "html"):
    builddir = tmp_path_factory.mktemp(f"locale-{syntax}-{language}-{builder}")
    app = build_once(
        f"locale-{syntax}", builder, confoverrides={"language": language}, builddir=builddir
    )
    assert [w for w in app.warning.getvalue().splitlines() if "WARNING" in w] == []
    return app


@pytest.mark.parametrize("syntax", ["rst", "myst"])
@pytest.mark.parametrize("language", ["ja", "fr"])
def test_no_english_label_left_in_html(build_once, tmp_path_factory, syntax, language) -> None:
    app = _build(build_once, tmp_path_factory, syntax, language)
    outdir = Path(app.outdir)
    assert english_in_html(outdir, language) == {}
    page = (outdir / "decisions" / "0003-async.html").read_text(encoding="utf-8")
    deciders = _translations(language)["Deciders"]
    assert f'{deciders}<span class="colon">:</span>' in page
    # a reference's tooltip names the status too
    accepted = _translations(language)["accepted"]
    assert f'title="ADR-0003 ({accepted})"' in (outdir / "index.html").read_text(encoding="utf-8")
    # the ADRs-by-status index groups under the statuses' names
    index = (outdir / "adr-status.html").read_text(encoding="utf-8")
    assert _translations(language)["accepted"] in index and "Accepted" not in index


@pytest.mark.parametrize("syntax", ["rst", "myst"])
@pytest.mark.parametrize("language", ["ja", "fr"])
def test_no_english_label_left_in_latex(build_once, tmp_path_factory, syntax, language) -> None:
    app = _build(build_once, tmp_path_factory, syntax, language, "latex")
    assert english_in_latex(Path(app.outdir), language) == []


def test_printed_columns_are_as_wide_as_cjk_text(build_once, tmp_path_factory) -> None:
    # a CJK character is set about twice as wide as a Latin one: the status column of
    # the every-column table holds the badge 置き換え済み (superseded), which never breaks
    app = _build(build_once, tmp_path_factory, "rst", "ja", "latex")
    tex = (Path(app.outdir) / "locale.tex").read_text(encoding="utf-8")
    specs = re.findall(r"\\begin\{longtable\}\{(.*)\}\n", tex)
    widths = [[int(w) for w in re.findall(r"\\X\{(\d+)\}", spec)] for spec in specs]
    status = next(w for w in widths if len(w) == 13)[2]  # id, title, status, ...
    assert status >= 2 * len("置き換え済み") + 2


def test_the_check_finds_english_in_an_english_build(build_once, tmp_path_factory) -> None:
    # the two checks above can fail: an English build shows these very words
    app = _build(build_once, tmp_path_factory, "rst", "en")
    found = english_in_html(Path(app.outdir), "ja")
    assert {"Deciders", "Superseded by"} <= set(found["decisions/0001-queue.html"])
    assert {"Supersedes", "Referenced by"} <= set(found["decisions/0003-async.html"])
    assert {"Pros", "Cons", "Mitigation", "chosen"} <= set(found["decisions/0002-broker.html"])
    latex = _build(build_once, tmp_path_factory, "rst", "en", "latex")
    assert {"Deciders", "Risk register", "superseded"} <= set(
        english_in_latex(Path(latex.outdir), "ja")
    )


def test_scripts_get_their_words_in_the_page_language(build_once, tmp_path_factory) -> None:
    app = _build(build_once, tmp_path_factory, "rst", "ja")
    page = (Path(app.outdir) / "views.html").read_text(encoding="utf-8")
    words = json.loads(re.search(r"<script>window.adrWords = (.*?);</script>", page)[1])
    assert words["filter"] == "絞り込み"
    assert words["csvTitle"] == "一致する行を CSV でダウンロード"
    assert words["statuses"] == {
        "proposed": "提案中",
        "accepted": "承認済み",
        "rejected": "却下",
        "deprecated": "非推奨",
        "superseded": "置き換え済み",
    }
    scripts = catalogs.PACKAGE / "static"
    for name in ("adr-table.js", "adr-graph.js"):
        code = (scripts / name).read_text(encoding="utf-8")
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)  # comments may be English
        strings = re.findall(r'"([^"\\]*(?:\\.[^"\\]*)*)"', code)
        english = [s for s in strings if re.search(r"[A-Z][a-z]+ [a-z]+|^[A-Z][a-z]{2,}$", s)]
        assert english == [], name


# --------------------------------------------------------------------- the ADRs' own text


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_translated_adrs_keep_ids_relations_and_listings(
    build_once, tmp_path_factory, syntax
) -> None:
    # roots/test-locale-*/locales/ja: the .po files Sphinx's gettext builder gave for
    # the ADRs, translated; the build compiles them (gettext_auto_build)
    app = _build(build_once, tmp_path_factory, syntax, "ja")
    outdir = Path(app.outdir)
    adr = (outdir / "decisions" / "0003-async.html").read_text(encoding="utf-8")
    assert "ADR-0003: 非同期エクスポートジョブ" in adr
    assert 'id="adr-0003"' in adr  # the anchor of the source title
    # the relation resolves, to the other ADR's translated title
    assert re.search(r'href="0001-queue.html#adr-0001"[^>]*>.*?エクスポートの夜間バッチ', adr, re.S)
    broker = (outdir / "decisions" / "0002-broker.html").read_text(encoding="utf-8")
    # an option's translated title keeps its verdict badge beside it, and its id
    assert re.search(r"Kafka クラスター <span class=\"adr-badge adr-verdict", broker)
    assert 'id="adr-0002-kafka-cluster"' in broker  # the source title's anchor
    views = (outdir / "views.html").read_text(encoding="utf-8")
    assert views.count("非同期エクスポートジョブ") >= 4  # table, lists, timeline, graph
    assert re.search(r"<svg[^>]*adr-graph-svg.*?非同期エクスポートジョブ", views, re.S)
    assert "Kafka クラスター" in views and "ブローカーの停止" in views
    # the export keeps the source's title and adds the one the pages show
    exported = json.loads((outdir / "adrs.json").read_text(encoding="utf-8"))
    titles = {a["id"]: (a["title"], a.get("translated_title")) for a in exported["adrs"]}
    assert titles["ADR-0001"] == ("Nightly batch for exports", "エクスポートの夜間バッチ")
    schema = catalogs.PACKAGE / "interop" / "schema" / f"adrs-{exported['version']}.schema.json"
    jsonschema.validate(exported, json.loads(schema.read_text(encoding="utf-8")))


#: what the body directives of 0002-broker say, and its translation in the root's .po
BODY_TEXTS = {
    "Durable log": "永続的なログ",
    "Heavy to run": "運用が重い",
    "Too much for our load": "この負荷には過剰",
    "Lists in the Redis we already run.": "すでに運用している Redis のリスト。",
    "Already in production": "すでに本番で稼働中",
    "Two replicas": "レプリカ 2 台",
    "Alert on queue depth": "キューの深さで警告する",
    "Jobs retry on their own": "ジョブは自動で再試行する",
    "One more service to run": "運用するサービスが 1 つ増える",
    "Load grows tenfold": "負荷が 10 倍になる",
    "p95 wait": "p95 待ち時間",
    "9 h": "9 時間",
    "2 m": "2 分",
    "5 m": "5 分",
    "Exports take more than an hour": "エクスポートに 1 時間以上かかる",
}
#: what only the ADRs' pages show (a risk's note, a heading of the project's own)
PAGE_TEXTS = {"delayed exports": "エクスポートの遅延", "Revisit when": "見直す条件"}


def _texts(page: Path) -> set[str]:
    body = _body(page.read_text(encoding="utf-8"))
    return {html.unescape(t).strip() for t in re.split(r"<[^>]+>", body)} - {""}


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_registers_show_the_items_the_pages_show(build_once, tmp_path_factory, syntax) -> None:
    # the listings read each item after Sphinx put the translation into the page
    outdir = Path(_build(build_once, tmp_path_factory, syntax, "ja").outdir)
    views = _texts(outdir / "views.html")
    pages = _texts(outdir / "decisions" / "0002-broker.html")
    pages |= _texts(outdir / "decisions" / "0003-async.html")
    assert sorted(s for s in {**BODY_TEXTS, **PAGE_TEXTS} if s in views | pages) == []
    assert sorted(t for t in BODY_TEXTS.values() if t not in views) == []
    metrics = {"p95 待ち時間", "9 時間", "2 分", "5 分"}
    assert metrics | set(PAGE_TEXTS.values()) <= pages
    # the records keep their anchors, and the rows of options and risks link to them
    page = (outdir / "views.html").read_text(encoding="utf-8")
    adr = (outdir / "decisions" / "0002-broker.html").read_text(encoding="utf-8")
    for anchor in ("kafka-cluster", "redis-lists", "broker-outage"):
        assert f'href="decisions/0002-broker.html#adr-0002-{anchor}"' in page
    for anchor in ("kafka-cluster", "broker-outage", "consequences", "metrics", "reconsider"):
        assert f'id="adr-0002-{anchor}"' in adr


def test_an_english_build_keeps_the_source_items(build_once, tmp_path_factory) -> None:
    outdir = Path(_build(build_once, tmp_path_factory, "rst", "fr").outdir)
    views = _texts(outdir / "views.html")
    assert sorted(s for s in BODY_TEXTS if s not in views) == []
    pages = _texts(outdir / "decisions" / "0002-broker.html")
    assert {"delayed exports", "p95 wait"} <= pages


@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_gettext_extracts_every_text_of_the_body(build_once, tmp_path_factory, syntax) -> None:
    # the root's .po holds what `-b gettext` gave for the page, translated: the two
    # agree, so no title, item or metric is left out of the catalog
    from babel.messages.pofile import read_po

    app = build_once(
        f"locale-{syntax}", "gettext", builddir=tmp_path_factory.mktemp(f"gettext-{syntax}")
    )
    root = ROOT / "roots" / f"test-locale-{syntax}" / "locales" / "ja" / "LC_MESSAGES"
    for name in ("0001-queue", "0002-broker", "0003-async"):
        with (Path(app.outdir) / "decisions" / f"{name}.pot").open("rb") as handle:
            extracted = _ids(read_po(handle))
        with (root / "decisions" / f"{name}.po").open("rb") as handle:
            translated = _ids(read_po(handle))
        assert sorted(extracted) == sorted(translated), name


@pytest.mark.parametrize(
    ("raw", "label", "message"),
    [
        ("Reason: Already in production", "Reason", "Already in production"),
        ("**Reason:** *too*\n   slow", "Reason", "*too* slow"),  # the label's markup closes
        ("**Reason**: ``slow``", "Reason", "``slow``"),
        ("Grund: langsam", "Reason", ""),  # not as written: the caller keeps the plain text
    ],
)
def test_an_inline_part_is_the_message_after_its_label(raw, label, message) -> None:
    from sphinxcontrib_adr.body.translated import raw_rest

    assert raw_rest(raw, label) == message


def test_an_untranslated_export_has_one_title(build_once, tmp_path_factory) -> None:
    app = _build(build_once, tmp_path_factory, "rst", "fr")  # no .po of the ADRs in French
    exported = json.loads((Path(app.outdir) / "adrs.json").read_text(encoding="utf-8"))
    assert [(a["title"], "translated_title" in a) for a in exported["adrs"]] == [
        ("Nightly batch for exports", False),
        ("Message broker for jobs", False),
        ("Asynchronous export jobs", False),
    ]


# --------------------------------------------------------------------- a CJK PDF


def _documented_cjk_conf() -> str:
    """The conf.py lines docs/guide/languages.rst gives for a Japanese PDF."""
    page = (ROOT / "docs" / "guide" / "languages.rst").read_text(encoding="utf-8")
    block = page.split(":name: cjk-pdf-conf\n\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith("   "):
            break
        lines.append(line[3:])
    return "\n".join(lines)


def _cjk_tools(engine: str) -> str | None:
    """What is missing for a CJK PDF (CI installs no CJK fonts: the test skips there)."""
    programs = (engine, "latexmk", "pdftotext", "make", "fc-list", "kpsewhich")
    missing = [p for p in programs if not which(p)]
    if missing:
        return ", ".join(missing)
    needed = "xeCJK.sty" if engine == "xelatex" else "ujbook.cls"
    if not subprocess.run(["kpsewhich", needed], capture_output=True, text=True).stdout:
        return needed
    fonts = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True)
    return None if "Noto Serif CJK JP" in fonts.stdout else "fonts-noto-cjk"


@pytest.mark.parametrize(
    ("language", "engine"), [("ja", "xelatex"), ("ja", "uplatex"), ("zh_CN", "xelatex")]
)
def test_a_cjk_pdf_prints_the_translated_words(build_once, tmp_path, language, engine) -> None:
    missing = _cjk_tools(engine)
    if missing:
        pytest.skip(f"{missing} not installed")
    root = tmp_path / "src"
    shutil.copytree(ROOT / "roots" / "test-locale-rst", root)
    if (language, engine) == ("ja", "xelatex"):  # else Sphinx's defaults for the language
        with (root / "conf.py").open("a", encoding="utf-8") as handle:
            handle.write(_documented_cjk_conf())
    app = build_once(root, "latex", confoverrides={"language": language})
    subprocess.run(
        ["make", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        cwd=app.outdir,
        check=True,
        capture_output=True,
    )
    text = subprocess.run(
        ["pdftotext", "locale.pdf", "-"], cwd=app.outdir, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", text)  # CJK lines break between any two characters
    words = _translations(language)
    labels = [words[w] for w in ("Deciders", "Mitigation", "Impact", "Pros", "Risk register")]
    assert [w for w in labels if re.sub(r"\s+", "", w) not in flat] == []
    log = (Path(app.outdir) / "locale.log").read_text("utf-8", errors="replace")
    assert "Missing character" not in log
    if language == "ja":  # the ADRs' own text, from the root's .po, in the registers too
        assert "ブローカーの停止" in flat and "すでに本番で稼働中" in flat
        assert flat.count("キューの深さで警告する") >= 2  # the risk's card and the register
        assert "THREE" not in text  # no chapter number in English words


# --------------------------------------------------------------------- sphinx-adr new


@pytest.mark.parametrize(("syntax", "suffix"), [("rst", "rst"), ("myst", "md")])
def test_new_writes_section_titles_in_the_project_language(
    capsys, monkeypatch, tmp_path, syntax, suffix
) -> None:
    from sphinxcontrib_adr.cli.commands import main
    from util import copy_root

    root = copy_root(f"locale-{syntax}", tmp_path)
    with (root / "conf.py").open("a") as fh:
        fh.write('language = "ja"\n')
    monkeypatch.chdir(root)
    assert main(["new", "Cache the exports"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"created decisions/0004-cache-the-exports.{suffix} (ADR-0004)"
    )  # English
    text = (root / "decisions" / f"0004-cache-the-exports.{suffix}").read_text("utf-8")
    heading = r"^## (.+)$" if suffix == "md" else r"^(.+)\n-+$"
    assert re.findall(heading, text, re.M) == ["背景", "決定", "結果"]
    # a language without a template gets the English one
    (root / "conf.py").write_text((root / "conf.py").read_text() + 'language = "ko"\n')
    assert main(["new", "Keep the batch"]) == 0
    text = (root / "decisions" / f"0005-keep-the-batch.{suffix}").read_text("utf-8")
    assert "Context" in text and "背景" not in text


# --------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_table_and_graph_controls_speak_the_page_language(build_once, tmp_path_factory) -> None:
    from test_browser import ARGS, CHROMIUM, _require_chromium

    sync_playwright = _require_chromium()
    app = _build(build_once, tmp_path_factory, "rst", "ja")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = chromium.new_page()
        page.goto((Path(app.outdir) / "views.html").as_uri())
        table = page.locator("table.adr-table").first
        tools = page.locator(".adr-table-tools").first
        assert tools.locator("input.adr-filter").get_attribute("placeholder") == "絞り込み\u2026"
        assert tools.locator(".adr-csv").inner_text() == "CSV"
        assert tools.locator(".adr-csv").get_attribute("title") == "一致する行を CSV でダウンロード"
        assert tools.locator(".adr-columns-toggle").inner_text() == "列"
        # the status chips name the statuses in Japanese and filter by the raw value
        chips = tools.locator(".adr-chip-status")
        assert chips.all_inner_texts() == ["提案中", "承認済み", "置き換え済み"]
        chips.nth(1).click()
        shown = [r for r in table.locator("tbody tr").all() if r.is_visible()]
        assert [r.locator("td").first.inner_text() for r in shown] == ["ADR-0003"]
        assert tools.locator(".adr-filter-count").inner_text() == "3 件中 1 件"
        tools.locator("input.adr-filter").fill("存在しない")
        assert page.locator("tbody.adr-no-match").first.inner_text() == (
            "絞り込みに一致する決定はありません。"
        )
        graph = page.locator(".adr-graph-tools").first
        labels = [b.get_attribute("aria-label") for b in graph.locator("button").all()]
        assert labels == ["縮小", "拡大", "図を枠に合わせる", "原寸"]
        chromium.close()
