"""Beam search: keep the ``k`` most likely partial outputs at every step, not just one.

:func:`beam_search` works with any step function ``(tokens, state) -> (log_probs, state)``;
:func:`beam_decode` runs it on a :class:`rnnlib.seq2seq.Seq2Seq`. Token ids follow
:mod:`rnnlib.seq2seq`: 0 padding, 1 start, 2 end.

Shapes: B batch, k beam width, V vocabulary, H units, S input steps, N = B * k rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from rnnlib.seq2seq import END, PAD, START, Seq2Seq

__all__ = ["beam_decode", "beam_search"]

StepFn = Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]
"""``(tokens (N,), state (N, ...)) -> (log-probabilities (N, V), state (N, ...))``."""


def beam_search(step: StepFn, state: torch.Tensor, *, width: int, max_len: int,
                alpha: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The most likely outputs that beam search finds, one per row of ``state``.

    Every row starts from the start token with its ``state`` ``(B, ...)`` (batch first).
    At each step every one of the ``width`` hypotheses of a row is extended by every
    token, and the ``width`` extensions with the highest total log-probability survive.
    A hypothesis that has written END is finished: it is kept, extended only by padding at
    no cost, so finished and unfinished hypotheses compete on their totals. The search
    stops when every hypothesis of every row has finished, or after ``max_len`` steps.
    Among the final hypotheses of a row (the finished ones, if any) the winner has the
    highest total divided by ``length ** alpha`` (length counts END): ``alpha = 0`` compares raw totals, which
    favour short outputs; ``alpha = 1`` compares the mean log-probability per token.
    With ``width = 1`` and any ``alpha`` this is greedy decoding.

    Returns:
        ids ``(B, steps)`` (END included, then padding) and the winners' scores ``(B,)``
        (total log-probability over ``length ** alpha``).
    """
    if width < 1 or max_len < 1:
        raise ValueError(f"beam_search: width={width}, max_len={max_len}; both must be >= 1.")
    B = state.shape[0]
    state = state.repeat_interleave(width, dim=0)  # (N, ...): row b's beams are rows b*k..
    totals = torch.full((B, width), -torch.inf, dtype=torch.float64)
    totals[:, 0] = 0.0  # one live hypothesis at the start, not k copies of it
    tokens = torch.full((B * width,), START, dtype=torch.int64)
    done = torch.zeros((B, width), dtype=torch.bool)
    seqs = torch.zeros((B, width, 0), dtype=torch.int64)
    rows = torch.arange(B)[:, None]  # (B, 1)
    for _ in range(max_len):
        log_probs, new_state = step(tokens, state)  # (N, V)
        V = log_probs.shape[-1]
        log_probs = log_probs.reshape(B, width, V).to(torch.float64)
        # a finished hypothesis continues only with padding, at no cost
        after_end = torch.full((V,), -torch.inf, dtype=torch.float64)
        after_end[PAD] = 0.0
        log_probs = torch.where(done[..., None], after_end, log_probs)
        candidates = (totals[..., None] + log_probs).reshape(B, width * V)
        totals, index = candidates.topk(width, dim=-1)  # (B, k) each
        beam, token = index // V, index % V  # which hypothesis, which token
        seqs = torch.cat([seqs[rows, beam], token[..., None]], dim=-1)  # (B, k, t)
        done = done[rows, beam] | (token == END)
        flat = (rows * width + beam).reshape(-1)  # (N,) rows of the surviving parents
        state = new_state[flat]
        tokens = token.reshape(-1)
        if bool(done.all()):
            break
    lengths = (seqs != PAD).sum(-1).clamp(min=1)  # (B, k), END counted
    normalised = totals / lengths.to(torch.float64) ** alpha
    # a finished hypothesis beats one cut off by max_len
    ranked = torch.where(done | ~done.any(-1, keepdim=True), normalised, -torch.inf)
    best = ranked.argmax(-1)  # (B,)
    ids = seqs[torch.arange(B), best]
    return ids.numpy(), normalised[torch.arange(B), best].numpy()


def beam_decode(model: Seq2Seq, src: np.ndarray, *, width: int, max_len: int = 12,
                alpha: float = 1.0) -> np.ndarray:
    """Beam search with a trained :class:`Seq2Seq` on encoder inputs ``src`` ``(B, S)``.

    Returns ids ``(B, steps)`` like :func:`rnnlib.seq2seq.greedy_decode`;
    ``width=1`` gives its output. See :func:`beam_search` for ``alpha``.
    """
    model.eval()
    with torch.no_grad():
        src_t = torch.as_tensor(src)
        enc_states, h = model.encoder(src_t)  # (B, S, H), (1, B, H)
        memory = model.decoder.start(enc_states, h, src_t)
        if memory is not None:  # the same memory for every beam of a row
            memory = tuple(m.repeat_interleave(width, dim=0) for m in memory)

        def step(tokens: torch.Tensor, state: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            logits, h_new, _ = model.decoder.step(tokens, state[None], memory)
            return torch.log_softmax(logits, dim=-1), h_new[0]

        ids, _ = beam_search(step, h[0], width=width, max_len=max_len, alpha=alpha)
    model.train()
    return ids
