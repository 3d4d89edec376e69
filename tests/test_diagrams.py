"""rnnlib.diagrams: every drawing builds, is valid SVG, fits the page and speaks the notation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from rnnlib import diagrams
from rnnlib.diagrams import _metrics, _svg
from rnnlib.diagrams.__main__ import add_alt_text, alt_for
from rnnlib.diagrams.notation import NOTATION, instantiate, matches
from rnnlib.gates import KERAS_GATES, TORCH_GATES

SVG = "{http://www.w3.org/2000/svg}"

CASES: list[tuple[Callable[..., diagrams.Diagram], dict[str, Any]]] = [
    (diagrams.unrolled_rnn, {}),
    (diagrams.unrolled_rnn, {"steps": 4, "outputs": False, "losses": True}),
    (diagrams.unrolled_rnn, {"steps": 2, "outputs": False}),
    (diagrams.rnn_cell, {}),
    (diagrams.lstm_cell, {}),
    (diagrams.gru_cell, {}),
    (diagrams.return_modes, {}),
    (diagrams.return_modes, {"cell": "SimpleRNN", "batch": 4, "timesteps": 5, "units": 3}),
    (diagrams.return_modes, {"cell": "GRU"}),
    (diagrams.stacked_rnn, {}),
    (diagrams.stacked_rnn, {"layers": 4, "steps": 4}),
    (diagrams.bidirectional_rnn, {}),
    (diagrams.bidirectional_rnn, {"steps": 4}),
    (diagrams.state_layout, {}),
    (diagrams.state_layout, {"num_layers": 3, "bidirectional": False, "cell": "GRU"}),
    (diagrams.state_layout, {"num_layers": 1, "cell": "SimpleRNN"}),
    (diagrams.padded_vs_packed, {}),
    (diagrams.padded_vs_packed, {"lengths": (2, 5, 3, 1)}),
    (diagrams.port_map, {}),
    (diagrams.port_map, {"cell": "GRU"}),
    (diagrams.port_map, {"cell": "SimpleRNN"}),
    (diagrams.scan_tree, {}),
    (diagrams.scan_tree, {"steps": 4}),
]
IDS = [f"{f.__name__}-{i}" for i, (f, _) in enumerate(CASES)]


def draw(case: tuple[Callable[..., diagrams.Diagram], dict[str, Any]]) -> diagrams.Diagram:
    function, kwargs = case
    return function(**kwargs)


def symbols(figure: diagrams.Diagram) -> list[ET.Element]:
    """The tspans that hold a notation symbol (they carry data-key and data-tex)."""
    root = ET.fromstring(figure.svg)
    return [el for el in root.iter(f"{SVG}tspan") if "data-key" in el.attrib]


def texs(figure: diagrams.Diagram) -> set[str]:
    return {el.attrib["data-tex"] for el in symbols(figure)}


def test_every_public_drawing_is_tested() -> None:
    tested = {f.__name__ for f, _ in CASES}
    public = {name for name in diagrams.__all__ if callable(getattr(diagrams, name))}
    assert public - {"Diagram"} == tested


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_diagram_is_valid_svg_that_fits_the_page(case: Any) -> None:
    figure = draw(case)
    root = ET.fromstring(figure.svg)
    assert root.tag == f"{SVG}svg"
    width, height = int(root.attrib["width"]), int(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {width} {height}"
    assert 400 <= width <= _svg.MAX_WIDTH
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == figure.title  # type: ignore[union-attr]
    # a white card behind everything: legible on a dark page
    card = root.find(f"{SVG}rect")
    assert card is not None and card.attrib["fill"] == "#FFFFFF"
    assert card.attrib["width"] == str(width)
    # no text smaller than the minimum, subscripts included
    sizes = [float(el.attrib["font-size"]) for el in root.iter() if "font-size" in el.attrib]
    assert sizes and min(sizes) >= _svg.MIN_FONT
    # every arrow head it uses is defined
    ids = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
    used = set(re.findall(r'url\(#([\w-]+)\)', figure.svg))
    assert used <= ids


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_repr_is_short_and_the_same_on_every_call(case: Any) -> None:
    figure = draw(case)
    assert repr(figure) == f"<Diagram: {figure.title}>"
    assert len(repr(figure)) < 60 and "0x" not in repr(figure)
    assert figure._repr_svg_() == figure.svg == draw(case).svg


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_alt_text_describes_the_drawing_in_plain_words(case: Any) -> None:
    alt = draw(case).alt
    assert len(alt) >= 80 and alt.endswith(".")
    assert not re.search(r"[$\\{}]", alt), "alt text is read aloud: no TeX"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_symbol_comes_from_the_notation_table(case: Any) -> None:
    figure = draw(case)
    found = symbols(figure)
    if case[0] not in (diagrams.state_layout, diagrams.padded_vs_packed):
        assert found, "a diagram of an architecture labels it with the book's symbols"
    for el in found:
        key, tex = el.attrib["data-key"], el.attrib["data-tex"]
        assert key in NOTATION, key
        assert matches(NOTATION[key], tex), (key, tex)
        # what the reader sees is that symbol (with a transpose mark where one is set)
        assert "".join(el.itertext()) == _svg.plain(tex + el.attrib.get("data-extra", ""))


def test_text_colours_pass_contrast_on_the_card() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    fills = set()
    for case in CASES:
        root = ET.fromstring(draw(case).svg)
        fills |= {el.attrib["fill"] for el in root.iter(f"{SVG}text")}
    assert fills
    for colour in fills:
        # against the cell background #F7F7F7 (the darkest surface text sits on)
        ratio = (luminance("#F7F7F7") + 0.05) / (luminance(colour) + 0.05)
        assert ratio >= 4.5, (colour, ratio)


def test_cells_label_every_gate_with_the_notation() -> None:
    lstm = texs(diagrams.lstm_cell())
    assert {"x_t", "h_t", "h_{t-1}", "c_t", "c_{t-1}", "i_t", "f_t", "o_t", "g_t"} <= lstm
    assert "z_t" not in lstm, "z is the GRU's update gate, never an LSTM symbol"
    gru = texs(diagrams.gru_cell())
    assert {"x_t", "h_t", "h_{t-1}", "z_t", "r_t", "n_t", "W_{hn}", "b_{hn}", "b_{xn}"} <= gru
    rnn = texs(diagrams.unrolled_rnn(steps=3))
    assert {"h_0", "x_1", "x_3", "h_3", "y_1", "W_x", "W_h", "b"} <= rnn
    assert not any(t.startswith("U") or "h_{-1}" in t for t in rnn | lstm | gru)
    stacked = texs(diagrams.stacked_rnn(layers=2, steps=3))
    assert {"h_1^{(1)}", "h_3^{(2)}", "h_0^{(2)}", "h_T^{(2)}"} <= stacked
    bidir = texs(diagrams.bidirectional_rnn(steps=3))
    assert {"h_T^{\\rightarrow}", "h_1^{\\leftarrow}", "h_2^{\\rightarrow}"} <= bidir


def test_return_modes_show_the_shapes_of_the_code() -> None:
    svg = diagrams.return_modes(cell="LSTM", batch=4, timesteps=5, units=3).svg
    assert "(B, T, H) = (4, 5, 3)" in svg and "(B, H) = (4, 3)" in svg
    assert "returns (output, h, c)" in svg, "Keras 3 returns a tuple"
    gru = diagrams.return_modes(cell="GRU").svg
    assert "returns (output, h)" in gru and "c_T" not in gru


def test_state_layout_orders_rows_by_layer_then_direction() -> None:
    svg = diagrams.state_layout(num_layers=2, bidirectional=True, cell="LSTM").svg
    for i, (layer, direction) in enumerate([(1, "forward"), (1, "backward"), (2, "forward"),
                                            (2, "backward")]):
        assert f"h_n[{i}]: layer {layer}, {direction}" in svg
        assert f"c_n[{i}]: layer {layer}, {direction}" in svg
    gru = diagrams.state_layout(num_layers=2, bidirectional=False, cell="GRU").svg
    assert "c_n" not in gru and "h_n (2, B, H)" in gru
    assert "Keras: a tuple from each layer" in svg and "layer 2:" in svg


def test_packed_layout_is_the_one_pytorch_computes() -> None:
    torch = pytest.importorskip("torch")
    from torch.nn.utils.rnn import pack_padded_sequence  # noqa: PLC0415 (after importorskip)

    lengths = (2, 5, 3, 1)
    x = torch.zeros(len(lengths), max(lengths), 1)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True,
                                  enforce_sorted=False)
    svg = diagrams.padded_vs_packed(lengths=lengths).svg
    assert f"batch_sizes    = {packed.batch_sizes.tolist()}" in svg
    assert f"sorted_indices = {packed.sorted_indices.tolist()}" in svg
    assert f"data ({packed.data.shape[0]}, F)" in svg


def test_port_map_uses_each_framework_gate_order() -> None:
    svg = diagrams.port_map(cell="GRU").svg
    assert f"Keras {' '.join(KERAS_GATES['gru'])}, PyTorch {' '.join(TORCH_GATES['gru'])}" in svg
    assert "bias (2, 3H)" in svg


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: diagrams.unrolled_rnn(steps=9), r"unrolled_rnn: steps=9; expected 2 to 4"),
        (lambda: diagrams.unrolled_rnn(losses=True), r"unrolled_rnn: outputs=True and losses"),
        (lambda: _svg.Canvas("wide", 760, 100), r"Canvas 'wide': width=760; expected at most"),
        (lambda: diagrams.return_modes(cell="lstm"), r"return_modes: cell='lstm'; expected"),
        (lambda: diagrams.state_layout(num_layers=5), r"state_layout: num_layers=5"),
        (lambda: diagrams.padded_vs_packed(lengths=(9,)), r"padded_vs_packed: lengths=\(9,\)"),
    ],
)
def test_arguments_out_of_range_raise_a_message_that_names_them(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_instantiate_and_matches_agree() -> None:
    assert instantiate("h_t^{(k)}", t="3", k="2") == "h_3^{(2)}"
    assert instantiate("h_{t-1}", t="3") == "h_{t-1}"
    assert instantiate("x_t", t="10") == "x_{10}"
    assert matches("h_t^{(k)}", "h_3^{(2)}") and matches("x_t", "x_{10}")
    assert not matches("h_t", "h_{t-1}") and not matches("W_x", "W_h")


def test_alt_helper_reads_the_call_on_the_last_line() -> None:
    source = "from rnnlib import diagrams\n\ndiagrams.return_modes(cell='GRU', batch=4)\n"
    assert alt_for(source) == diagrams.return_modes(cell="GRU", batch=4).alt
    assert alt_for("x = 1\nprint(x)") is None
    assert alt_for("diagrams.lstm_cell()  # the cell") == diagrams.lstm_cell().alt


def test_save_writes_the_svg(tmp_path: Any) -> None:
    figure = diagrams.gru_cell()
    figure.save(str(tmp_path / "gru.svg"))
    assert (tmp_path / "gru.svg").read_text(encoding="utf-8") == figure.svg


def test_wire_runs_through_its_nodes_and_stops_at_their_edges() -> None:
    cv = _svg.Canvas("wire", 400, 100)
    cv.wire(20, 380, 50, [(100, "⊙"), (250, "+")], color=_svg.PURPLE, labels=("a", "b"),
            label_y=40)
    root = ET.fromstring(cv.to_svg("wire"))
    r = _svg.NODE_RADIUS
    segments = [el.attrib["points"] for el in root.iter(f"{SVG}polyline")]
    assert segments == [f"20,50 {100 - r},50", f"{100 + r},50 {250 - r},50", f"{250 + r},50 380,50"]
    assert all(el.attrib["stroke-width"] == "2.6" and "marker-end" in el.attrib
               for el in root.iter(f"{SVG}polyline"))  # an arrow into each node and at the end
    nodes = [(el.attrib["cx"], el.attrib["r"]) for el in root.iter(f"{SVG}circle")]
    assert nodes == [("100", str(r)), ("250", str(r))]
    labels = [(el.attrib["x"], el.attrib["text-anchor"], "".join(el.itertext()))
              for el in root.iter(f"{SVG}text")]
    assert labels == [("20", "start", "a"), ("100", "middle", "⊙"), ("250", "middle", "+"),
                      ("380", "end", "b")]


# -- layout and typography (issue 23) -----------------------------------------------------------

def visible_text(figure: diagrams.Diagram) -> list[str]:
    """Every label as the reader sees it."""
    return ["".join(el.itertext()) for el in ET.fromstring(figure.svg).iter(f"{SVG}text")]


def segments(svg: str) -> list[tuple[float, float, float, float]]:
    """Straight pieces of every polyline and path (a hop's half circle taken as its chord)."""
    out = []
    for el in ET.fromstring(svg).iter():
        if el.tag == f"{SVG}polyline":
            pts = [tuple(map(float, p.split(","))) for p in el.attrib["points"].split()]
        elif el.tag == f"{SVG}path" and "d" in el.attrib and el.attrib.get("fill") == "none":
            nums = re.findall(r"([MLA])\s*([^MLA]*)", el.attrib["d"])
            pts = [tuple(map(float, v.split()[-2:])) for _, v in nums]
        else:
            continue
        out += [(*a, *b) for a, b in zip(pts, pts[1:], strict=False)]  # type: ignore[misc]
    return out


def crosses(box: tuple[float, float, float, float], seg: tuple[float, float, float, float]) -> bool:
    """Whether an axis-parallel segment passes through the inside of a box (1 px margin)."""
    left, top, right, bottom = box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1
    x0, y0, x1, y1 = seg
    if x0 == x1:
        return left < x0 < right and min(y0, y1) < bottom and max(y0, y1) > top
    if y0 == y1:
        return top < y0 < bottom and min(x0, x1) < right and max(x0, x1) > left
    return False


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_labels_sit_on_the_card_apart_from_each_other_and_from_the_lines(case: Any) -> None:
    figure = draw(case)
    root = ET.fromstring(figure.svg)
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    boxes = _metrics.text_boxes(figure.svg)
    for box in boxes:
        assert box[0] >= 4 and box[2] <= width - 4 and box[1] >= 0 and box[3] <= height, box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 1 or b[3] <= a[1] + 1
            assert apart, f"labels overlap: {a[4]!r} and {b[4]!r}"
    for box in boxes:
        for seg in segments(figure.svg):
            assert not crosses(box, seg), f"a line runs through the label {box[4]!r}: {seg}"
    # a label is inside a box or clear of it, never across its edge
    for el in root.iter(f"{SVG}rect"):
        x, y = float(el.attrib["x"]), float(el.attrib["y"])
        r = (x, y, x + float(el.attrib["width"]), y + float(el.attrib["height"]))
        for box in boxes:
            inside = r[0] <= box[0] and box[2] <= r[2] and r[1] <= box[1] and box[3] <= r[3]
            clear = box[2] <= r[0] + 1 or r[2] <= box[0] + 1 or box[3] <= r[1] + 1 \
                or r[3] <= box[1] + 1
            assert inside or clear, f"label {box[4]!r} runs across a box edge at {r}"


def test_arrow_heads_have_one_size_whatever_the_stroke_width() -> None:
    svg = diagrams.lstm_cell().svg  # 1.8 px lines and the 2.6 px cell-state wire
    root = ET.fromstring(svg)
    widths = {el.attrib["stroke-width"] for el in root.iter()
              if "marker-end" in el.attrib}
    assert {"1.8", "2.6"} <= widths
    for case in CASES:
        for marker in ET.fromstring(draw(case).svg).iter(f"{SVG}marker"):
            assert marker.attrib["markerUnits"] == "userSpaceOnUse"
            assert marker.attrib["markerWidth"] == marker.attrib["markerHeight"] \
                == str(_svg.ARROW_HEAD)


def test_every_drawing_is_designed_for_the_column_not_squeezed() -> None:
    assert not hasattr(_svg.Canvas, "xscale")
    for case in CASES:
        root = ET.fromstring(draw(case).svg)
        assert int(root.attrib["width"]) <= _svg.MAX_WIDTH
        assert "transform" not in draw(case).svg


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_labels_use_the_books_counting_and_typography(case: Any) -> None:
    figure = draw(case)
    text = " ".join(visible_text(figure))
    assert not re.search(r"\blayer 0\b", text), "the book counts layers from 1"
    assert not re.search(r"\b(step|time|t) ?= ?0\b", text), "the book counts time from 1"
    assert "[output" not in text and "a list" not in text, "Keras 3 returns tuples"
    assert "ᵀ" not in text, "the transpose is a superscript ⊤"
    assert not re.search(r"[tk]-1", text), "a minus sign, not a hyphen, in t−1"
    assert "zeros" not in [t.strip() for t in visible_text(figure)], "an initial state is h_0"
    assert not re.search(r"[tk]-1", figure.alt), "the alt text writes h_(t−1) with a minus too"


def test_sub_and_superscripts_are_stacked() -> None:
    spans, _ = _svg.math_spans("h_1^{(2)}", 16)
    # the narrower script first, then the pen moves back by its width for the other
    assert re.search(r'<tspan font-size="13" dy="5">1</tspan><tspan font-size="13" dx="-[0-9.]+" '
                     r'dy="-13">\(2\)</tspan>', spans), spans
    width_1 = _metrics.width("1", 13, family="serif")
    assert f'dx="-{width_1:g}"' in spans
    root = ET.fromstring(diagrams.stacked_rnn().svg)
    assert any("dx" in el.attrib for el in root.iter(f"{SVG}tspan"))


def test_minus_and_transpose_are_true_signs() -> None:
    assert _svg.plain("h_{t-1}") == "ht−1"
    lstm = visible_text(diagrams.lstm_cell())
    assert any("ct−1" in t for t in lstm)
    port = diagrams.port_map(cell="LSTM")
    marked = [el for el in symbols(port) if el.attrib.get("data-extra") == _svg.TRANSPOSE]
    assert {el.attrib["data-tex"] for el in marked} == {"W_x", "W_h"}
    assert all("".join(el.itertext()).endswith("⊤") for el in marked)


def test_bptt_unroll_draws_each_steps_loss_and_the_bias() -> None:
    figure = diagrams.unrolled_rnn(steps=4, outputs=False, losses=True)
    found = texs(figure)
    assert {"L_1", "L_4", "L", "y_1", "y_4", "h_1", "h_4", "b", "W_x", "W_h"} <= found
    assert "L" not in texs(diagrams.unrolled_rnn(steps=4, outputs=False))
    assert "b" in texs(diagrams.unrolled_rnn(steps=3)), "the bias is drawn at every step"
    assert repr(figure) == "<Diagram: RNN unrolled over 4 steps>"


def test_lstm_and_gru_draw_two_buses_into_each_gates_own_weights() -> None:
    lstm = texs(diagrams.lstm_cell())
    for gate in "ifgo":
        assert set(diagrams.GATE_WEIGHTS[gate]) <= lstm, gate
    gru = texs(diagrams.gru_cell())
    for gate in "zr":
        assert set(diagrams.GATE_WEIGHTS[gate]) <= gru, gate
    for figure in (diagrams.lstm_cell(), diagrams.gru_cell()):
        assert " A " in figure.svg, "the x_t taps jump over the h_(t−1) bus"
    # h_t leaves the LSTM at its own height, not as the h_(t-1) bus continued
    root = ET.fromstring(diagrams.lstm_cell().svg)

    def height_of(tex: str, anchor: str) -> float:
        return next(float(text.attrib["y"]) for text in root.iter(f"{SVG}text")
                    if text.attrib["text-anchor"] == anchor
                    and any(el.attrib.get("data-tex") == tex for el in text))

    assert abs(height_of("h_t", "end") - height_of("h_{t-1}", "start")) > 50


def test_bidirectional_labels_both_initial_states_alike_and_hops_its_crossings() -> None:
    figure = diagrams.bidirectional_rnn(steps=3)
    found = texs(figure)
    assert {"h_0^{\\rightarrow}", "h_0^{\\leftarrow}"} <= found
    assert figure.svg.count(" A ") == 2 * 3, "two crossings a step, each with a hop"
    assert "h_0 backward" in figure.alt and "zeros" not in figure.alt.split("initial")[0]


def test_alt_text_is_added_and_refreshed_only_when_asked(tmp_path: Any) -> None:
    import json  # noqa: PLC0415

    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["from rnnlib import diagrams\n", "diagrams.gru_cell()"]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")

    def alt() -> str:
        return str(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["metadata"]
                   ["mystnb"]["image"]["alt"])

    assert add_alt_text(path) == 1 and alt() == diagrams.gru_cell().alt
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][0]["metadata"]["mystnb"]["image"]["alt"] = "an old description."
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert add_alt_text(path) == 0 and alt() == "an old description."
    assert add_alt_text(path, refresh=True) == 1 and alt() == diagrams.gru_cell().alt
