"""Dates written in words, and their ISO 8601 form: a seeded sequence-to-sequence task.

``"the 3rd of may 1998"`` -> ``"1998-05-03"``; ``"may 1998"`` -> ``"1998-05"``.
The input and output differ in length, the output reorders the input (year first), month
names become two digits and days get a leading zero, so neither a copy nor a fixed character
rule solves it. Five formats write the same date:

====  =========================  ======================================
id    format                     example
====  =========================  ======================================
0     ``d month yyyy``           ``3 may 1998``
1     ``month d, yyyy``          ``may 3, 1998``
2     ``mon dth yyyy``           ``sep 3rd 1998``
3     ``the dth of month yyyy``  ``the 3rd of may 1998``
4     ``month yyyy``             ``may 1998`` (no day: ISO ``1998-05``)
====  =========================  ======================================

:func:`date_pairs` returns train, validation and test splits. The test split holds only
(format, month) pairs that training never shows (``HELD_OUT``): for example format 0 with
January. Every month and every format appear in training, just not in those pairings.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np

__all__ = [
    "FORMATS",
    "HELD_OUT",
    "MONTHS",
    "YEARS",
    "DatePairs",
    "date_pairs",
    "iso_date",
    "ordinal",
    "write_date",
]

MONTHS = tuple(calendar.month_name[m].lower() for m in range(1, 13))
"""``("january", ..., "december")``; month ``m`` (1-12) is ``MONTHS[m - 1]``."""

FORMATS = ("d month yyyy", "month d, yyyy", "mon dth yyyy", "the dth of month yyyy", "month yyyy")
"""The five ways :func:`write_date` writes a date; a format is its index here."""

YEARS = (1950, 2049)
"""First and last year drawn (inclusive)."""

HELD_OUT = frozenset({(f, (5 * f) % 12 + 1) for f in range(5)} | {(f, (5 * f + 6) % 12 + 1) for f in range(5)})
"""(format, month) pairs kept out of training and validation: two months per format.

Format 0 loses January and July, format 1 June and December, and so on."""


def ordinal(day: int) -> str:
    """``1 -> "1st"``, ``2 -> "2nd"``, ``11 -> "11th"``, ``23 -> "23rd"``."""
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}" + {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def write_date(year: int, month: int, day: int, fmt: int) -> str:
    """The date written in format ``fmt`` (an index into :data:`FORMATS`)."""
    name = MONTHS[month - 1]
    if fmt == 0:
        return f"{day} {name} {year}"
    if fmt == 1:
        return f"{name} {day}, {year}"
    if fmt == 2:
        return f"{name[:3]} {ordinal(day)} {year}"
    if fmt == 3:
        return f"the {ordinal(day)} of {name} {year}"
    if fmt == 4:
        return f"{name} {year}"
    raise ValueError(f"write_date: fmt is {fmt}; expected 0 to {len(FORMATS) - 1} (see FORMATS).")


def iso_date(year: int, month: int, day: int, fmt: int) -> str:
    """The ISO 8601 target: ``YYYY-MM-DD``, or ``YYYY-MM`` for format 4, which has no day."""
    if fmt == 4:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True)
class DatePairs:
    """One split: ``inputs[i]`` written in words, ``targets[i]`` its ISO form."""

    inputs: list[str]
    targets: list[str]
    formats: np.ndarray  # (batch,) int64, index into FORMATS
    months: np.ndarray  # (batch,) int64, 1-12

    def __len__(self) -> int:
        return len(self.inputs)


def _draw(rng: np.random.Generator, held_out: bool) -> tuple[int, int, int, int]:
    while True:
        fmt = int(rng.integers(len(FORMATS)))
        month = int(rng.integers(1, 13))
        if ((fmt, month) in HELD_OUT) == held_out:
            break
    year = int(rng.integers(YEARS[0], YEARS[1] + 1))
    day = int(rng.integers(1, calendar.monthrange(year, month)[1] + 1))
    return year, month, day, fmt


def _split(rng: np.random.Generator, n: int, held_out: bool, seen: set[str]) -> DatePairs:
    rows: list[tuple[str, str, int, int]] = []
    while len(rows) < n:
        year, month, day, fmt = _draw(rng, held_out)
        text = write_date(year, month, day, fmt)
        if text in seen:  # every input string occurs in one split only, once
            continue
        seen.add(text)
        rows.append((text, iso_date(year, month, day, fmt), fmt, month))
    return DatePairs(
        inputs=[r[0] for r in rows],
        targets=[r[1] for r in rows],
        formats=np.array([r[2] for r in rows], dtype=np.int64),
        months=np.array([r[3] for r in rows], dtype=np.int64),
    )


def date_pairs(n_train: int = 1500, n_val: int = 300, n_test: int = 300, seed: int = 0) -> dict[str, DatePairs]:
    """Seeded train, validation and test splits of the date task.

    Train and validation draw (format, month) pairs outside :data:`HELD_OUT`; test draws
    only pairs inside it, so every test input combines a format and a month in a way
    training never shows. No input string occurs twice, within or across splits.

    Returns:
        ``{"train": DatePairs, "validation": DatePairs, "test": DatePairs}``.
    """
    for name, n in (("n_train", n_train), ("n_val", n_val), ("n_test", n_test)):
        if not isinstance(n, int) or n < 1:
            raise ValueError(f"date_pairs: {name} is {n!r}; expected a positive int.")
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    return {
        "train": _split(rng, n_train, False, seen),
        "validation": _split(rng, n_val, False, seen),
        "test": _split(rng, n_test, True, seen),
    }
