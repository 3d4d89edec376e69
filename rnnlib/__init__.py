"""rnnlib: the helper package of the executable book on recurrent neural networks.

Modules, each one idea:

- :mod:`rnnlib.notebook`: :func:`setup`, one call that seeds and quiets a notebook.
- :mod:`rnnlib.data`: example arrays, shipped data sets and synthetic tasks.
- :mod:`rnnlib.shapes`: :class:`ShapeError` and shape checks with messages that teach.

Importing ``rnnlib`` imports NumPy only; TensorFlow and PyTorch load when a
function that needs them is called.
"""

from rnnlib.data import example_sequence
from rnnlib.notebook import SetupInfo, setup
from rnnlib.shapes import ShapeError, check_sequence_batch, check_shape, format_shape

__all__ = [
    "SetupInfo",
    "ShapeError",
    "check_sequence_batch",
    "check_shape",
    "example_sequence",
    "format_shape",
    "setup",
]

__version__ = "0.1.0"
