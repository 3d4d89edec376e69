"""Backpropagation through time for the NumPy layers of :mod:`rnnlib.reference`.

Each ``*_backward`` function runs the layer forward (keeping what the backward
pass needs), then walks the sequence from its last step to its first and returns
a :class:`Gradients` record. The loss ``L`` is whatever the caller chose; the caller
passes its gradient with respect to the layer's outputs:

- ``d_outputs``: ``dL/d outputs``, shape ``(batch, timesteps, units)``, in the order
  the layer returns its outputs (reading order when ``go_backwards=True``);
- ``d_h`` (and ``d_c`` for an LSTM): ``dL/d`` the final state, ``(batch, units)``.

For example ``L = (outputs * w).sum()`` has ``d_outputs = w``. Arguments, shapes and
checks are those of the forward functions. This module imports NumPy only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnlib.reference import _as_float_array, _check_finite, _check_state, _prepare
from rnnlib.shapes import ShapeError, format_shape

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
    d_outputs: Any, d_final: Sequence[tuple[str, Any]], where: str, batch: int, timesteps: int, units: int, dtype: np.dtype
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Check the upstream gradients; return ``d_outputs`` time-major and the final-state ones."""
    if d_outputs is None:
        d_tm = np.zeros((timesteps, batch, units), dtype=dtype)
    else:
        d = _as_float_array(d_outputs, "d_outputs", where, dtype)
        if d.shape != (batch, timesteps, units):
            raise ShapeError(
                f"{where}: d_outputs has shape {format_shape(d.shape)}; expected (batch, timesteps, units) = "
                f"({batch}, {timesteps}, {units}), the shape of the layer's outputs."
            )
        _check_finite(d, "d_outputs", where)
        d_tm = np.ascontiguousarray(d.transpose(1, 0, 2))  # (timesteps, batch, units)
    finals = [_check_state(v, name, where, batch, units, dtype).copy() for name, v in d_final]
    return d_tm, finals


def _finish(
    where: str,
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


def simple_rnn_backward(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    d_outputs: Any = None,
    h0: Any = None,
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
        x, kernel, recurrent_kernel, bias, h0, go_backwards: as for ``simple_rnn``.
        d_outputs: ``dL/d outputs`` ``(batch, timesteps, units)``; zeros if None.
        d_h: ``dL/d h`` of the final state ``(batch, units)``; zeros if None.

    Returns:
        :class:`Gradients` (``c0`` is None).
    """
    where = "simple_rnn_backward"
    x_tm, k, rk, b, units = _prepare(where, 1, "h", x, kernel, recurrent_kernel, bias, go_backwards)
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    h_init = _check_state(h0, "h0", where, batch, units, dtype)
    d_tm, (dh,) = _upstream(d_outputs, [("d_h", d_h)], where, batch, timesteps, units, dtype)
    # Forward, keeping every state: hs[0] = h0, hs[t + 1] = h_t.
    a = x_tm.reshape(timesteps * batch, -1) @ k
    a = (a + b).reshape(timesteps, batch, units)
    hs = np.empty((timesteps + 1, batch, units), dtype=dtype)
    hs[0] = h_init
    for t in range(timesteps):
        np.tanh(a[t] + hs[t] @ rk, out=hs[t + 1])
    # Backward through time.
    da = np.empty((timesteps, batch, units), dtype=dtype)  # dL/da_t
    hidden = np.empty((timesteps, batch, units), dtype=dtype)  # total dL/dh_t
    rk_t = np.ascontiguousarray(rk.T)
    for t in range(timesteps - 1, -1, -1):
        dh += d_tm[t]
        hidden[t] = dh
        h = hs[t + 1]
        np.multiply(dh, 1.0 - h * h, out=da[t])
        dh = da[t] @ rk_t
    dx, dk, drk, db = _finish(where, x_tm, k, hs[:-1], da, da, go_backwards)
    return Gradients(x=dx, kernel=dk, recurrent_kernel=drk, bias=db, h0=dh, hidden=np.ascontiguousarray(hidden.transpose(1, 0, 2)))


def lstm_backward(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    d_outputs: Any = None,
    h0: Any = None,
    c0: Any = None,
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
        x, kernel, recurrent_kernel, bias, h0, c0, go_backwards: as for ``lstm``.
        d_outputs: ``dL/d outputs`` ``(batch, timesteps, units)``; zeros if None.
        d_h, d_c: gradients of the final hidden and cell states ``(batch, units)``; zeros if None.

    Returns:
        :class:`Gradients` with ``c0`` set.
    """
    where = "lstm_backward"
    x_tm, k, rk, b, u = _prepare(where, 4, "i, f, c, o", x, kernel, recurrent_kernel, bias, go_backwards)
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    h_init = _check_state(h0, "h0", where, batch, u, dtype)
    c_init = _check_state(c0, "c0", where, batch, u, dtype)
    d_tm, (dh, dc) = _upstream(d_outputs, [("d_h", d_h), ("d_c", d_c)], where, batch, timesteps, u, dtype)
    scale = np.ones(4 * u, dtype=dtype)  # halve the sigmoid gates' columns (exact), as in reference.lstm
    scale[: 2 * u] = 0.5
    scale[3 * u :] = 0.5
    a = (x_tm.reshape(timesteps * batch, -1) @ (k * scale) + b * scale).reshape(timesteps, batch, 4 * u)
    rk_s = rk * scale
    gates = np.empty((timesteps, batch, 4 * u), dtype=dtype)  # activated i, f, g, o
    hs = np.empty((timesteps + 1, batch, u), dtype=dtype)
    cs = np.empty((timesteps + 1, batch, u), dtype=dtype)
    tcs = np.empty((timesteps, batch, u), dtype=dtype)  # tanh(c_t)
    hs[0], cs[0] = h_init, c_init
    for t in range(timesteps):
        z = gates[t]
        np.matmul(hs[t], rk_s, out=z)
        z += a[t]
        np.tanh(z, out=z)  # sigmoid(v) = 0.5 * tanh(v / 2) + 0.5: the i, f, o columns were halved
        z[:, : 2 * u] *= 0.5
        z[:, : 2 * u] += 0.5
        z[:, 3 * u :] *= 0.5
        z[:, 3 * u :] += 0.5
        i, f, g, o = z[:, :u], z[:, u : 2 * u], z[:, 2 * u : 3 * u], z[:, 3 * u :]
        np.add(f * cs[t], i * g, out=cs[t + 1])
        np.tanh(cs[t + 1], out=tcs[t])
        np.multiply(o, tcs[t], out=hs[t + 1])
    dz = np.empty((timesteps, batch, 4 * u), dtype=dtype)  # dL/d pre-activations
    hidden = np.empty((timesteps, batch, u), dtype=dtype)
    rk_t = np.ascontiguousarray(rk.T)
    for t in range(timesteps - 1, -1, -1):
        dh += d_tm[t]
        hidden[t] = dh
        z = gates[t]
        i, f, g, o = z[:, :u], z[:, u : 2 * u], z[:, 2 * u : 3 * u], z[:, 3 * u :]
        tc = tcs[t]
        dc += dh * o * (1.0 - tc * tc)
        d = dz[t]
        d[:, :u] = dc * g * i * (1.0 - i)
        d[:, u : 2 * u] = dc * cs[t] * f * (1.0 - f)
        d[:, 2 * u : 3 * u] = dc * i * (1.0 - g * g)
        d[:, 3 * u :] = dh * tc * o * (1.0 - o)
        dc *= f
        dh = d @ rk_t
    dx, dk, drk, db = _finish(where, x_tm, k, hs[:-1], dz, dz, go_backwards)
    return Gradients(
        x=dx, kernel=dk, recurrent_kernel=drk, bias=db, h0=dh, c0=dc,
        hidden=np.ascontiguousarray(hidden.transpose(1, 0, 2)),
    )


def gru_backward(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    d_outputs: Any = None,
    h0: Any = None,
    d_h: Any = None,
    go_backwards: bool = False,
) -> Gradients:
    """Backpropagation through time for :func:`rnnlib.reference.gru` (``reset_after=True``).

    With ``hh`` the candidate block of ``h_{t-1} @ recurrent_kernel + bias[1]``,
    ``n = tanh(xh + r * hh)`` and ``h_t = z * h_{t-1} + (1 - z) * n``::

        dn = dh_t * (1 - z)          dz = dh_t * (h_{t-1} - n)
        dr = dn * (1 - n**2) * hh    dh_{t-1} = dh_t * z + (recurrent pre-activation grads) @ recurrent_kernel.T

    Args:
        x, kernel, recurrent_kernel, bias, h0, go_backwards: as for ``gru``; ``bias`` is ``(2, 3*units)``.
        d_outputs: ``dL/d outputs`` ``(batch, timesteps, units)``; zeros if None.
        d_h: ``dL/d h`` of the final state ``(batch, units)``; zeros if None.

    Returns:
        :class:`Gradients`; ``bias`` has shape ``(2, 3*units)`` (input row, recurrent row).
    """
    where = "gru_backward"
    x_tm, k, rk, b, u = _prepare(where, 3, "z, r, h", x, kernel, recurrent_kernel, bias, go_backwards, bias_rows=2)
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    h_init = _check_state(h0, "h0", where, batch, u, dtype)
    d_tm, (dh,) = _upstream(d_outputs, [("d_h", d_h)], where, batch, timesteps, u, dtype)
    ax = (x_tm.reshape(timesteps * batch, -1) @ k + b[0]).reshape(timesteps, batch, 3 * u)
    zrn = np.empty((timesteps, batch, 3 * u), dtype=dtype)  # activated z, r and the candidate n
    hh_all = np.empty((timesteps, batch, u), dtype=dtype)  # candidate block of the recurrent projection
    hs = np.empty((timesteps + 1, batch, u), dtype=dtype)
    hs[0] = h_init
    for t in range(timesteps):
        ah = hs[t] @ rk + b[1]  # (batch, 3*units)
        s = zrn[t]
        s[:, : 2 * u] = 0.5 * np.tanh(0.5 * (ax[t, :, : 2 * u] + ah[:, : 2 * u])) + 0.5
        hh_all[t] = ah[:, 2 * u :]
        zg, r = s[:, :u], s[:, u : 2 * u]
        s[:, 2 * u :] = np.tanh(ax[t, :, 2 * u :] + r * hh_all[t])
        n = s[:, 2 * u :]
        hs[t + 1] = zg * hs[t] + (1.0 - zg) * n
    dxp = np.empty((timesteps, batch, 3 * u), dtype=dtype)  # dL/d (x_t @ kernel + bias[0])
    dhp = np.empty((timesteps, batch, 3 * u), dtype=dtype)  # dL/d (h_{t-1} @ recurrent_kernel + bias[1])
    hidden = np.empty((timesteps, batch, u), dtype=dtype)
    rk_t = np.ascontiguousarray(rk.T)
    for t in range(timesteps - 1, -1, -1):
        dh += d_tm[t]
        hidden[t] = dh
        s = zrn[t]
        zg, r, n = s[:, :u], s[:, u : 2 * u], s[:, 2 * u :]
        dan = dh * (1.0 - zg) * (1.0 - n * n)  # through the candidate's tanh
        dxp[t, :, :u] = dh * (hs[t] - n) * zg * (1.0 - zg)
        dxp[t, :, u : 2 * u] = dan * hh_all[t] * r * (1.0 - r)
        dxp[t, :, 2 * u :] = dan
        dhp[t, :, : 2 * u] = dxp[t, :, : 2 * u]
        dhp[t, :, 2 * u :] = dan * r
        dh = dh * zg + dhp[t] @ rk_t
    dx, dk, drk, db_in = _finish(where, x_tm, k, hs[:-1], dxp, dhp, go_backwards)
    db = np.stack([db_in, dhp.reshape(-1, 3 * u).sum(axis=0)])  # (2, 3*units)
    return Gradients(
        x=dx, kernel=dk, recurrent_kernel=drk, bias=db, h0=dh,
        hidden=np.ascontiguousarray(hidden.transpose(1, 0, 2)),
    )


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
