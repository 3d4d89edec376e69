"""Shape checks whose errors teach.

Every recurrent layer in this book reads a 3-D array of shape
``(batch, timesteps, features)``. The helpers here check that contract and, when
it is broken, raise :class:`ShapeError` with a message that names the function
and the argument, the shape received, the shape expected, and how to fix it::

    simple_rnn: x has shape (4, 5); expected (batch, timesteps, features).
    A single sequence of 4 timesteps and 5 features needs a batch axis: x[np.newaxis] has shape (1, 4, 5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "ShapeError",
    "as_float_array",
    "check_finite",
    "check_recurrent_weights",
    "check_same_shape",
    "check_sequence_batch",
    "check_shape",
    "check_state",
    "format_shape",
]

Axis = int | str | None
"""One expected axis: an exact size (int), a named size that must agree wherever
the same name appears (str), or any size (None)."""


class ShapeError(ValueError):
    """An array has the wrong number of axes or the wrong size along an axis.

    A subclass of :class:`ValueError`, so ``except ValueError`` still catches it.
    """


def format_shape(shape: Sequence[Any]) -> str:
    """Format a shape the way NumPy prints it: ``(4, 5)``, ``(3,)``, ``()``."""
    items = [str(s) for s in shape]
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def _shape_of(array: Any, where: str, name: str) -> tuple[int, ...]:
    shape = getattr(array, "shape", None)
    if shape is None:
        raise TypeError(
            f"{where}: {name} is a {type(array).__name__}, which has no shape; "
            f"expected an array. Convert it first: np.asarray({name})."
        )
    return tuple(int(s) for s in shape)


def check_shape(
    array: Any,
    expected: Sequence[Axis],
    *,
    name: str,
    where: str,
    sizes: Mapping[str, int] | None = None,
    hint: str | None = None,
) -> dict[str, int]:
    """Check that ``array`` has the ``expected`` shape, or raise :class:`ShapeError`.

    Args:
        array: anything with a ``.shape`` (NumPy array, framework tensor).
        expected: one entry per axis; an ``int`` must match exactly, a ``str`` names
            a size (``"units"``) that must agree with ``sizes`` and with every other
            axis of the same name, ``None`` accepts any size.
        name: the argument's name as the caller knows it, such as ``"kernel"``.
        where: the public function doing the check, such as ``"lstm"``.
        sizes: sizes already known by name, such as ``{"units": 8}``.
        hint: one sentence on how to fix the problem, appended to the message.

    Returns:
        ``sizes`` updated with the named sizes read from ``array``.

    Raises:
        ShapeError: wrong number of axes or a size that disagrees.
    """
    shape = _shape_of(array, where, name)
    known: dict[str, int] = dict(sizes or {})
    # Show expected sizes with the values already known: (units=8, 32).
    concrete = format_shape(
        [
            f"{e}={known[e]}" if isinstance(e, str) and e in known else ("?" if e is None else e)
            for e in expected
        ]
    )

    def fail(problem: str) -> ShapeError:
        msg = f"{where}: {name} has shape {format_shape(shape)}; expected {concrete}. {problem}"
        if hint:
            msg += f" {hint}"
        return ShapeError(msg.rstrip())

    if len(shape) != len(expected):
        raise fail(f"It has {len(shape)} axes, not {len(expected)}.")
    for axis, (got, exp) in enumerate(zip(shape, expected)):
        if exp is None:
            continue
        if isinstance(exp, int):
            if got != exp:
                raise fail(f"Axis {axis} is {got}, not {exp}.")
            continue
        if exp in known and known[exp] != got:
            raise fail(f"Axis {axis} ({exp}) is {got}, but {exp} is {known[exp]} elsewhere.")
        known[exp] = got
    return known


def check_sequence_batch(
    x: Any,
    *,
    where: str,
    name: str = "x",
    features: int | None = None,
) -> tuple[int, int, int]:
    """Check that ``x`` is a batch of sequences, shape ``(batch, timesteps, features)``.

    Args:
        x: the input batch.
        where: the public function doing the check (used in the message).
        name: the argument's name (used in the message).
        features: if given, the number of features the caller's weights expect.

    Returns:
        ``(batch, timesteps, features)`` as Python ints.

    Raises:
        ShapeError: ``x`` is not 3-D, has an empty axis, or has the wrong
            number of features. A 2-D ``x`` gets a message that says it looks like
            a single sequence and shows how to add the batch axis.
    """
    shape = _shape_of(x, where, name)
    expected = "(batch, timesteps, features)"
    if features is not None:
        expected = f"(batch, timesteps, features={features})"
    head = f"{where}: {name} has shape {format_shape(shape)}; expected {expected}."
    if len(shape) == 2:
        t, f = shape
        raise ShapeError(
            f"{head} A single sequence of {t} timesteps and {f} features needs a batch axis: "
            f"{name}[np.newaxis] (or {name}.reshape(1, {t}, {f})) has shape (1, {t}, {f})."
        )
    if len(shape) == 1:
        raise ShapeError(
            f"{head} A 1-D array has no time axis. For one sequence of {shape[0]} scalar "
            f"values use {name}.reshape(1, {shape[0]}, 1): one batch, {shape[0]} timesteps, 1 feature."
        )
    if len(shape) != 3:
        raise ShapeError(
            f"{head} It has {len(shape)} axes. Recurrent layers read exactly 3: "
            "merge extra axes into batch or features with reshape."
        )
    batch, timesteps, feats = shape
    if batch == 0:
        raise ShapeError(f"{head} The batch is empty (batch = 0): pass at least one sequence.")
    if timesteps == 0:
        raise ShapeError(
            f"{head} The sequences have 0 timesteps: a recurrent layer needs at least one step to read."
        )
    if features is not None and feats != features:
        raise ShapeError(
            f"{head} The last axis has {feats} features, but the weights expect {features}. "
            "Check the axis order (batch, timesteps, features) or build the weights for "
            f"{feats} input features."
        )
    return batch, timesteps, feats


# --------------------------------------------------------------------------------------
# The checks of the recurrent layers (rnnlib.reference and rnnlib.bptt)
# --------------------------------------------------------------------------------------


def as_float_array(value: Any, *, name: str, where: str, dtype: Any = None) -> np.ndarray:
    """``value`` as a float array: in ``dtype`` if given, else float32/float64 kept, others float64.

    Raises:
        TypeError: ``value`` is not array-like, or holds no real numbers.
    """
    if not hasattr(value, "shape") and not isinstance(value, list | tuple):
        raise TypeError(
            f"{where}: {name} is a {type(value).__name__}; expected an array. Pass np.asarray({name})."
        )
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{where}: {name} has dtype {array.dtype}; expected a real number dtype "
            f"(float32 or float64). Convert it: np.asarray({name}, dtype=np.float32)."
        )
    if dtype is None:
        dtype = array.dtype if array.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    return array.astype(dtype, copy=False)


def check_finite(array: np.ndarray, *, name: str, where: str) -> None:
    """Raise :class:`ValueError` naming the first NaN or inf in ``array``, if any."""
    finite = np.isfinite(array)
    if not finite.all():
        bad = int(array.size - np.count_nonzero(finite))
        first = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise ValueError(
            f"{where}: {name} (shape {format_shape(array.shape)}) contains {bad} non-finite "
            f"value(s) (NaN or inf), the first at index {first}; expected finite numbers. "
            "Clean the data (np.nan_to_num, or drop the sequence) before the layer sees it."
        )


def check_recurrent_weights(
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    where: str,
    gates: Sequence[str],
    dtype: Any,
    bias_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Check one recurrent layer's weights in Keras layout, with ``G = len(gates)`` gate blocks.

    Args:
        kernel: ``(features, G*units)``.
        recurrent_kernel: ``(units, G*units)``.
        bias: ``(G*units,)``, or ``(bias_rows, G*units)`` when ``bias_rows`` is given
            (the Keras GRU with ``reset_after=True``: input row, recurrent row).
        where: the public function doing the check.
        gates: the gate names in block order, for the message.
        dtype: the dtype to return the weights in.
        bias_rows: see ``bias``.

    Returns:
        ``(kernel, recurrent_kernel, bias, features, units)``, the arrays in ``dtype``.

    Raises:
        ShapeError: a weight's shape does not fit the others.
        ValueError: a weight holds NaN or inf.
    """
    g = len(gates)
    gate_names = ", ".join(gates)
    rk = as_float_array(recurrent_kernel, name="recurrent_kernel", where=where, dtype=dtype)
    gu = "" if g == 1 else f"{g}*"
    if rk.ndim != 2 or rk.shape[1] != g * rk.shape[0]:
        guess = f" = ({rk.shape[0]}, {g * rk.shape[0]})" if rk.ndim >= 1 else ""
        raise ShapeError(
            f"{where}: recurrent_kernel has shape {format_shape(rk.shape)}; expected (units, {gu}units)"
            f"{guess}. Keras stores the recurrent weights of all {g} gate block(s) ({gate_names}) "
            "side by side; read them from layer.get_weights()[1]."
        )
    units = rk.shape[0]
    if units == 0:
        raise ShapeError(
            f"{where}: recurrent_kernel has shape {format_shape(rk.shape)}; expected (units, {gu}units) "
            "with units >= 1. A layer needs at least one unit."
        )
    k = as_float_array(kernel, name="kernel", where=where, dtype=dtype)
    if k.ndim != 2 or k.shape[1] != g * units:
        feats = k.shape[0] if k.ndim == 2 else "features"
        raise ShapeError(
            f"{where}: kernel has shape {format_shape(k.shape)}; expected (features, {gu}units) = "
            f"({feats}, {g * units}), since recurrent_kernel {format_shape(rk.shape)} says "
            f"units = {units}. kernel and recurrent_kernel must come from the same layer "
            "(Keras layout: features x gate columns)."
        )
    b = as_float_array(bias, name="bias", where=where, dtype=dtype)
    expected = (g * units,) if bias_rows is None else (bias_rows, g * units)
    if b.shape != expected:
        rows = " (row 0: input bias, row 1: recurrent bias; Keras GRU with reset_after=True)"
        raise ShapeError(
            f"{where}: bias has shape {format_shape(b.shape)}; expected {format_shape(expected)} "
            f"for units = {units}{rows if bias_rows is not None else ''}."
        )
    for name, arr in (("kernel", k), ("recurrent_kernel", rk), ("bias", b)):
        check_finite(arr, name=name, where=where)
    return k, rk, b, k.shape[0], units


def check_state(
    state: Any, *, name: str, where: str, batch: int, units: int, dtype: Any
) -> np.ndarray:
    """A zero state when ``state`` is None, else ``state`` checked to be ``(batch, units)``.

    Returns a new array (never ``state`` itself), so the caller may change it in place.
    """
    if state is None:
        return np.zeros((batch, units), dtype=dtype)
    s = as_float_array(state, name=name, where=where, dtype=dtype)
    if s.shape != (batch, units):
        hint = ""
        if s.shape == (units,) or (s.ndim == 3 and s.shape[-2:] == (batch, units)):
            hint = f" Reshape it: {name}.reshape({batch}, {units})."
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(s.shape)}; expected (batch, units) = "
            f"({batch}, {units}): one state vector per sequence in x.{hint}"
        )
    check_finite(s, name=name, where=where)
    return s.copy()


def check_same_shape(
    array: Any, shape: tuple[int, ...], *, name: str, where: str, axes: str, hint: str, dtype: Any
) -> np.ndarray:
    """``array`` as a finite float array of exactly ``shape`` (named ``axes``), or raise.

    Used for gradients passed in from outside, which must have the shape of what they
    are the gradient of: the message says what that is (``hint``).
    """
    a = as_float_array(array, name=name, where=where, dtype=dtype)
    if a.shape != shape:
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(a.shape)}; expected {axes} = "
            f"{format_shape(shape)}, {hint}"
        )
    check_finite(a, name=name, where=where)
    return a
