"""Gate orders of the recurrent layers, and the index maps between the two frameworks.

Keras and PyTorch store the weights of all gates of a layer side by side, one block of
``units`` columns (Keras) or rows (PyTorch) per gate. The blocks come in an order that
each framework fixes:

===========  =========================  ============================
layer        Keras                      PyTorch
===========  =========================  ============================
SimpleRNN    ``h``                      ``h``
LSTM         ``i, f, c, o``             ``i, f, g, o``
GRU          ``z, r, h``                ``r, z, n``
===========  =========================  ============================

The LSTM candidate is ``c`` in Keras and ``g`` in PyTorch (the book writes ``g_t``); the
GRU candidate is ``h`` in Keras and ``n`` in PyTorch (the book writes ``n_t``). The maps
below are derived from these constants, so a constant and a map cannot disagree.
This module imports nothing but NumPy.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = [
    "GATE_COUNT",
    "KERAS_GATES",
    "KERAS_GRU_GATES",
    "KERAS_LSTM_GATES",
    "KERAS_SIMPLE_RNN_GATES",
    "TORCH_GATES",
    "TORCH_GRU_GATES",
    "TORCH_LSTM_GATES",
    "TORCH_RNN_GATES",
    "Kind",
    "block",
    "check_kind",
    "keras_order_from_torch",
    "reorder_blocks",
    "torch_order_from_keras",
]

Kind = Literal["simple_rnn", "lstm", "gru"]
"""The three recurrent layers, by the names rnnlib uses."""

KERAS_SIMPLE_RNN_GATES: tuple[str, ...] = ("h",)
"""Keras ``SimpleRNN``: one block (the new state)."""
KERAS_LSTM_GATES: tuple[str, ...] = ("i", "f", "c", "o")
"""Column blocks of a Keras LSTM kernel: input, forget, candidate (cell), output."""
KERAS_GRU_GATES: tuple[str, ...] = ("z", "r", "h")
"""Column blocks of a Keras GRU kernel: update, reset, candidate."""

TORCH_RNN_GATES: tuple[str, ...] = ("h",)
"""PyTorch ``nn.RNN``: one block (the new state)."""
TORCH_LSTM_GATES: tuple[str, ...] = ("i", "f", "g", "o")
"""Row blocks of PyTorch ``nn.LSTM``'s ``weight_ih``: input, forget, candidate (g), output."""
TORCH_GRU_GATES: tuple[str, ...] = ("r", "z", "n")
"""Row blocks of PyTorch ``nn.GRU``'s ``weight_ih``: reset, update, candidate (n, "new")."""

KERAS_GATES: dict[str, tuple[str, ...]] = {
    "simple_rnn": KERAS_SIMPLE_RNN_GATES,
    "lstm": KERAS_LSTM_GATES,
    "gru": KERAS_GRU_GATES,
}
"""Keras gate order per kind."""
TORCH_GATES: dict[str, tuple[str, ...]] = {
    "simple_rnn": TORCH_RNN_GATES,
    "lstm": TORCH_LSTM_GATES,
    "gru": TORCH_GRU_GATES,
}
"""PyTorch gate order per kind."""

GATE_COUNT: dict[str, int] = {kind: len(gates) for kind, gates in KERAS_GATES.items()}
"""Number of gate blocks G per kind: weights have G*units columns (Keras) or rows (PyTorch)."""

# The same gate under its two names (Keras name -> PyTorch name).
_TORCH_NAME = {"c": "g", "h": "n"}


def check_kind(kind: str, where: str) -> None:
    """Raise :class:`ValueError` unless ``kind`` is ``"simple_rnn"``, ``"lstm"`` or ``"gru"``."""
    if kind not in KERAS_GATES:
        raise ValueError(f"{where}: kind is {kind!r}; expected one of 'simple_rnn', 'lstm', 'gru'.")


def _keras_names_in_torch_spelling(kind: str) -> list[str]:
    check_kind(kind, "rnnlib.gates")
    if kind == "simple_rnn":
        return list(KERAS_GATES[kind])
    return [_TORCH_NAME.get(g, g) for g in KERAS_GATES[kind]]


def torch_order_from_keras(kind: str) -> list[int]:
    """For each PyTorch block, its index among the Keras blocks.

    ``blocks_in_torch_order = [keras_blocks[j] for j in torch_order_from_keras(kind)]``.
    LSTM: ``[0, 1, 2, 3]`` (the same order); GRU: ``[1, 0, 2]``.
    """
    keras_names = _keras_names_in_torch_spelling(kind)
    return [keras_names.index(g) for g in TORCH_GATES[kind]]


def keras_order_from_torch(kind: str) -> list[int]:
    """For each Keras block, its index among the PyTorch blocks (the inverse map)."""
    keras_names = _keras_names_in_torch_spelling(kind)
    return [TORCH_GATES[kind].index(g) for g in keras_names]


def reorder_blocks(a: np.ndarray, order: list[int], axis: int) -> np.ndarray:
    """Split ``a`` into ``len(order)`` equal blocks along ``axis``; concatenate them in ``order``.

    Args:
        a: an array whose size along ``axis`` is ``len(order) * units``.
        order: the index of each output block among the input blocks.
        axis: the gate axis (Keras: the last; PyTorch: the first).

    Returns:
        A new array of the shape of ``a``.
    """
    blocks = np.split(a, len(order), axis=axis)
    return np.concatenate([blocks[i] for i in order], axis=axis)


def block(a: np.ndarray, gate: str, gates: tuple[str, ...]) -> np.ndarray:
    """The block of gate ``gate`` along the last axis of ``a``, whose blocks are in order ``gates``.

    For example ``block(kernel, "f", KERAS_LSTM_GATES)`` is the forget gate's
    ``(features, units)`` slice of a Keras LSTM kernel ``(features, 4*units)``.
    """
    if gate not in gates:
        raise ValueError(f"block: gate is {gate!r}; expected one of {gates}.")
    units = a.shape[-1] // len(gates)
    j = gates.index(gate)
    return a[..., j * units : (j + 1) * units]
