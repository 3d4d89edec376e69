"""The book's reusable figures: training curves, forecasts against truth, confusion matrices,
hidden-state heatmaps, gate activations, and a metric against sequence length.

Import it explicitly (``from rnnlib import plot``); ``import rnnlib`` alone does not load
matplotlib. Every function draws on an Axes you pass (or a new one), returns it, and leaves
``plt.show()`` to the caller. Bad input (wrong shape, empty data, mismatched lengths) raises
:class:`~rnnlib.shapes.ShapeError` or :class:`ValueError` with a message that says how to fix it.

One module per idea: :mod:`~rnnlib.plot.training` (training curves, forecasts, a metric against
sequence length, points per seed), :mod:`~rnnlib.plot.confusion` (the confusion matrix) and
:mod:`~rnnlib.plot.states` (hidden-state heatmaps, gate activations); their shared checks live
in ``_common``. Every function is importable from here: ``plot.training_curves(...)``.
"""

from rnnlib.plot.confusion import confusion_counts, confusion_matrix
from rnnlib.plot.states import gate_activations, hidden_state_heatmap
from rnnlib.plot.training import forecast, metric_vs_length, seed_points, training_curves

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
