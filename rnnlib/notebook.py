"""One call that makes a notebook reproducible and quiet.

Every chapter starts with::

    import rnnlib
    rnnlib.setup()

which, in this order:

1. sets the environment variables TensorFlow reads when it loads (C++ log level,
   oneDNN's graph rewrites off, no GPU), so no log line reaches a cell;
2. imports TensorFlow/Keras and PyTorch (unless asked not to) and seeds Python,
   NumPy, TensorFlow and PyTorch with one seed;
3. asks both frameworks for deterministic kernels on one CPU thread, so a run is
   repeatable on one machine, and, with ``dtype="float64"``, makes float64 the default
   float type of Keras and PyTorch (see "Outputs on other CPUs" below);
4. sets NumPy and PyTorch print options, and the book's matplotlib style;
5. makes tracebacks in notebooks short (error type and message only), so an
   error shown on purpose prints what a reader needs and no file paths.

Calling it again (re-running the cell) re-seeds everything and changes nothing else.

Outputs on other CPUs
---------------------
Determinism holds on one machine, not across machines. TensorFlow's matmul goes through
oneDNN's GEMM even with ``TF_ENABLE_ONEDNN_OPTS=0``, and that GEMM, PyTorch's ATen kernels
and NumPy's OpenBLAS all pick their kernel, and so the order of their float sums, from the
CPU's instruction set at run time. A forward pass therefore differs in the last bits between,
say, an AVX2 laptop and an AVX-512 server, and training amplifies those bits: in float32 a
trained accuracy moves in its second decimal. The book's answer (CONTRIBUTING.md,
"Reproducibility", and the book's page "How this book is tested"): training runs in float64,
where the same amplification stays far below the printed digits, and the test suite compares
every printed float to one unit in its last printed digit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

__all__ = ["setup", "SetupInfo", "quiet_environment", "local_kernel", "BOOK_STYLE"]

BOOK_STYLE = "rnnbook"
"""Name of the matplotlib style shipped in ``rnnlib/rnnbook.mplstyle``."""

_QUIET_ENV = {
    # Read by TensorFlow's C++ runtime when the library loads: 3 hides INFO, WARNING and ERROR lines.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN's graph rewrites off. (Its GEMM still runs and still picks its kernel by CPU,
    # so float32 results differ in the last bits between CPUs: see the module docstring.)
    "TF_ENABLE_ONEDNN_OPTS": "0",
    # Keras 3 runs on TensorFlow in this book.
    "KERAS_BACKEND": "tensorflow",
    # The book runs on the CPU: no CUDA probing, no GPU-dependent numbers.
    "CUDA_VISIBLE_DEVICES": "",
    # absl's "All log messages before absl::InitializeLog()" notice.
    "GRPC_VERBOSITY": "ERROR",
    # The Jupyter kernel's debugger: no "frozen modules" notice in a kernel's stderr.
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


@dataclass(frozen=True)
class SetupInfo:
    """What :func:`setup` did, for a one-line confirmation in a notebook."""

    seed: int
    tensorflow: str | None
    keras: str | None
    torch: str | None
    numpy: str
    dtype: str = "float32"

    def __str__(self) -> str:
        parts = [f"seed {self.seed}", f"numpy {self.numpy}"]
        if self.dtype != "float32":
            parts.insert(1, f"{self.dtype} by default")
        if self.keras:
            parts.append(f"keras {self.keras} (tensorflow {self.tensorflow})")
        if self.torch:
            parts.append(f"torch {self.torch}")
        return "rnnlib.setup: " + ", ".join(parts)


def quiet_environment() -> dict[str, str]:
    """Set (and return) the environment variables that keep TensorFlow quiet.

    They only take effect if set before TensorFlow is imported; :func:`setup`
    calls this first. Existing values are kept, so a user can override them.
    """
    for key, value in _QUIET_ENV.items():
        os.environ.setdefault(key, value)
    return {key: os.environ[key] for key in _QUIET_ENV}


if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager


@contextlib.contextmanager
def local_kernel(kernel_name: str = "python3") -> Iterator[KernelManager]:
    """A kernel manager for running the book's notebooks on this machine (``make execute``,
    ``make benchmark``): the kernel it starts has the quiet environment and talks to its client
    over Unix sockets in a private temporary folder, not over TCP.

    Over TCP, ipykernel warns at every start that the connection is not encrypted, a warning
    that means nothing for a kernel that never leaves this machine; over IPC the question does
    not arise, and no port is opened. Pass the manager to ``nbclient.NotebookClient(km=...)``.
    The folder, with its socket files, is removed when the block ends.
    """
    from jupyter_client.manager import KernelManager  # noqa: PLC0415 (only the scripts need it)

    quiet_environment()  # the kernel inherits it: TensorFlow reads it when it loads
    with tempfile.TemporaryDirectory(prefix="rnnbook-kernel-") as folder:
        manager = KernelManager(
            kernel_name=kernel_name, transport="ipc", ip=os.path.join(folder, "kernel")
        )
        try:
            yield manager
        finally:
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Silence file descriptor 2 for the duration: TensorFlow's C++ runtime writes a few
    lines there while it loads (before its own log level applies), and Jupyter would copy
    them into the cell's output."""
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _setup_tensorflow(seed: int, dtype: str) -> tuple[str, str]:
    with _stderr_silenced():
        import keras  # noqa: PLC0415
        import tensorflow as tf  # noqa: PLC0415 (deliberately late: after the environment is set)

    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    try:  # Only possible before TensorFlow starts its runtime; a re-run keeps the first setting.
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        pass
    tf.config.experimental.enable_op_determinism()
    keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow
    keras.config.set_floatx(dtype)
    # A layer built earlier in the session fixed the global dtype policy; set it too.
    keras.config.set_dtype_policy(dtype)
    return tf.__version__, keras.__version__


def _torch_deterministic(torch: Any) -> None:
    """Deterministic kernels for eager PyTorch, the only PyTorch the book runs.

    ``torch.use_deterministic_algorithms(True)`` also sets the flag of ``torch.compile``'s
    backend, and importing that backend's configuration (``torch._inductor``) costs 3-4 s of
    CPU in every kernel, more than the rest of PyTorch's import. The book never compiles a
    model, so it sets the eager flag alone through the call that public function makes, where
    this version of PyTorch has it, and calls the public function otherwise.
    ``torch.are_deterministic_algorithms_enabled()`` is true either way (tested).
    """
    eager_only = getattr(torch._C, "_set_deterministic_algorithms", None)
    if eager_only is None:
        torch.use_deterministic_algorithms(True)
    else:
        eager_only(True)


def _setup_torch(seed: int, dtype: str) -> str:
    import torch  # noqa: PLC0415

    torch.manual_seed(seed)
    torch.set_default_dtype(torch.float64 if dtype == "float64" else torch.float32)
    _torch_deterministic(torch)
    torch.set_num_threads(1)
    torch.set_printoptions(precision=4, sci_mode=False, linewidth=100)
    return str(torch.__version__).split("+")[0]


def _setup_matplotlib() -> None:
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:  # matplotlib is optional for rnnlib itself
        return
    style = resources.files("rnnlib").joinpath(f"{BOOK_STYLE}.mplstyle")
    with resources.as_file(style) as path:
        plt.style.use(str(path))


def _setup_ipython() -> None:
    try:
        from IPython import get_ipython  # noqa: PLC0415
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    # "Minimal" prints `ShapeError: message` with no frames and so no file paths.
    tb = getattr(shell, "InteractiveTB", None)
    if tb is not None:
        tb.set_mode("Minimal")
    with contextlib.suppress(Exception):
        from matplotlib_inline.backend_inline import set_matplotlib_formats  # noqa: PLC0415

        set_matplotlib_formats("png")


DTYPES = ("float32", "float64")
"""The float types :func:`setup` accepts for Keras and PyTorch."""


def setup(
    seed: int = 0, *, tensorflow: bool = True, torch: bool = True, dtype: str = "float32"
) -> SetupInfo:
    """Make this notebook (or script) reproducible and quiet. Call it before importing
    TensorFlow or PyTorch yourself.

    Args:
        seed: one seed for Python's ``random``, NumPy's legacy global generator,
            TensorFlow and PyTorch. Chapters that need a generator make their own
            with ``np.random.default_rng(seed)``.
        tensorflow: import and configure TensorFlow and Keras (about 5 s the first time).
        torch: import and configure PyTorch.
        dtype: the default float type of new Keras layers (``keras.config.floatx``) and of
            new PyTorch tensors and modules (``torch.get_default_dtype``). The training
            chapters pass ``"float64"``: a last-bit difference between two CPUs' kernels then
            stays far below the printed digits after training, where in float32 it reaches
            the second decimal. Calling ``setup()`` again without it restores float32.

    Returns:
        A :class:`SetupInfo`; print it for a one-line record of the versions used.
    """
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"setup: seed is {seed!r}; expected a non-negative int such as 0.")
    if dtype not in DTYPES:
        raise ValueError(
            f"setup: dtype is {dtype!r}; expected one of {DTYPES}. "
            'Training chapters use dtype="float64"; everything else the default "float32".'
        )
    quiet_environment()
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (readers' code may still draw from the legacy global generator)
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    tf_version = keras_version = torch_version = None
    if tensorflow:
        tf_version, keras_version = _setup_tensorflow(seed, dtype)
    if torch:
        torch_version = _setup_torch(seed, dtype)
    _setup_matplotlib()
    _setup_ipython()
    return SetupInfo(
        seed=seed,
        tensorflow=tf_version,
        keras=keras_version,
        torch=torch_version,
        numpy=np.__version__,
        dtype=dtype,
    )
