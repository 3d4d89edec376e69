"""rnnlib.bptt: the hand-written backward passes agree with finite differences and with PyTorch autograd."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnlib import bptt, reference
from rnnlib.shapes import ShapeError

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

FORWARD = {"simple_rnn": reference.simple_rnn, "lstm": reference.lstm, "gru": reference.gru}
BACKWARD = {"simple_rnn": bptt.simple_rnn_backward, "lstm": bptt.lstm_backward, "gru": bptt.gru_backward}
GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}
FIELDS = [f.name for f in dataclasses.fields(bptt.Gradients)]


def problem(name: str, seed: int, batch: int = 2, timesteps: int = 5, features: int = 3, units: int = 4):
    """Inputs, weights, initial states and upstream gradients for L = sum(outputs*w) + sum(h*wh) (+ sum(c*wc))."""
    rng = np.random.default_rng(seed)
    g = GATES[name]
    p = {
        "x": rng.normal(size=(batch, timesteps, features)),
        "kernel": rng.uniform(-0.7, 0.7, size=(features, g * units)),
        "recurrent_kernel": rng.uniform(-0.7, 0.7, size=(units, g * units)),
        "bias": rng.uniform(-0.5, 0.5, size=(2, g * units) if name == "gru" else (g * units,)),
        "h0": rng.normal(size=(batch, units)),
    }
    if name == "lstm":
        p["c0"] = rng.normal(size=(batch, units))
    up = {"d_outputs": rng.normal(size=(batch, timesteps, units)), "d_h": rng.normal(size=(batch, units))}
    if name == "lstm":
        up["d_c"] = rng.normal(size=(batch, units))
    return p, up


def loss(name: str, p: dict, up: dict, go_backwards: bool) -> float:
    res = FORWARD[name](**p, go_backwards=go_backwards)
    value = np.sum(res[0] * up["d_outputs"]) + np.sum(res[1] * up["d_h"])
    if name == "lstm":
        value += np.sum(res[2] * up["d_c"])
    return float(value)


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12))


def numerical_hidden(name: str, p: dict, up: dict, go_backwards: bool) -> np.ndarray:
    """dL/dh_t for every t by finite differences: h_t is set free, the rest of the sequence runs from it.

    L = sum_s d_outputs[s] * h_s + d_h * h_T (+ d_c * c_T). With h_t free (c_t held), the part of L
    that depends on it is d_outputs[t] * h_t plus the loss of the layer run on the steps after t
    from (h_t, c_t). Steps are taken in reading order (x reversed for go_backwards).
    """
    x = p["x"][:, ::-1] if go_backwards else p["x"]
    weights = [p["kernel"], p["recurrent_kernel"], p["bias"]]
    res = FORWARD[name](x, *weights, **{k: p[k] for k in ("h0", "c0") if k in p})
    outputs = res[0]
    _, timesteps, units = outputs.shape
    cells = None
    if name == "lstm":  # c_t for every t: run 1..t steps (cheap at these sizes)
        cells = [reference.lstm(x[:, : t + 1], *weights, h0=p["h0"], c0=p["c0"])[2] for t in range(timesteps)]
    grad = np.empty_like(outputs)
    for t in range(timesteps):
        h = outputs[:, t].copy()

        def rest(t: int = t, h: np.ndarray = h) -> float:
            value = float(np.sum(up["d_outputs"][:, t] * h))
            if t == timesteps - 1:
                value += float(np.sum(up["d_h"] * h))
                return value
            states = {"h0": h} if cells is None else {"h0": h, "c0": cells[t]}
            later = FORWARD[name](x[:, t + 1 :], *weights, **states)
            value += float(np.sum(later[0] * up["d_outputs"][:, t + 1 :]) + np.sum(later[1] * up["d_h"]))
            if name == "lstm":
                value += float(np.sum(later[2] * up["d_c"]))
            return value

        grad[:, t] = bptt.numerical_gradient(rest, h)
    return grad


@pytest.mark.parametrize("name", list(FORWARD))
@pytest.mark.parametrize("go_backwards", [False, True])
def test_gradients_match_finite_differences(name: str, go_backwards: bool) -> None:
    p, up = problem(name, seed=1)
    grads = BACKWARD[name](**p, **up, go_backwards=go_backwards)
    for key, array in p.items():
        numeric = bptt.numerical_gradient(lambda: loss(name, p, up, go_backwards), array)
        assert rel_error(getattr(grads, key), numeric) <= 1e-6, key
    assert rel_error(grads.hidden, numerical_hidden(name, p, up, go_backwards)) <= 1e-6, "hidden"
    assert (grads.c0 is not None) == (name == "lstm")


def torch_grads(name: str, p: dict, up: dict, go_backwards: bool) -> dict[str, np.ndarray]:
    """The same loss in PyTorch, one step at a time so that every h_t's gradient can be read.

    Weights are transposed (and the GRU's gates reordered) by hand; autograd does the rest.
    """
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    u = p["h0"].shape[1]
    features = p["x"].shape[2]
    module = getattr(torch.nn, {"simple_rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}[name])(
        features, u, batch_first=True).double()

    def torch_order(a: torch.Tensor) -> torch.Tensor:  # Keras (z, r, h) -> PyTorch (r, z, n)
        return torch.cat([a[..., u : 2 * u], a[..., :u], a[..., 2 * u :]], dim=-1) if name == "gru" else a

    k, rk, b = torch_order(t["kernel"]), torch_order(t["recurrent_kernel"]), torch_order(t["bias"])
    params = {
        "weight_ih_l0": k.T,
        "weight_hh_l0": rk.T,
        "bias_ih_l0": b[0] if name == "gru" else b,
        "bias_hh_l0": b[1] if name == "gru" else torch.zeros_like(b),
    }
    x = t["x"].flip(1) if go_backwards else t["x"]  # Keras's go_backwards: read reversed, outputs in reading order
    h, c = t["h0"], t.get("c0")
    d_out = torch.tensor(up["d_outputs"])
    hs = []
    value = torch.zeros((), dtype=torch.float64)
    for step in range(x.shape[1]):
        init = (h[None], c[None]) if name == "lstm" else h[None]  # (num_layers=1, batch, units)
        _, state = torch.func.functional_call(module, params, (x[:, step : step + 1], init))
        h = state[0][0] if name == "lstm" else state[0]
        c = state[1][0] if name == "lstm" else None
        h.retain_grad()
        hs.append(h)
        value = value + (h * d_out[:, step]).sum()
    value = value + (h * torch.tensor(up["d_h"])).sum()
    if name == "lstm":
        value = value + (c * torch.tensor(up["d_c"])).sum()
    value.backward()
    grads = {key: tensor.grad.numpy() for key, tensor in t.items()}
    grads["hidden"] = torch.stack([h.grad for h in hs], dim=1).numpy()  # (batch, timesteps, units)
    return grads


@pytest.mark.parametrize("name", list(FORWARD))
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**16), go_backwards=st.booleans(), timesteps=st.integers(1, 8))
def test_gradients_match_torch_autograd(name: str, seed: int, go_backwards: bool, timesteps: int) -> None:
    p, up = problem(name, seed=seed, timesteps=timesteps)
    ours = BACKWARD[name](**p, **up, go_backwards=go_backwards)
    theirs = torch_grads(name, p, up, go_backwards)
    assert set(theirs) == {f for f in FIELDS if getattr(ours, f) is not None}
    for key, value in theirs.items():
        np.testing.assert_allclose(getattr(ours, key), value, atol=1e-10, rtol=1e-8, err_msg=key)


@pytest.mark.parametrize("name", list(FORWARD))
def test_hidden_with_loss_at_the_last_step_only(name: str) -> None:
    """Only the last output carries loss: dL/dh_T is that output's weight, and earlier steps get a share."""
    p, up = problem(name, seed=5)
    d = np.zeros_like(up["d_outputs"])
    d[:, -1] = up["d_outputs"][:, -1]
    grads = BACKWARD[name](**p, d_outputs=d)
    assert grads.hidden.shape == d.shape
    np.testing.assert_array_equal(grads.hidden[:, -1], d[:, -1])
    assert np.abs(grads.hidden[:, 0]).sum() > 0


@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("name", list(FORWARD))
def test_d_h_is_d_outputs_at_the_last_step(name: str, go_backwards: bool) -> None:
    """The final state is the last output in reading order: d_h=w equals d_outputs=[0, ..., 0, w]."""
    p, up = problem(name, seed=6)
    d = np.zeros_like(up["d_outputs"])
    d[:, -1] = up["d_h"]
    by_state = BACKWARD[name](**p, d_h=up["d_h"], go_backwards=go_backwards)
    by_output = BACKWARD[name](**p, d_outputs=d, go_backwards=go_backwards)
    for field in FIELDS:
        a, b = getattr(by_state, field), getattr(by_output, field)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, err_msg=field)


@pytest.mark.parametrize("name", list(FORWARD))
def test_backward_runs_the_forward_pass_of_reference(name: str) -> None:
    """Zero upstream gradients give zero gradients everywhere (nothing leaks from the forward pass)."""
    p, _ = problem(name, seed=3)
    grads = BACKWARD[name](**p)
    for field in FIELDS:
        value = getattr(grads, field)
        if value is not None:
            np.testing.assert_array_equal(value, 0.0, err_msg=field)


@pytest.mark.parametrize("name", list(FORWARD))
def test_a_state_passed_by_position_is_a_type_error(name: str) -> None:
    """The old signature took d_outputs fifth; h0 passed there by analogy with the forward pass fails loudly."""
    p, _ = problem(name, seed=0)
    with pytest.raises(TypeError, match="positional argument"):
        BACKWARD[name](p["x"], p["kernel"], p["recurrent_kernel"], p["bias"], p["h0"])


def test_float32_backward_runs_in_float32() -> None:
    p, up = problem("lstm", seed=2)
    p32 = {k: v.astype(np.float32) for k, v in p.items()}
    g32 = bptt.lstm_backward(**p32, **up)
    g64 = bptt.lstm_backward(**p, **up)
    assert g32.kernel.dtype == np.float32
    np.testing.assert_allclose(g32.kernel, g64.kernel, atol=1e-4)


def test_clip_by_global_norm_keeps_direction() -> None:
    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]
    clipped, norm = bptt.clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    np.testing.assert_allclose(clipped[0], [0.6, 0.0])
    np.testing.assert_allclose(clipped[1], [[0.8]])
    same, _ = bptt.clip_by_global_norm(grads, 10.0)
    np.testing.assert_array_equal(same[0], grads[0])
    t = [torch.tensor(g, requires_grad=True) for g in grads]
    for tensor, g in zip(t, grads):
        tensor.grad = torch.tensor(g)
    torch.nn.utils.clip_grad_norm_(t, 1.0)
    for tensor, c in zip(t, clipped):
        np.testing.assert_allclose(tensor.grad.numpy(), c, rtol=1e-6)
    with pytest.raises(ValueError, match="max_norm is 0"):
        bptt.clip_by_global_norm(grads, 0)


def test_bad_upstream_gradient_is_refused() -> None:
    p, up = problem("simple_rnn", seed=0)
    with pytest.raises(ShapeError, match=r"simple_rnn_backward: d_outputs has shape \(2, 4, 4\); "
                       r"expected \(batch, timesteps, units\) = \(2, 5, 4\)"):
        bptt.simple_rnn_backward(**p, d_outputs=up["d_outputs"][:, :4])
    lp, _ = problem("lstm", seed=0)
    with pytest.raises(ShapeError, match=r"lstm_backward: d_c has shape \(4,\); expected \(batch, units\) = \(2, 4\)"):
        bptt.lstm_backward(**lp, d_c=np.zeros(4))
    gp, _ = problem("gru", seed=0)
    gp["x"] = gp["x"][0]
    with pytest.raises(ShapeError, match=r"gru_backward: x has shape \(5, 3\)"):
        bptt.gru_backward(**gp)


def test_numerical_gradient_refuses_float32() -> None:
    with pytest.raises(TypeError, match="expected float64"):
        bptt.numerical_gradient(lambda: 0.0, np.zeros(3, np.float32))
