"""The overview document as PDF: WeasyPrint lays out the standalone HTML with its print styles.

Tagged PDF (PDF/UA-1), so screen readers get the headings, tables and the charts' text. The
dates in the PDF's metadata come from the HTML's dcterms meta elements, which come from the
document, so the same content gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from samskap.knowledge.document.content import DocumentContent
from samskap.knowledge.document.html import render_html


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Everything the PDF needs is inline; never fetch a (user-given) address on the server."""
    raise ValueError(f"The overview PDF does not fetch {url!r}.")


def render_pdf(content: DocumentContent | None = None, *, html: str | None = None) -> bytes:
    """The PDF of ``content``, or of already rendered ``html`` (an adopted version)."""
    import weasyprint  # imported here: it loads Pango, needed only for PDF

    if html is None:
        if content is None:
            raise ValueError("render_pdf needs content or html.")
        html = render_html(content)
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(
        pdf_variant="pdf/ua-1")
    return pdf
