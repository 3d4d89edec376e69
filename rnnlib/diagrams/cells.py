"""Diagrams of one recurrent cell: the RNN unrolled through time, its step, the LSTM and the GRU."""

from __future__ import annotations

from rnnlib.diagrams._diagram import Diagram
from rnnlib.diagrams._svg import (
    BLUE,
    BLUE_BG,
    GREEN,
    GREEN_BG,
    GREY,
    INK,
    ORANGE,
    ORANGE_BG,
    PURPLE,
    RED,
    RED_BG,
    Canvas,
)


def unrolled_rnn(*, steps: int = 3, outputs: bool = True, losses: bool = False) -> Diagram:
    """A SimpleRNN unrolled over ``steps`` time steps (2 to 4), from h_0 to h_T.

    Each step reads x_t and h_{t-1} through the same W_x, W_h and b. With ``outputs=True`` a
    dense head turns each h_t into y_t with W_y and b_y. With ``losses=True`` (and
    ``outputs=False``) each h_t meets its target y_t in a loss term L_t, and the terms add up
    to L: the picture of backpropagation through time, whose gradients run every arrow back.
    """
    if not 2 <= steps <= 4:
        raise ValueError(f"unrolled_rnn: steps={steps}; expected 2 to 4 (the picture's width).")
    if outputs and losses:
        raise ValueError("unrolled_rnn: outputs=True and losses=True; expected at most one. "
                         "The losses compare h_t with its target, so pass outputs=False.")
    gap = min(150.0, 395 / (steps - 1))
    top = 90 if outputs else 150 if losses else 0
    width = max(600, round(140 + (steps - 1) * gap + 165))
    height = top + 285
    cv = Canvas("unrolled-rnn", width, height)
    s = cv.sym
    cy = top + 70
    last = 140 + (steps - 1) * gap
    cv.box(36, cy, 52, 40, s("initial"), fill=BLUE_BG, stroke=BLUE)
    prev_right = 62.0
    for j in range(steps):
        t = str(j + 1)
        cx = 140 + j * gap
        cv.line([(prev_right, cy), (cx - 36, cy)], color=BLUE)
        mid = (prev_right + cx - 36) / 2
        cv.text(mid, cy + 22, s("recurrent_kernel"), size=14, color=BLUE)
        if j:
            cv.text(mid, cy - 9, s("hidden", t=str(j)), size=14)
        cv.box(cx, cy, 72, 52, s("tanh"), fill="#F4F4F4", stroke=INK)
        cv.box(cx, cy + 110, 56, 38, s("input", t=t), fill=ORANGE_BG, stroke=ORANGE)
        cv.line([(cx, cy + 91), (cx, cy + 26)], color=ORANGE)
        cv.text(cx + 7, cy + 63, s("kernel"), size=14, anchor="start", color=ORANGE)
        cv.line([(cx - 24, cy + 50), (cx - 24, cy + 26)], color=GREY)
        cv.text(cx - 24, cy + 68, s("bias"), size=14, color=GREY)
        if outputs:
            cv.box(cx, cy - 115, 56, 38, s("output", t=t), fill=GREEN_BG, stroke=GREEN)
            cv.line([(cx, cy - 26), (cx, cy - 96)], color=GREEN)
            cv.text(cx + 7, cy - 56, s("output_kernel") + ", " + s("output_bias"), size=14,
                    anchor="start", color=GREEN)
        if losses:
            ly = cy - 100
            cv.line([(cx, cy - 26), (cx, ly + 17)], color=BLUE)
            cv.text(cx + 7, cy - 44, s("hidden", t=t), size=14, anchor="start")
            cv.box(cx, ly, 48, 34, s("loss_step", t=t), fill=RED_BG, stroke=RED)
            cv.line([(cx + 50, ly), (cx + 24, ly)], color=GREEN)
            cv.text(cx + 53, ly + 6, s("target", t=t), size=14, anchor="start", color=GREEN)
            cv.line([(cx, ly - 17), (cx, 35)], color=RED, arrow=False)
            if j:
                cv.dot(cx, 35, RED)
        prev_right = cx + 36
    cv.line([(prev_right, cy), (last + 92, cy)], color=BLUE)
    cv.box(last + 120, cy, 56, 40, s("hidden", t=str(steps)), fill=BLUE_BG, stroke=BLUE)
    cv.text(last + 120, cy + 40, "final state", size=13, color=GREY)
    if losses:
        cv.line([(140, 35), (last + 92, 35)], color=RED)
        cv.box(last + 120, 35, 56, 36, s("loss"), fill=RED_BG, stroke=RED)
        cv.text(last + 120, 72, "the sum", size=13, color=GREY)
    eq = (s("hidden") + " = tanh(" + s("input") + s("kernel") + " + " + s("hidden_prev")
          + s("recurrent_kernel") + " + " + s("bias") + ")")
    if outputs:
        eq += ",   " + s("output") + " = " + s("hidden") + s("output_kernel") + " + " + s("output_bias")
    if losses:
        eq += ",   " + s("loss") + " = " + s("loss_step", t="1") + " + … + " + s("loss_step", t="T")
    cv.text(20, height - 45, eq, size=15, anchor="start")
    note = (s("loss_step") + " compares " + s("hidden") + " with its target " + s("target")
            + "; T = " + str(steps) + ", " + s("initial") + " is zeros unless given."
            if losses else f"The same weights at every step; here T = {steps}, and "
            + s("initial") + " is zeros unless given.")
    cv.text(20, height - 18, note, size=14, anchor="start", color=GREY)
    alt = (f"A simple RNN unrolled over {steps} time steps. The initial state h_0 enters on the "
           "left; at each step t a tanh cell reads the input x_t through W_x, the previous "
           "state h_(t−1) through W_h and the bias b, and passes its new state h_t to the "
           f"right, up to h_{steps}."
           + (" Above each step a dense head turns h_t into the output y_t with W_y and b_y."
              if outputs else "")
           + (" Above each step h_t also goes up into a loss term L_t, which compares it with "
              "its target y_t, and the terms add up to the loss L; backpropagation through "
              "time runs every arrow in reverse." if losses else "")
           + " The same W_x, W_h and b serve every step.")
    return cv.finish(f"RNN unrolled over {steps} steps", alt)


def rnn_cell() -> Diagram:
    """One SimpleRNN step: x_t W_x + h_{t-1} W_h + b, then tanh, gives h_t; with every shape."""
    cv = Canvas("rnn-cell", 700, 315)
    s = cv.sym
    cv.rect(180, 30, 400, 190, fill="#F7F7F7", stroke=GREY, rx=12)
    cv.box(80, 90, 90, 40, s("hidden_prev"), fill=BLUE_BG, stroke=BLUE)
    cv.text(80, 130, "(B, H)", size=13, color=GREY)
    cv.box(280, 260, 70, 38, s("input"), fill=ORANGE_BG, stroke=ORANGE)
    cv.text(335, 265, "(B, F)", size=13, color=GREY, anchor="start")
    cv.line([(125, 90), (219, 90)], color=BLUE)
    cv.box(280, 90, 120, 36, "· " + s("recurrent_kernel") + " (H, H)", stroke=BLUE, size=14)
    cv.line([(280, 241), (280, 178)], color=ORANGE)
    cv.box(280, 160, 120, 36, "· " + s("kernel") + " (F, H)", stroke=ORANGE, size=14)
    cv.node(420, 125, "+")
    cv.line([(340, 90), (420, 90), (420, 114)])
    cv.line([(340, 160), (420, 160), (420, 136)])
    cv.text(382, 130, s("bias"), size=14, anchor="end")
    cv.line([(386, 125), (409, 125)])
    cv.text(376, 150, "(H,)", size=13, anchor="middle", color=GREY)
    cv.line([(431, 125), (469, 125)])
    cv.box(505, 125, 70, 36, s("tanh"), fill="#FFFFFF", stroke=INK)
    cv.line([(540, 125), (612, 125)], color=BLUE)
    cv.box(642, 125, 60, 40, s("hidden"), fill=BLUE_BG, stroke=BLUE)
    cv.text(642, 165, "(B, H)", size=13, color=GREY)
    cv.text(360, 292, s("hidden") + " = tanh(" + s("input") + s("kernel") + " + "
            + s("hidden_prev") + s("recurrent_kernel") + " + " + s("bias") + ")",
            size=15, anchor="start")
    alt = ("One step of a simple RNN. The previous state h_(t−1), shape (B, H), is multiplied by "
           "W_h, shape (H, H); the input x_t, shape (B, F), is multiplied by W_x, shape (F, H); "
           "the two products and the bias b, shape (H,), are added and passed through tanh, "
           "giving the new state h_t, shape (B, H).")
    return cv.finish("One SimpleRNN step", alt)


def _gate_inputs(
    cv: Canvas, gates: list[tuple[float, bool, bool]], *, h_bus: float, x_bus: float, top: float,
) -> None:
    """Taps from the two buses into the weight boxes of the gates (shared by LSTM and GRU).

    ``gates``: (centre x, reads h_{t-1}, reads x_t). A box that reads both takes h_{t-1} on its
    left and x_t on its right; the x_t tap jumps over the h_{t-1} bus.
    """
    h_taps = [cx - 22 if both else cx for cx, h, x in gates if h for both in [h and x]]
    x_taps = [cx + 22 if both else cx for cx, h, x in gates if x for both in [h and x]]
    for x in h_taps:
        cv.line([(x, h_bus), (x, top)], color=BLUE)
        if x != h_taps[-1]:
            cv.dot(x, h_bus, BLUE)
    for x in x_taps:
        cv.line([(x, x_bus), (x, top)], color=ORANGE,
                hops=(h_bus,) if x < h_taps[-1] else ())
        if x != x_taps[-1]:
            cv.dot(x, x_bus, ORANGE)


def _weights(cv: Canvas, gate: str) -> str:
    """The label of a gate's weight box: W_x•, W_h•, b_•."""
    return (cv.sym(f"kernel_{gate}") + ", " + cv.sym(f"recurrent_kernel_{gate}") + ", "
            + cv.sym(f"bias_{gate}"))


def lstm_cell() -> Diagram:
    """The LSTM cell: gates i_t, f_t, o_t, candidate g_t, cell state c_{t-1} -> c_t, and h_t.

    Two buses, h_{t-1} and x_t, feed each gate's own weights (W_x•, W_h•, b_•), as in
    :func:`gru_cell`; h_t leaves on the right, at its own height.
    """
    cv = Canvas("lstm-cell", 700, 490)
    s = cv.sym
    h_bus, x_bus, wy, ay = 320, 350, 265, 205
    cv.rect(80, 22, 530, 360, fill="#F7F7F7", stroke=GREY, rx=14)
    # cell state along the top
    cv.wire(15, 690, 60, [(165, "⊙"), (385, "+")], color=PURPLE,
            labels=(s("cell_prev"), s("cell")), label_y=48)
    # the two buses, h_{t-1} from the left and x_t from below, read by every gate
    cv.text(15, h_bus - 10, s("hidden_prev"), anchor="start", color=BLUE)
    cv.line([(15, h_bus), (473, h_bus)], color=BLUE, arrow=False)
    cv.line([(100, 410), (100, x_bus), (517, x_bus)], color=ORANGE, arrow=False)
    cv.text(100, 428, s("input"), color=ORANGE)
    gates = [("f", 165, "sigmoid"), ("i", 275, "sigmoid"), ("g", 385, "tanh"),
             ("o", 495, "sigmoid")]
    _gate_inputs(cv, [(cx, True, True) for _, cx, _ in gates], h_bus=h_bus, x_bus=x_bus,
                 top=wy + 17)
    for gate, cx, act in gates:
        cv.box(cx, wy, 100, 34, _weights(cv, gate), size=14)
        cv.line([(cx, wy - 17), (cx, ay + 18)])
        cv.box(cx, ay, 56, 36, s(act), fill=RED_BG if act == "sigmoid" else BLUE_BG,
               stroke=RED if act == "sigmoid" else BLUE)
    # forget, input and candidate into the cell state
    cv.line([(165, ay - 18), (165, 71)], color=RED)
    cv.text(171, 140, s("forget_gate"), anchor="start", color=RED)
    cv.node(385, 130, "⊙")
    cv.line([(275, ay - 18), (275, 130), (374, 130)], color=RED)
    cv.text(281, 165, s("input_gate"), anchor="start", color=RED)
    cv.line([(385, ay - 18), (385, 141)], color=BLUE)
    cv.text(391, 168, s("candidate"), anchor="start", color=BLUE)
    cv.line([(385, 119), (385, 71)])
    # output: h_t = o_t ⊙ tanh(c_t), leaving on the right at its own height
    cv.dot(575, 60, PURPLE)
    cv.line([(575, 60), (575, 110)], color=PURPLE)
    cv.box(575, 125, 56, 30, s("tanh"), stroke=PURPLE)
    cv.line([(575, 140), (575, ay - 11)], color=PURPLE)
    cv.node(575, ay, "⊙")
    cv.line([(523, ay), (564, ay)], color=RED)
    cv.text(543, ay - 8, s("output_gate"), color=RED)
    cv.line([(586, ay), (690, ay)], color=BLUE, width=2.6)
    cv.text(690, ay - 10, s("hidden"), anchor="end", color=BLUE)
    cv.text(690, ay + 22, "output and", anchor="end", size=13, color=GREY)
    cv.text(690, ay + 40, "next state", anchor="end", size=13, color=GREY)
    cv.text(20, 456, s("forget_gate") + " = " + s("sigmoid") + "(" + s("input")
            + s("kernel_f") + " + " + s("hidden_prev") + s("recurrent_kernel_f") + " + "
            + s("bias_f") + "), and " + s("input_gate") + ", " + s("output_gate") + ", "
            + s("candidate") + " (with tanh) alike", size=14, anchor="start")
    cv.text(20, 480, s("cell") + " = " + s("forget_gate") + " ⊙ " + s("cell_prev") + " + "
            + s("input_gate") + " ⊙ " + s("candidate") + ",   " + s("hidden") + " = "
            + s("output_gate") + " ⊙ tanh(" + s("cell") + ")", size=14, anchor="start")
    alt = ("The LSTM cell. The cell state c_(t−1) runs along the top: it is multiplied "
           "element-wise by the forget gate f_t, then the product of the input gate i_t and the "
           "candidate g_t is added, giving c_t. Along the bottom run two buses, h_(t−1) from the "
           "left and x_t from below; each of the four gates reads both through its own weights "
           "and bias (W_xf, W_hf and b_f for the forget gate, and so on), then a sigmoid, or a "
           "tanh for the candidate g_t. On the right, tanh of c_t is multiplied element-wise by "
           "the output gate o_t, giving h_t, which leaves the cell as the output and the next "
           "state.")
    return cv.finish("LSTM cell", alt)


def gru_cell() -> Diagram:
    """The GRU cell (reset-after, as Keras and PyTorch compute it): z_t, r_t, n_t, h_{t-1} -> h_t.

    Two buses, h_{t-1} and x_t, feed each gate's own weights, as in :func:`lstm_cell`.
    """
    cv = Canvas("gru-cell", 700, 490)
    s = cv.sym
    h_bus, x_bus, wy, ay = 320, 350, 265, 205
    cv.rect(80, 22, 560, 360, fill="#F7F7F7", stroke=GREY, rx=14)
    # the state along the top
    cv.wire(15, 690, 60, [(165, "⊙"), (570, "+")], color=BLUE,
            labels=(s("hidden_prev"), s("hidden")), label_y=48)
    cv.text(690, 84, "output", anchor="end", size=13, color=GREY)
    # two buses: h_{t-1} (branched off the top line) and x_t
    cv.dot(100, 60, BLUE)
    cv.line([(100, 60), (100, h_bus), (420, h_bus)], color=BLUE, arrow=False)
    cv.line([(130, 410), (130, x_bus), (570, x_bus)], color=ORANGE, arrow=False)
    cv.text(130, 428, s("input"), color=ORANGE)
    _gate_inputs(cv, [(165, True, True), (275, True, True), (420, True, False),
                      (570, False, True)], h_bus=h_bus, x_bus=x_bus, top=wy + 20)
    for gate, cx in (("z", 165), ("r", 275)):
        cv.box(cx, wy, 100, 34, _weights(cv, gate), size=14)
        cv.line([(cx, wy - 17), (cx, ay + 18)])
        cv.box(cx, ay, 56, 36, s("sigmoid"), fill=RED_BG, stroke=RED)
    cv.box(420, wy, 120, 40, "· " + s("gru_recurrent_n") + " + " + s("gru_bias_hn"),
           stroke=BLUE, size=14)
    cv.box(570, wy, 120, 40, "· " + s("gru_kernel_n") + " + " + s("gru_bias_xn"),
           stroke=ORANGE, size=14)
    # update gate: z_t ⊙ h_{t-1} on the top line, (1 − z_t) ⊙ n_t from below
    cv.line([(165, ay - 18), (165, 71)], color=RED)
    cv.text(171, 160, s("update_gate"), anchor="start", color=RED)
    cv.dot(165, 100, RED)
    cv.node(400, 100, "1−", r=14)
    cv.line([(165, 100), (386, 100)], color=RED)
    cv.line([(414, 100), (559, 100)], color=RED)
    # reset gate scales the recurrent part of the candidate (reset-after)
    cv.line([(303, ay), (409, ay)], color=RED)
    cv.text(350, ay - 8, s("reset_gate"), color=RED)
    cv.node(420, ay, "⊙")
    cv.line([(420, wy - 20), (420, ay + 11)], color=BLUE)
    cv.node(570, ay, "+")
    cv.line([(431, ay), (559, ay)])
    cv.line([(570, wy - 20), (570, ay + 11)], color=ORANGE)
    cv.line([(570, ay - 11), (570, 175)])
    cv.box(570, 160, 56, 30, s("tanh"), fill=BLUE_BG, stroke=BLUE)
    cv.line([(570, 145), (570, 111)], color=BLUE)
    cv.text(576, 137, s("gru_candidate"), anchor="start", color=BLUE)
    cv.node(570, 100, "⊙")
    cv.line([(570, 89), (570, 71)])
    cv.text(20, 456, s("gru_candidate") + " = tanh(" + s("input") + s("gru_kernel_n") + " + "
            + s("gru_bias_xn") + " + " + s("reset_gate") + " ⊙ (" + s("hidden_prev")
            + s("gru_recurrent_n") + " + " + s("gru_bias_hn") + ")),  " + s("update_gate")
            + " = " + s("sigmoid") + "(" + s("input") + s("kernel_z") + " + "
            + s("hidden_prev") + s("recurrent_kernel_z") + " + " + s("bias_z") + ")",
            size=14, anchor="start")
    cv.text(20, 480, s("hidden") + " = " + s("update_gate") + " ⊙ " + s("hidden_prev")
            + " + (1 − " + s("update_gate") + ") ⊙ " + s("gru_candidate")
            + ";  " + s("reset_gate") + " like " + s("update_gate") + ", with its own weights",
            size=14, anchor="start")
    alt = ("The GRU cell, reset-after form. The previous state h_(t−1) runs along the top: it is "
           "multiplied element-wise by the update gate z_t, and (1 − z_t) times the candidate "
           "n_t is added, giving h_t. Below, two buses, h_(t−1) and x_t, feed the gates: z_t and "
           "r_t each read both through their own weights and bias (W_xz, W_hz and b_z for "
           "z_t), then a sigmoid. The candidate n_t is tanh of x_t W_xn + b_xn plus r_t times "
           "(h_(t−1) W_hn + b_hn): the reset gate scales the recurrent part after its matrix "
           "product.")
    return cv.finish("GRU cell", alt)
