"""Local Sphinx extension for the book's two editions: a language switch, and Korean search.

1. Language switch. Every page's header gets a link to the same page in the other edition: the
   English book is _build/html/, the Korean one _build/html/ko/ (scripts/i18n.py builds it). The
   link is relative, so it works offline and from any folder the book is copied to. Its label is
   visible text in the target language ("한국어" / "English") with `lang` and `hreflang`, and the
   page's <head> gets <link rel="alternate" hreflang=...> for both editions.
2. Korean search. Sphinx 7.4 has no Korean search language and falls back to English. Its
   splitter already keeps Hangul words, but Korean writes particles onto the noun (은닉 상태는,
   상태를, 신경망의), so a search for 상태 would miss 상태는. SearchKorean strips common particles
   and a few verb endings from Hangul words, in Python (index) and in JavaScript (query) alike,
   and stems other words with the English Porter stemmer, as the English edition does.
3. Display math is not a message to translate (KeepDisplayMath): both editions show the same
   formulas.
4. Build-time text in the page's language. The sidebar's part captions come from _toc.yml:
   sphinx-external-toc inserts the root page's toctrees (transform priority 100) after Sphinx's
   Locale transform (priority 20) has translated the page, so TranslateTocCaptions translates
   their captions (and explicit entry titles) through the root page's catalog, where the gettext
   builder puts them (intro.po). The summaries myst-nb writes above hidden cells ("Show code cell
   content", ...) and their aria-label, and the sidebar title's landmark name
   (_templates/navbar-logo.html), are given in Korean here too.
5. The theme's interface in the page's language, through catalogs. Sphinx's and
   pydata-sphinx-theme's labels are in the "sphinx" domain: locales/<lang>/theme/sphinx.po, which
   scripts/i18n.py copies into locale_dirs, where Sphinx reads it before its own catalog and the
   theme's (_templates/ routes sphinx-book-theme's fixed English labels through `_()` too).
   sphinx-book-theme has its own domain ("booktheme"), registered by the theme at setup:
   locales/<lang>/theme/booktheme.po is put in front of it here (ThemeCatalog). sphinx-copybutton
   keeps its messages in JavaScript: copybutton_ko.js adds the Korean ones.
6. Korean search results (language_data.js, with the stemmer): each page once, its best match
   kept, with a snippet taken from the article's prose around the query (not from the sidebars,
   the page's table of contents or code cells; a glossary term's snippet is its definition).
"""

from __future__ import annotations

import gettext
import io
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.en import SearchEnglish, js_porter_stemmer
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import docname_to_domain

TEMPLATES = Path(__file__).with_name("i18n_templates")
STATIC = Path(__file__).with_name("i18n_static")  # i18n_switch.css: the switch in the header
SWITCH_TEMPLATE = "lang-switch.html"

# language -> (label in that language, folder of its edition under the HTML root)
EDITIONS: dict[str, tuple[str, str]] = {"en": ("English", ""), "ko": ("한국어", "ko")}
DEFAULT_LANGUAGE = "en"
NAV_LABELS = {"en": "Language", "ko": "언어"}  # the switch's landmark name, in the page's language
# The landmark name of the sidebar's title (_templates/navbar-logo.html), in the page's language.
BOOK_TITLE_LABELS = {"en": "Book title", "ko": "책 제목"}


def _language(config: Config) -> str:
    language = (config.language or DEFAULT_LANGUAGE).split("_")[0]
    return language if language in EDITIONS else DEFAULT_LANGUAGE


def edition_links(language: str, pagename: str) -> list[dict[str, str]]:
    """Links from `pagename` in `language`'s edition to the same page in every other edition."""
    up = "../" * pagename.count("/")
    folder = EDITIONS[language][1]
    to_html_root = up + ("../" * len(Path(folder).parts) if folder else "")
    links = []
    for other, (label, other_folder) in EDITIONS.items():
        if other == language:
            continue
        prefix = f"{other_folder}/" if other_folder else ""
        links.append({"lang": other, "label": label, "href": f"{to_html_root}{prefix}{pagename}.html"})
    return links


def add_switch_to_header(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(end, str):
        end = [item.strip() for item in end.split(",") if item.strip()]
    if SWITCH_TEMPLATE not in end:
        end = [SWITCH_TEMPLATE, *end]
    options["article_header_end"] = end
    config.html_theme_options = options


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    language = _language(app.config)
    links = edition_links(language, pagename)
    context["i18n_switch_links"] = links
    context["i18n_switch_label"] = NAV_LABELS.get(language, "Language")
    context["i18n_book_title_label"] = BOOK_TITLE_LABELS.get(language, BOOK_TITLE_LABELS["en"])
    alternates = [f'<link rel="alternate" hreflang="{link["lang"]}" href="{link["href"]}" />' for link in links]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(alternates) + "\n"


class KeepDisplayMath(SphinxTransform):
    """Display math is the same in every edition: not extracted for translation, not replaced.

    Sphinx extracts a math block's LaTeX as a message (unlike a code block); a translator has
    nothing to do there, and a translated copy could drift from the English formula.
    Runs before Sphinx's Locale transform (priority 20) and so also before extraction.
    """

    default_priority = 10

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


# Build-time text in the page's language -----------------------------------------------------------


def _page_catalog(env: Any, docname: str, language: str) -> gettext.NullTranslations:
    """The compiled catalog of `docname` (one per page: gettext_compact = False), as the Locale
    transform reads it; a NullTranslations (every message unchanged) where there is none."""
    domain = docname_to_domain(docname, env.config.gettext_compact)
    catalog: gettext.NullTranslations | None = None
    for directory in env.config.locale_dirs:
        found = gettext.translation(
            domain, localedir=str(Path(env.srcdir, directory)), languages=[language], fallback=True
        )
        if type(found) is gettext.NullTranslations:
            continue
        if catalog is None:
            catalog = found
        else:
            catalog.add_fallback(found)
    return catalog or gettext.NullTranslations()


class TranslateTocCaptions(SphinxTransform):
    """The sidebar's part captions ("Foundations", ...) in the edition's language.

    sphinx-external-toc builds the root page's toctrees from _toc.yml in its InsertToctrees
    transform (priority 100), after Sphinx's Locale transform (priority 20) has translated the
    page: their captions would stay English although the gettext builder extracts them into the
    root page's catalog (intro.po). This transform runs after InsertToctrees and before the
    doctree-read event, where the toctree collector copies the toctrees for the sidebar.
    """

    default_priority = 110

    def apply(self, **kwargs: Any) -> None:
        language = _language(self.config)
        if language == DEFAULT_LANGUAGE or self.app.builder.name == "gettext":
            return
        toctrees = list(self.document.findall(addnodes.toctree))
        if not toctrees:
            return
        catalog = _page_catalog(self.env, self.env.docname, language)
        for toctree in toctrees:
            if toctree.get("caption") and not toctree.get("rawcaption"):
                toctree["rawcaption"] = toctree["caption"]  # as preserve_original_messages does
            messages = [*toctree.extract_original_messages()]
            messages += [title for title, _ in toctree.get("entries", []) if title]
            for message in dict.fromkeys(m for m in messages if m):
                translated = catalog.gettext(message)
                if translated.strip() and translated != message:
                    toctree.apply_translated_message(message, translated)


# myst-nb's summary above a hidden cell: its default prompt "Show code cell {type}" / "Hide code
# cell {type}", with {type} content (hide-cell), source (hide-input), output(s) (hide-output).
HIDDEN_CELL_PROMPTS: dict[str, dict[str, str]] = {
    "ko": {
        "Show code cell content": "코드 셀 내용 보기",
        "Hide code cell content": "코드 셀 내용 숨기기",
        "Show code cell source": "코드 셀 소스 보기",
        "Hide code cell source": "코드 셀 소스 숨기기",
        "Show code cell output": "코드 셀 출력 보기",
        "Hide code cell output": "코드 셀 출력 숨기기",
        "Show code cell outputs": "코드 셀 출력 보기",
        "Hide code cell outputs": "코드 셀 출력 숨기기",
    },
}
# ... and the aria-label myst-nb writes on that summary (fixed in its HTML visitor).
HIDDEN_CELL_SUMMARY = '<summary aria-label="Toggle hidden content">'
HIDDEN_CELL_SUMMARY_LABELS = {"ko": "숨긴 내용 펼치기/접기"}


class TranslateHiddenCellPrompts(SphinxPostTransform):
    """myst-nb's "Show code cell content" etc. in the edition's language.

    myst-nb's HideInputCells post-transform (priority 199) fills {type} into the prompts with
    English words, so `nb_code_prompt_show` cannot give a whole Korean prompt; this runs after it.
    A prompt a cell sets itself (cell metadata) is left as it is.
    """

    default_priority = 210
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        prompts = HIDDEN_CELL_PROMPTS.get(_language(self.config))
        if not prompts:
            return
        for node in self.document.findall(nodes.Element):
            if type(node).__name__ != "HideCodeCellNode":
                continue
            for key in ("prompt_show", "prompt_hide"):
                node[key] = prompts.get(node.get(key, ""), node.get(key, ""))


def hidden_cell_summary_label(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    label = HIDDEN_CELL_SUMMARY_LABELS.get(_language(app.config))
    body = context.get("body")
    if label and body and HIDDEN_CELL_SUMMARY in body:
        context["body"] = body.replace(HIDDEN_CELL_SUMMARY, f'<summary aria-label="{label}">')


# The theme's catalogs ----------------------------------------------------------------------------

THEME_DOMAIN = "booktheme"  # sphinx-book-theme's message catalog (its MESSAGE_CATALOG_NAME)
COPYBUTTON_JS = "copybutton_ko.js"


def _compiled(po_path: Path) -> gettext.GNUTranslations:
    """A .po file as a gettext catalog, compiled in memory (the build compiles the page catalogs
    later than the theme needs this one)."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 (Babel comes with Sphinx)
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with po_path.open("rb") as f:
        catalog = read_po(f)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def theme_catalog(app: Sphinx) -> None:
    """Put locale_dirs' booktheme.po (locales/<lang>/theme/ in the repository) in front of
    sphinx-book-theme's own catalog, which the templates read through get_translation at render
    time. The "sphinx" domain needs no help: Sphinx reads locale_dirs first."""
    language = _language(app.config)
    if language == DEFAULT_LANGUAGE:
        return
    for directory in app.config.locale_dirs:
        po_path = Path(app.srcdir, directory, language, "LC_MESSAGES", f"{THEME_DOMAIN}.po")
        if not po_path.is_file():
            continue
        ours = _compiled(po_path)
        key = ("general", THEME_DOMAIN)
        theirs = sphinx_locale.translators.get(key)
        if theirs is not None:
            ours.add_fallback(theirs)
        sphinx_locale.translators[key] = ours
        return


def copybutton_messages(app: Sphinx, config: Config) -> None:
    if _language(config) == "ko":
        app.add_js_file(COPYBUTTON_JS, priority=510)  # after copybutton.js (500)


# Korean search -----------------------------------------------------------------------------------

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Longest first. Particles (조사) and a few endings of 하다/되다/이다 verbs written onto a noun.
KOREAN_SUFFIXES: tuple[str, ...] = tuple(sorted({
    "에서는", "으로는", "에게서", "이라는", "이라고", "으로서", "으로써", "입니다", "합니다", "됩니다",
    "에서", "에게", "으로", "부터", "까지", "보다", "처럼", "라는", "라고", "이나", "이란", "과는", "와는",
    "에는", "로는", "만큼", "마다", "하는", "한다", "하고", "하여", "해서", "하면", "된다", "되는", "되고",
    "이다", "이며", "이고", "들의", "들은", "들이", "들을", "들과",
    "의", "은", "는", "이", "가", "을", "를", "에", "로", "와", "과", "도", "만", "란", "들",
}, key=lambda s: (-len(s), s)))


def korean_stem(word: str) -> str:
    """Strip one particle or ending from a Hangul word, keeping at least one syllable."""
    for suffix in KOREAN_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) and HANGUL.search(word[: -len(suffix)]):
            return word[: -len(suffix)]
    return word


JS_KOREAN_STEMMER = (
    js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function")
    + """
/**
 * Korean edition: strip one particle or ending from a Hangul word (as _ext/i18n_switch.py does
 * when it builds the index); other words go to the Porter stemmer, as in the English edition.
 */
var Stemmer = function() {
  const porter = new PorterStemmer();
  const hangul = /[\\uac00-\\ud7a3]/;
  const suffixes = SUFFIXES;
  this.stemWord = function(w) {
    if (!hangul.test(w)) return porter.stemWord(w);
    for (const s of suffixes) {
      if (w.length > s.length && w.endsWith(s) && hangul.test(w.slice(0, -s.length))) {
        return w.slice(0, -s.length);
      }
    }
    return w;
  };
};

/**
 * Korean edition: results and snippets. language_data.js loads after searchtools.js, so `Search`
 * exists here; these replace three of its functions before the search runs (on DOM load).
 */
if (typeof Search !== "undefined") {
  // Each page once: the results are shown from the end (pop), best last; keep each page's best.
  const performSearch = Search._performSearch;
  Search._performSearch = (...args) => {
    const results = performSearch(...args);
    const seen = new Set();
    const kept = [];
    for (let i = results.length - 1; i >= 0; i--) {
      if (!seen.has(results[i][0])) {
        seen.add(results[i][0]);
        kept.unshift(results[i]);
      }
    }
    return kept;
  };
  // The snippet's text: the article's prose, without code cells, permalinks or the run note; at
  // an anchor, that element (a glossary term: the term and its definition).
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    const article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!article) return "";
    const drop = ".headerlink, script, style, div.cell, .run-this-chapter, .toctree-wrapper";
    article.querySelectorAll(drop).forEach((el) => el.remove());
    let element = null;
    try {
      element = anchor ? article.querySelector(anchor) : null;
    } catch (e) {
      element = null;  // an anchor that is not a valid selector: the whole article
    }
    let text = element ? element.textContent : article.textContent;
    if (element && element.tagName === "DT" && element.nextElementSibling) {
      text += " " + element.nextElementSibling.textContent;
    }
    return text.replace(/\\s+/g, " ").trim();
  };
  // Around the first place the whole query appears, else its first word, else its stems.
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const text = Search.htmlToText(htmlText, anchor);
    if (text === "") return null;
    const lower = text.toLowerCase();
    const query = (new URLSearchParams(window.location.search).get("q") || "").toLowerCase().trim();
    const candidates = [query, ...query.split(/\\s+/), ...keywords];
    let at = -1;
    for (const c of candidates) {
      if (c && (at = lower.indexOf(c.toLowerCase())) > -1) break;
    }
    const start = Math.max(at - 60, 0);
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start ? "…" : "") + text.substr(start, 200).trim()
      + (start + 200 < text.length ? "…" : "");
    return summary;
  };
}
""".replace("SUFFIXES", json.dumps(list(KOREAN_SUFFIXES), ensure_ascii=False))
)


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = JS_KOREAN_STEMMER

    def stem(self, word: str) -> str:
        if HANGUL.search(word):
            return korean_stem(word)
        return super().stem(word)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchKorean)
    app.add_transform(KeepDisplayMath)
    app.add_transform(TranslateTocCaptions)
    app.add_post_transform(TranslateHiddenCellPrompts)
    app.connect("html-page-context", hidden_cell_summary_label)
    app.connect("config-inited", add_switch_to_header)
    app.connect("config-inited", copybutton_messages)
    app.connect("builder-inited", theme_catalog)
    app.add_css_file("i18n_switch.css")
    app.connect("html-page-context", page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
