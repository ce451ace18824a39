"""Helpers for the import tests: the fixture files and the indicators they hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from samskap.knowledge.actions_import import ImportResult, import_indicators
from samskap.knowledge.models import Indicator, Observation
from samskap.testing.factories import DataSourceFactory, IndicatorFactory

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"


def fixture(name: str) -> Path:
    return FIXTURES / name


def living_alone() -> Indicator:
    """An FHI indicator: people aged 45+ living alone (a cube file holds it)."""
    return IndicatorFactory(code="bor_alene_45", name_en="Living alone, 45+",
                            source_table="nokkel:187", default_measure="MEIS")


def population() -> Indicator:
    """SSB 07459: population by region, sex and age (JSON-stat finds it by its table)."""
    ssb = DataSourceFactory(code="ssb", name="Statistisk sentralbyrå")
    return IndicatorFactory(code="befolkning", name_en="Population", source=ssb,
                            source_table="ssb:07459", default_measure="Personer1",
                            unit="count", higher_is_better=None)


def wellbeing(municipality: Any) -> Indicator:
    """Eksempelvik's own survey indicator (a tidy CSV holds it)."""
    survey = DataSourceFactory(code="lokal", name="Lokal undersøkelse")
    return IndicatorFactory(code="trivsel_ung", name_en="Young people thriving",
                            municipality=municipality, source=survey, default_measure="andel")


def run(name: str, **options: Any) -> ImportResult:
    return import_indicators(fixture(name).read_bytes(), name, **options)


def cells(**filters: Any) -> dict[tuple[str, ...], tuple[Any, ...]]:
    """Stored observations as {(geo, period, sex, age, dimensions, measure): (value, flag,
    flag_symbol)}, with periods as 2022_2024 and values as text."""
    result = {}
    for o in Observation.objects.filter(**filters):
        key = (o.geo, f"{o.period_start}_{o.period_end}", o.sex, o.age, o.dimensions_key,
               o.measure)
        result[key] = (None if o.value is None else f"{o.value.normalize():f}", o.flag,
                       o.flag_symbol)
    return result
