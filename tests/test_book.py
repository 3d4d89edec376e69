"""The book builds with zero warnings, offline, and every page is there."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, blocked_env, book_pages, toc_documents

EXTERNAL_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["'](https?:)?//""", re.IGNORECASE)


def test_build_succeeds_with_zero_warnings(built_book) -> None:
    assert built_book.returncode == 0, built_book.log[-4000:]
    warnings = [ln for ln in built_book.log.splitlines() if "WARNING" in ln or "ERROR" in ln]
    assert warnings == []
    assert "build succeeded" in built_book.log


def test_every_page_is_built(built_book) -> None:
    missing = [page for page in book_pages() if not (built_book.html / page).is_file()]
    assert missing == []
    assert (built_book.html / "index.html").is_file()


def test_no_asset_is_loaded_from_another_host(built_book) -> None:
    for page in book_pages():
        html = (built_book.html / page).read_text(encoding="utf-8")
        found = EXTERNAL_ASSET.search(html)
        assert found is None, f"{page} loads {found.group(0)!r}"


def test_mathjax_is_served_from_the_book(built_book) -> None:
    html = (built_book.html / "chapters" / "01_sequences_as_tensors.html").read_text(encoding="utf-8")
    assert re.search(r'<script[^>]*src="\.\./_static/mathjax/tex-chtml\.js(\?v=\w+)?"', html)
    assert (built_book.html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert any((built_book.html / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").iterdir())


def test_stored_figures_are_rendered(built_book) -> None:
    html = (built_book.html / "chapters" / "01_sequences_as_tensors.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="(\.\./_images/[^"]+\.png)"', html)
    assert len(images) >= 2
    for src in images:
        assert (built_book.html / "chapters" / src).resolve().is_file(), src


def test_book_builds_without_tensorflow_or_torch(built_book) -> None:
    """The shared build runs with the frameworks blocked (conftest.blocked_env)."""
    assert built_book.blocked_imports == "", f"the build tried to import {built_book.blocked_imports.split()}"
    assert built_book.returncode == 0
    # The blocker was active: a Python started the same way cannot import torch.
    probe = subprocess.run(
        [sys.executable, "-c", "import torch"], env=blocked_env(), capture_output=True, text=True, check=False
    )
    assert probe.returncode != 0 and "is blocked" in probe.stderr


def test_light_book_venv_has_no_frameworks() -> None:
    """`make book` from a clean clone installs requirements-book.txt alone into .venv-book."""
    python = ROOT / ".venv-book" / "bin" / "python"
    if not python.is_file():
        pytest.skip(".venv-book is created by `make book` in a clone without a full .venv")
    code = "import importlib.util as u; print([m for m in ('tensorflow', 'torch', 'keras') if u.find_spec(m)])"
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def _pins(path: Path) -> dict[str, str]:
    """name -> version of every `name==version` line (names normalised as pip does)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        spec = line.split("#")[0].strip()
        if "==" in spec:
            name, version = spec.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def test_book_lock_pins_what_requirements_book_pins() -> None:
    """`make book` installs requirements-book.lock with --no-deps: it must hold every package of
    requirements-book.txt at the same version, and nothing of the frameworks."""
    wanted = _pins(ROOT / "requirements-book.txt")
    locked = _pins(ROOT / "requirements-book.lock")
    assert wanted and all(locked.get(name) == version for name, version in wanted.items()), (
        {name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version})
    assert not {"tensorflow", "torch", "keras", "jax"} & set(locked)


def test_install_script_refuses_an_unknown_install() -> None:
    """scripts/install.sh (behind `make book` and `make install`) is valid bash, and a wrong
    first argument stops it before anything is made, with the two choices named."""
    script = ROOT / "scripts" / "install.sh"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    proc = subprocess.run([str(script), "books"], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "'books' is neither book nor full" in proc.stderr


def chapter_notebooks() -> list[str]:
    return [doc for doc in toc_documents() if (ROOT / f"{doc}.ipynb").is_file()]


def test_every_chapter_offers_its_notebook_for_download(built_book) -> None:
    """The download button links the page's .ipynb, which is the file in chapters/, with outputs."""
    assert chapter_notebooks()
    for doc in chapter_notebooks():
        page = (built_book.html / f"{doc}.html").read_text(encoding="utf-8")
        link = f'href="../_sources/{doc}.ipynb"'
        assert link in page, f"{doc}.html has no download link {link}"
        served = (built_book.html / "_sources" / f"{doc}.ipynb").read_bytes()
        assert served == (ROOT / f"{doc}.ipynb").read_bytes(), doc
        cells = json.loads(served)["cells"]
        assert any(cell.get("outputs") for cell in cells if cell["cell_type"] == "code"), doc


def test_every_chapter_says_how_to_run_it(built_book) -> None:
    for doc in chapter_notebooks():
        page = (built_book.html / f"{doc}.html").read_text(encoding="utf-8")
        note = re.search(r'<div class="[^"]*run-this-chapter[^"]*">(.*?)</div>', page, re.DOTALL)
        assert note is not None, f"{doc}.html lacks the 'Run this chapter' note"
        text = re.sub(r"<[^>]+>", "", note.group(1))
        assert "Run this chapter" in text and f"{doc}.ipynb" in text and "make install" in text
    glossary = (built_book.html / "glossary.html").read_text(encoding="utf-8")
    assert "run-this-chapter" not in glossary
