"""Data the book uses: small example arrays, shipped data sets and seeded synthetic tasks.

All arrays are batch-first: ``(batch, timesteps, features)``. The shipped data sets are
loaded here; turning text and series into batches of sequences, and the synthetic tasks,
live in :mod:`rnnlib.sequences` and are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnnlib.sequences import (
    PAD,
    UNK,
    adding_problem,
    build_vocabulary,
    decode,
    encode,
    next_step_windows,
    sliding_windows,
    word_end_tags,
)

__all__ = [
    "DATA_DIR",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "PAD",
    "SPLITS",
    "TEXTS",
    "UNK",
    "LabelledTexts",
    "adding_problem",
    "build_vocabulary",
    "decode",
    "encode",
    "example_sequence",
    "load_language_names",
    "load_membrane",
    "load_text",
    "next_step_windows",
    "sliding_windows",
    "word_end_tags",
]

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
    x: np.ndarray = np.array(_EXAMPLE_SEQUENCE, dtype=dtype)  # (timesteps=4, features=5)
    return x[np.newaxis] if batched else x  # (1, 4, 5) or (4, 5)


# ---------------------------------------------------------------------------------------------
# Shipped data sets
# ---------------------------------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
"""The repository's ``data/`` folder (rnnlib is installed in editable mode from the repository)."""

SPLITS = ("train", "test", "all")
"""The split names the loaders accept."""

LANGUAGES = ("de", "en", "es", "fr", "it")
"""The labels of :func:`load_language_names`, in class-index order."""

LANGUAGE_NAMES = {"de": "German", "en": "English", "es": "Spanish", "fr": "French", "it": "Italian"}
"""Readable names of the :data:`LANGUAGES` codes."""

TEXTS = {"alice": "alice/alice_ch1.txt"}
"""The texts :func:`load_text` knows, by name, and their files under :data:`DATA_DIR`."""


@dataclass(frozen=True)
class LabelledTexts:
    """Texts with one integer label each: the input of a many-to-one classifier.

    Attributes:
        texts: ``batch`` strings of different lengths.
        labels: int64 array, shape ``(batch,)``, each in ``range(len(classes))``.
        classes: the class names, indexed by label.
    """

    texts: list[str]
    labels: np.ndarray
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)


def _data_file(relative: str, where: str) -> Path:
    path = DATA_DIR / relative
    if not path.is_file():
        raise FileNotFoundError(
            f"{where}: the data file data/{relative} is missing. The shipped data live in the "
            "repository's data/ folder; install rnnlib from a checkout with `pip install -e .`."
        )
    return path


def _check_split(split: str, where: str) -> None:
    if split not in SPLITS:
        raise ValueError(
            f"{where}: unknown split {split!r}; expected one of {', '.join(map(repr, SPLITS))}."
        )


def load_language_names(split: str = "train") -> LabelledTexts:
    """Names of countries, regions and languages, labelled with the language they are written in.

    2,557 names from the Unicode CLDR (version 47, via Babel), in German, English, Spanish,
    French and Italian, such as ``"Deutschland"`` (de), ``"Germany"`` (en), ``"Alemania"`` (es).
    Names spelled the same in two languages were dropped. The train/test split is fixed in
    the file (80/20 within each language). Source and licence: ``data/language_names/README.md``.

    Args:
        split: ``"train"`` (2,045 names), ``"test"`` (512) or ``"all"``.

    Returns:
        A :class:`LabelledTexts` with ``labels`` of shape ``(batch,)`` indexing :data:`LANGUAGES`.

    Raises:
        ValueError: an unknown split name.
    """
    _check_split(split, "load_language_names")
    path = _data_file("language_names/names.tsv", "load_language_names")
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if split != "all" and fields[col["split"]] != split:
                continue
            texts.append(fields[col["name"]])
            labels.append(LANGUAGES.index(fields[col["language"]]))
    return LabelledTexts(texts=texts, labels=np.array(labels, dtype=np.int64), classes=LANGUAGES)


def load_text(name: str = "alice") -> str:
    """A shipped plain-text document, as one string.

    Args:
        name: a key of :data:`TEXTS`; ``"alice"`` is Chapter I of *Alice's Adventures in
            Wonderland* (Lewis Carroll, 1865, public domain), 11,263 characters.

    Raises:
        ValueError: an unknown name.
    """
    if name not in TEXTS:
        raise ValueError(f"load_text: unknown text {name!r}; expected one of {sorted(TEXTS)}.")
    return _data_file(TEXTS[name], "load_text").read_text(encoding="utf-8")


def load_membrane(downsample: int = 4) -> np.ndarray:
    """The membrane-potential trace matplotlib ships as sample data (``membrane.dat``).

    12,000 float32 samples: a resting level, then a long train of spikes while (it appears) a
    current is injected, then rest again. Matplotlib does not document the trace's origin or
    units; the values lie between about -0.68 and 0.04. Read from the installed matplotlib,
    nothing is downloaded.

    Args:
        downsample: average each block of this many samples (a positive divisor of 12,000);
            4 (default) gives 3,000 samples, 1 returns the raw trace.

    Returns:
        float32 array, shape ``(12000 // downsample,)`` = ``(timesteps,)``.

    Raises:
        ValueError: ``downsample`` is not a positive divisor of 12,000.
    """
    if not isinstance(downsample, int) or isinstance(downsample, bool) or downsample < 1 or 12000 % downsample:
        raise ValueError(
            f"load_membrane: downsample is {downsample!r}; expected a positive int that divides "
            "12000, such as 1, 2, 4 or 8."
        )
    from matplotlib import cbook  # noqa: PLC0415 (matplotlib is only needed here)

    raw = np.fromfile(cbook.get_sample_data("membrane.dat", asfileobj=False), dtype=np.float32)
    return raw.reshape(-1, downsample).mean(axis=1, dtype=np.float64).astype(np.float32)


# The date task of the sequence-to-sequence chapter lives in its own module.
from rnnlib.dates import DatePairs, date_pairs  # noqa: E402, F401
