"""Local Sphinx extension: keep the built book offline and free of console errors.

Jupyter Book 1.x always loads sphinx-thebe, which adds (twice, a known duplicate) an inline
script naming a CDN address for the live-code feature this book does not use. The duplicate
`const` declaration is a JavaScript error on every page, and the address is a CDN reference.
This extension drops thebe's scripts and stylesheet from every page.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _is_thebe(asset: Any) -> bool:
    filename = getattr(asset, "filename", None) or str(asset)
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
