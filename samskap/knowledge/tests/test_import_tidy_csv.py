"""Tidy CSV for local surveys: the municipality's own indicators, flags by name, extra columns
as dimensions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from samskap.knowledge.actions_import import ImportFailed, import_indicators
from samskap.knowledge.models import Observation
from samskap.knowledge.tests.importing import cells, living_alone, run, wellbeing
from samskap.testing.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def tidy(text: str, **options) -> object:
    return import_indicators(text.encode(), "survey.csv", **options)


def test_eksempelviks_own_survey_is_imported_with_its_school_as_a_dimension(eksempelvik):
    indicator = wellbeing(eksempelvik)

    result = run("tidy_survey.csv", municipality=eksempelvik)

    assert cells(indicator=indicator) == {
        ("9999", "2024_2024", "0", "13_15", "", "andel"): ("81.5", "", ""),
        ("9999", "2024_2024", "1", "13_15", "", "andel"): ("79", "", ""),
        ("9999", "2024_2024", "2", "13_15", "", "andel"): (None, "suppressed", ":"),
        ("999901", "2024_2024", "0", "13_15", "skole=Nordbyen skole", "andel"): (
            "84.25", "", ""),
    }
    assert result.summary["rejected"] == 1  # Norway's row: maintained centrally
    assert result.summary["format"] == "tidy_csv"


def test_another_municipalitys_own_indicator_is_unknown_here(eksempelvik):
    wellbeing(MunicipalityFactory(number="9998", name="Nabovik"))

    with pytest.raises(ImportFailed) as failure:
        run("tidy_survey.csv", municipality=eksempelvik)

    assert (failure.value.line, failure.value.column) == (2, "indicator")
    assert "no indicator with the code 'trivsel_ung'" in failure.value.message


def test_an_unknown_indicator_code_names_its_line(eksempelvik):
    wellbeing(eksempelvik)

    with pytest.raises(ImportFailed, match="line 3, column indicator: no indicator with the "
                                           "code 'finnes_ikke'"):
        run("tidy_unknown_indicator.csv", municipality=eksempelvik)
    assert not Observation.objects.exists()


def test_the_indicator_column_may_be_left_out_when_the_indicator_is_named():
    indicator = living_alone()

    tidy("geo;period_start;period_end;value\n301;2022;2024;12,5\n", indicator=indicator)

    stored = Observation.objects.get()
    assert (stored.geo, stored.period_start, stored.period_end, stored.measure, stored.value) == (
        "0301", 2022, 2024, "MEIS", Decimal("12.5"))


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("indicator,geo,period,value\nbor_alene_45,9999,2024,\n", 2, "value", "empty: give a value"),
    ("indicator,geo,period,value,flag\nbor_alene_45,9999,2024,,hidden\n", 2, "flag",
     "expected empty or one of"),
    ("indicator,geo,period,sex,value\nbor_alene_45,9999,2024,3,1\n", 2, "sex", "expected 0"),
    ("indicator,geo,period,age,value\nbor_alene_45,9999,2024,45+,1\n", 2, "age",
     "not an age group"),
    ("indicator,geo,period,value\nbor_alene_45,Oslo,2024,1\n", 2, "geo",
     "not a geography code: 'Oslo'"),
    ("indicator,geo,period,value\nbor_alene_45,9999,2024,1\nbor_alene_45,9999,2024,2\n", 3,
     "value", "the same cell as line 2"),
    ("indicator,geo,period,dimensions,value\nbor_alene_45,9999,2024,UTDANN,1\n", 2,
     "dimensions", "expected KEY=VALUE pairs"),
    ("indicator,geo,period,measure,value\nbor_alene_45,9999,2024,=cmd(),1\n", 2, "measure",
     "a measure code is"),
    ("indicator,geo,value\nbor_alene_45,9999,1\n", 1, "period", "missing column period"),
])
def test_a_bad_tidy_file_is_refused_with_its_line_and_column(text, line, column, message):
    living_alone()

    with pytest.raises(ImportFailed) as failure:
        tidy(text)

    assert (failure.value.line, failure.value.column) == (line, column)
    assert message in failure.value.message
    assert not Observation.objects.exists()


def test_a_flag_with_a_value_keeps_the_flag_and_warns():
    living_alone()

    result = tidy("indicator,geo,period,value,flag\nbor_alene_45,9999,2024,0,suppressed\n")

    assert (Observation.objects.get().value, Observation.objects.get().flag) == (
        None, "suppressed")
    assert result.summary["warnings"] == 1
