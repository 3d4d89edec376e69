"""rnnlib.plot: each figure draws what it is given, and refuses bad input with a clear message."""

from __future__ import annotations

import re
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnnlib import (
    ShapeError,
    plot,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- training curves --------------------------------------------------------------------------


def test_training_curves_draws_one_line_per_metric() -> None:
    ax = plot.training_curves({"train": [0.9, 0.5, 0.3], "test": [1.0, 0.7, 0.6]}, ylabel="cross-entropy (nats)")
    assert [line.get_label() for line in ax.get_lines()] == ["train", "test"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])
    assert ax.get_ylabel() == "cross-entropy (nats)"


def test_training_curves_log_scale_and_given_axes() -> None:
    fig, ax = plt.subplots()
    assert plot.training_curves({"loss": [1.0, 0.1]}, ax=ax, logy=True) is ax
    assert ax.get_yscale() == "log"


def test_training_curves_errors() -> None:
    class History:  # what keras model.fit returns
        history = {"loss": [1.0]}

    with pytest.raises(TypeError, match=r"training_curves: history is a History; .* pass history\.history"):
        plot.training_curves(History())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"training_curves: history is empty"):
        plot.training_curves({})
    with pytest.raises(ValueError, match=r"training_curves: history\['loss'\] is empty; there is nothing to plot"):
        plot.training_curves({"loss": []})
    with pytest.raises(ShapeError, match=re.escape("training_curves: history['loss'] has shape (2, 2); expected (n,)")):
        plot.training_curves({"loss": [[1, 2], [3, 4]]})


# --- forecasts --------------------------------------------------------------------------------


def test_forecast_places_the_past_before_zero() -> None:
    ax = plot.forecast(np.arange(5.0), np.ones(3), {"naive": np.full(3, 4.0), "GRU": np.ones(3)})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["observed window", "truth"] and "GRU" in labels
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [-5, -4, -3, -2, -1])
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [0, 1, 2])


def test_forecast_errors() -> None:
    expected = (
        "forecast: predictions['GRU'] has shape (2, 3); expected (3,), the shape of "
        "truth. Plot one example at a time: y_hat[0]."
    )
    with pytest.raises(ShapeError, match=re.escape(expected)):
        plot.forecast(np.zeros(5), np.zeros(3), {"GRU": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"forecast: truth is empty"):
        plot.forecast(np.zeros(5), [], {"GRU": []})
    with pytest.raises(ShapeError, match=re.escape("forecast: context has shape (1, 5, 1); expected (n,)")):
        plot.forecast(np.zeros((1, 5, 1)), np.zeros(3), {"GRU": np.zeros(3)})
    with pytest.raises(ValueError, match=r"forecast: predictions is empty"):
        plot.forecast(np.zeros(5), np.zeros(3), {})


# --- confusion matrix -------------------------------------------------------------------------


def test_confusion_counts_rows_are_true_classes() -> None:
    counts = plot.confusion_counts([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], 3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert counts.sum() == 6 and np.trace(counts) == 4


def test_confusion_matrix_writes_every_count() -> None:
    ax = plot.confusion_matrix([0, 0, 1], [0, 1, 1], ["neg", "pos"])
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "1", "1"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["neg", "pos"]


def test_confusion_errors() -> None:
    expected = (
        "confusion_counts: y_pred has shape (3, 2); expected (batch,), one label per "
        "example. For scores or logits of shape (batch, classes), take the argmax: "
        "scores.argmax(-1)."
    )
    with pytest.raises(ShapeError, match=re.escape(expected)):
        plot.confusion_counts([0, 1, 1], np.zeros((3, 2)), 2)
    with pytest.raises(ShapeError, match=re.escape("confusion_counts: y_true has shape (3,) but y_pred has (2,)")):
        plot.confusion_counts([0, 1, 1], [0, 1], 2)
    with pytest.raises(ValueError, match=re.escape("confusion_counts: y_pred holds the label 5, outside range(2)")):
        plot.confusion_counts([0, 1], [0, 5], 2)
    with pytest.raises(ValueError, match=r"confusion_counts: y_true is empty"):
        plot.confusion_counts([], [], 2)
    with pytest.raises(ValueError, match=r"confusion_matrix: classes is empty"):
        plot.confusion_matrix([0], [0], [])


# --- hidden states and gates ------------------------------------------------------------------


def test_hidden_state_heatmap_puts_time_across() -> None:
    states = np.linspace(-1, 1, 12).reshape(4, 3)  # (timesteps=4, units=3)
    ax = plot.hidden_state_heatmap(states, tokens=list("ab c"))
    image = ax.get_images()[0]
    assert image.get_array().shape == (3, 4)  # units down, time across
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "·", "c"]


def test_hidden_state_heatmap_errors() -> None:
    expected = (
        "hidden_state_heatmap: states has shape (1, 4, 3); expected (timesteps, units). "
        "It looks like a batch of one: pass states[0]."
    )
    with pytest.raises(ShapeError, match=re.escape(expected)):
        plot.hidden_state_heatmap(np.zeros((1, 4, 3)))
    expected = (
        "hidden_state_heatmap: states has shape (4,); expected (timesteps, units)"
    )
    with pytest.raises(ShapeError, match=re.escape(expected)):
        plot.hidden_state_heatmap(np.zeros(4))
    expected = (
        "hidden_state_heatmap: tokens has 2 entries but there are 4 timesteps"
    )
    with pytest.raises(ShapeError, match=re.escape(expected)):
        plot.hidden_state_heatmap(np.zeros((4, 3)), tokens=["a", "b"])
    expected = (
        "hidden_state_heatmap: states has shape (0, 3); there is nothing to plot"
    )
    with pytest.raises(ValueError, match=re.escape(expected)):
        plot.hidden_state_heatmap(np.zeros((0, 3)))


def test_gate_activations_one_panel_per_gate() -> None:
    gates = {"input": np.full((5, 2), 0.2), "forget": np.full((5, 2), 0.9), "output": np.full((5, 2), 0.5)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a layout warning would reach a notebook's stderr
        fig = plot.gate_activations(gates)
        fig.canvas.draw()
    panels = [ax for ax in fig.axes if ax.get_images()]
    assert len(panels) == 3
    assert panels[1].get_ylabel().startswith("forget")


def test_gate_activations_errors() -> None:
    with pytest.raises(ValueError, match=r"gate_activations: gates is empty"):
        plot.gate_activations({})
    with pytest.raises(TypeError, match=r"gate_activations: gates is a list"):
        plot.gate_activations([np.zeros((3, 2))])  # type: ignore[arg-type]
    expected = (
        "gate_activations: gates['f'] has shape (4, 2) but gates['i'] has (5, 2)"
    )
    with pytest.raises(ShapeError, match=re.escape(expected)):
        plot.gate_activations({"i": np.zeros((5, 2)), "f": np.zeros((4, 2))})


# --- metric against length --------------------------------------------------------------------


def test_metric_vs_length_with_baseline() -> None:
    ax = plot.metric_vs_length([10, 20], {"RNN": [0.01, 0.16], "LSTM": [0.01, 0.01]}, baseline=0.167, logy=True)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["RNN", "LSTM", "baseline"]
    assert ax.get_yscale() == "log"


def test_metric_vs_length_errors() -> None:
    with pytest.raises(ShapeError, match=re.escape("metric_vs_length: results['RNN'] has 1 values but lengths has 2")):
        plot.metric_vs_length([10, 20], {"RNN": [0.1]})
    with pytest.raises(ValueError, match=r"metric_vs_length: lengths is empty"):
        plot.metric_vs_length([], {"RNN": []})


def test_seed_points_draws_a_point_per_seed_and_a_median() -> None:
    ax = plot.seed_points({"T=10": {"A": [1.0, 2.0, 4.0], "B": [3.0]}, "T=20": {"A": [5.0]}})
    points = sum(len(c.get_offsets()) for c in ax.collections
                 if type(c).__name__ == "PathCollection")
    assert points == 5
    medians = [seg for c in ax.collections if type(c).__name__ == "LineCollection"
               for seg in c.get_segments()]
    assert sorted(float(s[0][1]) for s in medians) == [2.0, 3.0, 5.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["T=10", "T=20"]
    plt.close("all")


def test_seed_points_errors() -> None:
    with pytest.raises(TypeError, match="seed_points: results must be a non-empty mapping"):
        plot.seed_points({})
    with pytest.raises(ShapeError, match=r"seed_points: results\['T'\]\['A'\] has shape"):
        plot.seed_points({"T": {"A": [[1.0, 2.0]]}})


# --- the package -------------------------------------------------------------------------------


def test_every_figure_has_one_home_and_is_importable_from_the_package() -> None:
    from rnnlib.plot import confusion, states, training  # noqa: PLC0415

    homes = [(name, module.__name__) for module in (confusion, states, training) for name in module.__all__]
    assert sorted(name for name, _ in homes) == sorted(plot.__all__)  # none in two modules, none missing
    for name, home in homes:
        assert getattr(plot, name) is getattr(sys.modules[home], name)
