"""The overview document (oversiktsdokument): built once as a content tree, then rendered.

- :func:`content_of` gives the tree: built from the data for a draft or a document on
  consultation, the frozen tree for an adopted one.
- :func:`export` renders it as HTML, DOCX or PDF, in the municipality's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from samskap.knowledge.document.build import anchor_for, build_document, language_of
from samskap.knowledge.document.content import DocumentContent
from samskap.knowledge.models import OverviewDocument

__all__ = ["FORMATS", "Export", "anchor_for", "build_document", "content_of", "export",
           "language_of"]


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


FORMATS = {
    "html": Format("html", "text/html; charset=utf-8"),
    "pdf": Format("pdf", "application/pdf"),
    "docx": Format("docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str


def content_of(document: OverviewDocument) -> DocumentContent:
    """The document's content: frozen once adopted, otherwise as the data stands now."""
    if document.is_frozen and document.adopted_content:
        return DocumentContent.from_json(document.adopted_content)
    return build_document(document)


def filename_for(document: OverviewDocument, fmt: str) -> str:
    """e.g. ``oversikt-9999-folkehelseoversikt-2024-adopted.pdf``: number, title and status."""
    title = slugify(document.title)[:60] or "document"
    return f"oversikt-{document.municipality.number}-{title}-{document.status}.{fmt}"


def export(document: OverviewDocument, fmt: str) -> Export:
    """The document as a file in ``fmt`` (html, pdf or docx)."""
    from samskap.knowledge.document.docx import render_docx
    from samskap.knowledge.document.html import render_html
    from samskap.knowledge.document.pdf import render_pdf

    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    frozen_html = document.adopted_html if document.is_frozen else ""
    content = content_of(document)
    if fmt == "html":
        data = (frozen_html or render_html(content)).encode("utf-8")
    elif fmt == "pdf":
        data = render_pdf(html=frozen_html or render_html(content))
    else:
        data = render_docx(content)
    return Export(data, FORMATS[fmt].content_type, filename_for(document, fmt))
