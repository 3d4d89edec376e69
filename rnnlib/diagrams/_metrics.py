"""Text widths for the diagrams, from the DejaVu fonts that matplotlib ships.

The drawings name DejaVu first in every ``font-family``, so these widths are what a reader with
DejaVu installed sees, and close to the fallbacks'. They place stacked sub- and superscripts
(the second one moves back by the width of the first) and let the tests find labels that run
into each other or out of the card (:func:`text_boxes`).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from functools import cache

_SVG = "{http://www.w3.org/2000/svg}"
_FILES = {
    ("sans", False, False): "DejaVuSans.ttf",
    ("sans", True, False): "DejaVuSans-Bold.ttf",
    ("sans", False, True): "DejaVuSans-Oblique.ttf",
    ("mono", False, False): "DejaVuSansMono.ttf",
    ("mono", True, False): "DejaVuSansMono-Bold.ttf",
    ("serif", False, False): "DejaVuSerif.ttf",
    ("serif", False, True): "DejaVuSerif-Italic.ttf",
}


@cache
def _advances(family: str, bold: bool, italic: bool) -> tuple[dict[int, float], float]:
    """Advance widths in em per code point, and the em width of a missing glyph."""
    import matplotlib  # noqa: PLC0415 (only when a width is asked for)
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # noqa: PLC0415

    name = (_FILES.get((family, bold, italic)) or _FILES.get((family, bold, False))
            or _FILES[(family, False, False)])
    font = TTFont(os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name))
    em = float(font["head"].unitsPerEm)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    return widths, 0.6


def width(text: str, size: float, *, family: str = "sans", bold: bool = False,
          italic: bool = False) -> float:
    """Width in pixels of ``text`` at font size ``size`` (family ``sans``, ``serif`` or ``mono``)."""
    widths, missing = _advances(family, bold, italic)
    return sum(widths.get(ord(ch), missing) for ch in text) * size


def _family(value: str) -> str:
    return "mono" if "Mono" in value else "serif" if "Serif" in value else "sans"


def text_boxes(svg: str) -> list[tuple[float, float, float, float, str]]:
    """The box ``(left, top, right, bottom, text)`` of every ``<text>`` in ``svg``, in pixels.

    Widths come from the fonts; the box runs from the highest superscript to the lowest
    subscript (0.8 of a size above a baseline, 0.25 below).
    """
    boxes = []
    for el in ET.fromstring(svg).iter(f"{_SVG}text"):
        x0, y0 = float(el.attrib["x"]), float(el.attrib["y"])
        x, y, top, bottom = 0.0, y0, y0, y0
        style = (_family(el.attrib.get("font-family", "")), float(el.attrib["font-size"]),
                 el.attrib.get("font-weight") == "bold", False)

        def walk(node: ET.Element, inherited: tuple[str, float, bool, bool]) -> None:
            nonlocal x, y, top, bottom
            family, size, bold, italic = inherited
            family = _family(node.attrib["font-family"]) if "font-family" in node.attrib \
                else family
            size = float(node.attrib.get("font-size", size))
            italic = italic or node.attrib.get("font-style") == "italic"
            x += float(node.attrib.get("dx", 0))
            y += float(node.attrib.get("dy", 0))
            if node.text:
                x += width(node.text, size, family=family, bold=bold, italic=italic)
                top, bottom = min(top, y - 0.8 * size), max(bottom, y + 0.25 * size)
            for child in node:
                walk(child, (family, size, bold, italic))
                if child.tail and child.tail.strip():
                    raise ValueError("text_boxes: text between tspans is not measured")

        walk(el, style)
        anchor = el.attrib.get("text-anchor", "start")
        left = x0 - {"start": 0.0, "middle": x / 2, "end": x}[anchor]
        boxes.append((left, top, left + x, bottom, re.sub(r"\s+", " ", "".join(el.itertext()))))
    return boxes
