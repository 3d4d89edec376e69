"""One notation, solutions that stay hidden, and alt text on every picture (issue 14).

Source checks (fast, no build):
- every symbol of ``rnnlib.diagrams.NOTATION`` is declared on ``notation.md``, and the intro and
  the glossary link to that page;
- the math in the chapters' markdown, the intro and the glossary uses none of the retired
  spellings (``h_{-1}``, ``U`` for weights or units, ``u`` for units, ...). A column-vector form
  such as ``W_x x_t`` or ``W_{ih} x_t`` may appear only where the sentence says that it is another
  convention (it mentions column vectors, a documentation or tutorials just before the math);
- the reader's text beyond the equations (issue 23): markdown prose, alt text and captions in the
  cells' metadata, plot labels, and every label of every ``rnnlib.diagrams`` drawing the chapters
  call, use none of the retired forms (layers or time counted from 0, symbols that clash with
  notation.md, Keras' return_state results called a list); PyTorch's own names stay allowed in
  code spans;
- every exercise solution is one code cell starting with ``# Solution``, tagged ``hide-cell``;
- chapters 02-13 and the cheat sheet each show at least one ``rnnlib.diagrams`` drawing, with alt
  text in the cell's metadata.

Built-book checks (the session's ``built_book``):
- no solution's output is visible until the reader opens it (input and output inside <details>);
- every <img> on every page has non-empty alt text.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, book_pages, toc_documents

from rnnlib import diagrams
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


# -- the reader's text beyond the equations (issue 23) --------------------------------------
#
# Prose, figure captions, plot labels, alt text and the diagrams' own labels follow the same
# notation as the equations. Each rule below is a retired form: the message says what to write.
# PyTorch's own names (`weight_ih_l0`, `h_n[0]`) stay allowed inside code spans, which the prose
# rules do not read; notation.md and chapter 10 say once that they count layers from 0.

CODE_SPAN = re.compile(r"``(.+?)``|`([^`\n]+)`")
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n\s*\n|\n\s*[-*|] ")

# Read in plain text: the prose with code spans and math taken out, and every label and alt text.
PLAIN_RULES: dict[str, re.Pattern[str]] = {
    "layer 0 (the book counts layers from 1; PyTorch's index only in code)": re.compile(
        r"\blayers?\s+0\b", re.IGNORECASE),
    "step 0 / timestep 0 (time runs t = 1..T; an array index is x[:, t - 1])": re.compile(
        r"\b(?:time\s?)?steps?\s+0\b|time axis that starts at step 0", re.IGNORECASE),
    "counting from 0 (say the step in the book's count, t = 1..T)": re.compile(
        r"\bcount(?:ing|ed) from (?:0|zero)\b"
        r"|\bcounts?\s+(?:the\s+)?(?:steps|timesteps|time)\s+from\s+(?:0|zero)\b", re.IGNORECASE),
    "step t + 1 / index t as a time (write step t, at index t - 1)": re.compile(
        r"\bstep t\s*\+\s*1\b|\bindex t\b(?!\s*-)", re.IGNORECASE),
    "𝓛 (the loss is L)": re.compile("\U0001D4DB"),
    "σ_max (σ is the sigmoid)": re.compile(r"σ_?\{?max|σₘₐₓ"),
    "[h→, h←] (concatenation is [a; b])": re.compile(r"\[\s*h\S{0,6}\s*,\s*h\S{0,6}\s*\]"),
    "b_xz, b_hz, b_xr, b_hr, b_n (write b_z, b_r; b_xn, b_hn)": re.compile(
        r"\bb_\{?(?:[xh][zr]|n)\}?(?![A-Za-z0-9])"),
}
# Read with the code spans kept: what Keras returns, and h_n's row formula.
SPAN_RULES: dict[str, re.Pattern[str]] = {
    "[output, h, c] (Keras returns a tuple: (output, h, c))": re.compile(
        r"\[\s*output\s*,\s*h\w*\s*(?:,\s*c\w*\s*)?\]"),
    "2k + d (layers count from 1: row 2(k - 1) + d)": re.compile(r"\b2\s*\*?\s*k\s*\+\s*d\b"),
}
# A sentence about what Keras returns may not call it a list (Keras 3 returns a tuple).
KERAS_RETURN = re.compile(r"Keras|return_state|Bidirectional")
RETURNS_LIST = re.compile(r"\b(?:returns?|returned|returning|gives?)\b[^.;:]{0,60}\blist\b"
                          r"|\blist of (?:\w+ )?(?:states|tensors|results|outputs)\b", re.IGNORECASE)
NOT_KERAS_RETURN = re.compile(r"torch_to_keras|initial_state")
KERAS_LIST_RULE = "a list for Keras' return_state or Bidirectional (Keras 3 returns a tuple)"
# Retired in the math too, beside RETIRED above.
MATH_RULES: dict[str, re.Pattern[str]] = {
    "\\mathcal{L} (the loss is L)": re.compile(r"\\mathcal\s*\{?\s*L"),
    "\\sigma_{\\max} (σ is the sigmoid)": re.compile(r"\\sigma_\{?\s*\\?(?:max|min)"),
    "b_{xz}, b_{hz}, b_{xr}, b_{hr}, b_n (write b_z, b_r; b_{xn}, b_{hn})": re.compile(
        r"b_\{?(?:[xh][zr]|n)\}?(?![A-Za-z0-9])"),
    "a_t^{(i)} (a superscript in parentheses is a layer)": re.compile(r"\ba_\{?t\}?\^\{?\("),
    "[h, h] (concatenation is [a; b])": re.compile(
        r"\[\s*h[^\[\];,]{0,40},\s*h[^\[\];,]{0,40}\]|\\left\[\s*h[^;]{0,40},"),
}
# tau is the sampling temperature: not a clipping threshold.
TAU = re.compile(r"\\tau\b|τ")
CLIP = re.compile(r"\bclip", re.IGNORECASE)


def plain(text: str) -> str:
    """``text`` without code spans, math or HTML comments: what the prose rules read."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"^(```|~~~).*?^\1", " ", text, flags=re.DOTALL | re.MULTILINE)
    return CODE_SPAN.sub(" ", MATH.sub(" ", text))


def text_violations(text: str, *, prose: bool = True) -> list[str]:
    """Every retired form in one piece of reader's text, as 'rule: excerpt' lines.

    ``prose``: markdown with code spans and math (a chapter's cell, a page); otherwise plain
    text (alt text, a caption, a plot label, a diagram's labels), read whole.
    """
    found = []

    def hit(rule: str, where: str, m: re.Match[str]) -> None:
        found.append(f"{rule}: ...{where[max(0, m.start() - 30): m.end() + 30]!r}...")

    reading = plain(text) if prose else text
    for rule, rx in PLAIN_RULES.items():
        if m := rx.search(reading):
            hit(rule, reading, m)
    for rule, rx in SPAN_RULES.items():
        if m := rx.search(text):
            hit(rule, text, m)
    for sentence in SENTENCE_END.split(re.sub(r"\s*\n\s*", " \n", text)):
        if (KERAS_RETURN.search(sentence) and not NOT_KERAS_RETURN.search(sentence)
                and (m := RETURNS_LIST.search(sentence))):
            hit(KERAS_LIST_RULE, sentence, m)
    if prose:
        for m in MATH.finditer(text):
            math = m.group(1) or m.group(2)
            for rule, rx in MATH_RULES.items():
                if rx.search(math):
                    found.append(f"{rule}: ${math.strip()[:70]}$")
            if TAU.search(math) and CLIP.search(text[max(0, m.start() - 150): m.end() + 150]):
                found.append(f"\\tau beside clipping (tau is the temperature): ${math.strip()[:70]}$")
    elif TAU.search(text) and CLIP.search(text):
        found.append(f"τ beside clipping (τ is the temperature): {text[:70]!r}")
    return found


# A plot whose axis is labelled in steps, drawn over np.arange(T): steps 0..T-1 (write 1..T).
STEP_AXIS = re.compile(r"\b(?:time\s?)?step\b", re.IGNORECASE)
AXIS_FROM_0 = re.compile(r"np\.arange\(\s*[^,()]+\)")
PLOT_TEXT = re.compile(
    r"\.(?:set_xlabel|set_ylabel|set_title|suptitle|xlabel|ylabel|title|text|annotate)\("
    r"\s*f?(['\"])(.+?)\1|\blabel\s*=\s*f?(['\"])(.+?)\3")


def reader_texts(path: Path) -> list[tuple[str, str, bool]]:
    """(where, text, is_prose) for every piece of reader's text in a chapter or page.

    Markdown cells; alt text and captions in the cells' metadata (``mystnb.image.alt``,
    ``mystnb.figure.caption``); the labels and titles a code cell gives its plots.
    """
    if path.suffix == ".md":
        # notation.md's table of retired spellings names them on purpose
        page = re.sub(r"^## Spellings the book retired\n.*?(?=^## |\Z)", "",
                      path.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
        return [(path.name, page, True)]
    found = []
    for i, cell in enumerate(cells(path)):
        where = f"{path.name} cell {i}"
        if cell["cell_type"] == "markdown":
            found.append((where, source(cell), True))
            continue
        if cell["cell_type"] != "code":
            continue
        mystnb = cell["metadata"].get("mystnb", {})
        for key in ("image", "figure"):
            for field in ("alt", "caption"):
                if text := mystnb.get(key, {}).get(field):
                    found.append((f"{where} {key}.{field}", text, False))
        labels = [m.group(2) or m.group(4) for m in PLOT_TEXT.finditer(source(cell))]
        if labels:
            text = " | ".join(labels)
            if STEP_AXIS.search(text) and AXIS_FROM_0.search(source(cell)):
                text += " | (a time axis that starts at step 0)"
            found.append((f"{where} plot labels", text, False))
    return found


def diagram_calls() -> list[tuple[str, dict[str, Any]]]:
    """Every ``diagrams.NAME(**literal kwargs)`` the chapters call, and each drawing's defaults."""
    calls: list[tuple[str, dict[str, Any]]] = [(name, {}) for name in diagrams.__all__
                                               if callable(getattr(diagrams, name))
                                               and name[0].islower()]
    for path in CHAPTERS:
        for cell in cells(path):
            for m in re.finditer(r"diagrams\.(\w+)\(([^()]*)\)", source(cell)):
                try:
                    call = ast.parse(f"f({m.group(2)})", mode="eval").body
                    assert isinstance(call, ast.Call)
                    kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg}
                except (SyntaxError, ValueError, AssertionError):
                    continue
                if (m.group(1), kwargs) not in calls and not call.args:
                    calls.append((m.group(1), kwargs))
    return calls


def diagram_text(figure: diagrams.Diagram) -> str:
    """Every label, title and description of a drawing, as one text."""
    soup = BeautifulSoup(figure.svg, "html.parser")
    labels = [t.get_text(" ", strip=True) for t in soup.find_all(["text", "title", "desc"])]
    return " | ".join([*labels, figure.alt])


def book_violations() -> list[str]:
    """Every retired form in the reader's text of the whole book, as 'where: rule' lines."""
    found = []
    for path in CHAPTERS + PAGES + [ROOT / "notation.md"]:
        for where, text, prose in reader_texts(path):
            found += [f"{where}: {v}" for v in text_violations(text, prose=prose)]
    for name, kwargs in diagram_calls():
        figure = getattr(diagrams, name)(**kwargs)
        where = f"rnnlib.diagrams.{name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
        found += [f"{where}: {v}" for v in text_violations(diagram_text(figure), prose=False)]
    return found


@pytest.mark.parametrize("path", CHAPTERS + PAGES + [ROOT / "notation.md"], ids=lambda p: p.name)
def test_no_retired_form_in_the_readers_text(path: Path) -> None:
    found = [f"{where}: {v}" for where, text, prose in reader_texts(path)
             for v in text_violations(text, prose=prose)]
    assert not found, "retired forms (see notation.md):\n" + "\n".join(found)


@pytest.mark.parametrize(("name", "kwargs"), diagram_calls(),
                         ids=lambda v: v if isinstance(v, str) else ",".join(map(str, v.values())))
def test_no_retired_form_in_a_diagram(name: str, kwargs: dict[str, Any]) -> None:
    found = text_violations(diagram_text(getattr(diagrams, name)(**kwargs)), prose=False)
    assert not found, f"diagrams.{name}({kwargs}):\n" + "\n".join(found)


# One sample of each retired form, and text that is right and must pass.
RETIRED_SAMPLES = {
    "layer 0": ["Layer 0 reads the input.", "h_n[0]: layer 0, forward"],
    "step 0": ["the pulse at step 0", "from timestep 0 on"],
    "counting from 0": ["at step 10, counting from 0, the input jumps",
                        "(The plot counts steps from 0, as the arrays do.)"],
    "step t + 1": ["index t into output (step t + 1)"],
    "𝓛": ["the loss 𝓛"],
    "σ_max": ["σ_max(W_h) < 1"],
    "[h→, h←]": ["output = [h→, h←]"],
    "b_xz": ["biases b_xz and b_hr", "the bias b_n"],
    "[output, h, c]": ["it returns `[output, h, c]`", "returns [output, h, c]"],
    "2k + d": ["row `2 * k + d` of h_n", "h_n[2k + d]"],
    "a list for Keras": ["Keras returns a flat list of states.",
                         "With return_state=True the layer returns a list.",
                         "a `Bidirectional` layer returns its states as one list"],
    "\\mathcal{L}": ["$\\partial \\mathcal{L} / \\partial W$"],
    "\\sigma_{\\max}": ["$\\sigma_{\\max}(W_h) > 1$"],
    "b_{xz}": ["$z_t = \\sigma(x_t W_{xz} + b_{xz} + h_{t-1} W_{hz} + b_{hz})$", "$+ b_n$"],
    "a_t^{(i)}": ["$a_t^{(i)}$"],
    "[h, h]": ["$[h^{\\rightarrow}, h^{\\leftarrow}]$"],
    "\\tau beside clipping": ["Clip the gradient to norm $\\tau$."],
}
RIGHT_SAMPLES = [
    "`weight_ih_l0` and `h_n[0]` belong to layer 1; PyTorch counts layers from 0.",
    "Arrays in code count from 0, so $x_t$ is `x[:, t - 1]`; the backward state is at index 0.",
    "Layer $k$ is row `2 * (k - 1) + d` of `h_n`; step $t = 1, \\dots, T$; layer 10 and step 10.",
    "The output at step $t$ is $[h_t^{\\rightarrow}; h_t^{\\leftarrow}]$, and $b_z$, $b_r$, $b_{xn}$, "
    "$b_{hn}$ are biases; the loss is $L$ and $\\partial L / \\partial W$ its gradient.",
    "`torch_to_keras` returns a list, one Keras layer per PyTorch layer.",
    "Keras returns one flat tuple, `(output, h, c)`; a `Bidirectional` layer takes `initial_state` "
    "as a list.",
    "A sampling temperature is $\\tau$: `softmax(logits / tau)`. $\\rho(W_h) \\le \\lVert W_h \\rVert_2$.",
]


@pytest.mark.parametrize("rule", RETIRED_SAMPLES)
def test_the_checker_fails_on_a_retired_form_put_back(rule: str) -> None:
    for sample in RETIRED_SAMPLES[rule]:
        found = text_violations(sample) + text_violations(sample, prose=False)
        assert any(v.startswith(rule) or rule in v.split(":")[0] for v in found), (sample, found)


def test_the_checker_passes_the_right_forms() -> None:
    for sample in RIGHT_SAMPLES:
        assert text_violations(sample) == [], sample


def test_the_checker_reads_cells_metadata_plots_and_drawings(tmp_path: Path) -> None:
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["The state of layer 0."]},
        {"cell_type": "code", "metadata": {"mystnb": {"image": {"alt": "returns a list [output, h, c]"}}},
         "source": ["ax.set_xlabel('index t into output (step t + 1)')\n", "diagrams.lstm_cell()"]},
        {"cell_type": "code", "metadata": {},
         "source": ["steps = np.arange(T)\n", "ax.plot(steps, h)\n", "ax.set_xlabel('timestep t')"]},
        {"cell_type": "code", "metadata": {},
         "source": ["steps = np.arange(1, T + 1)\n", "ax.plot(steps, h)\n", "ax.set_xlabel('step t')"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["`h_n[0]` is layer 1."]},
    ]}
    path = tmp_path / "99_synthetic.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    found = [(where, v.split(":")[0]) for where, text, prose in reader_texts(path)
             for v in text_violations(text, prose=prose)]
    wheres = {where for where, _ in found}
    assert wheres == {"99_synthetic.ipynb cell 0", "99_synthetic.ipynb cell 1 image.alt",
                      "99_synthetic.ipynb cell 1 plot labels", "99_synthetic.ipynb cell 2 plot labels"}, found
    drawing = diagrams.Diagram(title="t", alt="a", svg="<svg><text>h_n[0]: layer 0</text></svg>")
    assert text_violations(diagram_text(drawing), prose=False)
    assert ("lstm_cell", {}) in diagram_calls()


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
