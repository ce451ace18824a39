"""Settings, the arenas of everyday life, per district; their actors and their ripples."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.actors import actions
from samskap.actors.forms import LinkSettingForm, SettingForm, SettingLinkForm
from samskap.actors.models import Setting, SettingLink
from samskap.actors.views.common import setting_of
from samskap.core.access import get_municipality, require


@require_GET
def setting_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_actors", municipality)
    settings = (Setting.objects.filter(municipality=municipality).select_related("district")
                .annotate(actor_count=Count("actor_links__actor", distinct=True))
                .order_by("district__name", "name"))
    ripples = dict.fromkeys((s.pk for s in settings), 0)
    for a, b in SettingLink.objects.filter(setting_a__municipality=municipality).values_list(
            "setting_a_id", "setting_b_id"):
        ripples[a] = ripples.get(a, 0) + 1
        ripples[b] = ripples.get(b, 0) + 1
    for setting in settings:
        setting.ripple_count = ripples.get(setting.pk, 0)  # type: ignore[attr-defined]
    groups = [(district, list(rows)) for district, rows in
              groupby(settings, key=lambda s: s.district)]
    # The settings of the whole municipality (no district) come last, not first.
    groups.sort(key=lambda group: group[0] is None)
    return render(request, "actors/setting_list.html", {
        "municipality": municipality, "groups": groups, "total": len(settings),
        "can_edit": request.user.has_perm("samskap.edit_actors", municipality)})


@require_GET
def setting_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_actors", municipality)
    setting = setting_of(municipality, pk)
    ripples = (SettingLink.objects.filter(Q(setting_a=setting) | Q(setting_b=setting))
               .select_related("setting_a__district", "setting_b__district"))
    return render(request, "actors/setting_detail.html", {
        "municipality": municipality, "setting": setting,
        "links": setting.actor_links.select_related("actor").order_by("actor__name", "kind"),
        "ripples": [(link, link.setting_b if link.setting_a_id == setting.pk
                     else link.setting_a) for link in ripples],
        "can_edit": request.user.has_perm("samskap.edit_actors", municipality)})


@require_http_methods(["GET", "POST"])
def setting_form(request: HttpRequest, number: str, pk: int | None = None) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    setting = setting_of(municipality, pk) if pk is not None else None
    instance = Setting.objects.get(pk=setting.pk) if setting else None
    form = SettingForm(request.POST or None, instance=instance, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_setting(
            municipality=municipality, user=request.user, setting=setting,
            data={name: form.cleaned_data[name] for name in ("name", "kind", "district")})
        messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
        return redirect("actors:setting_detail", number=number, pk=saved.pk)
    return render(request, "actors/setting_form.html", {
        "municipality": municipality, "form": form, "setting": setting})


@require_http_methods(["GET", "POST"])
def setting_delete(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    setting = setting_of(municipality, pk)
    if request.method == "POST":
        actions.delete_setting(setting=setting, user=request.user)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": setting.name})
        return redirect("actors:settings", number=number)
    return render(request, "actors/confirm_delete.html", {
        "municipality": municipality, "object": setting,
        "cancel": ("actors:setting_detail", setting.pk), "counts": {
            "links": setting.actor_links.count(),
            "ripples": SettingLink.objects.filter(
                Q(setting_a=setting) | Q(setting_b=setting)).count()}})


@require_http_methods(["GET", "POST"])
def setting_link(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Link the setting to another one ("ripples in water")."""
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    setting = setting_of(municipality, pk)
    form = SettingLinkForm(request.POST or None, setting=setting)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        actions.link_settings(a=setting, b=other, user=request.user,
                              description=form.cleaned_data["description"])
        messages.success(request, _("“%(a)s” and “%(b)s” are linked.") % {
            "a": setting.name, "b": other.name})
        return redirect("actors:setting_detail", number=number, pk=setting.pk)
    return render(request, "actors/setting_link_form.html", {
        "municipality": municipality, "setting": setting, "form": form})


@require_POST
def setting_unlink(request: HttpRequest, number: str, pk: int, link: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    setting = setting_of(municipality, pk)
    row = get_object_or_404(SettingLink.objects.filter(Q(setting_a=setting)
                                                       | Q(setting_b=setting)), pk=link)
    actions.unlink_settings(link=row, user=request.user)
    messages.success(request, _("The link was removed."))
    return redirect("actors:setting_detail", number=number, pk=setting.pk)


@require_http_methods(["GET", "POST"])
def setting_add_actor(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Link an actor to this setting, from the setting's side."""
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    setting = setting_of(municipality, pk)
    form = LinkSettingForm(request.POST or None, municipality=municipality, setting=setting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.link_actor_to_setting(actor=data["actor"], setting=setting, kind=data["kind"],
                                      user=request.user)
        messages.success(request, _("“%(actor)s” was linked to “%(setting)s”.") % {
            "actor": data["actor"].name, "setting": setting.name})
        return redirect("actors:setting_detail", number=number, pk=setting.pk)
    return render(request, "actors/link_form.html", {
        "municipality": municipality, "actor": None, "setting": setting, "form": form})


urlpatterns: list[URLPattern] = [
    path("settings/", setting_list, name="settings"),
    path("settings/new/", setting_form, name="setting_new"),
    path("settings/<int:pk>/", setting_detail, name="setting_detail"),
    path("settings/<int:pk>/edit/", setting_form, name="setting_edit"),
    path("settings/<int:pk>/delete/", setting_delete, name="setting_delete"),
    path("settings/<int:pk>/links/", setting_link, name="setting_link"),
    path("settings/<int:pk>/links/<int:link>/remove/", setting_unlink, name="setting_unlink"),
    path("settings/<int:pk>/actors/", setting_add_actor, name="setting_add_actor"),
]
