"""The overview document as HTML: a fragment for the site's pages and a standalone file.

The standalone file carries its own stylesheet (screen and print), so it reads well when
opened from disk and is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from samskap.knowledge.document.content import DocumentContent


def render_header(content: DocumentContent) -> SafeString:
    """The title and status line, in the document's language."""
    with translation.override(content.language):
        return mark_safe(  # noqa: S308 - rendered by an autoescaping template
            render_to_string("knowledge/overview/includes/document_header.html",
                             {"content": content}))


def render_body(content: DocumentContent) -> SafeString:
    """Contents, introduction, the areas and the sources, in the document's language."""
    with translation.override(content.language):
        return mark_safe(  # noqa: S308 - rendered by an autoescaping template
            render_to_string("knowledge/overview/includes/document_body.html",
                             {"content": content}))


def render_html(content: DocumentContent) -> str:
    """The whole document as one self-contained HTML file."""
    with translation.override(content.language):
        return render_to_string("knowledge/overview/export.html", {
            "content": content,
            "header": render_header(content),
            "body": render_body(content),
        })
