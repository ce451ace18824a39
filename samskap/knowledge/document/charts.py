"""Charts of the overview document: the shared SVG charts (samskap.lib.charts), and their PNG
form for DOCX.

WeasyPrint draws the SVG in the PDF itself; Word cannot be relied on to show SVG, and
WeasyPrint no longer writes PNG, so cairosvg rasterises the same SVG for the DOCX.
"""

from __future__ import annotations


def svg_to_png(svg: str, *, scale: float = 1.5) -> bytes:
    """The chart as PNG at 1.5 times its size (about 150 dpi on a page). Same SVG, same bytes."""
    import cairosvg  # imported here: it loads the cairo library, needed only for DOCX

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    return png
