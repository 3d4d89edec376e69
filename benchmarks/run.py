"""Measure the book's budgets (`make benchmark`): the figures in CONTRIBUTING.md and the testing page.

Figures:
- each notebook's own execution time (fresh kernel, top to bottom, one at a time so notebooks do
  not compete for the cores; budget: under 60 s each on 2 cores);
- `make book` after install, from a clean _build (budget: under 60 s);
- `make test` after install (budget: well inside CI's 90 minutes; aim: under 10 minutes).

The install time is measured separately (it depends on the network and the package cache):
`time make install` in a fresh clone. Nothing here is part of the pass/fail test suite.

It also times `benchmarks/bench_scan.py` into `benchmarks/scan.md` (committed; chapter 21
quotes it), and writes `benchmarks/record.json` (committed): for each chapter its time, the date, this
machine, and the two CPU profiles `.ci/run` proves its outputs under here (this CPU's own, and
the lower one of `scripts/cpu_profile.py`). The book's testing page is built from that record
(`scripts/testing_page.py`, which this script runs). Naming notebooks re-measures only those
rows.

Usage: python benchmarks/run.py [--skip-test] [--notebooks-only] [NOTEBOOK ...]
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
RECORD = ROOT / "benchmarks" / "record.json"
sys.path.insert(0, str(ROOT / "scripts"))
import cpu_profile  # noqa: E402 (scripts/ is not a package)


def machine_and_profiles() -> tuple[str, list[str]]:
    """``("x86_64 AVX2, 2 cores", ["native AVX2", "SSE41 cap"])``: this machine, and the two
    profiles `.ci/run` proves the outputs under on it (the second from scripts/cpu_profile.py)."""
    flags = cpu_profile.cpu_flags()
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    machine = f"{platform.machine()} {isa}, {os.cpu_count()} cores"
    lower = cpu_profile.other_profile(flags, platform.machine())
    cap = lower.get("ONEDNN_MAX_CPU_ISA", "ATen default")
    return machine, [f"native {isa}", f"{cap} cap"]


def write_record(seconds: dict[str, float]) -> None:
    """Update the rows of the chapters just measured in benchmarks/record.json, then the page."""
    record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {"chapters": {}}
    machine, profiles = machine_and_profiles()
    today = time.strftime("%Y-%m-%d")
    record["python"] = platform.python_version()
    for doc, value in seconds.items():
        record["chapters"][doc] = {"seconds": value, "date": today, "machine": machine, "profiles": profiles}
    record["chapters"] = dict(sorted(record["chapters"].items()))
    RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "testing_page.py")], check=False)


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
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    args = parser.parse_args()
    quiet_environment()  # every kernel started below inherits it
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results: dict[str, object] = {"machine": machine}

    notebooks = {}
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        seconds = time_notebook(path)
        notebooks[path.name] = round(seconds, 1)
        print(f"| `{path.name}` | {seconds:.1f} s |", flush=True)
    results["notebooks_s"] = notebooks
    write_record({f"chapters/{name.removesuffix('.ipynb')}": value for name, value in notebooks.items()})
    if args.notebooks:
        return 0

    if not args.notebooks_only:
        # The chapter on parallel recurrences quotes these times (machine and date beside them).
        scan = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_scan.py"), "--repeats", "3"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
        (ROOT / "benchmarks" / "scan.md").write_text(
            f"Measured by `make benchmark` on {time.strftime('%Y-%m-%d')}; milliseconds, median of 3.\n\n{scan}",
            encoding="utf-8")
        print(scan, flush=True)
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
