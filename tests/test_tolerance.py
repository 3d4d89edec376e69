"""The tolerant comparison must still fail on every real change (tests/nbval_tolerance.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from nbval_tolerance import Tolerance, compare_text, tolerance_from_tags

# --- the rules, one string at a time ---------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "fresh"),
    [
        ("logits: [ 1.54  2.24 -1.81 -0.18 -0.92]", "logits: [ 1.54  2.24 -1.81 -0.17 -0.92]"),
        ("loss 0.0204", "loss 0.0205"),
        ("error 2.5e-07", "error 2.6e-07"),
        ("[ 0.0001 -0.5]", "[-0.0000 -0.5]"),  # a sign flip at zero changes NumPy's padding only
        ("[-0. ]", "[ 0. ]"),
        ("same text, no numbers", "same text, no numbers"),
    ],
)
def test_a_last_digit_move_is_accepted(stored: str, fresh: str) -> None:
    assert compare_text(stored, fresh) is None


@pytest.mark.parametrize(
    ("stored", "fresh", "reason"),
    [
        ("x_train (2045, 24)", "x_train (2045, 25)", "integers must be equal"),  # a shape
        ("vocabulary: 87 ids", "vocabulary: 88 ids", "integers must be equal"),  # a count
        ("1998-05-03", "1998-05-04", "integers must be equal"),
        ("float32", "float64", "integers must be equal"),  # a dtype's digits
        ("loss 0.0204", "loss 0.0206", "beyond"),  # two units in the last digit
        ("loss 0.0382", "loss 0.0520", "beyond"),
        ("accuracy 0.727", "accuracy 0.7", "beyond"),
        ("error 2.5e-07", "error 2.5e-06", "beyond"),
        ("(4, 5)", "(4, 5, 1)", "numbers"),  # a number appears
        ("keras LSTM", "torch LSTM", "text"),
        ("-> German", "-> French", "text"),
        ("1", "1.0", "integers must be equal"),
        ("nan", "0.5", "numbers"),
    ],
)
def test_a_real_change_is_refused(stored: str, fresh: str, reason: str) -> None:
    result = compare_text(stored, fresh)
    assert result is not None and reason in result, result


def test_a_declared_tolerance_widens_only_floats() -> None:
    wide = tolerance_from_tags(["hide-cell", "tolerance-rel-0.5", "tolerance-abs-1e-3"])
    assert wide == Tolerance(abs=1e-3, rel=0.5)
    assert compare_text("loss 0.0382", "loss 0.0520", wide) is None
    assert compare_text("loss 0.0382", "loss 0.0620", wide) is not None
    assert compare_text("shape (4, 5)", "shape (4, 6)", wide) is not None
    assert tolerance_from_tags(["hide-cell"]) == Tolerance()


@pytest.mark.parametrize("tag", ["tolerance-rel-x", "tolerance-abs--1", "tolerance-abs-inf"])
def test_a_bad_tolerance_tag_is_an_error(tag: str) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        tolerance_from_tags([tag])


# --- nbval with the plugin, on a small notebook with edited stored outputs -------------------

CELLS = {
    # name: (source, stored stdout, should pass)
    "same": ("print('shape (4, 5)')", "shape (4, 5)\n", True),
    "last_digit": ("print(f'{0.17:.2f}')", "0.18\n", True),
    "beyond": ("print(f'{0.17:.2f}')", "0.19\n", False),
    "shape": ("print('shape (4, 5)')", "shape (4, 6)\n", False),
    "integer": ("print(87)", "88\n", False),
    "text": ("print('German')", "French\n", False),
    "missing": ("print('one line')", None, False),  # stored: nothing; fresh: a line
    "extra": ("pass", "a line the code no longer prints\n", False),
    "tagged": ("print(f'{0.0520:.4f}')  # tolerance-rel-0.5", "0.0382\n", True),
}


def _notebook() -> dict:
    cells = []
    for n, (name, (source, stored, _)) in enumerate(CELLS.items(), start=1):
        outputs = [] if stored is None else [{"output_type": "stream", "name": "stdout", "text": stored}]
        tags = ["tolerance-rel-0.5"] if name == "tagged" else []
        cells.append({
            "cell_type": "code", "execution_count": n, "id": name,
            "metadata": {"tags": tags}, "outputs": outputs, "source": source,
        })
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return {"cells": cells, "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}


def test_nbval_with_the_plugin_passes_and_fails_the_right_cells(tmp_path: Path) -> None:
    (tmp_path / "cases.ipynb").write_text(json.dumps(_notebook()), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "nbval_tolerance",
           "--nbval", "--nbval-current-env", "-rA", "cases.ipynb"]
    run = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    results = {int(cell): outcome for outcome, cell in re.findall(
        r"^(PASSED|FAILED) cases\.ipynb::Cell (\d+)", run.stdout, re.M)}
    expected = {n: ("PASSED" if ok else "FAILED") for n, (_, _, ok) in enumerate(CELLS.values())}
    assert results == expected, run.stdout[-4000:]
    assert "nbval_tolerance: text: number 1: 0.17 where 0.19 is stored" in run.stdout
