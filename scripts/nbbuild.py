"""Write a notebook from a list of cells (an authoring aid; the .ipynb is the source of truth).

    from nbbuild import md, code, write
    write("chapters/01_x.ipynb", [md("# Title"), code("x = 1", tags=["hide-input"])])

Outputs are empty until `make execute` (or scripts/execute_notebooks.py) runs the notebook.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"))


def code(text: str, tags: list[str] | None = None, alt: str | None = None) -> nbformat.NotebookNode:
    """A code cell. ``alt``: the alt text of the figure the cell draws (rendered by myst-nb)."""
    cell = new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if alt:
        cell.metadata["mystnb"] = {"image": {"alt": alt}}
    return cell


def write(path: str, cells: list[nbformat.NotebookNode]) -> None:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    # Stable cell ids, so re-writing a notebook gives the same file.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    nbformat.validate(nb)
    nbformat.write(nb, path)
