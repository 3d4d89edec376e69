"""Move recurrent weights between Keras and PyTorch, checked, in both directions.

The same recurrent layer is stored differently by the two frameworks:

================  ==============================  ===========================================
                  Keras 3                          PyTorch
================  ==============================  ===========================================
input weights     ``kernel`` (features, G*units)   ``weight_ih_l{k}`` (G*hidden_size, input_size)
recurrent         ``recurrent_kernel`` (units,     ``weight_hh_l{k}`` (G*hidden_size, hidden_size)
                  G*units)
bias              ``bias`` (G*units,); GRU with    ``bias_ih_l{k}`` and ``bias_hh_l{k}``,
                  ``reset_after=True``: (2,        each (G*hidden_size,)
                  3*units) = (input, recurrent)
LSTM gate order   :data:`KERAS_LSTM_GATES` i f c o  :data:`TORCH_LSTM_GATES` i f g o
GRU gate order    :data:`KERAS_GRU_GATES` z r h     :data:`TORCH_GRU_GATES` r z n
================  ==============================  ===========================================

The gate orders and the maps between them live in :mod:`rnnlib.gates`.
``G`` is the number of gate blocks: 1 (SimpleRNN / ``nn.RNN``), 4 (LSTM), 3 (GRU). The
Keras matrices are the transposes of PyTorch's, the LSTM blocks are in the same order,
and the GRU blocks must be reordered. PyTorch adds two biases where Keras' SimpleRNN and
LSTM have one: Keras -> PyTorch puts the bias in ``bias_ih`` and zeros in ``bias_hh``;
PyTorch -> Keras adds them. The GRU keeps both biases on both sides (Keras
``reset_after=True`` only, because PyTorch applies the reset gate after the recurrent
matrix product: ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``).

Two levels of API:

- :func:`keras_weights_to_torch` / :func:`torch_weights_to_keras` convert plain NumPy
  arrays (no framework needed), for the NumPy reference layers of :mod:`rnnlib.reference`
  (defined in :mod:`rnnlib.layouts`, re-exported here);
- :func:`keras_to_torch` / :func:`torch_to_keras` convert whole layers and modules.

Every shape is checked before anything is copied, and every configuration that has no
exact equivalent raises :class:`PortError` naming the reason: the ported model computes
the same function as the original, or there is no ported model.

This module imports NumPy only; TensorFlow/Keras and PyTorch are imported inside the
functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rnnlib.gates import (
    GATE_COUNT,
    KERAS_GRU_GATES,
    KERAS_LSTM_GATES,
    KERAS_SIMPLE_RNN_GATES,
    TORCH_GRU_GATES,
    TORCH_LSTM_GATES,
    TORCH_RNN_GATES,
    Kind,
)
from rnnlib.layouts import keras_weights_to_torch, torch_weights_to_keras
from rnnlib.shapes import ShapeError, check_shape, format_shape

if TYPE_CHECKING:  # only for type checkers; never imported at run time
    import keras
    import torch

__all__ = [
    "GATE_COUNT",
    "KERAS_GRU_GATES",
    "KERAS_LSTM_GATES",
    "KERAS_SIMPLE_RNN_GATES",
    "PortError",
    "TORCH_GRU_GATES",
    "TORCH_LSTM_GATES",
    "TORCH_RNN_GATES",
    "keras_to_torch",
    "keras_weights_to_torch",
    "torch_to_keras",
    "torch_weights_to_keras",
]


class PortError(ValueError):
    """A layer or module has no exact equivalent in the other framework.

    A subclass of :class:`ValueError`; the message names the setting and how to change it.
    """


# ---------------------------------------------------------------------------------------
# Whole layers: Keras -> PyTorch


def _activation_name(fn: Any) -> str:
    return str(getattr(fn, "__name__", fn))


def _kind_of(obj: Any, classes: list[tuple[type, Kind]], where: str, expected: str) -> Kind:
    """The kind of the first class in ``classes`` that ``obj`` is an instance of (subclasses first)."""
    for cls, kind in classes:
        if isinstance(obj, cls):
            return kind
    raise PortError(f"{where}: got a {type(obj).__name__}; expected {expected}.")


def _keras_kind(layer: Any, where: str) -> Kind:
    import keras  # noqa: PLC0415

    classes: list[tuple[type, Kind]] = [
        (keras.layers.LSTM, "lstm"), (keras.layers.GRU, "gru"), (keras.layers.SimpleRNN, "simple_rnn")
    ]
    return _kind_of(layer, classes, where, "a Keras SimpleRNN, LSTM or GRU layer, or a Bidirectional wrapper of one")


def _check_keras_layer(layer: Any, where: str, *, label: str = "layer") -> Kind:
    """Refuse every Keras setting that PyTorch cannot reproduce exactly; return the kind."""
    kind = _keras_kind(layer, where)
    name = type(layer).__name__
    if not layer.built:
        raise PortError(
            f"{where}: the Keras {name} {label} is not built, so it has no weights yet. "
            "Call it on a batch once, or build it: layer.build((None, timesteps, features))."
        )
    activation = _activation_name(layer.cell.activation)
    if activation != "tanh":
        raise PortError(
            f"{where}: the Keras {name} {label} uses activation={activation!r}; PyTorch's "
            f"{'nn.RNN' if kind == 'simple_rnn' else 'nn.' + kind.upper()} only has tanh here"
            + (" (nn.RNN also has nonlinearity='relu', but the port supports tanh only)"
               if kind == "simple_rnn" else "")
            + ". Use activation='tanh'."
        )
    if kind != "simple_rnn":
        recurrent = _activation_name(layer.cell.recurrent_activation)
        if recurrent != "sigmoid":
            raise PortError(
                f"{where}: the Keras {name} {label} uses recurrent_activation={recurrent!r}; PyTorch's "
                f"gates use the sigmoid. Use recurrent_activation='sigmoid' (the Keras 3 default)."
            )
    if kind == "gru" and not layer.cell.reset_after:
        raise PortError(
            f"{where}: the Keras GRU {label} has reset_after=False, which applies the reset gate before "
            "the recurrent matrix product; PyTorch's nn.GRU applies it after "
            "(n = tanh(W_in x + b_in + r * (W_hn h + b_hn))). Use reset_after=True (the Keras 3 default)."
        )
    if layer.stateful:
        raise PortError(
            f"{where}: the Keras {name} {label} is stateful=True: it carries its state from one call to "
            "the next, which a PyTorch module does not. Build it with stateful=False and pass the state "
            "explicitly (h0 in PyTorch)."
        )
    return kind


def _keras_layer_weights(layer: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(kernel, recurrent_kernel, bias or None)`` of a built Keras recurrent layer, as NumPy."""
    import keras  # noqa: PLC0415

    cell = layer.cell
    kernel = keras.ops.convert_to_numpy(cell.kernel)
    recurrent = keras.ops.convert_to_numpy(cell.recurrent_kernel)
    bias = keras.ops.convert_to_numpy(cell.bias) if cell.use_bias else None
    return kernel, recurrent, bias


def keras_to_torch(layer: keras.layers.Layer) -> torch.nn.RNNBase:
    """A PyTorch module that computes the same function as a built Keras recurrent layer.

    Args:
        layer: a built Keras ``SimpleRNN``, ``LSTM``, ``GRU`` (``reset_after=True``), or a
            ``Bidirectional`` wrapper of one (``merge_mode="concat"``). Its inputs are
            ``(batch, timesteps, features)``.

    Returns:
        ``torch.nn.RNN`` / ``LSTM`` / ``GRU`` with ``batch_first=True``,
        ``input_size=features``, ``hidden_size=units``, ``bidirectional=True`` for a
        ``Bidirectional`` layer, in the Keras weights' dtype. Called on ``x`` of shape
        ``(batch, timesteps, features)`` it returns ``output`` ``(batch, timesteps,
        directions*units)``, equal to the Keras layer's sequence output, and ``h_n``
        ``(directions, batch, units)`` (plus ``c_n`` for the LSTM), equal to its states.

    Dropout and recurrent dropout act only in training and are not carried over: the
    module is equal to the Keras layer in inference. ``use_bias=False`` gives zero biases.

    Raises:
        PortError: the layer is not built, or has a setting PyTorch cannot reproduce:
            an activation other than tanh, a recurrent activation other than the sigmoid,
            a GRU with ``reset_after=False``, ``stateful=True``, ``go_backwards=True`` on
            a plain layer, a Bidirectional ``merge_mode`` other than ``"concat"``, or
            forward and backward layers of different types or sizes.
        ShapeError: a weight has an unexpected shape.
    """
    import keras  # noqa: PLC0415
    import torch  # noqa: PLC0415

    where = "keras_to_torch"
    if isinstance(layer, keras.layers.Bidirectional):
        if layer.merge_mode != "concat":
            raise PortError(
                f"{where}: the Bidirectional layer has merge_mode={layer.merge_mode!r}; PyTorch concatenates "
                "the two directions (forward first). Use merge_mode='concat'."
            )
        forward, backward = layer.forward_layer, layer.backward_layer
        if not layer.built:
            raise PortError(
                f"{where}: the Keras Bidirectional layer is not built, so it has no weights yet. "
                "Call it on a batch once, or build it: layer.build((None, timesteps, features))."
            )
        kind = _check_keras_layer(forward, where, label="forward layer")
        kind_b = _check_keras_layer(backward, where, label="backward layer")
        if kind_b != kind or backward.units != forward.units or backward.cell.use_bias != forward.cell.use_bias:
            raise PortError(
                f"{where}: the Bidirectional layer's backward layer ({type(backward).__name__}, "
                f"{backward.units} units) differs from its forward layer ({type(forward).__name__}, "
                f"{forward.units} units); PyTorch's two directions share one configuration."
            )
        if forward.go_backwards or not backward.go_backwards:
            raise PortError(
                f"{where}: the Bidirectional layer's forward layer must read forwards and its backward "
                "layer backwards (go_backwards)."
            )
        directions = [forward, backward]
    else:
        kind = _check_keras_layer(layer, where)
        if layer.go_backwards:
            raise PortError(
                f"{where}: the Keras {type(layer).__name__} has go_backwards=True: it reads the sequence "
                "from the end and returns its outputs in reversed order. A plain PyTorch module has no such "
                "mode; wrap the layer in Bidirectional, or flip the input (x.flip(1)) around a forward layer."
            )
        directions = [layer]

    weights = [_keras_layer_weights(d) for d in directions]
    kernel0 = weights[0][0]
    features, units = int(kernel0.shape[0]), int(directions[0].units)
    torch_weights = [keras_weights_to_torch(kind, *w) for w in weights]
    dtype = {np.dtype("float32"): torch.float32, np.dtype("float64"): torch.float64}.get(kernel0.dtype)
    if dtype is None:
        raise PortError(f"{where}: the Keras weights are {kernel0.dtype}; the port supports float32 and float64.")
    module_class = {"simple_rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    module = module_class(
        input_size=features,
        hidden_size=units,
        num_layers=1,
        batch_first=True,
        bidirectional=len(directions) == 2,
        dtype=dtype,
    )
    with torch.no_grad():
        for suffix, (w_ih, w_hh, b_ih, b_hh) in zip(("", "_reverse"), torch_weights):
            for name, value in (("weight_ih", w_ih), ("weight_hh", w_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)):
                target = getattr(module, f"{name}_l0{suffix}")
                _copy_checked(target, value, f"{name}_l0{suffix}", where)
    return module


def _copy_checked(target: torch.Tensor, value: np.ndarray, name: str, where: str) -> None:
    import torch  # noqa: PLC0415

    if tuple(target.shape) != tuple(value.shape):
        raise ShapeError(
            f"{where}: {name} would receive shape {format_shape(value.shape)}; the module expects "
            f"{format_shape(tuple(target.shape))}. The two layers' sizes disagree."
        )
    target.copy_(torch.from_numpy(np.ascontiguousarray(value)).to(target.dtype))


# ---------------------------------------------------------------------------------------
# Whole modules: PyTorch -> Keras


def _torch_kind(module: Any, where: str) -> Kind:
    import torch  # noqa: PLC0415

    classes: list[tuple[type, Kind]] = [(torch.nn.LSTM, "lstm"), (torch.nn.GRU, "gru"), (torch.nn.RNN, "simple_rnn")]
    return _kind_of(module, classes, where, "a torch.nn.RNN, nn.LSTM or nn.GRU module")


def torch_to_keras(module: torch.nn.RNNBase) -> list[keras.layers.Layer]:
    """The Keras layers computing the same function as a PyTorch recurrent module, one per PyTorch layer.

    Args:
        module: ``torch.nn.RNN`` (``nonlinearity="tanh"``), ``nn.LSTM`` (``proj_size=0``)
            or ``nn.GRU``, any ``num_layers``, one or two directions.

    Returns:
        Always a list, with ``num_layers`` entries (one for a one-layer module: write
        ``[layer] = torch_to_keras(module)``). Each is a built Keras ``SimpleRNN`` / ``LSTM`` /
        ``GRU`` (``reset_after=True``) with ``return_sequences=True, return_state=True``
        and the module's weights, wrapped in ``Bidirectional`` (``merge_mode="concat"``)
        for a bidirectional module; feed each layer's sequence output to the next. Keras
        layers are batch-first: they read ``(batch, timesteps, input_size)`` whatever the
        module's ``batch_first`` is.

    PyTorch layer ``k`` takes its initial states from ``h0[k*D:(k+1)*D]`` (D directions);
    the equivalent Keras ``initial_state`` is ``[h0[k*D], h0[k*D+1]]`` (LSTM:
    ``[h0[k*D], c0[k*D], h0[k*D+1], c0[k*D+1]]``), forward first. Dropout between layers
    acts only in training and is not carried over.

    Raises:
        PortError: a ``nonlinearity="relu"`` RNN, an LSTM with ``proj_size > 0``, or a
            dtype other than float32/float64.
        ShapeError: a weight has an unexpected shape.
    """
    import keras  # noqa: PLC0415

    where = "torch_to_keras"
    kind = _torch_kind(module, where)
    if kind == "simple_rnn" and module.nonlinearity != "tanh":
        raise PortError(
            f"{where}: the nn.RNN has nonlinearity={module.nonlinearity!r}; the port supports 'tanh' only "
            "(the default), so that every Keras recurrent layer and the NumPy reference agree. "
            "Use nn.RNN(..., nonlinearity='tanh')."
        )
    if kind == "lstm" and getattr(module, "proj_size", 0) > 0:
        raise PortError(
            f"{where}: the nn.LSTM has proj_size={module.proj_size}: it projects h with an extra matrix "
            "(weight_hr), which no Keras LSTM has. Use proj_size=0 (the default)."
        )
    dtype = str(module.weight_ih_l0.dtype).replace("torch.", "")
    if dtype not in ("float32", "float64"):
        raise PortError(f"{where}: the module's weights are {dtype}; the port supports float32 and float64.")
    layer_class = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[kind]
    suffixes = ("", "_reverse") if module.bidirectional else ("",)
    hidden = module.hidden_size
    layers: list[keras.layers.Layer] = []
    for k in range(module.num_layers):
        in_size = module.input_size if k == 0 else hidden * len(suffixes)
        keras_weights = []
        for suffix in suffixes:
            params = [f"weight_ih_l{k}{suffix}", f"weight_hh_l{k}{suffix}"]
            if module.bias:
                params += [f"bias_ih_l{k}{suffix}", f"bias_hh_l{k}{suffix}"]
            arrays = [getattr(module, p).detach().cpu().numpy() for p in params]
            check_shape(arrays[0], [None, in_size], name=params[0], where=where)
            keras_weights.append(torch_weights_to_keras(kind, *arrays))
        options: dict[str, Any] = {
            "units": hidden,
            "return_sequences": True,
            "return_state": True,
            "use_bias": bool(module.bias),
            "dtype": dtype,
        }
        if kind == "gru":
            options["reset_after"] = True
        if kind != "simple_rnn":
            options["recurrent_activation"] = "sigmoid"
        if module.bidirectional:
            keras_layer = keras.layers.Bidirectional(layer_class(**options), merge_mode="concat", dtype=dtype)
        else:
            keras_layer = layer_class(**options)
        keras_layer.build((None, None, in_size))
        flat: list[np.ndarray] = []
        for kernel, recurrent, bias in keras_weights:
            flat += [kernel, recurrent] + ([bias] if module.bias else [])
        expected = [tuple(w.shape) for w in keras_layer.get_weights()]
        got = [tuple(w.shape) for w in flat]
        if expected != got:
            raise ShapeError(
                f"{where}: layer {k} would receive weights of shapes {got}; the Keras layer expects {expected}."
            )
        keras_layer.set_weights(flat)
        layers.append(keras_layer)
    return layers
