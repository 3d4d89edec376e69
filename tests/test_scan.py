"""rnnlib.scan and rnnlib.minrnn: the loop and the scans compute the same states (issue 24)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch

from rnnlib import diagrams, minrnn, scan
from rnnlib.diagrams import _svg
from rnnlib.diagrams.notation import NOTATION, matches
from rnnlib.shapes import ShapeError

LENGTHS = [1, 2, 3, 5, 8, 13, 64]


def recurrence(timesteps: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    alpha = rng.uniform(0.0, 1.0, (2, timesteps, 3))
    return alpha, rng.normal(size=(2, timesteps, 3)), rng.normal(size=(2, 3))


def by_hand(alpha: np.ndarray, beta: np.ndarray, h0: np.ndarray) -> np.ndarray:
    """The recurrence written out with Python floats, one number at a time."""
    out = np.zeros_like(beta)
    for b in range(beta.shape[0]):
        for j in range(beta.shape[2]):
            h = float(h0[b, j])
            for t in range(beta.shape[1]):
                h = float(alpha[b, t, j]) * h + float(beta[b, t, j])
                out[b, t, j] = h
    return out


def test_combine_is_associative_and_not_commutative() -> None:
    rng = np.random.default_rng(1)
    p, q, r = [(rng.normal(size=4), rng.normal(size=4)) for _ in range(3)]
    left = scan.combine(scan.combine(p, q), r)
    right = scan.combine(p, scan.combine(q, r))
    np.testing.assert_allclose(left, right, atol=1e-12)
    assert not np.allclose(scan.combine(p, q)[1], scan.combine(q, p)[1])
    # (1, 0) is the identity map on both sides
    identity = (np.ones(4), np.zeros(4))
    np.testing.assert_allclose(scan.combine(identity, p), p)
    np.testing.assert_allclose(scan.combine(p, identity), p)


@pytest.mark.parametrize("timesteps", LENGTHS)
def test_loop_and_both_scans_equal_the_recurrence_by_hand(timesteps: int) -> None:
    alpha, beta, h0 = recurrence(timesteps)
    expected = by_hand(alpha, beta, h0)
    np.testing.assert_allclose(scan.linear_recurrence_loop(alpha, beta, h0), expected, atol=1e-12)
    for method in ("hillis_steele", "blelloch"):
        got = scan.linear_recurrence(alpha, beta, h0, method=method)
        np.testing.assert_allclose(got, expected, atol=1e-12)
    no_h0 = scan.linear_recurrence(alpha, beta)
    np.testing.assert_allclose(no_h0, by_hand(alpha, beta, 0 * h0), atol=1e-12)


@pytest.mark.parametrize("method", ["hillis_steele", "blelloch"])
def test_scans_run_on_torch_tensors_and_carry_gradients(method: str) -> None:
    alpha, beta, h0 = (torch.tensor(a, requires_grad=True) for a in recurrence(13))
    h_scan = scan.linear_recurrence(alpha, beta, h0, method=method)
    h_loop = scan.linear_recurrence_loop(alpha, beta, h0)
    assert isinstance(h_scan, torch.Tensor)
    torch.testing.assert_close(h_scan, h_loop, atol=1e-12, rtol=0)
    grads_scan = torch.autograd.grad(h_scan.sum(), (alpha, beta, h0))
    grads_loop = torch.autograd.grad(h_loop.sum(), (alpha, beta, h0))
    for a, b in zip(grads_scan, grads_loop):
        torch.testing.assert_close(a, b, atol=1e-10, rtol=0)


@pytest.mark.parametrize("timesteps", LENGTHS)
def test_scan_counts_are_the_textbook_depth_and_work(timesteps: int) -> None:
    alpha, beta, _ = recurrence(timesteps)
    depth = math.ceil(math.log2(timesteps)) if timesteps > 1 else 0
    _, hs = scan.hillis_steele((alpha, beta))
    assert hs.rounds == depth
    assert hs.ops == sum(timesteps - 2**k for k in range(depth))
    _, bl = scan.blelloch((alpha, beta))
    assert bl.rounds == 2 * depth
    assert bl.ops == 2 * (2**depth - 1)


def test_log_space_matches_the_loop_and_survives_underflow() -> None:
    alpha, beta, h0 = recurrence(40)
    beta, h0 = np.abs(beta) + 0.01, np.abs(h0) + 0.01
    expected = scan.linear_recurrence_loop(alpha, beta, h0)
    logs = scan.log_linear_recurrence(np.log(alpha), np.log(beta), np.log(h0))
    np.testing.assert_allclose(np.exp(logs), expected, rtol=1e-10)
    t_logs = scan.log_linear_recurrence(*(torch.tensor(np.log(a)) for a in (alpha, beta, h0)))
    np.testing.assert_allclose(np.exp(t_logs.numpy()), expected, rtol=1e-10)
    np.testing.assert_allclose(np.exp(scan.log_linear_recurrence(np.log(alpha), np.log(beta))),
                               scan.linear_recurrence_loop(alpha, beta), rtol=1e-10)
    # 2000 steps that keep 1% each: the product of the alphas is 1e-4000, zero in float64,
    # yet the log-space state is the fixed point beta / (1 - alpha) = 1 / 0.99
    log_a = np.full((1, 2000, 1), np.log(0.01))
    log_h = scan.log_linear_recurrence(log_a, np.zeros_like(log_a))
    assert np.isfinite(log_h).all()
    np.testing.assert_allclose(np.exp(log_h[0, -1, 0]), 1 / 0.99, rtol=1e-12)


@pytest.mark.parametrize(("layer", "cls", "blocks"),
                         [(minrnn.min_gru, minrnn.MinGRU, 2), (minrnn.min_lstm, minrnn.MinLSTM, 3)])
def test_min_rnn_forms_agree_in_numpy_and_torch(layer, cls, blocks) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(2)
    torch.manual_seed(0)
    module = cls(4, 5).double()
    kernel, bias = module.weights()
    assert kernel.shape == (4, blocks * 5) and bias.shape == (blocks * 5,)
    x = rng.normal(size=(3, 30, 4))
    h0 = rng.uniform(0.1, 1.0, (3, 5))
    loop = layer(x, kernel, bias, h0, parallel=False)
    np.testing.assert_allclose(layer(x, kernel, bias, h0), loop, rtol=1e-10)
    xt, h0t = torch.tensor(x), torch.tensor(h0)
    np.testing.assert_allclose(module(xt, h0t).detach().numpy(), loop, rtol=1e-10)
    np.testing.assert_allclose(module(xt, h0t, parallel=False).detach().numpy(), loop, rtol=1e-10)
    np.testing.assert_allclose(module(xt).detach().numpy(), layer(x, kernel, bias), rtol=1e-10)


def test_min_gru_matches_its_equations_written_out() -> None:
    """A reference written from the paper's equations, one step at a time."""
    rng = np.random.default_rng(3)
    x, kernel, bias = rng.normal(size=(2, 12, 3)), rng.normal(size=(3, 8)), rng.normal(size=8)
    h = np.full((2, 4), 0.3)
    states = []
    for t in range(12):
        a = x[:, t] @ kernel + bias
        z = 1 / (1 + np.exp(-a[:, :4]))
        v = a[:, 4:]
        n = np.where(v >= 0, v + 0.5, 1 / (1 + np.exp(-v)))
        h = z * h + (1 - z) * n
        states.append(h)
    np.testing.assert_allclose(minrnn.min_gru(x, kernel, bias, np.full((2, 4), 0.3)),
                               np.stack(states, axis=1), rtol=1e-10)
    # g is positive and continuous at 0, log_g is its log
    v = np.linspace(-30, 30, 101)
    assert (minrnn.g(v) > 0).all() and minrnn.g(np.array(0.0)) == 0.5
    np.testing.assert_allclose(minrnn.log_g(v), np.log(minrnn.g(v)), rtol=1e-12)


def test_min_gru_trains_through_the_scan() -> None:
    torch.manual_seed(0)
    module = minrnn.MinGRU(2, 3).double()
    out = module(torch.randn(4, 6, 2, dtype=torch.float64))
    out.sum().backward()
    assert out.shape == (4, 6, 3)
    assert module.linear.weight.grad is not None and torch.isfinite(module.linear.weight.grad).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: scan.linear_recurrence(np.ones((2, 3)), np.ones((2, 3))),
         r"linear_recurrence: beta has shape \(2, 3\); expected \(batch, timesteps, units\)"),
        (lambda: scan.linear_recurrence_loop(np.ones((2, 4, 3)), np.ones((2, 5, 3))),
         r"alpha has shape \(2, 4, 3\); expected \(batch=2, timesteps=5, units=3\)"),
        (lambda: scan.linear_recurrence(np.ones((2, 4, 3)), np.ones((2, 4, 3)), np.ones(3)),
         r"h0 has shape \(3,\); expected \(batch=2, units=3\)"),
        (lambda: minrnn.min_gru(np.ones((2, 4, 3)), np.ones((3, 7)), np.ones(7)),
         r"min_gru: kernel has shape \(3, 7\); expected \(features, 2\*units\)"),
        (lambda: minrnn.min_lstm(np.ones((2, 4, 3)), np.ones((2, 6)), np.ones(6)),
         r"min_lstm: kernel has shape \(2, 6\); expected \(3, \?\)"),
    ],
)
def test_errors_name_the_function_and_the_shapes(call, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ShapeError, match=message):
        call()


def test_unknown_method_is_named() -> None:
    with pytest.raises(ValueError, match=r"method='tree'; expected 'hillis_steele' or 'blelloch'"):
        scan.linear_recurrence(np.ones((1, 2, 1)), np.ones((1, 2, 1)), method="tree")


@pytest.mark.parametrize("steps", [4, 5, 8])
def test_scan_tree_is_valid_svg_in_the_notation(steps: int) -> None:
    figure = diagrams.scan_tree(steps=steps)
    root = ET.fromstring(figure.svg)
    svg = "{http://www.w3.org/2000/svg}"
    assert int(root.attrib["width"]) <= _svg.MAX_WIDTH
    sizes = [float(el.attrib["font-size"]) for el in root.iter() if "font-size" in el.attrib]
    assert min(sizes) >= _svg.MIN_FONT
    found = {el.attrib["data-key"]: el for el in root.iter(f"{svg}tspan") if "data-key" in el.attrib}
    assert {"initial", "hidden", "input"} <= set(found)
    for el in root.iter(f"{svg}tspan"):
        if "data-key" in el.attrib:
            assert matches(NOTATION[el.attrib["data-key"]], el.attrib["data-tex"])
    rounds = math.ceil(math.log2(steps))
    assert f"Scan: {rounds} rounds" in figure.svg and f"round {rounds}<" in figure.svg
    assert figure.alt.endswith(".") and not re.search(r"[$\\{}]", figure.alt)
    with pytest.raises(ValueError, match=r"scan_tree: steps=9; expected 4 to 8"):
        diagrams.scan_tree(steps=9)
