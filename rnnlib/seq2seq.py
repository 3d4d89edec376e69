"""Sequence to sequence with GRUs: batching, encoder, decoders, greedy decoding, a Keras twin.

Training is :func:`rnnlib.train.train` on :func:`length_batches` with the loss
:func:`per_step_cross_entropy` (masked at padding by the batches' masks); :class:`FeedOwn`
adds scheduled sampling.

Token ids: 0 padding, 1 start, 2 end, then the characters (:class:`CharVocab`).
Encoder inputs are padded on the right. The encoder never reads the padding: PyTorch packs
the batch (:class:`Encoder`), Keras masks it (``mask_zero=True``, :func:`to_keras`), so the
final state is the state after each row's last real character, and attention gives padding
weight 0. A prediction therefore never depends on the other rows of its batch.
Decoder inputs are the targets shifted right behind a start token; decoder targets end
with the end token; both are padded on the right, and the loss skips the padding.

Shapes: B batch, S input steps, T output steps, E embedding size, H units, V vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

__all__ = [
    "END",
    "PAD",
    "START",
    "AttentionDecoder",
    "CharVocab",
    "Decoder",
    "Encoder",
    "FeedOwn",
    "Seq2Seq",
    "batch",
    "char_accuracy",
    "decoder_batch",
    "edit_accuracy",
    "edit_distance",
    "evaluate",
    "field_accuracy",
    "greedy_decode",
    "keras_greedy_decode",
    "length_batches",
    "pad_right",
    "per_step_cross_entropy",
    "to_keras",
]

PAD, START, END = 0, 1, 2


@dataclass(frozen=True)
class CharVocab:
    """Characters to ids and back; ids 0-2 are padding, start and end."""

    chars: str

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> CharVocab:
        return cls("".join(sorted(set("".join(texts)))))

    def __len__(self) -> int:
        return len(self.chars) + 3

    def encode(self, text: str) -> list[int]:
        return [self.chars.index(c) + 3 for c in text]

    def decode(self, ids: Sequence[int]) -> str:
        """Characters up to the first end token; padding and start are skipped."""
        out = []
        for i in ids:
            if int(i) == END:
                break
            if int(i) > END:
                out.append(self.chars[int(i) - 3])
        return "".join(out)


def pad_right(rows: Sequence[Sequence[int]]) -> np.ndarray:
    """Encoder input: rows of ids padded with 0 on the right, shape ``(B, S)``, int64."""
    if not rows or min(len(r) for r in rows) == 0:
        raise ValueError(f"pad_right: got {len(rows)} rows, the shortest of length "
                         f"{min((len(r) for r in rows), default=0)}; every input needs at "
                         "least one token. Drop empty inputs before batching.")
    width = max(len(r) for r in rows)
    out = np.full((len(rows), width), PAD, dtype=np.int64)
    for b, r in enumerate(rows):
        out[b, : len(r)] = r
    return out


def decoder_batch(rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decoder inputs, targets and loss mask, each ``(B, T)`` with ``T = longest + 1``.

    ``inputs = [START, y_1, ..., y_n, PAD...]``, ``targets = [y_1, ..., y_n, END, PAD...]``;
    ``mask`` is True where ``targets`` is not padding.
    """
    width = max(len(r) for r in rows) + 1
    inputs = np.full((len(rows), width), PAD, dtype=np.int64)
    targets = np.full((len(rows), width), PAD, dtype=np.int64)
    for b, r in enumerate(rows):
        inputs[b, : len(r) + 1] = [START, *r]
        targets[b, : len(r) + 1] = [*r, END]
    return inputs, targets, targets != PAD


Batch = tuple[tuple[np.ndarray, np.ndarray], np.ndarray, np.ndarray]
"""``((src, dec_in), dec_out, mask)``: the form :func:`rnnlib.train.train` takes."""


def batch(vocab: CharVocab, inputs: Sequence[str], targets: Sequence[str]) -> Batch:
    """Texts as one batch ``((src, dec_in), dec_out, mask)``: encoder input ``(B, S)``
    (:func:`pad_right`), then decoder inputs, targets and mask, each ``(B, T)`` (:func:`decoder_batch`)."""
    src = pad_right([vocab.encode(s) for s in inputs])
    dec_in, dec_out, mask = decoder_batch([vocab.encode(t) for t in targets])
    return (src, dec_in), dec_out, mask


def length_batches(vocab: CharVocab, inputs: Sequence[str], targets: Sequence[str], *,
                   size: int = 64) -> list[Batch]:
    """Batches of ``size`` pairs whose inputs have similar lengths (sorted by length, stably),
    so little padding is computed. :func:`rnnlib.train.train` takes the list and visits the
    batches in a new order every epoch."""
    order = np.argsort([len(s) for s in inputs], kind="stable")
    blocks = [order[i : i + size] for i in range(0, len(order), size)]
    return [batch(vocab, [inputs[i] for i in b], [targets[i] for i in b]) for b in blocks]


def per_step_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy at every step, shape ``(B, T)``, from logits ``(B, T, V)`` and targets ``(B, T)``.

    The loss :func:`rnnlib.train.train` takes; it averages over the steps the mask keeps.
    """
    return nn.functional.cross_entropy(logits.transpose(1, 2), targets, reduction="none")


class Encoder(nn.Module):
    """Embedding and a GRU that reads only the real tokens of each row.

    ``forward(src)`` takes ids ``(B, S)`` padded on the right and returns all states
    ``(B, S, H)`` (zeros at padding) and each row's state after its last real token,
    ``(1, B, H)``. The batch is packed (:func:`torch.nn.utils.rnn.pack_padded_sequence`),
    so the GRU never reads a padding step and a row's states do not depend on how long
    the other rows are.
    """

    def __init__(self, vocab: int, embed: int, hidden: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.gru = nn.GRU(embed, hidden, batch_first=True)

    def forward(self, src: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        lengths = (src != PAD).sum(1)  # (B,)
        if bool((lengths == 0).any()):
            raise ValueError(f"Encoder: src {tuple(src.shape)} has rows with no real token "
                             f"(rows {torch.nonzero(lengths == 0)[:, 0].tolist()}); every input "
                             "needs at least one token, padded on the right (pad_right).")
        packed = nn.utils.rnn.pack_padded_sequence(
            self.embedding(src), lengths.cpu(), batch_first=True, enforce_sorted=False)
        states, h = self.gru(packed)  # h: (1, B, H) at each row's last real step
        states, _ = nn.utils.rnn.pad_packed_sequence(
            states, batch_first=True, total_length=src.shape[1])  # (B, S, H)
        return states, h


class Decoder(nn.Module):
    """Embedding, a GRU started from the encoder's final state, and a linear layer to logits."""

    def __init__(self, vocab: int, embed: int, hidden: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.gru = nn.GRU(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def step(self, token: torch.Tensor, h: torch.Tensor, memory: Any = None) -> tuple[Any, ...]:
        """One step. token ``(B,)``, h ``(1, B, H)`` -> logits ``(B, V)``, h, no weights."""
        y, h = self.gru(self.embedding(token)[:, None], h)  # y: (B, 1, H)
        return self.out(y[:, 0]), h, None

    def start(self, enc_states: torch.Tensor, h_enc: torch.Tensor, src: torch.Tensor) -> Any:
        return None  # the plain decoder sees the input only through h_enc


class AttentionDecoder(nn.Module):
    """A GRU decoder that attends over all encoder states, with additive or dot-product scores.

    At step t the query is the previous decoder state ``s = h_{t-1}``; the keys
    ``k_j = h^enc_j W_k`` and the values ``h^enc_j`` come from the encoder states:

    - ``score="additive"`` (Bahdanau): ``e_j = v . tanh(s W_s + b_s + k_j)``;
    - ``score="dot"`` (Luong's general form, scaled): ``e_j = (s W_s + b_s) . k_j / sqrt(A)``.

    Padding gets -inf, ``a = softmax(e)`` ``(B, S)``, the context is ``c = sum_j a_j h^enc_j``
    ``(B, H)``; the GRU reads ``[embedding(y_{t-1}), c]``, and the logits come from ``[h_t, c]``.
    The query at step t needs ``h_{t-1}``, so the decoder runs one step at a time.
    """

    SCORES = ("additive", "dot")

    def __init__(self, vocab: int, embed: int, hidden: int, attn: int | None = None,
                 score: str = "additive"):
        super().__init__()
        if score not in self.SCORES:
            raise ValueError(f"AttentionDecoder: score={score!r}; expected one of {self.SCORES}.")
        attn = attn or hidden
        self.score = score
        self.embedding = nn.Embedding(vocab, embed)
        self.w_k = nn.Linear(hidden, attn, bias=False)
        self.w_s = nn.Linear(hidden, attn)
        self.v = nn.Linear(attn, 1, bias=False) if score == "additive" else None
        self.cell = nn.GRUCell(embed + hidden, hidden)  # one step at a time
        self.out = nn.Linear(2 * hidden, vocab)

    def start(self, enc_states: torch.Tensor, h_enc: torch.Tensor, src: torch.Tensor) -> Any:
        # keys once per sequence: (B, S, A); padding mask (B, S)
        return enc_states, self.w_k(enc_states), src == PAD

    def scores(self, h: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """Scores ``(B, S)`` of the query from ``h`` ``(1, B, H)`` against keys ``(B, S, A)``."""
        query = self.w_s(h[0])  # (B, A)
        if self.v is not None:
            return self.v(torch.tanh(keys + query[:, None]))[..., 0]
        return (keys @ query[..., None])[..., 0] / keys.shape[-1] ** 0.5

    def step(self, token: torch.Tensor, h: torch.Tensor, memory: Any = None) -> tuple[Any, ...]:
        """One step; also returns the attention weights ``(B, S)``."""
        states, keys, pad = memory
        scores = self.scores(h, keys)  # (B, S)
        weights = torch.softmax(scores.masked_fill(pad, -torch.inf), dim=-1)  # (B, S)
        context = (weights[..., None] * states).sum(1)  # (B, H)
        x = torch.cat([self.embedding(token), context], dim=-1)  # (B, E + H)
        h = self.cell(x, h[0])[None]  # (1, B, H)
        return self.out(torch.cat([h[0], context], dim=-1)), h, weights


class Seq2Seq(nn.Module):
    """Encoder and decoder (``attention=True`` for :class:`AttentionDecoder`, whose
    ``score`` is ``"additive"`` or ``"dot"``)."""

    def __init__(self, vocab: int, embed: int = 16, hidden: int = 48, attention: bool = False,
                 score: str = "additive"):
        super().__init__()
        self.encoder = Encoder(vocab, embed, hidden)
        self.decoder: Decoder | AttentionDecoder = (
            AttentionDecoder(vocab, embed, hidden, score=score) if attention
            else Decoder(vocab, embed, hidden))

    def forward(
        self, src: torch.Tensor, dec_in: torch.Tensor, feed_own: float = 0.0, generator: Any = None
    ) -> torch.Tensor:
        """Logits ``(B, T, V)``. With ``feed_own = p > 0`` each decoder input is, with
        probability p, the model's own previous prediction instead of the true token
        (scheduled sampling; p = 1 is free running). ``p = 0`` is teacher forcing."""
        enc_states, h = self.encoder(src)
        if isinstance(self.decoder, Decoder) and feed_own == 0.0:
            y, _ = self.decoder.gru(self.decoder.embedding(dec_in), h)  # all steps at once
            return self.decoder.out(y)
        memory = self.decoder.start(enc_states, h, src)
        logits, token = [], dec_in[:, 0]
        for t in range(dec_in.shape[1]):
            step_logits, h, _ = self.decoder.step(token, h, memory)
            logits.append(step_logits)
            if t + 1 < dec_in.shape[1]:
                token = dec_in[:, t + 1]
                if feed_own > 0.0:
                    own = torch.rand(token.shape, generator=generator) < feed_own
                    token = torch.where(own, step_logits.argmax(-1), token)
        return torch.stack(logits, dim=1)


class FeedOwn(nn.Module):
    """A :class:`Seq2Seq` trained with scheduled sampling, for :func:`rnnlib.train.train`.

    ``FeedOwn(model, p, seed=s)(src, dec_in)`` is ``model(src, dec_in, p, generator)``: each
    decoder input is the model's own previous prediction with probability ``p``. ``p`` is a
    number, or a schedule ``step -> p`` of the training step (0, 1, 2, ... counted over the
    forward calls in training mode), such as a ramp that rises over training as in
    Bengio et al. (2015). The coin flips come from a generator of its own, seeded once with
    ``s``, so a run repeats exactly. Training it trains ``model`` (the same parameters).
    """

    def __init__(self, model: Seq2Seq, p: float | Callable[[int], float], *, seed: int):
        super().__init__()
        self.model = model
        self.p = p
        self.steps = 0
        self.generator = torch.Generator().manual_seed(seed)

    def forward(self, src: torch.Tensor, dec_in: torch.Tensor) -> torch.Tensor:
        p = self.p(self.steps) if callable(self.p) else self.p
        if self.training:
            self.steps += 1
        return self.model(src, dec_in, float(p), self.generator)


def greedy_decode(model: Seq2Seq, src: np.ndarray, max_len: int = 12) -> tuple[np.ndarray, np.ndarray | None]:
    """Feed back the most likely token until every row has produced END, or ``max_len`` steps.

    Returns ids ``(B, steps)`` (END included, then padding) and, for an attention
    decoder, the weights ``(B, steps, S)`` (else None).
    """
    model.eval()
    with torch.no_grad():
        src_t = torch.as_tensor(src)
        enc_states, h = model.encoder(src_t)
        memory = model.decoder.start(enc_states, h, src_t)
        token = torch.full((src_t.shape[0],), START, dtype=torch.int64)
        done = torch.zeros_like(token, dtype=torch.bool)
        out, weights = [], []
        for _ in range(max_len):
            logits, h, w = model.decoder.step(token, h, memory)
            token = torch.where(done, PAD, logits.argmax(-1))
            out.append(token)
            weights.append(w)
            done = done | (token == END)
            if bool(done.all()):
                break
    model.train()
    ids = torch.stack(out, dim=1).numpy()
    att = None if weights[0] is None else torch.stack(weights, dim=1).numpy()
    return ids, att


def evaluate(model: Seq2Seq, vocab: CharVocab, inputs: Sequence[str], targets: Sequence[str]) -> dict[str, Any]:
    """Teacher-forced and free-running accuracies on one split.

    ``tf_token``: share of target tokens (END included) predicted right when every
    decoder input is the true token. ``tf_exact``: share of rows with all of them right.
    ``free_exact``: share of greedy outputs equal to the target. ``free_token``: share of
    target characters (and END) that greedy decoding gets right at the same position.
    ``predictions``: the greedy outputs as strings.
    """
    (src_ids, dec_ids), dec_targets, dec_mask = batch(vocab, inputs, targets)
    src, dec_in, dec_out, mask = map(torch.as_tensor, (src_ids, dec_ids, dec_targets, dec_mask))
    model.eval()
    with torch.no_grad():
        hit = (model(src, dec_in).argmax(-1) == dec_out) & mask  # (B, T)
    model.train()
    ids, _ = greedy_decode(model, src.numpy(), max_len=dec_out.shape[1] + 2)
    preds = [vocab.decode(row) for row in ids]
    width = dec_out.shape[1]
    free = np.full((len(inputs), width), -1, dtype=np.int64)
    n = min(width, ids.shape[1])
    free[:, :n] = ids[:, :n]
    free_hit = (free == dec_out.numpy()) & mask.numpy()
    return {
        "tf_token": float(hit.sum() / mask.sum()),
        "tf_exact": float((hit | ~mask).all(1).double().mean()),
        "free_token": float(free_hit.sum() / mask.sum()),
        "free_exact": float(np.mean([p == t for p, t in zip(preds, targets)])),
        "predictions": preds,
    }


def char_accuracy(prediction: str, target: str) -> float:
    """Share of the target's characters that the prediction has at the same position."""
    return sum(p == t for p, t in zip(prediction, target)) / len(target)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the fewest insertions, deletions and substitutions from a to b."""
    row = list(range(len(b) + 1))  # distances from a[:0] to every prefix of b
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def edit_accuracy(prediction: str, target: str) -> float:
    """``1 - edit_distance / len(target)``, at least 0: unlike :func:`char_accuracy`, one
    dropped character costs one character, not every character after it."""
    return max(0.0, 1.0 - edit_distance(prediction, target) / len(target))


def field_accuracy(predictions: Sequence[str], targets: Sequence[str]) -> dict[str, float]:
    """Share of rows whose year, month and day are right (day: rows whose target has one)."""
    result = {}
    for k, name in enumerate(("year", "month", "day")):
        pairs = [(p.split("-"), t.split("-")) for p, t in zip(predictions, targets)]
        hits = [p[k : k + 1] == t[k : k + 1] for p, t in pairs if len(t) > k]
        result[name] = float(np.mean(hits))
    return result


# --- Keras --------------------------------------------------------------------------------------


def to_keras(model: Seq2Seq) -> dict[str, Any]:
    """The plain encoder-decoder as Keras layers with the same weights.

    The encoder's ``Embedding`` has ``mask_zero=True``: its mask makes the Keras GRU keep
    its state over padding, so the final state is the one after the last real token, as
    with PyTorch's packing.

    The GRUs go through :func:`rnnlib.port.torch_to_keras`; the embeddings and the output
    layer copy their matrices (a Dense kernel is the transpose of a Linear weight).
    Returns ``{"enc_embed", "encoder", "dec_embed", "decoder", "out"}``.
    """
    import keras  # noqa: PLC0415

    from rnnlib.port import torch_to_keras  # noqa: PLC0415

    if not isinstance(model.decoder, Decoder):
        raise TypeError("to_keras: only the plain encoder-decoder (attention=False) is ported.")
    dtype = str(model.encoder.gru.weight_ih_l0.dtype).replace("torch.", "")
    layers: dict[str, Any] = {}
    for name, emb in (("enc_embed", model.encoder.embedding), ("dec_embed", model.decoder.embedding)):
        # the encoder's embedding masks id 0, so its GRU skips padding as packing does
        layer = keras.layers.Embedding(emb.num_embeddings, emb.embedding_dim, dtype=dtype,
                                       mask_zero=name == "enc_embed")
        layer.build((None, None))
        layer.set_weights([emb.weight.detach().numpy()])
        layers[name] = layer
    # torch_to_keras returns a list, one Keras layer per PyTorch layer
    [layers["encoder"]] = torch_to_keras(model.encoder.gru)
    [layers["decoder"]] = torch_to_keras(model.decoder.gru)
    linear = model.decoder.out
    out = keras.layers.Dense(linear.out_features, dtype=dtype)
    out.build((None, linear.in_features))
    out.set_weights([linear.weight.detach().numpy().T, linear.bias.detach().numpy()])
    layers["out"] = out
    return layers


def keras_greedy_decode(layers: dict[str, Any], src: np.ndarray, max_len: int = 12) -> np.ndarray:
    """Greedy decoding with the Keras layers of :func:`to_keras`: ids ``(B, steps)``."""
    embedded = layers["enc_embed"](src)  # (B, S, E)
    mask = layers["enc_embed"].compute_mask(src)  # (B, S): False at padding
    _, h = layers["encoder"](embedded, mask=mask)[:2]  # h: (B, H) after the last real token
    token = np.full((src.shape[0],), START, dtype=np.int64)
    done = np.zeros(src.shape[0], dtype=bool)
    out = []
    for _ in range(max_len):
        y, h = layers["decoder"](layers["dec_embed"](token[:, None]), initial_state=[h])[:2]
        logits = np.asarray(layers["out"](y[:, 0]))  # (B, V)
        token = np.where(done, PAD, logits.argmax(-1))
        out.append(token)
        done |= token == END
        if done.all():
            break
    return np.stack(out, axis=1)
