"""Figures of what happens inside a recurrent layer: the hidden state over time, and the gates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from rnnlib.plot._common import _axes, _check_tokens, _matrix
from rnnlib.shapes import ShapeError, format_shape

__all__ = ["gate_activations", "hidden_state_heatmap"]


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
