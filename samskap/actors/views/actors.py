"""The actor register: list, profile, editing, representatives, contact persons and links.

Who sees what (samskap/accounts/rules.py):

- every member of the municipality sees the register's public part: name, kind, sector,
  organisation number, description, resources, groups reached and settings. Partners and
  citizens use it to find each other; organisations are not personal data. It is not shown to
  visitors or other municipalities: a small citizen group (an immigrant women's network) is
  listed here, and its existence is not the whole internet's business;
- the municipality's assessment (influence, interest, affectedness, obstruction), the
  interests and the representatives only to its internal members (and the interests to the
  actor's own representatives, who wrote them);
- contact persons (personal data, stored with consent) and the change log only to staff.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.accounts.rules import represents_actor
from samskap.actors import actions
from samskap.actors.forms import (
    SCORE_HELP,
    SCORE_WORDS,
    ActorFilterForm,
    ActorForm,
    ActorProfileForm,
    ContactPersonForm,
    ContactRemovalForm,
    LinkSettingForm,
    RepresentativesForm,
    ResourceFormSet,
    resource_initial,
)
from samskap.actors.models import (
    SCORES,
    SECTOR_OF_KIND,
    Actor,
    ActorSettingLink,
    ContactPerson,
    Kind,
    Sector,
)
from samskap.actors.views.changelog import change_log
from samskap.actors.views.common import actor_of, district_names, group_label
from samskap.core.access import get_municipality, require
from samskap.municipalities.models import Municipality

PAGE_SIZE = 50


def _filtered(municipality: Municipality, form: ActorFilterForm) -> Any:
    actors = (Actor.objects.of(municipality)
              .annotate(settings_count=Count("setting_links__setting", distinct=True))
              .order_by("name", "pk"))
    if not form.is_valid():
        return actors
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        digits = q.replace(" ", "")
        actors = actors.filter(Q(name__icontains=q) | Q(description__icontains=q)
                               | (Q(org_number__contains=digits) if digits.isdigit() else Q()))
    if data["kind"]:
        actors = actors.filter(kind=data["kind"])
    if data["sector"]:
        kinds = [kind for kind, sector in SECTOR_OF_KIND.items() if sector == data["sector"]]
        actors = actors.filter(Q(sector=data["sector"]) | Q(sector="", kind__in=kinds))
    if data["group"]:
        # groups_reached is JSON; "contains" is not portable (SQLite), so match in Python.
        pks = [pk for pk, groups in actors.values_list("pk", "groups_reached")
               if data["group"] in (groups or [])]
        actors = actors.filter(pk__in=pks)
    if data["district"]:
        code = f"district:{data['district'].pk}"
        reached = [pk for pk, groups in Actor.objects.of(municipality)
                   .values_list("pk", "groups_reached") if code in (groups or [])]
        actors = actors.filter(Q(setting_links__setting__district=data["district"])
                               | Q(pk__in=reached)).distinct()
    return actors


@require_GET
def actor_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_actors", municipality)
    form = ActorFilterForm(request.GET or None, municipality=municipality)
    actors = _filtered(municipality, form)
    page = Paginator(actors, PAGE_SIZE).get_page(request.GET.get("page"))
    districts = district_names(municipality)
    sectors = dict(Sector.choices)
    for actor in page.object_list:
        actor.group_labels = [group_label(g, districts) for g in actor.groups_reached]
        actor.sector_label = sectors[actor.effective_sector]
    kinds = dict(Kind.choices)
    by_kind = [(kinds[row["kind"]], row["n"]) for row in
               Actor.objects.of(municipality).order_by().values("kind")
               .annotate(n=Count("pk")).order_by("kind")]
    template = "actors/actor_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#actor-results"
    return render(request, template, {
        "municipality": municipality, "form": form, "page": page,
        "total": Actor.objects.of(municipality).count(), "by_kind": by_kind,
        "full": request.user.has_perm("samskap.view_internal", municipality),
        "can_edit": request.user.has_perm("samskap.edit_actors", municipality),
        "mine": Actor.objects.of(municipality).filter(representatives=request.user.pk)
        if request.user.is_authenticated else [],
        "filtered": form.is_bound and (not form.is_valid() or any(form.cleaned_data.values())),
    })


def _scores(actor: Actor) -> list[dict[str, Any]]:
    return [{"name": name,
             "label": Actor._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
             "value": getattr(actor, name), "words": SCORE_WORDS.get(getattr(actor, name)),
             "help": SCORE_HELP[name]} for name in SCORES]


@require_GET
def actor_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_actors", municipality)
    actor = actor_of(municipality, pk)
    user = request.user
    full = user.has_perm("samskap.view_internal", municipality)
    staff = user.has_perm("samskap.edit_actors", municipality)
    own = bool(represents_actor(user, actor))
    districts = district_names(municipality)
    links = (actor.setting_links.select_related("setting__district")
             .order_by("setting__district__name", "setting__name", "kind"))
    return render(request, "actors/actor_detail.html", {
        "municipality": municipality, "actor": actor, "full": full, "staff": staff,
        "own": own, "can_edit": user.has_perm("samskap.edit_actor", actor),
        "sector": dict(Sector.choices)[actor.effective_sector],
        "scores": _scores(actor) if full else None,
        "groups": [group_label(g, districts) for g in actor.groups_reached],
        "resources": actor.resources.all(), "links": links,
        "representatives": actor.representatives.order_by("name") if full or own else None,
        "contacts": actor.contacts.all() if staff else None,
        "log": change_log(actor) if user.has_perm("samskap.view_audit_log", municipality)
        else None,
    })


@require_http_methods(["GET", "POST"])
def actor_new(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    form = ActorForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            actor = actions.save_actor(municipality=municipality, user=request.user,
                                       data=form.actor_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": actor.name})
            return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/actor_form.html", {
        "municipality": municipality, "form": form, "actor": None})


@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Staff change everything; a representative the profile, not the assessment."""
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actor", actor)
    form_class = (ActorForm if request.user.has_perm("samskap.edit_actors", municipality)
                  else ActorProfileForm)
    # The form works on a copy: a rejected change must not show up in the page's headings.
    form = form_class(request.POST or None, instance=Actor.objects.get(pk=actor.pk),
                      municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_actor(municipality=municipality, user=request.user,
                               data=form.actor_data(), actor=actor)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/actor_form.html", {
        "municipality": municipality, "form": form, "actor": actor,
        "profile_only": form_class is ActorProfileForm})


@require_http_methods(["GET", "POST"])
def actor_resources(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actor", actor)
    formset = ResourceFormSet(request.POST or None, initial=resource_initial(actor),
                              prefix="resources")
    if request.method == "POST" and formset.is_valid():
        actions.save_actor(municipality=municipality, user=request.user, data={}, actor=actor,
                           resources=formset.resources())  # type: ignore[attr-defined]
        messages.success(request, _("The resources were saved."))
        return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/actor_resources.html", {
        "municipality": municipality, "actor": actor, "formset": formset})


@require_http_methods(["GET", "POST"])
def actor_delete(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actors", actor)
    if request.method == "POST":
        try:
            actions.delete_actor(actor=actor, user=request.user)
        except (models.ProtectedError, models.RestrictedError):
            messages.error(request, _("“%(name)s” is a party to community work and cannot be "
                                      "deleted.") % {"name": actor.name})
            return redirect("actors:detail", number=number, pk=actor.pk)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": actor.name})
        return redirect("actors:list", number=number)
    return render(request, "actors/confirm_delete.html", {
        "municipality": municipality, "object": actor,
        "cancel": ("actors:detail", actor.pk), "counts": {
            "resources": actor.resources.count(), "contacts": actor.contacts.count(),
            "links": actor.setting_links.count()}})


@require_http_methods(["GET", "POST"])
def actor_representatives(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actors", actor)
    form = RepresentativesForm(request.POST or None, municipality=municipality,
                               initial={"representatives": actor.representatives.all()})
    if request.method == "POST" and form.is_valid():
        actions.set_representatives(actor=actor, user=request.user,
                                    representatives=form.cleaned_data["representatives"])
        messages.success(request, _("The representatives were saved."))
        return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/actor_representatives.html", {
        "municipality": municipality, "actor": actor, "form": form})


@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actors", actor)
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_contact_person(actor=actor, user=request.user, name=data["name"],
                                   email=data["email"], phone=data["phone"],
                                   purpose=data["purpose"], consent_given_at=timezone.now())
        messages.success(request, _("The contact person was added."))
        return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/contact_form.html", {
        "municipality": municipality, "actor": actor, "form": form})


@require_http_methods(["GET", "POST"])
def contact_remove(request: HttpRequest, number: str, pk: int, contact: int) -> HttpResponse:
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actors", actor)
    person = get_object_or_404(ContactPerson, actor=actor, pk=contact)
    form = ContactRemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.remove_contact_person(person=person, user=request.user,
                                      reason=form.cleaned_data["reason"])
        messages.success(request, _("The contact person was removed; nothing of them is "
                                    "kept."))
        return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/contact_remove.html", {
        "municipality": municipality, "actor": actor, "person": person, "form": form})


@require_http_methods(["GET", "POST"])
def actor_link(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Link the actor to a setting: present in, runs or reaches."""
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actors", actor)
    form = LinkSettingForm(request.POST or None, municipality=municipality, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.link_actor_to_setting(actor=actor, setting=data["setting"], kind=data["kind"],
                                      user=request.user)
        messages.success(request, _("“%(actor)s” was linked to “%(setting)s”.") % {
            "actor": actor.name, "setting": data["setting"].name})
        return redirect("actors:detail", number=number, pk=actor.pk)
    return render(request, "actors/link_form.html", {
        "municipality": municipality, "actor": actor, "setting": None, "form": form})


@require_POST
def actor_unlink(request: HttpRequest, number: str, pk: int, link: int) -> HttpResponse:
    municipality = get_municipality(number)
    actor = actor_of(municipality, pk)
    require(request, "samskap.edit_actors", actor)
    row = get_object_or_404(ActorSettingLink.objects.select_related("setting"), actor=actor,
                            pk=link)
    actions.unlink_actor_from_setting(link=row, user=request.user)
    messages.success(request, _("The link to “%(setting)s” was removed.") % {
        "setting": row.setting.name})
    if request.POST.get("next") == "setting":
        return redirect("actors:setting_detail", number=number, pk=row.setting_id)
    return redirect("actors:detail", number=number, pk=actor.pk)


urlpatterns: list[URLPattern] = [
    path("", actor_list, name="list"),
    path("new/", actor_new, name="new"),
    path("<int:pk>/", actor_detail, name="detail"),
    path("<int:pk>/edit/", actor_edit, name="edit"),
    path("<int:pk>/resources/", actor_resources, name="resources"),
    path("<int:pk>/delete/", actor_delete, name="delete"),
    path("<int:pk>/representatives/", actor_representatives, name="representatives"),
    path("<int:pk>/contacts/new/", contact_new, name="contact_new"),
    path("<int:pk>/contacts/<int:contact>/remove/", contact_remove, name="contact_remove"),
    path("<int:pk>/settings/", actor_link, name="link"),
    path("<int:pk>/settings/<int:link>/remove/", actor_unlink, name="unlink"),
]
