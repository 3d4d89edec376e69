"""Shared fixtures: the repository root, the book's pages, and one book build per test run.

The build is shared by the workers of pytest-xdist through a file lock: the first worker that
needs it runs `jupyter-book build` with warnings as errors; the others wait and reuse it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from rnnlib.notebook import quiet_environment

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
# --all: a full rebuild, so a warning in an unchanged page is reported again.
BUILD_FLAGS = ["-W", "-n", "--keep-going", "--all"]

# Kernels started by nbval inherit this environment, and so does TensorFlow when a test
# imports it: rnnlib owns the variables.
quiet_environment()


def toc_documents() -> list[str]:
    """Every document named in _toc.yml, root first, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                docs.append(entry["file"])
            for key in ("chapters", "sections"):
                walk(entry.get(key, []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return docs


def book_pages() -> list[str]:
    """The HTML pages a reader can reach: every toc document plus the index and search pages."""
    return [f"{doc}.html" for doc in toc_documents()] + ["genindex.html", "search.html"]


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    log: str
    html: Path
    blocked_imports: str  # what the build tried to import of TensorFlow, Keras, PyTorch, JAX


# A sitecustomize that makes TensorFlow, Keras, PyTorch and JAX unimportable and records every
# attempt. The shared build runs with it, so every build the tests make also proves that the
# light install (requirements-book.txt, what `make book` puts in .venv-book) is enough.
BLOCK_FRAMEWORKS = '''
import os, sys
BLOCKED = {"tensorflow", "keras", "torch", "jax"}

class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            with open(os.environ["RNNBOOK_BLOCK_LOG"], "a") as log:
                log.write(name + "\\n")
            raise ImportError(f"{name} is blocked: the book must build without it")
        return None

sys.meta_path.insert(0, _Block())
'''
BLOCKER_DIR = BUILD_DIR / ".block-frameworks"
BLOCK_LOG = BUILD_DIR / "test-build-imports.log"


def blocked_env() -> dict[str, str]:
    """The environment of a Python in which the frameworks cannot be imported."""
    BLOCKER_DIR.mkdir(parents=True, exist_ok=True)
    (BLOCKER_DIR / "sitecustomize.py").write_text(BLOCK_FRAMEWORKS, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(BLOCKER_DIR), "RNNBOOK_BLOCK_LOG": str(BLOCK_LOG)}


@pytest.fixture(scope="session")
def built_book(testrun_uid: str) -> BuildResult:
    """Build the book once per test run (shared by all xdist workers) and return the result."""
    BUILD_DIR.mkdir(exist_ok=True)
    marker = BUILD_DIR / ".test-build"
    log_file = BUILD_DIR / "test-build.log"
    with FileLock(str(BUILD_DIR / ".test-build.lock")):
        if marker.exists() and marker.read_text().split("\n")[0] == testrun_uid:
            code = int(marker.read_text().split("\n")[1])
            return BuildResult(code, log_file.read_text(encoding="utf-8"), HTML_DIR, BLOCK_LOG.read_text())
        cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), *BUILD_FLAGS]
        BLOCK_LOG.write_text("")
        proc = subprocess.run(cmd, cwd=ROOT, env=blocked_env(), capture_output=True, text=True, check=False)
        log = proc.stdout + proc.stderr
        log_file.write_text(log, encoding="utf-8")
        marker.write_text(f"{testrun_uid}\n{proc.returncode}\n")
        return BuildResult(proc.returncode, log, HTML_DIR, BLOCK_LOG.read_text())


# `make test` runs pytest-xdist with --dist loadfile: a notebook's cells share one kernel, and a
# test file's module fixtures (a Korean build, a subprocess's draws) are made once. The browser
# tests are the exception: the longest file, made of independent page checks, so they spread
# over the workers by page, and a page's tests share one page load (test_browser.visit).
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling  # noqa: PLC0415

    class ByFileBrowserByPage(LoadFileScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path, _, test = nodeid.partition("::")
            if path.endswith("tests/test_browser.py") and test.endswith("]"):
                return "page " + test[test.index("[") + 1 : -1]
            return path

    return ByFileBrowserByPage(config, log)


def glossary_entries() -> dict[str, tuple[list[str], list[str]]]:
    """{first term: (every name of the entry, the definition lines)} from the glossary directive."""
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    entries: dict[str, tuple[list[str], list[str]]] = {}
    names: list[str] = []
    for line in body.splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line.startswith(" "):
            if names:
                entries[names[0]] = (names, [])
                names = []
            entries[list(entries)[-1]][1].append(line.strip())
        else:
            names.append(line.strip())
    return entries
