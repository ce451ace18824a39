"""The knowledge base's public pages: the areas, each area's indicators and one indicator.

Eksempelvik (9999) lies in county 99; Norway is geo "0". Values are made up.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samskap.knowledge.models import (
    CommunityResource,
    Indicator,
    KnowledgeGap,
    LegalReference,
    Moderation,
    Observation,
)
from samskap.testing.factories import (
    IndicatorFactory,
    LocalKnowledgeFactory,
    MunicipalityFactory,
    ObservationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def observe(indicator: Indicator, geo: str, year: int, value: float | None, *,
            measure: str = "MEIS", flag: str = "", symbol: str = "",
            dimensions: dict[str, str] | None = None, age: str = "0_120") -> Observation:
    dimensions = dimensions or {}
    level = {1: "L", 2: "F", 4: "K"}[len(geo)]
    return ObservationFactory(
        indicator=indicator, geo=geo, geo_level=level, period_start=year, period_end=year,
        age=age, measure=measure, flag=flag, flag_symbol=symbol,
        value=None if value is None else Decimal(str(value)),
        dimensions=dimensions, dimensions_key=Observation.key_for(dimensions))


def series(indicator: Indicator, geo: str, values: dict[int, float | None], **kwargs: Any) -> None:
    for year, value in values.items():
        observe(indicator, geo, year, value, **kwargs)


def living_alone(**kwargs: Any) -> Indicator:
    defaults = {"code": "bor_alene_45", "name_en": "Living alone, 45 years and over",
                "name_nb": "Bor alene, 45 år +", "category": "population",
                "higher_is_better": False}
    return IndicatorFactory(**{**defaults, **kwargs})


def with_counts(indicator: Indicator, geo: str, year: int, value: float, numerator: int,
                denominator: int) -> None:
    observe(indicator, geo, year, value)
    observe(indicator, geo, year, numerator, measure="sumTELLER")
    observe(indicator, geo, year, denominator, measure="sumNEVNER")


def area_url(number: str = "9999", category: str = "population") -> str:
    return reverse("knowledge:category", args=[number, category])


def indicator_url(indicator: Indicator, number: str = "9999") -> str:
    return reverse("knowledge:indicator", args=[number, indicator.code])


# Public ----------------------------------------------------------------------------------------

def test_anyone_can_read_the_knowledge_base_without_logging_in(client, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2022: 27.0, 2023: 27.5})
    for url in (reverse("knowledge:index", args=["9999"]), area_url(), indicator_url(indicator)):
        assert client.get(url).status_code == 200, url


def test_cem_the_citizen_reads_the_same_pages(client, cem):
    indicator = living_alone()
    client.force_login(cem)
    assert client.get(indicator_url(indicator)).status_code == 200


def test_the_municipal_menu_links_to_the_knowledge_base(client, eksempelvik):
    response = client.get(eksempelvik.get_absolute_url())
    assert reverse("knowledge:index", args=["9999"]).encode() in response.content


def test_the_index_lists_all_seven_areas_with_their_counts(english, eksempelvik):
    living_alone()
    IndicatorFactory(category="population")
    IndicatorFactory(category="quality_of_life")
    response = english.get(reverse("knowledge:index", args=["9999"]))
    areas = response.context["areas"]
    assert len(areas) == 7
    assert dict((value, count) for value, _label, count in areas)["population"] == 2
    assert "Quality of life" in response.content.decode()
    assert area_url(category="quality_of_life") in response.content.decode()


def test_the_index_groups_by_determinant_ring_on_request(english, eksempelvik):
    living_alone(ring="community")
    response = english.get(reverse("knowledge:index", args=["9999"]), {"by": "ring"})
    assert response.context["by"] == "ring"
    assert "Community qualities" in response.content.decode()
    assert "Living alone, 45 years and over" in response.content.decode()


def test_an_unknown_grouping_falls_back_to_areas(client, eksempelvik):
    response = client.get(reverse("knowledge:index", args=["9999"]), {"by": "<script>"})
    assert response.context["by"] == "area"
    assert b"<script>" not in response.content


def test_an_unknown_area_is_not_found(client, eksempelvik):
    assert client.get(area_url(category="nonsense")).status_code == 404


def test_an_unknown_indicator_is_not_found(client, eksempelvik):
    assert client.get(reverse("knowledge:indicator", args=["9999", "nope"])).status_code == 404


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get(reverse("knowledge:index", args=["1234"])).status_code == 404


def test_nabovik_own_indicator_is_not_visible_under_eksempelvik(client, eksempelvik, nabovik):
    own = IndicatorFactory(code="nabovik_survey", municipality=nabovik, category="population")
    assert client.get(indicator_url(own, "9999")).status_code == 404
    assert client.get(indicator_url(own, "9998")).status_code == 200
    assert own.name_nb not in client.get(area_url("9999")).content.decode()
    assert own.name_nb in client.get(area_url("9998")).content.decode()


def test_an_inactive_indicator_is_not_shown(client, eksempelvik):
    retired = living_alone(is_active=False)
    assert client.get(indicator_url(retired)).status_code == 404


# The area page ---------------------------------------------------------------------------------

def test_the_area_page_shows_the_latest_value_its_period_and_the_unit(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2020: 25.0, 2021: 25.5, 2022: 27.6})
    html = english.get(area_url()).content.decode()
    assert "27.6\u00a0%" in html
    assert "(2022)" in html
    assert "per cent" in html


def test_a_significantly_higher_share_is_worse_when_lower_is_better(english, eksempelvik):
    indicator = living_alone()
    with_counts(indicator, "9999", 2024, 30.0, 300, 1000)
    observe(indicator, "99", 2024, 25.0)
    observe(indicator, "0", 2024, 20.0)
    html = english.get(area_url()).content.decode()
    assert "Worse than Eksempel fylke" in html
    assert "Worse than Norway" in html


def test_a_small_difference_in_a_small_municipality_is_no_different(english, eksempelvik):
    indicator = living_alone()
    with_counts(indicator, "9999", 2024, 30.0, 6, 20)
    observe(indicator, "0", 2024, 25.0)
    html = english.get(area_url()).content.decode()
    assert "No different from Norway" in html


def test_without_numerator_and_denominator_no_test_was_possible(english, eksempelvik):
    indicator = living_alone()
    observe(indicator, "9999", 2024, 30.0)
    observe(indicator, "99", 2024, 25.0)
    html = english.get(area_url()).content.decode()
    assert "No test was possible: numerator and denominator are not known" in html


def test_a_missing_county_value_is_said_plainly(english, eksempelvik):
    indicator = living_alone()
    with_counts(indicator, "9999", 2024, 30.0, 300, 1000)
    html = english.get(area_url()).content.decode()
    assert "No test was possible: no value to compare with for the same period" in html


def test_a_suppressed_latest_value_is_shown_as_its_flag_never_as_zero(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2021: 25.0, 2022: 26.0})
    observe(indicator, "9999", 2023, None, flag="suppressed", symbol=":")
    observe(indicator, "0", 2023, 20.0)
    html = english.get(area_url()).content.decode()
    assert "anonymised (:)" in html
    assert not re.search(r"(?<![\d.])0(\.0)?\u00a0%", html)
    assert "No test was possible: the value is not published" in html


def test_the_trend_is_in_words_beside_a_hidden_sparkline(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2020: 20.0, 2021: 22.0, 2022: 24.0, 2023: 26.0, 2024: 28.0})
    html = english.get(area_url()).content.decode()
    assert "Rising (worse)" in html
    assert 'class="sparkline"' in html and 'aria-hidden="true"' in html


def test_the_area_page_explains_the_method(english, eksempelvik):
    observe(living_alone(), "9999", 2024, 1.0)
    html = english.get(area_url()).content.decode()
    assert "Wilson score interval" in html


def test_an_area_without_indicators_says_so(english, eksempelvik):
    assert "no indicators in this area yet" in english.get(area_url()).content.decode()


def make_indicators(count: int) -> None:
    for index in range(count):
        indicator = IndicatorFactory(category="population")
        for geo in ("9999", "99", "0"):
            with_counts(indicator, geo, 2023, 20.0 + index % 5, 200, 1000)
            with_counts(indicator, geo, 2024, 21.0, 210, 1000)


@pytest.mark.parametrize("count", [5, 25])
def test_the_area_page_needs_the_same_few_queries_for_5_or_25_indicators(
        client, eksempelvik, count, django_assert_max_num_queries):
    make_indicators(count)
    with django_assert_max_num_queries(4):
        response = client.get(area_url())
    assert len(response.context["rows"]) == count


# The indicator page ----------------------------------------------------------------------------

def test_the_indicator_page_describes_the_indicator(english, eksempelvik):
    indicator = living_alone(definition_en="Share of people aged 45+ living alone.",
                             source_table="nokkel:187")
    indicator.legal_references.add(LegalReference.objects.create(
        law="Folkehelseloven", provision="§ 5", summary="The overview"))
    html = english.get(indicator_url(indicator)).content.decode()
    assert "Share of people aged 45+ living alone." in html
    assert "table nokkel:187" in html
    assert "Folkehelseinstituttet" in html
    assert "Folkehelseloven § 5" in html
    assert "no, lower is better" in html


def test_the_time_series_chart_has_a_summary_and_a_table_of_every_number(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2015: 25.1, 2020: 26.0, 2024: 27.6})
    series(indicator, "99", {2015: 24.0, 2024: 24.9})
    series(indicator, "0", {2024: 26.0})
    response = english.get(indicator_url(indicator))
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-labelledby="time-series-title' in html
    assert ("In 2024 the value for Eksempelvik was 27.6\u00a0%, up from 25.1\u00a0% in 2015; "
            "in the same period: Eksempel fylke: 24.9\u00a0%, Norway: 26.0\u00a0%.") in html
    table = response.context["time_series"].table
    assert table.columns == ("Eksempelvik", "Eksempel fylke", "Norway")
    assert table.rows[0] == ("2015", ("25.1", "24.0", "–"))
    assert table.rows[-1] == ("2024", ("27.6", "24.9", "26.0"))
    assert "<caption>Living alone, 45 years and over over time</caption>" in html
    assert '<th scope="row">2020</th>' in html


def test_a_flagged_point_is_a_gap_explained_in_the_table(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2022: 25.0, 2024: 27.0})
    observe(indicator, "9999", 2023, None, flag="suppressed", symbol=":")
    response = english.get(indicator_url(indicator))
    html = response.content.decode()
    assert response.context["time_series"].has_gaps
    assert 'class="gap"' in html
    assert "<td>anonymised (:)</td>" in html
    assert "A cross on the chart marks a period with no published value" in html


def test_the_gradient_chart_appears_for_data_stratified_by_education(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2024: 27.0})
    for code, value in (("1", 35.0), ("2", 27.0), ("3", 18.0)):
        observe(indicator, "9999", 2024, value, dimensions={"UTDANN": code})
        observe(indicator, "0", 2024, value - 2, dimensions={"UTDANN": code})
    response = english.get(indicator_url(indicator))
    gradient = response.context["gradient"]
    assert gradient is not None
    assert [label for label, _cells in gradient.table.rows] == [
        "Primary school", "Upper secondary school", "Higher education"]
    assert gradient.table.columns == ("Eksempelvik", "Norway")
    html = response.content.decode()
    assert "Social gradient" in html
    assert "Primary school: 35.0\u00a0%; Upper secondary school: 27.0\u00a0%" in html


def test_the_gradient_chart_appears_for_income_groups_too(english, eksempelvik):
    indicator = living_alone()
    for code, value in (("1", 30.0), ("5", 10.0)):
        observe(indicator, "9999", 2024, value, dimensions={"INNTEKT": code})
    gradient = english.get(indicator_url(indicator)).context["gradient"]
    assert [label for label, _cells in gradient.table.rows] == ["Income group 1",
                                                                 "Income group 5"]


def test_there_is_no_gradient_chart_for_data_not_stratified(english, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2023: 26.0, 2024: 27.0})
    observe(indicator, "9999", 2024, 5.0, dimensions={"INNVKAT": "20"})
    response = english.get(indicator_url(indicator))
    assert response.context["gradient"] is None
    assert "Social gradient" not in response.content.decode()


def test_a_suppressed_stratum_shows_its_flag_in_the_gradient(english, eksempelvik):
    indicator = living_alone()
    observe(indicator, "9999", 2024, 35.0, dimensions={"UTDANN": "1"})
    observe(indicator, "9999", 2024, None, flag="suppressed", symbol=":",
            dimensions={"UTDANN": "3"})
    gradient = english.get(indicator_url(indicator)).context["gradient"]
    assert gradient.table.rows[-1] == ("Higher education", ("anonymised (:)",))


def test_published_local_knowledge_stands_beside_the_statistics(english, eksempelvik, nabovik):
    indicator = living_alone()
    LocalKnowledgeFactory(municipality=eksempelvik, indicator=indicator,
                          status=Moderation.PUBLISHED, title="Many live alone by the harbour")
    LocalKnowledgeFactory(municipality=eksempelvik, indicator=indicator,
                          status=Moderation.PENDING, title="Not yet moderated")
    LocalKnowledgeFactory(municipality=nabovik, indicator=indicator,
                          status=Moderation.PUBLISHED, title="From Nabovik")
    KnowledgeGap.objects.create(municipality=eksempelvik, indicator=indicator,
                                title="Who is lonely?", how_to_learn="Ask the pensioners")
    KnowledgeGap.objects.create(municipality=eksempelvik, indicator=indicator,
                                title="Closed gap", is_closed=True)
    CommunityResource.objects.create(municipality=eksempelvik, indicator=indicator,
                                     title="The Tuesday dinner club")
    html = english.get(indicator_url(indicator)).content.decode()
    assert "Many live alone by the harbour" in html
    assert "Not yet moderated" not in html
    assert "From Nabovik" not in html
    assert "Who is lonely?" in html and "Ask the pensioners" in html
    assert "Closed gap" not in html
    assert "The Tuesday dinner club" in html


def test_it_links_to_adding_local_knowledge_about_this_indicator(english, eksempelvik):
    indicator = living_alone()
    html = english.get(indicator_url(indicator)).content.decode()
    assert "/k/9999/knowledge/local/new/?indicator=bor_alene_45" in html
    assert "Add local knowledge" in html


def test_an_indicator_without_values_says_so(english, eksempelvik):
    html = english.get(indicator_url(living_alone())).content.decode()
    assert "There are no values for this indicator yet." in html


@pytest.mark.parametrize("count", [5, 25])
def test_the_indicator_page_needs_a_fixed_number_of_queries(
        client, eksempelvik, count, django_assert_max_num_queries):
    indicator = living_alone()
    for year in range(2024 - count, 2025):
        for geo in ("9999", "99", "0"):
            with_counts(indicator, geo, year, 20.0, 200, 1000)
            for code in ("1", "2", "3"):
                observe(indicator, geo, year, 20.0, dimensions={"UTDANN": code})
    for _ in range(count):
        LocalKnowledgeFactory(municipality=eksempelvik, indicator=indicator,
                              status=Moderation.PUBLISHED)
    with django_assert_max_num_queries(8):
        response = client.get(indicator_url(indicator))
    assert response.status_code == 200


def test_the_pages_work_in_bokmal_with_a_decimal_comma(client, eksempelvik):
    indicator = living_alone()
    series(indicator, "9999", {2023: 26.0, 2024: 27.6})
    assert "27,6\u00a0%" in client.get(area_url()).content.decode()


def test_nabovik_pages_use_their_own_county_and_values(english, nabovik):
    other = MunicipalityFactory(number="9997", county_number="98", county="Annet fylke")
    indicator = living_alone()
    observe(indicator, "9997", 2024, 30.0)
    observe(indicator, "98", 2024, 20.0)
    observe(indicator, "9999", 2024, 99.0)
    html = english.get(area_url(other.number)).content.decode()
    assert "30.0\u00a0%" in html
    assert "(20.0\u00a0%)" in html
    assert "99.0" not in html


def test_the_age_group_is_said_in_words(english, eksempelvik):
    indicator = living_alone()
    observe(indicator, "9999", 2024, 30.0, age="45_120")
    html = english.get(indicator_url(indicator)).content.decode()
    assert "45 years and over" in html


def test_staff_find_the_import_page_from_the_knowledge_base(client, per, cem):
    from django.urls import reverse

    index = reverse("knowledge:index", args=["9999"])
    imports = reverse("knowledge:imports", args=["9999"])
    client.force_login(per)
    assert imports in client.get(index).content.decode()
    client.force_login(cem)
    assert imports not in client.get(index).content.decode()
