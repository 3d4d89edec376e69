"""The Keras facts the Keras chapters (06-09) teach, pinned against the installed Keras.

If a Keras upgrade changes one of them (a parameter count, the order of the tensors a
Bidirectional layer returns, which call raises or warns), this file says which, before a
reader meets a chapter that no longer matches. Errors are pinned by their type and at most
a short key phrase, never by their whole wording: a patch release may reword a message.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import rnnlib

keras = pytest.importorskip("keras")

X = rnnlib.example_sequence()  # (batch=1, timesteps=4, features=5)


def model(input_layer, *layers) -> keras.Model:
    return keras.Sequential([input_layer, *layers])


# --- Chapter 7: parameter counts --------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "params", "output_shape"),
    [
        (lambda: model(keras.Input(shape=(2, 10)), keras.layers.SimpleRNN(3)), 42, (None, 3)),
        (lambda: model(keras.Input(shape=(10, 4)), keras.layers.SimpleRNN(3)), 24, (None, 3)),
        (
            lambda: model(keras.Input(shape=(10, 4)), keras.layers.SimpleRNN(3, return_sequences=True)),
            24,
            (None, 10, 3),
        ),
        (
            lambda: model(
                keras.Input(shape=(10, 4)),
                keras.layers.SimpleRNN(3, return_sequences=True),
                keras.layers.SimpleRNN(3, return_sequences=True),
            ),
            45,
            (None, 10, 3),
        ),
        (
            lambda: model(
                keras.Input(shape=(10, 4)),
                keras.layers.Bidirectional(keras.layers.SimpleRNN(3, return_sequences=True)),
            ),
            48,
            (None, 10, 6),
        ),
        (lambda: model(keras.Input(batch_shape=(8, 2, 10)), keras.layers.SimpleRNN(3)), 42, (8, 3)),
        (lambda: model(keras.Input(batch_shape=(5, 10, 4)), keras.layers.SimpleRNN(3)), 24, (5, 3)),
    ],
    ids=["rnn_2x10", "rnn_10x4", "rnn_10x4_sequences", "stacked", "bidirectional", "batch_8", "batch_5"],
)
def test_summary_counts_and_shapes(build, params: int, output_shape: tuple) -> None:
    m = build()
    assert m.count_params() == params
    assert m.output_shape == output_shape


def test_stacked_layer_counts_are_24_and_21() -> None:
    m = model(
        keras.Input(shape=(10, 4)),
        keras.layers.SimpleRNN(3, return_sequences=True),
        keras.layers.SimpleRNN(3, return_sequences=True),
    )
    assert [layer.count_params() for layer in m.layers] == [24, 21]


def test_four_layer_bidirectional_stack_has_1424_parameters() -> None:
    layers = [keras.layers.Bidirectional(keras.layers.SimpleRNN(8, return_sequences=True)) for _ in range(4)]
    m = model(keras.Input(shape=(10, 5)), *layers)
    assert [layer.count_params() for layer in m.layers] == [224, 400, 400, 400]
    assert m.output_shape == (None, 10, 16)


@pytest.mark.parametrize(("units", "features"), [(1, 1), (3, 5), (8, 4), (32, 10), (64, 100)])
@pytest.mark.parametrize(
    ("make", "formula", "bias_shape"),
    [
        (lambda u: keras.layers.SimpleRNN(u), lambda u, f: u * (u + f + 1), lambda u: (u,)),
        (lambda u: keras.layers.LSTM(u), lambda u, f: 4 * u * (u + f + 1), lambda u: (4 * u,)),
        (lambda u: keras.layers.GRU(u), lambda u, f: 3 * u * (u + f + 2), lambda u: (2, 3 * u)),
        (lambda u: keras.layers.GRU(u, reset_after=False), lambda u, f: 3 * u * (u + f + 1), lambda u: (3 * u,)),
    ],
    ids=["SimpleRNN", "LSTM", "GRU", "GRU_reset_before"],
)
def test_parameter_formulas(make, formula, bias_shape, units: int, features: int) -> None:
    layer = make(units)
    layer.build((None, None, features))
    assert layer.count_params() == formula(units, features)
    kernel, recurrent, bias = (tuple(w.shape) for w in layer.weights)
    gates = kernel[1] // units
    assert kernel == (features, gates * units) and recurrent == (units, gates * units)
    assert bias == bias_shape(units)


def test_stateful_chunks_equal_one_pass_and_reset_state_zeros() -> None:
    inp = keras.Input(batch_shape=(1, 2, 5))
    stateful = keras.layers.SimpleRNN(3, stateful=True)
    chunked = keras.Model(inp, stateful(inp))
    whole = keras.layers.SimpleRNN(3)
    whole.build((1, 4, 5))
    whole.set_weights(stateful.get_weights())
    chunked(X[:, :2])
    np.testing.assert_allclose(np.asarray(chunked(X[:, 2:])), np.asarray(whole(X)), rtol=1e-6, atol=1e-6)
    stateful.reset_state()
    np.testing.assert_array_equal(stateful.states[0].numpy(), np.zeros((1, 3)))


# --- Chapter 6: return modes ---------------------------------------------------------


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("return_state", [False, True])
def test_return_modes(name: str, return_sequences: bool, return_state: bool) -> None:
    layer = getattr(keras.layers, name)(3, return_sequences=return_sequences, return_state=return_state)
    result = layer(X)
    tensors = list(result) if isinstance(result, (list, tuple)) else [result]
    states = (2 if name == "LSTM" else 1) if return_state else 0
    first = (1, 4, 3) if return_sequences else (1, 3)
    assert [tuple(t.shape) for t in tensors] == [first] + [(1, 3)] * states
    if return_state:
        last = np.asarray(tensors[0])[:, -1] if return_sequences else np.asarray(tensors[0])
        np.testing.assert_array_equal(last, np.asarray(tensors[1]))  # the last step is h


# --- Chapter 8: Bidirectional ----------------------------------------------------------

CONSTANTS = {
    "kernel_initializer": keras.initializers.Constant(0.1),
    "recurrent_initializer": keras.initializers.Constant(0.1),
    "bias_initializer": keras.initializers.Constant(0.0),
}


def test_bidirectional_lstm_returns_output_then_forward_h_c_then_backward_h_c() -> None:
    bi = keras.layers.Bidirectional(keras.layers.LSTM(3, return_state=True, **CONSTANTS))
    output, fh, fc, bh, bc = (np.asarray(t) for t in bi(X))
    assert output.shape == (1, 6) and fh.shape == fc.shape == bh.shape == bc.shape == (1, 3)
    np.testing.assert_array_equal(output, np.concatenate([fh, bh], axis=-1))
    np.testing.assert_allclose(fh, 0.6303139, atol=1e-6)
    np.testing.assert_allclose(bh, 0.70387346, atol=1e-6)
    assert not np.allclose(fh, fc) and not np.allclose(bh, bc)


def test_bidirectional_sequence_holds_the_states_at_opposite_ends() -> None:
    bi = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True, return_state=True, **CONSTANTS))
    sequence, fh, _, bh, _ = (np.asarray(t) for t in bi(X))
    np.testing.assert_array_equal(sequence[:, -1, :3], fh)
    np.testing.assert_array_equal(sequence[:, 0, 3:], bh)
    assert not np.allclose(sequence[:, -1, 3:], bh, atol=1e-3)


@pytest.mark.parametrize(
    ("merge_mode", "shapes"),
    [("concat", [(1, 6)]), ("sum", [(1, 3)]), ("ave", [(1, 3)]), ("mul", [(1, 3)]), (None, [(1, 3), (1, 3)])],
)
def test_merge_modes(merge_mode, shapes) -> None:
    result = keras.layers.Bidirectional(keras.layers.LSTM(3, **CONSTANTS), merge_mode=merge_mode)(X)
    tensors = list(result) if isinstance(result, (list, tuple)) else [result]
    assert [tuple(t.shape) for t in tensors] == shapes


def test_unmerged_bidirectional_lstm_with_states_returns_six_tensors() -> None:
    result = keras.layers.Bidirectional(keras.layers.LSTM(3, return_state=True), merge_mode=None)(X)
    assert len(result) == 6


def test_stack_without_return_sequences_raises() -> None:
    """The second layer gets (batch, units) instead of (batch, timesteps, units): refused when built."""
    with pytest.raises(ValueError, match="ndim=3"):
        model(keras.Input(shape=(10, 5)), keras.layers.SimpleRNN(8), keras.layers.SimpleRNN(8))
    ok = model(keras.Input(shape=(10, 5)), keras.layers.SimpleRNN(8, return_sequences=True), keras.layers.SimpleRNN(8))
    assert ok.output_shape == (None, 8)


# --- Chapter 9: Keras 2 arguments in Keras 3 -----------------------------------------------


def test_input_shape_warns_and_works() -> None:
    with pytest.warns(UserWarning, match="input_shape"):
        m = keras.Sequential([keras.layers.SimpleRNN(3, input_shape=(2, 10))])
    assert m.count_params() == 42 and m.output_shape == (None, 3)


def test_bidirectional_input_shape_warns_and_works() -> None:
    with pytest.warns(UserWarning, match="input_shape"):
        m = keras.Sequential(
            [keras.layers.Bidirectional(keras.layers.SimpleRNN(3, return_sequences=True), input_shape=(10, 4))]
        )
    assert m.count_params() == 48


@pytest.mark.parametrize(
    ("argument", "value"), [("batch_input_shape", (8, 2, 10)), ("input_length", 2)]
)
def test_keras_2_arguments_raise_value_error(argument: str, value: object) -> None:
    """Keras 2's batch_input_shape= and input_length= are refused when the layer is made."""
    with pytest.raises(ValueError, match=argument):
        keras.layers.SimpleRNN(3, **{argument: value})


def test_input_length_with_input_dim_warns_then_raises() -> None:
    with pytest.warns(UserWarning, match="input_dim"), pytest.raises(ValueError, match="input_length"):
        keras.layers.SimpleRNN(3, input_length=2, input_dim=10)


def test_input_dim_alone_means_a_1d_input_and_fails_when_built() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = keras.layers.SimpleRNN(3, input_dim=10)
    with pytest.raises(ValueError, match="ndim=3"):  # input_dim=10 alone builds (None, 10): 2 axes
        keras.Sequential([layer])


def test_models_have_no_reset_states_but_layers_do() -> None:
    m = keras.Sequential([keras.Input(batch_shape=(1, 2, 5)), keras.layers.SimpleRNN(3, stateful=True)])
    assert not hasattr(m, "reset_states")
    with pytest.raises(AttributeError):
        m.reset_states()
    assert callable(m.layers[0].reset_state) and callable(m.layers[0].reset_states)


def test_tf_keras_is_keras_3() -> None:
    tf = pytest.importorskip("tensorflow")
    assert tf.keras.layers.SimpleRNN is keras.layers.SimpleRNN
    assert keras.__version__.startswith("3.")


# --- Issue 23: what the chapters now say about Keras 3.15 -------------------------------


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
def test_return_state_gives_a_tuple_not_a_list(name: str) -> None:
    plain = getattr(keras.layers, name)(3, return_sequences=True, return_state=True)(X)
    bi = keras.layers.Bidirectional(getattr(keras.layers, name)(3, return_state=True))(X)
    assert type(plain) is tuple and len(plain) == (3 if name == "LSTM" else 2)
    assert type(bi) is tuple and len(bi) == (5 if name == "LSTM" else 3)


def test_a_fixed_batch_shape_does_not_stop_other_batches_or_lengths() -> None:
    fixed = model(keras.Input(batch_shape=(8, 2, 10)), keras.layers.SimpleRNN(3))
    assert fixed.output_shape == (8, 3)
    for shape in [(3, 2, 10), (8, 5, 10)]:
        assert tuple(fixed(np.zeros(shape, dtype="float32")).shape) == (shape[0], 3)


def test_input_shape_with_the_batch_axis_gives_a_4d_input_that_a_recurrent_layer_refuses() -> None:
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=4"):
        model(keras.Input(shape=(8, 2, 10)), keras.layers.SimpleRNN(3))


def test_optimizers_clip_by_global_norm() -> None:
    """Chapter 3 says Keras optimisers clip by the global norm with `global_clipnorm`: a gradient
    of global norm 5 applied with global_clipnorm=1 and SGD(lr=1) moves the weights by a step of
    norm 1, in the same direction."""
    weights = keras.Variable(np.zeros(2))
    optimizer = keras.optimizers.SGD(learning_rate=1.0, global_clipnorm=1.0)
    optimizer.apply_gradients([(keras.ops.convert_to_tensor(np.array([3.0, 4.0])), weights)])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(weights), [-0.6, -0.8], rtol=1e-6)
