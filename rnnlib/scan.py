"""Linear recurrences computed two ways: a loop over time, and a parallel scan of log depth.

A linear recurrence ``h_t = alpha_t * h_{t-1} + beta_t`` (element-wise) maps the state through
the affine function ``h -> alpha_t * h + beta_t`` at each step. Two such functions compose into
one of the same kind, and composition is associative::

    (alpha_1, beta_1) o (alpha_2, beta_2) = (alpha_1 * alpha_2, alpha_2 * beta_1 + beta_2)

(first step 1, then step 2). So every prefix ``h_1 .. h_T`` can be computed by a *scan* that
combines neighbours in a tree: :func:`hillis_steele` in ``ceil(log2 T)`` rounds, and
:func:`blelloch` in ``2 ceil(log2 T)`` rounds with less work. Each round's combinations are
independent of one another, so hardware can do them at the same time.

Every function takes NumPy arrays or PyTorch tensors (the same kind out as in), batch first:
``alpha``, ``beta`` of shape ``(batch, timesteps, units)`` and ``h0`` of shape
``(batch, units)``; the results have the shape of ``beta``. :class:`ScanCount` reports how many
rounds (the depth) and how many operator applications (the work) a scan took.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnlib.shapes import check_shape

__all__ = [
    "ScanCount",
    "blelloch",
    "combine",
    "hillis_steele",
    "linear_recurrence",
    "linear_recurrence_loop",
    "log_linear_recurrence",
]

Array = Any
"""A NumPy array or a PyTorch tensor."""
Pair = tuple[Array, Array]
"""``(alpha, beta)``: one affine map per step, or the composition of several."""


@dataclass(frozen=True)
class ScanCount:
    """What a scan cost: ``rounds`` of combinations that run one after another (the depth),
    and ``ops``, the number of pairs combined in all (the work, per batch row and unit)."""

    rounds: int
    ops: int


def combine(first: Pair, second: Pair) -> Pair:
    """The scan's operator: the map ``first`` followed by the map ``second``.

    ``(a1, b1) o (a2, b2) = (a1 * a2, a2 * b1 + b2)``, element-wise; any broadcastable shapes.
    It is associative, ``(p o q) o r == p o (q o r)``, and not commutative.
    """
    a1, b1 = first
    a2, b2 = second
    return a1 * a2, a2 * b1 + b2


def _is_torch(x: Array) -> bool:
    return type(x).__module__.startswith("torch")


def _cat(parts: list[Array], like: Array) -> Array:
    if _is_torch(like):
        import torch  # noqa: PLC0415

        return torch.cat(parts, dim=1)
    return np.concatenate(parts, axis=1)


def _check(where: str, alpha: Array, beta: Array, h0: Array | None) -> Array:
    """Check the shapes; return ``beta`` with ``alpha_1 * h0`` folded into its first step."""
    sizes = check_shape(beta, ("batch", "timesteps", "units"), name="beta", where=where,
                        hint="A single sequence needs a batch axis: beta[None].")
    check_shape(alpha, ("batch", "timesteps", "units"), name="alpha", where=where, sizes=sizes,
                hint="alpha and beta hold one number per step and unit: give them one shape.")
    if h0 is None:
        return beta
    check_shape(h0, ("batch", "units"), name="h0", where=where, sizes=sizes,
                hint="h0 is the state before step 1, one row per sequence.")
    first = alpha[:, :1] * h0[:, None] + beta[:, :1]           # (batch, 1, units)
    return _cat([first, beta[:, 1:]], beta)


def linear_recurrence_loop(alpha: Array, beta: Array, h0: Array | None = None) -> Array:
    """``h_t = alpha_t * h_{t-1} + beta_t`` for t = 1..T, one step after another.

    Args:
        alpha, beta: ``(batch, timesteps, units)``.
        h0: ``(batch, units)``, the state before step 1; zeros if ``None``.

    Returns:
        ``h``: ``(batch, timesteps, units)``, ``h[:, t - 1]`` is ``h_t``.
    """
    beta = _check("linear_recurrence_loop", alpha, beta, h0)
    h = beta[:, 0]                                             # (batch, units)
    states = [h]
    for t in range(1, beta.shape[1]):
        h = alpha[:, t] * h + beta[:, t]
        states.append(h)
    if _is_torch(beta):
        import torch  # noqa: PLC0415

        return torch.stack(states, dim=1)
    return np.stack(states, axis=1)


def hillis_steele(
    elements: Pair, op: Callable[[Pair, Pair], Pair] = combine
) -> tuple[Pair, ScanCount]:
    """Inclusive scan along axis 1 (Hillis and Steele, 1986): ``ceil(log2 T)`` rounds.

    In round k (k = 0, 1, ...) every position t >= 2^k combines its value with the one 2^k
    steps earlier, all positions at once. After the last round position t holds
    ``e_1 o e_2 o ... o e_t``. Work: ``sum_k (T - 2^k)`` combinations, about T log2 T.

    Args:
        elements: a pair of arrays ``(batch, timesteps, ...)`` (for a linear recurrence,
            ``(alpha, beta)``).
        op: an associative operator on pairs; :func:`combine` by default.

    Returns:
        The scanned pair, same shapes, and its :class:`ScanCount`.
    """
    a, b = elements
    timesteps = b.shape[1]
    shift, rounds, ops = 1, 0, 0
    while shift < timesteps:
        na, nb = op((a[:, :-shift], b[:, :-shift]), (a[:, shift:], b[:, shift:]))
        a, b = _cat([a[:, :shift], na], a), _cat([b[:, :shift], nb], b)
        rounds, ops, shift = rounds + 1, ops + timesteps - shift, shift * 2
    return (a, b), ScanCount(rounds, ops)


def blelloch(elements: Pair) -> tuple[Pair, ScanCount]:
    """Work-efficient inclusive scan of :func:`combine` along axis 1 (Blelloch, 1990).

    The length is padded to ``n = 2^ceil(log2 T)`` with the identity map ``(1, 0)``. An up-sweep
    of ``log2 n`` rounds builds the totals of ever larger blocks in a binary tree; a down-sweep of
    ``log2 n`` rounds hands each block the total of everything before it. Depth
    ``2 ceil(log2 T)``, work ``2(n - 1)`` combinations: linear in T, where
    :func:`hillis_steele` does about T log2 T.

    Args:
        elements: ``(alpha, beta)``, each ``(batch, timesteps, units)``.

    Returns:
        The scanned pair ``(batch, timesteps, units)`` each, and its :class:`ScanCount`.
    """
    a, b = elements
    timesteps = b.shape[1]
    depth = math.ceil(math.log2(timesteps)) if timesteps > 1 else 0
    n = 2**depth
    if n > timesteps:                      # pad with the identity map h -> 1 * h + 0
        pad = (b.shape[0], n - timesteps, *b.shape[2:])
        ones = np.ones(pad) if not _is_torch(b) else b.new_ones(pad)
        a, b = _cat([a, ones], a), _cat([b, ones * 0], b)
    a, b = a * 1, b * 1                    # copies: the sweeps write into them
    rounds, ops = 0, 0
    for level in range(depth):             # up-sweep: node i + 2s - 1 holds its block's total
        s = 2**level
        left, right = slice(s - 1, n, 2 * s), slice(2 * s - 1, n, 2 * s)
        na, nb = combine((a[:, left], b[:, left]), (a[:, right], b[:, right]))
        a, b = a * 1, b * 1
        a[:, right], b[:, right] = na, nb
        rounds, ops = rounds + 1, ops + n // (2 * s)
    total = (a[:, n - 1:], b[:, n - 1:])   # the whole sequence's map: the last inclusive value
    # down-sweep for the exclusive scan: the root gets the identity, then each node passes
    # its prefix to its left child, and prefix o (left block's total) to its right child
    a, b = a * 1, b * 1
    a[:, n - 1], b[:, n - 1] = 1.0, 0.0
    for level in reversed(range(depth)):
        s = 2**level
        left, right = slice(s - 1, n, 2 * s), slice(2 * s - 1, n, 2 * s)
        la, lb, ra, rb = a[:, left], b[:, left], a[:, right], b[:, right]
        na, nb = combine((ra, rb), (la, lb))
        a, b = a * 1, b * 1
        a[:, left], b[:, left] = ra, rb
        a[:, right], b[:, right] = na, nb
        rounds, ops = rounds + 1, ops + n // (2 * s)
    # inclusive value at t is the exclusive value at t + 1; the last one is the total
    a = _cat([a[:, 1:], total[0]], a)[:, :timesteps]
    b = _cat([b[:, 1:], total[1]], b)[:, :timesteps]
    return (a, b), ScanCount(rounds, ops)


def linear_recurrence(
    alpha: Array, beta: Array, h0: Array | None = None, *, method: str = "hillis_steele"
) -> Array:
    """``h_t = alpha_t * h_{t-1} + beta_t`` for every t at once, by a parallel scan.

    Equal to :func:`linear_recurrence_loop` up to float rounding (the products are taken in
    another order). ``method``: ``"hillis_steele"`` or ``"blelloch"``.

    Args:
        alpha, beta: ``(batch, timesteps, units)``.
        h0: ``(batch, units)``, the state before step 1; zeros if ``None``.

    Returns:
        ``h``: ``(batch, timesteps, units)``.
    """
    beta = _check("linear_recurrence", alpha, beta, h0)
    if method == "hillis_steele":
        (_, h), _ = hillis_steele((alpha, beta))
    elif method == "blelloch":
        (_, h), _ = blelloch((alpha, beta))
    else:
        raise ValueError(f"linear_recurrence: method={method!r}; expected 'hillis_steele' or "
                         "'blelloch'.")
    return h


def log_linear_recurrence(
    log_alpha: Array, log_beta: Array, log_h0: Array | None = None
) -> Array:
    """``log h_t`` for ``h_t = alpha_t * h_{t-1} + beta_t`` with positive ``beta`` and ``h0``,
    computed in log space (Heinsen, 2023): stable where the products of many ``alpha`` would
    underflow.

    With ``A_t = log alpha_1 + ... + log alpha_t`` (a cumulative sum),
    ``h_t = exp(A_t) * (h_0 + sum_{k <= t} beta_k exp(-A_k))``, so
    ``log h_t = A_t + logcumsumexp_k(log beta_k - A_k)`` with ``h_0`` as the term k = 0.
    Both the cumulative sum and the log-cumsum-exp are scans of associative operators
    (``+`` and ``logaddexp``), so this too runs in log depth.

    Args:
        log_alpha, log_beta: ``(batch, timesteps, units)``; ``log_alpha <= 0`` keeps the
            recurrence stable.
        log_h0: ``(batch, units)``; ``h_0 = 0`` (log -inf) if ``None``.

    Returns:
        ``log h``: ``(batch, timesteps, units)``.
    """
    where = "log_linear_recurrence"
    sizes = check_shape(log_beta, ("batch", "timesteps", "units"), name="log_beta", where=where)
    check_shape(log_alpha, ("batch", "timesteps", "units"), name="log_alpha", where=where,
                sizes=sizes)
    if log_h0 is not None:
        check_shape(log_h0, ("batch", "units"), name="log_h0", where=where, sizes=sizes)
    if _is_torch(log_beta):
        import torch  # noqa: PLC0415

        big_a = torch.cumsum(log_alpha, dim=1)                           # (B, T, H)
        terms = log_beta - big_a
        if log_h0 is not None:
            terms = torch.cat([log_h0[:, None], terms], dim=1)           # (B, T + 1, H)
        out = torch.logcumsumexp(terms, dim=1)
        return big_a + (out[:, 1:] if log_h0 is not None else out)
    cum = np.cumsum(log_alpha, axis=1)                                   # (B, T, H)
    rest = log_beta - cum
    if log_h0 is not None:
        rest = np.concatenate([np.asarray(log_h0)[:, None], rest], axis=1)  # (B, T + 1, H)
    acc = np.logaddexp.accumulate(rest, axis=1)
    return cum + (acc[:, 1:] if log_h0 is not None else acc)

