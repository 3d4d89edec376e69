"""Write the tables of the book's page "How this book is tested" (`testing.md`).

Two tables sit between marker comments in `testing.md`, and this script is their only author:

- one row per chapter, in the order of `_toc.yml`: its execution time, the CPU profiles on which
  its stored outputs were proven, the wider tolerance it declares (if any), and when and on what
  machine it was measured. Times, date, machine and profiles come from `benchmarks/record.json`,
  which `make benchmark` writes and which is committed; the tolerances are read from the
  notebooks' cell tags, so they are always those in force;
- the pinned versions of the libraries whose numbers the book prints, from `requirements.txt`.

Every cell is code or a number, so the Korean edition shows the same table with nothing to
translate. `tests/test_docs.py` fails when the page's tables differ from what this script writes
now, when a chapter has no row in the record, or when the record names a chapter that is gone.

Usage: python scripts/testing_page.py           rewrite the tables in testing.md
       python scripts/testing_page.py --check   exit 1 if they are not current
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "testing.md"
RECORD = ROOT / "benchmarks" / "record.json"
PINNED = ("numpy", "tensorflow", "keras", "torch", "matplotlib", "jupyter-book", "nbval")
TOLERANCE_TAG = re.compile(r"^tolerance-(abs|rel)-([0-9.]+)$")


def chapters() -> list[str]:
    """The notebooks of the book, as `_toc.yml` paths (``chapters/NN_name``), in its order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            doc = entry.get("file")
            if doc and (ROOT / f"{doc}.ipynb").is_file():
                found.append(doc)
            walk(entry.get("chapters", []) + entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return found


def read_record() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(RECORD.read_text(encoding="utf-8"))
    return record


def record_problems(record: dict[str, Any]) -> list[str]:
    """What makes the record disagree with the book: chapters missing or gone."""
    have, want = set(record["chapters"]), set(chapters())
    return [f"{doc}: no row in {RECORD.name}; run `make benchmark`" for doc in sorted(want - have)] + [
        f"{doc}: in {RECORD.name} but not in the book; run `make benchmark`" for doc in sorted(have - want)
    ]


def tolerances(doc: str) -> str:
    """The wider tolerances a chapter declares, e.g. ```abs 0.05` ×2``, or an em dash."""
    nb = json.loads((ROOT / f"{doc}.ipynb").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for cell in nb["cells"]:
        for tag in cell.get("metadata", {}).get("tags", []):
            match = TOLERANCE_TAG.match(tag)
            if match:
                key = f"{match.group(1)} {match.group(2)}"
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "—"
    return ", ".join(f"`{key}`" + (f" ×{n}" if n > 1 else "") for key, n in sorted(counts.items()))


def chapter_table(record: dict[str, Any]) -> str:
    rows = [
        "| chapter | run time | CPU profiles proven | wider tolerance | measured on |",
        "|---|---:|---|---|---|",
    ]
    for doc in chapters():
        row = record["chapters"].get(doc)
        if row is None:
            rows.append(f"| `{Path(doc).name}` | ? | ? | {tolerances(doc)} | ? |")
            continue
        profiles = ", ".join(f"`{p}`" for p in row["profiles"])
        measured = f"`{row['date']}`, `{row['machine']}`"
        time = f"{row['seconds']:.1f} s"
        rows.append(f"| `{Path(doc).name}` | {time} | {profiles} | {tolerances(doc)} | {measured} |")
    return "\n".join(rows)


def versions_table() -> str:
    pins: dict[str, str] = {}
    for name in ("requirements.txt", "requirements-book.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#;]+)", line)
            if match:
                pins[match.group(1).lower()] = match.group(2)
    missing = [name for name in PINNED if name not in pins]
    if missing:
        raise SystemExit(f"testing_page: no pin for {missing} in requirements*.txt")
    rows = ["| library | pinned version |", "|---|---|"]
    rows += [f"| `{name}` | `{pins[name]}` |" for name in PINNED]
    rows.append(f"| `python` | `{read_record()['python']}` |")
    return "\n".join(rows)


def render(text: str) -> str:
    """`text` (the page) with both tables replaced by their current content."""
    record = read_record()
    for name, table in (("chapters", chapter_table(record)), ("versions", versions_table())):
        begin, end = f"<!-- begin {name} table: scripts/testing_page.py -->", f"<!-- end {name} table -->"
        if begin not in text or end not in text:
            raise SystemExit(f"testing_page: {PAGE.name} lacks the markers {begin!r} ... {end!r}")
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = f"{head}{begin}\n{table}\n{end}{tail}"
    return text


def main() -> int:
    problems = record_problems(read_record())
    current = PAGE.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in sys.argv[1:]:
        if wanted != current:
            problems.append(f"{PAGE.name}: its tables are stale; run `python scripts/testing_page.py`")
        print("\n".join(problems) or "testing.md is current")
        return 1 if problems else 0
    PAGE.write_text(wanted, encoding="utf-8")
    print("\n".join(problems) or f"written: {PAGE.name}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
