"""The knowledge base in a browser: areas, an area, an indicator with its charts; axe-clean."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from samskap.knowledge.models import Indicator, LocalKnowledge, Moderation, Observation
from samskap.testing.factories import IndicatorFactory
from tests.browser.conftest import Demo, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _indicator(demo: Demo) -> Indicator:
    indicator = IndicatorFactory(code="browser_bor_alene", category="population",
                                 ring="community", name_nb="Bor alene (nettlesertest)",
                                 higher_is_better=False)
    rows = []
    for geo, level, base in (("9999", "K", 27.0), ("99", "F", 25.0), ("0", "L", 24.0)):
        for year in range(2015, 2025):
            common = {"indicator": indicator, "geo": geo, "geo_level": level,
                      "period_start": year - 2, "period_end": year, "age": "45_120"}
            if geo == "9999" and year == 2019:
                rows.append(Observation(**common, measure="MEIS", flag="suppressed",
                                        flag_symbol=":"))
                continue
            value = Decimal(str(round(base + 0.3 * (year - 2015), 1)))
            rows.append(Observation(**common, measure="MEIS", value=value))
            rows.append(Observation(**common, measure="sumTELLER", value=value * 30))
            rows.append(Observation(**common, measure="sumNEVNER", value=Decimal(3000)))
            if year == 2024:
                for code, offset in (("1", 6), ("2", 1), ("3", -5)):
                    rows.append(Observation(**common, measure="MEIS", value=value + offset,
                                            dimensions={"UTDANN": code},
                                            dimensions_key=f"UTDANN={code}"))
    Observation.objects.bulk_create(rows)
    LocalKnowledge.objects.create(municipality=demo.municipality, indicator=indicator,
                                  title="Mange bor alene i sentrum", text="Bussen forsvant.",
                                  status=Moderation.PUBLISHED)
    return indicator


def test_a_visitor_reads_the_knowledge_base_without_javascript_of_its_own(page: Page,
                                                                         demo: Demo):
    indicator = _indicator(demo)
    page.goto(demo.url(demo.m + "/"))
    with page.expect_navigation():
        page.locator(f"nav.municipal-nav a[href='{demo.m}/knowledge/']").click()
    check_page(page)
    page.goto(demo.url(demo.m + "/knowledge/?by=ring"))
    check_page(page)
    page.goto(demo.url(demo.m + "/knowledge/areas/population/"))
    check_page(page)
    expect(page.locator("table.indicator-table")).to_contain_text("Bor alene (nettlesertest)")
    page.goto(demo.url(indicator.get_absolute_url(demo.municipality)))
    check_page(page)
    expect(page.locator("svg[role=img]")).to_have_count(2)  # time series and gradient
    expect(page.locator("figcaption")).to_have_count(2)
    expect(page.locator("main table caption")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Mange bor alene i sentrum")
    expect(page.locator("main")).to_contain_text("(:)")
    assert page.locator("main script").count() == 0


def test_the_indicator_page_reflows_at_320_pixels(page: Page, demo: Demo):
    indicator = _indicator(demo)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(demo.url(indicator.get_absolute_url(demo.municipality)))
    check_page(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
