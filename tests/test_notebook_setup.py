"""rnnlib.setup: seeding, determinism, quiet logs, print options and the figure style.

The tests run setup() in fresh interpreters, because it changes process-wide state.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import rnnlib
from rnnlib.data import example_sequence


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env_free = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}  # no TF_* variables: setup() must set them
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env_free, check=False
    )


# Each process draws from every library after each setup(seed) in SEEDS, in order, and prints
# one JSON list. Two fresh processes are the minimum for "same seed, same numbers"; importing
# the frameworks costs several seconds each, so the other checks share those two processes.
SEEDED_DRAWS = """
    import json, os, random
    import numpy as np
    import rnnlib
    draws = []
    for seed in SEEDS:
        info = rnnlib.setup(seed=seed)
        import tensorflow as tf, torch, keras
        layer = keras.layers.Dense(2)
        layer.build((None, 3))
        draws.append({
            "python": random.random(),
            "numpy": float(np.random.rand()),
            "tf": float(tf.random.uniform(())),
            "torch": float(torch.rand(())),
            "keras_init": layer.kernel.numpy().ravel().tolist(),
            "torch_threads": torch.get_num_threads(),
            "torch_deterministic": torch.are_deterministic_algorithms_enabled(),
            "inductor_imported": "torch._inductor" in __import__("sys").modules,
            "env": {k: os.environ.get(k) for k in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")},
            "info": str(info),
        })
    print(json.dumps(draws))
"""
# Then, in the second process: float64 for both frameworks, and back to float32.
DTYPE_SWITCH = """
    info = rnnlib.setup(seed=0, dtype="float64")
    print(info)
    print(keras.config.floatx(), torch.get_default_dtype(), keras.layers.Dense(2).dtype)
    rnnlib.setup(seed=0)
    print(keras.config.floatx(), torch.get_default_dtype())
"""


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[list[dict], str, list[str]]]:
    """name -> (draws, stderr, the lines printed after the draws) of the two fresh processes."""
    out = {}
    for name, code in (("first", SEEDED_DRAWS.replace("SEEDS", "(0,)")),
                       ("second", SEEDED_DRAWS.replace("SEEDS", "(0, 1, 0)") + DTYPE_SWITCH)):
        proc = run_python(code)
        assert proc.returncode == 0, proc.stderr[-3000:]
        first, *rest = proc.stdout.splitlines()
        out[name] = (json.loads(first), proc.stderr, rest)
    return out


def test_same_seed_same_numbers_in_every_library(runs) -> None:
    """Two fresh processes, seed 0: the same draws from Python, NumPy, TensorFlow, PyTorch and a
    Keras initializer."""
    assert runs["first"][0][0] == runs["second"][0][0]


def test_other_seed_other_numbers(runs) -> None:
    zero, one, _ = runs["second"][0]
    for key in ("python", "numpy", "tf", "torch", "keras_init"):
        assert zero[key] != one[key], key


def test_setup_again_reseeds_every_library(runs) -> None:
    """setup(0) after setup(1) in the same process (as a chapter that calls it twice does)
    gives the draws of a fresh process."""
    zero, _, again = runs["second"][0]
    assert again == zero


def test_frameworks_are_quiet_and_single_threaded(runs) -> None:
    result, stderr = runs["first"][0][0], runs["first"][1]
    assert result["torch_threads"] == 1
    # Deterministic kernels without importing torch.compile's backend (3-4 s per kernel).
    assert result["torch_deterministic"] is True
    assert result["inductor_imported"] is False
    assert result["env"] == {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}
    # No C++ log lines (I0000 ..., absl notices, cuda probing) reach stderr while TensorFlow loads.
    assert "absl" not in stderr and "cuda" not in stderr.lower() and "oneDNN" not in stderr, stderr


def test_info_line_names_the_versions(runs) -> None:
    info = runs["first"][0][0]["info"]
    assert info.startswith("rnnlib.setup: seed 0, numpy ")
    assert "keras 3." in info and "torch 2." in info


def test_dtype_float64_sets_both_frameworks_and_float32_restores_them(runs) -> None:
    lines = runs["second"][2]
    assert "float64 by default" in lines[0], runs["second"][1][-2000:]
    assert lines[1:] == ["float64 torch.float64 float64", "float32 torch.float32"]


def test_setup_without_frameworks_imports_none() -> None:
    proc = run_python(
        """
        import sys, rnnlib
        print(rnnlib.setup(seed=3, tensorflow=False, torch=False))
        print("tensorflow" in sys.modules, "torch" in sys.modules)
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["rnnlib.setup: seed 3, numpy " + np.__version__, "False False"]


def test_print_options_and_style() -> None:
    proc = run_python(
        """
        import numpy as np, rnnlib
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        rnnlib.setup(tensorflow=False, torch=False)
        print(np.array([1/3, 1e-9]))
        print(plt.rcParams["figure.facecolor"], plt.rcParams["axes.spines.top"])
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[0.3333 0.    ]", "white False"]


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed_is_refused(seed) -> None:
    with pytest.raises(ValueError, match=r"setup: seed is .*expected a non-negative int"):
        rnnlib.setup(seed=seed, tensorflow=False, torch=False)


def test_example_sequence() -> None:
    x = example_sequence()
    assert x.shape == (1, 4, 5) and x.dtype == np.float32
    assert example_sequence(batched=False).shape == (4, 5)
    assert example_sequence(dtype=np.float64).dtype == np.float64
    x[0, 0, 0] = 99.0  # a fresh copy each call
    assert example_sequence()[0, 0, 0] == np.float32(0.1)


def test_an_unknown_dtype_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"dtype is 'float16'; expected one of \('float32', 'float64'\)"):
        rnnlib.setup(dtype="float16", tensorflow=False, torch=False)


def test_local_kernel_runs_a_notebook_without_a_transport_warning(tmp_path) -> None:
    """`make execute` and `make benchmark` start kernels through rnnlib.notebook.local_kernel:
    IPC transport in a private folder, so ipykernel has no unencrypted TCP port to warn about
    (issue 25), the cell still runs, and the folder with its socket files is gone afterwards."""
    code = """
        import os, nbformat
        from nbclient import NotebookClient
        from rnnlib.notebook import local_kernel
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
        with local_kernel() as km:
            folder = os.path.dirname(km.ip)
            NotebookClient(nb, km=km, timeout=120).execute()
        print(nb.cells[0].outputs[0]["text"].strip(), km.transport, os.path.exists(folder))
    """
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["42", "ipc", "False"]
    assert "without encryption" not in proc.stderr and "TCP" not in proc.stderr, proc.stderr
