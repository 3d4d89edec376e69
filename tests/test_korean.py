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
        "figures": Counter(IMAGE.findall(article)),
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


KOREAN_PART_CAPTIONS = ["기초", "NumPy로 처음부터", "Keras", "PyTorch와 이식", "순환 신경망 훈련", "참고 자료"]


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
