"""Recurrent weights as plain NumPy arrays, between Keras' layout and PyTorch's.

One direction of one layer, no framework needed (this module imports NumPy only):

- Keras: ``kernel`` (features, G*units), ``recurrent_kernel`` (units, G*units), ``bias``
  (G*units,), or (2, 3*units) for the GRU with ``reset_after=True``; blocks in Keras's
  gate order (:mod:`rnnlib.gates`).
- PyTorch: ``weight_ih`` (G*hidden_size, input_size), ``weight_hh`` (G*hidden_size,
  hidden_size), ``bias_ih`` and ``bias_hh`` (G*hidden_size,) each; blocks in PyTorch's order.

:mod:`rnnlib.port` uses these for whole layers and modules, and re-exports them.
"""

from __future__ import annotations

import numpy as np

from rnnlib.gates import GATE_COUNT, Kind, check_kind, keras_order_from_torch, reorder_blocks, torch_order_from_keras
from rnnlib.shapes import check_shape

__all__ = ["keras_weights_to_torch", "torch_weights_to_keras"]


def keras_weights_to_torch(
    kind: Kind,
    kernel: np.ndarray,
    recurrent_kernel: np.ndarray,
    bias: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Convert one direction of one Keras recurrent layer's weights to PyTorch's layout.

    Args:
        kind: ``"simple_rnn"``, ``"lstm"`` or ``"gru"`` (G = 1, 4, 3 gate blocks).
        kernel: ``(features, G*units)``, blocks in Keras order.
        recurrent_kernel: ``(units, G*units)``.
        bias: ``(G*units,)``; for the GRU (``reset_after=True``) ``(2, 3*units)`` with
            rows (input bias, recurrent bias). ``None`` (a layer with ``use_bias=False``)
            gives zero biases.

    Returns:
        ``(weight_ih, weight_hh, bias_ih, bias_hh)`` with shapes ``(G*units, features)``,
        ``(G*units, units)``, ``(G*units,)``, ``(G*units,)``, blocks in PyTorch order.
        SimpleRNN and LSTM put the whole bias in ``bias_ih`` and zeros in ``bias_hh``.

    Raises:
        ShapeError: a weight has a shape that does not fit the others.
    """
    where = "keras_weights_to_torch"
    check_kind(kind, where)
    g = GATE_COUNT[kind]
    kernel = np.asarray(kernel)
    recurrent_kernel = np.asarray(recurrent_kernel)
    check_shape(recurrent_kernel, ["units", None], name="recurrent_kernel", where=where)
    units = int(recurrent_kernel.shape[0])
    sizes = {"units": units, "G*units": g * units}
    hint = f"A Keras {kind} with {units} units has G={g} gate blocks of {units} columns each."
    check_shape(recurrent_kernel, ["units", "G*units"], name="recurrent_kernel", where=where, sizes=sizes, hint=hint)
    check_shape(kernel, [None, "G*units"], name="kernel", where=where, sizes=sizes, hint=hint)
    order = torch_order_from_keras(kind)
    w_ih = reorder_blocks(kernel.T, order, axis=0)  # (G*units, features)
    w_hh = reorder_blocks(recurrent_kernel.T, order, axis=0)  # (G*units, units)
    dtype = kernel.dtype
    if bias is None:
        b_ih = np.zeros(g * units, dtype=dtype)
        b_hh = np.zeros(g * units, dtype=dtype)
    elif kind == "gru":
        bias = np.asarray(bias)
        check_shape(
            bias, [2, "G*units"], name="bias", where=where, sizes=sizes,
            hint="PyTorch's GRU needs Keras' reset_after=True layout: rows (input bias, recurrent bias).",
        )
        b_ih = reorder_blocks(bias[0], order, axis=0)
        b_hh = reorder_blocks(bias[1], order, axis=0)
    else:
        bias = np.asarray(bias)
        check_shape(bias, ["G*units"], name="bias", where=where, sizes=sizes, hint=hint)
        b_ih = reorder_blocks(bias, order, axis=0)
        b_hh = np.zeros_like(b_ih)
    return w_ih, w_hh, b_ih, b_hh


def torch_weights_to_keras(
    kind: Kind,
    weight_ih: np.ndarray,
    weight_hh: np.ndarray,
    bias_ih: np.ndarray | None = None,
    bias_hh: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convert one direction of one PyTorch recurrent layer's weights to Keras' layout.

    Args:
        kind: ``"simple_rnn"``, ``"lstm"`` or ``"gru"`` (G = 1, 4, 3 gate blocks).
        weight_ih: ``(G*hidden_size, input_size)``, blocks in PyTorch order.
        weight_hh: ``(G*hidden_size, hidden_size)``.
        bias_ih, bias_hh: ``(G*hidden_size,)`` each, or both ``None`` (``bias=False``)
            for zero biases.

    Returns:
        ``(kernel, recurrent_kernel, bias)`` with shapes ``(input_size, G*units)``,
        ``(units, G*units)`` and ``(G*units,)`` (SimpleRNN, LSTM: ``bias_ih + bias_hh``)
        or ``(2, 3*units)`` (GRU, ``reset_after=True``: rows ``bias_ih``, ``bias_hh``),
        blocks in Keras order.

    Raises:
        ShapeError: a weight has a shape that does not fit the others.
        ValueError: only one of the two biases is given.
    """
    where = "torch_weights_to_keras"
    check_kind(kind, where)
    g = GATE_COUNT[kind]
    weight_ih = np.asarray(weight_ih)
    weight_hh = np.asarray(weight_hh)
    check_shape(weight_hh, [None, "hidden_size"], name="weight_hh", where=where)
    hidden = int(weight_hh.shape[1])
    sizes = {"hidden_size": hidden, "G*hidden_size": g * hidden}
    hint = f"A PyTorch {kind} with hidden_size={hidden} has G={g} gate blocks of {hidden} rows each."
    check_shape(weight_hh, ["G*hidden_size", "hidden_size"], name="weight_hh", where=where, sizes=sizes, hint=hint)
    check_shape(weight_ih, ["G*hidden_size", None], name="weight_ih", where=where, sizes=sizes, hint=hint)
    if (bias_ih is None) != (bias_hh is None):
        raise ValueError(f"{where}: pass both bias_ih and bias_hh, or neither (a module with bias=False).")
    if bias_ih is None or bias_hh is None:
        b_ih = np.zeros(g * hidden, dtype=weight_ih.dtype)
        b_hh = np.zeros(g * hidden, dtype=weight_ih.dtype)
    else:
        b_ih, b_hh = np.asarray(bias_ih), np.asarray(bias_hh)
        check_shape(b_ih, ["G*hidden_size"], name="bias_ih", where=where, sizes=sizes, hint=hint)
        check_shape(b_hh, ["G*hidden_size"], name="bias_hh", where=where, sizes=sizes, hint=hint)
    order = keras_order_from_torch(kind)
    kernel = reorder_blocks(weight_ih, order, axis=0).T  # (input_size, G*units)
    recurrent_kernel = reorder_blocks(weight_hh, order, axis=0).T  # (units, G*units)
    if kind == "gru":
        bias = np.stack([reorder_blocks(b_ih, order, 0), reorder_blocks(b_hh, order, 0)])  # (2, 3*units)
    else:
        bias = reorder_blocks(b_ih + b_hh, order, axis=0)  # (G*units,)
    return np.ascontiguousarray(kernel), np.ascontiguousarray(recurrent_kernel), bias
