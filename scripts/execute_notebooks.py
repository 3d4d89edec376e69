"""Re-execute notebooks in place so their stored outputs are current (`make execute`).

Each notebook runs top to bottom in a fresh kernel of the current environment, from
its own folder, with the same environment the test suite uses. Only what a notebook
prints is stored: no timing metadata, no widget state. Running this twice in a row
changes no file.

Usage: python scripts/execute_notebooks.py [NOTEBOOK ...]   (default: chapters/*.ipynb)
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rnnlib.notebook import local_kernel

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, timeout: int) -> tuple[str, float]:
    import nbformat  # noqa: PLC0415 (imported in each worker process)
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    with local_kernel() as manager:  # quiet environment, IPC transport (rnnlib.notebook)
        client = NotebookClient(
            nb,
            km=manager,
            timeout=timeout,
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
            allow_errors=False,  # only cells tagged raises-exception may raise
        )
        client.execute()
    elapsed = time.perf_counter() - start
    # Keep metadata that does not depend on who ran the notebook or when.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    # ipykernel may split one print into several stream messages at arbitrary points; store each
    # run of same-stream text as one output so the file does not depend on that timing.
    for cell in nb.cells:
        if cell.cell_type == "code":
            merged: list = []
            for out in cell.outputs:
                last = merged[-1] if merged else None
                same_stream = last is not None and last.output_type == "stream" and last.name == out.get("name")
                if out.output_type == "stream" and same_stream:
                    last.text += out.text
                else:
                    merged.append(out)
            cell.outputs = merged
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return str(path.relative_to(ROOT)), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "chapters").glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, seconds in pool.map(execute, paths, [args.timeout] * len(paths)):
            print(f"executed {name} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
