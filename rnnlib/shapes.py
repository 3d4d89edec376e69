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

__all__ = ["ShapeError", "check_shape", "check_sequence_batch", "format_shape"]

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
