"""How fast is a linear recurrence as a loop, and as a parallel scan? (chapter 21)

Times ``h_t = alpha_t * h_{t-1} + beta_t`` over T steps, batch 16, 64 units, float32, in PyTorch:
the loop (``rnnlib.scan.linear_recurrence_loop``), the Hillis-Steele scan
(``rnnlib.scan.linear_recurrence``), and the log-space form that minGRU trains with
(``rnnlib.scan.log_linear_recurrence``: ``cumsum`` and ``logcumsumexp``), forward and backward;
then a GRU layer (``torch.nn.GRU``) and a minGRU layer (``rnnlib.minrnn.MinGRU``) of the same
size, forward and backward. On the GPU (``--device cuda``) the scan's rounds run as wide
kernels; on a CPU with one thread they still save Python's per-step overhead.

    python benchmarks/bench_scan.py [--device cpu] [--threads 1] [--repeats 5]

Prints one Markdown table of median times (ms) per length T, with the machine it ran on.
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable

import numpy as np
import torch

from rnnlib import minrnn, scan


def median_ms(fn: Callable[[], None], repeats: int, device: str) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        fn()
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lengths", type=int, nargs="+", default=[64, 256, 1024, 4096])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    batch, units = 16, 64
    name = torch.cuda.get_device_name(0) if args.device == "cuda" else platform.processor() or \
        platform.machine()
    print(f"{name}, {args.threads} thread(s); batch {batch}, {units} units, float32, forward + "
          f"backward; torch {torch.__version__}, python {sys.version.split()[0]}")
    print()
    print("| T | loop | Hillis-Steele scan | log-space scan | nn.GRU | MinGRU (log-space) |")
    print("|---:|---:|---:|---:|---:|---:|")
    gru = torch.nn.GRU(units, units, batch_first=True).to(device)
    min_gru = minrnn.MinGRU(units, units).to(device)
    for timesteps in args.lengths:
        gen = torch.Generator().manual_seed(0)
        shape = (batch, timesteps, units)
        alpha = torch.rand(shape, generator=gen).to(device).requires_grad_(True)
        beta = torch.rand(shape, generator=gen).to(device).requires_grad_(True)
        x = torch.randn(shape, generator=gen).to(device)

        def loop() -> None:
            scan.linear_recurrence_loop(alpha, beta).sum().backward()  # noqa: B023

        def tree() -> None:
            scan.linear_recurrence(alpha, beta).sum().backward()  # noqa: B023

        def logs() -> None:
            scan.log_linear_recurrence(alpha.log(), beta.log()).sum().backward()  # noqa: B023

        def classic() -> None:
            gru(x)[0].sum().backward()  # noqa: B023

        def minimal() -> None:
            min_gru(x).sum().backward()  # noqa: B023

        row = [median_ms(f, args.repeats, args.device) for f in (loop, tree, logs, classic, minimal)]
        print(f"| {timesteps} | " + " | ".join(f"{ms:.1f}" for ms in row) + " |")


if __name__ == "__main__":
    main()
