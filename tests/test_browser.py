"""Open every page of the built book in a real headless Chromium, served from 127.0.0.1.

For each page: HTTP 200, no console errors, every image loaded, math rendered by MathJax where
the page has math (and no MathJax error nodes), and no request to any host but 127.0.0.1.
A screenshot of each page's first screen goes to _build/screenshots/ (full-page ones only for the
dark-mode test: rasterising a whole long page costs seconds, for a picture nobody checks).

Every page is also audited by axe-core (vendored in tests/vendor/axe-core/, injected into the
page, no CDN) in the light and in the dark theme: any serious or critical violation fails, and so
does a moderate one unless THEME_FINDINGS names it with its upstream issue. The book's search
and its download button are used the way a reader uses them.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright; Playwright's own browser
download cannot work offline. Without Chromium these tests skip, unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import BUILD_DIR, ROOT, book_pages

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
# Moderate axe findings that come from the theme itself, tolerated with the upstream issue that
# tracks them (CONTRIBUTING.md lists the same). Empty: the book's own CSS, template and extension fix
# every moderate finding axe-core reports today.
THEME_FINDINGS: dict[str, str] = {}
SCREENSHOTS = BUILD_DIR / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no update checks or other calls home on a closed network
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _browser_available() -> str | None:
    """None if the browser tests can run, else the reason they cannot."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (install Debian's package: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    return None


_REASON = _browser_available()
if _REASON is not None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {_REASON}", pytrace=False)
    pytest.skip(_REASON, allow_module_level=True)

from playwright.sync_api import Browser, sync_playwright  # noqa: E402


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_book) -> Iterator[str]:
    assert built_book.returncode == 0, "the book did not build; see test_book.py"
    handler = functools.partial(_QuietHandler, directory=str(built_book.html))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


WAIT_FOR_MATH = """async () => {
    const nodes = document.querySelectorAll('.math');
    if (nodes.length === 0) return {math: 0, rendered: 0, errors: 0};
    for (let i = 0; i < 100 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++) {
        await new Promise(r => setTimeout(r, 100));
    }
    if (!(window.MathJax && MathJax.startup)) return {math: nodes.length, rendered: 0, errors: 0, missing: true};
    await MathJax.startup.promise;
    return {
        math: nodes.length,
        rendered: document.querySelectorAll('.math mjx-container, mjx-container').length,
        errors: document.querySelectorAll('mjx-merror, .MathJax_Error').length,
    };
}"""

WAIT_FOR_IMAGES = """async () => {
    const images = Array.from(document.images);
    await Promise.all(images.map(img => img.complete ? null : new Promise(r => {
        img.addEventListener('load', r); img.addEventListener('error', r); setTimeout(r, 5000);
    })));
    return images.map(img => ({
        src: img.getAttribute('src'), width: img.naturalWidth, alt: img.getAttribute('alt') || '',
    }));
}"""


def _screenshot_name(page: str) -> str:
    return page.replace("/", "__").removesuffix(".html") + ".png"


@dataclass
class Visit:
    """What one load of a page showed: the render checks' findings and axe's, per theme."""

    foreign: list[str]
    failed: list[str]
    console_errors: list[str]
    images: list[dict]
    math: dict
    audits: dict[str, tuple[str, list[dict]]]
    code_colours: dict[str, list[dict]]


_VISITS: dict[str, Visit] = {}


def visit(page: str, server: str, browser: Browser) -> Visit:
    """Load ``page`` once (per worker) for all of its tests: wait for MathJax and the images,
    take the screenshot, then audit it with axe and read its code colours, in the light theme
    and in the dark one.
    tests/conftest.py keeps a page's tests on one worker."""
    if page in _VISITS:
        return _VISITS[page]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    tab = context.new_page()
    console_errors: list[str] = []
    foreign: list[str] = []
    failed: list[str] = []
    tab.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))

    def record(request) -> None:
        url = request.url
        if not (url.startswith(server + "/") or url.startswith(("data:", "blob:", "about:"))):
            foreign.append(url)

    tab.on("request", record)
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    audits: dict[str, tuple[str, list[dict]]] = {}
    code_colours: dict[str, list[dict]] = {}
    try:
        response = tab.goto(f"{server}/{page}", wait_until="load")
        assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
        math = tab.evaluate(WAIT_FOR_MATH)
        images = tab.evaluate(WAIT_FOR_IMAGES)
        tab.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / _screenshot_name(page)))
        # The page's own errors and requests are recorded; axe's are not the page's.
        checks = (list(foreign), list(failed), list(console_errors))
        tab.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        tab.evaluate(SKIP_PRE)
        for mode, runs in AUDITS.items():
            theme = tab.evaluate(SET_MODE, mode)
            violations = [v for run in runs for v in tab.evaluate(RUN_AXE, run)]
            audits[mode] = (theme, violations)
            code_colours[mode] = tab.evaluate(CODE_COLOURS)
    finally:
        context.close()
    _VISITS[page] = Visit(*checks, images=images, math=math, audits=audits, code_colours=code_colours)
    return _VISITS[page]


@pytest.mark.parametrize("page", book_pages())
def test_page_renders_offline(page: str, server: str, browser: Browser) -> None:
    """HTTP 200, only 127.0.0.1 asked, no console error, every image loaded with alt text,
    and the math typeset by MathJax."""
    seen = visit(page, server, browser)
    assert seen.foreign == [], f"{page} requested other hosts: {seen.foreign}"
    assert seen.failed == [], f"{page}: failed requests: {seen.failed}"
    assert seen.console_errors == [], f"{page} logged console errors: {seen.console_errors}"
    broken = [img["src"] for img in seen.images if img["width"] == 0]
    assert broken == [], f"{page}: images that did not load: {broken}"
    no_alt = [img["src"] for img in seen.images if not img["alt"].strip()]
    assert no_alt == [], f"{page}: images without alt text: {no_alt}"
    math = seen.math
    if math["math"]:
        assert not math.get("missing"), f"{page} has math but MathJax did not load"
        assert math["rendered"] >= math["math"], f"{page}: {math}"
        assert math["errors"] == 0, f"{page}: MathJax error nodes: {math}"


def test_first_chapter_has_math_and_figures(server: str, browser: Browser) -> None:
    """The pipeline end to end: the first chapter's equation is typeset and its figures are drawn."""
    tab = browser.new_page()
    try:
        tab.goto(f"{server}/chapters/01_sequences_as_tensors.html", wait_until="load")
        math = tab.evaluate(WAIT_FOR_MATH)
        images = tab.evaluate(WAIT_FOR_IMAGES)
        text = tab.inner_text("main")
    finally:
        tab.close()
    assert math["math"] >= 1 and math["rendered"] >= 1 and math["errors"] == 0
    figures = [img for img in images if "_images/" in (img["src"] or "")]
    assert len(figures) >= 2 and all(img["width"] > 300 for img in figures)
    assert "(batch, timesteps, features)" in text  # a stored output of the chapter, rendered


def test_dark_mode_screenshot_with_figures(server: str, browser: Browser) -> None:
    """A reader whose system prefers dark gets the dark theme; figures keep their opaque white card."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    tab = context.new_page()
    try:
        tab.goto(f"{server}/chapters/01_sequences_as_tensors.html", wait_until="load")
        tab.evaluate(WAIT_FOR_MATH)
        images = tab.evaluate(WAIT_FOR_IMAGES)
        theme = tab.evaluate("() => document.documentElement.dataset.theme")
        background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "dark__chapters__01_sequences_as_tensors.png"), full_page=True)
    finally:
        context.close()
    assert theme == "dark"
    red, green, blue = (int(v) for v in background[background.index("(") + 1 : background.index(")")].split(",")[:3])
    assert max(red, green, blue) < 80, f"the page background is not dark: {background}"
    assert sum(1 for img in images if "_images/" in (img["src"] or "") and img["width"] > 0) >= 2


RUN_AXE = """async ([context, options]) => {
    const result = await axe.run(context, {resultTypes: ['violations'], ...options});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')),
    }));
}"""
# Light: every rule axe-core runs by default. Dark: the rules that read colours. The theme
# switch changes colours only (the same DOM, the same ARIA, the same text), so the other rules
# would repeat the light audit's answer, at twice the cost.
# axe's color-contrast skips the code and output blocks (<pre>, SKIP_PRE): it checks each
# highlighted token on its own, thousands per page, half an audit's time, for a few distinct
# colour pairs. CODE_COLOURS checks those pairs instead, in both themes
# (test_code_blocks_have_contrast).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SKIP_PRE = """() => axe.configure({rules: [{id: 'color-contrast', selector: ':not(pre):not(pre *)'}]})"""
WHOLE_PAGE: dict = {"exclude": []}
AUDITS: dict[str, list[tuple[dict, dict]]] = {
    "light": [(WHOLE_PAGE, {})],
    "dark": [(WHOLE_PAGE, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})],
}
# WCAG 2 AA for normal-size text, the threshold axe's color-contrast applies to code.
MIN_CONTRAST = 4.5

# Every distinct (text colour, background) pair inside <pre>, with its contrast ratio (WCAG 2:
# relative luminance of sRGB, translucent layers composited over what lies beneath). A colour
# in a syntax this script cannot read comes back with ratio null, and the test fails on it.
CODE_COLOURS = """() => {
    const parse = text => {
        const n = (text.match(/[\\d.]+/g) || []).map(Number);
        const alpha = n.length > 3 ? n[3] : 1;
        if (text.startsWith('rgb')) return {r: n[0], g: n[1], b: n[2], a: alpha};
        if (text.startsWith('color(srgb')) return {r: 255 * n[0], g: 255 * n[1], b: 255 * n[2], a: alpha};
        return null;
    };
    const over = (top, under) => ({
        r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
        b: top.b * top.a + under.b * (1 - top.a), a: 1,
    });
    const backgroundOf = element => {
        const layers = [];
        for (let e = element; e; e = e.parentElement) {
            const colour = parse(getComputedStyle(e).backgroundColor);
            if (colour === null) return null;
            if (colour.a > 0) layers.push(colour);
            if (colour.a >= 1) break;
        }
        return layers.reverse().reduce((under, top) => over(top, under), {r: 255, g: 255, b: 255, a: 1});
    };
    const luminance = c => [c.r, c.g, c.b].map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i] * v, 0);
    const pairs = new Map();
    for (const element of document.querySelectorAll('pre, pre *')) {
        const hasText = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!hasText) continue;
        const style = getComputedStyle(element);
        const key = style.color + ' on ' + (() => {
            const b = []; for (let e = element; e; e = e.parentElement) b.push(getComputedStyle(e).backgroundColor);
            return b.join('/');
        })();
        if (pairs.has(key)) continue;
        const background = backgroundOf(element);
        const text = parse(style.color);
        let ratio = null;
        if (background !== null && text !== null) {
            const [light, dark] = [luminance(over(text, background)), luminance(background)].sort((x, y) => y - x);
            ratio = (light + 0.05) / (dark + 0.05);
        }
        pairs.set(key, {colour: style.color, example: element.className || element.tagName.toLowerCase(), ratio});
    }
    return [...pairs.values()];
}"""


def _describe(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes: {v['help']}; e.g. {v['nodes'][:3]})"
        for v in violations
    )


# Switch the theme as its own button does, with transitions off so that axe measures the
# final colours, not a frame of the fade between the two themes.
SET_MODE = """async mode => {
    if (!document.getElementById('no-transitions')) {
        const style = document.createElement('style');
        style.id = 'no-transitions';
        style.textContent = '*, *::before, *::after { transition: none !important; }';
        document.head.appendChild(style);
    }
    document.documentElement.dataset.mode = mode;
    document.documentElement.dataset.theme = mode;
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return document.documentElement.dataset.theme;
}"""


@pytest.mark.parametrize("page", book_pages())
def test_page_passes_axe_audit(page: str, server: str, browser: Browser) -> None:
    """axe-core on the rendered page, after MathJax and the images, in the light theme and then in
    the dark one (the theme's own switch: its stylesheets key on html[data-theme])."""
    for mode, (theme, violations) in visit(page, server, browser).audits.items():
        assert theme == mode, f"{page}: asked for {mode}, the theme is {theme}"
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert blocking == [], f"{page} ({mode}): {_describe(blocking)}"
        moderate = [v for v in violations if v["impact"] == "moderate" and v["id"] not in THEME_FINDINGS]
        assert moderate == [], f"{page} ({mode}): {_describe(moderate)}"


@pytest.mark.parametrize("page", book_pages())
def test_code_blocks_have_contrast(page: str, server: str, browser: Browser) -> None:
    """Every text colour in the page's code and output blocks reaches 4.5:1 on its background,
    in both themes (the check axe's color-contrast would make there, one colour pair at a time)."""
    for mode, pairs in visit(page, server, browser).code_colours.items():
        low = [(p["colour"], p["example"], p["ratio"] and round(p["ratio"], 2)) for p in pairs
               if p["ratio"] is None or p["ratio"] < MIN_CONTRAST]
        assert low == [], f"{page} ({mode}): code colours below {MIN_CONTRAST}:1 (colour, class, ratio): {low}"


def test_axe_is_vendored_with_its_licence() -> None:
    """axe-core is MPL-2.0: the file keeps its header, and the licence text sits beside it."""
    head = AXE_JS.read_text(encoding="utf-8")[:600]
    assert head.startswith("/*! axe v4.")
    assert "Mozilla Public" in head and "License, v. 2.0" in head
    assert "Mozilla Public License, version 2.0" in (AXE_JS.parent / "LICENSE").read_text(encoding="utf-8")


def test_search_finds_return_state(server: str, browser: Browser) -> None:
    """A reader types `return_state` into the search box; chapter 6 is among the results."""
    tab = browser.new_page()
    try:
        tab.goto(f"{server}/intro.html", wait_until="load")
        tab.locator("button.search-button-field:visible").first.click()
        box = tab.locator("#pst-search-dialog input[name=q]")
        box.wait_for(state="visible")
        box.type("return_state")
        box.press("Enter")
        tab.wait_for_url("**/search.html?q=return_state*")
        tab.locator("#search-results .search-summary", has_text="Search finished").wait_for(timeout=20_000)
        hits = tab.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    finally:
        tab.close()
    assert any("chapters/06_keras_return_modes.html" in href for href in hits), hits


def test_download_button_gives_the_chapter_notebook(server: str, browser: Browser) -> None:
    """The page's download menu offers the .ipynb, and the file is the notebook, with outputs."""
    chapter = "06_keras_return_modes"
    tab = browser.new_page()
    try:
        tab.goto(f"{server}/chapters/{chapter}.html", wait_until="load")
        tab.locator("button[aria-label='Download this page']").click()
        link = tab.locator(f"a.dropdown-item[href$='{chapter}.ipynb']")
        link.wait_for(state="visible")
        url = link.evaluate("a => a.href")
        body = tab.context.request.get(url).body()
        note = tab.inner_text("div.run-this-chapter")
    finally:
        tab.close()
    assert body == (ROOT / "chapters" / f"{chapter}.ipynb").read_bytes()
    cells = json.loads(body)["cells"]
    assert any(cell.get("outputs") for cell in cells if cell["cell_type"] == "code")
    assert f"chapters/{chapter}.ipynb" in note and "make install" in note


def test_code_colour_check_fails_on_low_contrast(browser: Browser) -> None:
    """CODE_COLOURS on a page made for it: grey on white and black on a translucent dark layer
    are measured as WCAG does, and a colour it cannot parse comes back without a ratio."""
    tab = browser.new_page()
    try:
        tab.set_content(
            '<pre style="background: #fff"><span style="color: #777">grey</span> <b>black</b></pre>'
            '<div style="background: #fff"><pre style="background: rgba(0, 0, 0, 0.5)">'
            '<s style="color: #000">dark</s></pre></div>'
            '<pre><i style="color: oklch(0.5 0.1 100)">oklch</i></pre>'
        )
        pairs = {p["example"]: p["ratio"] for p in tab.evaluate(CODE_COLOURS)}
    finally:
        tab.close()
    assert pairs["span"] == pytest.approx(4.48, abs=0.01)  # #777 on white: just below 4.5
    assert pairs["b"] == pytest.approx(21.0)
    assert pairs["s"] == pytest.approx(5.28, abs=0.01)  # black on 50% black over white
    assert pairs["i"] is None
