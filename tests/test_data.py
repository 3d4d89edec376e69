"""rnnlib.data: the shipped data sets, tokenising and windows, and the synthetic tasks."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from rnnlib import ShapeError, data


def test_importing_rnnlib_loads_no_framework_and_no_matplotlib() -> None:
    import subprocess  # noqa: PLC0415

    code = ("import rnnlib, rnnlib.data, sys; "
            "print(sorted(m for m in ('tensorflow', 'torch', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- language names -------------------------------------------------------------------------


def test_language_names_splits_are_fixed_disjoint_and_complete() -> None:
    train, test, every = (data.load_language_names(s) for s in ("train", "test", "all"))
    assert (len(train), len(test), len(every)) == (2045, 512, 2557)
    assert train.classes == test.classes == data.LANGUAGES == ("de", "en", "es", "fr", "it")
    assert not set(train.texts) & set(test.texts)
    assert sorted(train.texts + test.texts) == sorted(every.texts)
    assert train.labels.shape == (2045,) and train.labels.dtype == np.int64
    assert set(np.unique(train.labels)) == {0, 1, 2, 3, 4}
    # Every language is about a fifth test.
    for k in range(5):
        share = (test.labels == k).sum() / (every.labels == k).sum()
        assert 0.18 < share < 0.22


def test_language_names_are_labelled_in_their_language() -> None:
    every = data.load_language_names("all")
    label = dict(zip(every.texts, every.labels))
    pairs = [("Deutschland", "de"), ("Germany", "en"), ("Alemania", "es"), ("Allemagne", "fr"), ("Germania", "it")]
    for name, lang in pairs:
        assert data.LANGUAGES[label[name]] == lang
    # A name spelled the same in two languages was dropped: no duplicates at all.
    assert len(set(every.texts)) == len(every.texts)


def test_unknown_split_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"load_language_names: unknown split 'validation'; "
                                         r"expected one of 'train', 'test', 'all'"):
        data.load_language_names("validation")


def test_missing_data_file_says_where_it_should_be(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"load_text: the data file "
                                                r"data/alice/alice_ch1.txt is missing.*pip install -e \."):
        data.load_text("alice")


# --- texts and the membrane trace -------------------------------------------------------------


def test_alice_is_the_first_chapter() -> None:
    text = data.load_text("alice")
    assert text.startswith("CHAPTER I.\nDown the Rabbit-Hole")
    assert "DRINK ME" in text and text.rstrip().endswith("finished off the cake.")
    assert len(text) == 11263 and text.isascii()


def test_unknown_text_is_refused() -> None:
    with pytest.raises(ValueError, match=r"load_text: unknown text 'hamlet'; expected one of \['alice'\]"):
        data.load_text("hamlet")


def test_membrane_is_downsampled_by_block_means() -> None:
    raw = data.load_membrane(1)
    assert raw.shape == (12000,) and raw.dtype == np.float32
    four = data.load_membrane()
    assert four.shape == (3000,) and four.dtype == np.float32
    np.testing.assert_allclose(four[:5], raw[:20].reshape(5, 4).mean(axis=1), rtol=1e-6)
    assert -0.7 < raw.min() < raw.max() < 0.1


@pytest.mark.parametrize("bad", [0, 7, -4, 2.0, True])
def test_membrane_downsample_must_divide_12000(bad: object) -> None:
    with pytest.raises(ValueError, match=r"load_membrane: downsample is .*; expected a "
                                         r"positive int that divides 12000"):
        data.load_membrane(bad)  # type: ignore[arg-type]


# --- vocabulary, encode, decode ---------------------------------------------------------------


def test_vocabulary_reserves_pad_and_unk_then_sorts() -> None:
    vocab = data.build_vocabulary(["cab", "ba"])
    assert vocab == {"<pad>": 0, "<unk>": 1, "a": 2, "b": 3, "c": 4}


def test_vocabulary_errors() -> None:
    with pytest.raises(TypeError, match=r"build_vocabulary: texts is one str; expected a list of strings: \[text\]"):
        data.build_vocabulary("abc")
    with pytest.raises(ValueError, match=r"build_vocabulary: texts has no characters"):
        data.build_vocabulary(["", ""])


def test_encode_pads_at_the_end_and_truncates() -> None:
    vocab = data.build_vocabulary(["abc"])
    ids, lengths = data.encode(["ab", "cabz"], vocab)
    assert ids.shape == (2, 4) and ids.dtype == np.int64
    np.testing.assert_array_equal(ids, [[2, 3, 0, 0], [4, 2, 3, 1]])  # z is unknown: id 1
    np.testing.assert_array_equal(lengths, [2, 4])
    cut, cut_lengths = data.encode(["cabz"], vocab, maxlen=2)
    np.testing.assert_array_equal(cut, [[4, 2]])
    np.testing.assert_array_equal(cut_lengths, [2])
    assert data.decode(ids[1], vocab) == "cab?"
    assert data.decode(ids[0], vocab) == "ab"


def test_encode_errors() -> None:
    vocab = data.build_vocabulary(["abc"])
    with pytest.raises(ValueError, match=r"encode: texts is empty"):
        data.encode([], vocab)
    with pytest.raises(ValueError, match=r"encode: text 1 is empty; a recurrent layer needs at least one step"):
        data.encode(["ab", ""], vocab)
    with pytest.raises(ValueError, match=r"encode: maxlen is 0; expected at least 1"):
        data.encode(["ab"], vocab, maxlen=0)
    with pytest.raises(TypeError, match=r"encode: texts is one str"):
        data.encode("ab", vocab)
    with pytest.raises(ShapeError, match=re.escape("decode: ids has shape (2, 4); expected "
                                                   "(timesteps,). Decode one row at a time")):
        data.decode(np.zeros((2, 4), dtype=int), vocab)


# --- windows ----------------------------------------------------------------------------------


def test_sliding_windows_pairs_the_past_with_the_future() -> None:
    series = np.arange(10, dtype=float)
    x, y = data.sliding_windows(series, window=3, horizon=2, stride=2)
    assert x.shape == (3, 3, 1) and y.shape == (3, 2)
    np.testing.assert_array_equal(x[1, :, 0], [2, 3, 4])
    np.testing.assert_array_equal(y[1], [5, 6])
    np.testing.assert_array_equal(y[-1], [7, 8])


@pytest.mark.parametrize(("given", "expected"), [
    (np.float64, np.float64),  # a floating series keeps its dtype
    (np.float32, np.float32),
    (np.float16, np.float16),
    (np.int64, np.float32),  # anything else becomes float32, the frameworks' default
    (np.bool_, np.float32),
])
def test_sliding_windows_keeps_a_floating_dtype(given: type, expected: type) -> None:
    series = (np.arange(10) % 2).astype(given)
    x, y = data.sliding_windows(series, window=3, horizon=2)
    assert x.dtype == y.dtype == expected
    np.testing.assert_array_equal(x[1, :, 0], [1, 0, 1])


def test_sliding_windows_of_float64_loses_no_precision() -> None:
    series = np.linspace(0, 1, 10)  # float64 values that float32 would round
    x, y = data.sliding_windows(series, window=3, horizon=2)
    assert x[0, 1, 0] == series[1] and y[0, 0] == series[3]


def test_sliding_windows_errors() -> None:
    with pytest.raises(ShapeError, match=re.escape("sliding_windows: series has shape (10, 1); "
                                                   "expected (timesteps,), one value per step. "
                                                   "A single column or row can be flattened: series.ravel().")):
        data.sliding_windows(np.zeros((10, 1)), 3, 2)
    with pytest.raises(ValueError, match=r"sliding_windows: window is 0; expected an int of at least 1"):
        data.sliding_windows(np.zeros(10), 0, 2)
    with pytest.raises(ValueError, match=r"sliding_windows: series has 4 steps, fewer than window \+ horizon = 5"):
        data.sliding_windows(np.zeros(4), 3, 2)


def test_next_step_windows_shift_the_target_by_one() -> None:
    inputs, targets = data.next_step_windows(np.arange(11), timesteps=4)
    assert inputs.shape == targets.shape == (2, 4)
    np.testing.assert_array_equal(inputs, [[0, 1, 2, 3], [4, 5, 6, 7]])
    np.testing.assert_array_equal(targets, inputs + 1)
    overlapping, _ = data.next_step_windows(np.arange(11), timesteps=4, stride=1)
    assert overlapping.shape == (7, 4)


def test_next_step_windows_errors() -> None:
    with pytest.raises(ValueError, match=r"next_step_windows: ids has 4 tokens; a window of 4 "
                                         r"steps and its shifted target need at least 5"):
        data.next_step_windows(np.arange(4), timesteps=4)
    with pytest.raises(ShapeError, match=r"next_step_windows: ids has shape \(2, 3\); expected \(timesteps,\)"):
        data.next_step_windows(np.zeros((2, 3)), timesteps=2)
    with pytest.raises(ValueError, match=r"next_step_windows: stride is 0"):
        data.next_step_windows(np.arange(9), timesteps=2, stride=0)


def test_word_end_tags_mark_the_last_letter_of_each_word() -> None:
    letters, tags = data.word_end_tags("Down, down!  Down 42.")
    assert letters == "downdowndown"
    np.testing.assert_array_equal(np.flatnonzero(tags), [3, 7, 11])
    assert tags.shape == (12,) and tags.dtype == np.float32
    with pytest.raises(ValueError, match=r"word_end_tags: text has no letters a-z"):
        data.word_end_tags("42 -- !")


# --- the adding problem -----------------------------------------------------------------------


def test_adding_problem_shapes_markers_and_targets() -> None:
    x, y = data.adding_problem(batch=64, timesteps=20, seed=3)
    assert x.shape == (64, 20, 2) and y.shape == (64,)
    assert x.dtype == y.dtype == np.float32
    markers = x[..., 1]
    assert np.all(markers.sum(axis=1) == 2)
    assert np.all(markers[:, :10].sum(axis=1) == 1) and np.all(markers[:, 10:].sum(axis=1) == 1)
    np.testing.assert_allclose(y, (x[..., 0] * markers).sum(axis=1), rtol=1e-6)
    assert np.all((x[..., 0] >= 0) & (x[..., 0] < 1))


def test_adding_problem_markers_spread_over_each_half() -> None:
    # the variant of Le et al. (2015): the first marker anywhere in the first half (not only
    # among the first ten steps, as in Hochreiter & Schmidhuber's original), the second anywhere
    # in the second half, and values in [0, 1), not [-1, 1]
    x, _ = data.adding_problem(batch=4000, timesteps=40, seed=0)
    steps = np.nonzero(x[..., 1])[1].reshape(4000, 2)  # (batch, 2): the two marked steps
    assert set(steps[:, 0]) == set(range(20)) and set(steps[:, 1]) == set(range(20, 40))
    assert x[..., 0].min() >= 0 and x[..., 0].min() < 0.01 and x[..., 0].max() > 0.99


def test_adding_problem_is_seeded() -> None:
    a = data.adding_problem(8, 10, seed=1)
    b = data.adding_problem(8, 10, seed=1)
    c = data.adding_problem(8, 10, seed=2)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_adding_problem_constant_guess_scores_one_sixth() -> None:
    _, y = data.adding_problem(20000, 10, seed=0)
    assert abs(((y - 1.0) ** 2).mean() - 1 / 6) < 0.005


def test_adding_problem_errors() -> None:
    with pytest.raises(ValueError, match=r"adding_problem: timesteps is 1; expected an int of "
                                         r"at least 2 \(one marker in each half"):
        data.adding_problem(4, 1)
    with pytest.raises(ValueError, match=r"adding_problem: batch is 0; expected an int of at least 1"):
        data.adding_problem(0, 5)
