"""Give every diagram cell of a notebook its alt text: ``python -m rnnlib.diagrams NOTEBOOK...``.

A code cell whose last line is a call such as ``diagrams.lstm_cell()`` (literal arguments
only) gets ``{"mystnb": {"image": {"alt": ...}}}`` in its metadata, copied from the diagram's
``alt``, unless it has alt text already. With ``--refresh`` first, alt text that differs from
the drawing's (after a drawing changed) is replaced. Close the notebook in any editor first.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

from rnnlib import diagrams


def alt_for(source: str) -> str | None:
    """The alt text of the diagram drawn by the cell's last line, or None if it draws none."""
    lines = [ln for ln in source.strip().splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        return None
    try:
        node = ast.parse(lines[-1].strip(), mode="eval").body
    except SyntaxError:
        return None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "diagrams"):
        return None
    function = getattr(diagrams, node.func.attr, None)
    if function is None or node.args:
        return None
    kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
    figure = function(**kwargs)
    return figure.alt if isinstance(figure, diagrams.Diagram) else None


def add_alt_text(path: Path, *, refresh: bool = False) -> int:
    """Add alt text to the diagram cells of the notebook at ``path``; return how many changed.

    ``refresh=True`` also replaces alt text that is not the drawing's own.
    """
    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        image = cell["metadata"].setdefault("mystnb", {}).setdefault("image", {})
        alt = alt_for("".join(cell["source"]))
        if alt is not None and (not image.get("alt") or (refresh and image["alt"] != alt)):
            image["alt"] = alt
            changed += 1
        if not image:
            del cell["metadata"]["mystnb"]["image"]
        if not cell["metadata"]["mystnb"]:
            del cell["metadata"]["mystnb"]
    if changed:
        text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    """Run :func:`add_alt_text` on every notebook named in ``argv`` (``--refresh`` first: refresh)."""
    refresh = bool(argv) and argv[0] == "--refresh"
    for name in argv[refresh:]:
        print(f"{name}: alt text added to {add_alt_text(Path(name), refresh=refresh)} cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
