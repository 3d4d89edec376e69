"""Recurrent layers in plain NumPy, with exactly the numbers Keras computes.

Each function reproduces a Keras 3 layer built with ``return_sequences=True,
return_state=True``, reading weights in Keras layout:

=============  ==============================  =======================  ======================
layer          ``kernel``                      ``recurrent_kernel``     ``bias``
=============  ==============================  =======================  ======================
SimpleRNN      ``(features, units)``           ``(units, units)``       ``(units,)``
LSTM           ``(features, 4*units)``         ``(units, 4*units)``     ``(4*units,)``
GRU            ``(features, 3*units)``         ``(units, 3*units)``     ``(2, 3*units)``
=============  ==============================  =======================  ======================

Gate blocks follow Keras's column order: LSTM ``i, f, c, o`` (:data:`KERAS_LSTM_GATES`),
GRU ``z, r, h`` (:data:`KERAS_GRU_GATES`). Inputs are batch-first,
``x`` of shape ``(batch, timesteps, features)``; the computation runs in the dtype of
``x`` (float32 or float64). Every function checks its arguments and raises
:class:`rnnlib.ShapeError` (shapes) or :class:`ValueError` (values) with a message
that names the argument, the shape received and the shape expected.

:func:`bidirectional` joins two of them as Keras's ``Bidirectional`` wrapper does. The
time loops themselves, vectorised over the batch, live in :mod:`rnnlib.steps`, where
:mod:`rnnlib.bptt` reuses them. This module imports NumPy only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from rnnlib.gates import (
    KERAS_GRU_GATES,
    KERAS_LSTM_GATES,
    KERAS_SIMPLE_RNN_GATES,
    Kind,
    check_kind,
)
from rnnlib.steps import batch_first, gru_steps, initial_states, lstm_steps, prepare, simple_rnn_steps

__all__ = [
    "KERAS_GRU_GATES",
    "KERAS_LSTM_GATES",
    "bidirectional",
    "gru",
    "lstm",
    "sigmoid",
    "simple_rnn",
]


def sigmoid(a: np.ndarray) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-a))``, computed without overflow.

    Uses the identity ``sigmoid(a) = 0.5 * (1 + tanh(a / 2))``, which never
    overflows for large ``|a|`` and keeps the dtype of ``a``.

    Args:
        a: any array.

    Returns:
        An array of the same shape and dtype (a NumPy scalar for scalar input), with values in ``[0, 1]``.
    """
    a = np.asarray(a)
    out = np.array(a, dtype=a.dtype if a.dtype.kind == "f" else np.float64)  # a new array, even for 0-d input
    out *= 0.5
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out[()] if out.ndim == 0 else out  # a scalar in, a scalar out


# --------------------------------------------------------------------------------------
# The three layers
# --------------------------------------------------------------------------------------



def simple_rnn(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    h0: Any = None,
    go_backwards: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """A Keras ``SimpleRNN(units, return_sequences=True, return_state=True)`` (tanh) in NumPy.

    For every step ``t``: ``h_t = tanh(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)``.

    Args:
        x: inputs, ``(batch, timesteps, features)``; float32 or float64 sets the dtype.
        kernel: ``W_x``, ``(features, units)``.
        recurrent_kernel: ``W_h``, ``(units, units)``.
        bias: ``b``, ``(units,)``.
        h0: keyword-only; initial hidden state ``(batch, units)``; zeros if None.
        go_backwards: keyword-only; read the sequence from its last step to its first; the
            outputs are then in reading order (``outputs[:, 0]`` is the state after the last input step).

    Returns:
        ``(outputs, h)``: every hidden state ``(batch, timesteps, units)`` and the last one ``(batch, units)``.

    Raises:
        ShapeError: wrong shapes. ValueError: non-finite values.
    """
    where = "simple_rnn"
    x_tm, k, rk, b, units = prepare(where, KERAS_SIMPLE_RNN_GATES, x, kernel, recurrent_kernel, bias, go_backwards)
    (h,) = initial_states(where, ["h0"], [h0], x_tm, units)
    hs = simple_rnn_steps(x_tm, k, rk, b, h)  # (timesteps, batch, units)
    return batch_first(hs), hs[-1].copy()


def lstm(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    h0: Any = None,
    c0: Any = None,
    go_backwards: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A Keras ``LSTM(units, return_sequences=True, return_state=True)`` in NumPy.

    Gate blocks in Keras order ``i, f, c, o`` (:data:`KERAS_LSTM_GATES`; the book calls the
    candidate ``g``); with ``a = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias``::

        i = sigmoid(a_i)   f = sigmoid(a_f)   g = tanh(a_g)   o = sigmoid(a_o)
        c_t = f * c_{t-1} + i * g
        h_t = o * tanh(c_t)

    Args:
        x: inputs, ``(batch, timesteps, features)``; float32 or float64 sets the dtype.
        kernel: ``(features, 4*units)``.
        recurrent_kernel: ``(units, 4*units)``.
        bias: ``(4*units,)``.
        h0: keyword-only; initial hidden state ``(batch, units)``; zeros if None.
        c0: keyword-only; initial cell state ``(batch, units)``; zeros if None.
        go_backwards: keyword-only; read the sequence last step first (outputs in reading order).

    Returns:
        ``(outputs, h, c)``: hidden states ``(batch, timesteps, units)``, the last hidden
        state ``(batch, units)`` and the last cell state ``(batch, units)``.

    Raises:
        ShapeError: wrong shapes. ValueError: non-finite values.
    """
    where = "lstm"
    x_tm, k, rk, b, units = prepare(where, KERAS_LSTM_GATES, x, kernel, recurrent_kernel, bias, go_backwards)
    h, c = initial_states(where, ["h0", "c0"], [h0, c0], x_tm, units)
    hs, c, _ = lstm_steps(x_tm, k, rk, b, h, c)
    return batch_first(hs), hs[-1].copy(), c


def gru(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    h0: Any = None,
    go_backwards: bool = False,
    reset_after: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """A Keras ``GRU(units, return_sequences=True, return_state=True)`` in NumPy.

    Gate blocks in Keras order ``z, r, h`` (:data:`KERAS_GRU_GATES`; the book calls the
    candidate ``n``). With the default ``reset_after=True`` (Keras's default, and PyTorch's
    only form), ``bias`` has two rows, input and recurrent::

        xz, xr, xn = x_t @ kernel + bias[0]            (three blocks)
        hz, hr, hn = h_{t-1} @ recurrent_kernel + bias[1]
        z = sigmoid(xz + hz)    r = sigmoid(xr + hr)
        n = tanh(xn + r * hn)                          (reset applied after the product)
        h_t = z * h_{t-1} + (1 - z) * n

    With ``reset_after=False`` (the original GRU, Keras ``reset_after=False``), ``bias``
    is ``(3*units,)`` and the candidate is ``n = tanh(xn + (r * h_{t-1}) @ recurrent_kernel[:, 2u:])``.

    Args:
        x: inputs, ``(batch, timesteps, features)``; float32 or float64 sets the dtype.
        kernel: ``(features, 3*units)``.
        recurrent_kernel: ``(units, 3*units)``.
        bias: ``(2, 3*units)`` (``reset_after=True``) or ``(3*units,)`` (``reset_after=False``).
        h0: keyword-only; initial hidden state ``(batch, units)``; zeros if None.
        go_backwards: keyword-only; read the sequence last step first (outputs in reading order).
        reset_after: keyword-only; which GRU variant (see above).

    Returns:
        ``(outputs, h)``: hidden states ``(batch, timesteps, units)`` and the last one ``(batch, units)``.

    Raises:
        ShapeError: wrong shapes. ValueError: non-finite values.
    """
    where = "gru"
    x_tm, k, rk, b, units = prepare(
        where, KERAS_GRU_GATES, x, kernel, recurrent_kernel, bias, go_backwards,
        bias_rows=2 if reset_after else None,
    )
    (h,) = initial_states(where, ["h0"], [h0], x_tm, units)
    hs, _ = gru_steps(x_tm, k, rk, b, h, reset_after=reset_after)
    return batch_first(hs), hs[-1].copy()


_LAYERS: dict[str, Callable[..., tuple[np.ndarray, ...]]] = {"simple_rnn": simple_rnn, "lstm": lstm, "gru": gru}


def bidirectional(
    kind: Kind,
    x: Any,
    forward_weights: Sequence[Any],
    backward_weights: Sequence[Any],
    *,
    initial_state: Sequence[Any] | None = None,
) -> list[np.ndarray]:
    """A Keras ``Bidirectional(layer(units, return_sequences=True, return_state=True))`` in NumPy.

    The forward layer reads ``x`` from first step to last; the backward layer reads it from
    last to first (``go_backwards=True``). Keras's default ``merge_mode="concat"`` joins
    their outputs step by step, with the backward outputs put back in input order, so
    ``outputs[:, t]`` holds both directions' states at input step ``t``.

    Args:
        kind: ``"simple_rnn"``, ``"lstm"`` or ``"gru"`` (``reset_after=True``).
        x: inputs, ``(batch, timesteps, features)``.
        forward_weights: ``[kernel, recurrent_kernel, bias]`` of the forward layer in Keras
            layout, as ``wrapper.forward_layer.get_weights()`` returns them.
        backward_weights: the same for the backward layer (``wrapper.backward_layer``).
        initial_state: keyword-only; Keras's order: ``[h_f, h_b]``, for an LSTM
            ``[h_f, c_f, h_b, c_b]``, each ``(batch, units)``; zeros if None.

    Returns:
        ``[outputs, *forward_states, *backward_states]`` like the Keras layer:
        ``outputs`` ``(batch, timesteps, 2*units)`` (forward units first), then the final
        ``h`` (and ``c`` for an LSTM) of the forward layer and of the backward layer,
        each ``(batch, units)``. The backward layer's final state is its state after
        reading input step 0, so it equals ``outputs[:, 0, units:]``.

    Raises:
        ShapeError: wrong shapes. ValueError: an unknown ``kind``, or the wrong number of
            weights or states.
    """
    where = "bidirectional"
    check_kind(kind, where)
    names = ("kernel", "recurrent_kernel", "bias")
    for label, weights in (("forward_weights", forward_weights), ("backward_weights", backward_weights)):
        if len(weights) != 3:
            raise ValueError(
                f"{where}: {label} has {len(weights)} arrays; expected 3 ({', '.join(names)}), "
                "as layer.get_weights() returns them for a layer with use_bias=True."
            )
    n_states = 2 if kind == "lstm" else 1
    state_names = ("h0", "c0")[:n_states]
    states: list[Any] = [None] * (2 * n_states)
    if initial_state is not None:
        if len(initial_state) != 2 * n_states:
            order = "[h_f, c_f, h_b, c_b]" if kind == "lstm" else "[h_f, h_b]"
            raise ValueError(
                f"{where}: initial_state has {len(initial_state)} arrays; expected {2 * n_states} "
                f"for a bidirectional {kind}, in Keras's order {order}."
            )
        states = list(initial_state)
    layer = _LAYERS[kind]
    fwd_states = dict(zip(state_names, states[:n_states], strict=True))
    bwd_states = dict(zip(state_names, states[n_states:], strict=True))
    forward = layer(x, *forward_weights, **fwd_states)  # (outputs, h) or (outputs, h, c)
    backward = layer(x, *backward_weights, **bwd_states, go_backwards=True)
    backward_outputs = backward[0][:, ::-1]  # reading order -> input order
    outputs = np.concatenate([forward[0], backward_outputs], axis=-1)  # (batch, timesteps, 2*units)
    return [outputs, *forward[1:], *backward[1:]]
