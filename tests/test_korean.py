"""The Korean edition (_build/html/ko/), built from the same notebooks and stored outputs.

- The Korean build succeeds with warnings as errors, and every page of the book is there.
- The catalogs in locales/ko/ follow the English text (`make i18n` was run after a change).
- Translation state, from locales/ko/status.yml: the pages listed under `finished` have no
  untranslated or fuzzy message, always; once `complete: true`, no page has any. A status file
  (committed, reviewed like the text) rather than an environment variable: the switch is part of
  the book's state, the same on every machine and in CI, and a finished page stays finished.
- A Korean page has the formulas, figures and cross-references of its English page.
- The language switch leads from every page to the same page of the other edition, both ways.
- Searching the Korean edition for a Korean term (은닉 상태) finds the pages that define it: in the
  search index always, and in headless Chromium where it is installed (as tests/test_browser.py).

Set KOREAN_PREBUILT_HTML to an HTML folder that already holds both editions (`make book`) to test
it without building again.
"""

from __future__ import annotations

import functools
import html as html_lib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUILD_DIR, ROOT, book_pages, toc_documents
from filelock import FileLock

LOCALES = ROOT / "locales"
STATUS = yaml.safe_load((LOCALES / "ko" / "status.yml").read_text(encoding="utf-8"))
SCRIPT = ROOT / "scripts" / "i18n.py"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


i18n = _load("i18n_script", SCRIPT)
switch = _load("i18n_switch_ext", ROOT / "_ext" / "i18n_switch.py")


@dataclass(frozen=True)
class Editions:
    html: Path  # the English edition; the Korean one is html / "ko"
    ko_returncode: int
    ko_log: str


def _run_once(name: str, uid: str, cmd: list[str]) -> tuple[int, str]:
    """Run `cmd` once per test run, shared by the xdist workers (as conftest.built_book)."""
    BUILD_DIR.mkdir(exist_ok=True)
    marker = BUILD_DIR / f".test-{name}"
    log_file = BUILD_DIR / f"test-{name}.log"
    with FileLock(str(BUILD_DIR / f".test-{name}.lock")):
        if marker.exists() and marker.read_text().split("\n")[0] == uid:
            return int(marker.read_text().split("\n")[1]), log_file.read_text(encoding="utf-8")
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        log = proc.stdout + proc.stderr
        log_file.write_text(log, encoding="utf-8")
        marker.write_text(f"{uid}\n{proc.returncode}\n")
        return proc.returncode, log


@pytest.fixture(scope="session")
def editions(request: pytest.FixtureRequest, testrun_uid: str) -> Editions:
    prebuilt = os.environ.get("KOREAN_PREBUILT_HTML")
    if prebuilt:
        return Editions(Path(prebuilt), 0, "")
    built_book = request.getfixturevalue("built_book")  # English first: _build/html
    assert built_book.returncode == 0, "the English book did not build; see test_book.py"
    code, log = _run_once("build-ko", testrun_uid, [sys.executable, str(SCRIPT), "build-ko", "--all"])
    return Editions(built_book.html, code, log)


def _article(path: Path) -> str:
    """The page's article: its own content, without the header, sidebars and footer."""
    text = path.read_text(encoding="utf-8")
    start = text.find("<article")
    end = text.find("</article>", start)
    assert start != -1 and end != -1, f"{path} has no <article>"
    return text[start:end]


# The build ----------------------------------------------------------------------------------------


def test_korean_build_succeeds_with_zero_warnings(editions: Editions) -> None:
    assert editions.ko_returncode == 0, editions.ko_log[-4000:]
    warnings = [ln for ln in editions.ko_log.splitlines() if "WARNING" in ln or "ERROR" in ln]
    assert warnings == []


@pytest.mark.parametrize("page", book_pages())
def test_every_korean_page_is_built_in_korean(page: str, editions: Editions) -> None:
    path = editions.html / "ko" / page
    assert path.is_file()
    assert re.search(r'<html[^>]*\blang="ko"', path.read_text(encoding="utf-8"))


# The catalogs -------------------------------------------------------------------------------------


def test_catalogs_follow_the_english_text() -> None:
    """Every message of the English text now is in locales/ko, and no removed one stays there."""
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    stale = [ln for ln in proc.stdout.splitlines() if ln.startswith("out of date")]
    assert proc.returncode == 0, "\n".join(stale) or (proc.stdout + proc.stderr)[-3000:]


def test_every_page_has_one_catalog() -> None:
    catalogs = LOCALES / "ko" / "LC_MESSAGES"
    missing = [doc for doc in toc_documents() if not (catalogs / f"{doc}.po").is_file()]
    assert missing == [], "run `make i18n`"


def _incomplete(pages: list[str]) -> dict[str, dict[str, int]]:
    table = i18n.stats("ko")
    return {
        page: table.get(page, {"missing catalog": 1})
        for page in pages
        if page not in table or table[page]["untranslated"] or table[page]["fuzzy"]
    }


def test_finished_pages_have_no_untranslated_or_fuzzy_message() -> None:
    finished = STATUS.get("finished") or []
    assert finished, "locales/ko/status.yml lists no finished page"
    assert _incomplete(finished) == {}


@pytest.mark.skipif(
    not STATUS.get("complete"),
    reason="the Korean translation is under way (locales/ko/status.yml: complete: false); "
    "set complete: true when it is done, and every message must then be translated",
)
def test_no_untranslated_or_fuzzy_message_anywhere() -> None:
    assert _incomplete(toc_documents()) == {}


def test_language_neutral_messages_are_not_counted_as_work() -> None:
    assert i18n.is_neutral("$W_x$") and i18n.is_neutral("`W_x`") and i18n.is_neutral("(4, 8) = (F, H)")
    assert not i18n.is_neutral("{term}`input weights`") and not i18n.is_neutral("the input at step $t$")


# Same formulas, figures and cross-references ------------------------------------------------------

MATH = re.compile(r'<(span|div) class="math[^"]*">(.*?)</\1>', re.S)
IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+)\"")
INTERNAL_REF = re.compile(r'<a\b[^>]*class="reference internal"[^>]*href="([^"]*)"')


def _content(article: str) -> dict[str, Counter]:
    return {
        # Whitespace inside a formula does not change it (a translation may join a broken line).
        "formulas": Counter(" ".join(m.group(2).split()) for m in MATH.finditer(article)),
        # A figure with a drawing per language (chapter_map.ko.svg, Sphinx's
        # figure_language_filename) is the same figure.
        "figures": Counter(re.sub(r"\.ko(\.\w+)$", r"\1", src) for src in IMAGE.findall(article)),
        "cross-references": Counter(html_lib.unescape(h) for h in INTERNAL_REF.findall(article)),
    }


@pytest.mark.parametrize("doc", toc_documents())
def test_korean_page_keeps_formulas_figures_and_references(doc: str, editions: Editions) -> None:
    english = _content(_article(editions.html / f"{doc}.html"))
    korean = _content(_article(editions.html / "ko" / f"{doc}.html"))
    for kind in english:
        lost = english[kind] - korean[kind]
        extra = korean[kind] - english[kind]
        assert not lost and not extra, (
            f"{doc}: {kind} differ: only in English {dict(lost)}, only in Korean {dict(extra)}"
        )


def test_translated_chapter_is_korean(editions: Editions) -> None:
    """The pipeline end to end: a translated message reaches the page, with its term links."""
    article = _article(editions.html / "ko" / "chapters" / "02_rnn_from_scratch.html")
    assert "순환 층은 반복문입니다" in article
    assert re.search(r'href="\.\./glossary\.html#term-hidden-state"[^>]*>.*?은닉 상태', article, re.S)
    bibliography = _article(editions.html / "ko" / "bibliography.html")
    assert "참고 문헌" in bibliography and "Elman" in bibliography


# The language switch ------------------------------------------------------------------------------

SWITCH_LINK = re.compile(r'<a\b[^>]*class="[^"]*i18n-switch-link[^"]*"[^>]*>[^<]*</a>')


def _switch_links(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    links = []
    for tag in SWITCH_LINK.findall(text):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        attrs["label"] = html_lib.unescape(re.sub(r"<[^>]+>", "", tag)).strip()
        links.append(attrs)
    return links


EDITION_PAGES = [("en", page) for page in book_pages()] + [("ko", page) for page in book_pages()]


@pytest.mark.parametrize(("language", "page"), EDITION_PAGES)
def test_language_switch_leads_to_the_same_page_and_back(language: str, page: str, editions: Editions) -> None:
    root = editions.html / ("ko" if language == "ko" else "")
    here = root / page
    links = _switch_links(here)
    other = "en" if language == "ko" else "ko"
    assert len(links) == 1, f"{language}/{page}: {len(links)} language switch links"
    link = links[0]
    # A visible label in the other language, marked up as that language, for screen readers too.
    assert link["label"] == switch.EDITIONS[other][0]
    assert link.get("lang") == other and link.get("hreflang") == other
    target = (here.parent / link["href"]).resolve()
    expected = (editions.html / ("ko" if other == "ko" else "") / page).resolve()
    assert target == expected, f"{language}/{page} links to {link['href']}"
    back = _switch_links(target)
    assert len(back) == 1 and (target.parent / back[0]["href"]).resolve() == here.resolve()
    assert f'<link rel="alternate" hreflang="{other}" href="{link["href"]}"' in here.read_text(encoding="utf-8")


def test_switch_links_are_relative() -> None:
    assert switch.edition_links("en", "chapters/02_rnn_from_scratch") == [
        {"lang": "ko", "label": "한국어", "href": "../ko/chapters/02_rnn_from_scratch.html"}
    ]
    assert switch.edition_links("ko", "intro") == [{"lang": "en", "label": "English", "href": "../intro.html"}]


# Korean search ------------------------------------------------------------------------------------


def test_korean_particles_are_stripped_alike_for_index_and_query() -> None:
    assert switch.korean_stem("상태는") == switch.korean_stem("상태를") == switch.korean_stem("상태") == "상태"
    assert switch.korean_stem("신경망의") == "신경망"
    assert switch.korean_stem("은") == "은"  # a particle alone is not stripped to nothing


def _search_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _pages_with_all(index: dict, query: str) -> set[str]:
    found: set[str] | None = None
    for word in query.split():
        stem = switch.korean_stem(word)
        hits: set[int] = set()
        for table in ("terms", "titleterms"):
            entry = index[table].get(stem, [])
            hits |= {entry} if isinstance(entry, int) else set(entry)
        found = hits if found is None else found & hits
    return {index["docnames"][i] for i in (found or set())}


@pytest.mark.parametrize("query", ["은닉 상태", "은닉 상태는", "은닉 상태를"])
def test_korean_search_index_finds_the_defining_pages(query: str, editions: Editions) -> None:
    pages = _pages_with_all(_search_index(editions.html / "ko"), query)
    assert {"glossary", "chapters/02_rnn_from_scratch"} <= pages, pages


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@dataclass(frozen=True)
class Browsing:
    base: str  # http://127.0.0.1:PORT, serving both editions
    tab: Any  # a Playwright page
    errors: list[str]  # console errors and uncaught exceptions since the last clear()


@pytest.fixture(scope="module")
def browsing(editions: Editions) -> Iterator[Browsing]:
    """Both editions served from 127.0.0.1 and one headless-Chromium tab (as tests/test_browser.py)."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)) or importlib.util.find_spec("playwright") is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but Chromium ({CHROMIUM}) or playwright is missing")
        pytest.skip("Chromium or playwright is not installed")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (optional: skip without it)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(editions.html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            tab = browser.new_page()
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            yield Browsing(f"http://127.0.0.1:{httpd.server_address[1]}", tab, errors)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_korean_search_in_the_browser(browsing: Browsing) -> None:
    """The search page of the Korean edition finds the pages that define 은닉 상태."""
    tab = browsing.tab
    browsing.errors.clear()
    tab.goto(f"{browsing.base}/ko/search.html?q=은닉+상태는", wait_until="load")
    tab.wait_for_selector("#search-results ul.search li", timeout=20000)
    # Sphinx empties #search-progress when the search starts and writes the summary
    # line only after the last result: wait for the summary.
    tab.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && s.textContent.trim().length > 0; }",
        timeout=30000,
    )
    hrefs = tab.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))"
    )
    # The switch from the search page leads to the English search page.
    switch_href = tab.get_attribute("a.i18n-switch-link", "href")
    assert browsing.errors == []
    assert any("glossary.html" in h for h in hrefs), hrefs
    assert any("chapters/02_rnn_from_scratch.html" in h for h in hrefs), hrefs
    assert switch_href == "../search.html"


PAGE_STATE = """async () => {
    const math = document.querySelectorAll('article .math').length;
    if (math && window.MathJax && MathJax.startup) await MathJax.startup.promise;
    const images = Array.from(document.images);
    return {
        lang: document.documentElement.lang,
        math,
        typeset: document.querySelectorAll('article mjx-container').length,
        mathErrors: document.querySelectorAll('mjx-merror').length,
        broken: images.filter(i => i.complete && i.naturalWidth === 0).length,
    };
}"""


def test_every_korean_page_renders_in_the_browser(browsing: Browsing) -> None:
    """Each Korean page: HTTP 200, no console error, lang="ko", math typeset by the book's own
    MathJax, images loaded; and a font with Hangul is installed for the prose."""
    fonts = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True, check=False)
    assert fonts.stdout.strip(), "no font with Hangul is installed (apt-get install fonts-nanum)"
    problems: list[str] = []
    for page in book_pages():
        browsing.errors.clear()
        response = browsing.tab.goto(f"{browsing.base}/ko/{page}", wait_until="load")
        state = browsing.tab.evaluate(PAGE_STATE)
        if response is None or response.status != 200:
            problems.append(f"{page}: HTTP {response and response.status}")
        if browsing.errors:
            problems.append(f"{page}: console errors {browsing.errors}")
        if state["lang"] != "ko" or state["broken"] or state["mathErrors"]:
            problems.append(f"{page}: {state}")
        if state["math"] and state["typeset"] < state["math"]:
            problems.append(f"{page}: math not typeset {state}")
    assert problems == []


KOREAN_PART_CAPTIONS = [
    "기초", "NumPy로 처음부터", "Keras", "PyTorch와 이식", "순환 신경망 학습", "고전적인 순환을 넘어서", "참고 자료",
]


def test_korean_build_time_text_is_korean(editions: Editions) -> None:
    """Text added at build time, not through the page's catalog: the sidebar's part captions
    (from _toc.yml, through intro.po), the "Run this chapter" note, the hidden-cell summaries."""
    page = (editions.html / "ko" / "chapters" / "02_rnn_from_scratch.html").read_text(encoding="utf-8")
    captions = re.findall(r'class="caption" role="heading"><span class="caption-text">([^<]*)', page)
    assert captions == KOREAN_PART_CAPTIONS
    assert "이 장 실행하기" in page and "Run this chapter" not in page
    cheatsheet = (editions.html / "ko" / "chapters" / "19_shape_cheatsheet.html").read_text(encoding="utf-8")
    assert "코드 셀 내용 보기" in cheatsheet
    assert "Show code cell" not in cheatsheet and "Toggle hidden content" not in cheatsheet


# The Korean interface: the theme's labels, the footer, alt text, line breaking ------------------

HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
FOOTER_AUTHOR = "지은이: rnnbook 저자들"
# Labels without Hangul that are right in Korean too: key names on the search button, the
# download menu's file types.
NEUTRAL_LABELS = re.compile(r"^(Ctrl|K|\.ipynb|\.pdf|\.md)$")


def is_english_label(text: str) -> bool:
    """A label a Korean reader would read as English: a Latin word and no Hangul at all."""
    text = " ".join(text.split())
    if not text or NEUTRAL_LABELS.match(text):
        return False
    return bool(LATIN_WORD.search(text)) and not HANGUL_RE.search(text)


def test_english_labels_are_told_from_korean_ones() -> None:
    assert is_english_label("Back to top") and is_english_label("Toggle primary sidebar")
    assert not is_english_label("맨 위로") and not is_english_label("PDF로 인쇄")
    assert not is_english_label("Ctrl") and not is_english_label(".ipynb") and not is_english_label("2026")


# Every label, tooltip and aria-label the theme puts on a page, read from the rendered DOM (after
# the theme's and the extensions' scripts ran): attributes everywhere except inside the article's
# own content, where only the theme's controls count (permalinks, copy buttons, hidden-cell
# toggles, buttons); and the visible text outside the article, except the part captions, page and
# section titles the navigation lists (the book's content, translated through the catalogs, where
# a name such as Keras may stand alone) and the language switch, which is English on purpose.
THEME_LABELS = """() => {
    const attrs = ["title", "aria-label", "placeholder", "data-tooltip", "data-bs-title",
                   "data-bs-original-title"];
    const controls = ".headerlink, .copybtn, summary, button, .toggle-button";
    const content = "article.bd-article";
    const titles = ".bd-docs-nav, .bd-toc-nav, .page-toc, #jb-print-docs-body, .prev-next-title, .navbar-brand, "
                 + ".i18n-switch, kbd, script, style, noscript, title, mjx-container";
    const found = [];
    for (const el of document.querySelectorAll("*")) {
        const inContent = el.closest(content) && !el.matches(controls);
        if (inContent || el.closest(".i18n-switch")) continue;
        for (const a of attrs) {
            const v = el.getAttribute(a);
            if (v) found.push(`@${a}=${v}`);
        }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(content) || el.closest(titles)) continue;
        const text = n.textContent.trim();
        if (text) found.push(text);
    }
    const svgTitles = Array.from(document.querySelectorAll("article .copybtn svg title"))
        .map(t => `copy icon: ${t.textContent}`);
    return found.concat(svgTitles);
}"""


def _label_text(label: str) -> str:
    """The text of a label that THEME_LABELS found ("@attribute=text", "copy icon: text", text)."""
    if label.startswith("@"):
        return label.split("=", 1)[1]
    return label.removeprefix("copy icon: ")


def test_korean_pages_have_no_english_interface_label(browsing: Browsing) -> None:
    """On every Korean page, every theme label, tooltip and aria-label is Korean (issue 26)."""
    problems: dict[str, list[str]] = {}
    for page in book_pages():
        browsing.tab.goto(f"{browsing.base}/ko/{page}", wait_until="load")
        labels = browsing.tab.evaluate(THEME_LABELS)
        english = sorted({label for label in labels if is_english_label(_label_text(label))})
        if english:
            problems[page] = english
    assert problems == {}, "English on Korean pages (translate in locales/ko/theme/*.po): " + json.dumps(
        problems, ensure_ascii=False, indent=1)[:4000]


def test_korean_footer_reads_correctly(browsing: Browsing) -> None:
    """The footer names the authors in Korean ("지은이: ..."), not the theme's "으로 ..."."""
    wrong = {}
    for page in book_pages():
        browsing.tab.goto(f"{browsing.base}/ko/{page}", wait_until="load")
        author = " ".join(browsing.tab.inner_text("footer .component-author").split())
        if author != FOOTER_AUTHOR:
            wrong[page] = author
    assert wrong == {}


def test_korean_search_page_without_javascript_is_korean(editions: Editions) -> None:
    page = (editions.html / "ko" / "search.html").read_text(encoding="utf-8")
    noscript = " ".join(re.findall(r"<noscript>(.*?)</noscript>", page, re.S))
    assert "Please activate JavaScript" not in noscript
    assert "검색 기능을 쓰려면 JavaScript를 켜 주십시오." in noscript


def test_korean_line_breaking(browsing: Browsing) -> None:
    """Korean text breaks between words (keep-all), a token too long for its line still breaks;
    the English edition keeps the browser's default."""
    style = "() => { const s = getComputedStyle(document.querySelector('article p'));" \
            " return [s.wordBreak, s.overflowWrap]; }"
    browsing.tab.goto(f"{browsing.base}/ko/chapters/02_rnn_from_scratch.html", wait_until="load")
    assert browsing.tab.evaluate(style) == ["keep-all", "break-word"]
    browsing.tab.goto(f"{browsing.base}/chapters/02_rnn_from_scratch.html", wait_until="load")
    assert browsing.tab.evaluate(style) == ["normal", "normal"]


def test_korean_search_lists_each_page_once_with_a_snippet(browsing: Browsing) -> None:
    """Each page once (the glossary once for 은닉 상태, though it matches its title, two terms and
    its text), and every result with a snippet of the page's prose around the query."""
    tab = browsing.tab
    tab.goto(f"{browsing.base}/ko/search.html?q=은닉+상태", wait_until="load")
    tab.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " if (!s || !s.textContent.trim()) return false;"
        " const items = document.querySelectorAll('#search-results ul.search li');"
        " return items.length > 0 && Array.from(items).every(li => li.querySelector('p.context')); }",
        timeout=30000,
    )
    results = tab.eval_on_selector_all(
        "#search-results ul.search li",
        "els => els.map(li => [li.querySelector('a').getAttribute('href').split('#')[0],"
        " li.querySelector('p.context').textContent])",
    )
    pages = [href for href, _ in results]
    assert len(pages) == len(set(pages)), pages
    assert "glossary.html" in pages and "chapters/02_rnn_from_scratch.html" in pages
    snippets = dict(results)
    assert "은닉 상태" in snippets["glossary.html"], snippets["glossary.html"]
    assert all(HANGUL_RE.search(text) for text in snippets.values())


# Alt text ------------------------------------------------------------------------------------------

ALT = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"")


def test_every_alt_text_is_in_the_catalogs() -> None:
    """The alt text of every image output is a message of its chapter's catalog, translated
    (`scripts/i18n.py alt-text` lists the ones left)."""
    assert i18n.untranslated_alt_texts("ko") == {}


@pytest.mark.parametrize("doc", [d for d in toc_documents() if d.startswith("chapters/")] + ["intro"])
def test_every_image_on_a_korean_page_has_korean_alt_text(doc: str, editions: Editions) -> None:
    article = _article(editions.html / "ko" / f"{doc}.html")
    images = re.findall(r"<img\b[^>]*>", article)
    alts = [html_lib.unescape(m.group(1)) for m in (ALT.search(tag) for tag in images) if m]
    assert len(alts) == len(images), f"{doc}: an image without alt text"
    english = [alt for alt in alts if not HANGUL_RE.search(alt)]
    assert english == [], f"{doc}: alt text not translated: {english}"


def test_korean_chapter_map_is_drawn_in_korean(editions: Editions, tmp_path: Path) -> None:
    """The intro shows _static/chapter_map.ko.svg, drawn from today's Korean titles."""
    script = ROOT / "scripts" / "make_chapter_map.py"
    fresh = tmp_path / "chapter_map.ko.svg"
    subprocess.run([sys.executable, str(script), "--lang", "ko", "--out", str(fresh)], check=True,
                   capture_output=True)
    stored = (ROOT / "_static" / "chapter_map.ko.svg").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == stored, (
        "a title or its translation changed: run `python scripts/make_chapter_map.py` to redraw both maps")
    texts = {html_lib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", stored)}
    assert set(KOREAN_PART_CAPTIONS) - {"참고 자료"} <= texts  # the reference strip is named too
    assert "장 지도" in stored and "Chapter map" not in stored and "after the Keras part" not in stored
    intro = _article(editions.html / "ko" / "intro.html")
    assert re.search(r'<img\b[^>]*src="[^"]*chapter_map\.ko\.svg"', intro), "the Korean intro shows the English map"


def test_korean_pages_fit_a_phone(browsing: Browsing) -> None:
    """At 390 px (a phone), no Korean page is wider than the screen: words wrap between words,
    and a code name longer than its line breaks at the line's end instead of running off the
    page (tables, code cells and display math scroll inside their own boxes)."""
    tab = browsing.tab
    size = tab.viewport_size
    tab.set_viewport_size({"width": 390, "height": 844})
    try:
        wide = {}
        for page in book_pages():
            tab.goto(f"{browsing.base}/ko/{page}", wait_until="load")
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[page] = width
    finally:
        if size:
            tab.set_viewport_size(size)
    assert wide == {}
