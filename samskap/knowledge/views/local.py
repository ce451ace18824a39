"""Views of the knowledge step: local knowledge, its moderation, knowledge gaps and resources.

Local knowledge is what the numbers don't show. Anyone logged in may contribute; a contribution
is seen by others only once the municipality's staff have published it, and every contribution
gets the municipality's response.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samskap.core.access import get_municipality, require
from samskap.knowledge import actions_local as actions
from samskap.knowledge.forms_local import (
    CommunityResourceForm,
    KnowledgeGapForm,
    LocalFilterForm,
    LocalKnowledgeForm,
    ModerationForm,
)
from samskap.knowledge.models import (
    CommunityResource,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    LocalKnowledgeQuerySet,
    Moderation,
)
from samskap.municipalities.models import Municipality

PAGE_SIZE = 25
#: The GET parameters that preselect what a new contribution is about.
PRESELECT = ("indicator", "category", "district")
DONE = {
    "publish": gettext_lazy("“%(title)s” was published."),
    "needs_edit": gettext_lazy("“%(title)s” was sent back to its author for changes."),
    "reject": gettext_lazy("“%(title)s” was rejected."),
}


def _contributions(municipality: Municipality) -> LocalKnowledgeQuerySet:
    return LocalKnowledge.objects.for_municipality(municipality).select_related(
        "author", "indicator", "district", "responded_by")


def _visible(request: HttpRequest, municipality: Municipality, pk: int) -> LocalKnowledge:
    """A contribution the user may see; an unpublished one is a 404 for everyone else."""
    item = get_object_or_404(_contributions(municipality), pk=pk)
    if not request.user.has_perm("samskap.view_local_knowledge", item):
        raise Http404
    return item


def _may_edit(request: HttpRequest, item: LocalKnowledge) -> bool:
    """Only its author, until it is moderated: the rule itself, without the site admin's
    everything-goes (``User.has_perm``), since nobody may put words in an author's mouth."""
    return rules.has_perm("samskap.edit_local_knowledge", request.user, item)


def _local_url(name: str, municipality: Municipality, **kwargs: Any) -> str:
    return reverse(f"knowledge:{name}", kwargs={"number": municipality.number, **kwargs})


def _queue(municipality: Municipality) -> QuerySet[LocalKnowledge]:
    """Contributions waiting for the municipality: new ones first, oldest first."""
    first = Case(When(status=Moderation.PENDING, then=Value(0)), default=Value(1),
                 output_field=IntegerField())
    return (_contributions(municipality)
            .filter(status__in=[Moderation.PENDING, Moderation.NEEDS_EDIT])
            .order_by(first, "created_at"))


@require_GET
def local_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    filter_form = LocalFilterForm(request.GET or None, municipality=municipality)
    published = _contributions(municipality).published().filter(**filter_form.filters())
    can_moderate = request.user.has_perm("samskap.moderate_local_knowledge", municipality)
    mine = (_contributions(municipality).filter(author_id=request.user.pk)
            if request.user.is_authenticated else LocalKnowledge.objects.none())
    return render(request, "knowledge/local/local_list.html", {
        "municipality": municipality,
        "filter_form": filter_form,
        "page": Paginator(published, PAGE_SIZE).get_page(request.GET.get("page")),
        "mine": mine[:50],
        "queue": _queue(municipality)[:100] if can_moderate else None,
        "can_moderate": can_moderate,
    })


@require_http_methods(["GET", "POST"])
def local_new(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.add_local_knowledge", municipality)
    initial = {name: request.GET[name] for name in PRESELECT if request.GET.get(name)}
    form = LocalKnowledgeForm(request.POST or None, initial=initial, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        item = actions.submit_local_knowledge(municipality, request.user, **form.cleaned_data)
        messages.success(request, _(
            "Thank you! Your contribution is waiting for moderation. The municipality will "
            "publish it or tell you why not, and answer it."))
        return redirect(_local_url("local_detail", municipality, pk=item.pk))
    indicator = Indicator.objects.for_municipality(municipality).filter(
        code=initial.get("indicator", "")).first()
    return render(request, "knowledge/local/local_form.html", {
        "municipality": municipality, "form": form, "indicator": indicator,
    })


@require_http_methods(["GET", "POST"])
def local_edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.add_local_knowledge", municipality)
    item = _visible(request, municipality, pk)
    if not _may_edit(request, item):
        raise PermissionDenied
    form = LocalKnowledgeForm(request.POST or None, instance=item, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        actions.revise_local_knowledge(item, request.user, **form.cleaned_data)
        messages.success(request, _("Your changes were saved. The contribution is waiting for "
                                    "moderation again."))
        return redirect(_local_url("local_detail", municipality, pk=item.pk))
    return render(request, "knowledge/local/local_form.html", {
        "municipality": municipality, "form": form, "item": item,
    })


@require_GET
def local_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    item = _visible(request, municipality, pk)
    return render(request, "knowledge/local/local_detail.html", {
        "municipality": municipality,
        "item": item,
        "is_author": request.user.is_authenticated and item.author_id == request.user.pk,
        "can_moderate": request.user.has_perm("samskap.moderate_local_knowledge", item),
        "can_edit": _may_edit(request, item),
    })


@require_http_methods(["GET", "POST"])
def local_moderate(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.moderate_local_knowledge", municipality)
    item = get_object_or_404(_contributions(municipality), pk=pk)
    form = ModerationForm(request.POST or None, initial={"response": item.response})
    if request.method == "POST" and form.is_valid():
        try:
            actions.moderate_local_knowledge(item, request.user, **form.cleaned_data)
        except actions.ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, DONE[form.cleaned_data["decision"]] % {
                "title": item.title})
            return redirect(_local_url("local_list", municipality))
    return render(request, "knowledge/local/local_moderate.html", {
        "municipality": municipality, "form": form, "item": item,
    })


# Knowledge gaps and community resources -----------------------------------------------------

@require_GET
def gaps(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    return render(request, "knowledge/local/gap_list.html", {
        "municipality": municipality,
        "gaps": KnowledgeGap.objects.filter(municipality=municipality)
        .select_related("indicator", "district"),
        "can_edit": request.user.has_perm("samskap.edit_gaps_and_resources", municipality),
    })


@require_http_methods(["GET", "POST"])
def gap_form(request: HttpRequest, number: str, pk: int | None = None) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_gaps_and_resources", municipality)
    gap = get_object_or_404(KnowledgeGap, pk=pk, municipality=municipality) if pk else None
    form = KnowledgeGapForm(request.POST or None, instance=gap, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        actions.save_knowledge_gap(form.instance, request.user)
        messages.success(request, _("The knowledge gap “%(title)s” was saved.") % {
            "title": form.instance.title})
        return redirect(_local_url("gaps", municipality))
    return render(request, "knowledge/local/gap_form.html", {
        "municipality": municipality, "form": form, "gap": gap,
    })


@require_GET
def resources(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    return render(request, "knowledge/local/resource_list.html", {
        "municipality": municipality,
        "resources": CommunityResource.objects.filter(municipality=municipality)
        .select_related("indicator", "district"),
        "can_edit": request.user.has_perm("samskap.edit_gaps_and_resources", municipality),
    })


@require_http_methods(["GET", "POST"])
def resource_form(request: HttpRequest, number: str, pk: int | None = None) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_gaps_and_resources", municipality)
    resource = (get_object_or_404(CommunityResource, pk=pk, municipality=municipality)
                if pk else None)
    form = CommunityResourceForm(request.POST or None, instance=resource,
                                 municipality=municipality)
    if request.method == "POST" and form.is_valid():
        actions.save_community_resource(form.instance, request.user)
        messages.success(request, _("The resource “%(title)s” was saved.") % {
            "title": form.instance.title})
        return redirect(_local_url("resources", municipality))
    return render(request, "knowledge/local/resource_form.html", {
        "municipality": municipality, "form": form, "resource": resource,
    })


urlpatterns: list[URLPattern] = [
    path("local/", local_list, name="local_list"),
    path("local/new/", local_new, name="local_new"),
    path("local/<int:pk>/", local_detail, name="local_detail"),
    path("local/<int:pk>/edit/", local_edit, name="local_edit"),
    path("local/<int:pk>/moderate/", local_moderate, name="local_moderate"),
    path("gaps/", gaps, name="gaps"),
    path("gaps/new/", gap_form, name="gap_new"),
    path("gaps/<int:pk>/edit/", gap_form, name="gap_edit"),
    path("resources/", resources, name="resources"),
    path("resources/new/", resource_form, name="resource_new"),
    path("resources/<int:pk>/edit/", resource_form, name="resource_edit"),
]
