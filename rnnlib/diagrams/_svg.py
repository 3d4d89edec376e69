"""A small SVG writer for the book's diagrams: boxes, arrows, and labels in the book's notation.

Every label that is a symbol goes through :meth:`Canvas.sym`, which looks the symbol up in
:data:`rnnlib.diagrams.notation.NOTATION`, fills in the time step or layer, and writes a
``<tspan data-key=... data-tex=...>`` so a test can check it against the notation table.
Output is plain text built in a fixed order: the same call gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from rnnlib.diagrams import _metrics
from rnnlib.diagrams._diagram import Diagram
from rnnlib.diagrams.notation import NOTATION, instantiate

# Okabe-Ito colours: told apart by colour-blind readers; all strokes sit on a white card.
INK = "#222222"
GREY = "#555555"
LIGHT = "#EEEEEE"
BLUE, BLUE_BG = "#0072B2", "#D6E9F5"  # hidden state
ORANGE, ORANGE_BG = "#9A5B00", "#FCEBC7"  # input
GREEN, GREEN_BG = "#007A5A", "#D2F0E5"  # output
RED, RED_BG = "#C0392B", "#F9DCD5"  # gates
PURPLE, PURPLE_BG = "#8E4585", "#F2DDEE"  # cell state

MAX_WIDTH = 700
"""Widest drawing, in pixels: the book's output column at a 1280-pixel window is about 690."""
MIN_FONT = 13
"""Smallest text, in pixels (subscripts included)."""
HOP_RADIUS = 6
"""Radius of the half circle where a wire jumps over another, in pixels."""
ARROW_HEAD = 10
"""Length and width of every arrow head, in pixels, whatever the line's stroke width."""
NODE_RADIUS = 11
"""Radius of an operator node (⊙, +), in pixels; lines stop at its edge."""
SANS = "DejaVu Sans, Helvetica, Arial, sans-serif"
SERIF = "DejaVu Serif, Times New Roman, serif"
_COMMANDS = {r"\odot": "⊙", r"\sigma": "σ", r"\rightarrow": "→", r"\leftarrow": "←",
             r"\tanh": "tanh", r"\top": "⊤"}
_TOKEN = re.compile(r"\\[a-zA-Z]+|[_^]|\{|\}|[^\\_^{}]")
_ARROWS = "→←"
TRANSPOSE = "^{\\top}"
"""The transpose mark, for the ``extra`` argument of :meth:`Canvas.sym`: ``W_x`` becomes W_x^⊤."""


def plain(tex: str) -> str:
    """The visible characters of a label written in TeX: ``h_{t-1}`` -> ``ht−1`` (a true minus)."""
    out = tex
    for command, char in _COMMANDS.items():
        out = out.replace(command, char)
    return re.sub(r"[_^{}]", "", out).replace("-", "−")


def _group(tokens: list[str], start: int) -> tuple[str, int]:
    """The TeX group beginning at tokens[start] (one token or a braced run) and the next index."""
    if tokens[start] != "{":
        return tokens[start], start + 1
    depth, end = 1, start + 1
    while depth:
        depth += {"{": 1, "}": -1}.get(tokens[end], 0)
        end += 1
    return "".join(tokens[start + 1 : end - 1]), end


def _parts(text: str) -> list[tuple[str, bool]]:
    """The runs of a label's visible text: (characters, italic); letters are italic (math)."""
    return [(part, part != "tanh" and part[0].isalpha())
            for part in re.findall(r"tanh|[A-Za-zσ]+|[^A-Za-zσ]+", plain(text))]


def _run_width(text: str, size: float) -> float:
    return sum(_metrics.width(part, size, family="serif", italic=italic)
               for part, italic in _parts(text))


def _run(text: str, size: float, dy: float = 0, dx: float = 0) -> str:
    """Tspans for a run of characters: letters in italic (math), digits and signs upright.

    ``dx``, ``dy`` move the pen before the first character (for sub- and superscripts).
    """
    spans = []
    for part, italic in _parts(text):
        style = ' font-style="italic"' if italic else ""
        move = (f' dx="{dx:g}"' if dx else "") + (f' dy="{dy:g}"' if dy else "")
        spans.append(f'<tspan font-size="{size:g}"{move}{style}>{escape(part)}</tspan>')
        dx = dy = 0
    return "".join(spans)


def math_spans(tex: str, size: float, level: float = 0) -> tuple[str, float]:
    """SVG tspans for a TeX label with sub- and superscripts (one level), base size ``size``.

    A subscript and a superscript on the same base are stacked, one above the other, as in
    print: the narrower is set first and the pen moves back by its width for the second. An
    arrow superscript (→, ←) keeps the base size, so it stays legible. ``level`` is how far the
    baseline sits from the line's baseline when the label starts; the second value returned is
    where it sits at the end (the caller moves it back).
    """
    tokens = _TOKEN.findall(tex)
    small = max(float(MIN_FONT), round(size * 0.75))
    items: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        role = {"_": "sub", "^": "sup"}.get(tokens[i], "base")
        body, i = _group(tokens, i + (role != "base"))
        items.append((role, body))
    out: list[str] = []
    j = 0
    while j < len(items):
        stacked = (items[j][0] != "base" and j + 1 < len(items)
                   and items[j + 1][0] not in ("base", items[j][0]))
        group = items[j : j + 2] if stacked else items[j : j + 1]
        j += len(group)
        fonts = [size if role == "base" or plain(body) in _ARROWS else small
                 for role, body in group]
        if stacked:  # narrower first
            order = sorted(range(2), key=lambda n: _run_width(group[n][1], fonts[n]))
            group, fonts = [group[n] for n in order], [fonts[n] for n in order]
        back = 0.0
        for (role, body), font in zip(group, fonts, strict=True):
            lift = 0.5 if stacked else 0.4
            target = {"base": 0.0, "sub": float(round(size * 0.3)),
                      "sup": -float(round(size * lift))}[role]
            out.append(_run(body, font, target - level, -back))
            level = target
            back = _run_width(body, font)
    return "".join(out), level


@dataclass
class Canvas:
    """An SVG under construction: a white card of ``width`` x ``height`` pixels.

    Every drawing is designed for the book's column: a ``width`` over :data:`MAX_WIDTH` is an
    error, never squeezed.
    """

    name: str
    width: int
    height: int
    parts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 0 < self.width <= MAX_WIDTH:
            raise ValueError(f"Canvas {self.name!r}: width={self.width}; expected at most "
                             f"{MAX_WIDTH} pixels (the book's column). Design the layout narrower.")

    @staticmethod
    def _x(x: float) -> float:
        return round(x, 1)

    def rect(
        self, x: float, y: float, w: float, h: float, *, fill: str = "#FFFFFF",
        stroke: str = GREY, rx: float = 6, dash: bool = False, width: float = 1.6,
    ) -> None:
        """A rectangle with its top-left corner at (x, y)."""
        extra = ' stroke-dasharray="5 4"' if dash else ""
        self.parts.append(
            f'<rect x="{self._x(x):g}" y="{y:g}" width="{self._x(w):g}" height="{h:g}" '
            f'rx="{rx:g}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width:g}"{extra}/>'
        )

    def box(
        self, cx: float, cy: float, w: float, h: float, label: str, *, fill: str = "#FFFFFF",
        stroke: str = GREY, size: float = 15,
    ) -> None:
        """A rounded box centred on (cx, cy) with a rich label (``$...$`` parts are symbols)."""
        self.rect(cx - w / 2, cy - h / 2, w, h, fill=fill, stroke=stroke)
        self.text(cx, cy + size * 0.35, label, size=size)

    def node(
        self, cx: float, cy: float, op: str, *, stroke: str = INK, r: float = NODE_RADIUS,
    ) -> None:
        """A small circle holding an operator such as ⊙, + or 1−."""
        self.parts.append(
            f'<circle cx="{self._x(cx):g}" cy="{cy:g}" r="{r:g}" fill="#FFFFFF" stroke="{stroke}" '
            f'stroke-width="1.6"/>'
        )
        self.parts.append(
            f'<text x="{self._x(cx):g}" y="{cy + 5:g}" font-size="15" text-anchor="middle" '
            f'font-family="{SANS}" fill="{INK}">{escape(op)}</text>'
        )

    def line(
        self, points: list[tuple[float, float]], *, color: str = INK, arrow: bool = True,
        width: float = 1.8, dash: bool = False, hops: tuple[float, ...] = (),
    ) -> None:
        """A polyline through ``points``, with an arrow head at the end unless ``arrow=False``.

        ``hops``: heights at which a vertical segment crosses another line; there it jumps
        over it in a small half circle (to its right), so crossing wires read as unconnected.
        """
        head = f' marker-end="url(#{self.name}-head-{color[1:]})"' if arrow else ""
        extra = ' stroke-dasharray="5 4"' if dash else ""
        paint = f'fill="none" stroke="{color}" stroke-width="{width:g}"{extra}{head}'
        if not hops:
            path = " ".join(f"{self._x(x):g},{y:g}" for x, y in points)
            self.parts.append(f'<polyline points="{path}" {paint}/>')
            return
        d = [f"M {self._x(points[0][0]):g} {points[0][1]:g}"]
        for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
            down = yb > ya
            crossings = sorted((y for y in hops if xa == xb and min(ya, yb) < y < max(ya, yb)),
                               reverse=not down)
            for y in crossings:
                r = HOP_RADIUS if down else -HOP_RADIUS
                d.append(f"L {self._x(xa):g} {y - r:g} A {HOP_RADIUS} {HOP_RADIUS} 0 0 "
                         f"{1 if down else 0} {self._x(xa):g} {y + r:g}")
            d.append(f"L {self._x(xb):g} {yb:g}")
        self.parts.append(f'<path d="{" ".join(d)}" {paint}/>')

    def wire(
        self, x0: float, x1: float, y: float, nodes: list[tuple[float, str]], *, color: str,
        labels: tuple[str, str], label_y: float, width: float = 2.6,
    ) -> None:
        """A thick wire at height ``y`` from ``x0`` to ``x1`` through operator nodes ``(x, op)``,
        with an arrow into each node and at the end; ``labels`` name it above both ends (at
        height ``label_y``). The state an LSTM or a GRU carries along its top is one."""
        self.text(x0, label_y, labels[0], anchor="start", color=color)
        start = x0
        for x, op in nodes:
            self.line([(start, y), (x - NODE_RADIUS, y)], color=color, width=width)
            self.node(x, y, op)
            start = x + NODE_RADIUS
        self.line([(start, y), (x1, y)], color=color, width=width)
        self.text(x1, label_y, labels[1], anchor="end", color=color)

    def dot(self, cx: float, cy: float, color: str = INK) -> None:
        """A junction where one line splits into two."""
        self.parts.append(f'<circle cx="{self._x(cx):g}" cy="{cy:g}" r="3.5" fill="{color}"/>')

    def sym(self, key: str, *, t: str | None = None, k: str | None = None, extra: str = "") -> str:
        """The notation symbol ``key`` (time step ``t``, layer ``k``) as a ``$...$`` label.

        ``extra`` is TeX set on the same base, such as :data:`TRANSPOSE` (stacked with a
        subscript); the symbol itself stays the table's, in the tspan's ``data-tex``.
        """
        return "${" + key + "|" + instantiate(NOTATION[key], t=t, k=k) + "|" + extra + "}$"

    def text(
        self, x: float, y: float, label: str, *, size: float = 15, anchor: str = "middle",
        color: str = INK, bold: bool = False, mono: bool = False,
    ) -> None:
        """A line of text at baseline (x, y); ``${key|tex}$`` parts (from :meth:`sym`) are symbols."""
        family = "DejaVu Sans Mono, Menlo, Consolas, monospace" if mono else SANS
        weight = ' font-weight="bold"' if bold else ""
        spans, level = [], 0.0
        for piece in re.split(r"(\$\{[^|]*\|[^|$]*\|[^$]*\}\$)", label):
            found = re.fullmatch(r"\$\{([^|]*)\|([^|]*)\|(.*)\}\$", piece)
            if found is None:
                if piece:
                    move = f' dy="{-level:g}"' if level else ""
                    spans.append(f"<tspan{move}>{escape(piece)}</tspan>")
                    level = 0
                continue
            key, tex, extra = found.groups()
            inner, level = math_spans(tex + extra, size + 1, level)
            decor = f" data-extra={quoteattr(extra)}" if extra else ""
            spans.append(
                f"<tspan data-key={quoteattr(key)} data-tex={quoteattr(tex)}{decor} "
                f'font-family="{SERIF}">{inner}</tspan>'
            )
        self.parts.append(
            f'<text x="{self._x(x):g}" y="{y:g}" font-size="{size:g}" text-anchor="{anchor}" '
            f'font-family="{family}" fill="{color}"{weight}>{"".join(spans)}</text>'
        )

    def to_svg(self, title: str) -> str:
        """The finished SVG document, with its title for screen readers."""
        colors = sorted(set(re.findall(rf"url\(#{self.name}-head-(\w+)\)", "".join(self.parts))))
        markers = "".join(
            f'<marker id="{self.name}-head-{c}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerUnits="userSpaceOnUse" markerWidth="{ARROW_HEAD}" '
            f'markerHeight="{ARROW_HEAD}" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="#{c}"/></marker>'
            for c in colors
        )
        width = self.width
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{self.height}" '
            f'viewBox="0 0 {width} {self.height}" role="img" '
            f'aria-labelledby="{self.name}-title">'
            f'\n<title id="{self.name}-title">{escape(title)}</title>'
            f"\n<defs>{markers}</defs>"
            f'\n<rect x="0" y="0" width="{width}" height="{self.height}" rx="8" '
            f'fill="#FFFFFF"/>'
        )
        return head + "\n" + "\n".join(self.parts) + "\n</svg>\n"

    def finish(self, title: str, alt: str) -> Diagram:
        """The :class:`Diagram` holding this drawing."""
        return Diagram(title=title, alt=alt, svg=self.to_svg(title))
