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

The implementation is vectorised over the batch: the input projection of all
timesteps is one matrix product, and each step is one ``(batch, units) @ (units,
G*units)`` product plus in-place element-wise work. This module imports NumPy only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnlib.shapes import ShapeError, check_sequence_batch, format_shape

__all__ = [
    "KERAS_GRU_GATES",
    "KERAS_LSTM_GATES",
    "gru",
    "lstm",
    "sigmoid",
    "simple_rnn",
]

KERAS_LSTM_GATES = ("i", "f", "c", "o")
"""Column blocks of a Keras LSTM kernel: input, forget, candidate (cell), output."""

KERAS_GRU_GATES = ("z", "r", "h")
"""Column blocks of a Keras GRU kernel: update, reset, candidate."""


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
# Argument checks shared by the three layers (and by rnnlib.bptt)
# --------------------------------------------------------------------------------------


def _as_float_array(value: Any, name: str, where: str, dtype: np.dtype | None = None) -> np.ndarray:
    if not hasattr(value, "shape") and not isinstance(value, list | tuple):
        raise TypeError(
            f"{where}: {name} is a {type(value).__name__}; expected an array. Pass np.asarray({name})."
        )
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{where}: {name} has dtype {array.dtype}; expected a real number dtype (float32 or float64).")
    if dtype is None:
        dtype = array.dtype if array.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    return array.astype(dtype, copy=False)


def _check_finite(array: np.ndarray, name: str, where: str) -> None:
    if not np.isfinite(array).all():
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(
            f"{where}: {name} (shape {format_shape(array.shape)}) contains {bad} non-finite "
            f"value(s) (NaN or inf), the first at index {first}; expected finite numbers. "
            "Clean the data (np.nan_to_num, or drop the sequence) before the layer sees it."
        )


def _check_weights(
    where: str,
    gates: int,
    gate_names: str,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    dtype: np.dtype,
    bias_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Check Keras-layout weights; return them in ``dtype`` with ``features`` and ``units``."""
    rk = _as_float_array(recurrent_kernel, "recurrent_kernel", where, dtype)
    g = "" if gates == 1 else f"{gates}*"
    if rk.ndim != 2 or rk.shape[1] != gates * rk.shape[0]:
        units_guess = rk.shape[0] if rk.ndim >= 1 else "units"
        raise ShapeError(
            f"{where}: recurrent_kernel has shape {format_shape(rk.shape)}; expected (units, {g}units)"
            + (f" = ({units_guess}, {gates * units_guess})" if isinstance(units_guess, int) else "")
            + f". Keras stores the recurrent weights of all {gates} gate block(s) ({gate_names}) side by side; "
            "read them from layer.get_weights()[1]."
        )
    units = rk.shape[0]
    if units == 0:
        raise ShapeError(
            f"{where}: recurrent_kernel has shape {format_shape(rk.shape)}; expected (units, {g}units) "
            "with units >= 1. A layer needs at least one unit."
        )
    k = _as_float_array(kernel, "kernel", where, dtype)
    if k.ndim != 2 or k.shape[1] != gates * units:
        feats = k.shape[0] if k.ndim == 2 else "features"
        raise ShapeError(
            f"{where}: kernel has shape {format_shape(k.shape)}; expected (features, {g}units) = "
            f"({feats}, {gates * units}), since recurrent_kernel {format_shape(rk.shape)} says units = {units}. "
            "kernel and recurrent_kernel must come from the same layer (Keras layout: features x gate columns)."
        )
    b = _as_float_array(bias, "bias", where, dtype)
    expected_bias: tuple[int, ...] = (gates * units,) if bias_rows is None else (bias_rows, gates * units)
    if b.shape != expected_bias:
        raise ShapeError(
            f"{where}: bias has shape {format_shape(b.shape)}; expected {format_shape(expected_bias)} "
            f"for units = {units}"
            + (
                " (row 0: input bias, row 1: recurrent bias; Keras GRU with reset_after=True)."
                if bias_rows is not None
                else "."
            )
        )
    for name, arr in (("kernel", k), ("recurrent_kernel", rk), ("bias", b)):
        _check_finite(arr, name, where)
    return k, rk, b, k.shape[0], units


def _check_state(
    state: Any, name: str, where: str, batch: int, units: int, dtype: np.dtype
) -> np.ndarray:
    """A zero state when ``state`` is None, else ``state`` checked to be ``(batch, units)``."""
    if state is None:
        return np.zeros((batch, units), dtype=dtype)
    s = _as_float_array(state, name, where, dtype)
    if s.shape != (batch, units):
        hint = ""
        if s.shape == (units,) or (s.ndim == 3 and s.shape[-2:] == (batch, units)):
            hint = f" Reshape it: {name}.reshape({batch}, {units})."
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(s.shape)}; expected (batch, units) = "
            f"({batch}, {units}): one state vector per sequence in x.{hint}"
        )
    _check_finite(s, name, where)
    return s


def _check_x(x: Any, where: str) -> np.ndarray:
    xa = _as_float_array(x, "x", where)
    check_sequence_batch(xa, where=where)
    return xa


def _prepare(
    where: str,
    gates: int,
    gate_names: str,
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    go_backwards: bool,
    bias_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Check everything; return time-major ``x`` (timesteps, batch, features), weights and units."""
    xa = _check_x(x, where)
    k, rk, b, features, units = _check_weights(
        where, gates, gate_names, kernel, recurrent_kernel, bias, xa.dtype, bias_rows
    )
    check_sequence_batch(xa, where=where, features=features)
    _check_finite(xa, "x", where)
    if go_backwards:  # Keras reads the sequence last step first, and returns outputs in that order.
        xa = xa[:, ::-1]
    x_tm = np.ascontiguousarray(xa.transpose(1, 0, 2))  # (timesteps, batch, features): time-major for the loop
    return x_tm, k, rk, b, units


def _project(x_tm: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """All timesteps' input projections in one product: (timesteps, batch, G*units)."""
    t, n, f = x_tm.shape
    xw = x_tm.reshape(t * n, f) @ kernel  # (timesteps*batch, G*units)
    xw += bias
    return xw.reshape(t, n, kernel.shape[1])


def _batch_first(h_tm: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(h_tm.transpose(1, 0, 2))  # (timesteps, batch, units) -> (batch, timesteps, units)


# --------------------------------------------------------------------------------------
# The three layers
# --------------------------------------------------------------------------------------


def simple_rnn(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    h0: Any = None,
    go_backwards: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """A Keras ``SimpleRNN(units, return_sequences=True, return_state=True)`` (tanh) in NumPy.

    For every step ``t``: ``h_t = tanh(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)``.

    Args:
        x: inputs, ``(batch, timesteps, features)``; float32 or float64 sets the dtype.
        kernel: ``W_x`` transposed, ``(features, units)``.
        recurrent_kernel: ``W_h`` transposed, ``(units, units)``.
        bias: ``b``, ``(units,)``.
        h0: initial hidden state ``(batch, units)``; zeros if None.
        go_backwards: read the sequence from its last step to its first; the outputs
            are then in reading order (``outputs[:, 0]`` is the state after the last input step).

    Returns:
        ``(outputs, h)``: every hidden state ``(batch, timesteps, units)`` and the last one ``(batch, units)``.

    Raises:
        ShapeError: wrong shapes. ValueError: non-finite values.
    """
    x_tm, k, rk, b, units = _prepare("simple_rnn", 1, "h", x, kernel, recurrent_kernel, bias, go_backwards)
    timesteps, batch, _ = x_tm.shape
    h = _check_state(h0, "h0", "simple_rnn", batch, units, x_tm.dtype)
    a = _project(x_tm, k, b)  # (timesteps, batch, units): x_t @ kernel + bias, all steps at once
    hs = np.empty((timesteps, batch, units), dtype=x_tm.dtype)  # time-major hidden states
    buf = np.empty((batch, units), dtype=x_tm.dtype)
    for t in range(timesteps):
        np.matmul(h, rk, out=buf)  # (batch, units)
        buf += a[t]
        h = np.tanh(buf, out=hs[t])
    return _batch_first(hs), hs[-1].copy()


def lstm(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    h0: Any = None,
    c0: Any = None,
    go_backwards: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A Keras ``LSTM(units, return_sequences=True, return_state=True)`` in NumPy.

    Gate blocks in Keras order ``i, f, c, o``; with ``a = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias``::

        i = sigmoid(a_i)   f = sigmoid(a_f)   g = tanh(a_c)   o = sigmoid(a_o)
        c_t = f * c_{t-1} + i * g
        h_t = o * tanh(c_t)

    Args:
        x: inputs, ``(batch, timesteps, features)``; float32 or float64 sets the dtype.
        kernel: ``(features, 4*units)``.
        recurrent_kernel: ``(units, 4*units)``.
        bias: ``(4*units,)``.
        h0: initial hidden state ``(batch, units)``; zeros if None.
        c0: initial cell state ``(batch, units)``; zeros if None.
        go_backwards: read the sequence last step first (outputs in reading order).

    Returns:
        ``(outputs, h, c)``: hidden states ``(batch, timesteps, units)``, the last hidden
        state ``(batch, units)`` and the last cell state ``(batch, units)``.

    Raises:
        ShapeError: wrong shapes. ValueError: non-finite values.
    """
    x_tm, k, rk, b, units = _prepare("lstm", 4, "i, f, c, o", x, kernel, recurrent_kernel, bias, go_backwards)
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    h = _check_state(h0, "h0", "lstm", batch, units, dtype)
    c = _check_state(c0, "c0", "lstm", batch, units, dtype).copy()
    u = units
    # sigmoid(a) = 0.5 * tanh(a / 2) + 0.5: halve the i, f, o columns of the weights once
    # (exact in floating point), so each step needs one tanh over all four blocks.
    scale = np.ones(4 * u, dtype=dtype)
    scale[: 2 * u] = 0.5
    scale[3 * u :] = 0.5
    a_all = _project(x_tm, k * scale, b * scale)  # (timesteps, batch, 4*units)
    rk_s = rk * scale  # (units, 4*units)
    hs = np.empty((timesteps, batch, units), dtype=dtype)
    z = np.empty((batch, 4 * u), dtype=dtype)
    tmp = np.empty((batch, u), dtype=dtype)
    ifo = np.empty((batch, 4 * u), dtype=dtype)
    for t in range(timesteps):
        np.matmul(h, rk_s, out=z)  # (batch, 4*units)
        z += a_all[t]
        np.tanh(z, out=z)
        np.multiply(z, 0.5, out=ifo)
        ifo += 0.5  # sigmoid of the i, f, o blocks (the c block of ifo is unused)
        i, f, o = ifo[:, :u], ifo[:, u : 2 * u], ifo[:, 3 * u :]
        g = z[:, 2 * u : 3 * u]
        c *= f
        np.multiply(i, g, out=tmp)
        c += tmp
        np.tanh(c, out=tmp)
        h = np.multiply(o, tmp, out=hs[t])
    return _batch_first(hs), hs[-1].copy(), c


def gru(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    h0: Any = None,
    go_backwards: bool = False,
    reset_after: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """A Keras ``GRU(units, return_sequences=True, return_state=True)`` in NumPy.

    Gate blocks in Keras order ``z, r, h``. With the default ``reset_after=True``
    (Keras's default, and PyTorch's only form), ``bias`` has two rows, input and recurrent::

        xz, xr, xh = x_t @ kernel + bias[0]            (three blocks)
        hz, hr, hh = h_{t-1} @ recurrent_kernel + bias[1]
        z = sigmoid(xz + hz)    r = sigmoid(xr + hr)
        n = tanh(xh + r * hh)                          (reset applied after the product)
        h_t = z * h_{t-1} + (1 - z) * n

    With ``reset_after=False`` (the original GRU, Keras ``reset_after=False``), ``bias``
    is ``(3*units,)`` and the candidate is ``n = tanh(xh + (r * h_{t-1}) @ recurrent_kernel[:, 2u:])``.

    Args:
        x: inputs, ``(batch, timesteps, features)``; float32 or float64 sets the dtype.
        kernel: ``(features, 3*units)``.
        recurrent_kernel: ``(units, 3*units)``.
        bias: ``(2, 3*units)`` (``reset_after=True``) or ``(3*units,)`` (``reset_after=False``).
        h0: initial hidden state ``(batch, units)``; zeros if None.
        go_backwards: read the sequence last step first (outputs in reading order).
        reset_after: which GRU variant (see above).

    Returns:
        ``(outputs, h)``: hidden states ``(batch, timesteps, units)`` and the last one ``(batch, units)``.

    Raises:
        ShapeError: wrong shapes. ValueError: non-finite values.
    """
    x_tm, k, rk, b, units = _prepare(
        "gru", 3, "z, r, h", x, kernel, recurrent_kernel, bias, go_backwards, bias_rows=2 if reset_after else None
    )
    timesteps, batch, _ = x_tm.shape
    dtype = x_tm.dtype
    u = units
    h = _check_state(h0, "h0", "gru", batch, units, dtype)
    b_in = b[0] if reset_after else b
    # z and r are sigmoids: halve their columns once so one tanh serves (see lstm).
    scale = np.ones(3 * u, dtype=dtype)
    scale[: 2 * u] = 0.5
    a_all = _project(x_tm, k * scale, b_in * scale)  # (timesteps, batch, 3*units)
    hs = np.empty((timesteps, batch, units), dtype=dtype)
    zr = np.empty((batch, 2 * u), dtype=dtype)
    n = np.empty((batch, u), dtype=dtype)
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
    return _batch_first(hs), hs[-1].copy()
