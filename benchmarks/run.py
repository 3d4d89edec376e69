"""Measure the book's budgets and print a Markdown table for the README (`make benchmark`).

Figures:
- each notebook's own execution time (fresh kernel, top to bottom, one at a time so notebooks do
  not compete for the cores; budget: under 60 s each on 2 cores);
- `make book` after install, from a clean _build (budget: under 60 s);
- `make test` after install (budget: well inside CI's 90 minutes; aim: under 10 minutes).

The install time is measured separately (it depends on the network and the package cache):
`time make install` in a fresh clone. Nothing here is part of the pass/fail test suite.

Usage: python benchmarks/run.py [--skip-test] [--notebooks-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rnnlib.notebook import local_kernel, quiet_environment

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def time_notebook(path: Path) -> float:
    """Execute a copy of the notebook (the stored file is not touched) and return seconds."""
    import nbformat  # noqa: PLC0415 (only the timing needs the notebook machinery)
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = nbformat.read(path, as_version=4)
    with local_kernel() as manager:  # quiet environment, IPC transport (rnnlib.notebook)
        client = NotebookClient(nb, km=manager, timeout=600, resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        return time.perf_counter() - start


def time_command(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-test", action="store_true", help="do not time `make test`")
    parser.add_argument("--notebooks-only", action="store_true")
    args = parser.parse_args()
    quiet_environment()  # every kernel started below inherits it
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results: dict[str, object] = {"machine": machine}

    notebooks = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        seconds = time_notebook(path)
        notebooks[path.name] = round(seconds, 1)
        print(f"| `{path.name}` | {seconds:.1f} s |", flush=True)
    results["notebooks_s"] = notebooks

    if not args.notebooks_only:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        seconds, code = time_command(["make", "book"])
        results["make_book_s"] = round(seconds, 1)
        print(f"make book (clean _build): {seconds:.1f} s (exit {code})", flush=True)
        if not args.skip_test:
            seconds, code = time_command(["make", "test"])
            results["make_test_s"] = round(seconds, 1)
            print(f"make test: {seconds:.1f} s (exit {code})", flush=True)

    (RESULTS / "budgets.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written: {RESULTS.relative_to(ROOT) / 'budgets.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
