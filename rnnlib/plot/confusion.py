"""The confusion matrix of a classifier: the counts, and their figure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from rnnlib.plot._common import _axes
from rnnlib.shapes import ShapeError, format_shape

__all__ = ["confusion_counts", "confusion_matrix"]


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
