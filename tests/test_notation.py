"""One notation, solutions that stay hidden, and alt text on every picture (issue 14).

Source checks (fast, no build):
- every symbol of ``rnnlib.diagrams.NOTATION`` is declared on ``notation.md``, and the intro and
  the glossary link to that page;
- the math in the chapters' markdown, the intro and the glossary uses none of the retired
  spellings (``h_{-1}``, ``U`` for weights or units, ``u`` for units, ...). A column-vector form
  such as ``W_x x_t`` or ``W_{ih} x_t`` may appear only where the sentence says that it is another
  convention (it mentions column vectors, a documentation or tutorials just before the math);
- every exercise solution is one code cell starting with ``# Solution``, tagged ``hide-cell``;
- chapters 02-13 and the cheat sheet each show at least one ``rnnlib.diagrams`` drawing, with alt
  text in the cell's metadata.

Built-book checks (the session's ``built_book``):
- no solution's output is visible until the reader opens it (input and output inside <details>);
- every <img> on every page has non-empty alt text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, book_pages, toc_documents

from rnnlib.diagrams import NOTATION
from rnnlib.gates import KERAS_GATES, TORCH_GATES

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PAGES = [ROOT / "intro.md", ROOT / "glossary.md"]
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
# Chapters that must show an architecture diagram (issue 14: 02 to 13 and the cheat sheet).
DIAGRAM_CHAPTERS = [p for p in CHAPTERS if 2 <= int(p.name[:2]) <= 13 or p.name.startswith("19_")]
# Chapters in the book (_toc.yml), for the checks on the built HTML.
BOOK_CHAPTERS = [ROOT / f"{doc}.ipynb" for doc in toc_documents() if (ROOT / f"{doc}.ipynb").is_file()]

# Retired spelling -> pattern, searched inside math only.
RETIRED: dict[str, re.Pattern[str]] = {
    "h_{-1} (the initial state is h_0)": re.compile(r"h_\{?-1"),
    "x_0 (time runs t = 1..T)": re.compile(r"x_\{?0\}?(?![0-9])"),
    "U (recurrent weights are W_h; units are H)": re.compile(r"(?<![A-Za-z\\{])U(?![A-Za-z])"),
    "u (units are H)": re.compile(r"(?<![A-Za-z\\{])u(?![A-Za-z])"),
    "b_h or b_x (one bias b; the GRU candidate's b_{xn}, b_{hn})": re.compile(
        r"b_(?:h|x|\{h\}|\{x\})(?![A-Za-z0-9}])"
    ),
    "I or D as a size (features are F; directions are 2)": re.compile(
        r"\+\s*I(?![A-Za-z])|(?<![A-Za-z\\{])I\s*\+|(?<![A-Za-z\\{])D(?![A-Za-z])"
    ),
}
# Allowed only where the text says that it quotes another convention.
QUOTED: dict[str, re.Pattern[str]] = {
    "W_{ih} / W_{hh} (write W_x^T, W_h^T)": re.compile(r"[Wb]_\{?(?:ih|hh)\b"),
    "column vectors W x_t (write x_t W_x)": re.compile(r"W_\{?\w+\}?\s*(?:\\,)?\s*[xh]_"),
}
QUOTE_CUE = re.compile(r"column|documentation|tutorial|other books", re.IGNORECASE)
# In the LSTM chapter z would be a pre-activation: the book writes a_t (z is the GRU's gate).
LSTM_ONLY = {"04_lstm_from_scratch.ipynb": re.compile(r"(?<![A-Za-z\\{])z(?![A-Za-z])")}


def cells(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["cells"])


def source(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


def markdown_of(path: Path) -> list[str]:
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return [source(c) for c in cells(path) if c["cell_type"] == "markdown"]


def retired_spellings(path: Path) -> list[str]:
    """Every retired spelling in the math of ``path``, as 'rule: math' lines."""
    found = []
    for text in markdown_of(path):
        for m in MATH.finditer(text):
            math = m.group(1) or m.group(2)
            rules = dict(RETIRED)
            if path.name in LSTM_ONLY:
                rules["z in the LSTM chapter (pre-activations are a_t)"] = LSTM_ONLY[path.name]
            if not QUOTE_CUE.search(text[max(0, m.start() - 200) : m.start()]):
                rules.update(QUOTED)
            found += [f"{rule}: ${math.strip()[:70]}$" for rule, rx in rules.items() if rx.search(math)]
    return found


# -- the notation page -------------------------------------------------------------------------


def test_notation_page_declares_every_symbol() -> None:
    page = (ROOT / "notation.md").read_text(encoding="utf-8")
    declared = {(m.group(1) or m.group(2)).strip() for m in MATH.finditer(page)}
    missing = {key: tex for key, tex in NOTATION.items() if tex not in declared}
    assert missing == {}
    for key in NOTATION:
        assert f"`{key}`" in page, f"notation.md does not name {key!r} in its symbol table"


def test_notation_page_gives_each_framework_gate_order() -> None:
    page = (ROOT / "notation.md").read_text(encoding="utf-8")
    for kind in ("lstm", "gru"):
        assert f"blocks `{' '.join(KERAS_GATES[kind])}`" in page
        assert f"blocks `{' '.join(TORCH_GATES[kind])}`" in page


@pytest.mark.parametrize("page", ["intro.md", "glossary.md"])
def test_page_links_to_the_notation(page: str) -> None:
    assert re.search(r"\{doc\}`[^`]*notation>?`", (ROOT / page).read_text(encoding="utf-8"))


def test_retired_spelling_patterns_catch_what_they_should() -> None:
    tmp = "$h_{-1}$ $U_h$ $4u$ $H + I + 1$ $W_{ih} x_t$ $x_t W_x$ $W_h^\\top W_h = I$ $L D$ $b_h$"
    hits = [rule for rule, rx in {**RETIRED, **QUOTED}.items() if any(
        rx.search(m.group(1) or m.group(2)) for m in MATH.finditer(tmp))]
    assert len(hits) == len(RETIRED) + len(QUOTED) - 1  # x_0 is not in the sample
    for legit in ("x_t W_x + h_{t-1} W_h + b", "W_h^\\top W_h = I", "h_0", "h_t^{(k)}", "b_{hn}",
                  "b_{xn} + r_t", "b_y"):
        assert not any(rx.search(legit) for rx in {**RETIRED, **QUOTED}.values()), legit


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_no_retired_spelling_in_the_math(path: Path) -> None:
    found = retired_spellings(path)
    assert not found, "retired spellings (see notation.md):\n" + "\n".join(found)


# -- exercises ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_solutions_are_one_hidden_cell(path: Path) -> None:
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code" or not source(cell).lstrip().startswith("# Solution"):
            continue
        tags = cell["metadata"].get("tags", [])
        assert "hide-cell" in tags and "hide-input" not in tags, f"cell {i}: tags {tags}"
        assert cell["execution_count"] is not None, f"cell {i}: a solution is executed"


# -- diagrams in the chapters ------------------------------------------------------------------


@pytest.mark.parametrize("path", DIAGRAM_CHAPTERS, ids=lambda p: p.name)
def test_chapter_shows_a_diagram_with_alt_text(path: Path) -> None:
    shown = [c for c in cells(path) if c["cell_type"] == "code" and "diagrams." in source(c)
             and any("image/svg+xml" in o.get("data", {}) for o in c.get("outputs", []))]
    assert shown, "no rnnlib.diagrams drawing with a stored SVG output"
    for cell in shown:
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
        assert alt.strip(), f"no alt text for {source(cell).strip().splitlines()[-1]!r}"


# -- the built book ----------------------------------------------------------------------------


def chapter_html(built_book: Any, path: Path) -> BeautifulSoup:
    html = built_book.html / "chapters" / f"{path.stem}.html"
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("path", BOOK_CHAPTERS, ids=lambda p: p.name)
def test_no_solution_output_shows_until_opened(built_book: Any, path: Path) -> None:
    solutions = [c for c in cells(path) if c["cell_type"] == "code"
                 and source(c).lstrip().startswith("# Solution")]
    soup = chapter_html(built_book, path)
    rendered = [div for div in soup.select("div.cell")
                if (pre := div.select_one("div.cell_input pre")) is not None
                and pre.get_text().lstrip().startswith("# Solution")]
    assert len(rendered) == len(solutions)
    for n, div in enumerate(rendered, start=1):
        details = div.find("details")
        assert details is not None, f"solution {n} is not collapsed"
        assert details.select_one("div.cell_input") is not None, f"solution {n}: the code shows"
        for output in div.select("div.cell_output"):
            inside = any(parent is details for parent in output.parents)
            assert inside, f"solution {n}: its output shows under the collapsed code (hide-input?)"


def lacks_alt(img: Any) -> bool:
    """No alt text, or the file name that Sphinx writes when the source gave none."""
    alt = str(img.get("alt", "")).strip()
    return not alt or alt in str(img.get("src", "")) or bool(re.fullmatch(r"\S+\.(svg|png|jpe?g|gif)", alt))


def test_every_image_has_alt_text(built_book: Any) -> None:
    missing = []
    for page in book_pages():
        soup = BeautifulSoup((built_book.html / page).read_text(encoding="utf-8"), "html.parser")
        missing += [f"{page}: {img.get('src')}" for img in soup.find_all("img") if lacks_alt(img)]
    assert missing == []


def test_an_image_without_alt_text_is_caught() -> None:
    soup = BeautifulSoup('<img alt="_images/ab12.svg" src="../_images/ab12.svg"/><img src="x.png"/>'
                         '<img alt="An LSTM cell." src="../_images/cd34.svg"/>', "html.parser")
    assert [lacks_alt(img) for img in soup.find_all("img")] == [True, True, False]
