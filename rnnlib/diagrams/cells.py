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


def unrolled_rnn(*, steps: int = 3, outputs: bool = True) -> Diagram:
    """A SimpleRNN unrolled over ``steps`` time steps (2 to 5), from h_0 to h_T.

    Each step reads x_t and h_{t-1} through the same W_x, W_h and b; with ``outputs=True`` a
    dense head turns each h_t into y_t with W_y and b_y.
    """
    if not 2 <= steps <= 5:
        raise ValueError(f"unrolled_rnn: steps={steps}; expected 2 to 5 (the picture's width).")
    gap, top = 150, 90 if outputs else 0
    width, height = 170 + (steps - 1) * gap + 240, top + 275
    cv = Canvas("unrolled-rnn", width, height)
    s = cv.sym
    cy = top + 70
    cv.box(50, cy, 60, 40, s("initial"), fill=BLUE_BG, stroke=BLUE)
    prev_right = 80.0
    for j in range(steps):
        t = str(j + 1)
        cx = 170 + j * gap
        cv.line([(prev_right, cy), (cx - 46, cy)], color=BLUE)
        cv.text((prev_right + cx - 46) / 2, cy + 22, s("recurrent_kernel"), size=14, color=BLUE)
        if j:
            cv.text((prev_right + cx - 46) / 2, cy - 9, s("hidden", t=str(j)), size=14)
        cv.box(cx, cy, 92, 52, s("tanh"), fill="#F4F4F4", stroke=INK)
        cv.box(cx, cy + 110, 60, 38, s("input", t=t), fill=ORANGE_BG, stroke=ORANGE)
        cv.line([(cx, cy + 91), (cx, cy + 26)], color=ORANGE)
        cv.text(cx + 8, cy + 63, s("kernel"), size=14, anchor="start", color=ORANGE)
        if outputs:
            cv.box(cx, cy - 115, 60, 38, s("output", t=t), fill=GREEN_BG, stroke=GREEN)
            cv.line([(cx, cy - 26), (cx, cy - 96)], color=GREEN)
            cv.text(cx + 8, cy - 56, s("output_kernel") + ", " + s("output_bias"), size=14,
                    anchor="start", color=GREEN)
        prev_right = cx + 46
    last = 170 + (steps - 1) * gap
    cv.line([(prev_right, cy), (last + 120, cy)], color=BLUE)
    cv.box(last + 150, cy, 60, 40, s("hidden", t=str(steps)), fill=BLUE_BG, stroke=BLUE)
    cv.text(last + 150, cy + 40, "final state", size=13, color=GREY)
    eq = (s("hidden") + " = tanh(" + s("input") + s("kernel") + " + " + s("hidden_prev")
          + s("recurrent_kernel") + " + " + s("bias") + ")")
    if outputs:
        eq += ",   " + s("output") + " = " + s("hidden") + s("output_kernel") + " + " + s("output_bias")
    cv.text(20, height - 45, eq, size=15, anchor="start")
    cv.text(20, height - 18, f"The same weights at every step; here T = {steps}, and "
            + s("initial") + " is zeros unless given.", size=14, anchor="start", color=GREY)
    alt = (f"A simple RNN unrolled over {steps} time steps. The initial state h_0 enters on the "
           "left; at each step t a tanh cell reads the input x_t through W_x and the previous "
           f"state h_(t-1) through W_h, and passes its new state h_t to the right, up to h_{steps}."
           + (" Above each step a dense head turns h_t into the output y_t with W_y and b_y."
              if outputs else "")
           + " The same W_x, W_h and b serve every step.")
    return cv.finish(f"RNN unrolled over {steps} steps", alt)


def rnn_cell() -> Diagram:
    """One SimpleRNN step: x_t W_x + h_{t-1} W_h + b, then tanh, gives h_t; with every shape."""
    cv = Canvas("rnn-cell", 720, 315)
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
    cv.line([(540, 125), (640, 125)], color=BLUE)
    cv.box(675, 125, 60, 40, s("hidden"), fill=BLUE_BG, stroke=BLUE)
    cv.text(675, 165, "(B, H)", size=13, color=GREY)
    cv.text(360, 292, s("hidden") + " = tanh(" + s("input") + s("kernel") + " + "
            + s("hidden_prev") + s("recurrent_kernel") + " + " + s("bias") + ")",
            size=15, anchor="start")
    alt = ("One step of a simple RNN. The previous state h_(t-1), shape (B, H), is multiplied by "
           "W_h, shape (H, H); the input x_t, shape (B, F), is multiplied by W_x, shape (F, H); "
           "the two products and the bias b, shape (H,), are added and passed through tanh, "
           "giving the new state h_t, shape (B, H).")
    return cv.finish("One SimpleRNN step", alt)


def lstm_cell() -> Diagram:
    """The LSTM cell: gates i_t, f_t, o_t, candidate g_t, cell state c_{t-1} -> c_t, and h_t."""
    cv = Canvas("lstm-cell", 760, 450)
    s = cv.sym
    cv.rect(110, 30, 540, 320, fill="#F7F7F7", stroke=GREY, rx=14)
    # cell state along the top
    cv.wire(30, 735, 75, [(210, "⊙"), (400, "+")], color=PURPLE,
            labels=(s("cell_prev"), s("cell")), label_y=64)
    # h_{t-1} and x_t along the bottom, read by all four gates
    cv.text(30, 305, s("hidden_prev"), anchor="start", color=BLUE)
    cv.line([(30, 315), (500, 315)], color=BLUE, arrow=False)
    cv.line([(150, 380), (150, 315)], color=ORANGE, arrow=False)
    cv.dot(150, 315)
    cv.text(150, 398, s("input"), color=ORANGE)
    gates = [("forget_gate", 210, "sigmoid"), ("input_gate", 300, "sigmoid"),
             ("candidate", 400, "tanh"), ("output_gate", 500, "sigmoid")]
    for _key, cx, act in gates:
        cv.line([(cx, 315), (cx, 272)])
        cv.box(cx, 250, 60, 40, s(act), fill=RED_BG if act == "sigmoid" else BLUE_BG,
               stroke=RED if act == "sigmoid" else BLUE)
        cv.dot(cx, 315)
    cv.line([(210, 230), (210, 86)], color=RED)
    cv.text(216, 160, s("forget_gate"), anchor="start", color=RED)
    cv.node(400, 160, "⊙")
    cv.line([(300, 230), (300, 160), (389, 160)], color=RED)
    cv.text(306, 205, s("input_gate"), anchor="start", color=RED)
    cv.line([(400, 230), (400, 171)], color=BLUE)
    cv.text(406, 205, s("candidate"), anchor="start", color=BLUE)
    cv.line([(400, 149), (400, 86)])
    # output: h_t = o_t ⊙ tanh(c_t)
    cv.dot(590, 75)
    cv.line([(590, 75), (590, 124)], color=PURPLE)
    cv.box(590, 140, 60, 30, s("tanh"), stroke=PURPLE)
    cv.line([(590, 155), (590, 239)], color=PURPLE)
    cv.node(590, 250, "⊙")
    cv.line([(530, 250), (579, 250)], color=RED)
    cv.text(550, 240, s("output_gate"), color=RED)
    cv.line([(590, 261), (590, 315), (735, 315)], color=BLUE, width=2.6)
    cv.text(735, 305, s("hidden"), anchor="end", color=BLUE)
    cv.text(735, 337, "(output)", anchor="end", size=13, color=GREY)
    cv.text(200, 392, s("forget_gate") + " = " + s("sigmoid") + "(" + s("input")
            + s("kernel_f") + " + " + s("hidden_prev") + s("recurrent_kernel_f") + " + "
            + s("bias_f") + "), and " + s("input_gate") + ", " + s("output_gate") + ", "
            + s("candidate") + " (tanh) alike", size=14, anchor="start")
    cv.text(200, 422, s("cell") + " = " + s("forget_gate") + " ⊙ " + s("cell_prev") + " + "
            + s("input_gate") + " ⊙ " + s("candidate") + ",   " + s("hidden") + " = "
            + s("output_gate") + " ⊙ tanh(" + s("cell") + ")", size=14, anchor="start")
    alt = ("The LSTM cell. The cell state c_(t-1) runs along the top: it is multiplied element-wise "
           "by the forget gate f_t, then the product of the input gate i_t and the candidate g_t "
           "is added, giving c_t. Along the bottom, h_(t-1) and x_t feed four boxes: sigmoid "
           "boxes for f_t, i_t and o_t and a tanh box for g_t, each with its own weights. On the "
           "right, tanh of c_t is multiplied element-wise by the output gate o_t, giving h_t, the "
           "new state and the output.")
    return cv.finish("LSTM cell", alt)


def gru_cell() -> Diagram:
    """The GRU cell (reset-after, as Keras and PyTorch compute it): z_t, r_t, n_t, h_{t-1} -> h_t."""
    cv = Canvas("gru-cell", 780, 530)
    s = cv.sym
    cv.rect(110, 30, 600, 420, fill="#F7F7F7", stroke=GREY, rx=14)
    # the state along the top
    cv.wire(30, 755, 70, [(210, "⊙"), (560, "+")], color=BLUE,
            labels=(s("hidden_prev"), s("hidden")), label_y=60)
    cv.text(755, 92, "(output)", anchor="end", size=13, color=GREY)
    # two buses: h_{t-1} (branched off the top line) and x_t
    cv.dot(140, 70, BLUE)
    cv.line([(140, 70), (140, 400), (460, 400)], color=BLUE, arrow=False)
    cv.line([(170, 465), (170, 425), (620, 425)], color=ORANGE, arrow=False)
    cv.text(170, 482, s("input"), color=ORANGE)
    for cx in (210, 300):  # update gate z_t, reset gate r_t
        cv.line([(cx, 425), (cx, 352)], color=INK)
        cv.dot(cx, 425)
        cv.dot(cx, 400)
        cv.box(cx, 330, 60, 40, s("sigmoid"), fill=RED_BG, stroke=RED)
    cv.box(460, 330, 130, 40, "· " + s("gru_recurrent_n") + " + " + s("gru_bias_hn"), stroke=BLUE,
           size=14)
    cv.line([(460, 400), (460, 352)], color=BLUE)
    cv.box(620, 330, 130, 40, "· " + s("gru_kernel_n") + " + " + s("gru_bias_xn"),
           stroke=ORANGE, size=14)
    cv.line([(620, 425), (620, 352)], color=ORANGE)
    # update gate: z_t ⊙ h_{t-1} on the top line, (1 - z_t) ⊙ n_t from below
    cv.line([(210, 310), (210, 81)], color=RED)
    cv.text(216, 250, s("update_gate"), anchor="start", color=RED)
    cv.dot(210, 150, RED)
    cv.node(400, 150, "1−", r=14)
    cv.line([(210, 150), (386, 150)], color=RED)
    cv.line([(414, 150), (549, 150)], color=RED)
    # reset gate scales the recurrent part of the candidate (reset-after)
    cv.line([(300, 310), (300, 260), (449, 260)], color=RED)
    cv.text(330, 252, s("reset_gate"), anchor="start", color=RED)
    cv.node(460, 260, "⊙")
    cv.line([(460, 310), (460, 271)], color=BLUE)
    cv.node(560, 260, "+")
    cv.line([(471, 260), (549, 260)])
    cv.line([(620, 310), (620, 260), (571, 260)], color=ORANGE)
    cv.line([(560, 249), (560, 222)])
    cv.box(560, 206, 60, 30, s("tanh"), fill=BLUE_BG, stroke=BLUE)
    cv.line([(560, 191), (560, 161)], color=BLUE)
    cv.text(566, 182, s("gru_candidate"), anchor="start", color=BLUE)
    cv.node(560, 150, "⊙")
    cv.line([(560, 139), (560, 81)])
    cv.text(240, 478, s("gru_candidate") + " = tanh(" + s("input") + s("gru_kernel_n") + " + "
            + s("gru_bias_xn") + " + " + s("reset_gate") + " ⊙ (" + s("hidden_prev")
            + s("gru_recurrent_n") + " + " + s("gru_bias_hn") + "))", size=14, anchor="start")
    cv.text(240, 508, s("hidden") + " = " + s("update_gate") + " ⊙ " + s("hidden_prev")
            + " + (1 − " + s("update_gate") + ") ⊙ " + s("gru_candidate")
            + ";  " + s("update_gate") + ", " + s("reset_gate") + ": σ of both inputs",
            size=14, anchor="start")
    alt = ("The GRU cell, reset-after form. The previous state h_(t-1) runs along the top: it is "
           "multiplied element-wise by the update gate z_t, and (1 - z_t) times the candidate n_t "
           "is added, giving h_t. Below, sigmoid boxes compute z_t and r_t from h_(t-1) and x_t. "
           "The candidate n_t is tanh of x_t W_xn + b_xn plus r_t times (h_(t-1) W_hn + b_hn): "
           "the reset gate scales the recurrent part after its matrix product.")
    return cv.finish("GRU cell", alt)
