"""rnnlib.gates: each gate-order constant names the block that really does that gate's job.

The constants are not compared with themselves: each test builds a layer whose weights are
zero, gives one named block a large bias, and checks the effect that only that gate has,
in Keras and in PyTorch, through the block index the constants give.
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnlib import gates, layouts, reference

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")

UNITS, FEATURES = 2, 3
X = np.zeros((1, 1, FEATURES), np.float32)  # one step of zeros: only the biases act
BASE = 0.5 * np.tanh(0.5)  # i = f = o = 0.5, g = 0 -> c = 0.5 * c0 = 0.5, h = 0.5 * tanh(0.5)

# LSTM with c0 = 1, h0 = 0: the (c_1, h_1) that one saturated block gives.
LSTM_EFFECT = {
    "i": (-30.0, (0.5, BASE)),  # input gate shut: c = f * c0 = 0.5
    "f": (-30.0, (0.0, 0.0)),  # forget gate shut: c = i * g = 0
    "g": (30.0, (1.0, 0.5 * np.tanh(1.0))),  # candidate 1: c = 0.5 + 0.5
    "o": (-30.0, (0.5, 0.0)),  # output gate shut: h = 0
}
# GRU with h0 = 1 and recurrent candidate bias b_hn = 1: the h_1 that one saturated block gives.
GRU_EFFECT = {
    "z": (30.0, 1.0),  # update gate 1: h = h0
    "r": (-30.0, 0.5),  # reset gate 0: n = tanh(0) = 0, h = 0.5 * h0
    "n": (-30.0, 0.0),  # candidate -1: h = 0.5 * h0 - 0.5
}


def _lstm_bias(gate_order: tuple[str, ...], gate: str, value: float) -> np.ndarray:
    bias = np.zeros(4 * UNITS, np.float32)
    j = gate_order.index(gate)
    bias[j * UNITS : (j + 1) * UNITS] = value
    return bias


def _torch_run(module: torch.nn.Module, states: tuple) -> tuple[np.ndarray, ...]:
    with torch.no_grad():
        _, state = module(torch.from_numpy(X), states)
    if isinstance(state, tuple):
        return tuple(s[0].numpy() for s in state)
    return (state[0].numpy(),)


@pytest.mark.parametrize("gate", list(LSTM_EFFECT))
def test_lstm_gate_orders_name_the_right_blocks(gate: str) -> None:
    value, (c_expected, h_expected) = LSTM_EFFECT[gate]
    keras_gate = {"g": "c"}.get(gate, gate)  # Keras calls the candidate c
    kernel = np.zeros((FEATURES, 4 * UNITS), np.float32)
    recurrent = np.zeros((UNITS, 4 * UNITS), np.float32)
    bias = _lstm_bias(gates.KERAS_LSTM_GATES, keras_gate, value)
    h0, c0 = np.zeros((1, UNITS), np.float32), np.ones((1, UNITS), np.float32)

    layer = keras.layers.LSTM(UNITS, return_state=True)
    layer.build((None, None, FEATURES))
    layer.set_weights([kernel, recurrent, bias])
    _, h, c = (np.asarray(t) for t in layer(X, initial_state=[h0, c0]))
    np.testing.assert_allclose([c[0, 0], h[0, 0]], [c_expected, h_expected], atol=1e-6)

    module = torch.nn.LSTM(FEATURES, UNITS, batch_first=True)
    with torch.no_grad():
        for p in module.parameters():
            p.zero_()
        module.bias_ih_l0.copy_(torch.from_numpy(_lstm_bias(gates.TORCH_LSTM_GATES, gate, value)))
    h_t, c_t = _torch_run(module, (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None]))
    np.testing.assert_allclose([c_t[0, 0], h_t[0, 0]], [c_expected, h_expected], atol=1e-6)

    # The NumPy reference reads the same Keras blocks, and the port maps them to PyTorch's.
    _, h_ref, c_ref = reference.lstm(X, kernel, recurrent, bias, h0=h0, c0=c0)
    np.testing.assert_allclose([c_ref[0, 0], h_ref[0, 0]], [c_expected, h_expected], atol=1e-6)
    _, _, b_ih, _ = layouts.keras_weights_to_torch("lstm", kernel, recurrent, bias)
    np.testing.assert_array_equal(b_ih, _lstm_bias(gates.TORCH_LSTM_GATES, gate, value))


@pytest.mark.parametrize("gate", list(GRU_EFFECT))
def test_gru_gate_orders_name_the_right_blocks(gate: str) -> None:
    value, h_expected = GRU_EFFECT[gate]
    keras_gate = {"n": "h"}.get(gate, gate)  # Keras calls the candidate h
    j_keras, j_torch = gates.KERAS_GRU_GATES.index(keras_gate), gates.TORCH_GRU_GATES.index(gate)
    n_keras, n_torch = gates.KERAS_GRU_GATES.index("h"), gates.TORCH_GRU_GATES.index("n")
    bias = np.zeros((2, 3 * UNITS), np.float32)  # rows: input bias, recurrent bias
    bias[0, j_keras * UNITS : (j_keras + 1) * UNITS] = value
    bias[1, n_keras * UNITS : (n_keras + 1) * UNITS] = 1.0  # b_hn, which the reset gate scales
    kernel = np.zeros((FEATURES, 3 * UNITS), np.float32)
    recurrent = np.zeros((UNITS, 3 * UNITS), np.float32)
    h0 = np.ones((1, UNITS), np.float32)

    layer = keras.layers.GRU(UNITS, return_state=True)
    layer.build((None, None, FEATURES))
    layer.set_weights([kernel, recurrent, bias])
    _, h = (np.asarray(t) for t in layer(X, initial_state=[h0]))
    np.testing.assert_allclose(h[0, 0], h_expected, atol=1e-6)

    module = torch.nn.GRU(FEATURES, UNITS, batch_first=True)
    with torch.no_grad():
        for p in module.parameters():
            p.zero_()
        module.bias_ih_l0[j_torch * UNITS : (j_torch + 1) * UNITS] = value
        module.bias_hh_l0[n_torch * UNITS : (n_torch + 1) * UNITS] = 1.0
    (h_t,) = _torch_run(module, torch.from_numpy(h0)[None])
    np.testing.assert_allclose(h_t[0, 0], h_expected, atol=1e-6)

    _, h_ref = reference.gru(X, kernel, recurrent, bias, h0=h0)
    np.testing.assert_allclose(h_ref[0, 0], h_expected, atol=1e-6)


@pytest.mark.parametrize("kind", ["simple_rnn", "lstm", "gru"])
def test_index_maps_are_inverse_permutations(kind: str) -> None:
    to_torch, to_keras = gates.torch_order_from_keras(kind), gates.keras_order_from_torch(kind)
    n = gates.GATE_COUNT[kind]
    assert sorted(to_torch) == list(range(n))
    assert [to_torch[j] for j in to_keras] == list(range(n))
    blocks = np.arange(n * 2).reshape(1, n * 2)  # two columns per block
    there = gates.reorder_blocks(blocks, to_torch, axis=1)
    np.testing.assert_array_equal(gates.reorder_blocks(there, to_keras, axis=1), blocks)


def test_gru_map_swaps_update_and_reset() -> None:
    assert gates.torch_order_from_keras("gru") == [1, 0, 2]
    kernel = np.array([[1.0, 1.0, 2.0, 2.0, 3.0, 3.0]])  # Keras z, r, h blocks of 2 columns
    np.testing.assert_array_equal(gates.block(kernel, "r", gates.KERAS_GRU_GATES), [[2.0, 2.0]])
    with pytest.raises(ValueError, match=r"block: gate is 'n'"):
        gates.block(kernel, "n", gates.KERAS_GRU_GATES)
    with pytest.raises(ValueError, match=r"kind is 'rnn'; expected one of"):
        gates.torch_order_from_keras("rnn")
