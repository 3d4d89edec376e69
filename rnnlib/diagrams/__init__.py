"""Architecture diagrams drawn by code, in the book's notation (``from rnnlib import diagrams``).

Each function returns a :class:`Diagram`, which Jupyter shows as SVG. Every symbol in a drawing
comes from :data:`NOTATION`, the table that ``notation.md`` declares, so a label changes in one
place. The pictures are hand-written SVG on a white card with dark strokes (legible in light and
dark mode), at most 700 pixels wide (the book's output column), with no text under 13 pixels.
``python -m rnnlib.diagrams NOTEBOOK`` copies each drawing's alt text into its cell's metadata.

Cells: :func:`unrolled_rnn`, :func:`rnn_cell`, :func:`lstm_cell`, :func:`gru_cell`.
Layers: :func:`return_modes`, :func:`stacked_rnn`, :func:`bidirectional_rnn`,
:func:`state_layout`, :func:`padded_vs_packed`, :func:`port_map`.
"""

from __future__ import annotations

from rnnlib.diagrams._diagram import Diagram
from rnnlib.diagrams.cells import gru_cell, lstm_cell, rnn_cell, unrolled_rnn
from rnnlib.diagrams.layers import (
    bidirectional_rnn,
    padded_vs_packed,
    port_map,
    return_modes,
    stacked_rnn,
    state_layout,
)
from rnnlib.diagrams.notation import GATE_WEIGHTS, NOTATION
from rnnlib.diagrams.scan import scan_tree

__all__ = [
    "GATE_WEIGHTS",
    "NOTATION",
    "Diagram",
    "bidirectional_rnn",
    "gru_cell",
    "lstm_cell",
    "padded_vs_packed",
    "port_map",
    "return_modes",
    "rnn_cell",
    "scan_tree",
    "stacked_rnn",
    "state_layout",
    "unrolled_rnn",
]
