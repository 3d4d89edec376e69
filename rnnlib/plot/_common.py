"""What every figure of :mod:`rnnlib.plot` shares: a new Axes when none is given, and the checks
that turn its arguments into arrays or say what was wrong with them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from rnnlib.shapes import ShapeError, format_shape


def _axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _series(values: Any, where: str, name: str) -> np.ndarray:
    """A non-empty 1-D float array, or an error that says what was wrong."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(array.shape)}; expected (n,), one number per point. "
            f"Flatten it with np.ravel({name}) if it holds one series."
        )
    if array.size == 0:
        raise ValueError(f"{where}: {name} is empty; there is nothing to plot.")
    return array


def _named_series(data: Any, where: str, name: str, example: str) -> dict[str, np.ndarray]:
    if not isinstance(data, Mapping):
        hint = ""
        if hasattr(data, "history") and isinstance(data.history, Mapping):
            hint = f" A Keras History object keeps it in .history: pass {name}.history."
        raise TypeError(
            f"{where}: {name} is a {type(data).__name__}; expected a mapping from a label to a list "
            f"of numbers, such as {example}.{hint}"
        )
    if not data:
        raise ValueError(f"{where}: {name} is empty; expected at least one labelled series, such as {example}.")
    return {str(label): _series(values, where, f"{name}[{label!r}]") for label, values in data.items()}


def _matrix(states: Any, where: str, name: str) -> np.ndarray:
    array = np.asarray(states, dtype=float)
    if array.ndim == 3 and array.shape[0] == 1:
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(array.shape)}; expected (timesteps, units). "
            f"It looks like a batch of one: pass {name}[0]."
        )
    if array.ndim != 2:
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(array.shape)}; expected (timesteps, units), "
            "one row per step. For a batch, plot one sequence: states[i]."
        )
    if 0 in array.shape:
        raise ValueError(f"{where}: {name} has shape {format_shape(array.shape)}; there is nothing to plot.")
    return array


def _check_tokens(tokens: Sequence[str] | None, timesteps: int, where: str) -> None:
    if tokens is not None and len(tokens) != timesteps:
        raise ShapeError(
            f"{where}: tokens has {len(tokens)} entries but there are {timesteps} timesteps; "
            "pass one label per step (or tokens=None)."
        )
