"""Backpropagation through time for the NumPy layers of :mod:`rnnlib.reference`.

Each ``*_backward`` function runs the layer forward with the loops of
:mod:`rnnlib.steps` that :mod:`rnnlib.reference` runs (keeping what the backward pass
needs), then walks the sequence from its last step to its first and returns
a :class:`Gradients` record. The loss ``L`` is whatever the caller chose; the caller
passes its gradient with respect to the layer's outputs:

- ``d_outputs``: ``dL/d outputs``, shape ``(batch, timesteps, units)``, in the order
  the layer returns its outputs (reading order when ``go_backwards=True``);
- ``d_h`` (and ``d_c`` for an LSTM): ``dL/d`` the final state, ``(batch, units)``.

The final hidden state is also the last output (in reading order), so ``d_h`` simply adds
to ``d_outputs[:, -1]``: a loss on the final state alone may be passed either way. The
separate argument mirrors the layers, which return the final state apart from the
outputs (Keras ``return_state=True``, PyTorch ``h_n``). Neither argument is the total
gradient at a step, which also carries what flows back from later steps: the result's
``hidden`` field holds that total.

For example ``L = (outputs * w).sum()`` has ``d_outputs = w``. Arguments, shapes and
checks are those of the forward functions, and every argument after the weights is
keyword-only: ``simple_rnn_backward(x, kernel, recurrent_kernel, bias, h0=h0, d_outputs=w)``.
This module imports NumPy only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnlib.gates import KERAS_GRU_GATES, KERAS_LSTM_GATES, KERAS_SIMPLE_RNN_GATES
from rnnlib.shapes import check_same_shape, check_state
from rnnlib.steps import batch_first, gru_steps, initial_states, lstm_steps, prepare, simple_rnn_steps

__all__ = [
    "Gradients",
    "clip_by_global_norm",
    "gru_backward",
    "lstm_backward",
    "numerical_gradient",
    "simple_rnn_backward",
]


@dataclass(frozen=True)
class Gradients:
    """Gradients of a scalar loss ``L`` with respect to a layer's inputs and weights.

    Attributes:
        x: ``dL/dx``, ``(batch, timesteps, features)``, in the order of ``x`` as passed.
        kernel: ``dL/d kernel``, same shape as ``kernel``.
        recurrent_kernel: ``dL/d recurrent_kernel``, same shape as ``recurrent_kernel``.
        bias: ``dL/d bias``, same shape as ``bias``.
        h0: ``dL/d h0``, ``(batch, units)``.
        hidden: the total ``dL/dh_t`` for every step, ``(batch, timesteps, units)``, in the
            order of the outputs. Its norm over ``t`` shows gradients vanish or explode.
        c0: ``dL/d c0`` for an LSTM, ``(batch, units)``; None for the other layers.
    """

    x: np.ndarray
    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray
    h0: np.ndarray
    hidden: np.ndarray
    c0: np.ndarray | None = None

    def weights(self) -> list[np.ndarray]:
        """``[kernel, recurrent_kernel, bias]``, in the order of Keras's ``get_weights()``."""
        return [self.kernel, self.recurrent_kernel, self.bias]


def _upstream(
    where: str, d_outputs: Any, finals: Sequence[tuple[str, Any]], x_tm: np.ndarray, units: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Check the upstream gradients; return ``d_outputs`` time-major and the final-state ones."""
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    if d_outputs is None:
        d_tm = np.zeros((timesteps, batch, units), dtype=dtype)
    else:
        d = check_same_shape(
            d_outputs, (batch, timesteps, units), name="d_outputs", where=where,
            axes="(batch, timesteps, units)", hint="the shape of the layer's outputs.", dtype=dtype,
        )
        d_tm = np.ascontiguousarray(d.transpose(1, 0, 2))  # (timesteps, batch, units)
    grads = [check_state(v, name=n, where=where, batch=batch, units=units, dtype=dtype) for n, v in finals]
    return d_tm, grads


def _previous(first: np.ndarray, states: np.ndarray) -> np.ndarray:
    """``[first, states[0], ..., states[-2]]``: the state each step started from, (timesteps, batch, units)."""
    return np.concatenate([first[np.newaxis], states[:-1]])


def _finish(
    x_tm: np.ndarray,
    k: np.ndarray,
    h_prev: np.ndarray,
    dx_pre: np.ndarray,
    dh_pre: np.ndarray,
    go_backwards: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weight gradients for all steps at once from the pre-activation gradients.

    ``dx_pre``: gradient w.r.t. the input projection ``x_t @ kernel (+ input bias)``, (timesteps, batch, G*units).
    ``dh_pre``: gradient w.r.t. the recurrent projection ``h_{t-1} @ recurrent_kernel``, same shape.
    Returns ``dx`` (batch-first, in the order of the caller's x), ``dkernel``, ``drecurrent``, ``dbias_input``.
    """
    t, n, f = x_tm.shape
    g = dx_pre.shape[-1]
    dxp = dx_pre.reshape(t * n, g)
    dk = x_tm.reshape(t * n, f).T @ dxp  # (features, G*units)
    drk = h_prev.reshape(t * n, -1).T @ dh_pre.reshape(t * n, g)  # (units, G*units)
    db = dxp.sum(axis=0)  # (G*units,)
    dx = (dxp @ k.T).reshape(t, n, f).transpose(1, 0, 2)  # (batch, timesteps, features)
    if go_backwards:
        dx = dx[:, ::-1]
    return np.ascontiguousarray(dx), dk, drk, db


def _blocks(gates: tuple[str, ...], names: str, units: int) -> list[slice]:
    """The column slice of each gate in ``names``, in the block order ``gates``."""
    return [slice(gates.index(n) * units, (gates.index(n) + 1) * units) for n in names]


def simple_rnn_backward(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    h0: Any = None,
    d_outputs: Any = None,
    d_h: Any = None,
    go_backwards: bool = False,
) -> Gradients:
    """Backpropagation through time for :func:`rnnlib.reference.simple_rnn`.

    With ``a_t = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias`` and ``h_t = tanh(a_t)``,
    walking ``t`` from last to first::

        dh_t  = d_outputs[t] + dh_{t+1} contribution       (total gradient at step t)
        da_t  = dh_t * (1 - h_t**2)
        dh_{t-1} contribution = da_t @ recurrent_kernel.T

    and the weight gradients sum ``x_t.T @ da_t``, ``h_{t-1}.T @ da_t``, ``da_t`` over steps.

    Args:
        x, kernel, recurrent_kernel, bias: as for ``simple_rnn``.
        h0, go_backwards: keyword-only, as for ``simple_rnn``.
        d_outputs: keyword-only; ``dL/d outputs`` ``(batch, timesteps, units)``; zeros if None.
        d_h: keyword-only; ``dL/d h`` of the final state ``(batch, units)``; zeros if None.

    Returns:
        :class:`Gradients` (``c0`` is None).
    """
    where = "simple_rnn_backward"
    x_tm, k, rk, b, units = prepare(where, KERAS_SIMPLE_RNN_GATES, x, kernel, recurrent_kernel, bias, go_backwards)
    (h_init,) = initial_states(where, ["h0"], [h0], x_tm, units)
    d_tm, (dh,) = _upstream(where, d_outputs, [("d_h", d_h)], x_tm, units)
    hs = simple_rnn_steps(x_tm, k, rk, b, h_init)  # (timesteps, batch, units): h_1 .. h_T
    da = np.empty_like(hs)  # dL/da_t
    hidden = np.empty_like(hs)  # total dL/dh_t
    rk_t = np.ascontiguousarray(rk.T)
    for t in range(x_tm.shape[0] - 1, -1, -1):
        dh += d_tm[t]
        hidden[t] = dh
        h = hs[t]
        np.multiply(dh, 1.0 - h * h, out=da[t])
        dh = da[t] @ rk_t
    dx, dk, drk, db = _finish(x_tm, k, _previous(h_init, hs), da, da, go_backwards)
    return Gradients(x=dx, kernel=dk, recurrent_kernel=drk, bias=db, h0=dh, hidden=batch_first(hidden))


def lstm_backward(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    h0: Any = None,
    c0: Any = None,
    d_outputs: Any = None,
    d_h: Any = None,
    d_c: Any = None,
    go_backwards: bool = False,
) -> Gradients:
    """Backpropagation through time for :func:`rnnlib.reference.lstm`.

    With the gates ``i, f, g, o`` and ``c_t = f * c_{t-1} + i * g``, ``h_t = o * tanh(c_t)``,
    walking ``t`` from last to first::

        dc_t += dh_t * o * (1 - tanh(c_t)**2)     (the cell state's own path adds dc_{t+1} * f_{t+1})
        di = dc_t * g    df = dc_t * c_{t-1}    dg = dc_t * i    do = dh_t * tanh(c_t)

    each multiplied by its activation's derivative to give the pre-activation gradient.

    Args:
        x, kernel, recurrent_kernel, bias: as for ``lstm``.
        h0, c0, go_backwards: keyword-only, as for ``lstm``.
        d_outputs: keyword-only; ``dL/d outputs`` ``(batch, timesteps, units)``; zeros if None.
        d_h, d_c: keyword-only; gradients of the final hidden and cell states ``(batch, units)``;
            zeros if None.

    Returns:
        :class:`Gradients` with ``c0`` set.
    """
    where = "lstm_backward"
    x_tm, k, rk, b, u = prepare(where, KERAS_LSTM_GATES, x, kernel, recurrent_kernel, bias, go_backwards)
    h_init, c_init = initial_states(where, ["h0", "c0"], [h0, c0], x_tm, u)
    d_tm, (dh, dc) = _upstream(where, d_outputs, [("d_h", d_h), ("d_c", d_c)], x_tm, u)
    hs, _, trace = lstm_steps(x_tm, k, rk, b, h_init, c_init.copy(), trace=True)
    assert trace is not None
    c_prev = _previous(c_init, trace.c)  # c_{t-1} for every step
    bi, bf, bg, bo = _blocks(KERAS_LSTM_GATES, "ifco", u)
    dz = np.empty_like(trace.gates)  # dL/d pre-activations, blocks in Keras order
    hidden = np.empty_like(hs)
    rk_t = np.ascontiguousarray(rk.T)
    for t in range(x_tm.shape[0] - 1, -1, -1):
        dh += d_tm[t]
        hidden[t] = dh
        z = trace.gates[t]
        i, f, g, o = z[:, bi], z[:, bf], z[:, bg], z[:, bo]
        tc = trace.tanh_c[t]
        dc += dh * o * (1.0 - tc * tc)
        d = dz[t]
        d[:, bi] = dc * g * i * (1.0 - i)
        d[:, bf] = dc * c_prev[t] * f * (1.0 - f)
        d[:, bg] = dc * i * (1.0 - g * g)
        d[:, bo] = dh * tc * o * (1.0 - o)
        dc *= f
        dh = d @ rk_t
    dx, dk, drk, db = _finish(x_tm, k, _previous(h_init, hs), dz, dz, go_backwards)
    return Gradients(x=dx, kernel=dk, recurrent_kernel=drk, bias=db, h0=dh, c0=dc, hidden=batch_first(hidden))


def gru_backward(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    h0: Any = None,
    d_outputs: Any = None,
    d_h: Any = None,
    go_backwards: bool = False,
) -> Gradients:
    """Backpropagation through time for :func:`rnnlib.reference.gru` (``reset_after=True``).

    With ``hn`` the candidate block of ``h_{t-1} @ recurrent_kernel + bias[1]``,
    ``n = tanh(xn + r * hn)`` and ``h_t = z * h_{t-1} + (1 - z) * n``::

        dn = dh_t * (1 - z)          dz = dh_t * (h_{t-1} - n)
        dr = dn * (1 - n**2) * hn    dh_{t-1} = dh_t * z + (recurrent pre-activation grads) @ recurrent_kernel.T

    Args:
        x, kernel, recurrent_kernel, bias: as for ``gru``; ``bias`` is ``(2, 3*units)``.
        h0, go_backwards: keyword-only, as for ``gru``.
        d_outputs: keyword-only; ``dL/d outputs`` ``(batch, timesteps, units)``; zeros if None.
        d_h: keyword-only; ``dL/d h`` of the final state ``(batch, units)``; zeros if None.

    Returns:
        :class:`Gradients`; ``bias`` has shape ``(2, 3*units)`` (input row, recurrent row).
    """
    where = "gru_backward"
    x_tm, k, rk, b, u = prepare(where, KERAS_GRU_GATES, x, kernel, recurrent_kernel, bias, go_backwards, bias_rows=2)
    (h_init,) = initial_states(where, ["h0"], [h0], x_tm, u)
    d_tm, (dh,) = _upstream(where, d_outputs, [("d_h", d_h)], x_tm, u)
    hs, trace = gru_steps(x_tm, k, rk, b, h_init, reset_after=True, trace=True)
    assert trace is not None
    h_prev = _previous(h_init, hs)
    bz, br, bn = _blocks(KERAS_GRU_GATES, "zrh", u)
    dxp = np.empty_like(trace.gates)  # dL/d (x_t @ kernel + bias[0])
    dhp = np.empty_like(trace.gates)  # dL/d (h_{t-1} @ recurrent_kernel + bias[1])
    hidden = np.empty_like(hs)
    rk_t = np.ascontiguousarray(rk.T)
    for t in range(x_tm.shape[0] - 1, -1, -1):
        dh += d_tm[t]
        hidden[t] = dh
        s = trace.gates[t]
        zg, r, n = s[:, bz], s[:, br], s[:, bn]
        dan = dh * (1.0 - zg) * (1.0 - n * n)  # through the candidate's tanh
        dxp[t, :, bz] = dh * (h_prev[t] - n) * zg * (1.0 - zg)
        dxp[t, :, br] = dan * trace.hh[t] * r * (1.0 - r)
        dxp[t, :, bn] = dan
        dhp[t, :, bz] = dxp[t, :, bz]
        dhp[t, :, br] = dxp[t, :, br]
        dhp[t, :, bn] = dan * r
        dh = dh * zg + dhp[t] @ rk_t
    dx, dk, drk, db_in = _finish(x_tm, k, h_prev, dxp, dhp, go_backwards)
    db = np.stack([db_in, dhp.reshape(-1, 3 * u).sum(axis=0)])  # (2, 3*units)
    return Gradients(x=dx, kernel=dk, recurrent_kernel=drk, bias=db, h0=dh, hidden=batch_first(hidden))


def clip_by_global_norm(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale a list of gradients so that their joint L2 norm is at most ``max_norm``.

    The same rule as ``torch.nn.utils.clip_grad_norm_`` and Keras's ``global_clipnorm``:
    with ``norm = sqrt(sum of every squared entry)``, every array is multiplied by
    ``max_norm / norm`` when ``norm > max_norm``, so the direction is kept.

    Args:
        grads: arrays of any shapes.
        max_norm: the largest norm allowed, a positive number.

    Returns:
        ``(clipped, norm)``: new arrays (the inputs are not changed) and the norm before clipping.
    """
    if not (np.isfinite(max_norm) and max_norm > 0):
        raise ValueError(f"clip_by_global_norm: max_norm is {max_norm}; expected a positive finite number.")
    norm = float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads)))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [np.asarray(g) * scale for g in grads], norm


def numerical_gradient(loss: Callable[[], float], array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of ``loss()`` with respect to every entry of ``array``.

    ``array`` is changed in place one entry at a time (``+eps``, ``-eps``) and restored,
    so ``loss`` must read it. Slow (two calls per entry): for gradient checks on small
    float64 problems only.

    Args:
        loss: a function of no arguments returning a scalar.
        array: a float64 array that ``loss`` reads.
        eps: the step.

    Returns:
        ``dloss/darray``, an array of the shape of ``array``.
    """
    if array.dtype != np.float64:
        raise TypeError(
            f"numerical_gradient: array has dtype {array.dtype}; expected float64 (float32 finite "
            "differences are too coarse for a gradient check). Use array.astype(np.float64)."
        )
    grad = np.zeros_like(array)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, array):
        raise ValueError("numerical_gradient: array must be contiguous, so it can be changed in place.")
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + eps
        up = float(loss())
        flat[j] = old - eps
        down = float(loss())
        flat[j] = old
        gflat[j] = (up - down) / (2 * eps)
    return grad
