"""Views of the knowledge step: the indicator catalogue, the areas and one indicator's page.

All public: the statistics are open data, and the local knowledge shown next to them is the
published part only. Another municipality's own indicators are a 404 (``for_municipality``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samskap.core.access import get_municipality, require
from samskap.knowledge import presentation, queries
from samskap.knowledge.models import (
    Category,
    CommunityResource,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    Ring,
)
from samskap.municipalities.models import Municipality

GROUPINGS = ("area", "ring")


def _public(request: HttpRequest, number: str) -> Municipality:
    municipality = get_municipality(number)
    require(request, "samskap.view_public", municipality)
    return municipality


@require_GET
def index(request: HttpRequest, number: str) -> HttpResponse:
    municipality = _public(request, number)
    by = request.GET.get("by", "area")
    by = by if by in GROUPINGS else "area"
    indicators = Indicator.objects.for_municipality(municipality)
    counts = dict(indicators.values_list("category").annotate(n=Count("id")).order_by())
    areas = [(value, label, counts.get(value, 0)) for value, label in Category.choices]
    rings = []
    if by == "ring":
        listed = list(indicators.order_by("ring", "name_nb"))
        rings = [(label, [i for i in listed if i.ring == value])
                 for value, label in [*Ring.choices, ("", _("No ring given"))]]
    return render(request, "knowledge/index.html", {
        "municipality": municipality, "by": by, "areas": areas,
        "rings": [(label, items) for label, items in rings if items],
    })


@require_GET
def category(request: HttpRequest, number: str, category: str) -> HttpResponse:
    municipality = _public(request, number)
    if category not in Category.values:
        raise Http404
    indicators = list(Indicator.objects.for_municipality(municipality)
                      .filter(category=category).select_related("source"))
    rows = [presentation.area_row(statistics, statistics.indicator.get_absolute_url(
        municipality)) for statistics in queries.area_statistics(municipality, indicators)]
    return render(request, "knowledge/indicators/area.html", {
        "municipality": municipality, "category": Category(category), "rows": rows,
    })


@require_GET
def indicator(request: HttpRequest, number: str, code: str) -> HttpResponse:
    municipality = _public(request, number)
    found = get_object_or_404(Indicator.objects.for_municipality(municipality)
                              .select_related("source").prefetch_related("legal_references"),
                              code=code)
    statistics = queries.indicator_statistics(municipality, found)
    return render(request, "knowledge/indicators/indicator.html", {
        "municipality": municipality, "indicator": found, "statistics": statistics,
        "row": presentation.area_row(statistics, request.path),
        "age": presentation.age_label(statistics.age),
        "time_series": presentation.time_series_chart(statistics),
        "gradient": presentation.gradient_chart(statistics),
        "local_knowledge": LocalKnowledge.objects.published().filter(
            municipality=municipality, indicator=found).select_related("district"),
        "gaps": KnowledgeGap.objects.filter(municipality=municipality, indicator=found,
                                            is_closed=False),
        "resources": CommunityResource.objects.filter(
            municipality=municipality, indicator=found).select_related("district"),
        "add_local_url": _add_local_url(municipality, found),
    })


def _add_local_url(municipality: Municipality, found: Indicator) -> str:
    """The local-knowledge form with this indicator chosen."""
    base = reverse("knowledge:local_new", args=[municipality.number])
    return f"{base}?{urlencode({'indicator': found.code})}"


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("areas/<str:category>/", category, name="category"),
    path("indicators/<slug:code>/", indicator, name="indicator"),
]
