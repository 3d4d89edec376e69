"""rnnlib.baselines: naive Bayes on character n-grams and interpolated Kneser-Ney."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnlib import baselines, data


def test_char_ngrams_mark_start_and_end():
    counts = baselines.char_ngrams("ab", orders=(1, 2))
    assert counts == {"^": 1, "a": 1, "b": 1, "$": 1, "^a": 1, "ab": 1, "b$": 1}


def test_naive_bayes_learns_endings_and_scores_the_book_split():
    nb = baselines.NgramNaiveBayes().fit(["roma", "sala", "haus", "maus"], [0, 0, 1, 1])
    assert nb.predict(["lama", "laus"]).tolist() == [0, 1]
    train, test = data.load_language_names("train"), data.load_language_names("test")
    model = baselines.NgramNaiveBayes(orders=(1, 2, 3)).fit(train.texts, train.labels)
    accuracy = float((model.predict(test.texts) == test.labels).mean())
    assert round(accuracy, 3) == 0.754  # the number chapter 14 prints


def test_kneser_ney_is_a_distribution_and_longer_contexts_help():
    rng = np.random.default_rng(0)
    text = np.tile(np.array([2, 3, 4, 5, 3, 4]), 50)
    text[rng.integers(0, len(text), 30)] = 6  # some noise
    for order in (1, 2, 3):
        lm = baselines.KneserNey(order, vocab_size=8).fit(text)
        for context in ([], [3], [2, 3], [7, 7]):  # [7, 7]: a context never seen
            total = sum(lm.prob(w, context) for w in range(8))
            assert math.isclose(total, 1.0, rel_tol=1e-12)
            assert min(lm.prob(w, context) for w in range(8)) > 0
    x = text[:-1].reshape(1, -1)[:, :120]
    y = text[1:].reshape(1, -1)[:, :120]
    ppl = [baselines.KneserNey(n, 8).fit(text).perplexity(x, y) for n in (1, 2, 3)]
    assert ppl[0] > ppl[1] > ppl[2]


def test_kneser_ney_rejects_order_zero():
    with pytest.raises(ValueError, match="order is 0; expected 1 or more"):
        baselines.KneserNey(0, 5)
