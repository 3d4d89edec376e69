"""The date task's splits, the decoder's batching and masks, training through rnnlib.train,
and greedy decoding."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from rnnlib import dates
from rnnlib import seq2seq as s2s
from rnnlib import train as T


@pytest.fixture(scope="module")
def splits() -> dict[str, dates.DatePairs]:
    return dates.date_pairs(n_train=600, n_val=100, n_test=100, seed=3)


def test_splits_are_disjoint_and_sized(splits: dict[str, dates.DatePairs]) -> None:
    sets = {name: set(split.inputs) for name, split in splits.items()}
    assert [len(splits[k]) for k in ("train", "validation", "test")] == [600, 100, 100]
    assert all(len(sets[k]) == len(splits[k]) for k in sets)  # no duplicates inside a split
    assert not sets["train"] & sets["validation"]
    assert not sets["train"] & sets["test"]
    assert not sets["validation"] & sets["test"]


def test_held_out_pairs_only_in_test(splits: dict[str, dates.DatePairs]) -> None:
    def pairs(split: dates.DatePairs) -> set[tuple[int, int]]:
        return set(zip(split.formats.tolist(), split.months.tolist()))

    assert not pairs(splits["train"]) & dates.HELD_OUT
    assert not pairs(splits["validation"]) & dates.HELD_OUT
    assert pairs(splits["test"]) <= dates.HELD_OUT
    # every format and every month still occurs in training
    assert set(splits["train"].formats.tolist()) == set(range(len(dates.FORMATS)))
    assert set(splits["train"].months.tolist()) == set(range(1, 13))


def test_same_seed_same_data_and_targets_are_iso() -> None:
    a = dates.date_pairs(50, 10, 10, seed=1)
    b = dates.date_pairs(50, 10, 10, seed=1)
    assert a["test"].inputs == b["test"].inputs and a["train"].targets == b["train"].targets
    assert a["train"].inputs != dates.date_pairs(50, 10, 10, seed=2)["train"].inputs
    for split in a.values():
        for text, target, fmt in zip(split.inputs, split.targets, split.formats):
            pattern = r"\d{4}-\d{2}" if fmt == 4 else r"\d{4}-\d{2}-\d{2}"
            assert re.fullmatch(pattern, target), (text, target)
            assert text.endswith(target[:4])


def test_writing_a_date() -> None:
    assert [dates.write_date(1998, 5, 3, f) for f in range(5)] == [
        "3 may 1998",
        "may 3, 1998",
        "may 3rd 1998",
        "the 3rd of may 1998",
        "may 1998",
    ]
    assert dates.iso_date(1998, 5, 3, 0) == "1998-05-03"
    assert dates.iso_date(1998, 5, 3, 4) == "1998-05"
    assert [dates.ordinal(d) for d in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="date_pairs: n_test"):
        dates.date_pairs(n_test=0)


def test_vocab_round_trip() -> None:
    vocab = s2s.CharVocab.from_texts(["ab", "ba-"])
    assert vocab.chars == "-ab" and len(vocab) == 6
    ids = vocab.encode("ab-")
    assert ids == [4, 5, 3]
    assert vocab.decode([*ids, s2s.END, 4]) == "ab-"  # stops at the end token
    assert vocab.decode([s2s.START, 4, s2s.PAD]) == "a"


def test_pad_right_and_decoder_batch() -> None:
    np.testing.assert_array_equal(s2s.pad_right([[5, 6, 7], [8]]), [[5, 6, 7], [8, 0, 0]])
    with pytest.raises(ValueError, match="pad_right: .* at least one token"):
        s2s.pad_right([[5], []])
    inputs, targets, mask = s2s.decoder_batch([[5, 6], [7]])
    S, E = s2s.START, s2s.END
    np.testing.assert_array_equal(inputs, [[S, 5, 6], [S, 7, 0]])  # shifted right
    np.testing.assert_array_equal(targets, [[5, 6, E], [7, E, 0]])  # end token, then padding
    np.testing.assert_array_equal(mask, [[True, True, True], [True, True, False]])
    # the input at step t+1 is the target at step t
    np.testing.assert_array_equal(inputs[0, 1:], targets[0, :-1])


def test_masked_loss_ignores_padding() -> None:
    torch.manual_seed(0)
    _, targets, mask = (torch.as_tensor(a) for a in s2s.decoder_batch([[5, 6], [7]]))
    logits = torch.randn(2, 3, 8, dtype=torch.float64)
    per_step = s2s.per_step_cross_entropy(logits, targets)
    assert per_step.shape == (2, 3)
    loss = T.masked_mean(per_step, mask)  # what rnnlib.train minimises
    changed = logits.clone()
    changed[1, 2] += 100.0  # the padded step
    assert torch.equal(loss, T.masked_mean(s2s.per_step_cross_entropy(changed, targets), mask))
    real_steps = torch.nn.functional.cross_entropy(logits[mask], targets[mask])
    torch.testing.assert_close(loss, real_steps)


def test_length_batches_group_similar_lengths_and_hold_every_pair_once() -> None:
    vocab = s2s.CharVocab("abc")
    inputs = ["abcabc", "a", "abc", "ab", "abcab", "b", "cc"]
    targets = [s[::-1] for s in inputs]
    batches = s2s.length_batches(vocab, inputs, targets, size=3)
    assert [len(dec_out) for _, dec_out, _ in batches] == [3, 3, 1]
    seen = []
    for (src, dec_in), dec_out, mask in batches:
        assert dec_in.shape == dec_out.shape
        np.testing.assert_array_equal(mask, dec_out != s2s.PAD)
        seen += [vocab.decode(row[row != s2s.PAD]) for row in src]
        assert src.shape[1] == max(len(s) for s in seen[-len(src):])  # padded to its own longest
    assert seen == sorted(inputs, key=len)  # stable sort by length: "a" before "b"
    # the same form as one batch of all pairs
    (src, dec_in), dec_out, mask = s2s.batch(vocab, inputs, targets)
    assert src.shape == (7, 6) and dec_out.shape == mask.shape == (7, 7)


def test_training_through_rnnlib_train_repeats_and_feed_own_changes_it() -> None:
    vocab = s2s.CharVocab("abc")
    inputs = ["abc", "cab", "bca", "aab", "cc", "b"] * 4
    batches = s2s.length_batches(vocab, inputs, [s[::-1] for s in inputs], size=8)

    def run(p: float | None) -> tuple[list[float], s2s.Seq2Seq]:
        torch.manual_seed(0)
        model = s2s.Seq2Seq(len(vocab), embed=3, hidden=4, attention=True).double()
        net = model if p is None else s2s.FeedOwn(model, p, seed=1)
        h = T.train(net, batches, s2s.per_step_cross_entropy, epochs=2, clip_norm=1.0, seed=1)
        return h.step_loss, model

    plain, model = run(None)
    assert len(plain) == 2 * 3 and not model.training
    assert run(0.0)[0] == plain  # FeedOwn with p = 0 is teacher forcing
    sampled = run(0.5)[0]
    assert sampled == run(0.5)[0]  # its own seeded generator: the run repeats
    assert sampled != plain
    assert list(s2s.FeedOwn(model, 1.0, seed=0).parameters()) == list(model.parameters())


def _known_model() -> tuple[s2s.Seq2Seq, s2s.CharVocab]:
    """A decoder that writes "a" then stops: h = tanh(10 x), so h is +1 after START
    (embedding +1) and -1 after "a" (embedding -1); the logits are +h for "a", -h for END."""
    vocab = s2s.CharVocab("ab")  # ids: a 3, b 4
    model = s2s.Seq2Seq(len(vocab), embed=1, hidden=1).double()
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
        dec = model.decoder
        dec.embedding.weight[s2s.START] = 1.0
        dec.embedding.weight[3] = -1.0
        dec.gru.bias_ih_l0[1] = -100.0  # update gate z = 0: h_t = n_t
        dec.gru.weight_ih_l0[2, 0] = 10.0  # n_t = tanh(10 x_t)
        dec.out.weight[3, 0] = 1.0
        dec.out.weight[s2s.END, 0] = -1.0
        dec.out.bias.fill_(-10.0)
        dec.out.bias[[3, s2s.END]] = 0.0
    return model, vocab


def test_greedy_decoding_stops_at_end_token() -> None:
    model, vocab = _known_model()
    ids, weights = s2s.greedy_decode(model, np.array([[3, 4], [4, 4]]), max_len=10)
    assert weights is None
    np.testing.assert_array_equal(ids, [[3, s2s.END], [3, s2s.END]])
    assert [vocab.decode(r) for r in ids] == ["a", "a"]


def test_evaluate_scores_teacher_forcing_and_free_running() -> None:
    model, vocab = _known_model()  # always writes "a", then END
    result = s2s.evaluate(model, vocab, ["ab", "b", "a"], ["a", "a", "ab"])
    assert result["predictions"] == ["a", "a", "a"]
    assert result["free_exact"] == pytest.approx(2 / 3)
    # 7 target tokens: "a", END twice, then "a", "b", END. Teacher-forced, only "b" is wrong
    # (END follows "a"); free running, the last END is wrong too (the output has ended).
    assert result["tf_token"] == pytest.approx(6 / 7) and result["free_token"] == pytest.approx(5 / 7)
    assert result["tf_exact"] == pytest.approx(2 / 3)


def test_greedy_decoding_respects_the_length_cap() -> None:
    model, _ = _known_model()
    with torch.no_grad():
        model.decoder.out.weight[s2s.END, 0] = 0.0
        model.decoder.out.bias[s2s.END] = -10.0  # END never wins
    ids, _ = s2s.greedy_decode(model, np.array([[3]]), max_len=4)
    assert ids.shape == (1, 4)
    assert s2s.END not in ids


def test_rows_after_end_are_padding() -> None:
    # Row 0's encoder state makes END the first choice, row 1's does not: row 0 then
    # produces padding while row 1 writes "a" and ends.
    model, _ = _known_model()
    with torch.no_grad():
        model.encoder.embedding.weight[4] = 1.0  # "b"
        model.encoder.gru.bias_ih_l0[1] = -100.0  # z = 0: h = n = tanh(10 x)
        model.encoder.gru.weight_ih_l0[2, 0] = 10.0
        model.decoder.gru.weight_hh_l0[2, 0] = -20.0  # the decoder reads h_enc
        model.decoder.gru.bias_hh_l0[0] = 100.0  # reset gate r = 1
    ids, _ = s2s.greedy_decode(model, np.array([[4], [3]]), max_len=5)
    np.testing.assert_array_equal(ids, [[s2s.END, s2s.PAD], [3, s2s.END]])


def test_attention_weights_sum_to_one_and_skip_padding() -> None:
    torch.manual_seed(0)
    model = s2s.Seq2Seq(7, embed=4, hidden=5, attention=True).double()
    src = s2s.pad_right([[3, 4, 5], [6]])
    ids, weights = s2s.greedy_decode(model, src, max_len=3)
    assert weights is not None and weights.shape == (2, ids.shape[1], 3)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-12)
    assert np.all(weights[1, :, 1:] == 0.0)  # the padded steps of row 1


def test_teacher_forcing_matches_step_by_step() -> None:
    torch.manual_seed(0)
    for attention in (False, True):
        model = s2s.Seq2Seq(9, embed=3, hidden=4, attention=attention).double()
        src = torch.as_tensor(s2s.pad_right([[3, 4, 5], [6, 7]]))
        dec_in, _, _ = (torch.as_tensor(a) for a in s2s.decoder_batch([[3, 4], [5]]))
        fast = model(src, dec_in)
        loop = model(src, dec_in, feed_own=1e-12)  # the step loop, never feeding its own
        torch.testing.assert_close(fast, loop)


def test_keras_twin_decodes_the_same() -> None:
    keras = pytest.importorskip("keras")
    torch.manual_seed(0)
    model = s2s.Seq2Seq(9, embed=3, hidden=4).double()
    src = s2s.pad_right([[3, 4, 5, 6], [7, 8], [5]])
    ids, _ = s2s.greedy_decode(model, src, max_len=6)
    layers = s2s.to_keras(model)
    assert layers["encoder"].dtype == "float64"
    np.testing.assert_array_equal(s2s.keras_greedy_decode(layers, src, max_len=6), ids)
    assert keras is not None


def test_a_prediction_does_not_depend_on_its_batch_mates() -> None:
    """The padding bug's test: one input decoded alone and beside a much longer input gives
    the same output, attention weights and teacher-forced logits, for both decoders."""
    torch.manual_seed(0)
    short, long = [3, 4, 5], [6, 7, 8, 3, 4, 5, 6, 7, 8, 3, 4, 5, 6, 7, 8, 3]
    dec_in = torch.as_tensor(s2s.decoder_batch([[3, 4, 5, 6]] * 2)[0])
    for attention, score in ((False, "additive"), (True, "additive"), (True, "dot")):
        model = s2s.Seq2Seq(9, embed=3, hidden=5, attention=attention, score=score).double()
        alone, w_alone = s2s.greedy_decode(model, s2s.pad_right([short]), max_len=8)
        pair, w_pair = s2s.greedy_decode(model, s2s.pad_right([short, long]), max_len=8)
        np.testing.assert_array_equal(pair[:1, : alone.shape[1]], alone)
        model.eval()
        with torch.no_grad():
            tf_alone = model(torch.as_tensor(s2s.pad_right([short])), dec_in[:1])
            tf_pair = model(torch.as_tensor(s2s.pad_right([short, long])), dec_in)
        torch.testing.assert_close(tf_pair[:1], tf_alone, rtol=0, atol=1e-12)
        if attention:
            assert w_alone is not None and w_pair is not None
            np.testing.assert_allclose(w_pair[0, : alone.shape[1], :3], w_alone[0], atol=1e-12)
            assert np.all(w_pair[0, :, 3:] == 0.0)  # the short row's padding


def test_keras_twin_does_not_depend_on_batch_mates() -> None:
    pytest.importorskip("keras")
    torch.manual_seed(1)
    model = s2s.Seq2Seq(9, embed=3, hidden=5).double()
    layers = s2s.to_keras(model)
    short, long = [3, 4, 5], [6, 7, 8, 3, 4, 5, 6, 7, 8, 3, 4, 5, 6, 7, 8, 3]
    alone = s2s.keras_greedy_decode(layers, s2s.pad_right([short]), max_len=8)
    pair = s2s.keras_greedy_decode(layers, s2s.pad_right([short, long]), max_len=8)
    np.testing.assert_array_equal(pair[:1, : alone.shape[1]], alone)
    np.testing.assert_array_equal(alone, s2s.greedy_decode(model, s2s.pad_right([short]), 8)[0])


def test_encoder_refuses_an_empty_row() -> None:
    model = s2s.Seq2Seq(9, embed=3, hidden=5)
    with pytest.raises(ValueError, match=r"Encoder: .* no real token \(rows \[1\]\)"):
        model.encoder(torch.as_tensor([[3, 4], [0, 0]]))


def test_dot_and_additive_scores() -> None:
    torch.manual_seed(0)
    dec = s2s.AttentionDecoder(9, embed=3, hidden=4, attn=6, score="dot").double()
    assert dec.v is None
    h = torch.randn(1, 2, 4, dtype=torch.float64)
    keys = torch.randn(2, 5, 6, dtype=torch.float64)
    query = dec.w_s(h[0])  # (B, A)
    expected = torch.einsum("ba,bsa->bs", query, keys) / 6**0.5
    torch.testing.assert_close(dec.scores(h, keys), expected)
    with pytest.raises(ValueError, match="AttentionDecoder: score='cosine'"):
        s2s.AttentionDecoder(9, embed=3, hidden=4, score="cosine")


def test_feed_own_schedule_rises_with_the_training_steps() -> None:
    torch.manual_seed(0)
    model = s2s.Seq2Seq(9, embed=3, hidden=4, attention=True).double()
    seen: list[int] = []
    net = s2s.FeedOwn(model, lambda step: seen.append(step) or 0.0, seed=0)
    src = torch.as_tensor(s2s.pad_right([[3, 4], [5]]))
    dec_in = torch.as_tensor(s2s.decoder_batch([[3], [4, 5]])[0])
    net.train()
    net(src, dec_in)
    net(src, dec_in)
    net.eval()
    net(src, dec_in)  # evaluation does not advance the schedule
    assert seen == [0, 1, 2] and net.steps == 2


def test_edit_distance_and_accuracy() -> None:
    assert s2s.edit_distance("kitten", "sitting") == 3
    assert s2s.edit_distance("", "abc") == 3 and s2s.edit_distance("abc", "abc") == 0
    # one dropped character: position by position almost all wrong, by edits one
    assert s2s.char_accuracy("198-05-03", "1998-05-03") == pytest.approx(0.2)
    assert s2s.edit_accuracy("198-05-03", "1998-05-03") == pytest.approx(0.9)
    assert s2s.edit_accuracy("completely wrong", "1998") == 0.0
