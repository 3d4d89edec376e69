"""Local Sphinx extension: an offline book with a clean console, accessible markup, and a
"Run this chapter" note on every chapter.

1. Jupyter Book 1.x always loads sphinx-thebe, which adds (twice, a known duplicate) an inline
   script naming a CDN address for the live-code feature this book does not use. The duplicate
   `const` declaration is a JavaScript error on every page, and the address is a CDN reference.
   This extension drops thebe's scripts and stylesheet from every page.
2. docutils writes each bibliography entry as `<div role="doc-biblioentry">` inside a
   `<div role="list">`. ARIA 1.2 deprecates `doc-biblioentry`, so a list holding such entries has
   no list items (axe-core: aria-required-children, critical; aria-deprecated-role and
   aria-allowed-role, minor). The entries become `role="listitem"`.
3. Every page built from a notebook in chapters/ opens with a short "Run this chapter" note:
   where the notebook is, that the download button gives it with its outputs, and how to run it
   locally. The notebooks themselves are not changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

RUN_NOTE_CLASS = "run-this-chapter"


def _is_thebe(asset: Any) -> bool:
    filename = getattr(asset, "filename", None) or str(asset)
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def bibliography_list_items(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _run_note(notebook: str) -> nodes.admonition:
    """The note: where the notebook is, how to download it, how to run it."""

    def para(*parts: str | nodes.Node) -> nodes.paragraph:
        p = nodes.paragraph()
        for part in parts:
            p += nodes.Text(part) if isinstance(part, str) else part
        return p

    def code(text: str) -> nodes.literal:
        return nodes.literal(text, text)

    note = nodes.admonition(classes=["tip", RUN_NOTE_CLASS])
    note += nodes.title("", "Run this chapter")
    note += para(
        "This page is the notebook ", code(notebook), " with its stored outputs; the download "
        "button at the top of the page gives you the .ipynb file. To run it, clone the book's "
        "repository and, in its folder, run ", code("make install"), " once, then ",
        code(".venv/bin/python -m pip install jupyterlab"), " and ",
        code(f".venv/bin/jupyter lab {notebook}"), ". The first code cell, ",
        code("rnnlib.setup()"), ", makes your numbers those printed here. The README says how "
        "to run it in Colab, and how to install the CPU-only PyTorch wheels.",
    )
    return note


def add_run_note(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb" or not docname.startswith("chapters/"):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title_index = next(
        (i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1
    )
    section.insert(title_index + 1, _run_note(f"{docname}.ipynb"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", bibliography_list_items)
    app.connect("doctree-read", add_run_note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
