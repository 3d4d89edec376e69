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
   locally. The notebooks themselves are not changed. The Korean edition (language "ko") gets
   the note in Korean.
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


def _run_note_parts(notebook: str, language: str) -> tuple[str, list[str | tuple[str]]]:
    """The note's title and its paragraph, in `language` (a 1-tuple is a piece of code)."""
    install, jupyterlab = ("make install",), (".venv/bin/python -m pip install jupyterlab",)
    lab, setup = (f".venv/bin/jupyter lab {notebook}",), ("rnnlib.setup()",)
    if language == "ko":
        return "이 장 실행하기", [
            "이 페이지는 노트북 파일(", (notebook,), ")을 저장된 출력과 함께 보여 줍니다. 페이지 맨 "
            "위의 내려받기 버튼을 누르면 .ipynb 파일을 받을 수 있습니다. 직접 실행하려면 이 책의 "
            "저장소를 클론하고, 그 폴더에서 설치 명령(", install, ")을 한 번 실행한 다음 "
            "JupyterLab을 설치하고(", jupyterlab, ") 노트북을 엽니다(", lab, "). 첫 번째 코드 셀(",
            setup, ")이 여러분이 얻는 숫자를 여기 출력된 숫자와 똑같이 맞춰 줍니다. Colab에서 "
            "실행하는 방법과 CPU 전용 PyTorch 휠을 설치하는 방법은 README에 있습니다.",
        ]
    return "Run this chapter", [
        "This page is the notebook ", (notebook,), " with its stored outputs; the download "
        "button at the top of the page gives you the .ipynb file. To run it, clone the book's "
        "repository and, in its folder, run ", install, " once, then ", jupyterlab, " and ", lab,
        ". The first code cell, ", setup, ", makes your numbers those printed here. The README "
        "says how to run it in Colab, and how to install the CPU-only PyTorch wheels.",
    ]


def _run_note(notebook: str, language: str = "en") -> nodes.admonition:
    """The note, in the edition's language: where the notebook is, how to download it, how to
    run it. Added after Sphinx's Locale transform, so it is not a message in the catalogs: the
    Korean text is here."""
    title, parts = _run_note_parts(notebook, language)
    paragraph = nodes.paragraph()
    for part in parts:
        if isinstance(part, tuple):
            paragraph += nodes.literal(part[0], part[0])
        else:
            paragraph += nodes.Text(part)
    note = nodes.admonition(classes=["tip", RUN_NOTE_CLASS])
    note += nodes.title("", title)
    note += paragraph
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
    language = (app.config.language or "en").split("_")[0]
    section.insert(title_index + 1, _run_note(f"{docname}.ipynb", language))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", bibliography_list_items)
    app.connect("doctree-read", add_run_note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
