"""pytest settings for the notebooks in this folder (run by `make test` with nbval).

nbval compares every stored output strictly; `tests/nbval_tolerance.py` lets a printed float
move by one unit in its last printed digit, the most a CPU with other kernels can move it
(CONTRIBUTING.md, "Reproducibility: what is proven, and where").
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import nbval_tolerance

nbval_tolerance.install()
