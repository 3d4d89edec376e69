"""A linear recurrence two ways: the loop's chain of T steps against a scan tree of log2 T rounds."""

from __future__ import annotations

import math

from rnnlib.diagrams._diagram import Diagram
from rnnlib.diagrams._svg import (
    BLUE,
    BLUE_BG,
    GREY,
    INK,
    LIGHT,
    ORANGE,
    ORANGE_BG,
    Canvas,
)


def scan_tree(*, steps: int = 8) -> Diagram:
    """The states h_1..h_T of a linear recurrence: a loop (top) and a Hillis-Steele scan (below).

    Top: each h_t waits for h_{t-1}, a chain of T dependent steps. Below: each step's map comes
    from x_t alone; in round k every position t > 2^(k-1) combines its map with the one
    2^(k-1) places earlier, so after ceil(log2 T) rounds position t holds steps 1..t, which is
    h_t. ``steps`` is 4 to 8.
    """
    if not 4 <= steps <= 8:
        raise ValueError(f"scan_tree: steps={steps}; expected 4 to 8 (the picture's width).")
    rounds = math.ceil(math.log2(steps))
    gap, first = 75, 115

    def col(t: int) -> float:
        return first + (t - 1) * gap

    row_gap = 68
    scan_top = 215
    height = scan_top + rounds * row_gap + 95
    cv = Canvas("scan-tree", 700, height)
    s = cv.sym
    bw, bh = 54, 30
    # the loop: a chain of T steps
    cv.text(12, 24, f"Loop: {steps} steps, each waits for the one before", size=14,
            anchor="start", bold=True)
    hy, xy = 62, 122
    cv.box(col(0), hy, bw, bh, s("initial"), fill=BLUE_BG, stroke=BLUE)
    for t in range(1, steps + 1):
        cv.line([(col(t - 1) + bw / 2, hy), (col(t) - bw / 2, hy)], color=BLUE)
        cv.box(col(t), hy, bw, bh, s("hidden", t=str(t)), fill=BLUE_BG, stroke=BLUE)
        cv.box(col(t), xy, bw, bh, s("input", t=str(t)), fill=ORANGE_BG, stroke=ORANGE)
        cv.line([(col(t), xy - bh / 2), (col(t), hy + bh / 2)], color=ORANGE)
    cv.line([(10, 158), (690, 158)], color=LIGHT, arrow=False, width=2)
    # the scan: rounds of independent combinations
    cv.text(12, 184, f"Scan: {rounds} rounds; the combinations within a round are independent",
            size=14, anchor="start", bold=True)
    cv.text(12, scan_top + 5, "maps", size=13, anchor="start", color=GREY)
    for t in range(1, steps + 1):
        cv.box(col(t), scan_top, bw, bh, s("input", t=str(t)), fill=ORANGE_BG, stroke=ORANGE)
    for k in range(1, rounds + 1):
        y, shift = scan_top + k * row_gap, 2 ** (k - 1)
        cv.text(12, y + 5, f"round {k}", size=13, anchor="start", color=GREY)
        for t in range(1, steps + 1):
            lo = max(1, t - 2**k + 1)
            final = k == rounds
            label = s("hidden", t=str(t)) if final else (f"{lo}–{t}" if lo < t else str(t))
            combined = t > shift
            cv.line([(col(t), y - row_gap + bh / 2), (col(t), y - bh / 2)],
                    color=INK if combined else GREY, dash=not combined)
            if combined:
                cv.line([(col(t - shift) + 6, y - row_gap + bh / 2), (col(t) - 10, y - bh / 2)],
                        color=BLUE)
            fill, stroke = (BLUE_BG, BLUE) if final else (
                ("#FFFFFF", INK) if combined else ("#F4F4F4", GREY))
            cv.box(col(t), y, bw, bh, label, fill=fill, stroke=stroke, size=14)
    foot = scan_top + rounds * row_gap + 45
    cv.text(12, foot, "A box labelled i–t holds the map of steps i to t; a blue arrow brings "
            "the earlier part,", size=13, anchor="start", color=GREY)
    cv.text(12, foot + 20, "a grey dashed one copies a box that is already final for its "
            "round.", size=13, anchor="start", color=GREY)
    alt = (f"Two ways to compute the states h_1 to h_{steps} of a linear recurrence. Top: a loop, "
           f"a chain from h_0 through h_1 to h_{steps} in which each state waits for the one "
           f"before it and reads its input x_t, {steps} dependent steps. Below: a scan. Each "
           f"input x_t gives its step's map; in round k every position combines its map with "
           f"the one 2 to the power k−1 places earlier, all positions at once, so the boxes "
           f"hold the maps of steps 1-2, 2-3 and so on, then 1-4, and after {rounds} rounds "
           f"position t holds steps 1 to t, which is h_t.")
    return cv.finish(f"Loop against scan for {steps} steps", alt)
