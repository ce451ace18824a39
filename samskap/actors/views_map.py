"""The community map: the network of actors and settings, the stakeholder grid, and the
"who is missing" nudges with their dismissals.

Internal pages (``samskap.view_internal``); the municipality's staff may set a nudge aside for
a stated reason and undo that (``samskap.dismiss_nudges``). Everything works without
JavaScript; ``network-keys.js`` adds arrow-key movement between linked nodes of the drawing.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.actors import actions, actions_map, community_map, map_tables, presentation
from samskap.actors.forms_map import DismissNudgeForm, MapFilterForm
from samskap.actors.models import NudgeDismissal
from samskap.core.access import get_municipality, require
from samskap.municipalities.models import Municipality
from samskap.processes.involvement import involved_actor_ids


def involved_on_map(municipality: Municipality) -> Collection[int] | None:
    """Who counts as involved on the community map: the actors invited to the current cycle's
    processes that are under way (neither drafts nor closed). None while no one is: the
    nudges then look at the registered community itself (silent voices, sectors and groups
    no actor covers), since against no work at all every actor would be "missing"."""
    involved = involved_actor_ids(municipality)
    return involved or None


def _back(request: HttpRequest, municipality: Municipality) -> str:
    """Where to return after dismissing or restoring: ``next`` if it is ours, else the list."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("actors:nudges", kwargs={"number": municipality.number})


def _nudge_context(request: HttpRequest, municipality: Municipality) -> dict[str, object]:
    return {
        "nudges": presentation.nudges_for(municipality, involved=involved_on_map(municipality)),
        "can_dismiss": request.user.has_perm("samskap.dismiss_nudges", municipality),
    }


#: The tables of the network page that htmx may swap alone (their ids and partials).
TABLE_PARTIALS = ("actors-table", "settings-table")


@require_GET
def network_map(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    form = MapFilterForm(request.GET or None, municipality=municipality)
    with community_map.collection_paused():  # the objects of a large map (its docstring)
        data = community_map.community_map(municipality, **form.filters())
        context = {"municipality": municipality, "form": form, "map": data,
                   "current": "network", "tables": map_tables.network_tables(
                       data, request.path, request.GET, municipality.number)}
        # htmx turning a page of one table swaps that table alone (a plain link loads all).
        target = request.htmx.target if request.htmx else None  # type: ignore[attr-defined]
        if target in TABLE_PARTIALS:
            return render(request, f"actors/map/network.html#{target}", context)
        return render(request, "actors/map/network.html", {
            **context, **_nudge_context(request, municipality)})


@require_GET
def grid(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    form = MapFilterForm(request.GET or None, municipality=municipality, with_order=False)
    grid = community_map.stakeholder_grid(municipality, **form.filters())
    actor_url = map_tables.url_maker("actors:detail", municipality.number)
    return render(request, "actors/map/grid.html", {
        "municipality": municipality, "form": form, "current": "grid", "grid": grid,
        "placed_rows": map_tables.stakeholder_rows(grid.placed, actor_url),
        "unplaced_items": map_tables.unplaced_items(grid.unplaced, actor_url),
        "quadrants": [(key, community_map.QUADRANT_LABELS[key],
                       community_map.QUADRANT_ADVICE[key])
                      for key in community_map.QUADRANT_ORDER],
        "high_from": community_map.HIGH_FROM,
        **_nudge_context(request, municipality),
    })


@require_GET
def nudges(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    return render(request, "actors/map/nudges.html", {
        "municipality": municipality, "current": "nudges",
        "dismissals": presentation.dismissals_with_titles(municipality),
        **_nudge_context(request, municipality),
    })


@require_http_methods(["GET", "POST"])
def nudge_dismiss(request: HttpRequest, number: str, code: str, subject: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.dismiss_nudges", municipality)
    title = presentation.title_of(municipality, code, subject)
    if title is None:
        raise Http404
    form = DismissNudgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.dismiss_nudge(municipality=municipality, code=code, subject=subject,
                                  reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("“%(title)s” was set aside. You can undo this under "
                                        "“Nudges set aside”.") % {"title": title})
            return redirect(_back(request, municipality))
    return render(request, "actors/map/dismiss.html", {
        "municipality": municipality, "form": form, "title": title, "code": code,
        "subject": subject, "next": _back(request, municipality),
    })


@require_POST
def nudge_restore(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.dismiss_nudges", municipality)
    dismissal = get_object_or_404(NudgeDismissal, pk=pk, municipality=municipality)
    title = presentation.title_of(municipality, dismissal.code, dismissal.subject)
    actions_map.restore_nudge(dismissal=dismissal, user=request.user)
    messages.success(request, _("“%(title)s” shows again.") % {
        "title": title or f"{dismissal.code} {dismissal.subject}"})
    return redirect(_back(request, municipality))


urlpatterns: list[URLPattern] = [
    path("map/", network_map, name="map"),
    path("grid/", grid, name="grid"),
    path("nudges/", nudges, name="nudges"),
    path("nudges/<str:code>/<str:subject>/dismiss/", nudge_dismiss, name="nudge_dismiss"),
    path("nudges/dismissed/<int:pk>/restore/", nudge_restore, name="nudge_restore"),
]
