"""The book's reusable figures: training curves, forecasts against truth, confusion matrices,
hidden-state heatmaps, gate activations, and a metric against sequence length.

Import it explicitly (``from rnnlib import plot``); ``import rnnlib`` alone does not load
matplotlib. Every function draws on an Axes you pass (or a new one), returns it, and leaves
``plt.show()`` to the caller. Bad input (wrong shape, empty data, mismatched lengths) raises
:class:`~rnnlib.shapes.ShapeError` or :class:`ValueError` with a message that says how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from rnnlib.shapes import ShapeError, format_shape

__all__ = [
    "confusion_counts",
    "confusion_matrix",
    "forecast",
    "gate_activations",
    "hidden_state_heatmap",
    "metric_vs_length",
    "seed_points",
    "training_curves",
]


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


def confusion_counts(y_true: Any, y_pred: Any, n_classes: int) -> np.ndarray:
    """Count ``(true, predicted)`` pairs: row ``i``, column ``j`` is how many of class ``i`` were
    predicted as class ``j``.

    Args:
        y_true, y_pred: integer labels, shape ``(batch,)``, each in ``range(n_classes)``.
        n_classes: the number of classes.

    Returns:
        int64, shape ``(n_classes, n_classes)``.

    Raises:
        ShapeError: labels that are not 1-D or differ in length.
        ValueError: empty labels, or a label outside ``range(n_classes)``.
    """
    true = np.asarray(y_true)
    pred = np.asarray(y_pred)
    for name, array in (("y_true", true), ("y_pred", pred)):
        if array.ndim != 1:
            hint = (" For scores or logits of shape (batch, classes), take the argmax: "
                    "scores.argmax(-1).") if array.ndim == 2 else ""
            raise ShapeError(
                f"confusion_counts: {name} has shape {format_shape(array.shape)}; "
                f"expected (batch,), one label per example.{hint}"
            )
    if true.shape != pred.shape:
        raise ShapeError(
            f"confusion_counts: y_true has shape {format_shape(true.shape)} but y_pred has "
            f"{format_shape(pred.shape)}; expected one prediction per example."
        )
    if true.size == 0:
        raise ValueError("confusion_counts: y_true is empty; pass at least one example.")
    for name, array in (("y_true", true), ("y_pred", pred)):
        bad = array[(array < 0) | (array >= n_classes)]
        if bad.size:
            raise ValueError(
                f"confusion_counts: {name} holds the label {bad[0].item()!r}, outside range({n_classes}); "
                "labels are class indices 0 .. n_classes - 1."
            )
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (true.astype(np.int64), pred.astype(np.int64)), 1)
    return counts


def confusion_matrix(
    y_true: Any,
    y_pred: Any,
    classes: Sequence[str],
    *,
    ax: Axes | None = None,
    title: str = "Confusion matrix",
) -> Axes:
    """Draw the confusion matrix: counts in each cell, coloured by the share of the true class.

    Args:
        y_true, y_pred: integer labels, shape ``(batch,)``.
        classes: the class names, indexed by label.
        ax, title: as in :func:`training_curves`.

    Raises:
        as :func:`confusion_counts`, and ValueError for an empty ``classes``.
    """
    if len(classes) == 0:
        raise ValueError("confusion_matrix: classes is empty; pass the class names, such as ['neg', 'pos'].")
    counts = confusion_counts(y_true, y_pred, len(classes))
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)  # row-normalised
    ax = _axes(ax, figsize=(4.6, 4.0))
    image = ax.imshow(share, cmap="Blues", vmin=0.0, vmax=1.0)
    for i in range(len(classes)):
        for j in range(len(classes)):
            ax.text(j, i, str(counts[i, j]), ha="center", va="center",
                    color="white" if share[i, j] > 0.5 else "black", fontsize=10)
    ticks = range(len(classes))
    ax.set_xticks(ticks, list(classes), rotation=30, ha="right")
    ax.set_yticks(ticks, list(classes))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="share of the true class", fraction=0.046)
    return ax


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


def hidden_state_heatmap(
    states: Any,
    *,
    tokens: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str = "Hidden state over time",
    vmin: float = -1.0,
    vmax: float = 1.0,
) -> Axes:
    """Draw a hidden-state sequence as a heatmap: time across, units down.

    Args:
        states: shape ``(timesteps, units)``, such as one row of a ``return_sequences=True`` output.
        tokens: optional labels for the time axis, one per step (characters, words).
        ax, title: as in :func:`training_curves`.
        vmin, vmax: the colour range; tanh states lie in [-1, 1].

    Raises:
        ShapeError: ``states`` is not 2-D (a batch of one gets a hint), or ``tokens`` has the wrong length.
        ValueError: an empty axis.
    """
    array = _matrix(states, "hidden_state_heatmap", "states")
    _check_tokens(tokens, array.shape[0], "hidden_state_heatmap")
    ax = _axes(ax, figsize=(max(4.0, 0.28 * array.shape[0] + 1.5), max(2.2, 0.22 * array.shape[1] + 1.0)))
    image = ax.imshow(array.T, cmap="RdBu_r", vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    if tokens is not None:
        ax.set_xticks(range(len(tokens)), [repr(t)[1:-1] if t != " " else "·" for t in tokens], fontsize=8)
    ax.set_xlabel("timestep" if tokens is None else "input at each timestep")
    ax.set_ylabel("unit")
    ax.set_title(title)
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="activation", fraction=0.046)
    return ax


def gate_activations(
    gates: Mapping[str, Any],
    *,
    tokens: Sequence[str] | None = None,
    title: str = "Gate activations",
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw each gate's activation over time as a heatmap, one panel per gate, stacked.

    Args:
        gates: gate name -> activations of shape ``(timesteps, units)``, all the same shape
            (sigmoid gates lie in [0, 1]).
        tokens: optional labels for the time axis, one per step.
        title: the figure's title.
        figsize: default grows with the number of gates.

    Returns:
        The Figure.

    Raises:
        TypeError / ValueError: ``gates`` is not a mapping, or is empty.
        ShapeError: a gate that is not 2-D, gates of different shapes, or ``tokens`` of the wrong length.
    """
    if not isinstance(gates, Mapping):
        raise TypeError(
            f"gate_activations: gates is a {type(gates).__name__}; expected a mapping such as "
            '{"input": i, "forget": f}, each (timesteps, units).'
        )
    if not gates:
        raise ValueError('gate_activations: gates is empty; pass at least one gate, such as {"forget": f}.')
    arrays = {str(k): _matrix(v, "gate_activations", f"gates[{k!r}]") for k, v in gates.items()}
    first_name, first = next(iter(arrays.items()))
    for name, array in arrays.items():
        if array.shape != first.shape:
            raise ShapeError(
                f"gate_activations: gates[{name!r}] has shape {format_shape(array.shape)} but "
                f"gates[{first_name!r}] has {format_shape(first.shape)}; "
                "all gates of one layer share (timesteps, units)."
            )
    _check_tokens(tokens, first.shape[0], "gate_activations")
    n = len(arrays)
    # Constrained layout leaves room for one colourbar shared by all panels (tight_layout cannot).
    fig, axes = plt.subplots(n, 1, figsize=figsize or (7.0, 1.2 + 1.3 * n), sharex=True, squeeze=False,
                             layout="constrained")
    for ax, (name, array) in zip(axes[:, 0], arrays.items()):
        image = ax.imshow(array.T, cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto", interpolation="nearest")
        ax.set_ylabel(f"{name}\nunit")
        ax.grid(False)
    if tokens is not None:
        axes[-1, 0].set_xticks(range(len(tokens)), list(tokens), fontsize=8)
    axes[-1, 0].set_xlabel("timestep")
    fig.colorbar(image, ax=axes[:, 0].tolist(), label="gate value (0 = closed, 1 = open)", fraction=0.03)
    fig.suptitle(title)
    return fig


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
