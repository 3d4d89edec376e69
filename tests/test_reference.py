"""rnnlib.reference computes what Keras and PyTorch compute, and refuses bad input with a message that teaches.

Parity: for random configurations (hypothesis), each NumPy layer matches the Keras layer
(``return_sequences=True, return_state=True``) and the PyTorch module with the same weights,
to within 1e-5 in float32. Weights are converted to PyTorch here by hand (transposes and the
GRU gate reorder), independently of rnnlib.port.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rnnlib
from rnnlib import reference
from rnnlib.shapes import ShapeError

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")
torch.set_num_threads(1)

CELLS = {
    # name: (NumPy function, Keras layer class name, PyTorch module name, gate blocks G)
    "simple_rnn": (reference.simple_rnn, "SimpleRNN", "RNN", 1),
    "lstm": (reference.lstm, "LSTM", "LSTM", 4),
    "gru": (reference.gru, "GRU", "GRU", 3),
}
ATOL = 1e-5
STATE_NAMES = {"simple_rnn": ("h0",), "lstm": ("h0", "c0"), "gru": ("h0",)}


def state_kwargs(name: str, states: list[np.ndarray] | None) -> dict[str, np.ndarray]:
    """Initial states as the keyword arguments the reference layers take."""
    return dict(zip(STATE_NAMES[name], states, strict=True)) if states else {}


def keras_layer(name: str, units: int, features: int, go_backwards: bool, weights: list[np.ndarray]):
    cls = getattr(keras.layers, CELLS[name][1])
    layer = cls(units, return_sequences=True, return_state=True, go_backwards=go_backwards)
    layer.build((None, None, features))
    layer.set_weights(weights)
    return layer


def keras_run(layer, x: np.ndarray, states: list[np.ndarray] | None) -> list[np.ndarray]:
    out = layer(x, initial_state=states) if states else layer(x)
    return [np.asarray(o) for o in out]


def gru_keras_to_torch_blocks(a: np.ndarray, units: int) -> np.ndarray:
    """Reorder the last axis from Keras (z, r, h) to PyTorch (r, z, n)."""
    z, r, h = a[..., :units], a[..., units : 2 * units], a[..., 2 * units :]
    return np.concatenate([r, z, h], axis=-1)


def torch_run(name: str, x: np.ndarray, weights: list[np.ndarray], states: list[np.ndarray] | None,
              go_backwards: bool) -> list[np.ndarray]:
    kernel, rec, bias = weights
    features, units = kernel.shape[0], rec.shape[0]
    dtype = torch.float64 if x.dtype == np.float64 else torch.float32
    module = getattr(torch.nn, CELLS[name][2])(features, units, batch_first=True).to(dtype)
    if name == "gru":
        w_ih = gru_keras_to_torch_blocks(kernel, units).T
        w_hh = gru_keras_to_torch_blocks(rec, units).T
        b_ih = gru_keras_to_torch_blocks(bias[0], units)
        b_hh = gru_keras_to_torch_blocks(bias[1], units)
    else:
        w_ih, w_hh, b_ih, b_hh = kernel.T, rec.T, bias, np.zeros_like(bias)
    with torch.no_grad():
        for param, value in zip(
            (module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, module.bias_hh_l0), (w_ih, w_hh, b_ih, b_hh)
        ):
            param.copy_(torch.from_numpy(np.ascontiguousarray(value)))
        xt = torch.from_numpy(x)
        if go_backwards:  # Keras reads backwards and returns outputs in reading order
            xt = xt.flip(1)
        init = None
        if states:
            init = tuple(torch.from_numpy(s)[None] for s in states)  # (num_layers=1, batch, units)
            if name != "lstm":
                init = init[0]
        out, state = module(xt, init)
    if name == "lstm":
        return [out.numpy(), state[0][0].numpy(), state[1][0].numpy()]
    return [out.numpy(), state[0].numpy()]


def random_weights(rng: np.random.Generator, name: str, features: int, units: int, dtype=np.float32):
    g = CELLS[name][3]
    bias_shape = (2, g * units) if name == "gru" else (g * units,)
    shapes = [(features, g * units), (units, g * units), bias_shape]
    return [rng.uniform(-0.6, 0.6, size=s).astype(dtype) for s in shapes]


config = st.fixed_dictionaries(
    {
        "batch": st.integers(1, 4),
        "timesteps": st.integers(1, 7),
        "features": st.integers(1, 5),
        "units": st.integers(1, 6),
        "go_backwards": st.booleans(),
        "with_state": st.booleans(),
        "seed": st.integers(0, 2**16),
    }
)


@pytest.mark.parametrize("name", list(CELLS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cfg=config)
def test_matches_keras_and_torch_float32(name: str, cfg: dict) -> None:
    rng = np.random.default_rng(cfg["seed"])
    b, t, f, u = cfg["batch"], cfg["timesteps"], cfg["features"], cfg["units"]
    x = rng.normal(size=(b, t, f)).astype(np.float32)
    weights = random_weights(rng, name, f, u)
    n_states = 2 if name == "lstm" else 1
    states = [rng.normal(size=(b, u)).astype(np.float32) for _ in range(n_states)] if cfg["with_state"] else None
    ours = CELLS[name][0](x, *weights, **state_kwargs(name, states), go_backwards=cfg["go_backwards"])
    assert len(ours) == n_states + 1
    assert ours[0].shape == (b, t, u) and ours[0].dtype == np.float32
    theirs = keras_run(keras_layer(name, u, f, cfg["go_backwards"], weights), x, states)
    for a, k in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, k, atol=ATOL, rtol=0)
    for a, p in zip(ours, torch_run(name, x, weights, states, cfg["go_backwards"]), strict=True):
        np.testing.assert_allclose(a, p, atol=ATOL, rtol=0)


@pytest.mark.parametrize("name", list(CELLS))
def test_matches_torch_float64(name: str) -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 9, 4))
    weights = random_weights(rng, name, 4, 5, dtype=np.float64)
    states = [rng.normal(size=(3, 5)) for _ in range(2 if name == "lstm" else 1)]
    ours = CELLS[name][0](x, *weights, **state_kwargs(name, states))
    assert ours[0].dtype == np.float64
    for a, p in zip(ours, torch_run(name, x, weights, states, False), strict=True):
        np.testing.assert_allclose(a, p, atol=1e-12, rtol=0)


def test_go_backwards_returns_outputs_in_reading_order() -> None:
    """Keras with go_backwards=True: outputs[:, 0] is the state after reading the last input step."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32)
    weights = random_weights(rng, "simple_rnn", 3, 4)
    back, h_back = reference.simple_rnn(x, *weights, go_backwards=True)
    fwd_on_reversed, _ = reference.simple_rnn(x[:, ::-1], *weights)
    np.testing.assert_array_equal(back, fwd_on_reversed)
    np.testing.assert_array_equal(h_back, back[:, -1])
    keras_out, keras_h = keras_run(keras_layer("simple_rnn", 4, 3, True, weights), x, None)
    np.testing.assert_allclose(keras_out, back, atol=ATOL)
    np.testing.assert_allclose(keras_h, keras_out[:, -1], atol=0)


def test_keras_recurrent_activation_is_sigmoid() -> None:
    for cls in (keras.layers.LSTM, keras.layers.GRU):
        layer = cls(2)
        assert layer.recurrent_activation is keras.activations.sigmoid
    assert keras.layers.GRU(2).reset_after is True


def test_gru_reset_before_matches_keras() -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(size=(2, 6, 3)).astype(np.float32)
    layer = keras.layers.GRU(4, return_sequences=True, return_state=True, reset_after=False)
    layer.build((None, None, 3))
    weights = [rng.uniform(-0.6, 0.6, size=w.shape).astype(np.float32) for w in layer.get_weights()]
    assert weights[2].shape == (12,)
    layer.set_weights(weights)
    for a, k in zip(reference.gru(x, *weights, reset_after=False), keras_run(layer, x, None), strict=True):
        np.testing.assert_allclose(a, k, atol=ATOL)


def test_lstm_example_sequence_with_weights_0_1() -> None:
    """The Keras chapters' example: LSTM(3), every weight 0.1, zero bias, on the 1x4x5 sequence."""
    x = rnnlib.example_sequence()  # (1, 4, 5)
    units = 3
    weights = [np.full((5, 4 * units), 0.1, np.float32), np.full((units, 4 * units), 0.1, np.float32),
               np.zeros(4 * units, np.float32)]
    ours = reference.lstm(x, *weights)
    theirs = keras_run(keras_layer("lstm", units, 5, False, weights), x, None)
    for a, k in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, k, atol=1e-6)
    # Equal weights make every unit identical, and the outputs grow step by step.
    outputs = ours[0][0]  # (timesteps, units)
    np.testing.assert_allclose(outputs, outputs[:, :1].repeat(units, axis=1), atol=1e-7)
    assert np.all(np.diff(outputs[:, 0]) > 0)
    np.testing.assert_array_equal(ours[1], outputs[-1:])


def test_sigmoid_is_stable_and_keeps_dtype() -> None:
    a = np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0], dtype=np.float32)
    s = reference.sigmoid(a)
    assert s.dtype == np.float32
    np.testing.assert_allclose(s, [0.0, 1 / (1 + np.exp(5.0)), 0.5, 1 / (1 + np.exp(-5.0)), 1.0], atol=1e-7)


def test_importing_reference_imports_no_framework() -> None:
    code = "import rnnlib.reference, rnnlib.bptt, sys; print('tensorflow' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# ---------------------------------------------------------------- bad input: every message names the problem


def good(name: str, dtype=np.float32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 4)).astype(dtype)
    return x, random_weights(rng, name, 4, 3, dtype)


@pytest.mark.parametrize("name", list(CELLS))
def test_two_d_x_is_refused_with_the_fix(name: str) -> None:
    x, w = good(name)
    with pytest.raises(ShapeError, match=rf"^{name}: x has shape \(5, 4\); expected \(batch, timesteps, features\)\. "
                       r"A single sequence .* x\[np\.newaxis\]"):
        CELLS[name][0](x[0], *w)


@pytest.mark.parametrize("name", list(CELLS))
def test_feature_mismatch_names_x_and_the_expected_features(name: str) -> None:
    x, w = good(name)
    with pytest.raises(ShapeError, match=rf"{name}: x has shape \(2, 5, 6\); expected \(batch, "
                                         rf"timesteps, features=4\)\."):
        CELLS[name][0](np.zeros((2, 5, 6), np.float32), *w)


@pytest.mark.parametrize("name", list(CELLS))
def test_zero_timesteps_is_refused(name: str) -> None:
    _, w = good(name)
    with pytest.raises(ShapeError, match=r"x has shape \(2, 0, 4\).*0 timesteps"):
        CELLS[name][0](np.zeros((2, 0, 4), np.float32), *w)


@pytest.mark.parametrize("name", list(CELLS))
def test_recurrent_kernel_that_disagrees_is_refused(name: str) -> None:
    x, (k, rk, b) = good(name)
    g = CELLS[name][3]
    bad = np.zeros((3, g * 3 + 1), np.float32)
    with pytest.raises(ShapeError, match=rf"{name}: recurrent_kernel has shape \(3, {g * 3 + 1}\); "
                       rf"expected \(units, (\d\*)?units\) = \(3, {g * 3}\)"):
        CELLS[name][0](x, k, bad, b)


@pytest.mark.parametrize("name", list(CELLS))
def test_kernel_that_disagrees_with_recurrent_kernel_is_refused(name: str) -> None:
    x, (k, rk, b) = good(name)
    g = CELLS[name][3]
    with pytest.raises(ShapeError, match=rf"{name}: kernel has shape \(4, {g * 2}\); expected "
                       rf"\(features, (\d\*)?units\) = \(4, {g * 3}\).*units = 3"):
        CELLS[name][0](x, k[:, : g * 2], rk, b)


@pytest.mark.parametrize("name", list(CELLS))
def test_bias_of_the_wrong_shape_is_refused(name: str) -> None:
    x, (k, rk, b) = good(name)
    expected = r"\(2, 9\)" if name == "gru" else rf"\({CELLS[name][3] * 3},\)"
    with pytest.raises(ShapeError, match=rf"{name}: bias has shape \(5,\); expected {expected}"):
        CELLS[name][0](x, k, rk, np.zeros(5, np.float32))


def test_gru_reset_after_bias_mixup_is_explained() -> None:
    x, (k, rk, b) = good("gru")
    with pytest.raises(ShapeError, match=r"gru: bias has shape \(9,\); expected \(2, 9\).*row 0: input bias"):
        reference.gru(x, k, rk, b[0])


@pytest.mark.parametrize("name", list(CELLS))
def test_h0_of_the_wrong_shape_is_refused(name: str) -> None:
    x, w = good(name)
    with pytest.raises(ShapeError, match=rf"{name}: h0 has shape \(3,\); expected \(batch, units\) = \(2, 3\)."
                       r".*h0\.reshape\(2, 3\)"):
        CELLS[name][0](x, *w, h0=np.zeros(3, np.float32))
    with pytest.raises(ShapeError, match=rf"{name}: h0 has shape \(1, 3\); expected \(batch, units\) = \(2, 3\)"):
        CELLS[name][0](x, *w, h0=np.zeros((1, 3), np.float32))


def test_c0_of_the_wrong_shape_is_refused() -> None:
    x, w = good("lstm")
    with pytest.raises(ShapeError, match=r"lstm: c0 has shape \(2, 4\); expected \(batch, units\) = \(2, 3\)"):
        reference.lstm(x, *w, h0=np.zeros((2, 3)), c0=np.zeros((2, 4)))


@pytest.mark.parametrize("name", list(CELLS))
@pytest.mark.parametrize("where", ["x", "kernel", "recurrent_kernel", "bias", "h0"])
def test_non_finite_values_are_refused(name: str, where: str) -> None:
    x, (k, rk, b) = good(name)
    args = {"x": x, "kernel": k, "recurrent_kernel": rk, "bias": b, "h0": np.zeros((2, 3), np.float32)}
    args[where] = args[where].copy()
    args[where].flat[1] = np.nan
    shape = rnnlib.format_shape(args[where].shape).replace("(", r"\(").replace(")", r"\)")
    with pytest.raises(ValueError, match=rf"{name}: {where} \(shape {shape}\) contains 1 non-finite value"):
        CELLS[name][0](**args)


def test_c0_non_finite_is_refused() -> None:
    x, w = good("lstm")
    c0 = np.zeros((2, 3))
    c0[1, 2] = np.inf
    with pytest.raises(ValueError, match=r"lstm: c0 .* non-finite .* index \(1, 2\)"):
        reference.lstm(x, *w, c0=c0)


def test_dtype_follows_x_and_weights_are_cast() -> None:
    x, w = good("lstm", np.float64)
    out, h, c = reference.lstm(x.astype(np.float32), *w)
    assert out.dtype == h.dtype == c.dtype == np.float32
    out64, _, _ = reference.lstm(x, *[a.astype(np.float32) for a in w])
    assert out64.dtype == np.float64
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(out, out64, atol=1e-5)


# ---------------------------------------------------------------- keyword-only arguments


@pytest.mark.parametrize("name", list(CELLS))
def test_a_state_passed_by_position_is_a_type_error(name: str) -> None:
    """h0 in the fifth position, by analogy with another API, must not be read as something else."""
    x, w = good(name)
    with pytest.raises(TypeError, match="positional argument"):
        CELLS[name][0](x, *w, np.zeros((2, 3), np.float32))


# ---------------------------------------------------------------- Bidirectional


@pytest.mark.parametrize("name", list(CELLS))
@pytest.mark.parametrize("with_state", [False, True])
def test_bidirectional_matches_keras(name: str, with_state: bool) -> None:
    rng = np.random.default_rng(21)
    x = rng.normal(size=(2, 6, 3)).astype(np.float32)
    layer = getattr(keras.layers, CELLS[name][1])(4, return_sequences=True, return_state=True)
    wrapper = keras.layers.Bidirectional(layer)
    wrapper.build((None, None, 3))
    fw = random_weights(rng, name, 3, 4)
    bw = random_weights(rng, name, 3, 4)
    wrapper.forward_layer.set_weights(fw)
    wrapper.backward_layer.set_weights(bw)
    n_states = 2 * len(STATE_NAMES[name])
    states = [rng.normal(size=(2, 4)).astype(np.float32) for _ in range(n_states)] if with_state else None
    ours = reference.bidirectional(name, x, fw, bw, initial_state=states)
    theirs = [np.asarray(t) for t in (wrapper(x, initial_state=states) if states else wrapper(x))]
    assert len(ours) == len(theirs) == 1 + n_states
    for a, k in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, k, atol=ATOL, rtol=0)
    # The backward half at input step 0 is the backward layer's final state.
    np.testing.assert_array_equal(ours[0][:, 0, 4:], ours[1 + n_states // 2])
    np.testing.assert_array_equal(ours[0][:, -1, :4], ours[1])


def test_bidirectional_refuses_bad_arguments() -> None:
    x, w = good("lstm")
    with pytest.raises(ValueError, match=r"bidirectional: kind is 'LSTM'; expected one of"):
        reference.bidirectional("LSTM", x, w, w)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"bidirectional: backward_weights has 2 arrays; expected 3"):
        reference.bidirectional("lstm", x, w, w[:2])
    with pytest.raises(ValueError, match=r"initial_state has 2 arrays; expected 4 .*\[h_f, c_f, h_b, c_b\]"):
        reference.bidirectional("lstm", x, w, w, initial_state=[np.zeros((2, 3))] * 2)
    with pytest.raises(TypeError, match="positional argument"):
        reference.bidirectional("lstm", x, w, w, [np.zeros((2, 3))] * 4)  # type: ignore[misc]
    with pytest.raises(ShapeError, match=r"lstm: h0 has shape \(3,\); expected \(batch, units\) = \(2, 3\)"):
        reference.bidirectional("lstm", x, w, w, initial_state=[np.zeros(3)] * 4)
