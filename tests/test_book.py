"""The book builds with zero warnings, offline, and every page is there."""

from __future__ import annotations

import re

from conftest import book_pages

EXTERNAL_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["'](https?:)?//""", re.IGNORECASE)


def test_build_succeeds_with_zero_warnings(built_book) -> None:
    assert built_book.returncode == 0, built_book.log[-4000:]
    warnings = [ln for ln in built_book.log.splitlines() if "WARNING" in ln or "ERROR" in ln]
    assert warnings == []
    assert "build succeeded" in built_book.log


def test_every_page_is_built(built_book) -> None:
    missing = [page for page in book_pages() if not (built_book.html / page).is_file()]
    assert missing == []
    assert (built_book.html / "index.html").is_file()


def test_no_asset_is_loaded_from_another_host(built_book) -> None:
    for page in book_pages():
        html = (built_book.html / page).read_text(encoding="utf-8")
        found = EXTERNAL_ASSET.search(html)
        assert found is None, f"{page} loads {found.group(0)!r}"


def test_mathjax_is_served_from_the_book(built_book) -> None:
    html = (built_book.html / "chapters" / "01_sequences_as_tensors.html").read_text(encoding="utf-8")
    assert re.search(r'<script[^>]*src="\.\./_static/mathjax/tex-chtml\.js(\?v=\w+)?"', html)
    assert (built_book.html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert any((built_book.html / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").iterdir())


def test_stored_figures_are_rendered(built_book) -> None:
    html = (built_book.html / "chapters" / "01_sequences_as_tensors.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="(\.\./_images/[^"]+\.png)"', html)
    assert len(images) >= 2
    for src in images:
        assert (built_book.html / "chapters" / src).resolve().is_file(), src
