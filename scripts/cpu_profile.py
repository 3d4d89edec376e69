"""Print the environment of a CPU profile other than this machine's own (`make test-profile`).

The frameworks pick their float kernels by the CPU's instruction set at run time: oneDNN's GEMM
in TensorFlow (capped by ONEDNN_MAX_CPU_ISA) and ATen in PyTorch (ATEN_CPU_CAPABILITY). Running
the notebooks again with a lower cap shows, on one machine, what a reader with an older CPU gets:

    AVX-512 machine  ->  ONEDNN_MAX_CPU_ISA=AVX2  ATEN_CPU_CAPABILITY=avx2
    AVX2 machine     ->  ONEDNN_MAX_CPU_ISA=SSE41 ATEN_CPU_CAPABILITY=default
    anything else    ->  ATEN_CPU_CAPABILITY=default (ARM: oneDNN takes no x86 cap)

Usage: python scripts/cpu_profile.py          prints `NAME=value ...` for `env`
       python scripts/cpu_profile.py --describe  prints one line for a log
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path


def cpu_flags() -> set[str]:
    """The instruction-set flags of this CPU, from /proc/cpuinfo (empty where there is none)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.partition(":")[2].split())
    return set()


def other_profile(flags: set[str], machine: str) -> dict[str, str]:
    """Variables that make the frameworks choose kernels of a CPU below this one."""
    if machine in ("x86_64", "AMD64") and "avx512f" in flags:
        return {"ONEDNN_MAX_CPU_ISA": "AVX2", "ATEN_CPU_CAPABILITY": "avx2"}
    if machine in ("x86_64", "AMD64"):
        return {"ONEDNN_MAX_CPU_ISA": "SSE41", "ATEN_CPU_CAPABILITY": "default"}
    return {"ATEN_CPU_CAPABILITY": "default"}


def main() -> None:
    flags, machine = cpu_flags(), platform.machine()
    profile = other_profile(flags, machine)
    if "--describe" in sys.argv[1:]:
        isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
        print(f"this CPU: {machine}, {isa}; second profile: " + " ".join(f"{k}={v}" for k, v in profile.items()))
    else:
        print(" ".join(f"{k}={v}" for k, v in profile.items()))


if __name__ == "__main__":
    main()
