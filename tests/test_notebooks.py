"""The notebooks as files: executed once top to bottom, clean outputs, honest tags.

nbval (run by `make test` with --nbval) proves the stored outputs are current; these tests
check what nbval does not: that the stored outputs are clean and the book's conventions hold.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, toc_documents

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
VOLATILE = [
    (re.compile(r"\b[IWE]\d{4} \d\d:\d\d:\d\d"), "a framework C++ log line"),
    (re.compile(r"absl::InitializeLog"), "an absl log notice"),
    (re.compile(r"\b0x[0-9a-fA-F]{6,}\b"), "a memory address"),
    (re.compile(r"(/root/|/tmp/|/home/|/work/|/usr/lib/|site-packages)"), "an absolute path"),
    (re.compile(r"\d+(\.\d+)?\s?(ms|s|us)/(step|epoch)\b"), "a training timing"),
    (re.compile(r"\bEpoch \d+/\d+"), "a per-epoch log line"),
]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def output_text(output: dict) -> str:
    parts = [output.get("text", ""), output.get("evalue", "")]
    parts += [output.get("data", {}).get(k, "") for k in ("text/plain", "text/html")]
    parts += output.get("traceback", [])
    return "".join("".join(p) if isinstance(p, list) else p for p in parts)


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_every_notebook_is_in_the_toc_and_every_toc_entry_exists() -> None:
    docs = set(toc_documents())
    for nb in NOTEBOOKS:
        assert f"chapters/{nb.stem}" in docs, f"{nb.name} is not in _toc.yml"
    for doc in docs:
        assert any((ROOT / f"{doc}{suffix}").exists() for suffix in (".ipynb", ".md")), doc
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_executed_once_top_to_bottom(path: Path) -> None:
    counts = [c["execution_count"] for c in code_cells(load(path)) if "".join(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), f"run `make execute`: counts are {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_stored_outputs_are_clean(path: Path) -> None:
    for i, cell in enumerate(code_cells(load(path))):
        assert "execution" not in cell["metadata"], f"cell {i} stores timing metadata"
        for output in cell["outputs"]:
            text = output_text(output)
            for pattern, what in VOLATILE:
                assert not pattern.search(text), f"code cell {i} stores {what}: {pattern.search(text).group(0)!r}"
            if output.get("name") == "stderr":
                pytest.fail(f"code cell {i} writes to stderr: {text[:200]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_errors_only_where_tagged_and_ignored_outputs_say_why(path: Path) -> None:
    for i, cell in enumerate(code_cells(load(path))):
        tags = cell["metadata"].get("tags", [])
        source = "".join(cell["source"])
        has_error = any(o["output_type"] == "error" for o in cell["outputs"])
        if "raises-exception" in tags:
            assert has_error, f"code cell {i} is tagged raises-exception but raised nothing"
        else:
            assert not has_error, f"code cell {i} raised without the raises-exception tag"
        if "NBVAL_IGNORE_OUTPUT" in source or "nbval-ignore-output" in tags:
            comment = [ln for ln in source.splitlines() if "NBVAL_IGNORE_OUTPUT" in ln]
            assert comment and re.search(r"NBVAL_IGNORE_OUTPUT\s*[:-]\s*\w+", comment[0]), (
                f"code cell {i} ignores its output without saying why: write `# NBVAL_IGNORE_OUTPUT: reason`"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_follows_the_skeleton(path: Path) -> None:
    nb = load(path)
    first = "".join(nb["cells"][0]["source"])
    assert first.startswith("# "), "the first cell is the chapter title"
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Learning goals" in markdown
    assert "## Summary" in markdown
    assert "## Exercises" in markdown
    sources = ["".join(c["source"]) for c in code_cells(nb)]
    assert any("rnnlib.setup(" in s for s in sources[:2]), "a setup cell calls rnnlib.setup() first"
    assert any(re.search(r"^\s*(assert |np\.testing\.assert|torch\.testing\.assert)", s, re.M) for s in sources), (
        "a chapter checks what it shows: an assert in the cell it checks"
    )


def test_nbval_fails_when_a_stored_output_is_edited(tmp_path: Path) -> None:
    """Strict mode is the guarantee: edit one stored number by hand and nbval must fail.

    The chapter is cut after the edited cell (its later cells cannot change the verdict); that
    the unedited chapter passes is what `make test` itself proves.
    """
    nb = load(ROOT / "chapters" / "01_sequences_as_tensors.ipynb")
    found = [i for i, cell in enumerate(nb["cells"])
             if any("4 timesteps of 5 features" in "".join(o.get("text", ""))
                    for o in cell.get("outputs", []))]
    assert found, "the cell this test edits has changed; pick another stored output"
    index = found[0]
    for output in nb["cells"][index]["outputs"]:
        text = "".join(output.get("text", ""))
        output["text"] = text.replace("4 timesteps of 5 features", "4 timesteps of 6 features")
    nb["cells"] = nb["cells"][: index + 1]
    (tmp_path / "edited.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    # With the book's tolerant comparison installed, as chapters/conftest.py installs it.
    cmd = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
           "-p", "nbval_tolerance", "-q", "edited.ipynb"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    run = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "Cell outputs differ" in run.stdout and "of 6 features" in run.stdout
    assert "1 failed" in run.stdout, run.stdout[-2000:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_figure_has_alt_text(path: Path) -> None:
    for i, cell in enumerate(code_cells(load(path))):
        if any("image/png" in o.get("data", {}) for o in cell["outputs"]):
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.strip()) >= 20, (
                f"code cell {i} draws a figure without alt text: set its metadata "
                '"mystnb": {"image": {"alt": "what the figure shows"}}'
            )


def test_ignored_outputs_stay_rare() -> None:
    """NBVAL_IGNORE_OUTPUT hides a cell from the proof: at most 3% of all code cells."""
    cells = [c for path in NOTEBOOKS for c in code_cells(load(path))]
    ignored = [c for c in cells if "NBVAL_IGNORE_OUTPUT" in "".join(c["source"])
               or "nbval-ignore-output" in c["metadata"].get("tags", [])]
    assert len(ignored) <= 0.03 * len(cells), f"{len(ignored)} of {len(cells)} code cells ignore their output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_a_wider_tolerance_says_why(path: Path) -> None:
    """A `tolerance-abs-<x>` / `tolerance-rel-<x>` tag needs a `# tolerance: reason` comment."""
    for i, cell in enumerate(code_cells(load(path))):
        if any(t.startswith("tolerance-") for t in cell["metadata"].get("tags", [])):
            assert re.search(r"#\s*tolerance\s*:\s*\w+", "".join(cell["source"])), (
                f"code cell {i} widens its tolerance without saying why: add `# tolerance: reason`"
            )
