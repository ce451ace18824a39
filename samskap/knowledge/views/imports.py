"""Views of the knowledge step: imports of indicator data (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samskap.core.access import get_municipality, require
from samskap.knowledge.forms_import import ImportForm, summary_rows
from samskap.knowledge.models import ImportBatch
from samskap.municipalities.models import Municipality

LIST_LENGTH = 50


def _batches(municipality: Municipality) -> QuerySet[ImportBatch]:
    """The municipality's imports and the national ones (made on the command line)."""
    return (ImportBatch.objects
            .filter(Q(municipality=municipality) | Q(municipality__isnull=True))
            .select_related("imported_by", "municipality").prefetch_related("indicators"))


@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.import_indicators", municipality)
    form = ImportForm(request.POST or None, request.FILES or None, municipality=municipality)
    result = None
    if request.method == "POST" and form.is_valid():
        result = form.run_import(request.user)
        if result is not None and result.batch is not None:
            messages.success(request, _("The file “%(file)s” was imported.") % {
                "file": result.batch.file_name})
            return redirect("knowledge:import_detail", number=number, pk=result.batch.pk)
    return render(request, "knowledge/imports/list.html", {
        "municipality": municipality, "form": form, "result": result,
        "summary": summary_rows(result.summary) if result else None,
        "batches": _batches(municipality)[:LIST_LENGTH],
    })


@require_GET
def import_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.import_indicators", municipality)
    batch = get_object_or_404(_batches(municipality), pk=pk)
    return render(request, "knowledge/imports/detail.html", {
        "municipality": municipality, "batch": batch, "summary": summary_rows(batch.summary),
        "observations": batch.observations.count(),
    })


urlpatterns: list[URLPattern] = [
    path("imports/", imports, name="imports"),
    path("imports/<int:pk>/", import_detail, name="import_detail"),
]
