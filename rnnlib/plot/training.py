"""Figures of a training run and its results: training curves, a forecast against the truth,
a metric against sequence length, and one point per seed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from rnnlib.plot._common import _axes, _named_series, _series
from rnnlib.shapes import ShapeError, format_shape

__all__ = ["forecast", "metric_vs_length", "seed_points", "training_curves"]


def training_curves(
    history: Mapping[str, Sequence[float]],
    *,
    ax: Axes | None = None,
    title: str = "Training curves",
    xlabel: str = "epoch",
    ylabel: str = "loss",
    logy: bool = False,
) -> Axes:
    """Plot one line per metric against the epoch (1, 2, ...).

    Args:
        history: label -> values, one per epoch, such as ``{"train": [...], "test": [...]}`` or a
            Keras ``model.fit(...).history``. Series may differ in length.
        ax: draw here; default a new figure.
        title, xlabel, ylabel: the labels (say the loss's name and unit in ``ylabel``).
        logy: a logarithmic y axis, for losses that fall by orders of magnitude.

    Returns:
        The Axes drawn on.

    Raises:
        TypeError: ``history`` is not a mapping (a Keras ``History`` gets a hint: pass ``.history``).
        ValueError: no series, or an empty series.
        ShapeError: a series that is not 1-D.
    """
    series = _named_series(history, "training_curves", "history", '{"train": [0.9, 0.5, 0.3]}')
    ax = _axes(ax)
    for label, values in series.items():
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, marker="o" if len(values) <= 30 else None, markersize=3, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax


def forecast(
    context: Any,
    truth: Any,
    predictions: Mapping[str, Any],
    *,
    ax: Axes | None = None,
    title: str = "Forecast against truth",
    xlabel: str = "timestep",
    ylabel: str = "value",
) -> Axes:
    """Plot the observed window, the true future and one or more forecasts of it.

    Args:
        context: the values the model saw, shape ``(window,)``; drawn at steps ``-window .. -1``.
        truth: the actual future, shape ``(horizon,)``; drawn at steps ``0 .. horizon - 1``.
        predictions: label -> forecast, each of shape ``(horizon,)``.
        ax, title, xlabel, ylabel: as in :func:`training_curves`.

    Raises:
        ShapeError: an argument that is not 1-D, or a forecast whose length is not ``horizon``.
        ValueError: an empty argument.
    """
    past = _series(context, "forecast", "context")
    future = _series(truth, "forecast", "truth")
    if isinstance(predictions, Mapping):  # compare shapes with truth first: the clearer message
        predictions = {label: np.asarray(values, dtype=float) for label, values in predictions.items()}
        for label, values in predictions.items():
            if values.shape != future.shape:
                raise ShapeError(
                    f"forecast: predictions[{label!r}] has shape {format_shape(values.shape)}; expected "
                    f"{format_shape(future.shape)}, the shape of truth. Plot one example at a time: y_hat[0]."
                )
    preds = _named_series(predictions, "forecast", "predictions", '{"GRU": y_hat}')
    ax = _axes(ax)
    past_t = np.arange(-len(past), 0)
    future_t = np.arange(len(future))
    ax.plot(past_t, past, color="0.45", label="observed window")
    ax.plot(future_t, future, color="black", linewidth=2.2, label="truth")
    for label, values in preds.items():
        ax.plot(future_t, values, linestyle="--", marker="o", markersize=3, label=label)
    ax.axvline(-0.5, color="0.6", linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=9)
    return ax


def metric_vs_length(
    lengths: Sequence[int],
    results: Mapping[str, Sequence[float]],
    *,
    baseline: float | None = None,
    baseline_label: str = "baseline",
    ax: Axes | None = None,
    title: str = "Result against sequence length",
    ylabel: str = "test loss",
    logy: bool = False,
) -> Axes:
    """Plot one line per model of a metric measured at several sequence lengths.

    Args:
        lengths: the sequence lengths, shape ``(n,)``.
        results: model name -> metric at each length, each of shape ``(n,)``.
        baseline: optional level drawn as a dashed line (such as a trivial predictor's loss).
        ax, title, ylabel, logy: as in :func:`training_curves`.

    Raises:
        ShapeError: a result whose length differs from ``lengths``.
        ValueError: empty lengths or results.
    """
    x = _series(lengths, "metric_vs_length", "lengths")
    series = _named_series(results, "metric_vs_length", "results", '{"LSTM": [0.01, 0.02]}')
    for name, values in series.items():
        if values.shape != x.shape:
            raise ShapeError(
                f"metric_vs_length: results[{name!r}] has {values.size} values but lengths has {x.size}; "
                "expected one value per sequence length."
            )
    ax = _axes(ax)
    for name, values in series.items():
        ax.plot(x, values, marker="o", label=name)
    if baseline is not None:
        ax.axhline(baseline, color="0.4", linestyle="--", linewidth=1.2, label=baseline_label)
    if logy:
        ax.set_yscale("log")
    ax.set_xticks(x)
    ax.set_xlabel("sequence length (timesteps)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=9)
    return ax


def seed_points(
    results: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    ax: Axes | None = None,
    title: str = "Result per seed",
    ylabel: str = "test metric",
    logy: bool = False,
    baseline: float | None = None,
    baseline_label: str = "baseline",
) -> Axes:
    """One point per seed and a bar at the median, for several models in several settings.

    Args:
        results: setting (an x tick, such as ``"T=20"``) -> model name -> one value per seed.
            Every setting should name the same models (a missing one leaves a gap).
        ax, title, ylabel, logy: as in :func:`training_curves`.
        baseline: optional level drawn as a dashed line.

    Raises:
        TypeError / ValueError: ``results`` is not a mapping of mappings, or is empty.
        ShapeError: a list of values that is not 1-D.
    """
    if not isinstance(results, Mapping) or not results:
        raise TypeError(
            "seed_points: results must be a non-empty mapping such as "
            '{"T=10": {"GRU": [0.01, 0.02, 0.01]}}, setting -> model -> values per seed.'
        )
    groups = {str(g): _named_series(v, "seed_points", f"results[{g!r}]", '{"GRU": [0.01, 0.02]}')
              for g, v in results.items()}
    models = list(dict.fromkeys(m for series in groups.values() for m in series))
    ax = _axes(ax, figsize=(max(5.0, 1.6 * len(groups) + 2.5), 3.6))
    width = 0.8 / len(models)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, model in enumerate(models):
        colour = colours[k % len(colours)]
        for g, series in enumerate(groups.values()):
            if model not in series:
                continue
            values = series[model]
            x = g - 0.4 + width * (k + 0.5)
            jitter = np.linspace(-0.25, 0.25, len(values)) * width if len(values) > 1 else [0.0]
            ax.scatter(x + np.asarray(jitter), values, color=colour, s=22, alpha=0.8,
                       label=model if g == 0 else None, zorder=3)
            ax.hlines(np.median(values), x - 0.4 * width, x + 0.4 * width, color=colour,
                      linewidth=2.2, zorder=2)
    if baseline is not None:
        ax.axhline(baseline, color="0.4", linestyle="--", linewidth=1.2, label=baseline_label)
    if logy:
        ax.set_yscale("log")
    ax.set_xticks(range(len(groups)), list(groups))
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    return ax
