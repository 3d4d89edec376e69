"""nbval, with printed floats compared to the digits they claim.

nbval in strict mode compares every stored text output with the fresh one character for
character. That is right for text, shapes, counts and error messages, but a float that a CPU's
kernels compute in another order can differ in its last bit, and a last bit can flip the last
printed digit (0.18 against 0.17). This plugin keeps nbval strict and changes one thing: before
nbval compares a cell, each number in a fresh text output is matched with the number at the same
place in the stored output, and

* text between numbers must be equal (spaces aside: NumPy pads a column by its widest entry);
* integers (no ``.``, no exponent: shapes, counts, ids, dates) must be equal;
* floats (a ``.`` or an exponent) may differ by one unit in their last printed digit (of the
  more precise of the two, so 0.7 does not pass for 0.727), plus what the cell declares with a
  tag ``tolerance-abs-<x>`` or ``tolerance-rel-<x>``.

Where every number agrees in that sense, the fresh text is replaced by the stored one and nbval's
own comparison passes; otherwise nothing is replaced, nbval reports its usual diff, and a line
says which number broke which tolerance. The rules are in CONTRIBUTING.md ("Reproducibility").

``chapters/conftest.py`` installs it for the book's notebooks; ``-p nbval_tolerance`` (with this
folder on ``sys.path``) installs it anywhere else.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Tolerance", "compare_text", "install", "tolerance_from_tags"]

# A number as Python, NumPy and PyTorch print one: optional sign, digits with an optional
# fraction (or a bare fraction), optional exponent. Letters next to digits (x_0, float32, 1e)
# still split off the digits, which then compare as integers: exactly.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\d+")
_TAG = re.compile(r"^tolerance-(abs|rel)-(.+)$")
_TEXT_KEYS = ("text/plain", "text/html", "text/markdown")


@dataclass(frozen=True)
class Tolerance:
    """How far a float may move beyond one unit in its last printed digit."""

    abs: float = 0.0
    rel: float = 0.0

    def __str__(self) -> str:
        extra = [f"{name} {value:g}" for name, value in (("abs", self.abs), ("rel", self.rel)) if value]
        return "one unit in the last printed digit" + (" + " + " + ".join(extra) if extra else "")


def tolerance_from_tags(tags: Iterable[str]) -> Tolerance:
    """Read ``tolerance-abs-<x>`` / ``tolerance-rel-<x>`` cell tags; no tag gives the default."""
    values = {"abs": 0.0, "rel": 0.0}
    for tag in tags:
        match = _TAG.match(tag)
        if match:
            try:
                value = float(match.group(2))
            except ValueError:
                raise ValueError(
                    f"nbval_tolerance: tag {tag!r} has no number after 'tolerance-{match.group(1)}-'; "
                    f"write e.g. 'tolerance-{match.group(1)}-1e-3'."
                ) from None
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"nbval_tolerance: tag {tag!r}: the tolerance must be a finite number >= 0.")
            values[match.group(1)] = value
    return Tolerance(**values)


def _split(text: str) -> tuple[list[str], list[str]]:
    """Text into the pieces between numbers and the numbers themselves (len(pieces) = len(numbers) + 1)."""
    pieces, numbers, start = [], [], 0
    for match in _NUMBER.finditer(text):
        pieces.append(text[start : match.start()])
        numbers.append(match.group(0))
        start = match.end()
    pieces.append(text[start:])
    return pieces, numbers


def _is_float(token: str) -> bool:
    return "." in token or "e" in token.lower()


def _last_digit_unit(token: str) -> float:
    """One unit in the last printed digit: 0.0001 for '-0.1234', 1e-08 for '2.5e-07', 1 for '3.'."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def compare_text(stored: str, fresh: str, tolerance: Tolerance = Tolerance()) -> str | None:
    """None if ``fresh`` agrees with ``stored`` under the rules above, else why it does not."""
    if stored == fresh:
        return None
    stored_pieces, stored_numbers = _split(stored)
    fresh_pieces, fresh_numbers = _split(fresh)
    if len(stored_numbers) != len(fresh_numbers):
        return f"the stored output has {len(stored_numbers)} numbers and the fresh one {len(fresh_numbers)}"
    for k, (a, b) in enumerate(zip(stored_pieces, fresh_pieces)):
        if a.replace(" ", "") != b.replace(" ", ""):
            return f"the text before number {k + 1} differs: {a[-40:]!r} against {b[-40:]!r}"
    for k, (a, b) in enumerate(zip(stored_numbers, fresh_numbers)):
        if a == b:
            continue
        if not (_is_float(a) and _is_float(b)):
            return f"number {k + 1}: {b} where {a} is stored; integers must be equal"
        x, y = float(a), float(b)
        allowed = min(_last_digit_unit(a), _last_digit_unit(b)) + tolerance.abs + tolerance.rel * abs(x)
        if not abs(x - y) <= allowed * (1 + 1e-9):
            return (
                f"number {k + 1}: {b} where {a} is stored, a difference of {abs(x - y):.3g}, "
                f"beyond {allowed:.3g} ({tolerance})"
            )
    return None


def _pairs(stored: Sequence[Any], fresh: Sequence[Any]) -> Iterable[tuple[Any, Any, str]]:
    """(stored output, fresh output, key) for every text field the two outputs share."""
    for ref, new in zip(stored, fresh):
        if ref.get("output_type") != new.get("output_type") or ref.get("name") != new.get("name"):
            continue
        if "text" in ref and "text" in new:
            yield ref, new, "text"
        for key in _TEXT_KEYS:
            if key in ref.get("data", {}) and key in new.get("data", {}):
                yield ref["data"], new["data"], key


def _as_str(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def install() -> None:
    """Wrap ``nbval.plugin.IPyNbCell.compare_outputs`` once (idempotent)."""
    from nbval.plugin import IPyNbCell  # noqa: PLC0415 (only where nbval runs)

    original = IPyNbCell.compare_outputs
    if getattr(original, "_tolerant", False):
        return

    def compare_outputs(self: Any, test: list[Any], ref: list[Any], skip_compare: Any = None) -> bool:
        tags = self.cell.get("metadata", {}).get("tags", [])
        tolerance = tolerance_from_tags(tags)
        test = copy.deepcopy(test)
        reasons = []
        for ref_holder, test_holder, key in _pairs(ref, test):
            stored, fresh = _as_str(ref_holder[key]), _as_str(test_holder[key])
            reason = compare_text(stored, fresh, tolerance)
            if reason is None:
                test_holder[key] = ref_holder[key]
            else:
                reasons.append(f"{key}: {reason}")
        same = bool(original(self, test, ref, skip_compare))
        if not same and reasons:
            self.comparison_traceback.append("nbval_tolerance: " + "; ".join(reasons))
        return same

    compare_outputs._tolerant = True  # type: ignore[attr-defined]
    IPyNbCell.compare_outputs = compare_outputs


def pytest_configure(config: Any) -> None:
    """Entry point when loaded with ``-p nbval_tolerance``."""
    install()
