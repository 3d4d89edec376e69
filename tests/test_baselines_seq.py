"""rnnlib.baselines_seq: the context-majority tagger and the autoregressive ridge forecaster."""

from __future__ import annotations

import numpy as np
import pytest

from rnnlib import data
from rnnlib.baselines_seq import ARRidgeForecaster, ContextMajorityTagger
from rnnlib.shapes import ShapeError

# --------------------------------------------------------------------------------------------
# ContextMajorityTagger
# --------------------------------------------------------------------------------------------

# Tag 1 on every step followed by a 3: only a rule that reads one step to the right can know.
IDS = np.array([[1, 2, 3, 1, 2, 1, 3, 2, 3, 2, 1, 2, 3, 3]])
TAGS = np.zeros(IDS.shape)
TAGS[:, :-1] = IDS[:, 1:] == 3  # tag t is 1 where ids[t + 1] is 3


def test_letter_rule_is_the_majority_tag_of_each_id():
    ids = np.array([[1, 1, 1, 2, 2, 3]])
    tags = np.array([[1, 1, 0, 0, 1, 0]])
    rule = ContextMajorityTagger(0).fit(ids, tags)
    # id 1: 2 of 3 tagged 1; id 2: a tie gives 0; id 3: 0; id 4 never seen: 0
    assert rule.predict(np.array([[1, 2, 3, 4]])).tolist() == [[1.0, 0.0, 0.0, 0.0]]


def test_right_context_learns_what_left_context_cannot():
    left = ContextMajorityTagger(2, 0).fit(IDS, TAGS).predict(IDS)
    right = ContextMajorityTagger(0, 1).fit(IDS, TAGS).predict(IDS)
    assert np.array_equal(right, TAGS)  # the next id decides the tag
    assert not np.array_equal(left, TAGS)
    assert right.shape == IDS.shape and right.dtype == np.float64


def test_rows_are_read_alone_and_unseen_contexts_back_off():
    rule = ContextMajorityTagger(1, 1).fit(IDS, TAGS)
    rows = np.array([[2, 3, 1], [9, 2, 3]])  # 9 never seen: its neighbours back off
    batch = rule.predict(rows)
    for b in range(len(rows)):
        assert np.array_equal(batch[b], rule.predict(rows[b:b + 1])[0])
    # step 1 of row 1 has context (9, 2, 3), never seen: it backs off to (2, 3), whose tag is 1
    assert batch[1, 1] == 1.0
    assert batch[1, 0] == 0.0  # id 9 alone was never seen: tag 0


def test_context_majority_tagger_errors_teach():
    with pytest.raises(ShapeError, match=r"ids has shape \(14,\); expected \(batch, timesteps\).*"
                                         r"ids\[np.newaxis\]"):
        ContextMajorityTagger(1).fit(IDS[0], TAGS[0])
    with pytest.raises(ShapeError, match=r"tags has shape \(1, 13\); expected the shape of ids"):
        ContextMajorityTagger(1).fit(IDS, TAGS[:, 1:])
    with pytest.raises(TypeError, match="expected integer ids"):
        ContextMajorityTagger(1).fit(IDS.astype(float), TAGS)
    with pytest.raises(ValueError, match="right is -1; expected an int of 0 or more"):
        ContextMajorityTagger(1, -1)
    with pytest.raises(RuntimeError, match="call fit"):
        ContextMajorityTagger(1).predict(IDS)


def test_the_left_context_rule_chapter_15_prints():
    letters, tags = data.word_end_tags(data.load_text("alice"))
    ids = np.array([ord(c) - ord("a") + 1 for c in letters])
    cut = int(0.8 * len(letters))
    starts = np.arange(cut, len(letters) - 48 + 1, 48)
    x = np.stack([ids[s:s + 48] for s in starts])
    y = np.stack([tags[s:s + 48] for s in starts])
    marks = ContextMajorityTagger(2).fit(ids[np.newaxis, :cut], tags[np.newaxis, :cut]).predict(x)
    f1 = 2 * (marks * y).sum() / (marks.sum() + y.sum())
    assert round(float(f1), 3) == 0.735


# --------------------------------------------------------------------------------------------
# ARRidgeForecaster
# --------------------------------------------------------------------------------------------


def _ar2_series(n: int = 3000) -> np.ndarray:
    """x_t = 1.2 x_(t-1) - 0.5 x_(t-2) + 0.1 + e_t, e_t standard normal: shape (n,)."""
    noise = np.random.default_rng(0).standard_normal(n)
    series = np.zeros(n)
    for t in range(2, n):
        series[t] = 1.2 * series[t - 1] - 0.5 * series[t - 2] + 0.1 + noise[t]
    return series


def test_ar_recovers_an_ar2_process_and_forecasts_several_steps():
    x, y = data.sliding_windows(_ar2_series(), 10, 3)  # (batch, 10, 1), (batch, 3)
    model = ARRidgeForecaster(order=2, alpha=0.0).fit(x, y)
    assert model.weights is not None and model.bias is not None
    assert model.weights.shape == (2, 3) and model.bias.shape == (3,)
    np.testing.assert_allclose(model.weights[:, 0], [-0.5, 1.2], atol=0.05)  # oldest first
    prediction = model.predict(x)
    assert prediction.shape == (len(x), 3)
    errors = ((prediction - y) ** 2).mean(axis=0)  # (3,): one step ahead is the noise alone
    assert abs(errors[0] - 1.0) < 0.1 and errors[0] < errors[1] < errors[2]
    # (batch, timesteps) and (batch, timesteps, 1) are the same input
    np.testing.assert_array_equal(model.predict(x[..., 0]), prediction)


def test_ridge_penalty_shrinks_the_weights():
    x, y = data.sliding_windows(_ar2_series(), 8, 1)
    small = ARRidgeForecaster(8, alpha=0.0).fit(x, y[:, 0]).weights
    large = ARRidgeForecaster(8, alpha=1e4).fit(x, y[:, 0]).weights
    assert small is not None and large is not None
    assert np.abs(large).sum() < np.abs(small).sum()


def test_the_ar48_forecast_chapter_15_prints():
    series = data.load_membrane(downsample=4).astype(np.float64)
    z = (series - series[:2200].mean()) / series[:2200].std()
    x_train, y_train = data.sliding_windows(z[:2200], 48, 12)
    x_test, y_test = data.sliding_windows(z[2200:], 48, 12, stride=2)
    prediction = ARRidgeForecaster(48, alpha=1.0).fit(x_train, y_train).predict(x_test)
    assert round(float(((prediction - y_test) ** 2).mean()), 3) == 0.516


def test_ar_errors_teach():
    x, y = data.sliding_windows(_ar2_series(), 8, 2)
    with pytest.raises(ShapeError, match=r"x has 8 timesteps; an AR\(16\) model reads the last 16"):
        ARRidgeForecaster(16).fit(x, y)
    with pytest.raises(ShapeError, match=r"x has shape \(8,\); expected \(batch, timesteps\).*"
                                         r"x\[np.newaxis\]"):
        ARRidgeForecaster(2).fit(x[0, :, 0], y)
    with pytest.raises(ShapeError, match=rf"y has shape \(3, 2\); expected \({len(x)}, horizon\)"):
        ARRidgeForecaster(2).fit(x, y[:3])
    with pytest.raises(ValueError, match="order is 0; expected an int of at least 1"):
        ARRidgeForecaster(0)
    with pytest.raises(ValueError, match="alpha is -1.0; expected 0 or more"):
        ARRidgeForecaster(2, alpha=-1.0)
    with pytest.raises(RuntimeError, match="call fit"):
        ARRidgeForecaster(2).predict(x)
