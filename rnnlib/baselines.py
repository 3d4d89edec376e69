"""Non-neural baselines in plain Python and NumPy, for the training chapters to beat.

- :class:`NgramNaiveBayes`: multinomial naive Bayes on character n-grams, for classifying
  short strings (chapter 14).
- :class:`KneserNey`: an interpolated Kneser-Ney character n-gram language model
  (chapter 16), scored with the same context window a recurrent model sees.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

__all__ = ["NgramNaiveBayes", "KneserNey", "char_ngrams"]


def char_ngrams(text: str, orders: Sequence[int] = (1, 2, 3)) -> Counter[str]:
    """Count the character n-grams of ``"^" + text + "$"`` for every n in ``orders``.

    ``^`` and ``$`` mark the start and the end, so ``"ia$"`` is an ending.
    """
    padded = f"^{text}$"
    return Counter(padded[i:i + n] for n in orders for i in range(len(padded) - n + 1))


class NgramNaiveBayes:
    """Multinomial naive Bayes on character n-gram counts, with add-``alpha`` smoothing.

    Score of class k for a text: log P(k) + sum over its n-grams g of count(g) log P(g | k),
    with P(g | k) = (N_kg + alpha) / (N_k + alpha |G|) over the training n-grams G;
    n-grams never seen in training are skipped.
    """

    def __init__(self, orders: Sequence[int] = (1, 2, 3), alpha: float = 1.0) -> None:
        self.orders = tuple(orders)
        self.alpha = alpha

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> NgramNaiveBayes:
        """Count n-grams per class. texts: (batch,) strings; labels: (batch,) ints 0..C-1."""
        y = np.asarray(labels)
        self.n_classes = int(y.max()) + 1
        counts = [char_ngrams(t, self.orders) for t in texts]
        self.index = {g: j for j, g in enumerate(sorted(set().union(*counts)))}
        table = np.zeros((self.n_classes, len(self.index)))  # (classes, n-grams)
        for c, k in zip(counts, y):
            for g, n in c.items():
                table[k, self.index[g]] += n
        smoothed = table + self.alpha
        self.log_p = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))  # (C, G)
        self.log_prior = np.log(np.bincount(y, minlength=self.n_classes) / len(y))
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Log-probability (up to a constant) of each class: shape (batch, classes)."""
        x = np.zeros((len(texts), len(self.index)))  # (batch, n-grams)
        for row, text in enumerate(texts):
            for g, n in char_ngrams(text, self.orders).items():
                if g in self.index:
                    x[row, self.index[g]] = n
        return x @ self.log_p.T + self.log_prior

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """The most likely class of each text: shape (batch,)."""
        return self.scores(texts).argmax(axis=1)


class KneserNey:
    """Interpolated Kneser-Ney n-gram model over integer ids (characters).

    P(w | h) = max(c(h w) - D, 0) / c(h) + D N1+(h .) / c(h) * P(w | h minus its first id),
    with raw counts c at the order asked for and continuation counts (the number of distinct
    ids seen before h w) below it; the lowest order interpolates with the uniform 1 / V.
    Each order's discount D = n1 / (n1 + 2 n2) comes from its counts of counts (0.5 where
    no count is 1).
    A context never seen backs off to the shorter one.
    """

    def __init__(self, order: int, vocab_size: int) -> None:
        if order < 1:
            raise ValueError(f"KneserNey: order is {order}; expected 1 or more.")
        self.order, self.V = order, vocab_size

    def fit(self, ids: Sequence[int]) -> KneserNey:
        """Count every n-gram of ``ids`` (shape (timesteps,)) up to ``order``."""
        seq = tuple(int(i) for i in ids)
        n = self.order
        self.raw: list[Counter[tuple[int, ...]]] = [Counter() for _ in range(n + 1)]
        left: list[defaultdict[tuple[int, ...], set[int]]] = [defaultdict(set) for _ in range(n + 1)]
        for k in range(1, n + 1):
            for i in range(len(seq) - k + 1):
                gram = seq[i:i + k]
                self.raw[k][gram] += 1
                if i > 0:
                    left[k][gram].add(seq[i - 1])
        self.cont = [Counter({g: len(s) for g, s in left[k].items()}) for k in range(n + 1)]
        self.tables = {}
        for k in range(1, n + 1):
            for kind, counts in (("raw", self.raw[k]), ("cont", self.cont[k])):
                totals: Counter[tuple[int, ...]] = Counter()
                types: Counter[tuple[int, ...]] = Counter()
                for g, c in counts.items():
                    totals[g[:-1]] += c
                    types[g[:-1]] += 1
                n1 = sum(1 for c in counts.values() if c == 1)
                n2 = sum(1 for c in counts.values() if c == 2)
                # no singletons (tiny or repetitive data): a fixed discount keeps P > 0
                d = n1 / (n1 + 2 * n2) if n1 else 0.5
                self.tables[kind, k] = (counts, totals, types, d)
        return self

    def prob(self, w: int, context: Sequence[int] | np.ndarray) -> float:
        """P(w | the last order - 1 ids of context)."""
        h = tuple(int(i) for i in context)[max(0, len(context) - self.order + 1):]
        return self._p(w, h, "raw")

    def _p(self, w: int, h: tuple[int, ...], kind: str) -> float:
        counts, totals, types, d = self.tables[kind, len(h) + 1]
        lower = 1.0 / self.V if not h else self._p(w, h[1:], "cont")
        total = totals.get(h, 0)
        if not h:  # unigram level: interpolate with the uniform distribution
            return (max(counts.get((w,), 0) - d, 0) + d * types[()] * lower) / total
        if total == 0:
            return lower
        return (max(counts.get(h + (w,), 0) - d, 0) + d * types[h] * lower) / total

    def perplexity(self, x: np.ndarray, y: np.ndarray) -> float:
        """exp of the mean -log P(y[b, t] | x[b, :t+1]), context limited to each window.

        x, y: (batch, timesteps) ids; y is x shifted by one step, as for a recurrent model
        that starts every window from a zero state.
        """
        nll = [-math.log(self.prob(int(y[b, t]), x[b, :t + 1]))
               for b in range(x.shape[0]) for t in range(x.shape[1])]
        return float(np.exp(np.mean(nll)))
