"""minGRU and minLSTM (Feng et al., 2024): gated recurrences whose gates read the input only.

In a GRU the update gate ``z_t`` and the candidate ``n_t`` read ``h_{t-1}``, so step t cannot
start before step t - 1 ends. minGRU drops ``h_{t-1}`` from both (and the reset gate)::

    z_t = sigmoid(x_t W_xz + b_z)      n_t = g(x_t W_xn + b_xn)
    h_t = z_t * h_{t-1} + (1 - z_t) * n_t

a linear recurrence ``h_t = alpha_t * h_{t-1} + beta_t`` with ``alpha_t = z_t`` and
``beta_t = (1 - z_t) * n_t``, known for every t before the first step is taken. ``g`` is the
positive activation of the paper, ``g(v) = v + 1/2`` for ``v >= 0`` and ``sigmoid(v)`` below, so
that ``beta_t > 0`` and the recurrence can run in log space
(:func:`rnnlib.scan.log_linear_recurrence`). The book writes ``z_t`` for the share of the old
state kept, as its GRU does; Feng et al. write ``z_t`` for the share of the candidate.

minLSTM keeps a forget gate ``f_t`` and an input gate ``i_t``, normalised so they add up to 1::

    f'_t = f_t / (f_t + i_t)    i'_t = i_t / (f_t + i_t)    h_t = f'_t * h_{t-1} + i'_t * g_t

with ``f_t = sigmoid(x_t W_xf + b_f)``, ``i_t = sigmoid(x_t W_xi + b_i)``, ``g_t = g(x_t W_xg + b_g)``.

Weights in the book's row-vector layout: ``kernel`` (features, G*units) with the gate blocks
``z n`` (minGRU, G = 2) or ``f i g`` (minLSTM, G = 3), ``bias`` (G*units,). Shapes: ``x``
(batch, timesteps, features), ``h0`` (batch, units), outputs (batch, timesteps, units).
NumPy functions take ``parallel=False`` (a loop over time) or ``True`` (a log-space scan);
:class:`MinGRU` and :class:`MinLSTM` are the same layers as ``torch.nn.Module`` for training.

Import it explicitly: ``from rnnlib import minrnn`` (it loads PyTorch).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as fn

from rnnlib import scan
from rnnlib.shapes import ShapeError, check_sequence_batch, check_shape

__all__ = ["MinGRU", "MinLSTM", "g", "log_g", "min_gru", "min_lstm"]

GATES = {"min_gru": ("z", "n"), "min_lstm": ("f", "i", "g")}
"""The gate blocks of each kernel, in order."""


def g(v: np.ndarray) -> np.ndarray:
    """Feng et al.'s positive activation: ``v + 1/2`` for ``v >= 0``, ``sigmoid(v)`` below."""
    return np.where(v >= 0, np.maximum(v, 0) + 0.5, 1 / (1 + np.exp(-np.minimum(v, 0))))


def log_g(v: np.ndarray) -> np.ndarray:
    """``log g(v)``, computed without forming ``g``: ``-softplus(-v)`` below 0."""
    return np.where(v >= 0, np.log(np.maximum(v, 0) + 0.5), -np.logaddexp(0, -np.minimum(v, 0)))


def _log_sigmoid(v: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0, -v)


def _check(where: str, x: Any, kernel: Any, bias: Any, h0: Any) -> tuple[np.ndarray, ...]:
    blocks = len(GATES[where])
    _, _, features = check_sequence_batch(x, where=where)
    sizes = check_shape(kernel, (features, None), name="kernel", where=where,
                        hint=f"kernel is (features, {blocks}*units), the blocks "
                        f"{' '.join(GATES[where])} side by side.")
    if kernel.shape[1] % blocks:
        raise ShapeError(f"{where}: kernel has shape {tuple(kernel.shape)}; expected (features, "
                         f"{blocks}*units). Its second axis is not a multiple of {blocks}.")
    units = kernel.shape[1] // blocks
    check_shape(bias, (blocks * units,), name="bias", where=where, sizes=sizes)
    if h0 is not None:
        check_shape(h0, (x.shape[0], units), name="h0", where=where,
                    hint="h0 is (batch, units); the log-space form needs it positive.")
    return np.asarray(x), np.asarray(kernel), np.asarray(bias)


def min_gru(
    x: Any, kernel: Any, bias: Any, h0: Any = None, *, parallel: bool = True
) -> np.ndarray:
    """minGRU over a batch of sequences, in NumPy.

    Args:
        x: ``(batch, timesteps, features)``.
        kernel: ``(features, 2*units)``, blocks ``[W_xz W_xn]``.
        bias: ``(2*units,)``, blocks ``[b_z b_xn]``.
        h0: ``(batch, units)``, positive; zeros if ``None``.
        parallel: ``False``: a loop over t; ``True``: one log-space scan over all steps.

    Returns:
        ``h``: ``(batch, timesteps, units)``.
    """
    x, kernel, bias = _check("min_gru", x, kernel, bias, h0)
    k, v = np.split(x @ kernel + bias, 2, axis=-1)           # (batch, timesteps, units) each
    if not parallel:
        z, n = 1 / (1 + np.exp(-k)), g(v)
        return scan.linear_recurrence_loop(z, (1 - z) * n, None if h0 is None else np.asarray(h0))
    log_z, log_keep_new = _log_sigmoid(k), _log_sigmoid(-k)  # log z, log(1 - z)
    log_h0 = None if h0 is None else np.log(np.asarray(h0))
    return np.exp(scan.log_linear_recurrence(log_z, log_keep_new + log_g(v), log_h0))


def min_lstm(
    x: Any, kernel: Any, bias: Any, h0: Any = None, *, parallel: bool = True
) -> np.ndarray:
    """minLSTM over a batch of sequences, in NumPy (arguments as :func:`min_gru`, with
    ``kernel`` ``(features, 3*units)`` in blocks ``[W_xf W_xi W_xg]``, ``bias`` ``(3*units,)``).

    Returns:
        ``h``: ``(batch, timesteps, units)``.
    """
    x, kernel, bias = _check("min_lstm", x, kernel, bias, h0)
    kf, ki, v = np.split(x @ kernel + bias, 3, axis=-1)       # (batch, timesteps, units) each
    # log f' = log f - log(f + i) = -softplus(log i - log f); log i' likewise
    diff = _log_sigmoid(ki) - _log_sigmoid(kf)
    log_f, log_i = -np.logaddexp(0, diff), -np.logaddexp(0, -diff)
    if not parallel:
        h0_ = None if h0 is None else np.asarray(h0)
        return scan.linear_recurrence_loop(np.exp(log_f), np.exp(log_i) * g(v), h0_)
    log_h0 = None if h0 is None else np.log(np.asarray(h0))
    return np.exp(scan.log_linear_recurrence(log_f, log_i + log_g(v), log_h0))


def _t_log_g(v: torch.Tensor) -> torch.Tensor:
    return torch.where(v >= 0, torch.log(fn.relu(v) + 0.5), -fn.softplus(-v))


class _MinRNN(nn.Module):
    """The part minGRU and minLSTM share: one linear map of the input, then a linear recurrence."""

    blocks = 2

    def __init__(self, features: int, units: int) -> None:
        super().__init__()
        self.units = units
        self.linear = nn.Linear(features, self.blocks * units)   # weight (G*units, features)

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(log alpha, log beta)``, each (batch, timesteps, units)."""
        raise NotImplementedError

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None, *,
                parallel: bool = True) -> torch.Tensor:
        """x (batch, timesteps, features) -> h (batch, timesteps, units); ``h0`` (batch, units),
        positive, zeros if ``None``. ``parallel=False`` loops over time instead of scanning."""
        check_sequence_batch(x, where=type(self).__name__, features=self.linear.in_features)
        log_a, log_b = self.coefficients(x)
        if parallel:
            log_h0 = None if h0 is None else torch.log(h0)
            out: torch.Tensor = torch.exp(scan.log_linear_recurrence(log_a, log_b, log_h0))
            return out
        loop: torch.Tensor = scan.linear_recurrence_loop(torch.exp(log_a), torch.exp(log_b), h0)
        return loop

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """``(kernel, bias)`` in the book's layout, for :func:`min_gru` or :func:`min_lstm`."""
        kernel = self.linear.weight.detach().numpy().T               # (features, G*units)
        return kernel, self.linear.bias.detach().numpy()


class MinGRU(_MinRNN):
    """minGRU as a ``torch.nn.Module``: ``MinGRU(features, units)(x)`` -> (B, T, units)."""

    blocks = 2

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        k, v = self.linear(x).chunk(2, dim=-1)                       # (B, T, units) each
        return fn.logsigmoid(k), fn.logsigmoid(-k) + _t_log_g(v)


class MinLSTM(_MinRNN):
    """minLSTM as a ``torch.nn.Module``: ``MinLSTM(features, units)(x)`` -> (B, T, units)."""

    blocks = 3

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        kf, ki, v = self.linear(x).chunk(3, dim=-1)                  # (B, T, units) each
        diff = fn.logsigmoid(ki) - fn.logsigmoid(kf)
        return -fn.softplus(diff), -fn.softplus(-diff) + _t_log_g(v)
