"""Export of stored observations, and the round trip back through the tidy importer."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samskap.knowledge.actions_import import import_indicators
from samskap.knowledge.models import Observation
from samskap.knowledge.tests.importing import living_alone, population, run, wellbeing
from samskap.testing.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_indicators", *args, stdout=out)
    return out.getvalue()


def test_the_csv_has_exactly_the_agreed_columns_and_formats():
    indicator = living_alone()
    ObservationFactory(indicator=indicator, geo="0301", period_start=2022, period_end=2024,
                       age="45_120", measure="MEIS", value=Decimal("34.600000"))
    ObservationFactory(indicator=indicator, geo="0301", period_start=2022, period_end=2024,
                       age="45_120", measure="MEIS", dimensions={"UTDANN": "1", "INNVKAT": "2"},
                       dimensions_key="INNVKAT=2;UTDANN=1", value=Decimal("120.000000"))
    ObservationFactory(indicator=indicator, geo="0301", sex="2", period_start=2024,
                       period_end=2024, age="45_120", measure="MEIS", value=None,
                       flag="suppressed", flag_symbol=":")
    ObservationFactory(indicator=indicator, geo="0", period_start=2024, period_end=2024,
                       age="", measure="RATE", value=Decimal("0.000500"))

    assert export() == (
        "indicator,geo,period_start,period_end,sex,age,dimensions,measure,value,flag\n"
        "bor_alene_45,0,2024,2024,0,,,RATE,0.0005,\n"
        "bor_alene_45,0301,2022,2024,0,45_120,,MEIS,34.6,\n"
        'bor_alene_45,0301,2022,2024,0,45_120,INNVKAT=2;UTDANN=1,MEIS,120,\n'
        "bor_alene_45,0301,2024,2024,2,45_120,,MEIS,,suppressed\n"
    )


def test_the_json_export_has_exact_numbers_and_null_for_flagged_cells():
    indicator = living_alone()
    ObservationFactory(indicator=indicator, geo="9999", value=Decimal("12.340000"),
                       dimensions={"UTDANN": "1"}, dimensions_key="UTDANN=1")
    ObservationFactory(indicator=indicator, geo="9999", sex="1", value=None,
                       flag="not_computable")

    data = json.loads(export("--format", "json"))

    assert data["observations"] == [
        {"indicator": "bor_alene_45", "geo": "9999", "period_start": 2022, "period_end": 2024,
         "sex": "0", "age": "0_120", "dimensions": {"UTDANN": "1"}, "measure": "MEIS",
         "value": 12.34, "flag": ""},
        {"indicator": "bor_alene_45", "geo": "9999", "period_start": 2022, "period_end": 2024,
         "sex": "1", "age": "0_120", "dimensions": {}, "measure": "MEIS", "value": None,
         "flag": "not_computable"},
    ]


def test_a_municipalitys_export_has_its_places_its_county_and_norway(eksempelvik):
    indicator = living_alone()
    for geo in ("0", "99", "9999", "999901", "9999010101", "9998", "98", "0301"):
        ObservationFactory(indicator=indicator, geo=geo)

    text = export("--municipality", "9999", "--indicator", "bor_alene_45")

    geos = [line.split(",")[1] for line in text.splitlines()[1:]]
    assert geos == ["0", "99", "9999", "999901", "9999010101"]


def test_the_export_is_written_to_a_file(tmp_path):
    ObservationFactory(indicator=living_alone())
    target = tmp_path / "out.csv"

    export("--output", str(target))

    assert target.read_text(encoding="utf-8").startswith("indicator,geo,")


def test_unknown_municipality_or_indicator_is_an_error():
    with pytest.raises(CommandError, match="No municipality numbered 1234"):
        export("--municipality", "1234")
    with pytest.raises(CommandError, match="No indicator with the code 'nope'"):
        export("--indicator", "nope")


def test_exporting_and_importing_again_gives_the_same_observations(eksempelvik):
    living_alone_45 = living_alone()
    population()
    wellbeing(eksempelvik)
    run("fhi_every_flag_and_geo.csv", indicator=living_alone_45)
    run("fhi_education_aliases.csv", indicator=living_alone_45, dry_run=False)
    run("ssb_07459_sparse.json")
    run("tidy_survey.csv")
    fields = ("indicator__code", "geo", "geo_level", "period_start", "period_end", "sex", "age",
              "dimensions", "dimensions_key", "measure", "value", "flag")
    before = sorted(map(repr, Observation.objects.values_list(*fields)))
    exported = export()
    Observation.objects.all().delete()

    result = import_indicators(exported.encode(), "export.csv")

    assert result.summary["format"] == "tidy_csv"
    assert sorted(map(repr, Observation.objects.values_list(*fields))) == before
    assert export() == exported
