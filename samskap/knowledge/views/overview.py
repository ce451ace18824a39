"""Views of the knowledge step: the overview document (oversiktsdokument).

Who sees what: a draft is internal (samskap.view_internal); to anyone else, anonymous
visitors included, it does not exist (404), so neither its title nor its existence leaks.
A document on consultation or adopted is public, and so are its exports.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.core.access import get_municipality, require
from samskap.knowledge import actions_overview as actions
from samskap.knowledge import document as overview
from samskap.knowledge.document.html import render_body, render_header
from samskap.knowledge.forms_overview import (
    CommentForm,
    DocumentForm,
    ResponseForm,
    SectionForm,
    StatusForm,
    section_initial,
)
from samskap.knowledge.models import Category, OverviewComment, OverviewDocument
from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle


def detail_url(document: OverviewDocument, fragment: str = "") -> str:
    url = reverse("knowledge:overview_detail",
                  kwargs={"number": document.municipality.number, "pk": document.pk})
    return f"{url}#{fragment}" if fragment else url


def _document(request: HttpRequest, municipality: Municipality, pk: int) -> OverviewDocument:
    """The document if this user may read it: drafts are internal, and hidden (404) otherwise."""
    document = get_object_or_404(OverviewDocument.objects.select_related("municipality", "cycle"),
                                 municipality=municipality, pk=pk)
    if not document.is_public and not request.user.has_perm("samskap.view_internal",
                                                             municipality):
        raise Http404
    return document


def _editable(request: HttpRequest, document: OverviewDocument) -> bool:
    """False (with a message) when the document is adopted and so frozen."""
    try:
        actions.ensure_editable(document)
    except actions.OverviewRuleError as error:
        messages.error(request, str(error))
        return False
    return True


@require_GET
def overview_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    documents = OverviewDocument.objects.filter(municipality=municipality).select_related("cycle")
    if not request.user.has_perm("samskap.view_internal", municipality):
        documents = documents.exclude(status=OverviewDocument.Status.DRAFT)
    return render(request, "knowledge/overview/list.html", {
        "municipality": municipality, "documents": documents,
        "can_create": request.user.has_perm("samskap.edit_overview", municipality),
    })


@require_http_methods(["GET", "POST"])
def overview_new(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_overview", municipality)
    cycle = Cycle.objects.current(municipality)
    form = DocumentForm(request.POST or None, cycle=cycle,
                        initial={"title": _("Overview of public health")})
    if request.method == "POST" and form.is_valid():
        document = actions.create_document(
            municipality, request.user, title=form.cleaned_data["title"],
            introduction=form.cleaned_data["introduction"],
            cycle=cycle if form.cleaned_data.get("in_cycle") else None)
        messages.success(request, _("The draft was created. Write the assessment area by area."))
        return redirect(detail_url(document))
    return render(request, "knowledge/overview/document_form.html",
                  {"municipality": municipality, "form": form, "document": None})


@require_http_methods(["GET", "POST"])
def overview_edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_overview", municipality)
    document = _document(request, municipality, pk)
    if not _editable(request, document):
        return redirect(detail_url(document))
    form = DocumentForm(request.POST or None, initial={
        "title": document.title, "introduction": document.introduction})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_document(document, request.user, title=form.cleaned_data["title"],
                                    introduction=form.cleaned_data["introduction"])
        except actions.OverviewRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The document was saved."))
            return redirect(detail_url(document))
    return render(request, "knowledge/overview/document_form.html",
                  {"municipality": municipality, "form": form, "document": document})


def _detail_context(request: HttpRequest, document: OverviewDocument) -> dict[str, Any]:
    municipality = document.municipality
    content = overview.content_of(document)
    user = request.user
    can_comment = actions.comments_are_open(document)
    return {
        "municipality": municipality, "document": document, "content": content,
        "header": render_header(content), "body": render_body(content),
        "sections": content.sections, "formats": list(overview.FORMATS),
        "can_edit": (user.has_perm("samskap.edit_overview", municipality)
                     and not document.is_frozen),
        "can_respond": user.has_perm("samskap.edit_overview", municipality),
        "can_publish": (user.has_perm("samskap.publish_overview", municipality)
                        and not document.is_frozen),
        "comments_open": can_comment,
        "comment_form": (CommentForm(document=document) if can_comment and
                         user.has_perm("samskap.comment_overview", municipality) else None),
        "response_form": ResponseForm(),
        "comments": (document.comments.select_related("author", "section")
                     if document.is_public else []),
    }


@require_GET
def overview_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    document = _document(request, get_municipality(number), pk)
    return render(request, "knowledge/overview/detail.html", _detail_context(request, document))


@require_http_methods(["GET", "POST"])
def overview_section(request: HttpRequest, number: str, pk: int, category: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_overview", municipality)
    document = _document(request, municipality, pk)
    if category not in Category.values:
        raise Http404
    section = get_object_or_404(document.sections, category=category)
    if not _editable(request, document):
        return redirect(detail_url(document, overview.anchor_for(category)))
    form = SectionForm(request.POST or None, municipality=municipality, category=category,
                       initial=section_initial(section))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_section(section, request.user, **form.cleaned_data)
        except actions.OverviewRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The area was saved."))
            return redirect(detail_url(document, overview.anchor_for(category)))
    return render(request, "knowledge/overview/section_form.html", {
        "municipality": municipality, "document": document, "section": section,
        "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def overview_status(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.publish_overview", municipality)
    document = _document(request, municipality, pk)
    if not _editable(request, document):
        return redirect(detail_url(document))
    form = StatusForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.change_status(
                document, request.user, form.cleaned_data["status"],
                consultation_until=form.cleaned_data["consultation_until"])
        except actions.OverviewRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The document is now “%(status)s”.") % {
                "status": document.get_status_display()})
            return redirect(detail_url(document))
    return render(request, "knowledge/overview/status_form.html", {
        "municipality": municipality, "document": document, "form": form,
    }, status=400 if form.errors else 200)


@require_POST
def overview_comment(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.comment_overview", municipality)
    document = _document(request, municipality, pk)
    form = CommentForm(request.POST, document=document)
    if form.is_valid():
        try:
            actions.add_comment(document, request.user, **form.cleaned_data)
        except actions.OverviewRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you. Your comment is published with the "
                                        "document."))
        return redirect(detail_url(document, "comments"))
    context = _detail_context(request, document)
    context["comment_form"] = form
    return render(request, "knowledge/overview/detail.html", context, status=400)


@require_POST
def overview_comment_respond(request: HttpRequest, number: str, pk: int,
                             comment: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_overview", municipality)
    document = _document(request, municipality, pk)
    item = get_object_or_404(OverviewComment, pk=comment, document=document)
    form = ResponseForm(request.POST)
    if form.is_valid():
        actions.respond_to_comment(item, request.user, form.cleaned_data["response"])
        messages.success(request, _("The response was published."))
    else:
        messages.error(request, _("Write a response before you publish it."))
    return redirect(detail_url(document, f"comment-{item.pk}"))


@require_GET
def overview_export(request: HttpRequest, number: str, pk: int, fmt: str) -> HttpResponse:
    document = _document(request, get_municipality(number), pk)
    if fmt not in overview.FORMATS:
        raise Http404
    exported = overview.export(document, fmt)
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exported.filename)
    return response


urlpatterns: list[URLPattern] = [
    path("overview/", overview_list, name="overview_list"),
    path("overview/new/", overview_new, name="overview_new"),
    path("overview/<int:pk>/", overview_detail, name="overview_detail"),
    path("overview/<int:pk>/edit/", overview_edit, name="overview_edit"),
    path("overview/<int:pk>/sections/<str:category>/", overview_section,
         name="overview_section"),
    path("overview/<int:pk>/status/", overview_status, name="overview_status"),
    path("overview/<int:pk>/export/<str:fmt>/", overview_export, name="overview_export"),
    path("overview/<int:pk>/comments/", overview_comment, name="overview_comment"),
    path("overview/<int:pk>/comments/<int:comment>/respond/", overview_comment_respond,
         name="overview_comment_respond"),
]
