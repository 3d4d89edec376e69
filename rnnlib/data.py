"""Data the book uses: small example arrays, shipped data sets and seeded synthetic tasks.

All arrays are batch-first: ``(batch, timesteps, features)``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["example_sequence"]

# The running example of the Keras chapters: one sequence of 4 timesteps, 5 features each.
# Picture 4 words of a sentence, each a 5-number vector.
_EXAMPLE_SEQUENCE = (
    (0.1, 4.2, 1.5, 1.1, 2.8),
    (1.0, 3.1, 2.5, 0.7, 1.1),
    (0.3, 2.1, 1.5, 2.1, 0.1),
    (2.2, 1.4, 0.5, 0.9, 1.1),
)


def example_sequence(batched: bool = True, dtype: type = np.float32) -> np.ndarray:
    """The book's running example: one sequence of 4 timesteps with 5 features.

    Args:
        batched: if True (default) return shape ``(1, 4, 5)`` = (batch, timesteps,
            features), ready for a recurrent layer; if False return the bare
            ``(4, 5)`` = (timesteps, features) sequence.
        dtype: the NumPy dtype of the result (float32, as the frameworks use, by default).

    Returns:
        A new array each call, so callers may modify it.
    """
    x = np.array(_EXAMPLE_SEQUENCE, dtype=dtype)  # (timesteps=4, features=5)
    return x[np.newaxis] if batched else x  # (1, 4, 5) or (4, 5)
