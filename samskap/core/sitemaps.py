"""Public pages for search engines."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["core:home", "core:accessibility"]

    def location(self, item: str) -> str:
        return reverse(item)


class MunicipalitySitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Municipality.objects.on_platform().order_by("number")


class CycleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return (
            Cycle.objects.filter(municipality__uses_platform=True)
            .select_related("municipality")
            .order_by("municipality__number", "start_year")
        )


class CycleStepSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        from samskap.planning.models import CycleStep

        return (
            CycleStep.objects.filter(cycle__municipality__uses_platform=True)
            .select_related("cycle__municipality")
            .order_by("cycle__municipality__number", "cycle__start_year", "number")
        )


SITEMAPS = {
    "static": StaticSitemap,
    "municipalities": MunicipalitySitemap,
    "cycles": CycleSitemap,
    "steps": CycleStepSitemap,
}
