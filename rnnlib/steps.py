"""The time loops of the three recurrent layers, shared by :mod:`rnnlib.reference` and :mod:`rnnlib.bptt`.

:func:`prepare` checks a layer's arguments and turns ``x`` time-major; each ``*_steps``
function runs one layer over every timestep, in place and vectorised over the batch
(the input projection of all timesteps is one matrix product; each step is one
``(batch, units) @ (units, G*units)`` product plus element-wise work). With
``trace=True`` the LSTM and GRU loops also keep every step's gate activations, which
backpropagation through time reads instead of computing the forward pass again.
Everything here is time-major, ``(timesteps, batch, ...)``. This module imports NumPy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnlib.gates import KERAS_GRU_GATES, KERAS_LSTM_GATES
from rnnlib.shapes import (
    as_float_array,
    check_finite,
    check_recurrent_weights,
    check_sequence_batch,
    check_state,
)

__all__ = [
    "GRUTrace",
    "LSTMTrace",
    "batch_first",
    "gru_steps",
    "initial_states",
    "lstm_steps",
    "prepare",
    "project",
    "simple_rnn_steps",
]


def prepare(
    where: str,
    gates: tuple[str, ...],
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    go_backwards: bool,
    bias_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Check everything; return time-major ``x`` (timesteps, batch, features), weights and units."""
    xa = as_float_array(x, name="x", where=where)
    check_sequence_batch(xa, where=where)
    k, rk, b, features, units = check_recurrent_weights(
        kernel, recurrent_kernel, bias, where=where, gates=gates, dtype=xa.dtype, bias_rows=bias_rows
    )
    check_sequence_batch(xa, where=where, features=features)
    check_finite(xa, name="x", where=where)
    if go_backwards:  # Keras reads the sequence last step first, and returns outputs in that order.
        xa = xa[:, ::-1]
    x_tm = np.ascontiguousarray(xa.transpose(1, 0, 2))  # (timesteps, batch, features): time-major for the loop
    return x_tm, k, rk, b, units


def initial_states(
    where: str, names: Sequence[str], values: Sequence[Any], x_tm: np.ndarray, units: int
) -> list[np.ndarray]:
    """The initial states, checked to be ``(batch, units)`` (zeros where None), as new arrays."""
    batch = x_tm.shape[1]
    return [
        check_state(v, name=n, where=where, batch=batch, units=units, dtype=x_tm.dtype)
        for n, v in zip(names, values, strict=True)
    ]


def project(x_tm: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """All timesteps' input projections in one product: (timesteps, batch, G*units)."""
    t, n, f = x_tm.shape
    xw = x_tm.reshape(t * n, f) @ kernel  # (timesteps*batch, G*units)
    xw += bias
    return xw.reshape(t, n, kernel.shape[1])


def batch_first(h_tm: np.ndarray) -> np.ndarray:
    """A time-major array ``(timesteps, batch, units)`` as a new batch-first one ``(batch, timesteps, units)``."""
    return np.ascontiguousarray(h_tm.transpose(1, 0, 2))


def sigmoid_scale(units: int, blocks: int, sigmoid_blocks: Sequence[int]) -> np.ndarray:
    """1 for tanh blocks, 0.5 for sigmoid blocks: sigmoid(a) = 0.5 * tanh(a / 2) + 0.5.

    Halving a sigmoid block's weight columns once (exact in floating point) lets each
    step use one tanh over all blocks.
    """
    scale = np.ones(blocks * units)
    for j in sigmoid_blocks:
        scale[j * units : (j + 1) * units] = 0.5
    return scale


def simple_rnn_steps(x_tm: np.ndarray, k: np.ndarray, rk: np.ndarray, b: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Every hidden state, time-major ``(timesteps, batch, units)``."""
    timesteps, batch, _ = x_tm.shape
    units = rk.shape[0]
    a = project(x_tm, k, b)  # (timesteps, batch, units): x_t @ kernel + bias, all steps at once
    hs = np.empty((timesteps, batch, units), dtype=x_tm.dtype)  # time-major hidden states
    buf = np.empty((batch, units), dtype=x_tm.dtype)
    for t in range(timesteps):
        np.matmul(h, rk, out=buf)  # (batch, units)
        buf += a[t]
        h = np.tanh(buf, out=hs[t])
    return hs


@dataclass(frozen=True)
class LSTMTrace:
    """What backpropagation through an LSTM needs, time-major."""

    gates: np.ndarray  # (timesteps, batch, 4*units): activated i, f, g, o
    c: np.ndarray  # (timesteps, batch, units): c_t
    tanh_c: np.ndarray  # (timesteps, batch, units): tanh(c_t)


def lstm_steps(
    x_tm: np.ndarray, k: np.ndarray, rk: np.ndarray, b: np.ndarray, h: np.ndarray, c: np.ndarray, trace: bool = False
) -> tuple[np.ndarray, np.ndarray, LSTMTrace | None]:
    """``(hs, c_T, trace)``: hidden states ``(timesteps, batch, units)``, the last cell state, and
    (if ``trace``) the activations of every step. ``c`` is changed in place."""
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    u = rk.shape[0]
    i_, f_, g_, o_ = (KERAS_LSTM_GATES.index(n) for n in ("i", "f", "c", "o"))
    scale = sigmoid_scale(u, 4, (i_, f_, o_)).astype(dtype)
    a_all = project(x_tm, k * scale, b * scale)  # (timesteps, batch, 4*units)
    rk_s = rk * scale  # (units, 4*units)
    hs = np.empty((timesteps, batch, u), dtype=dtype)
    z = np.empty((batch, 4 * u), dtype=dtype)
    tmp = np.empty((batch, u), dtype=dtype)
    ifo = np.empty((batch, 4 * u), dtype=dtype)
    record = LSTMTrace(
        gates=np.empty((timesteps, batch, 4 * u), dtype=dtype),
        c=np.empty((timesteps, batch, u), dtype=dtype),
        tanh_c=np.empty((timesteps, batch, u), dtype=dtype),
    ) if trace else None
    for t in range(timesteps):
        np.matmul(h, rk_s, out=z)  # (batch, 4*units)
        z += a_all[t]
        np.tanh(z, out=z)
        np.multiply(z, 0.5, out=ifo)
        ifo += 0.5  # sigmoid of the i, f, o blocks (the c block of ifo is unused)
        i, f, o = ifo[:, i_ * u : (i_ + 1) * u], ifo[:, f_ * u : (f_ + 1) * u], ifo[:, o_ * u : (o_ + 1) * u]
        g = z[:, g_ * u : (g_ + 1) * u]
        c *= f
        np.multiply(i, g, out=tmp)
        c += tmp
        np.tanh(c, out=tmp)
        h = np.multiply(o, tmp, out=hs[t])
        if record is not None:
            record.gates[t] = ifo
            record.gates[t, :, g_ * u : (g_ + 1) * u] = g
            record.c[t] = c
            record.tanh_c[t] = tmp
    return hs, c, record


@dataclass(frozen=True)
class GRUTrace:
    """What backpropagation through a GRU (reset_after=True) needs, time-major."""

    gates: np.ndarray  # (timesteps, batch, 3*units): activated z, r and the candidate n
    hh: np.ndarray  # (timesteps, batch, units): candidate block of h_{t-1} @ recurrent_kernel + bias[1]


def gru_steps(
    x_tm: np.ndarray, k: np.ndarray, rk: np.ndarray, b: np.ndarray, h: np.ndarray,
    reset_after: bool = True, trace: bool = False,
) -> tuple[np.ndarray, GRUTrace | None]:
    """``(hs, trace)``: hidden states ``(timesteps, batch, units)`` and (if ``trace``, reset_after
    only) the activations of every step."""
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    u = rk.shape[0]
    z_, r_, n_ = (KERAS_GRU_GATES.index(n) for n in ("z", "r", "h"))
    if (z_, r_, n_) != (0, 1, 2):  # the loops below read z and r as one (batch, 2*units) block
        raise AssertionError("rnnlib.reference.gru expects Keras's GRU gate order z, r, h")
    b_in = b[0] if reset_after else b
    # z and r are sigmoids: halve their columns once so one tanh serves (see sigmoid_scale).
    scale = sigmoid_scale(u, 3, (z_, r_)).astype(dtype)
    a_all = project(x_tm, k * scale, b_in * scale)  # (timesteps, batch, 3*units)
    hs = np.empty((timesteps, batch, u), dtype=dtype)
    zr = np.empty((batch, 2 * u), dtype=dtype)
    n = np.empty((batch, u), dtype=dtype)
    record = GRUTrace(
        gates=np.empty((timesteps, batch, 3 * u), dtype=dtype),
        hh=np.empty((timesteps, batch, u), dtype=dtype),
    ) if trace and reset_after else None
    if reset_after:
        rk_s = rk * scale  # (units, 3*units)
        b_rec = b[1] * scale  # (3*units,)
        hp = np.empty((batch, 3 * u), dtype=dtype)
        for t in range(timesteps):
            np.matmul(h, rk_s, out=hp)  # (batch, 3*units)
            hp += b_rec
            at = a_all[t]
            np.add(at[:, : 2 * u], hp[:, : 2 * u], out=zr)
            np.tanh(zr, out=zr)
            zr *= 0.5
            zr += 0.5
            zg, r = zr[:, :u], zr[:, u:]
            np.multiply(r, hp[:, 2 * u :], out=n)
            n += at[:, 2 * u :]
            np.tanh(n, out=n)
            if record is not None:
                record.gates[t, :, : 2 * u] = zr
                record.gates[t, :, 2 * u :] = n
                record.hh[t] = hp[:, 2 * u :]
            # h_t = z * h + (1 - z) * n = n + z * (h - n)
            out = hs[t]
            np.subtract(h, n, out=out)
            out *= zg
            out += n
            h = out
    else:
        rk_zr = rk[:, : 2 * u] * 0.5  # (units, 2*units)
        rk_h = np.ascontiguousarray(rk[:, 2 * u :])  # (units, units)
        rh = np.empty((batch, u), dtype=dtype)
        for t in range(timesteps):
            at = a_all[t]
            np.matmul(h, rk_zr, out=zr)
            zr += at[:, : 2 * u]
            np.tanh(zr, out=zr)
            zr *= 0.5
            zr += 0.5
            zg, r = zr[:, :u], zr[:, u:]
            np.multiply(r, h, out=rh)
            np.matmul(rh, rk_h, out=n)
            n += at[:, 2 * u :]
            np.tanh(n, out=n)
            out = hs[t]
            np.subtract(h, n, out=out)
            out *= zg
            out += n
            h = out
    return hs, record
