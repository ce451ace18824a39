"""The overview document (oversiktsdokument): built once as a content tree, then rendered.

- :func:`content_of` gives the tree: built from the data for a draft or a document on
  consultation, the frozen tree for an adopted one.
- :func:`render` lays it out as HTML, DOCX or PDF, in the municipality's language;
  :func:`export` does so for a document, keeping each file in the cache under its content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.text import slugify

from samskap.knowledge.document.build import anchor_for, build_document, language_of
from samskap.knowledge.document.content import DocumentContent
from samskap.knowledge.models import OverviewDocument

__all__ = ["FORMATS", "Export", "anchor_for", "build_document", "content_of", "export",
           "language_of", "render"]

#: How long a rendered file is kept; a change in the data makes a new key at once anyway.
CACHE_SECONDS = 60 * 60


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


def _cache_key(content: DocumentContent, fmt: str, frozen_html: str) -> str:
    """The same content gives the same file (the renderers are reproducible), so the content
    itself is the key: a public document's PDF is laid out once, not on every request."""
    digest = hashlib.sha256()
    digest.update(json.dumps(content.to_json(), sort_keys=True).encode("utf-8"))
    digest.update(hashlib.sha256(frozen_html.encode("utf-8")).digest())
    return f"overview-export:{fmt}:{digest.hexdigest()}"


def render(content: DocumentContent, fmt: str, *, frozen_html: str = "") -> bytes:
    """``content`` as ``fmt`` bytes; an adopted version's HTML and PDF come from its frozen HTML."""
    from samskap.knowledge.document.docx import render_docx
    from samskap.knowledge.document.html import render_html
    from samskap.knowledge.document.pdf import render_pdf

    if fmt == "html":
        return (frozen_html or render_html(content)).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(html=frozen_html or render_html(content))
    if fmt == "docx":
        return render_docx(content)
    raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")


def export(document: OverviewDocument, fmt: str) -> Export:
    """The document as a file in ``fmt`` (html, pdf or docx)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    frozen_html = document.adopted_html if document.is_frozen else ""
    content = content_of(document)
    key = _cache_key(content, fmt, frozen_html)
    data = cache.get(key)
    if data is None:
        data = render(content, fmt, frozen_html=frozen_html)
        cache.set(key, data, CACHE_SECONDS)
    return Export(data, FORMATS[fmt].content_type, filename_for(document, fmt))
