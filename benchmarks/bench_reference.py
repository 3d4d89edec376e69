"""How fast are the NumPy reference layers next to PyTorch on the CPU?

Times ``rnnlib.reference`` (forward) and ``rnnlib.bptt`` (forward + backward) against
``torch.nn.RNN / LSTM / GRU`` (forward under ``no_grad``; forward + ``backward()``) on
batch 64, 100 timesteps, 32 features, 128 units, float32, in one process with the same
number of threads for both libraries (1 by default; ``--threads N`` to change it).

    python benchmarks/bench_reference.py [--threads 1] [--repeats 7]

Prints one Markdown table: the median time of each (NumPy and PyTorch runs alternate, so both
see the same machine load) and the ratio NumPy / PyTorch.
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="threads for both NumPy's BLAS and PyTorch")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per measurement (median is reported)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--timesteps", type=int, default=100)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--units", type=int, default=128)
    args = parser.parse_args()
    return args


ARGS = _parse_args()
# BLAS reads its thread count when NumPy loads: set it before the import.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

from rnnlib import bptt, reference  # noqa: E402

torch.set_num_threads(ARGS.threads)


def paired_median_times(fn_a, fn_b, repeats: int) -> tuple[float, float]:
    """Median wall time of ``fn_a`` and of ``fn_b``, run alternately so that both see the same machine load."""
    fn_a(), fn_b()  # warm-up
    times_a, times_b = [], []
    for _ in range(repeats):
        for fn, times in ((fn_a, times_a), (fn_b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return float(np.median(times_a)), float(np.median(times_b))


def main() -> None:
    b, t, f, u = ARGS.batch, ARGS.timesteps, ARGS.features, ARGS.units
    rng = np.random.default_rng(0)
    x = rng.normal(size=(b, t, f)).astype(np.float32)
    d_out = rng.normal(size=(b, t, u)).astype(np.float32)
    rows = []
    for name, g, module_cls in (("simple_rnn", 1, torch.nn.RNN), ("lstm", 4, torch.nn.LSTM), ("gru", 3, torch.nn.GRU)):
        k = rng.uniform(-0.1, 0.1, size=(f, g * u)).astype(np.float32)
        rk = rng.uniform(-0.1, 0.1, size=(u, g * u)).astype(np.float32)
        bias = rng.uniform(-0.1, 0.1, size=(2, g * u) if name == "gru" else (g * u,)).astype(np.float32)
        forward = getattr(reference, name)
        backward = getattr(bptt, f"{name}_backward")
        module = module_cls(f, u, batch_first=True)
        xt = torch.from_numpy(x)
        xt_grad = xt.clone().requires_grad_(True)
        dt = torch.from_numpy(d_out)

        # Each closure is timed within this iteration: binding the loop's current values is intended.
        def torch_forward() -> None:
            with torch.no_grad():
                module(xt)  # noqa: B023

        def torch_backward() -> None:
            module.zero_grad()  # noqa: B023
            out, _ = module(xt_grad)  # noqa: B023
            out.backward(dt)  # noqa: B023

        np_f, th_f = paired_median_times(
            lambda: forward(x, k, rk, bias), torch_forward, ARGS.repeats  # noqa: B023
        )
        np_b, th_b = paired_median_times(
            lambda: backward(x, k, rk, bias, d_outputs=d_out), torch_backward, ARGS.repeats  # noqa: B023
        )
        rows.append((name, np_f, th_f, np_b, th_b))

    print(f"batch {b}, {t} timesteps, {f} features, {u} units, float32, {ARGS.threads} thread(s); "
          f"numpy {np.__version__}, torch {torch.__version__}, python {sys.version.split()[0]}")
    print()
    print("| cell | NumPy forward (ms) | PyTorch forward (ms) | ratio "
          "| NumPy fwd+bwd (ms) | PyTorch fwd+bwd (ms) | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, np_f, th_f, np_b, th_b in rows:
        print(f"| {name} | {1e3 * np_f:.1f} | {1e3 * th_f:.1f} | {np_f / th_f:.2f} | "
              f"{1e3 * np_b:.1f} | {1e3 * th_b:.1f} | {np_b / th_b:.2f} |")


if __name__ == "__main__":
    main()
