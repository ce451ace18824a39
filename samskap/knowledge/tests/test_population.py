"""The population the equity monitor compares participants with."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

import pytest

from samskap.knowledge.demo import load_demo_observations
from samskap.knowledge.models import GeoLevel, Indicator, Observation
from samskap.knowledge.population import population_of
from samskap.municipalities.models import District
from samskap.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

BANDS = {"0-17": (0, 17), "18-29": (18, 29), "30-44": (30, 44), "45-66": (45, 66),
         "67-79": (67, 79), "80+": (80, 120)}


def catalogue_indicator(code: str) -> Indicator:
    return cast(Indicator, IndicatorFactory(code=code, default_measure="Personer1",
                                            unit="count"))


def cell(indicator, geo, level, year, sex, age, value, **extra):  # type: ignore[no-untyped-def]
    return Observation(indicator=indicator, geo=geo, geo_level=level, period_start=year,
                       period_end=year, sex=sex, age=age, measure="Personer1",
                       value=Decimal(value), **extra)


def test_the_latest_year_by_district_sex_and_age(eksempelvik) -> None:  # type: ignore[no-untyped-def]
    sentrum = District.objects.create(municipality=eksempelvik, name="Sentrum", code="999901")
    nord = District.objects.create(municipality=eksempelvik, name="Nordbyen", code="999902")
    indicator = catalogue_indicator("befolkning")
    Observation.objects.bulk_create([
        cell(indicator, "999901", GeoLevel.DISTRICT, 2024, "0", "", 600),
        cell(indicator, "999902", GeoLevel.DISTRICT, 2024, "0", "", 400),
        cell(indicator, "999901", GeoLevel.DISTRICT, 2023, "0", "", 590),
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "1", "0_12", 130),
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "2", "0_12", 120),
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "1", "13_17", 50),
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "2", "13_29", 170),
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "1", "80_120", 30),
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "0", "", 1000),
        # Another year, a flagged cell and another municipality are not counted.
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2023, "1", "0_12", 999),
        Observation(indicator=indicator, geo="9999", geo_level=GeoLevel.MUNICIPALITY,
                    period_start=2024, period_end=2024, sex="2", age="80_120",
                    measure="Personer1", value=None, flag="suppressed"),
        cell(indicator, "9998", GeoLevel.MUNICIPALITY, 2024, "1", "0_12", 777),
    ])
    population = population_of(eksempelvik)
    assert population.year == 2024
    assert population.by_district == {sentrum.pk: 600, nord.pk: 400}
    assert population.by_sex == {"1": 210, "2": 290}
    # 13_29 straddles two bands: 5 of its 17 years are under 18.
    assert population.by_age(BANDS) == {
        "0-17": 250 + 50 + round(170 * 5 / 17) - 0, "18-29": round(170 * 12 / 17),
        "30-44": 0, "45-66": 0, "67-79": 0, "80+": 30}
    assert population.by_education is None


def test_nothing_imported_means_nothing_to_compare_with(eksempelvik) -> None:  # type: ignore[no-untyped-def]
    population = population_of(eksempelvik)
    assert population.year is None and population.by_sex == {} and population.by_district == {}


def test_education_when_a_breakdown_was_imported(eksempelvik) -> None:  # type: ignore[no-untyped-def]
    indicator = catalogue_indicator("utdanningsniva")
    Observation.objects.bulk_create([
        cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2024, "0", "16_120", people,
             dimensions={"UTDANN": level}, dimensions_key=f"UTDANN={level}")
        for level, people in (("1", 2500), ("2", 4000), ("3", 3500))
    ] + [cell(indicator, "9999", GeoLevel.MUNICIPALITY, 2023, "0", "16_120", 10,
              dimensions={"UTDANN": "1"}, dimensions_key="UTDANN=1")])
    assert population_of(eksempelvik).by_education == {"1": 2500, "2": 4000, "3": 3500}


def test_the_demo_population_adds_up(eksempelvik) -> None:  # type: ignore[no-untyped-def]
    from samskap.core.demo import DISTRICTS
    from samskap.knowledge.catalogue import load_catalogue

    for name, code, people in DISTRICTS:
        District.objects.create(municipality=eksempelvik, name=name, code=code,
                                population=people)
    load_catalogue()
    load_demo_observations(eksempelvik)
    population = population_of(eksempelvik)
    assert population.year is not None
    total = sum(population.by_district.values())
    assert total == sum(population.by_sex.values()) == sum(population.by_age(BANDS).values())
    assert len(population.by_district) == len(DISTRICTS)
