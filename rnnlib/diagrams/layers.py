"""Diagrams of whole layers: return modes, stacks, both directions, states, packing, porting."""

from __future__ import annotations

from typing import Literal

from rnnlib.diagrams._diagram import Diagram
from rnnlib.diagrams._svg import (
    BLUE,
    BLUE_BG,
    GREEN,
    GREEN_BG,
    GREY,
    INK,
    LIGHT,
    ORANGE,
    ORANGE_BG,
    PURPLE,
    PURPLE_BG,
    RED,
    RED_BG,
    TRANSPOSE,
    Canvas,
)
from rnnlib.gates import KERAS_GATES, TORCH_GATES

Cell = Literal["SimpleRNN", "LSTM", "GRU"]
_KIND = {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}


def _check_cell(function: str, cell: str) -> str:
    if cell not in _KIND:
        raise ValueError(f"{function}: cell={cell!r}; expected 'SimpleRNN', 'LSTM' or 'GRU'.")
    return _KIND[cell]


def return_modes(
    *, cell: Cell = "LSTM", batch: int = 32, timesteps: int = 10, units: int = 16
) -> Diagram:
    """What a Keras recurrent layer returns for each ``return_sequences`` x ``return_state``."""
    _check_cell("return_modes", cell)
    cv = Canvas("return-modes", 700, 470)
    s = cv.sym
    b, t, h = batch, timesteps, units
    states = ["h", "c"] if cell == "LSTM" else ["h"]
    names = ", ".join(["output", *states])
    for row, seq in enumerate((False, True)):
        for col, state in enumerate((False, True)):
            x0, y0 = 10 + col * 345, 15 + row * 205
            cv.rect(x0, y0, 335, 195, fill="#FAFAFA", stroke=GREY, rx=10)
            cv.text(x0 + 12, y0 + 24, f"return_sequences={seq}", size=13, anchor="start",
                    mono=True, bold=True)
            cv.text(x0 + 12, y0 + 43, f"return_state={state}", size=13, anchor="start",
                    mono=True, bold=True)
            for j, step in enumerate(("1", "2", "", "T")):
                cx = x0 + 34 + j * 52
                kept = seq or step == "T"
                label = s("hidden", t=step) if step else "…"
                cv.box(cx, y0 + 82, 46, 34, label, fill=BLUE_BG if kept else "#FFFFFF",
                       stroke=BLUE if kept else "#999999")
            if state:
                for j, key in enumerate(states):
                    kind = "hidden" if key == "h" else "cell"
                    fill, stroke = (BLUE_BG, BLUE) if key == "h" else (PURPLE_BG, PURPLE)
                    cv.box(x0 + 246 + j * 52, y0 + 82, 46, 34, s(kind, t="T"), fill=fill,
                           stroke=stroke)
            out_shape = f"(B, T, H) = ({b}, {t}, {h})" if seq else f"(B, H) = ({b}, {h})"
            if not state:
                what = (s("hidden", t="1") + " … " + s("hidden", t="T")) if seq else \
                    (s("hidden", t="T") + " only")
                cv.text(x0 + 12, y0 + 135, "returns output: " + what, size=14, anchor="start")
                cv.text(x0 + 12, y0 + 160, f"output {out_shape}", size=14, anchor="start",
                        mono=True)
            else:
                cv.text(x0 + 12, y0 + 130, f"returns ({names})", size=14, anchor="start",
                        mono=True)
                cv.text(x0 + 12, y0 + 153, f"output {out_shape}", size=14, anchor="start",
                        mono=True)
                each = " each" if len(states) > 1 else ""
                cv.text(x0 + 12, y0 + 176, f"{', '.join(states)}: (B, H) = ({b}, {h}){each}",
                        size=14, anchor="start", mono=True)
                note = "output[:, -1] equals h" if seq else "output and h are equal"
                cv.text(x0 + 323, y0 + 43, note, size=13, anchor="end", color=GREY)
    cv.text(15, 452, f"keras.layers.{cell}(H) on x of shape (B, T, F), B = {b}, T = {t}, "
            f"H = {h}; filled: returned", size=14, anchor="start", color=GREY)
    state_words = "the last state h_T and the last cell state c_T" if cell == "LSTM" else \
        "the last state h_T"
    alt = (f"Four panels, one per combination of return_sequences and return_state for a Keras "
           f"{cell} layer with B = {b}, T = {t}, H = {h}. With both False it returns only the "
           f"last output h_T, shape ({b}, {h}). With return_sequences=True it returns every "
           f"step's output h_1 to h_T, shape ({b}, {t}, {h}). With return_state=True it returns "
           f"a tuple ({names}): the output as before, then {state_words}, each of shape "
           f"({b}, {h}).")
    return cv.finish(f"Keras {cell} return modes", alt)


def stacked_rnn(*, layers: int = 2, steps: int = 3) -> Diagram:
    """``layers`` recurrent layers stacked: layer k reads the whole sequence h^{(k-1)}."""
    if not (2 <= layers <= 4 and 2 <= steps <= 4):
        raise ValueError(f"stacked_rnn: layers={layers}, steps={steps}; expected 2-4 each.")
    height = 100 + layers * 110 + 80
    cv = Canvas("stacked-rnn", 700, height)
    s = cv.sym
    gap = min(130.0, 360 / (steps - 1))
    base = 90 + (layers - 1) * 110
    last = 150 + (steps - 1) * gap
    for j in range(steps):
        cx = 150 + j * gap
        cv.box(cx, base + 95, 56, 34, s("input", t=str(j + 1)), fill=ORANGE_BG, stroke=ORANGE)
        cv.line([(cx, base + 78), (cx, base + 20)], color=ORANGE)
    for k in range(1, layers + 1):
        cy = base - (k - 1) * 110
        cv.box(55, cy, 62, 36, s("hidden_layer", t="0", k=str(k)), fill="#FFFFFF", stroke=BLUE)
        cv.line([(86, cy), (110, cy)], color=BLUE)
        for j in range(steps):
            cx = 150 + j * gap
            cv.box(cx, cy, 80, 40, f"layer {k}", fill=BLUE_BG, stroke=BLUE, size=14)
            if j:
                cv.line([(cx - gap + 40, cy), (cx - 40, cy)], color=BLUE)
            up = s("hidden_layer", t=str(j + 1), k=str(k))
            cv.line([(cx, cy - 20), (cx, cy - 88 if k < layers else cy - 60)],
                    color=GREEN if k == layers else BLUE)
            cv.text(cx + 6, cy - 42, up, size=14, anchor="start")
        cv.line([(last + 40, cy), (last + 82, cy)], color=BLUE)
        cv.box(last + 120, cy, 70, 36, s("hidden_layer", t="T", k=str(k)), stroke=GREEN)
    cv.text(55, base - (layers - 1) * 110 - 32, "initial", size=13, color=GREY)
    cv.text(last + 120, base - (layers - 1) * 110 - 32, "final", size=13, color=GREY)
    cv.text(20, height - 60, "Layer k reads layer k−1's outputs, so from layer 2 on, " + s("kernel")
            + " is (H, H).", size=14, anchor="start")
    cv.text(20, height - 36, f"PyTorch: nn.RNN(..., num_layers={layers}) is this stack in one "
            f"module, with h_n of shape ({layers}, B, H).", size=14, anchor="start")
    cv.text(20, height - 12, f"Keras: {layers} layers in a row; every layer but the top one "
            "needs return_sequences=True.", size=14, anchor="start", color=GREY)
    alt = (f"A stack of {layers} recurrent layers unrolled over {steps} steps. The inputs x_1 "
           f"to x_{steps} enter layer 1 at the bottom; each layer passes its state to the right "
           "and its output at every step up to the next layer, so layer k reads the whole "
           "sequence h^(k−1). Every layer has its own initial state on the left and final state "
           "on the right. Every layer below the top needs return_sequences=True in Keras.")
    return cv.finish(f"{layers} stacked recurrent layers", alt)


def bidirectional_rnn(*, steps: int = 3) -> Diagram:
    """A bidirectional layer: two chains, and the output [h_t^→; h_t^←] concatenated per step.

    Each direction starts from its own initial state (h_0^→ on the left, h_0^← on the right);
    where a wire crosses a chain it jumps over it.
    """
    if not 2 <= steps <= 4:
        raise ValueError(f"bidirectional_rnn: steps={steps}; expected 2 to 4.")
    cv = Canvas("bidirectional-rnn", 700, 520)
    s = cv.sym
    gap = min(180.0, 360 / (steps - 1))
    fy, by, oy, xy = 275, 170, 55, 365
    last = 170 + (steps - 1) * gap
    out_w = min(120.0, gap - 14)
    # initial states (left forward, right backward) and final states
    cv.box(62, fy, 60, 38, s("hidden_forward", t="0"), stroke=RED)
    cv.text(62, fy + 40, "initial", size=13, color=GREY)
    cv.line([(92, fy), (130, fy)], color=RED)
    cv.box(last + 112, by, 60, 38, s("hidden_backward", t="0"), stroke=PURPLE)
    cv.text(last + 112, by - 27, "initial", size=13, color=GREY)
    cv.line([(last + 82, by), (last + 40, by)], color=PURPLE)
    cv.line([(last + 40, fy), (last + 82, fy)], color=RED)
    cv.box(last + 112, fy, 60, 38, s("hidden_forward", t="T"), fill=RED_BG, stroke=RED)
    cv.text(last + 112, fy + 40, "final", size=13, color=GREY)
    cv.line([(130, by), (92, by)], color=PURPLE)
    cv.box(62, by, 60, 38, s("hidden_backward", t="1"), fill=PURPLE_BG, stroke=PURPLE)
    cv.text(62, by - 27, "final", size=13, color=GREY)
    for j in range(steps):
        t = str(j + 1)
        cx = 170 + j * gap
        cv.box(cx, fy, 80, 40, "forward", fill=RED_BG, stroke=RED, size=13)
        cv.box(cx, by, 80, 40, "backward", fill=PURPLE_BG, stroke=PURPLE, size=13)
        if j:
            cv.line([(cx - gap + 40, fy), (cx - 40, fy)], color=RED)
            cv.line([(cx - 40, by), (cx - gap + 40, by)], color=PURPLE)
        cv.box(cx, xy, 56, 34, s("input", t=t), fill=ORANGE_BG, stroke=ORANGE)
        cv.line([(cx - 15, xy - 17), (cx - 15, fy + 20)], color=ORANGE)
        cv.line([(cx + 15, xy - 17), (cx + 15, xy - 45), (cx + 52, xy - 45), (cx + 52, by + 35),
                 (cx + 25, by + 35), (cx + 25, by + 20)], color=ORANGE, hops=(fy,))
        cv.line([(cx - 25, fy - 20), (cx - 25, fy - 35), (cx - 55, fy - 35), (cx - 55, oy + 45),
                 (cx - 25, oy + 45), (cx - 25, oy + 18)], color=RED, hops=(by,))
        cv.line([(cx + 10, by - 20), (cx + 10, oy + 18)], color=PURPLE)
        label = "[" + s("hidden_forward", t=t) + "; " + s("hidden_backward", t=t) + "]"
        cv.box(cx, oy, out_w, 36, label, fill=GREEN_BG, stroke=GREEN, size=14)
    cv.text(20, 420, "At step t the output concatenates the two states: ["
            + s("hidden_forward") + "; " + s("hidden_backward") + "], shape (B, 2H).",
            size=14, anchor="start")
    cv.text(20, 445, "Keras: Bidirectional(..., merge_mode='concat'); PyTorch: "
            "bidirectional=True.", size=14, anchor="start")
    cv.text(20, 472, "Final states: " + s("hidden_forward", t="T") + " after step T, "
            + s("hidden_backward", t="1") + " after reading back to step 1 (output[:, 0, H:] "
            "in code).", size=14, anchor="start")
    cv.text(20, 502, "return_sequences=False returns [" + s("hidden_forward", t="T")
            + "; " + s("hidden_backward", t="1") + "]. Both initial states are zeros unless "
            "given; T = " + str(steps) + ".", size=14, anchor="start", color=GREY)
    alt = (f"A bidirectional recurrent layer over {steps} steps. A forward chain reads x_1 to "
           f"x_{steps} left to right, starting from its initial state h_0 forward on the left; "
           "a backward chain, with its own weights, reads them right to left, starting from "
           "its initial state h_0 backward on the right. At each step t the output "
           "concatenates the forward state and the backward state, [h_t forward; h_t "
           "backward], shape (B, 2H). Where a wire crosses a chain, it jumps over it. The "
           "forward chain's final state is at t = T, the backward chain's at t = 1, which is "
           "why output[:, 0, H:] holds the backward final state.")
    return cv.finish("Bidirectional RNN", alt)


def state_layout(*, num_layers: int = 2, bidirectional: bool = True, cell: Cell = "LSTM") -> Diagram:
    """PyTorch's ``h_n`` / ``c_n`` rows for layers x directions, beside Keras' list of states."""
    _check_cell("state_layout", cell)
    if not 1 <= num_layers <= 3:
        raise ValueError(f"state_layout: num_layers={num_layers}; expected 1 to 3.")
    dirs = 2 if bidirectional else 1
    rows = num_layers * dirs
    torch_name = {"SimpleRNN": "RNN", "LSTM": "LSTM", "GRU": "GRU"}[cell]
    lstm = cell == "LSTM"
    ky = 110 + rows * 40
    height = ky + 70 + num_layers * 64 + 70
    cv = Canvas("state-layout", 700, height)
    cv.text(20, 28, "PyTorch: a row per layer and direction (rows from 0, layers from 1)",
            size=14, anchor="start", bold=True)
    config = f", bidirectional={bidirectional}" if dirs == 2 else ""
    cv.text(20, 52, f"nn.{torch_name}(F, H, num_layers={num_layers}{config})", size=13,
            anchor="start", mono=True, color=GREY)
    shape = f"({num_layers}·{dirs}, B, H)" if dirs == 2 else f"({num_layers}, B, H)"
    tensors = ["h_n", "c_n"] if lstm else ["h_n"]
    for n, name in enumerate(tensors):
        x0 = 20 + n * 230
        cv.text(x0, 84, f"{name} {shape}", size=14, anchor="start", mono=True)
        for i in range(rows):
            layer, d = divmod(i, dirs)
            fill, stroke = (RED_BG, RED) if d == 0 else (PURPLE_BG, PURPLE)
            cv.rect(x0, 96 + i * 40, 200, 32, fill=fill, stroke=stroke)
            direction = "forward" if d == 0 else "backward"
            cv.text(x0 + 10, 117 + i * 40, f"{name}[{i}]: layer {layer + 1}, {direction}", size=13,
                    anchor="start")
    cv.text(20, ky + 18, "Keras: a tuple from each layer", size=14, anchor="start", bold=True)
    wrap = f"Bidirectional({cell}(H, return_state=True))" if dirs == 2 else \
        f"{cell}(H, return_state=True)"
    cv.text(20, ky + 42, wrap, size=13, anchor="start", mono=True, color=GREY)
    for layer in range(num_layers):
        y = ky + 60 + layer * 64
        cv.text(20, y + 18, f"layer {layer + 1}:", size=13, anchor="start", color=GREY)
        chips: list[tuple[str, str, str]] = [("output", "", LIGHT)]
        for d in range(dirs):
            i = layer * dirs + d
            arrow = (" →" if d == 0 else " ←") if dirs == 2 else ""
            chips.append((f"h{arrow}", f"= h_n[{i}]", RED_BG if d == 0 else PURPLE_BG))
            if lstm:
                chips.append((f"c{arrow}", f"= c_n[{i}]", RED_BG if d == 0 else PURPLE_BG))
        for j, (label, twin, fill) in enumerate(chips):
            cx = 130 + j * 100
            cv.rect(cx - 40, y, 80, 26, fill=fill, stroke=GREY, rx=4)
            cv.text(cx, y + 18, label, size=14, mono=True)
            if twin:
                cv.text(cx, y + 44, twin, size=13, mono=True, color=GREY)
    order = ("Row 2(k − 1) + d holds layer k in direction d (0 forward, 1 backward)."
             if dirs == 2 else "Row k − 1 holds layer k: rows count from 0, layers from 1.")
    cv.text(20, height - 44, order, size=14, anchor="start")
    pick = f"; h_n.view({num_layers}, 2, B, H)[k − 1, d] picks one" if dirs == 2 else ""
    cv.text(20, height - 18, f"h_n is {shape} even with batch_first=True{pick}.",
            size=14, anchor="start", color=GREY)
    alt = (f"PyTorch's {'h_n and c_n tensors' if lstm else 'h_n tensor'} for a {num_layers}-layer"
           f"{' bidirectional' if dirs == 2 else ''} {torch_name}: {rows} rows of shape (B, H), "
           "ordered by layer and, within a layer, forward before backward: row 0 is layer 1"
           f"{', forward' if dirs == 2 else ''}. Beside them, the "
           "Keras tuple that each layer returns with return_state=True: the output, then "
           f"{'h and c' if lstm else 'h'}{' for the forward and then the backward direction' if dirs == 2 else ''}, "
           "each labelled with the PyTorch row that holds the same values.")
    return cv.finish(f"{torch_name} state layout", alt)


def padded_vs_packed(*, lengths: tuple[int, ...] = (4, 2, 3)) -> Diagram:
    """A padded (B, T) batch against PyTorch's packed data, batch_sizes and sorted_indices."""
    if not (2 <= len(lengths) <= 4 and all(1 <= n <= 5 for n in lengths)):
        raise ValueError(f"padded_vs_packed: lengths={lengths}; expected 2-4 lengths of 1-5.")
    colors = [(BLUE_BG, BLUE), (ORANGE_BG, ORANGE), (GREEN_BG, GREEN), (RED_BG, RED)]
    letters = "abcd"
    big_t = max(lengths)
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    total = sum(lengths)
    grid_right = 90 + big_t * 44
    beside = grid_right + 16 + total * 28 + big_t * 6 <= 680
    px = grid_right + 16 if beside else 20
    oy = 0 if beside else 45 + len(lengths) * 40 + 10
    cv = Canvas("padded-packed", 700, max(250, 100 + len(lengths) * 40 + 70) + oy)
    cv.text(20, 28, f"Padded: (B, T, F) = ({len(lengths)}, {big_t}, F)", size=14,
            anchor="start", bold=True)
    for b, n in enumerate(lengths):
        y = 45 + b * 40
        cv.text(20, y + 22, f"length {n}", size=13, anchor="start", color=GREY)
        for t in range(big_t):
            fill, stroke = colors[b] if t < n else ("#F0F0F0", "#999999")
            cv.rect(90 + t * 44, y, 38, 32, fill=fill, stroke=stroke, rx=4,
                    dash=t >= n)
            cv.text(109 + t * 44, y + 21, f"{letters[b]}{t + 1}" if t < n else "0", size=13,
                    mono=True)
    cv.text(px, oy + 28, f"Packed: data ({total}, F)", size=14,
            anchor="start", bold=True)
    x, sizes = float(px), []
    for t in range(big_t):
        group = [b for b in order if lengths[b] > t]
        sizes.append(len(group))
        for b in group:
            cv.rect(x, oy + 45, 26, 32, fill=colors[b][0], stroke=colors[b][1], rx=4)
            cv.text(x + 13, oy + 66, f"{letters[b]}{t + 1}", size=13, mono=True)
            x += 28
        cv.text(x - 14 * len(group) - 1, oy + 98, f"t={t + 1}", size=13, color=GREY)
        x += 6
    y0 = oy + 135
    cv.text(px, y0, f"batch_sizes    = {sizes}", size=13, anchor="start", mono=True)
    cv.text(px, y0 + 24, f"sorted_indices = {order}", size=13, anchor="start", mono=True)
    cv.text(px, y0 + 48, "step by step, longest first; step t holds", size=13, anchor="start",
            color=GREY)
    cv.text(px, y0 + 68, "only the sequences still running", size=13, anchor="start", color=GREY)
    h = cv.height
    cv.text(20, h - 38, "Padding: zeros fill short rows; the RNN reads them unless they are "
            "masked (Keras) or packed.", size=14, anchor="start")
    cv.text(20, h - 14, "pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)",
            size=13, anchor="start", mono=True, color=GREY)
    alt = (f"On the left, a padded batch of {len(lengths)} sequences of lengths "
           f"{', '.join(map(str, lengths))}: a grid of {len(lengths)} rows and {big_t} time steps "
           "where the short rows end in zero padding. "
           f"{'On the right' if beside else 'Below'}, the same batch packed by "
           f"PyTorch: the {total} real steps laid out time step by time step, longest sequence "
           f"first, with batch_sizes {sizes} (how many sequences are still running at each "
           f"step) and sorted_indices {order}.")
    return cv.finish("Padded batch against packed batch", alt)


def port_map(*, cell: Cell = "LSTM") -> Diagram:
    """Keras ``kernel`` / ``recurrent_kernel`` / ``bias`` against PyTorch's weights, with gate order."""
    kind = _check_cell("port_map", cell)
    keras_gates, torch_gates = KERAS_GATES[kind], TORCH_GATES[kind]
    same = {"c": "g", "h": "n"}
    palette = {"i": RED_BG, "f": ORANGE_BG, "g": BLUE_BG, "o": GREEN_BG, "z": ORANGE_BG,
               "r": RED_BG, "n": BLUE_BG, "h": BLUE_BG}
    g = len(keras_gates)
    cv = Canvas("port-map", 700, 420)
    s = cv.sym
    cv.text(20, 28, f"Keras {cell}", size=14, anchor="start", bold=True)
    torch_name = {"SimpleRNN": "RNN", "LSTM": "LSTM", "GRU": "GRU"}[cell]
    cv.text(410, 28, f"PyTorch nn.{torch_name}", size=14, anchor="start", bold=True)
    gh = f"{g}H" if g > 1 else "H"
    rows = [("kernel", f"(F, {gh})", "kernel", "weight_ih_l0", f"({gh}, F)"),
            ("recurrent_kernel", f"(H, {gh})", "recurrent_kernel", "weight_hh_l0",
             f"({gh}, H)")]
    block = 26 if g > 1 else 40
    for r, (kname, kshape, sym, tname, tshape) in enumerate(rows):
        y = 50 + r * 140
        cv.text(20, y + 14, f"{kname} {kshape} = " + s(sym), size=13, anchor="start", mono=True)
        for j, gate in enumerate(keras_gates):
            cv.rect(20 + j * 52, y + 40, 48, 60, fill=palette[same.get(gate, gate)], stroke=INK,
                    rx=2)
            cv.text(44 + j * 52, y + 75, gate, size=14, mono=True)
        cv.line([(40 + g * 52, y + 70), (402, y + 70)], color=GREY)
        cv.text(221 + g * 26, y + 62, "transpose" + (", reorder" if kind == "gru" else ""),
                size=13, color=GREY)
        cv.text(410, y + 14, f"{tname} {tshape} = " + s(sym, extra=TRANSPOSE), size=13,
                anchor="start",
                mono=True)
        for j, gate in enumerate(torch_gates):
            cv.rect(410, y + 24 + j * block, 90, block - 2, fill=palette[gate], stroke=INK, rx=2)
            cv.text(455, y + 24 + j * block + block / 2 + 4, gate, size=13, mono=True)
    y = 330
    if kind == "gru":
        cv.text(20, y, f"bias (2, {gh}): row 0 input, row 1 recurrent", size=13, anchor="start",
                mono=True)
        cv.text(410, y, "bias_ih_l0, bias_hh_l0 (reordered)", size=13, anchor="start", mono=True)
    else:
        cv.text(20, y, f"bias ({gh},) = " + s("bias"), size=13, anchor="start", mono=True)
        cv.text(410, y, "bias_ih_l0 + bias_hh_l0 = " + s("bias"), size=13, anchor="start",
                mono=True)
    order = (f"Gate order: Keras {' '.join(keras_gates)}, PyTorch {' '.join(torch_gates)}"
             if g > 1 else "One block: the new state.")
    cv.text(20, 380, order + ("; blocks of one colour are the same gate." if g > 1 else ""),
            size=14, anchor="start")
    cv.text(20, 406, "PyTorch's _l0 is the first layer; its matrices are the transposes of "
            "Keras'.", size=14, anchor="start", color=GREY)
    alt = (f"Keras {cell} weights beside PyTorch's. Keras' kernel, shape (F, {gh}), is W_x with "
           f"the gate blocks side by side in the order {' '.join(keras_gates)}; PyTorch's "
           f"weight_ih_l0, shape ({gh}, F), is its transpose with the blocks stacked in the "
           f"order {' '.join(torch_gates)}. recurrent_kernel and weight_hh_l0 relate the same "
           "way. " + ("Keras' GRU bias has two rows, input and recurrent, which become "
                      "bias_ih_l0 and bias_hh_l0 after the gate reorder." if kind == "gru" else
                      "Keras' single bias b equals the sum of PyTorch's two biases."))
    return cv.finish(f"{cell} weights in Keras and PyTorch", alt)
