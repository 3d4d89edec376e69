"""rnnlib.shapes: ShapeError and the checks, including the exact text a reader sees."""

from __future__ import annotations

import re

import numpy as np
import pytest

import rnnlib
from rnnlib import ShapeError, check_sequence_batch, check_shape, format_shape


def test_shape_error_is_a_value_error() -> None:
    assert issubclass(ShapeError, ValueError)
    with pytest.raises(ValueError):
        check_sequence_batch(np.zeros((4, 5)), where="f")


@pytest.mark.parametrize(
    ("shape", "text"), [((4, 5), "(4, 5)"), ((3,), "(3,)"), ((), "()"), ((1, 4, 5), "(1, 4, 5)")]
)
def test_format_shape_prints_like_numpy(shape: tuple[int, ...], text: str) -> None:
    assert format_shape(shape) == text == str(np.zeros(shape).shape)


def test_batch_returns_the_three_sizes() -> None:
    assert check_sequence_batch(np.zeros((2, 7, 3)), where="f") == (2, 7, 3)
    assert check_sequence_batch(np.zeros((2, 7, 3)), where="f", features=3) == (2, 7, 3)


def test_single_sequence_says_add_the_batch_axis() -> None:
    expected = (
        "simple_rnn: x has shape (4, 5); expected (batch, timesteps, features). "
        "A single sequence of 4 timesteps and 5 features needs a batch axis: "
        "x[np.newaxis] (or x.reshape(1, 4, 5)) has shape (1, 4, 5)."
    )
    with pytest.raises(ShapeError) as info:
        check_sequence_batch(np.zeros((4, 5)), where="simple_rnn")
    assert str(info.value) == expected


def test_the_suggested_fix_passes() -> None:
    x = np.zeros((4, 5))
    assert check_sequence_batch(x[np.newaxis], where="f") == (1, 4, 5)


def test_message_uses_the_argument_name() -> None:
    with pytest.raises(ShapeError, match=re.escape("lstm: inputs has shape (4, 5)")):
        check_sequence_batch(np.zeros((4, 5)), where="lstm", name="inputs")
    with pytest.raises(ShapeError, match=re.escape("inputs[np.newaxis]")):
        check_sequence_batch(np.zeros((4, 5)), where="lstm", name="inputs")


def test_one_dimensional_input_suggests_one_feature() -> None:
    with pytest.raises(ShapeError, match=re.escape("x.reshape(1, 12, 1)")):
        check_sequence_batch(np.zeros(12), where="f")


def test_four_dimensional_input_is_refused() -> None:
    with pytest.raises(ShapeError, match=r"has shape \(2, 3, 4, 5\).*It has 4 axes"):
        check_sequence_batch(np.zeros((2, 3, 4, 5)), where="f")


def test_empty_batch_and_zero_timesteps_are_refused() -> None:
    with pytest.raises(ShapeError, match=r"batch = 0"):
        check_sequence_batch(np.zeros((0, 3, 2)), where="f")
    with pytest.raises(ShapeError, match=r"0 timesteps"):
        check_sequence_batch(np.zeros((2, 0, 2)), where="f")


def test_wrong_feature_count_names_both_sizes() -> None:
    with pytest.raises(ShapeError) as info:
        check_sequence_batch(np.zeros((1, 4, 6)), where="gru", features=5)
    message = str(info.value)
    assert message.startswith("gru: x has shape (1, 4, 6); expected (batch, timesteps, features=5).")
    assert "has 6 features, but the weights expect 5" in message


def test_a_list_is_not_silently_accepted() -> None:
    with pytest.raises(TypeError, match=r"np.asarray\(x\)"):
        check_sequence_batch([[1.0, 2.0]], where="f")


def test_check_shape_reads_named_sizes() -> None:
    sizes = check_shape(np.zeros((5, 12)), ("features", 12), name="kernel", where="f")
    assert sizes == {"features": 5}
    sizes = check_shape(np.zeros((3, 12)), ("units", None), name="r", where="f", sizes=sizes)
    assert sizes == {"features": 5, "units": 3}


def test_check_shape_names_the_disagreeing_axis() -> None:
    with pytest.raises(ShapeError) as info:
        check_shape(np.zeros((4, 6)), ("features", "units"), name="kernel", where="lstm", sizes={"units": 8})
    assert str(info.value) == (
        "lstm: kernel has shape (4, 6); expected (features, units=8). "
        "Axis 1 (units) is 6, but units is 8 elsewhere."
    )


def test_check_shape_counts_axes_and_appends_the_hint() -> None:
    with pytest.raises(ShapeError) as info:
        check_shape(np.zeros(3), ("units", "units"), name="recurrent_kernel", where="f", hint="Pass a square matrix.")
    assert str(info.value) == (
        "f: recurrent_kernel has shape (3,); expected (units, units). It has 1 axes, not 2. Pass a square matrix."
    )


def test_check_shape_exact_sizes() -> None:
    with pytest.raises(ShapeError, match=r"Axis 0 is 3, not 2"):
        check_shape(np.zeros((3, 4)), (2, None), name="bias", where="gru")


def test_public_names_are_exported() -> None:
    for name in rnnlib.__all__:
        assert hasattr(rnnlib, name), name
