"""One small training loop for the book's PyTorch models, and a thin Keras wrapper.

:func:`train` is the loop every training chapter uses (and shows once). Per epoch it shuffles
the training arrays (or the order of ready-made batches) with a seeded generator, takes Adam
steps on minibatches, optionally clips the gradient by its global norm and masks the loss, then
calls an evaluation hook and keeps the best weights for early stopping. It returns a :class:`History`, whose
``history`` dict has the same form as a Keras ``History.history``, so
``rnnlib.plot.training_curves(h.history)`` draws either.

Keras models train with ``model.fit``; :func:`fit_keras` only adds the same seed, early
stopping and evaluation hook, and returns the same :class:`History`. Keras clips through its
optimizer (``Adam(global_clipnorm=...)``) and masks the loss through ``sample_weight``.

Shapes: ``B`` batch, ``T`` timesteps, ``F`` features, ``C`` classes.

Import it explicitly: ``from rnnlib import train`` (it loads PyTorch).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["History", "train", "score", "per_element_loss", "masked_mean", "fit_keras",
           "global_norm"]

Arrays = tuple[Any, ...]
"""``(inputs, targets)`` or ``(inputs, targets, mask)``; ``inputs`` is one array or a tuple of
arrays (passed to the model as positional arguments, e.g. ``(ids, lengths)``)."""
Batches = list[Arrays]
"""Ready-made minibatches, each an :data:`Arrays` tuple (sequence-to-sequence batches of
inputs of similar length, for example); every epoch takes them in a new order."""
Data = Arrays | Batches | Callable[[int], Arrays | Batches]
LossFn = Callable[[Any, Any], Any]


@dataclass
class History:
    """What a training run recorded.

    Attributes:
        history: per epoch, ``"loss"`` (mean training loss) and every key the evaluation
            hook returns, such as ``"val_loss"``: the form of Keras' ``History.history``.
        step_loss: the training loss of every optimizer step (PyTorch only).
        grad_norm: the global gradient norm of every step, before clipping (PyTorch only).
        best_epoch: the epoch (1-based) whose weights the model holds at the end.
    """

    history: dict[str, list[float]] = field(default_factory=dict)
    step_loss: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    best_epoch: int = 0

    @property
    def epochs(self) -> int:
        """The number of epochs run (fewer than asked if early stopping stopped it)."""
        return len(self.history.get("loss", []))


def per_element_loss(name: str) -> LossFn:
    """The loss ``name`` without reduction: one number per target element.

    ``"mse"``: outputs and targets of one shape, e.g. ``(B,)`` or ``(B, T)``.
    ``"cross_entropy"``: logits ``(..., C)`` and integer targets ``(...)``, e.g. ``(B, T, C)``
    and ``(B, T)``; returns shape ``(...)``.
    """
    import torch.nn.functional as fn  # noqa: PLC0415

    if name == "mse":
        return lambda out, y: fn.mse_loss(out, y, reduction="none")
    if name == "cross_entropy":
        return lambda out, y: fn.cross_entropy(
            out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="none"
        ).reshape(y.shape)
    raise ValueError(f"per_element_loss: unknown loss {name!r}; expected 'mse' or "
                     "'cross_entropy', or pass a function (outputs, targets) -> losses.")


def _tensor(a: Any) -> Any:
    """NumPy -> torch: floats in torch's default dtype (float64 after setup(dtype=...))."""
    import torch  # noqa: PLC0415

    if isinstance(a, tuple):
        return tuple(_tensor(x) for x in a)
    t = torch.as_tensor(a)
    return t.to(torch.get_default_dtype()) if t.is_floating_point() else t


def _rows(a: Any, idx: Any) -> Any:
    return tuple(_rows(x, idx) for x in a) if isinstance(a, tuple) else a[idx]


def _n(a: Any) -> int:
    return _n(a[0]) if isinstance(a, tuple) else len(a)


def _unpack(arrays: Any, where: str, hint: str) -> tuple[Any, Any, Any]:
    """``(inputs, targets, mask)`` as tensors (mask None if absent), or a TypeError saying why not."""
    if not isinstance(arrays, tuple) or len(arrays) not in (2, 3):
        what = (f"is a tuple of {len(arrays)} items" if isinstance(arrays, tuple)
                else f"has type {type(arrays).__name__}")
        raise TypeError(f"{where} {what}; expected (inputs, targets) or "
                        f"(inputs, targets, mask). {hint}")
    inputs, targets, mask = (*_tensor(arrays), None)[:3]
    return inputs, targets, mask


def _batches(data: Arrays | Batches, batch_size: int | None, rng: Any) -> Iterator[tuple[Any, ...]]:
    """One epoch's minibatches ``(inputs, targets, mask)``, in a new order: the rows of whole
    arrays, ``batch_size`` at a time, or the ready-made batches of a list, each kept whole."""
    import torch  # noqa: PLC0415

    if not isinstance(data, list):
        inputs, targets, mask = _unpack(data, "train: data", "Or pass a list of such batches, or a "
                                        "function epoch -> arrays. Several input arrays go in "
                                        "one tuple: ((ids, lengths), targets).")
        size = batch_size or 64
        order = torch.as_tensor(rng.permutation(_n(targets)))
        for start in range(0, len(order), size):
            rows = order[start:start + size]
            yield _rows(inputs, rows), targets[rows], None if mask is None else mask[rows]
        return
    if not data:
        raise TypeError("train: data is an empty list; expected ready-made batches, each "
                        "(inputs, targets) or (inputs, targets, mask).")
    if batch_size is not None:
        raise TypeError(f"train: batch_size={batch_size} cuts whole arrays into batches, but data "
                        f"is a list of {len(data)} ready-made batches. Drop batch_size, or pass "
                        "whole arrays as a tuple: (inputs, targets).")
    batches = [_unpack(b, f"train: data[{k}]", "A list holds ready-made batches; to train on whole "
                       "arrays, pass them as a tuple: (x, y), not [x, y].")
               for k, b in enumerate(data)]
    for k in rng.permutation(len(batches)):
        yield batches[k]


def _forward(model: Any, inputs: Any) -> Any:
    out = model(*inputs) if isinstance(inputs, tuple) else model(inputs)
    return out[0] if isinstance(out, tuple) else out  # (output, state) -> output


def masked_mean(losses: Any, mask: Any | None) -> Any:
    """Mean of ``losses`` over the elements where ``mask`` is 1 (all of them without a mask):
    sum(losses * mask) / sum(mask). losses and mask share a shape, e.g. (B, T)."""
    if mask is None:
        return losses.mean()
    mask = mask.to(losses.dtype)
    return (losses * mask).sum() / mask.sum()


def global_norm(parameters: Sequence[Any]) -> float:
    """The global L2 norm of the parameters' gradients: sqrt of the sum of their squares."""
    return math.sqrt(sum(float((p.grad**2).sum()) for p in parameters if p.grad is not None))


def score(model: Any, data: Arrays, loss: str | LossFn, *, accuracy: bool = False,
          prefix: str = "val_") -> dict[str, float]:
    """The (masked) mean loss on ``data``, and the accuracy for classifiers, in eval mode.

    Use it as the evaluation hook: ``evaluate=lambda m: score(m, (x_val, y_val), "mse")``.
    Accuracy compares ``outputs.argmax(-1)`` with the targets, over the unmasked elements.
    """
    import torch  # noqa: PLC0415

    loss_fn = per_element_loss(loss) if isinstance(loss, str) else loss
    inputs, targets, mask = _unpack(data, "score: data", "Several input arrays go in one tuple: "
                                    "((ids, lengths), targets).")
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = _forward(model, inputs)
        result = {prefix + "loss": float(masked_mean(loss_fn(out, targets), mask))}
        if accuracy:
            hits = (out.argmax(-1) == targets).to(out.dtype)
            result[prefix + "accuracy"] = float(masked_mean(hits, mask))
    model.train(was_training)
    return result


def train(
    model: Any,
    data: Data,
    loss: str | LossFn,
    *,
    epochs: int,
    batch_size: int | None = None,
    lr: float = 0.01,
    optimizer: Any = None,
    clip_norm: float | None = None,
    evaluate: Callable[[Any], Mapping[str, float]] | None = None,
    monitor: str | None = None,
    patience: int | None = None,
    stop_below: float | None = None,
    seed: int = 0,
) -> History:
    """Train a PyTorch ``model`` in place and return what happened.

    Args:
        model: an ``nn.Module``; ``model(inputs)`` (or ``model(*inputs)`` for a tuple) returns
            outputs, or ``(outputs, state)``. Build it after seeding, so its initial
            weights are seeded too.
        data: ``(inputs, targets)`` or ``(inputs, targets, mask)``, NumPy arrays or tensors
            whose first axis is the batch, e.g. ``x (B, T, F)``, ``y (B, T)``, ``mask (B, T)``
            (1 at real steps, 0 at padding). Or a list of such tuples, ready-made batches
            that each epoch takes whole, in a new order (``batch_size`` is then not given).
            Or a function ``epoch -> data``: fresh data for each epoch (a synthetic task).
        loss: ``"mse"``, ``"cross_entropy"``, or ``f(outputs, targets) -> losses`` with
            one loss per target element (shape of the mask).
        epochs: the most epochs to run.
        batch_size: rows per optimizer step (default 64); each epoch visits the rows in a
            new order.
        lr: Adam's learning rate (ignored if ``optimizer`` is given).
        optimizer: a ``torch.optim`` optimizer for ``model``; default Adam(lr).
        clip_norm: if set, rescale the gradient so its global norm is at most this.
        evaluate: ``model -> {"val_loss": ..., ...}``, called after every epoch in eval mode.
        monitor: the key that early stopping watches, lower is better: one of ``evaluate``'s
            keys, or ``"loss"``; default ``"val_loss"`` if ``evaluate`` returns it, else
            ``"loss"``.
        patience: stop after this many epochs without a new best ``monitor``, and restore
            the best epoch's weights.
        stop_below: stop as soon as ``monitor`` falls below this value.
        seed: seeds PyTorch (dropout) and the shuffling.

    Returns:
        A :class:`History`.

    Raises:
        TypeError: ``data`` (or one of its batches) is not a tuple of 2 or 3 arrays, or
            ``batch_size`` is given with ready-made batches.
    """
    import torch  # noqa: PLC0415

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    loss_fn = per_element_loss(loss) if isinstance(loss, str) else loss
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = optimizer or torch.optim.Adam(params, lr=lr)
    record = History()
    best, best_state, waited = math.inf, None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        losses = []
        for inputs, targets, mask in _batches(data(epoch) if callable(data) else data,
                                              batch_size, rng):
            out = _forward(model, inputs)
            batch_loss = masked_mean(loss_fn(out, targets), mask)
            optimizer.zero_grad()
            batch_loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(params, clip_norm or math.inf)
            optimizer.step()
            losses.append(batch_loss.item())
            record.grad_norm.append(float(norm))
        record.step_loss += losses
        metrics = {"loss": float(np.mean(losses)), **(evaluate(model) if evaluate else {})}
        for key, value in metrics.items():
            record.history.setdefault(key, []).append(float(value))
        monitor = monitor or ("val_loss" if "val_loss" in metrics else "loss")
        if monitor not in metrics:
            raise KeyError(f"train: monitor={monitor!r} is not among the recorded metrics "
                           f"{sorted(metrics)}; pass one of them.")
        if metrics[monitor] < best:
            best, waited, record.best_epoch = metrics[monitor], 0, epoch
            if patience is not None:
                best_state = copy.deepcopy(model.state_dict())
        else:
            waited += 1
        if (patience is not None and waited >= patience) or (
                stop_below is not None and metrics[monitor] < stop_below):
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    else:
        record.best_epoch = record.epochs
    model.eval()
    return record


def fit_keras(
    model: Any,
    x: Any,
    y: Any,
    *,
    epochs: int,
    batch_size: int = 64,
    sample_weight: Any = None,
    evaluate: Callable[[Any], Mapping[str, float]] | None = None,
    monitor: str = "val_loss",
    patience: int | None = None,
    seed: int = 0,
    **fit_kwargs: Any,
) -> History:
    """``model.fit`` (compiled by the caller) with :func:`train`'s seed, evaluation hook and
    early stopping, returning a :class:`History` with the same ``history`` keys.

    Clip with the optimizer (``keras.optimizers.Adam(lr, global_clipnorm=1.0)``) and mask the
    loss with ``sample_weight`` of shape ``(B, T)``. Keras does not report gradient norms,
    so ``step_loss`` and ``grad_norm`` stay empty. Other keyword arguments go to ``fit``.
    """
    import keras  # noqa: PLC0415

    keras.utils.set_random_seed(seed)
    record = History()

    def on_epoch_end(epoch: int, logs: dict[str, float]) -> None:
        if evaluate is not None:
            logs.update(evaluate(model))

    callbacks: list[Any] = [keras.callbacks.LambdaCallback(on_epoch_end=on_epoch_end)]
    if patience is not None:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor=monitor, patience=patience, restore_best_weights=True))
    fitted = model.fit(x, y, epochs=epochs, batch_size=batch_size, sample_weight=sample_weight,
                       callbacks=callbacks, verbose=0, **fit_kwargs)
    record.history = {k: [float(v) for v in vs] for k, vs in fitted.history.items()}
    watched = record.history.get(monitor, record.history["loss"])
    record.best_epoch = int(np.argmin(watched)) + 1 if patience is not None else len(watched)
    return record
