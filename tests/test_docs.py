"""The front page, the contributor guide and the book's testing page say what is true (issue 25).

- The README stays a front page: at most 120 lines.
- Every `make` target that README.md or CONTRIBUTING.md names exists in the Makefile.
- The testing page's tables are what scripts/testing_page.py writes from benchmarks/record.json,
  the notebooks' tolerance tags and the pinned requirements; the record has a row for every
  chapter and none for a chapter that is gone.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, toc_documents

sys.path.insert(0, str(ROOT / "scripts"))
import testing_page  # scripts/ is not a package

DOCS = ["README.md", "CONTRIBUTING.md"]


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z][\w-]*):(?!=)", text, re.MULTILINE)}


def test_readme_is_a_front_page() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 120, f"README.md has {len(lines)} lines; move detail to CONTRIBUTING.md"


@pytest.mark.parametrize("doc", DOCS)
def test_every_make_target_named_exists(doc: str) -> None:
    named = set(re.findall(r"`make ([a-z][\w-]*)", (ROOT / doc).read_text(encoding="utf-8")))
    assert named, f"{doc} names no make target"
    assert named - makefile_targets() == set(), f"{doc} names targets the Makefile lacks"


def test_both_pages_are_in_the_book() -> None:
    assert {"testing", "accessibility"} <= set(toc_documents())


def test_testing_page_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "testing_page.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_record_covers_exactly_the_chapters() -> None:
    record = testing_page.read_record()
    assert testing_page.record_problems(record) == []
    assert set(record["chapters"]) == set(testing_page.chapters())
    for doc, row in record["chapters"].items():
        assert 0 < row["seconds"] < 60, f"{doc}: {row['seconds']} s is over the 60 s budget"


def test_record_check_names_a_missing_and_a_stale_chapter() -> None:
    record = testing_page.read_record()
    chapters = dict(record["chapters"])
    gone = chapters.pop("chapters/01_sequences_as_tensors")
    chapters["chapters/99_removed"] = gone
    problems = testing_page.record_problems({**record, "chapters": chapters})
    assert len(problems) == 2
    assert "01_sequences_as_tensors: no row" in problems[0]
    assert "99_removed: in record.json but not in the book" in problems[1]


def test_tolerances_column_reads_the_tags() -> None:
    declared = {doc: testing_page.tolerances(doc) for doc in testing_page.chapters()}
    tagged = [doc for doc in declared if '"tolerance-' in (ROOT / f"{doc}.ipynb").read_text(encoding="utf-8")]
    assert [doc for doc, text in declared.items() if text != "—"] == tagged
