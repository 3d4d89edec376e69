"""The book's notation as data: one table read by the diagrams, the notation page and its tests.

Each value is the symbol in TeX, written with the time index ``t`` and the layer index ``k``
where it has them; :func:`instantiate` fills them in (``h_t`` at step 2 is ``h_2``). The page
``notation.md`` declares every symbol here, and ``tests/test_notation.py`` checks that it does.
"""

from __future__ import annotations

import re

NOTATION: dict[str, str] = {
    # sizes
    "batch": "B",
    "timesteps": "T",
    "features": "F",
    "units": "H",
    "layers": "L",
    # sequences and states (t = 1..T; h_0 is the initial state)
    "input": "x_t",
    "hidden": "h_t",
    "hidden_prev": "h_{t-1}",
    "initial": "h_0",
    "output": "y_t",
    "hidden_layer": "h_t^{(k)}",
    "hidden_forward": "h_t^{\\rightarrow}",
    "hidden_backward": "h_t^{\\leftarrow}",
    # SimpleRNN weights (row vectors: h_t = tanh(x_t W_x + h_{t-1} W_h + b))
    "kernel": "W_x",
    "recurrent_kernel": "W_h",
    "bias": "b",
    "output_kernel": "W_y",
    "output_bias": "b_y",
    # LSTM
    "input_gate": "i_t",
    "forget_gate": "f_t",
    "output_gate": "o_t",
    "candidate": "g_t",
    "cell": "c_t",
    "cell_prev": "c_{t-1}",
    "preactivation": "a_t",
    # GRU (reset-after)
    "update_gate": "z_t",
    "reset_gate": "r_t",
    "gru_candidate": "n_t",
    "gru_kernel_n": "W_{xn}",
    "gru_recurrent_n": "W_{hn}",
    "gru_bias_xn": "b_{xn}",
    "gru_bias_hn": "b_{hn}",
    # operators
    "sigmoid": "\\sigma",
    "tanh": "\\tanh",
    "product": "\\odot",
    # loss
    "loss": "L",
    "loss_step": "L_t",
    "target": "y_t",
}
"""Symbol name -> TeX. Both ``L`` entries are kept apart by context: layers count, loss value.

``target`` is ``y_t`` where a loss compares a state or prediction with it (``notation.md``).
"""

GATE_WEIGHTS: dict[str, tuple[str, str, str]] = {
    gate: (f"W_{{x{gate}}}", f"W_{{h{gate}}}", f"b_{gate}") for gate in "ifgozr"
}
"""Per-gate weights: gate letter -> (input weight, recurrent weight, bias), e.g. ``W_{xf}``.

The GRU candidate keeps two biases (``b_{xn}``, ``b_{hn}``), so ``n`` has its own entries.
"""
for _gate, (_wx, _wh, _b) in GATE_WEIGHTS.items():
    NOTATION[f"kernel_{_gate}"] = _wx
    NOTATION[f"recurrent_kernel_{_gate}"] = _wh
    NOTATION[f"bias_{_gate}"] = _b


def instantiate(template: str, *, t: str | None = None, k: str | None = None) -> str:
    """The symbol ``template`` at time step ``t`` and layer ``k`` (unchanged where ``None``).

    >>> instantiate("h_t^{(k)}", t="3", k="2")
    'h_3^{(2)}'
    >>> instantiate("h_t^{\\\\rightarrow}", t="T")
    'h_T^{\\\\rightarrow}'
    """
    out = template
    if t is not None:
        sub = t if len(t) == 1 else "{" + t + "}"
        out = re.sub(r"_t(?![A-Za-z])", "_" + sub, out)
    if k is not None:
        out = out.replace("(k)", f"({k})")
    return out


def matches(template: str, tex: str) -> bool:
    """Whether ``tex`` is ``template`` at some time step and layer (for the notation tests)."""
    pattern = re.escape(template)
    pattern = pattern.replace(re.escape("_t"), r"_(?:t|T|[0-9]|\{[0-9T]+\})", 1)
    pattern = pattern.replace(re.escape("(k)"), r"\((?:k|[0-9L])\)")
    return re.fullmatch(pattern, tex) is not None
