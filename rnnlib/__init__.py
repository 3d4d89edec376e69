"""rnnlib: the helper package of the executable book on recurrent neural networks.

Modules, each one idea:

- :mod:`rnnlib.notebook`: :func:`setup`, one call that seeds and quiets a notebook.
- :mod:`rnnlib.data`: example arrays, shipped data sets and synthetic tasks.
- :mod:`rnnlib.shapes`: :class:`ShapeError` and shape checks with messages that teach.
- :mod:`rnnlib.gates`: the gate orders of both frameworks and the index maps between them.
- :mod:`rnnlib.reference`: SimpleRNN, LSTM, GRU and Bidirectional forward passes in NumPy, equal to Keras.
- :mod:`rnnlib.steps`: the time loops those forward passes share with :mod:`rnnlib.bptt`.
- :mod:`rnnlib.bptt`: their backward passes (backpropagation through time), clipping, gradient checks.
- :mod:`rnnlib.layouts`: one layer's weight arrays between Keras' layout and PyTorch's.
- :mod:`rnnlib.port`: moving whole layers between Keras 3 and PyTorch, with every shape checked.
- :mod:`rnnlib.train`, :mod:`rnnlib.baselines`: one seeded training loop, and the baselines models must beat.
- :mod:`rnnlib.seq2seq`: encoder-decoder models for the dates task, with attention.
- :mod:`rnnlib.scan`: linear recurrences computed by a loop and by parallel scans (NumPy or PyTorch).
- :mod:`rnnlib.minrnn`: minGRU and minLSTM, sequential and parallel.
- :mod:`rnnlib.diagrams`: the architecture drawings, labelled from one notation table.
- :mod:`rnnlib.plot`: the book's reusable figures (``from rnnlib import plot``; loads matplotlib).

Importing ``rnnlib`` imports NumPy only; TensorFlow and PyTorch load when a
function that needs them is called.
"""

from rnnlib import bptt, gates, reference
from rnnlib.data import example_sequence
from rnnlib.gates import KERAS_GRU_GATES, KERAS_LSTM_GATES, TORCH_GRU_GATES, TORCH_LSTM_GATES
from rnnlib.notebook import SetupInfo, setup
from rnnlib.port import (
    PortError,
    keras_to_torch,
    keras_weights_to_torch,
    torch_to_keras,
    torch_weights_to_keras,
)
from rnnlib.shapes import ShapeError, check_sequence_batch, check_shape, format_shape

__all__ = [
    "KERAS_GRU_GATES",
    "KERAS_LSTM_GATES",
    "PortError",
    "SetupInfo",
    "ShapeError",
    "TORCH_GRU_GATES",
    "TORCH_LSTM_GATES",
    "bptt",
    "check_sequence_batch",
    "check_shape",
    "example_sequence",
    "format_shape",
    "gates",
    "keras_to_torch",
    "keras_weights_to_torch",
    "reference",
    "setup",
    "torch_to_keras",
    "torch_weights_to_keras",
]

__version__ = "0.1.0"
