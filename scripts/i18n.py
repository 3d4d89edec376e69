"""The Korean edition: message catalogs and the Korean build, from the same sources and outputs.

    .venv/bin/python scripts/i18n.py update     # after an English change (`make i18n`)
    .venv/bin/python scripts/i18n.py build-ko   # the Korean book into _build/html/ko/
    .venv/bin/python scripts/i18n.py check      # fails if locales/ lags behind the English text
    .venv/bin/python scripts/i18n.py stats      # per page: messages, translated, fuzzy, untranslated
    .venv/bin/python scripts/i18n.py conf       # write the generated conf.py for inspection

_config.yml stays the one source of the configuration. Jupyter Book 1's command line cannot pass a
language, so this script calls the same function `jupyter-book build` calls
(jupyter_book.sphinx.build_sphinx, which turns _config.yml into Sphinx's configuration) and adds
only what the Korean edition needs (LANGUAGE_OVERRIDES). No conf.py is written into the repository:
`conf` writes the generated one to _build/i18n/ko/conf.py, to read, never to edit. The Korean
build runs with warnings as errors, nitpicky, keep-going (as `make book`'s -W -n --keep-going).

`update` runs Sphinx's gettext builder (one .pot per page, gettext_compact = False) into
locales/pot/, then merges each template into locales/ko/LC_MESSAGES/<page>.po with Babel (the
library Sphinx itself uses): new messages come in empty, a message whose English changed a little
becomes fuzzy (its old translation kept as a suggestion), removed ones are dropped. Messages with
nothing to translate (only math, code, numbers; or Korean already, as the glossary's Korean terms)
and the glossary's term lines are copied as they are. A translator
works on one page's .po file; the build compiles .po to .mo itself, in _build/locales/.

Code cells, code comments and printed outputs are literal blocks, which Sphinx does not extract:
both editions show the same, tested outputs. The alt text of a notebook's image outputs (cell
metadata mystnb.image.alt, where `python -m rnnlib.diagrams` also puts each diagram's alt text) is
a message like the prose: myst-nb keeps every output's formats until the writer picks one, and for
the gettext builder it would pick text/plain and drop the image with its alt text, so `update`
asks it for the image (GETTEXT_OVERRIDES); the Korean build's Locale transform then translates the
alt text while the page is read. `alt-text` lists the alt-text messages still untranslated or fuzzy.

The theme's own labels (Sphinx, pydata-sphinx-theme, sphinx-book-theme) have their Korean in
locales/<lang>/theme/*.po, which `build-ko` copies into locale_dirs beside the page catalogs
(see _ext/i18n_switch.py). The intro's chapter map has a Korean drawing, _static/chapter_map.ko.svg
(scripts/make_chapter_map.py, from the titles in the catalogs), which Sphinx uses in the Korean
build in place of chapter_map.svg (figure_language_filename).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po, write_po
from jupyter_book.config import get_final_config
from jupyter_book.sphinx import build_sphinx

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
POT_DIR = LOCALES / "pot"
LANGUAGES = ("ko",)
BUILD = ROOT / "_build"
HTML_KO = BUILD / "html" / "ko"
# Sphinx writes into staging folders under _build/: myst-nb puts its jupyter_execute/ folder beside
# the output folder (not configurable), which must not land inside _build/html.
GETTEXT_STAGE = BUILD / "gettext" / "pot"

# The extension that adds the language switch and the Korean search language. Until _config.yml
# lists it (sphinx.local_extensions), this script adds it to the Korean build.
SWITCH_EXTENSION = "i18n_switch"

COMMON_OVERRIDES: dict[str, Any] = {
    "project": "rnnbook",  # the catalogs' Project-Id-Version
    # The build reads a copy of locales/ (mirror_catalogs), so that the .mo files Sphinx compiles
    # land in _build/, not beside the committed .po files.
    "locale_dirs": [str(BUILD / "locales")],
    "gettext_compact": False,  # one catalog per page, so a translator can work on one chapter
    "gettext_uuid": False,
    "gettext_location": False,  # no file:line comments: they change whenever text moves
    "gettext_auto_build": True,  # the build compiles .po to .mo
    "nitpicky": True,  # -n, as `jupyter-book build -n`
}
# The gettext builder keeps a notebook's image output (and so its alt text) where myst-nb would
# pick text/plain: (builder, mime type, priority), lower first, as in nb_mime_priority_overrides.
GETTEXT_OVERRIDES: dict[str, Any] = {
    "nb_mime_priority_overrides": [
        ("gettext", mime, rank)
        for rank, mime in enumerate(("image/svg+xml", "image/png", "image/jpeg", "image/gif"), 1)
    ],
}
THEME_CATALOGS = "theme"  # locales/<lang>/theme/*.po: the theme's labels (not pages)
LANGUAGE_OVERRIDES: dict[str, dict[str, Any]] = {
    "ko": {
        "language": "ko",
        "author": "rnnbook 저자들",  # the footer: "지은이: rnnbook 저자들"
        "html_search_language": "ko",  # i18n_switch registers a Korean search language
        "html_title": "순환 신경망, 직접 돌려 보며 배우기",
    },
}
# Theme options written in _config.yml in English (merged into html_theme_options, and only where
# the English edition sets them).
LANGUAGE_THEME_OPTIONS: dict[str, dict[str, str]] = {
    "ko": {
        "extra_footer": "이 책의 모든 숫자는 그 옆의 코드가 만들어 낸 것이며, 테스트 스위트가 다시 확인합니다.",
    },
}


def _sphinx_config(overrides: dict[str, Any]) -> dict[str, Any]:
    """The configuration `jupyter-book build` would use, plus `overrides`."""
    config, _ = get_final_config(
        user_yaml=ROOT / "_config.yml",
        sourcedir=ROOT,
        cli_config={"latex_individualpages": False},
    )
    extensions = list(config.get("extensions", []))
    if SWITCH_EXTENSION not in extensions:
        extensions.append(SWITCH_EXTENSION)
        ext_dir = str(ROOT / "_ext")
        if ext_dir not in sys.path:
            sys.path.insert(0, ext_dir)
    result: dict[str, Any] = {"extensions": extensions}
    language = overrides.get("language")
    if language in LANGUAGE_THEME_OPTIONS:
        theme_options = dict(config.get("html_theme_options") or {})
        for key, text in LANGUAGE_THEME_OPTIONS[language].items():
            if key in theme_options:
                theme_options[key] = text
        result["html_theme_options"] = theme_options
    return {**result, **overrides}


def _build(
    builder: str, outdir: Path, overrides: dict[str, Any], force: bool, strict: bool = True
) -> int:
    cli = {"latex_individualpages": False, **_sphinx_config(overrides)}
    result = build_sphinx(
        str(ROOT),
        str(outdir),
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=cli,
        doctreedir=str(outdir.parent / ".doctrees"),
        builder=builder,
        warningiserror=strict,
        keep_going=True,
        force_all=force,
    )
    return result if isinstance(result, int) else 1


# The gettext builder also extracts the messages of the project's templates (_templates/) into a
# "sphinx" catalog. Those are the theme's labels, translated in locales/<lang>/theme/sphinx.po
# with the rest of the theme's (they are not a page): extract and check leave it out.
TEMPLATE_CATALOG = "sphinx"


def _page_pots(folder: Path) -> list[Path]:
    """The page templates (.pot) under `folder`, without the templates' catalog."""
    return [pot for pot in sorted(folder.rglob("*.pot"))
            if pot.relative_to(folder).with_suffix("").as_posix() != TEMPLATE_CATALOG]


def stale(language: str) -> dict[str, str]:
    """Pages whose catalog lacks a message of the English text now (or keeps a removed one).

    Reads the templates in _build/gettext/pot/ that `extract(write=False)` has just made.
    """
    problems: dict[str, str] = {}
    po_root = LOCALES / language / "LC_MESSAGES"
    for pot in _page_pots(GETTEXT_STAGE):
        page = pot.relative_to(GETTEXT_STAGE).with_suffix("").as_posix()
        po_path = po_root / f"{page}.po"
        if not po_path.exists():
            problems[page] = "no catalog"
            continue
        with pot.open("rb") as f:
            wanted = {m.id for m in read_po(f) if m.id}
        with po_path.open("rb") as f:
            have = {m.id for m in read_po(f) if m.id}
        if wanted != have:
            problems[page] = f"{len(wanted - have)} new, {len(have - wanted)} removed messages"
    return problems


def extract(force: bool = False, write: bool = True) -> int:
    """Sphinx's gettext builder: locales/pot/<page>.pot for every page.

    Warnings are shown but do not stop the extraction: the English build (`make book`, -W)
    is where they fail.
    """
    code = _build("gettext", GETTEXT_STAGE, {**COMMON_OVERRIDES, **GETTEXT_OVERRIDES}, force,
                  strict=False)
    if not write:
        return code
    # Copy the templates (only those whose messages changed) into locales/pot/, which git keeps,
    # so that a diff of locales/pot/ shows what changed in the English text.
    wanted = set()
    for pot in _page_pots(GETTEXT_STAGE):
        page = pot.relative_to(GETTEXT_STAGE)
        wanted.add(page)
        target = POT_DIR / page
        data = pot.read_bytes()
        if not target.exists() or _normalized(target.read_bytes()) != _normalized(data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for old in sorted(POT_DIR.rglob("*.pot")):
        if old.relative_to(POT_DIR) not in wanted:
            old.unlink()
    return code


def _normalized(catalog_bytes: bytes) -> bytes:
    """A catalog without its date lines, to tell a real change from a new timestamp."""
    return b"\n".join(
        line for line in catalog_bytes.splitlines()
        if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))
    )


_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.DOTALL)
_CODE = re.compile(r"(?<![}`])`[^`]+`")


def is_neutral(msgid: str) -> bool:
    """True for a message with nothing to translate: only math, code, numbers and symbols.

    A table cell such as `$W_x$`, "`W_x`" or "(4, 8) = (F, H)" reads the same in every language;
    `update` copies it into msgstr so that it does not count as untranslated. A role such as
    {term}`batch` is not neutral: its text is shown.
    """
    rest = _CODE.sub(" ", _MATH.sub(" ", msgid))
    # Hangul is allowed: a message that is Korean already (the glossary's Korean terms) stays.
    return re.search(r"[^\W\d_\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]{2,}", rest) is None


def glossary_terms() -> set[str]:
    """The term lines of glossary.md's {glossary} block ("hidden state", "은닉 상태", ...).

    They are the glossary's anchors, which every {term} role in both editions points to, and the
    glossary gives each in English and Korean already: `update` keeps them as they are.
    """
    terms: set[str] = set()
    inside = False
    for line in (ROOT / "glossary.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```{glossary}"):
            inside = True
        elif inside and line.startswith("```"):
            inside = False
        elif inside and line.strip() and not line.startswith((" ", ":", "\t")):
            terms.add(line.strip())
    return terms


def merge(language: str) -> dict[str, str]:
    """Create or update locales/<language>/LC_MESSAGES/<page>.po from every .pot; page -> action."""
    actions: dict[str, str] = {}
    po_root = LOCALES / language / "LC_MESSAGES"
    pots = sorted(POT_DIR.rglob("*.pot"))
    terms = glossary_terms()
    for pot in pots:
        page = pot.relative_to(POT_DIR).with_suffix("").as_posix()
        po_path = po_root / f"{page}.po"
        with pot.open("rb") as f:
            template = read_po(f)
        if po_path.exists():
            with po_path.open("rb") as f:
                catalog = read_po(f, locale=language)
            catalog.update(template, update_header_comment=False)
            catalog.obsolete.clear()  # git keeps the history; dead messages only confuse
            action = "updated"
        else:
            with pot.open("rb") as f:
                catalog = read_po(f, locale=language)
            catalog.locale = language  # type: ignore[assignment]
            catalog.revision_date = catalog.creation_date
            action = "created"
        catalog.fuzzy = False  # the header, not the messages
        for message in catalog:
            # Babel guesses printf/brace formats from `{...}`; here braces are MyST roles.
            message.flags.difference_update({"python-format", "python-brace-format"})
            keep = is_neutral(message.id) or (page == "glossary" and message.id in terms)
            if message.id and keep and (not message.string or message.fuzzy):
                message.string = message.id
                message.flags.discard("fuzzy")
                message.previous_id = []
        out = io.BytesIO()
        # No `#|` previous-msgid lines: Babel wraps them at `width` and reads the wrapped parts
        # back as translator comments ("# the", "# | msgid ..."), which then pile up. A fuzzy
        # message keeps its flag and its old translation; git shows the English that changed.
        write_po(out, catalog, width=100, omit_header=False, ignore_obsolete=True,
                 include_previous=False)
        data = out.getvalue()
        if po_path.exists() and _normalized(po_path.read_bytes()) == _normalized(data):
            action = "unchanged"
        else:
            po_path.parent.mkdir(parents=True, exist_ok=True)
            po_path.write_bytes(data)
        actions[page] = action
    pages = {pot.relative_to(POT_DIR).with_suffix("").as_posix() for pot in pots}
    for po_path in sorted(po_root.rglob("*.po")):
        page = po_path.relative_to(po_root).with_suffix("").as_posix()
        if page not in pages:
            actions[page] = "page gone: remove this .po by hand (or move its translations)"
    return actions


def stats(language: str) -> dict[str, dict[str, int]]:
    """Per page: messages, translated, fuzzy, untranslated (the header is not a message)."""
    result: dict[str, dict[str, int]] = {}
    po_root = LOCALES / language / "LC_MESSAGES"
    for po_path in sorted(po_root.rglob("*.po")):
        with po_path.open("rb") as f:
            catalog = read_po(f)
        messages = [m for m in catalog if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy)
        translated = sum(1 for m in messages if m.string and not m.fuzzy)
        result[po_path.relative_to(po_root).with_suffix("").as_posix()] = {
            "messages": len(messages),
            "translated": translated,
            "fuzzy": fuzzy,
            "untranslated": len(messages) - translated - fuzzy,
        }
    return result


def mirror_catalogs(language: str) -> None:
    """Copy locales/<language>/**/*.po to _build/locales/ (mtimes kept: Sphinx compiles the .mo
    files there, and rebuilds exactly the pages whose catalog changed)."""
    source = LOCALES / language / "LC_MESSAGES"
    target = BUILD / "locales" / language / "LC_MESSAGES"
    wanted = set()
    theme = sorted((LOCALES / language / THEME_CATALOGS).glob("*.po"))
    for po in [*source.rglob("*.po"), *theme]:
        copy = target / (po.name if po in theme else po.relative_to(source))
        wanted.add(copy)
        if not copy.exists() or copy.read_bytes() != po.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(po, copy)
    for old in list(target.rglob("*.po")) if target.exists() else []:
        if old not in wanted:
            old.unlink()
            old.with_suffix(".mo").unlink(missing_ok=True)


def build(language: str, force: bool = False, quiet: bool = False) -> int:
    """The book in `language` into _build/html/<language>/, warnings as errors."""
    mirror_catalogs(language)
    overrides = {**COMMON_OVERRIDES, **LANGUAGE_OVERRIDES[language]}
    stage = BUILD / language / "html"  # incremental: Sphinx keeps its state in _build/<language>/
    if quiet:
        with contextlib.redirect_stdout(io.StringIO()):
            code = _build("html", stage, overrides, force)
    else:
        code = _build("html", stage, overrides, force)
    target = BUILD / "html" / language
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(stage, target)
    return code


def image_alt_texts(notebook: Path) -> list[str]:
    """The alt text of every image output of `notebook` (cell metadata mystnb.image.alt), in order."""
    import json  # noqa: PLC0415

    texts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8")).get("cells", []):
        alt = ((cell.get("metadata") or {}).get("mystnb") or {}).get("image", {}).get("alt")
        images = any(k.startswith("image/") for o in cell.get("outputs", []) for k in o.get("data", {}))
        if alt and images:
            texts.append(str(alt))
    return texts


def untranslated_alt_texts(language: str) -> dict[str, list[str]]:
    """Per chapter: the alt texts of its images that its catalog lacks, or has untranslated or
    fuzzy (what a translator must still do after an English change in a figure)."""
    result: dict[str, list[str]] = {}
    po_root = LOCALES / language / "LC_MESSAGES"
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        page = notebook.relative_to(ROOT).with_suffix("").as_posix()
        po_path = po_root / f"{page}.po"
        catalog = None
        if po_path.exists():
            with po_path.open("rb") as f:
                catalog = read_po(f)
        missing = []
        for alt in image_alt_texts(notebook):
            message = catalog.get(alt) if catalog is not None else None
            if message is None or not message.string or message.fuzzy:
                missing.append(alt)
        if missing:
            result[page] = missing
    return result


def write_conf(language: str) -> Path:
    """The generated Sphinx configuration, to read: _build/i18n/<language>/conf.py."""
    config, _ = get_final_config(
        user_yaml=ROOT / "_config.yml", sourcedir=ROOT, cli_config={"latex_individualpages": False}
    )
    config.update(_sphinx_config({**COMMON_OVERRIDES, **LANGUAGE_OVERRIDES[language]}))
    lines = [
        "# Generated by scripts/i18n.py from _config.yml: read it, do not edit it.",
        "import sys",
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})",
    ]
    lines += [f"{key} = {config[key]!r}" for key in sorted(config)]
    path = BUILD / "i18n" / language / "conf.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_update = sub.add_parser("update", help="extract .pot files and update the .po files")
    p_update.add_argument("--all", action="store_true", help="re-read every page")
    p_build = sub.add_parser("build-ko", help="build the Korean edition into _build/html/ko")
    p_build.add_argument("--all", action="store_true", help="rebuild every page")
    sub.add_parser("check", help="fail if a catalog is out of date with the English text")
    sub.add_parser("stats", help="messages per page: translated, fuzzy, untranslated")
    sub.add_parser("conf", help="write the generated conf.py to _build/i18n/ko/conf.py")
    sub.add_parser("alt-text", help="list image alt texts not yet translated (exit 1 if any)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)

    start = time.perf_counter()
    if args.command == "update":
        code = extract(force=args.all)
        if code != 0:
            print(f"gettext builder failed (exit {code})", file=sys.stderr)
            return code
        extracted = time.perf_counter() - start
        for language in LANGUAGES:
            for page, action in merge(language).items():
                if action != "unchanged":
                    print(f"{language}: {page}.po {action}")
        print(f"extracted in {extracted:.1f} s, merged in {time.perf_counter() - start - extracted:.1f} s")
        return 0
    if args.command == "build-ko":
        code = build("ko", force=args.all)
        print(f"Korean edition built in {time.perf_counter() - start:.1f} s: {HTML_KO / 'index.html'}")
        return code
    if args.command == "check":
        code = extract(write=False)
        problems = {f"{lang}: {page}": why for lang in LANGUAGES for page, why in stale(lang).items()}
        for page, why in problems.items():
            print(f"out of date: {page} ({why})")
        if problems:
            print("Run `make i18n` (scripts/i18n.py update) and commit locales/.")
        return 1 if problems or code != 0 else 0
    if args.command == "stats":
        for language in LANGUAGES:
            table = stats(language)
            for page, counts in table.items():
                print(f"{language} {page:45s} " + " ".join(f"{k}={v}" for k, v in counts.items()))
            total = {k: sum(c[k] for c in table.values()) for k in ("messages", "translated", "fuzzy")}
            print(f"{language} total: " + " ".join(f"{k}={v}" for k, v in total.items()))
        return 0
    if args.command == "alt-text":
        missing = {f"{lang} {page}": texts for lang in LANGUAGES
                   for page, texts in untranslated_alt_texts(lang).items()}
        for page, texts in missing.items():
            for text in texts:
                print(f"{page}: {text}")
        print(f"{sum(len(t) for t in missing.values())} alt text(s) to translate"
              + (" (run `update` first if a page's .po lacks them)" if missing else ""))
        return 1 if missing else 0
    if args.command == "conf":
        print(write_conf("ko"))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
