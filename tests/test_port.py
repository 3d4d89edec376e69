"""rnnlib.port: Keras <-> PyTorch weight porting, and the framework facts it relies on.

Every ported model is run on the same random batch as the original and compared with
``np.testing.assert_allclose(atol=1e-5)`` (float32): outputs, final states, with and
without initial states, one and two directions, stacked. Each configuration that has no
exact equivalent is refused with a message that is checked here.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")

import rnnlib  # noqa: E402
import rnnlib.port  # noqa: E402
from rnnlib import gates, reference  # noqa: E402
from rnnlib.port import (  # noqa: E402
    GATE_COUNT,
    KERAS_GRU_GATES,
    KERAS_LSTM_GATES,
    TORCH_GRU_GATES,
    TORCH_LSTM_GATES,
    PortError,
    keras_to_torch,
    keras_weights_to_torch,
    torch_to_keras,
    torch_weights_to_keras,
)

ATOL = 1e-5
KINDS = ["simple_rnn", "lstm", "gru"]
KERAS_CLASS = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
TORCH_CLASS = {"simple_rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}

torch.set_num_threads(1)


def _rng(*key: object) -> np.random.Generator:
    """A generator seeded from the test's parameters: random sizes, same on every run."""
    return np.random.default_rng([sum(map(ord, str(k))) for k in key])


def _as_np(t: object) -> np.ndarray:
    return t.detach().numpy() if isinstance(t, torch.Tensor) else keras.ops.convert_to_numpy(t)


def _keras_layer(kind: str, units: int, bidirectional: bool, **options: object) -> keras.layers.Layer:
    layer = getattr(keras.layers, KERAS_CLASS[kind])(
        units,
        return_sequences=True,
        return_state=True,
        bias_initializer="random_normal",  # non-zero biases, so a misplaced bias shows
        **options,
    )
    return keras.layers.Bidirectional(layer) if bidirectional else layer


def _torch_module(kind: str, features: int, hidden: int, **options: object) -> torch.nn.Module:
    return getattr(torch.nn, TORCH_CLASS[kind])(features, hidden, batch_first=True, **options)


def _split_keras_outputs(kind: str, outputs: list) -> tuple[np.ndarray, list[np.ndarray]]:
    """Keras [output, states...] -> (output, states in PyTorch h_n order, then c_n order)."""
    seq, states = _as_np(outputs[0]), [_as_np(s) for s in outputs[1:]]
    if kind == "lstm":  # Keras: h_f, c_f, (h_b, c_b); PyTorch: h_n (dirs, ...), c_n (dirs, ...)
        return seq, states[0::2] + states[1::2]
    return seq, states


# ---------------------------------------------------------------------------------------
# The constants and the NumPy-level conversion


def test_gate_constants_have_one_definition() -> None:
    """port, reference and the package re-export rnnlib.gates' objects; tests/test_gates.py checks
    that each constant names the block that does that gate's job in Keras and PyTorch."""
    for module in (rnnlib, reference, rnnlib.port):
        assert module.KERAS_GRU_GATES is gates.KERAS_GRU_GATES
        assert module.KERAS_LSTM_GATES is gates.KERAS_LSTM_GATES
    for name, value in (("TORCH_GRU_GATES", TORCH_GRU_GATES), ("TORCH_LSTM_GATES", TORCH_LSTM_GATES),
                        ("GATE_COUNT", GATE_COUNT)):
        assert getattr(gates, name) is value


@pytest.mark.parametrize("kind", KINDS)
def test_numpy_conversion_moves_each_named_gate_to_its_block(kind: str) -> None:
    """Fill each Keras block with its gate's number; each PyTorch block must hold its own gate's number."""
    units, torch_name = 2, {"c": "g", "h": "n"} if kind != "simple_rnn" else {}
    keras_gates = {"simple_rnn": ("h",), "lstm": KERAS_LSTM_GATES, "gru": KERAS_GRU_GATES}[kind]
    torch_gates = {"simple_rnn": ("h",), "lstm": TORCH_LSTM_GATES, "gru": TORCH_GRU_GATES}[kind]
    number = {g: float(j + 1) for j, g in enumerate(torch_gates)}
    kernel = np.concatenate([np.full((3, units), number[torch_name.get(g, g)]) for g in keras_gates], axis=1)
    bias = kernel[0] if kind != "gru" else np.stack([kernel[0], -kernel[0]])
    w_ih, w_hh, b_ih, b_hh = keras_weights_to_torch(kind, kernel, kernel[:units], bias)
    for j, g in enumerate(torch_gates):
        rows = slice(j * units, (j + 1) * units)
        np.testing.assert_array_equal(w_ih[rows], number[g])
        np.testing.assert_array_equal(w_hh[rows], number[g])
        np.testing.assert_array_equal(b_ih[rows], number[g])
        np.testing.assert_array_equal(b_hh[rows], -number[g] if kind == "gru" else 0.0)


@pytest.mark.parametrize("kind", KINDS)
def test_weight_round_trip_numpy(kind: str) -> None:
    rng = _rng("numpy", kind)
    g, units, features = GATE_COUNT[kind], int(rng.integers(1, 6)), int(rng.integers(1, 6))
    w_ih = rng.normal(size=(g * units, features))
    w_hh = rng.normal(size=(g * units, units))
    b_ih, b_hh = rng.normal(size=g * units), rng.normal(size=g * units)
    kernel, recurrent, bias = torch_weights_to_keras(kind, w_ih, w_hh, b_ih, b_hh)
    assert kernel.shape == (features, g * units)
    assert recurrent.shape == (units, g * units)
    assert bias.shape == ((2, 3 * units) if kind == "gru" else (g * units,))
    back = keras_weights_to_torch(kind, kernel, recurrent, bias)
    np.testing.assert_array_equal(back[0], w_ih)
    np.testing.assert_array_equal(back[1], w_hh)
    if kind == "gru":  # two biases survive the round trip
        np.testing.assert_array_equal(back[2], b_ih)
        np.testing.assert_array_equal(back[3], b_hh)
    else:  # one Keras bias: the sum goes to bias_ih, zeros to bias_hh
        np.testing.assert_allclose(back[2], b_ih + b_hh)
        np.testing.assert_array_equal(back[3], 0.0)


def test_gru_reorder_moves_blocks() -> None:
    """Keras z|r|h columns become PyTorch r|z|n rows (block by block)."""
    units = 2
    kernel = np.concatenate([np.full((1, units), v) for v in (1.0, 2.0, 3.0)], axis=1)  # z=1, r=2, h=3
    w_ih, *_ = keras_weights_to_torch("gru", kernel, np.zeros((units, 3 * units)), np.zeros((2, 3 * units)))
    np.testing.assert_array_equal(w_ih[:, 0], [2.0, 2.0, 1.0, 1.0, 3.0, 3.0])  # r, z, n


def test_numpy_conversion_checks_shapes() -> None:
    with pytest.raises(rnnlib.ShapeError, match=r"keras_weights_to_torch: kernel has shape "
                                                r"\(3, 8\); expected \(\?, G\*units=12\)"):
        keras_weights_to_torch("lstm", np.zeros((3, 8)), np.zeros((3, 12)), np.zeros(12))
    with pytest.raises(rnnlib.ShapeError, match=r"bias has shape \(9,\); expected \(2, G\*units=9\).*reset_after=True"):
        keras_weights_to_torch("gru", np.zeros((4, 9)), np.zeros((3, 9)), np.zeros(9))
    with pytest.raises(rnnlib.ShapeError, match=r"torch_weights_to_keras: weight_ih has shape "
                                                r"\(6, 4\); expected \(G\*hidden_size=8, \?\)"):
        torch_weights_to_keras("lstm", np.zeros((6, 4)), np.zeros((8, 2)), np.zeros(8), np.zeros(8))
    with pytest.raises(ValueError, match="pass both bias_ih and bias_hh, or neither"):
        torch_weights_to_keras("simple_rnn", np.zeros((2, 3)), np.zeros((2, 2)), np.zeros(2), None)
    with pytest.raises(ValueError, match="kind is 'rnn'; expected one of"):
        keras_weights_to_torch("rnn", np.zeros((3, 2)), np.zeros((2, 2)))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Keras -> PyTorch


@pytest.mark.parametrize("with_state", [False, True], ids=["zero-state", "initial-state"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("kind", KINDS)
def test_keras_to_torch_same_outputs(kind: str, bidirectional: bool, with_state: bool) -> None:
    rng = _rng("k2t", kind, bidirectional, with_state)
    batch, timesteps, features, units = (int(v) for v in rng.integers(1, 6, size=4))
    dirs = 2 if bidirectional else 1
    keras.utils.set_random_seed(int(rng.integers(1000)))
    layer = _keras_layer(kind, units, bidirectional)
    x = rng.normal(size=(batch, timesteps, features)).astype(np.float32)
    n_states = 2 if kind == "lstm" else 1
    states = [rng.normal(size=(batch, units)).astype(np.float32) for _ in range(n_states * dirs)]
    keras_out = layer(x, initial_state=states) if with_state else layer(x)
    seq_k, states_k = _split_keras_outputs(kind, keras_out)

    module = keras_to_torch(layer)
    assert isinstance(module, getattr(torch.nn, TORCH_CLASS[kind]))
    assert module.batch_first and module.bidirectional == bidirectional and module.hidden_size == units
    args: list = [torch.from_numpy(x)]
    if with_state:  # Keras: [h_f, (c_f,) h_b, (c_b)]; PyTorch: h0 (dirs, batch, units), c0
        h0 = torch.from_numpy(np.stack(states[0::n_states]))
        args.append((h0, torch.from_numpy(np.stack(states[1::2]))) if kind == "lstm" else h0)
    with torch.no_grad():
        seq_t, state_t = module(*args)
    torch_states = [*state_t] if kind == "lstm" else [state_t]
    assert seq_t.shape == (batch, timesteps, dirs * units)
    np.testing.assert_allclose(seq_t.numpy(), seq_k, atol=ATOL)
    flat = [s[d].numpy() for s in torch_states for d in range(dirs)]
    for got, want in zip(flat, states_k, strict=True):
        np.testing.assert_allclose(got, want, atol=ATOL)


@pytest.mark.parametrize("kind", KINDS)
def test_keras_to_torch_matches_numpy_reference(kind: str) -> None:
    """The three implementations agree: Keras weights -> NumPy reference == ported PyTorch."""
    rng = _rng("ref", kind)
    layer = _keras_layer(kind, 4, bidirectional=False)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32)
    layer(x)
    kernel, recurrent, bias = layer.get_weights()
    ref = getattr(reference, kind)(x, kernel, recurrent, bias)
    with torch.no_grad():
        seq, _ = keras_to_torch(layer)(torch.from_numpy(x))
    np.testing.assert_allclose(seq.numpy(), ref[0], atol=ATOL)


def test_keras_to_torch_without_bias() -> None:
    layer = keras.layers.LSTM(3, use_bias=False, return_sequences=True)
    x = _rng("nobias").normal(size=(2, 4, 3)).astype(np.float32)
    want = _as_np(layer(x))
    module = keras_to_torch(layer)
    for bias in (module.bias_ih_l0, module.bias_hh_l0):
        np.testing.assert_array_equal(bias.detach().numpy(), 0.0)
    with torch.no_grad():
        np.testing.assert_allclose(module(torch.from_numpy(x))[0].numpy(), want, atol=ATOL)


# ---------------------------------------------------------------------------------------
# PyTorch -> Keras


@pytest.mark.parametrize("with_state", [False, True], ids=["zero-state", "initial-state"])
@pytest.mark.parametrize("num_layers", [1, 2], ids=["1-layer", "2-layers"])
@pytest.mark.parametrize("bidirectional", [False, True], ids=["uni", "bi"])
@pytest.mark.parametrize("kind", KINDS)
def test_torch_to_keras_same_outputs(kind: str, bidirectional: bool, num_layers: int, with_state: bool) -> None:
    rng = _rng("t2k", kind, bidirectional, num_layers, with_state)
    batch, timesteps, features, hidden = (int(v) for v in rng.integers(1, 6, size=4))
    dirs = 2 if bidirectional else 1
    torch.manual_seed(int(rng.integers(1000)))
    module = _torch_module(kind, features, hidden, num_layers=num_layers, bidirectional=bidirectional)
    x = torch.from_numpy(rng.normal(size=(batch, timesteps, features)).astype(np.float32))
    h0 = torch.from_numpy(rng.normal(size=(num_layers * dirs, batch, hidden)).astype(np.float32))
    c0 = torch.from_numpy(rng.normal(size=(num_layers * dirs, batch, hidden)).astype(np.float32))
    with torch.no_grad():
        if with_state:
            seq_t, state_t = module(x, (h0, c0) if kind == "lstm" else h0)
        else:
            seq_t, state_t = module(x)
    h_n = state_t[0] if kind == "lstm" else state_t

    layers = torch_to_keras(module)
    assert isinstance(layers, list) and len(layers) == num_layers
    y = x.numpy()
    for k, layer in enumerate(layers):
        assert isinstance(layer, keras.layers.Bidirectional) == bidirectional
        inner = layer.forward_layer if bidirectional else layer
        assert inner.return_sequences and inner.return_state
        initial = None
        if with_state:
            initial = []
            for d in range(dirs):  # h0 row k*dirs + d belongs to layer k, direction d
                initial.append(h0[k * dirs + d].numpy())
                if kind == "lstm":
                    initial.append(c0[k * dirs + d].numpy())
        out = layer(y, initial_state=initial) if initial else layer(y)
        y, states = _split_keras_outputs(kind, out)
        for d in range(dirs):
            np.testing.assert_allclose(states[d], h_n[k * dirs + d].numpy(), atol=ATOL)
        if kind == "lstm":
            for d in range(dirs):
                np.testing.assert_allclose(states[dirs + d], state_t[1][k * dirs + d].numpy(), atol=ATOL)
    np.testing.assert_allclose(y, seq_t.numpy(), atol=ATOL)


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_torch_keras_torch(kind: str) -> None:
    rng = _rng("trip", kind)
    module = _torch_module(kind, 3, 4, bidirectional=True)
    [layer] = torch_to_keras(module)  # always a list: one entry per PyTorch layer
    back = keras_to_torch(layer)
    x = torch.from_numpy(rng.normal(size=(2, 5, 3)).astype(np.float32))
    with torch.no_grad():
        a, b = module(x)[0], back(x)[0]
    np.testing.assert_allclose(b.numpy(), a.numpy(), atol=ATOL)
    names = {n for n, _ in module.named_parameters()}
    assert names == {n for n, _ in back.named_parameters()}
    if kind == "gru":  # the GRU keeps both biases: an exact round trip
        for n, p in module.named_parameters():
            np.testing.assert_array_equal(getattr(back, n).detach().numpy(), p.detach().numpy())


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_keras_torch_keras(kind: str) -> None:
    layer = _keras_layer(kind, 3, bidirectional=True)
    layer.build((None, None, 2))
    [back] = torch_to_keras(keras_to_torch(layer))
    for got, want in zip(back.get_weights(), layer.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, atol=1e-7)


def test_torch_to_keras_without_bias_and_float64() -> None:
    module = torch.nn.GRU(3, 2, batch_first=True, bias=False, dtype=torch.float64)
    [layer] = torch_to_keras(module)
    assert not layer.use_bias and layer.dtype == "float64"
    x = _rng("f64").normal(size=(2, 4, 3))
    with torch.no_grad():
        want = module(torch.from_numpy(x))[0].numpy()
    np.testing.assert_allclose(_as_np(layer(x)[0]), want, atol=1e-12)


def test_torch_to_keras_batch_first_false_is_still_batch_first_in_keras() -> None:
    module = torch.nn.RNN(3, 2)  # time-major module
    [layer] = torch_to_keras(module)
    x = _rng("tm").normal(size=(2, 4, 3)).astype(np.float32)  # (batch, timesteps, features)
    with torch.no_grad():
        want = module(torch.from_numpy(x).transpose(0, 1))[0].transpose(0, 1).numpy()
    np.testing.assert_allclose(_as_np(layer(x)[0]), want, atol=ATOL)


# ---------------------------------------------------------------------------------------
# Refusals: never a silently different model


def _built(layer: keras.layers.Layer, features: int = 3) -> keras.layers.Layer:
    layer.build((2, None, features))  # a static batch size, which stateful=True requires
    return layer


REFUSED_KERAS = {
    "gru-reset-before": (
        lambda: _built(keras.layers.GRU(2, reset_after=False)), r"reset_after=False.*Use reset_after=True"
    ),
    "relu-activation": (
        lambda: _built(keras.layers.SimpleRNN(2, activation="relu")), r"activation='relu'.*Use activation='tanh'"
    ),
    "lstm-activation": (lambda: _built(keras.layers.LSTM(2, activation="sigmoid")), r"activation='sigmoid'.*tanh"),
    "hard-sigmoid-gates": (
        lambda: _built(keras.layers.GRU(2, recurrent_activation="hard_sigmoid")),
        r"recurrent_activation='hard_sigmoid'.*sigmoid",
    ),
    "not-built": (lambda: keras.layers.LSTM(2), r"is not built, so it has no weights yet.*layer.build"),
    "bidirectional-not-built": (
        lambda: keras.layers.Bidirectional(keras.layers.GRU(2)), r"Bidirectional layer is not built"
    ),
    "merge-sum": (
        lambda: _built(keras.layers.Bidirectional(keras.layers.LSTM(2), merge_mode="sum")), r"merge_mode='sum'.*concat"
    ),
    "stateful": (lambda: _built(keras.layers.SimpleRNN(2, stateful=True)), r"stateful=True"),
    "go-backwards": (lambda: _built(keras.layers.LSTM(2, go_backwards=True)), r"go_backwards=True"),
    "not-recurrent": (lambda: keras.layers.Dense(2), r"got a Dense; expected a Keras SimpleRNN, LSTM or GRU"),
}


@pytest.mark.parametrize("case", list(REFUSED_KERAS))
def test_keras_to_torch_refuses(case: str) -> None:
    make, message = REFUSED_KERAS[case]
    with pytest.raises(PortError, match=r"^keras_to_torch: .*" + message):
        keras_to_torch(make())


REFUSED_TORCH = {
    "relu": (lambda: torch.nn.RNN(3, 2, nonlinearity="relu"), r"nonlinearity='relu'.*supports 'tanh' only"),
    "proj-size": (lambda: torch.nn.LSTM(3, 4, proj_size=2), r"proj_size=2.*weight_hr.*Use proj_size=0"),
    "half": (lambda: torch.nn.GRU(3, 2, dtype=torch.float16), r"float16; the port supports float32 and float64"),
    "not-recurrent": (lambda: torch.nn.Linear(3, 2), r"got a Linear; expected a torch.nn.RNN"),
}


@pytest.mark.parametrize("case", list(REFUSED_TORCH))
def test_torch_to_keras_refuses(case: str) -> None:
    make, message = REFUSED_TORCH[case]
    with pytest.raises(PortError, match=r"^torch_to_keras: .*" + message):
        torch_to_keras(make())


def test_port_error_is_a_value_error() -> None:
    assert issubclass(PortError, ValueError)


# ---------------------------------------------------------------------------------------
# The framework facts the port relies on (GUIDE.md), checked against the installed versions


def test_torch_parameter_shapes_and_h_n_layout() -> None:
    rnn = torch.nn.RNN(5, 8, num_layers=2, bidirectional=True, batch_first=True)
    shapes = {n: tuple(p.shape) for n, p in rnn.named_parameters()}
    assert shapes["weight_ih_l0"] == (8, 5) and shapes["weight_hh_l0"] == (8, 8)
    assert shapes["weight_ih_l1_reverse"] == (8, 16) and shapes["bias_hh_l1_reverse"] == (8,)
    assert sum(p.numel() for p in torch.nn.RNN(5, 8).parameters()) == 8 * (8 + 5 + 2)
    x = torch.randn(3, 10, 5)
    with torch.no_grad():
        output, h_n = rnn(x)
    assert tuple(output.shape) == (3, 10, 16) and tuple(h_n.shape) == (4, 3, 8)  # not batch-first
    torch.testing.assert_close(output[:, 0, 8:], h_n[-1])  # backward direction ends at step 0
    torch.testing.assert_close(output[:, -1, :8], h_n[-2])
    assert not torch.allclose(output[:, -1, 8:], h_n[-1])


def test_torch_lstm_and_gru_equations() -> None:
    """One step of nn.LSTM (i, f, g, o) and nn.GRU (r, z, n; b_hn inside r * (...)) by hand."""
    torch.manual_seed(0)
    x, h, c = torch.randn(2, 3), torch.randn(2, 4), torch.randn(2, 4)
    lstm = torch.nn.LSTM(3, 4, batch_first=True)
    gates = x @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + h @ lstm.weight_hh_l0.T + lstm.bias_hh_l0
    blocks = dict(zip(TORCH_LSTM_GATES, gates.chunk(4, dim=1), strict=True))
    i, f, o = (torch.sigmoid(blocks[k]) for k in "ifo")
    c_new = f * c + i * torch.tanh(blocks["g"])
    with torch.no_grad():
        _, (h_n, c_n) = lstm(x[:, None], (h[None], c[None]))
        torch.testing.assert_close(c_n[0], c_new)
        torch.testing.assert_close(h_n[0], o * torch.tanh(c_new))

    gru = torch.nn.GRU(3, 4, batch_first=True)
    gi = dict(zip(TORCH_GRU_GATES, (x @ gru.weight_ih_l0.T + gru.bias_ih_l0).chunk(3, 1), strict=True))
    gh = dict(zip(TORCH_GRU_GATES, (h @ gru.weight_hh_l0.T + gru.bias_hh_l0).chunk(3, 1), strict=True))
    r, z = torch.sigmoid(gi["r"] + gh["r"]), torch.sigmoid(gi["z"] + gh["z"])
    n = torch.tanh(gi["n"] + r * gh["n"])  # gh["n"] = W_hn h + b_hn: b_hn is inside r * (...)
    with torch.no_grad():
        torch.testing.assert_close(gru(x[:, None], h[None])[1][0], (1 - z) * n + z * h)


def test_keras_weight_layouts_and_counts() -> None:
    i, u = 5, 8
    cases = [("SimpleRNN", 1, u * (u + i + 1)), ("LSTM", 4, 4 * u * (u + i + 1)), ("GRU", 3, 3 * u * (u + i + 2))]
    for name, g, count in cases:
        layer = _built(getattr(keras.layers, name)(u), i)
        shapes = [tuple(w.shape) for w in layer.get_weights()]
        assert shapes[:2] == [(i, g * u), (u, g * u)]
        assert shapes[2] == ((2, 3 * u) if name == "GRU" else (g * u,))
        assert layer.count_params() == count


def test_keras_masking_equals_torch_packing() -> None:
    """Keras Bidirectional + mask and PyTorch packed sequences give the same final states."""
    rng = _rng("mask")
    lengths = np.array([5, 2, 4])
    x = rng.normal(size=(3, 5, 2)).astype(np.float32)
    x[np.arange(5)[None, :] >= lengths[:, None]] = 0.0  # right padding with zeros
    masked = keras.layers.Masking(mask_value=0.0)
    # Non-zero biases: with zero biases a GRU's zero state survives zero padding unchanged.
    layer = keras.layers.Bidirectional(keras.layers.GRU(3, return_state=True, bias_initializer="random_normal"))
    _, h_f, h_b = layer(masked(x))
    module = keras_to_torch(layer)
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        torch.from_numpy(x), torch.from_numpy(lengths).to(torch.int64), batch_first=True, enforce_sorted=False
    )
    with torch.no_grad():
        _, h_n = module(packed)
        _, h_unpacked = module(torch.from_numpy(x))
    np.testing.assert_allclose(h_n[0].numpy(), _as_np(h_f), atol=ATOL)
    np.testing.assert_allclose(h_n[1].numpy(), _as_np(h_b), atol=ATOL)
    for d, h in enumerate((h_f, h_b)):  # without packing, both directions read the padding
        assert not np.allclose(h_unpacked[d].numpy(), _as_np(h), atol=1e-3)


def test_importing_port_loads_no_framework() -> None:
    code = "import sys, rnnlib.port, rnnlib; print(any(m in sys.modules for m in ('torch', 'tensorflow', 'keras')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
