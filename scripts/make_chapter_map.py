"""Draw the chapter map on the home page: _static/chapter_map.svg.

One row per part of the book, one box per chapter, arrows for "read this first". A chapter's title is
read from its notebook's first cell when the notebook exists, so re-running this script after a title
changes keeps the map in step (the planned title is used until then).

The picture has an opaque white background and dark text, so it reads the same in the light and the
dark theme; the part colours are light tints of the colour-blind-safe Okabe-Ito palette that the
book's matplotlib style uses.

Usage: python scripts/make_chapter_map.py [--out PATH]   (default _static/chapter_map.svg; same input, same bytes)
"""

from __future__ import annotations

import argparse
import json
import textwrap
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_static" / "chapter_map.svg"

# (part caption, fill, stroke, [(file stem, planned title), ...])
PARTS = [
    ("Foundations", "#EEEEEE", "#555555", [("01_sequences_as_tensors", "Sequences as 3-D tensors")]),
    ("From scratch in NumPy", "#D6E9F5", "#0072B2", [
        ("02_rnn_from_scratch", "An RNN from scratch"),
        ("03_backprop_through_time", "Backpropagation through time"),
        ("04_lstm_from_scratch", "An LSTM from scratch"),
        ("05_gru_from_scratch", "A GRU from scratch"),
    ]),
    ("Keras", "#FBE8C4", "#B07A00", [
        ("06_keras_return_modes", "Keras return modes"),
        ("07_keras_parameters", "Keras parameters"),
        ("08_keras_stacked_bidirectional", "Stacked and bidirectional layers"),
        ("09_keras2_to_keras3", "From Keras 2 to Keras 3"),
    ]),
    ("PyTorch and porting", "#D2F0E5", "#007A5A", [
        ("10_pytorch_rnn_shapes", "PyTorch RNN shapes"),
        ("11_pytorch_lstm_gru", "PyTorch LSTM and GRU"),
        ("12_padding_and_packing", "Padding and packing"),
        ("13_one_model_three_frameworks", "One model, three frameworks"),
    ]),
    ("Training", "#F8DACB", "#C04A00", [
        ("14_many_to_one_classification", "Many-to-one classification"),
        ("15_many_to_many_forecasting_tagging", "Many-to-many: forecasting and tagging"),
        ("16_char_language_model", "A character language model"),
        ("17_long_range_memory", "Long-range memory"),
    ]),
]
REFERENCE = ("Reference", "#F3DDEB", "#A8507F",
             "18 Shape cheat sheet  \u00b7  Glossary (with Korean terms)  \u00b7  Bibliography: keep open while coding")

LEFT, BOX_W, BOX_H, GAP_X, ROW_H, TOP, CAPTION_H = 30, 200, 58, 26, 100, 8, 22
WIDTH = LEFT + 4 * BOX_W + 3 * GAP_X + 44
TEXT = "#222222"
LINE = "#444444"


def title_of(stem: str, planned: str) -> str:
    """The notebook's `# Title` if the notebook exists, else the planned title."""
    path = ROOT / "chapters" / f"{stem}.ipynb"
    if path.is_file():
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        if cells:
            first = "".join(cells[0].get("source", "")).splitlines()[0]
            if first.startswith("# "):
                return first[2:].replace("`", "").strip()
    return planned


def box(x: float, y: float, fill: str, stroke: str, number: str, title: str) -> str:
    lines = textwrap.wrap(title, 21)
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


def draw() -> str:
    """The chapter map as SVG text."""
    col_x = [LEFT + c * (BOX_W + GAP_X) for c in range(4)]
    row_y = [TOP + CAPTION_H + r * ROW_H for r in range(len(PARTS) + 1)]
    height = row_y[-1] + BOX_H + TOP
    parts: list[str] = []
    for r, (caption, fill, stroke, chapters) in enumerate(PARTS):
        y = row_y[r]
        parts.append(f'<text x="{LEFT:.0f}" y="{y - 7:.0f}" font-size="14" font-weight="bold" '
                     f'fill="{stroke}">{escape(caption)}</text>')
        for c, (stem, planned) in enumerate(chapters):
            parts.append(box(col_x[c], y, fill, stroke, stem[:2], title_of(stem, planned)))
            if c > 0:  # the reading order inside a part
                parts.append(arrow([(col_x[c - 1] + BOX_W, y + BOX_H / 2), (col_x[c] - 4, y + BOX_H / 2)]))
    # Chapter 1 opens the three tracks: a trunk down the left of the first column.
    trunk_x = col_x[0] - 16
    parts.append(f'<path d="M {col_x[0] + BOX_W / 2:.0f} {row_y[0] + BOX_H:.0f} L {col_x[0] + BOX_W / 2:.0f} '
                 f'{row_y[0] + BOX_H + 10:.0f} L {trunk_x:.0f} {row_y[0] + BOX_H + 10:.0f} L {trunk_x:.0f} '
                 f'{row_y[3] + BOX_H / 2:.0f}" fill="none" stroke="{LINE}" stroke-width="1.6"/>')
    for r in (1, 2, 3):
        parts.append(arrow([(trunk_x, row_y[r] + BOX_H / 2), (col_x[0] - 4, row_y[r] + BOX_H / 2)]))
    # Training needs one framework part: Keras (09) or PyTorch (13) lead down into 14.
    right = col_x[3] + BOX_W
    bus_x = right + 24
    bus_y = row_y[4] - CAPTION_H - 10
    for r in (2, 3):
        parts.append(f'<path d="M {right:.0f} {row_y[r] + BOX_H / 2:.0f} L {bus_x:.0f} {row_y[r] + BOX_H / 2:.0f} '
                     f'L {bus_x:.0f} {bus_y:.0f}" fill="none" stroke="{LINE}" stroke-width="1.6"/>')
    parts.append(arrow([(bus_x, bus_y), (col_x[0] + BOX_W / 2, bus_y), (col_x[0] + BOX_W / 2, row_y[4] - 4)]))
    parts.append(f'<text x="{col_x[1] + 10:.0f}" y="{bus_y + 16:.0f}" font-size="12" font-style="italic">'
                 "after the Keras part or the PyTorch part</text>")
    caption, fill, stroke, label = REFERENCE
    y = row_y[-1]
    parts.append(f'<text x="{LEFT:.0f}" y="{y - 7:.0f}" font-size="14" font-weight="bold" '
                 f'fill="{stroke}">{caption}</text>')
    parts.append(f'<rect x="{col_x[0]:.0f}" y="{y:.0f}" width="{col_x[3] + BOX_W - col_x[0]:.0f}" height="{BOX_H}" '
                 f'rx="7" fill="{fill}" stroke="{stroke}" stroke-width="1.6"/>')
    parts.append(f'<text x="{col_x[0] + 14:.0f}" y="{y + BOX_H / 2 + 5:.0f}" font-size="14">{escape(label)}</text>')

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" fill="{TEXT}" '
        'role="img" aria-labelledby="map-title">\n'
        '<title id="map-title">Chapter map: which chapters to read before which</title>\n'
        f'<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{LINE}"/></marker></defs>\n'
        f'<rect x="0" y="0" width="{WIDTH}" height="{height:.0f}" fill="#FFFFFF"/>\n'
        + "\n".join(parts)
        + "\n</svg>\n"
    )
    return svg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the SVG")
    out = parser.parse_args().out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(draw(), encoding="utf-8")
    print(f"wrote {out} ({WIDTH} px wide)")


if __name__ == "__main__":
    main()
