"""rnnlib.train: a tiny model learns; clipping bounds the norm; the mask excludes padded steps;
the same seed gives the same history; and no notebook writes its own training loop."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from rnnlib import train as T  # noqa: E402

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


class Last(nn.Module):
    """GRU over (B, T, F), a linear head on every step: (B, T)."""

    def __init__(self, features: int = 1, units: int = 8) -> None:
        super().__init__()
        self.rnn = nn.GRU(features, units, batch_first=True)
        self.head = nn.Linear(units, 1)

    def forward(self, x):  # (B, T, F) -> ((B, T), state)
        out, h = self.rnn(x)
        return self.head(out)[..., 0], h


def running_sum_data(n: int = 128, timesteps: int = 6, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, timesteps, 1))
    return x, x[..., 0].cumsum(axis=1) / 3  # (B, T, 1), (B, T)


@pytest.fixture(autouse=True)
def float64():
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


def fresh(seed: int = 0) -> Last:
    torch.manual_seed(seed)
    return Last()


def test_a_tiny_model_learns_and_history_is_per_epoch():
    x, y = running_sum_data()
    model = fresh()
    h = T.train(model, (x, y), "mse", epochs=30, batch_size=32, lr=0.02,
                evaluate=lambda m: T.score(m, (x, y), "mse"))
    assert h.epochs == 30 and set(h.history) == {"loss", "val_loss"}
    assert len(h.step_loss) == len(h.grad_norm) == 30 * 4
    assert h.history["val_loss"][-1] < 0.1 * h.history["val_loss"][0]
    assert not model.training  # left in eval mode


def test_same_seed_same_history_and_other_seed_differs():
    x, y = running_sum_data()
    runs = [T.train(fresh(0), (x, y), "mse", epochs=3, seed=s) for s in (0, 0, 1)]
    assert runs[0].step_loss == runs[1].step_loss
    assert runs[0].grad_norm == runs[1].grad_norm
    assert runs[0].step_loss != runs[2].step_loss


def test_clipping_bounds_the_norm_of_the_step():
    x, y = running_sum_data()
    y = 100 * y  # large targets: large gradients
    seen = []

    class Spy(torch.optim.SGD):
        def step(self, closure=None):  # the norm the optimizer actually applies
            seen.append(T.global_norm([p for g in self.param_groups for p in g["params"]]))
            return super().step(closure)

    model = fresh()
    h = T.train(model, (x, y), "mse", epochs=2, clip_norm=0.5,
                optimizer=Spy(model.parameters(), lr=1e-3))
    assert max(h.grad_norm) > 10  # recorded before clipping
    assert max(seen) <= 0.5 + 1e-9
    assert math.isclose(seen[0], 0.5, rel_tol=1e-5)  # torch divides by norm + 1e-6


def test_mask_excludes_padded_steps():
    x, y = running_sum_data(n=32)
    mask = np.ones_like(y)
    mask[:, 4:] = 0
    y_junk = y.copy()
    y_junk[:, 4:] = 1e3  # targets at padded steps must not matter
    a = T.train(fresh(), (x, y, mask), "mse", epochs=2)
    b = T.train(fresh(), (x, y_junk, mask), "mse", epochs=2)
    assert a.step_loss == b.step_loss
    c = T.train(fresh(), (x, y_junk), "mse", epochs=1)
    assert c.step_loss[0] > 1e4
    # the masked loss is the mean over real steps only
    model = fresh()
    full = T.score(model, (x[:, :4], y[:, :4]), "mse")["val_loss"]
    masked = T.score(model, (x, y_junk, mask), "mse")["val_loss"]
    assert math.isclose(full, masked, rel_tol=1e-12)


def test_early_stopping_restores_the_best_epoch():
    x, y = running_sum_data()
    calls = iter([3.0, 1.0, 2.0, 2.5, 0.5])
    model = fresh()
    h = T.train(model, (x, y), "mse", epochs=10, lr=0.01,
                evaluate=lambda m: {"val_loss": next(calls)}, patience=2)
    assert h.epochs == 4 and h.best_epoch == 2
    # the held weights are epoch 2's: rerun two epochs from the same start
    again = fresh()
    T.train(again, (x, y), "mse", epochs=2, lr=0.01)
    for p, q in zip(model.parameters(), again.parameters()):
        torch.testing.assert_close(p, q)


def test_stop_below_and_fresh_data_per_epoch():
    seen = []

    def batches(epoch):
        seen.append(epoch)
        return running_sum_data(n=64, seed=epoch)

    h = T.train(fresh(), batches, "mse", epochs=50, lr=0.02, monitor="loss", stop_below=0.01)
    assert seen == list(range(1, h.epochs + 1)) and h.epochs < 50
    assert h.history["loss"][-1] < 0.01


def test_cross_entropy_per_step_and_tuple_inputs():
    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(5, 4)
            self.rnn = nn.GRU(4, 8, batch_first=True)
            self.out = nn.Linear(8, 5)

        def forward(self, ids, scale):  # (B, T), (B,) -> (B, T, 5)
            return self.out(self.rnn(self.emb(ids))[0]) * scale[:, None, None]

    rng = np.random.default_rng(0)
    ids = rng.integers(0, 5, (64, 7))
    torch.manual_seed(0)
    model = Tagger()
    h = T.train(model, ((ids, np.ones(64)), ids), "cross_entropy", epochs=20, lr=0.03,
                evaluate=lambda m: T.score(m, ((ids, np.ones(64)), ids), "cross_entropy",
                                           accuracy=True))
    assert h.history["val_accuracy"][-1] > 0.9  # copying the input is learnable


def test_ready_made_batches_are_taken_whole_in_a_seeded_order():
    x, y = running_sum_data(n=96)
    # three batches of different lengths (as sequence-to-sequence batches are), one with a mask
    mask = np.ones_like(y[64:])
    batches = [(x[:32, :4], y[:32, :4]), (x[32:64], y[32:64]), (x[64:], y[64:], mask)]
    seen = []

    class Spy(Last):
        def forward(self, x):
            seen.append(x.shape)
            return super().forward(x)

    def run(seed):
        torch.manual_seed(0)
        return T.train(Spy(), batches, "mse", epochs=3, lr=0.02, seed=seed)

    h = run(seed=4)
    assert len(h.step_loss) == 3 * 3 and h.epochs == 3
    assert sorted(seen[:3]) == [(32, 4, 1), (32, 6, 1), (32, 6, 1)]  # each batch once, whole
    # the order is rng.permutation over the batches, a new one each epoch
    rng = np.random.default_rng(4)
    shapes = [x.shape[:2] for x, *_ in batches]
    assert [s[:2] for s in seen] == [shapes[k] for _ in range(3) for k in rng.permutation(3)]
    assert run(seed=4).step_loss == h.step_loss


def test_batches_and_arrays_train_alike():
    # one ready-made batch of all rows is a whole-array epoch with batch_size >= rows
    x, y = running_sum_data(n=32)
    a = T.train(fresh(), [(x, y)], "mse", epochs=3)
    b = T.train(fresh(), (x, y), "mse", epochs=3, batch_size=32)
    np.testing.assert_allclose(a.step_loss, b.step_loss, rtol=1e-12)  # rows in another order


@pytest.mark.parametrize(("data", "kwargs", "message"), [
    ("list_of_arrays", {}, r"train: data\[0\] has type ndarray; expected \(inputs, targets\) or "
     r"\(inputs, targets, mask\)\. A list holds ready-made batches; to train on whole arrays, "
     r"pass them as a tuple: \(x, y\), not \[x, y\]\."),
    ("batches", {"batch_size": 16}, r"train: batch_size=16 cuts whole arrays into batches, "
     r"but data is a list of 2 ready-made batches\. Drop batch_size, or pass whole arrays"),
    ("empty", {}, r"train: data is an empty list; expected ready-made batches"),
    ("four", {}, r"train: data is a tuple of 4 items; expected \(inputs, targets\) or "
     r"\(inputs, targets, mask\)\. Or pass a list of such batches"),
    ("dict", {}, r"train: data has type dict; expected \(inputs, targets\)"),
])
def test_misused_data_says_what_was_passed_and_how_to_fix_it(data, kwargs, message):
    x, y = running_sum_data(n=32)
    given = {"list_of_arrays": [x, y], "batches": [(x[:16], y[:16]), (x[16:], y[16:])],
             "empty": [], "four": (x, y, y, y), "dict": {"x": x, "y": y}}[data]
    model = fresh()
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(TypeError, match=message):
        T.train(model, given, "mse", epochs=1, **kwargs)
    assert all(torch.equal(p, q) for p, q in zip(before, model.parameters()))  # no step taken


def test_score_checks_its_data_as_train_does():
    x, y = running_sum_data(n=16)
    with pytest.raises(TypeError, match=r"score: data has type list; expected \(inputs, targets\)"):
        T.score(fresh(), [x, y], "mse")
    assert set(T.score(fresh(), (x, y), "mse")) == {"val_loss"}


def test_unknown_loss_name_says_what_is_accepted():
    with pytest.raises(ValueError, match="'mse' or 'cross_entropy'"):
        T.per_element_loss("l1")


def test_fit_keras_returns_the_same_history_form():
    keras = pytest.importorskip("keras")
    x, y = running_sum_data(n=64)
    model = keras.Sequential([keras.Input((6, 1)), keras.layers.GRU(4, return_sequences=True),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01, global_clipnorm=1.0), loss="mse")
    h = T.fit_keras(model, x, y[..., None], epochs=3,
                    evaluate=lambda m: {"val_loss": float(m.evaluate(x, y[..., None],
                                                                     verbose=0))},
                    patience=5)
    assert set(h.history) == {"loss", "val_loss"} and h.epochs == 3
    assert h.grad_norm == [] and 1 <= h.best_epoch <= 3


# -- no notebook writes its own training loop ------------------------------------------------

TEACHES_THE_LOOP = "15_many_to_many_forecasting_tagging.ipynb"
"""The one chapter that writes the loop out, then shows rnnlib.train is the same."""

LOOP = re.compile(r"\.backward\(\)[\s\S]*?\.step\(\)|\bfor\s+\w+\s+in\s+range\([^)]*\):"
                  r"[\s\S]{0,400}?optimizer\.step\(\)")


def training_loops(notebook: Path) -> list[int]:
    cells = json.loads(notebook.read_text())["cells"]
    return [i for i, c in enumerate(cells)
            if c["cell_type"] == "code" and LOOP.search("".join(c["source"]))]


def test_loop_pattern_finds_a_loop():
    src = "for epoch in range(3):\n    loss.backward()\n    optimizer.step()\n"
    assert LOOP.search(src)
    assert not LOOP.search("history = train.train(model, data, 'mse', epochs=3)")


PENDING: dict[str, str] = {}
"""Notebooks not converted yet (session of 26 Nov): strict xfail, so converting one turns this
into a failure that asks for its removal from PENDING."""


def _cases():
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        marks = ([pytest.mark.xfail(strict=True, reason=PENDING[path.name])]
                 if path.name in PENDING else [])
        yield pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("notebook", list(_cases()))
def test_no_notebook_defines_its_own_training_loop(notebook: Path):
    loops = training_loops(notebook)
    if notebook.name == TEACHES_THE_LOOP:
        assert len(loops) <= 1, f"{notebook.name} writes the loop out more than once: {loops}"
        source = notebook.read_text()
        assert "train.train(" in source, "the teaching chapter must show rnnlib.train too"
    else:
        assert not loops, (f"{notebook.name} cells {loops} write a training loop; "
                           "use rnnlib.train.train instead")
