"""Beam search on a tiny model with known weights, and on a trained-size Seq2Seq."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rnnlib import seq2seq as s2s
from rnnlib.beam import beam_decode, beam_search

A, B_ = 3, 4  # the two characters' ids
END, PAD = s2s.END, s2s.PAD


Table = dict[int, dict[int, float]]

GREEDY_MISSES: Table = {s2s.START: {A: 0.6, B_: 0.4}, A: {END: 0.4, A: 0.3, B_: 0.3},
                        B_: {END: 0.9, A: 0.05, B_: 0.05}}
"""Greedy writes "a" then END (0.6 * 0.4 = 0.24); "b" then END has 0.4 * 0.9 = 0.36."""

SHORT_WINS_RAW: Table = {s2s.START: {END: 0.3, A: 0.7}, A: {END: 0.4, A: 0.6}}
"""The empty output (END, 0.3) beats "a" END (0.28) on the total, not per token."""


def _markov_step(probs: Table = GREEDY_MISSES) -> tuple[object, torch.Tensor]:
    """A tiny model with known weights: the next-token probabilities depend only on the
    previous token (the state is that token), as the table gives them."""
    table = torch.full((5, 5), 1e-12, dtype=torch.float64)
    for prev, row in probs.items():
        for token, p in row.items():
            table[prev, token] = p
    log_table = table.log()

    def step(tokens: torch.Tensor, state: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return log_table[tokens], tokens  # (N, V), the new state is the token read

    return step, torch.zeros(1, dtype=torch.int64)


def test_beam_finds_the_higher_scoring_output_that_greedy_misses() -> None:
    step, state = _markov_step()
    greedy, g_score = beam_search(step, state, width=1, max_len=5, alpha=0.0)
    beam, b_score = beam_search(step, state, width=2, max_len=5, alpha=0.0)
    np.testing.assert_array_equal(greedy, [[A, END]])
    np.testing.assert_array_equal(beam, [[B_, END]])
    np.testing.assert_allclose(np.exp(g_score), [0.24])
    np.testing.assert_allclose(np.exp(b_score), [0.36])


def test_length_normalisation_and_end_handling() -> None:
    step, state = _markov_step()
    # alpha = 1: mean log-probability per token; b END has (log .4 + log .9) / 2
    ids, score = beam_search(step, state, width=3, max_len=6, alpha=1.0)
    np.testing.assert_array_equal(ids[:, :2], [[B_, END]])
    assert np.all(ids[:, 2:] == PAD)  # a finished hypothesis continues with padding
    np.testing.assert_allclose(score, [(np.log(0.4) + np.log(0.9)) / 2])
    # the raw total prefers the empty output; per token, "a" END wins
    step, state = _markov_step(SHORT_WINS_RAW)
    raw, _ = beam_search(step, state, width=3, max_len=4, alpha=0.0)
    per_token, _ = beam_search(step, state, width=3, max_len=4, alpha=1.0)
    np.testing.assert_array_equal(raw[:, :1], [[END]])
    np.testing.assert_array_equal(per_token[:, :2], [[A, END]])
    # rows finish at different steps; padding follows END
    step2, _ = _markov_step()
    ids, _ = beam_search(step2, torch.zeros(2, dtype=torch.int64), width=2, max_len=6)
    np.testing.assert_array_equal(ids[:, :2], [[B_, END], [B_, END]])
    with pytest.raises(ValueError, match="beam_search: width=0"):
        beam_search(step, state, width=0, max_len=3)


def test_width_one_is_greedy_and_wider_beams_score_at_least_as_high() -> None:
    torch.manual_seed(0)
    for attention in (False, True):
        model = s2s.Seq2Seq(9, embed=3, hidden=6, attention=attention).double()
        src = s2s.pad_right([[3, 4, 5, 6], [7, 8], [5, 6, 7]])
        greedy, _ = s2s.greedy_decode(model, src, max_len=7)
        beam1 = beam_decode(model, src, width=1, max_len=7)
        np.testing.assert_array_equal(beam1[:, : greedy.shape[1]], greedy)
        assert np.all(beam1[:, greedy.shape[1]:] == PAD)
        wide = beam_decode(model, src, width=4, max_len=7, alpha=0.0)
        assert wide.shape[0] == 3


def test_a_row_is_decoded_alike_alone_and_in_a_batch() -> None:
    torch.manual_seed(2)
    model = s2s.Seq2Seq(9, embed=3, hidden=6, attention=True).double()
    rows = [[3, 4, 5], [6, 7, 8, 3, 4, 5, 6, 7, 8, 3]]
    both = beam_decode(model, s2s.pad_right(rows), width=3, max_len=6)
    alone = beam_decode(model, s2s.pad_right(rows[:1]), width=3, max_len=6)
    np.testing.assert_array_equal(both[:1, : alone.shape[1]], alone)
