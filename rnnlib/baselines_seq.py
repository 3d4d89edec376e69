"""Baselines for tagging and forecasting, matched in what they see to a recurrent model.

- :class:`ContextMajorityTagger`: tags each step with the majority tag of its letter context
  (``left`` steps before it, the step itself, ``right`` steps after it), counted on training
  data. Matched to a unidirectional tagger with ``right=0``, to a bidirectional one with both.
- :class:`ARRidgeForecaster`: a linear autoregressive forecaster, ridge regression from the
  last ``order`` values of a window to the next ``horizon`` values (all at once, the direct
  way, like a recurrent forecaster with a linear head).

Both are plain NumPy, fitted in closed form or by counting, with no seed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from rnnlib.shapes import ShapeError, format_shape

__all__ = ["ARRidgeForecaster", "ContextMajorityTagger"]


def _check_ids(ids: Any, where: str, name: str = "ids") -> np.ndarray:
    array = np.asarray(ids)
    if array.ndim != 2:
        hint = f" A single sequence needs a batch axis: {name}[np.newaxis]." if array.ndim == 1 else ""
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(array.shape)}; expected (batch, timesteps) "
            f"integer ids.{hint}"
        )
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{where}: {name} has dtype {array.dtype}; expected integer ids (token ids).")
    return array


class ContextMajorityTagger:
    """Tag each step 1 where most training occurrences of its context were tagged 1.

    The context of step ``t`` is ``ids[t - left : t + right + 1]``: the step itself, ``left``
    steps before it and ``right`` after it. ``left=right=0`` is the rule "this letter usually
    ends a word". Contexts never cross the edge of a row: near an edge, and for a context never
    seen in training, the rule backs off to a shorter context, dropping one step at a time from
    the longer side (the left side on a tie), down to the step alone; a step never seen at all
    is tagged 0. A tie between the two tags gives 0.

    So a row is read as a recurrent tagger reads a window: ``right=0`` sees what a
    unidirectional layer sees (less, since it sees at most ``left`` steps back), and
    ``left=right=k`` sees part of what a bidirectional layer sees.
    """

    def __init__(self, left: int, right: int = 0) -> None:
        for name, value in (("left", left), ("right", right)):
            if not isinstance(value, (int, np.integer)) or value < 0:
                raise ValueError(
                    f"ContextMajorityTagger: {name} is {value!r}; expected an int of 0 or more "
                    "(the number of steps of context on that side)."
                )
        self.left, self.right = int(left), int(right)
        self.tables: dict[tuple[int, int], dict[tuple[int, ...], int]] = {}

    def fit(self, ids: Any, tags: Any) -> ContextMajorityTagger:
        """Count, for every context shape up to (left, right), how often each context is tagged 1.

        Args:
            ids: shape ``(batch, timesteps)``, integer ids. One long training text is one row:
                ``ids[np.newaxis]``.
            tags: shape ``(batch, timesteps)``, 0 or 1 per step.

        Raises:
            ShapeError: ``ids`` is not 2-D, or ``tags`` has another shape.
        """
        x = _check_ids(ids, "ContextMajorityTagger.fit")
        y = np.asarray(tags)
        if y.shape != x.shape:
            raise ShapeError(
                f"ContextMajorityTagger.fit: tags has shape {format_shape(y.shape)}; expected the "
                f"shape of ids, {format_shape(x.shape)}: one tag per step."
            )
        self.tables = {}
        for lo in range(self.left + 1):
            for hi in range(self.right + 1):
                seen: Counter[tuple[int, ...]] = Counter()
                ones: Counter[tuple[int, ...]] = Counter()
                for row, row_tags in zip(x.tolist(), y.tolist()):
                    for t in range(lo, len(row) - hi):
                        key = tuple(row[t - lo:t + hi + 1])
                        seen[key] += 1
                        ones[key] += int(row_tags[t])
                # the majority tag of each context seen: 1 only where 1 is strictly more common
                self.tables[lo, hi] = {k: int(2 * ones[k] > n) for k, n in seen.items()}
        return self

    def predict(self, ids: Any) -> np.ndarray:
        """Tag every step of every row: shape ``(batch, timesteps)``, float64 0.0 or 1.0.

        Args:
            ids: shape ``(batch, timesteps)``; each row is read alone (no context crosses rows).

        Raises:
            RuntimeError: called before :meth:`fit`.
            ShapeError: ``ids`` is not 2-D.
        """
        if not self.tables:
            raise RuntimeError("ContextMajorityTagger.predict: call fit(ids, tags) first.")
        x = _check_ids(ids, "ContextMajorityTagger.predict")
        out = np.zeros(x.shape)  # (batch, timesteps)
        for b, row in enumerate(x.tolist()):
            for t in range(len(row)):
                lo, hi = min(self.left, t), min(self.right, len(row) - 1 - t)
                while True:
                    tag = self.tables[lo, hi].get(tuple(row[t - lo:t + hi + 1]))
                    if tag is not None:
                        out[b, t] = tag
                        break
                    if lo == hi == 0:
                        break  # a step never seen in training: tag 0
                    if lo >= hi:
                        lo -= 1
                    else:
                        hi -= 1
        return out


def _check_windows(x: Any, where: str, order: int) -> np.ndarray:
    array = np.asarray(x, dtype=np.float64)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]  # (batch, timesteps, 1) -> (batch, timesteps)
    if array.ndim != 2:
        raise ShapeError(
            f"{where}: x has shape {format_shape(np.shape(x))}; expected (batch, timesteps) or "
            "(batch, timesteps, 1), one value per step. A single window needs a batch axis: "
            "x[np.newaxis]."
        )
    if array.shape[1] < order:
        raise ShapeError(
            f"{where}: x has {array.shape[1]} timesteps; an AR({order}) model reads the last "
            f"{order}. Give longer windows or a smaller order."
        )
    return array[:, array.shape[1] - order:]  # (batch, order)


class ARRidgeForecaster:
    """Linear autoregression: the next ``horizon`` values from the last ``order`` values.

    ``y_hat = x[:, -order:] @ W + b`` with ``W`` of shape ``(order, horizon)``, fitted by ridge
    regression: least squares plus ``alpha * |W|^2`` (the intercept ``b`` is not penalised).
    With ``horizon > 1`` it forecasts all future steps at once, each with its own weights.
    """

    def __init__(self, order: int, alpha: float = 1.0) -> None:
        if not isinstance(order, (int, np.integer)) or order < 1:
            raise ValueError(
                f"ARRidgeForecaster: order is {order!r}; expected an int of at least 1 (the number "
                "of past values the forecast reads)."
            )
        if alpha < 0:
            raise ValueError(f"ARRidgeForecaster: alpha is {alpha!r}; expected 0 or more.")
        self.order, self.alpha = int(order), float(alpha)
        self.weights: np.ndarray | None = None
        self.bias: np.ndarray | None = None

    def fit(self, x: Any, y: Any) -> ARRidgeForecaster:
        """Fit on windows and their futures.

        Args:
            x: shape ``(batch, timesteps)`` or ``(batch, timesteps, 1)``, with
                ``timesteps >= order``; only the last ``order`` steps are used.
            y: shape ``(batch, horizon)`` (or ``(batch,)`` for one step ahead).

        Raises:
            ShapeError: a shape other than those, or a batch size that differs.
        """
        past = _check_windows(x, "ARRidgeForecaster.fit", self.order)  # (batch, order)
        future = np.asarray(y, dtype=np.float64)
        future = future[:, np.newaxis] if future.ndim == 1 else future  # (batch, horizon)
        if future.ndim != 2 or len(future) != len(past):
            raise ShapeError(
                f"ARRidgeForecaster.fit: y has shape {format_shape(np.shape(y))}; expected "
                f"({len(past)}, horizon), one row of future values per window of x."
            )
        mean_x, mean_y = past.mean(axis=0), future.mean(axis=0)
        centred_x, centred_y = past - mean_x, future - mean_y
        gram = centred_x.T @ centred_x + self.alpha * np.eye(self.order)  # (order, order)
        self.weights = np.linalg.solve(gram, centred_x.T @ centred_y)  # (order, horizon)
        self.bias = mean_y - mean_x @ self.weights  # (horizon,)
        return self

    def predict(self, x: Any) -> np.ndarray:
        """Forecast from the last ``order`` steps of each window: shape ``(batch, horizon)``.

        Raises:
            RuntimeError: called before :meth:`fit`.
            ShapeError: ``x`` is not (batch, timesteps[, 1]) or has fewer than ``order`` steps.
        """
        if self.weights is None or self.bias is None:
            raise RuntimeError("ARRidgeForecaster.predict: call fit(x, y) first.")
        past = _check_windows(x, "ARRidgeForecaster.predict", self.order)  # (batch, order)
        return past @ self.weights + self.bias  # (batch, horizon)
