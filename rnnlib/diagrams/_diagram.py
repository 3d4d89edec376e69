"""The object every diagram function returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagram:
    """A finished drawing: ``svg`` (the document), ``title`` and ``alt`` (what it shows).

    In a notebook the last expression of a cell shows it as SVG (``_repr_svg_``); its text
    form is short and the same on every run, so stored outputs compare exactly. Copy ``alt``
    into the cell's metadata: ``{"mystnb": {"image": {"alt": ...}}}``.
    """

    title: str
    alt: str
    svg: str

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<Diagram: {self.title}>"

    def save(self, path: str) -> None:
        """Write the SVG to ``path`` (for pages that are not notebooks)."""
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.svg)
