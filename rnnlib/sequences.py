"""Turning text and series into batches of sequences, and seeded synthetic tasks.

Tokenising (:func:`build_vocabulary`, :func:`encode`, :func:`decode`), windows over a series
(:func:`sliding_windows`, :func:`next_step_windows`), a tagging task (:func:`word_end_tags`)
and the adding problem (:func:`adding_problem`). Everything here is also importable from
:mod:`rnnlib.data`. All arrays are batch-first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rnnlib.shapes import ShapeError, format_shape

__all__ = [
    "PAD",
    "UNK",
    "adding_problem",
    "build_vocabulary",
    "decode",
    "encode",
    "next_step_windows",
    "sliding_windows",
    "word_end_tags",
]


# ---------------------------------------------------------------------------------------------
# Tokenising, padding, windows
# ---------------------------------------------------------------------------------------------

PAD, UNK = "<pad>", "<unk>"
"""The two reserved tokens of :func:`build_vocabulary`: ids 0 and 1."""


def build_vocabulary(texts: Sequence[str]) -> dict[str, int]:
    """A character vocabulary: ``{PAD: 0, UNK: 1}`` then every character of ``texts``, sorted.

    Id 0 is kept for padding, so a framework can mask it (``Embedding(mask_zero=True)`` in Keras,
    ``padding_idx=0`` in PyTorch); id 1 stands for a character never seen in ``texts``.

    Raises:
        ValueError: ``texts`` is empty or holds only empty strings.
    """
    if isinstance(texts, str):
        raise TypeError("build_vocabulary: texts is one str; expected a list of strings: [text].")
    chars = sorted(set("".join(texts)))
    if not chars:
        raise ValueError("build_vocabulary: texts has no characters; pass at least one non-empty string.")
    return {PAD: 0, UNK: 1, **{c: i + 2 for i, c in enumerate(chars)}}


def encode(
    texts: Sequence[str], vocabulary: Mapping[str, int], maxlen: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Turn strings into a padded batch of character ids, and their lengths.

    Each text becomes its ids, cut to ``maxlen`` if longer (the end is dropped), then padded at
    the end with 0 (``post`` padding, so step ``t`` of every row is the ``t``-th character).

    Args:
        texts: ``batch`` strings.
        vocabulary: from :func:`build_vocabulary`; unseen characters get the ``UNK`` id.
        maxlen: the number of timesteps; default the longest text.

    Returns:
        ``ids``: int64, shape ``(batch, timesteps)``; ``lengths``: int64, shape ``(batch,)``,
        the unpadded length of each row (at least 1, at most ``timesteps``).

    Raises:
        ValueError: no texts, an empty text, or ``maxlen`` below 1.
    """
    if isinstance(texts, str):
        raise TypeError("encode: texts is one str; expected a list of strings: encode([text], ...).")
    if len(texts) == 0:
        raise ValueError("encode: texts is empty; pass at least one string.")
    empty = [i for i, t in enumerate(texts) if len(t) == 0]
    if empty:
        raise ValueError(
            f"encode: text {empty[0]} is empty; a recurrent layer needs at least one step. Drop empty texts first."
        )
    if maxlen is not None and maxlen < 1:
        raise ValueError(f"encode: maxlen is {maxlen}; expected at least 1 (or None for the longest text).")
    timesteps = maxlen if maxlen is not None else max(len(t) for t in texts)
    unk = vocabulary[UNK]
    ids = np.zeros((len(texts), timesteps), dtype=np.int64)  # (batch, timesteps), 0 = padding
    lengths = np.zeros(len(texts), dtype=np.int64)  # (batch,)
    for row, text in enumerate(texts):
        codes = [vocabulary.get(c, unk) for c in text[:timesteps]]
        ids[row, : len(codes)] = codes
        lengths[row] = len(codes)
    return ids, lengths


def decode(ids: Sequence[int] | np.ndarray, vocabulary: Mapping[str, int]) -> str:
    """The inverse of :func:`encode` for one row, shape ``(timesteps,)``: padding is skipped."""
    array = np.asarray(ids)
    if array.ndim != 1:
        raise ShapeError(
            f"decode: ids has shape {format_shape(array.shape)}; expected (timesteps,). "
            "Decode one row at a time: decode(ids[0], vocabulary)."
        )
    inverse = {i: c for c, i in vocabulary.items() if c not in (PAD, UNK)}
    pad = vocabulary[PAD]
    return "".join(inverse.get(int(i), "?") for i in array if i != pad)  # "?" for UNK or an unknown id


def _check_1d(series: Any, where: str, name: str) -> np.ndarray:
    array = np.asarray(series)
    if array.ndim != 1:
        hint = ""
        if array.ndim == 2 and 1 in array.shape:
            hint = f" A single column or row can be flattened: {name}.ravel()."
        raise ShapeError(
            f"{where}: {name} has shape {format_shape(array.shape)}; expected (timesteps,), one value per step.{hint}"
        )
    return array


def sliding_windows(
    series: Any, window: int, horizon: int, stride: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Cut a 1-D series into (past window, future horizon) pairs for forecasting.

    Pair ``k`` starts at ``s = k * stride``: the input is ``series[s : s + window]`` and the
    target the ``horizon`` values after it, ``series[s + window : s + window + horizon]``.

    Args:
        series: shape ``(timesteps,)``.
        window: input steps per example (at least 1).
        horizon: future steps to predict (at least 1).
        stride: steps between the starts of consecutive pairs (at least 1).

    Returns:
        ``x``: shape ``(batch, window, 1)`` = (batch, timesteps, features);
        ``y``: shape ``(batch, horizon)``. Both keep a floating series' dtype (float64 in,
        float64 out); any other series (ints, bools) gives float32, the frameworks' default.

    Raises:
        ShapeError: ``series`` is not 1-D.
        ValueError: a size below 1, or a series too short for one pair.
    """
    array = _check_1d(series, "sliding_windows", "series")
    for name, value in (("window", window), ("horizon", horizon), ("stride", stride)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"sliding_windows: {name} is {value!r}; expected an int of at least 1.")
    if len(array) < window + horizon:
        raise ValueError(
            f"sliding_windows: series has {len(array)} steps, fewer than window + horizon = "
            f"{window + horizon}; use a shorter window or horizon."
        )
    starts = np.arange(0, len(array) - window - horizon + 1, stride)
    dtype = array.dtype if np.issubdtype(array.dtype, np.floating) else np.dtype(np.float32)
    x = np.stack([array[s : s + window] for s in starts]).astype(dtype)[..., np.newaxis]
    y = np.stack([array[s + window : s + window + horizon] for s in starts]).astype(dtype)
    return x, y  # (batch, window, 1), (batch, horizon)


def next_step_windows(ids: Any, timesteps: int, stride: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Windows for a language model: each input step's target is the next token.

    Window ``k`` starts at ``s = k * stride``: input ``ids[s : s + timesteps]``, target
    ``ids[s + 1 : s + timesteps + 1]`` (the same window shifted one step to the left).

    Args:
        ids: a token-id sequence, shape ``(length,)``.
        timesteps: steps per window (at least 1).
        stride: steps between window starts; default ``timesteps`` (windows do not overlap).

    Returns:
        ``inputs`` and ``targets``, both int64 of shape ``(batch, timesteps)``.

    Raises:
        ShapeError: ``ids`` is not 1-D.
        ValueError: a size below 1, or ``ids`` shorter than ``timesteps + 1``.
    """
    array = _check_1d(ids, "next_step_windows", "ids")
    stride = timesteps if stride is None else stride
    for name, value in (("timesteps", timesteps), ("stride", stride)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"next_step_windows: {name} is {value!r}; expected an int of at least 1.")
    if len(array) < timesteps + 1:
        raise ValueError(
            f"next_step_windows: ids has {len(array)} tokens; a window of {timesteps} steps and its "
            f"shifted target need at least {timesteps + 1}."
        )
    starts = np.arange(0, len(array) - timesteps, stride)
    inputs = np.stack([array[s : s + timesteps] for s in starts]).astype(np.int64)
    targets = np.stack([array[s + 1 : s + timesteps + 1] for s in starts]).astype(np.int64)
    return inputs, targets  # (batch, timesteps) each


def word_end_tags(text: str) -> tuple[str, np.ndarray]:
    """A tagging task: take the spaces out of a text, and tag each letter that ends a word.

    The text is lower-cased and reduced to its words of letters a-z (punctuation and digits
    dropped); the words are joined with no space. Tag 1 marks a letter after which a space
    belongs. ``"Down, down!"`` gives ``("downdown", [0, 0, 0, 1, 0, 0, 0, 1])``.

    Returns:
        ``letters``: a str of ``timesteps`` letters; ``tags``: float32, shape ``(timesteps,)``.

    Raises:
        ValueError: the text holds no letters a-z.
    """
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        raise ValueError("word_end_tags: text has no letters a-z; pass English text such as load_text('alice').")
    letters = "".join(words)
    tags = np.zeros(len(letters), dtype=np.float32)  # (timesteps,)
    tags[np.cumsum([len(w) for w in words]) - 1] = 1.0
    return letters, tags


# ---------------------------------------------------------------------------------------------
# Synthetic tasks
# ---------------------------------------------------------------------------------------------


def adding_problem(batch: int, timesteps: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem, in the form later papers use: remember two numbers across a sequence.

    Each step carries two features: a value drawn uniformly from [0, 1), and a marker that is 1
    at exactly two steps and 0 elsewhere. One marker falls in the first half of the sequence, the
    other in the second half. The target is the sum of the two marked values. Predicting the
    constant 1.0 gives a mean squared error of 1/6 (about 0.167); remembering only the second
    value gives 1/12 (about 0.083).

    This is the variant of Le, Jaitly & Hinton (2015) and Arjovsky, Shah & Bengio (2016), not
    Hochreiter & Schmidhuber's (1997) original, whose values lie in [-1, 1], whose first marker
    falls among the first ten steps, and whose target is 0.5 + (X1 + X2) / 4.

    Args:
        batch: number of sequences (at least 1).
        timesteps: sequence length (at least 2).
        seed: seeds ``np.random.default_rng``; the same seed gives the same arrays.

    Returns:
        ``x``: float32, shape ``(batch, timesteps, 2)`` = (batch, timesteps, features: value, marker);
        ``y``: float32, shape ``(batch,)``.

    Raises:
        ValueError: ``batch`` below 1 or ``timesteps`` below 2.
    """
    if not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(f"adding_problem: batch is {batch!r}; expected an int of at least 1.")
    if not isinstance(timesteps, (int, np.integer)) or timesteps < 2:
        raise ValueError(
            f"adding_problem: timesteps is {timesteps!r}; expected an int of at least 2 "
            "(one marker in each half of the sequence)."
        )
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(batch, timesteps))  # (batch, timesteps)
    half = timesteps // 2
    first = rng.integers(0, half, size=batch)  # a step in the first half
    second = rng.integers(half, timesteps, size=batch)  # a step in the second half
    markers = np.zeros((batch, timesteps))
    rows = np.arange(batch)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1).astype(np.float32)  # (batch, timesteps, 2)
    y = (values[rows, first] + values[rows, second]).astype(np.float32)  # (batch,)
    return x, y
