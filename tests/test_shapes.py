"""rnnlib.shapes: ShapeError and the checks, including the exact text a reader sees."""

from __future__ import annotations

import re

import numpy as np
import pytest

import rnnlib
from rnnlib import ShapeError, check_sequence_batch, check_shape, format_shape
from rnnlib.shapes import as_float_array, check_finite, check_recurrent_weights, check_same_shape, check_state


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


# --- the recurrent layers' checks (used by rnnlib.reference and rnnlib.bptt) ---------------


def test_as_float_array_refuses_non_numbers_with_the_fix() -> None:
    with pytest.raises(TypeError, match=r"^lstm: x is a str; expected an array\. Pass np\.asarray\(x\)\.$"):
        as_float_array("abc", name="x", where="lstm")
    with pytest.raises(TypeError, match=r"lstm: x has dtype <U1; expected a real number dtype .*np\.asarray\(x, "):
        as_float_array(np.array(["a"]), name="x", where="lstm")
    assert as_float_array([1, 2], name="x", where="f").dtype == np.float64
    assert as_float_array(np.zeros(2, np.float32), name="x", where="f").dtype == np.float32
    assert as_float_array(np.zeros(2, np.float32), name="x", where="f", dtype=np.float64).dtype == np.float64


def test_check_finite_names_the_first_bad_index() -> None:
    a = np.zeros((2, 3))
    a[1, 2] = np.inf
    with pytest.raises(ValueError, match=r"^gru: h0 \(shape \(2, 3\)\) contains 1 non-finite value\(s\) "
                       r".* index \(1, 2\)"):
        check_finite(a, name="h0", where="gru")
    check_finite(np.zeros(3), name="h0", where="gru")  # finite: no error


def test_check_state_gives_zeros_a_copy_or_the_reshape_hint() -> None:
    zeros = check_state(None, name="h0", where="f", batch=2, units=3, dtype=np.float32)
    assert zeros.shape == (2, 3) and zeros.dtype == np.float32 and not zeros.any()
    given = np.ones((2, 3))
    got = check_state(given, name="h0", where="f", batch=2, units=3, dtype=np.float64)
    got += 1  # the caller may change it in place: the argument stays as it was
    np.testing.assert_array_equal(given, 1.0)
    with pytest.raises(ShapeError, match=r"f: c0 has shape \(3,\); expected \(batch, units\) = \(2, 3\)"
                       r".*c0\.reshape\(2, 3\)"):
        check_state(np.zeros(3), name="c0", where="f", batch=2, units=3, dtype=np.float64)


def test_check_recurrent_weights_reads_units_from_the_recurrent_kernel() -> None:
    k, rk, b, features, units = check_recurrent_weights(
        np.zeros((5, 8)), np.zeros((2, 8)), np.zeros(8), where="lstm", gates=("i", "f", "c", "o"), dtype=np.float32
    )
    assert (features, units) == (5, 2) and k.dtype == rk.dtype == b.dtype == np.float32
    with pytest.raises(ShapeError, match=r"recurrent_kernel has shape \(2, 6\); expected \(units, 4\*units\) = \(2, 8\)"
                       r"\. .*4 gate block\(s\) \(i, f, c, o\)"):
        check_recurrent_weights(np.zeros((5, 8)), np.zeros((2, 6)), np.zeros(8), where="lstm",
                                gates=("i", "f", "c", "o"), dtype=np.float32)


def test_check_same_shape_says_what_the_shape_must_match() -> None:
    with pytest.raises(ShapeError, match=r"^g: d_outputs has shape \(1, 2\); expected \(batch, units\) = \(2, 2\), "
                       r"the shape of h\.$"):
        check_same_shape(np.zeros((1, 2)), (2, 2), name="d_outputs", where="g", axes="(batch, units)",
                         hint="the shape of h.", dtype=np.float64)
