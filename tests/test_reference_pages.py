"""The reference pages: the glossary's entries, the bibliography's entries, and the chapter map.

The build (-W -n) already fails on a `{term}` or a `{cite}` that does not resolve; these tests check
what it cannot: that every glossary entry carries its symbol line and its Korean name, that every
bibliography entry is complete, and that the chapter map on the home page is what its script draws.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, glossary_entries, toc_documents

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Keras/PyTorch argument names: the glossary explains them, but they have no Korean name.
API_NAMES = {"batch_first", "return_sequences", "return_state"}
REQUIRED_TERMS = {
    "hidden state", "cell state", "timestep", "unrolling", "backpropagation through time", "gate",
    "bidirectional", "stacked layers", "teacher forcing", "perplexity", "padding", "masking", "packing",
    "vanishing gradient", "exploding gradient", "gradient clipping", "embedding", "units", "feature", "batch",
    "linear recurrence", "parallel scan", "associative operator", "state-space model", "beam search",
    "query, key and value", "self-attention",
}
REQUIRED_KEYS = {
    "elman1990finding", "hochreiter1997long", "cho2014learning", "schuster1997bidirectional",
    "bengio1994learning", "pascanu2013difficulty", "werbos1990backpropagation",
}


def bib_entries() -> dict[str, str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"@\w+\{(\w+),(.*?)\n\}", text, re.DOTALL)}


def test_glossary_covers_the_book_vocabulary() -> None:
    entries = glossary_entries()
    assert 25 <= len(entries) <= 90, len(entries)
    missing = REQUIRED_TERMS - set(entries)
    assert not missing, f"glossary.md lacks {sorted(missing)}"


@pytest.mark.parametrize("term", sorted(glossary_entries()))
def test_glossary_entry_has_definition_symbol_and_korean_name(term: str) -> None:
    names, definition = glossary_entries()[term]
    assert definition and definition[0].endswith("."), f"{term}: the definition is not a sentence"
    assert any(line.startswith("**Symbol**") for line in definition), f"{term}: no '**Symbol** ...' line"
    if term not in API_NAMES:
        assert any(HANGUL.search(name) for name in names), f"{term}: no Korean name among {names}"


def test_bibliography_entries_are_complete() -> None:
    entries = bib_entries()
    assert set(entries) >= REQUIRED_KEYS, sorted(REQUIRED_KEYS - set(entries))
    for key, body in entries.items():
        for field in ("author", "title", "year"):
            assert re.search(rf"\b{field}\s*=", body), f"{key} has no {field}"
        # Pages, or an address to read it at for proceedings without page numbers (ICLR).
        assert re.search(r"\b(pages|url|doi)\s*=", body), f"{key} has no pages, url or doi"
        assert re.search(r"\b(journal|booktitle)\s*=", body), f"{key} has no journal or booktitle"


def test_every_citation_key_in_the_book_exists() -> None:
    keys = set(bib_entries())
    pages = [*ROOT.glob("*.md"), *(ROOT / "chapters").glob("*.ipynb")]
    cited = set()
    for page in pages:
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            cited.update(k.strip() for k in group.split(","))
    assert cited, "no page cites anything"
    assert cited <= keys, f"cited but not in references.bib: {sorted(cited - keys)}"


def test_chapter_map_is_current(tmp_path) -> None:
    """The SVG on the home page is exactly what scripts/make_chapter_map.py draws from today's titles."""
    fresh = tmp_path / "chapter_map.svg"
    script = ROOT / "scripts" / "make_chapter_map.py"
    subprocess.run([sys.executable, str(script), "--out", str(fresh)], check=True, capture_output=True)
    stored = (ROOT / "_static" / "chapter_map.svg").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == stored, (
        "a chapter title changed: run `python scripts/make_chapter_map.py` to redraw the map")
    assert '<rect x="0" y="0"' in stored and 'fill="#FFFFFF"' in stored, "the map needs its opaque background"
    assert "<title" in stored


TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def term_roles() -> list[tuple[str, str]]:
    """Every {term} role of the book as (file, target), from the toc's .md pages and the
    notebooks' markdown cells; `text <target>` roles give their target."""
    found = []
    for doc in toc_documents():
        md, nb = ROOT / f"{doc}.md", ROOT / f"{doc}.ipynb"
        if md.is_file():
            texts = [md.read_text(encoding="utf-8")]
        elif nb.is_file():
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        else:
            continue
        for text in texts:
            for m in TERM_ROLE.finditer(text):
                explicit = re.search(r"<([^>]+)>\s*$", m.group(1))
                target = explicit.group(1) if explicit else m.group(1)
                found.append((doc, " ".join(target.split())))
    return found


def test_every_term_role_resolves_to_a_glossary_entry() -> None:
    names = {name.lower() for entry in glossary_entries().values() for name in entry[0]}
    roles = term_roles()
    assert len(roles) > 100
    unresolved = sorted({f"{doc}: {target}" for doc, target in roles if target.lower() not in names})
    assert unresolved == []


def test_every_glossary_entry_is_used() -> None:
    """Each entry is the target of a {term} role somewhere in the book (a chapter, the intro, the
    notation page, or another glossary entry)."""
    used = {target.lower() for _, target in term_roles()}
    unused = sorted(first for first, (names, _) in glossary_entries().items()
                    if not {name.lower() for name in names} & used)
    assert unused == []
