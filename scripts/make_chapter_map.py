"""Draw the chapter map on the home page: _static/chapter_map.svg.

One row per part of the book, one box per chapter, arrows for "read this first". The parts, their
captions and the order of the chapters are read from _toc.yml (the one place that holds them); a
chapter's title is read from its notebook's first cell (`# Title`). The unnumbered last part
(Reference) becomes one strip at the bottom. Re-run this script after changing _toc.yml or a title.

The picture has an opaque white background and dark text, so it reads the same in the light and the
dark theme; the part colours are light tints of the colour-blind-safe Okabe-Ito palette that the
book's matplotlib style uses.

The Korean edition has its own drawing, _static/chapter_map.ko.svg, with the Korean titles and part
captions from the catalogs (locales/ko/LC_MESSAGES: a chapter's title from its page's .po, the
part captions from intro.po, where the gettext builder puts _toc.yml's captions); an English title
with no translation yet stays English there. Sphinx shows it in the Korean build in place of
chapter_map.svg (its figure_language_filename, "{root}.{language}{ext}"). Re-run this script after
a title's translation changes, too.

Usage: python scripts/make_chapter_map.py [--lang en|ko --out PATH]
(without --out: both drawings, _static/chapter_map.svg and _static/chapter_map.ko.svg; with --out:
the --lang one, English by default; same input, same bytes)
"""

from __future__ import annotations

import argparse
import json
import textwrap
import unicodedata
from html import escape
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_static" / "chapter_map.svg"
TOC = ROOT / "_toc.yml"
CATALOGS = ROOT / "locales" / "{language}" / "LC_MESSAGES"

# The drawing's own words, per language (the titles and captions come from the book).
WORDS = {
    "en": {
        "title": "Chapter map: which chapters to read before which",
        "after_tracks": "after the Keras part or the PyTorch part",
        "fonts": "DejaVu Sans, Helvetica, Arial, sans-serif",
    },
    "ko": {
        "title": "장 지도: 어느 장을 먼저 읽을지",
        "after_tracks": "Keras 부나 PyTorch 부를 읽은 뒤",
        # Hangul glyphs: Noto Sans CJK (Linux), Apple SD Gothic Neo (macOS), Malgun Gothic (Windows)
        "fonts": "Noto Sans CJK KR, Noto Sans KR, NanumGothic, Apple SD Gothic Neo, Malgun Gothic, "
                 "DejaVu Sans, sans-serif",
    },
}

# (fill, stroke) of the numbered parts, in order, and of the reference strip.
PART_COLOURS = [
    ("#EEEEEE", "#555555"),
    ("#D6E9F5", "#0072B2"),
    ("#FBE8C4", "#B07A00"),
    ("#D2F0E5", "#007A5A"),
    ("#F8DACB", "#C04A00"),
    ("#E4DDF3", "#5B3FA8"),
]
REFERENCE_COLOURS = ("#F3DDEB", "#A8507F")


class Translator:
    """Korean (or another language's) text for the map, from the book's catalogs; English where
    a message has no translation (or a fuzzy one). ``language`` "en" translates nothing."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._catalogs: dict[str, dict[str, str]] = {}

    def page(self, doc: str, message: str) -> str:
        if self.language == "en":
            return message
        if doc not in self._catalogs:
            path = Path(str(CATALOGS).format(language=self.language)) / f"{doc}.po"
            table: dict[str, str] = {}
            if path.is_file():
                with path.open("rb") as f:
                    table = {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}
            self._catalogs[doc] = table
        return self._catalogs[doc].get(message) or message


def raw_title_of(doc: str) -> str:
    """The `# Title` line of a notebook or Markdown page as written (the catalogs' message)."""
    notebook, page = ROOT / f"{doc}.ipynb", ROOT / f"{doc}.md"
    lines: list[str] = []
    if notebook.is_file():
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        lines = "".join(cells[0].get("source", "")).splitlines() if cells else []
    elif page.is_file():
        lines = page.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return Path(doc).name.replace("_", " ")


def title_of(doc: str, translator: Translator | None = None) -> str:
    """The `# Title` of a notebook or Markdown page (``doc`` as in _toc.yml), else its file name;
    in the translator's language where the page's catalog has it."""
    title = raw_title_of(doc)
    if translator is not None:
        title = translator.page(doc, title)
    return title.replace("`", "").strip()


def text_width(text: str) -> float:
    """Width in Latin-character units: a Hangul (or other wide) character is about 1.8 of them."""
    return sum(1.8 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def wrap(text: str, width: float) -> list[str]:
    """Greedy word wrap by :func:`text_width` (textwrap counts characters, too few for Hangul)."""
    if all(text_width(ch) == 1.0 for ch in text):
        return textwrap.wrap(text, int(width))
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def read_parts(toc_path: Path = TOC) -> tuple[list[tuple[str, list[str]]], tuple[str, list[str]] | None]:
    """``(numbered parts, reference part)`` from _toc.yml: each ``(caption, [document, ...])``.

    The reference part is the last part when it is not numbered (None if there is none).
    """
    toc: dict[str, Any] = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    parts = [
        (str(part["caption"]), [str(entry["file"]) for entry in part.get("chapters", [])], bool(part.get("numbered")))
        for part in toc.get("parts", [])
    ]
    reference = None
    if parts and not parts[-1][2]:
        caption, docs, _ = parts.pop()
        reference = (caption, docs)
    return [(caption, docs) for caption, docs, _ in parts], reference


LEFT, BOX_W, BOX_H, GAP_X, ROW_H, TOP, CAPTION_H = 30, 200, 58, 26, 100, 8, 22
TEXT = "#222222"
LINE = "#444444"


def box(x: float, y: float, fill: str, stroke: str, number: str, title: str) -> str:
    lines = wrap(title, 21)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][:19] + "\u2026"
    first_y = y + BOX_H / 2 - 7.5 * (len(lines) - 1) + 4.5
    text = "".join(
        f'<text x="{x + 36:.0f}" y="{first_y + 15 * i:.0f}" font-size="12.5">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="7" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.6"/>'
        f'<text x="{x + 10:.0f}" y="{y + BOX_H / 2 + 5:.0f}" font-size="14" font-weight="bold" '
        f'fill="{stroke}">{number}</text>{text}'
    )


def arrow(points: list[tuple[float, float]], dashed: bool = False) -> str:
    path = " ".join(f"{'M' if i == 0 else 'L'} {x:.0f} {y:.0f}" for i, (x, y) in enumerate(points))
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return f'<path d="{path}" fill="none" stroke="{LINE}" stroke-width="1.6"{dash} marker-end="url(#head)"/>'


def draw(language: str = "en") -> str:
    """The chapter map as SVG text, in ``language`` ("en" or "ko")."""
    translator = Translator(language)
    words = WORDS[language]
    parts_toc, reference = read_parts()
    root = "intro"  # the root page's catalog holds _toc.yml's part captions
    parts_toc = [(translator.page(root, caption), docs) for caption, docs in parts_toc]
    if reference is not None:
        reference = (translator.page(root, reference[0]), reference[1])
    columns = max(4, *(len(docs) for _, docs in parts_toc))
    width = LEFT + columns * BOX_W + (columns - 1) * GAP_X + 44
    col_x = [LEFT + c * (BOX_W + GAP_X) for c in range(columns)]
    row_y = [TOP + CAPTION_H + r * ROW_H for r in range(len(parts_toc) + 1)]
    height = row_y[-1] + BOX_H + TOP
    parts: list[str] = []
    number = 0  # the number the book shows: numbered parts count their chapters on, in toc order
    for r, (caption, docs) in enumerate(parts_toc):
        fill, stroke = PART_COLOURS[r % len(PART_COLOURS)]
        y = row_y[r]
        parts.append(f'<text x="{LEFT:.0f}" y="{y - 7:.0f}" font-size="14" font-weight="bold" '
                     f'fill="{stroke}">{escape(caption)}</text>')
        for c, doc in enumerate(docs):
            number += 1
            parts.append(box(col_x[c], y, fill, stroke, f"{number:02d}", title_of(doc, translator)))
            if c > 0:  # the reading order inside a part
                parts.append(arrow([(col_x[c - 1] + BOX_W, y + BOX_H / 2), (col_x[c] - 4, y + BOX_H / 2)]))
    if len(parts_toc) >= 5:
        # The first part opens the three tracks (NumPy, Keras, PyTorch): a trunk down the left.
        trunk_x = col_x[0] - 16
        parts.append(f'<path d="M {col_x[0] + BOX_W / 2:.0f} {row_y[0] + BOX_H:.0f} L {col_x[0] + BOX_W / 2:.0f} '
                     f'{row_y[0] + BOX_H + 10:.0f} L {trunk_x:.0f} {row_y[0] + BOX_H + 10:.0f} L {trunk_x:.0f} '
                     f'{row_y[3] + BOX_H / 2:.0f}" fill="none" stroke="{LINE}" stroke-width="1.6"/>')
        for r in (1, 2, 3):
            parts.append(arrow([(trunk_x, row_y[r] + BOX_H / 2), (col_x[0] - 4, row_y[r] + BOX_H / 2)]))
        # Training needs one framework part: the Keras part or the PyTorch part leads into it.
        bus_x = LEFT + columns * BOX_W + (columns - 1) * GAP_X + 24
        bus_y = row_y[4] - CAPTION_H - 10
        for r in (2, 3):
            right = col_x[len(parts_toc[r][1]) - 1] + BOX_W
            parts.append(f'<path d="M {right:.0f} {row_y[r] + BOX_H / 2:.0f} L {bus_x:.0f} {row_y[r] + BOX_H / 2:.0f} '
                         f'L {bus_x:.0f} {bus_y:.0f}" fill="none" stroke="{LINE}" stroke-width="1.6"/>')
        parts.append(arrow([(bus_x, bus_y), (col_x[0] + BOX_W / 2, bus_y), (col_x[0] + BOX_W / 2, row_y[4] - 4)]))
        parts.append(f'<text x="{col_x[1] + 10:.0f}" y="{bus_y + 16:.0f}" font-size="12" font-style="italic">'
                     f'{escape(words["after_tracks"])}</text>')
    for r in range(5, len(parts_toc)):
        # A part after Training (Beyond classic recurrences) builds on it: an arrow down.
        x = col_x[0] + BOX_W / 2
        parts.append(arrow([(x, row_y[r - 1] + BOX_H), (x, row_y[r] - 4)]))
    if reference is not None:
        caption, docs = reference
        fill, stroke = REFERENCE_COLOURS
        label = "  \u00b7  ".join(title_of(doc, translator) for doc in docs)
        y = row_y[-1]
        parts.append(f'<text x="{LEFT:.0f}" y="{y - 7:.0f}" font-size="14" font-weight="bold" '
                     f'fill="{stroke}">{escape(caption)}</text>')
        parts.append(f'<rect x="{col_x[0]:.0f}" y="{y:.0f}" width="{col_x[-1] + BOX_W - col_x[0]:.0f}" '
                     f'height="{BOX_H}" rx="7" fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>')
        parts.append(f'<text x="{col_x[0] + 14:.0f}" y="{y + BOX_H / 2 + 5:.0f}" font-size="14">{escape(label)}</text>')

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" font-family="{words["fonts"]}" fill="{TEXT}" '
        + (f'xml:lang="{language}" ' if language != "en" else "")
        + 'role="img" aria-labelledby="map-title">\n'
        f'<title id="map-title">{escape(words["title"])}</title>\n'
        f'<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{LINE}"/></marker></defs>\n'
        f'<rect x="0" y="0" width="{width}" height="{height:.0f}" fill="#FFFFFF"/>\n'
        + "\n".join(parts)
        + "\n</svg>\n"
    )
    return svg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where to write the SVG")
    parser.add_argument("--lang", choices=sorted(WORDS), default="en", help="the drawing's language")
    args = parser.parse_args()
    targets = {args.lang: args.out} if args.out else {lang: out_path(lang) for lang in WORDS}
    for language, out in targets.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(draw(language), encoding="utf-8")
        print(f"wrote {out}")


def out_path(language: str) -> Path:
    """_static/chapter_map.svg, or chapter_map.<language>.svg (Sphinx's figure_language_filename)."""
    return OUT if language == "en" else OUT.with_name(f"{OUT.stem}.{language}{OUT.suffix}")


if __name__ == "__main__":
    main()
