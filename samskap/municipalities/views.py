"""A municipality's public front page, its internal dashboard and its districts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.audit.models import AuditEntry
from samskap.core.access import get_municipality, require
from samskap.municipalities import actions
from samskap.municipalities.forms import DistrictForm
from samskap.municipalities.models import District
from samskap.planning.models import Cycle


@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    cycle = Cycle.objects.current(municipality) if municipality.uses_platform else None
    return render(request, "municipalities/detail.html", {
        "municipality": municipality,
        "cycle": cycle,
        "districts": municipality.districts.all(),
        "can_view_internal": request.user.has_perm("samskap.view_internal", municipality),
    })


@require_GET
def dashboard(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    cycle = Cycle.objects.current(municipality)
    recent = (
        AuditEntry.objects.for_municipality(municipality)[:8]
        if request.user.has_perm("samskap.view_audit_log", municipality) else []
    )
    return render(request, "municipalities/dashboard.html", {
        "municipality": municipality,
        "cycle": cycle,
        "overdue_steps": [s for s in cycle.ordered_steps if s.is_overdue()] if cycle else [],
        "recent_entries": recent,
    })


@require_GET
def districts(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    return render(request, "municipalities/districts.html", {
        "municipality": municipality,
        "districts": municipality.districts.all(),
        "can_edit": request.user.has_perm("samskap.edit_districts", municipality),
    })


@require_http_methods(["GET", "POST"])
def district_form(request: HttpRequest, number: str, pk: int | None = None) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_districts", municipality)
    district = get_object_or_404(District, pk=pk, municipality=municipality) if pk else None
    form = DistrictForm(request.POST or None, instance=district, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        actions.save_district(form.instance, request.user)
        messages.success(request, _("The district “%(name)s” was saved.") % {
            "name": form.instance.name})
        return redirect("municipalities:districts", number=number)
    return render(request, "municipalities/district_form.html", {
        "municipality": municipality, "form": form, "district": district,
    })


@require_POST
def district_delete(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_districts", municipality)
    district = get_object_or_404(District, pk=pk, municipality=municipality)
    actions.delete_district(district, request.user)
    messages.success(request, _("The district “%(name)s” was deleted.") % {"name": district.name})
    return redirect("municipalities:districts", number=number)
