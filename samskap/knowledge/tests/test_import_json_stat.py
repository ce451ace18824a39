"""JSON-stat 2 from SSB and FHI: dense and sparse values, status symbols read by their source,
unordered indexes, K- prefixed regions, and the checks that refuse a broken document."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from samskap.knowledge.actions_import import ImportFailed, import_indicators
from samskap.knowledge.importers.json_stat import age_code
from samskap.knowledge.models import ImportBatch, Observation
from samskap.knowledge.tests.importing import cells, fixture, living_alone, population, run

pytestmark = pytest.mark.django_db

POPULATION = {
    ("9999", "2025_2025", "1", "0_0", "", "Personer1"): ("120", "", ""),
    ("9999", "2025_2025", "1", "105_120", "", "Personer1"): ("2", "", ""),
    ("9999", "2025_2025", "2", "0_0", "", "Personer1"): ("115", "", ""),
    ("9999", "2025_2025", "2", "105_120", "", "Personer1"): ("5", "", ""),
    ("99", "2025_2025", "1", "0_0", "", "Personer1"): ("44", "", ""),
    ("99", "2025_2025", "1", "105_120", "", "Personer1"): ("47", "", ""),
    ("99", "2025_2025", "2", "0_0", "", "Personer1"): ("40", "", ""),
    ("99", "2025_2025", "2", "105_120", "", "Personer1"): (None, "not_available", ".."),
}


def load(name: str) -> dict:
    return json.loads(fixture(name).read_text(encoding="utf-8"))


def run_document(document: dict, **options) -> object:
    return import_indicators(json.dumps(document).encode(), "doc.json", **options)


def test_population_by_region_sex_and_age_from_ssb_07459_becomes_observations():
    indicator = population()

    result = run("ssb_07459_dense.json")

    assert cells(indicator=indicator) == POPULATION
    assert result.summary["format"] == "json_stat2"
    assert result.summary["indicators"] == ["befolkning"]
    assert set(Observation.objects.values_list("geo_level", flat=True)) == {"K", "F"}


def test_ssb_dot_dot_means_not_available_not_fhis_missing():
    population()

    run("ssb_07459_dense.json")

    flagged = Observation.objects.get(flag__gt="")
    assert (flagged.flag, flagged.flag_symbol, flagged.value) == ("not_available", "..", None)


def test_a_sparse_value_object_keeps_the_flagged_cells_and_skips_the_missing_ones():
    indicator = population()

    result = run("ssb_07459_sparse.json")

    expected = dict(POPULATION)
    expected[("99", "2025_2025", "1", "105_120", "", "Personer1")] = (None, "confidential", ":")
    assert cells(indicator=indicator) == expected
    assert result.summary["rows"] == 8


def test_an_unordered_index_is_read_in_the_order_of_its_positions_and_k_prefixes_dropped():
    indicator = population()

    result = run("ssb_tricky.json")

    stored = {(o.geo, o.sex, o.period_end): o.value
              for o in Observation.objects.filter(indicator=indicator)}
    # Kjonn's index is {"0": 0, "1": 2, "2": 1}: the second block of values is women's.
    assert stored[("9999", "0", 2024)] == Decimal("10000")
    assert stored[("9999", "2", 2024)] == Decimal("5100")
    assert stored[("9999", "1", 2025)] == Decimal("4950")
    assert stored[("99", "1", 2024)] == Decimal("149000")
    assert len(stored) == 12
    # ContentsCode has one category and no index; the status 'p' is not a flag.
    assert set(Observation.objects.values_list("measure", "flag")) == {("Personer1", "")}
    assert "'p'" in result.summary["warning_messages"][0]


def test_a_status_string_flags_every_cell():
    population()

    run("ssb_string_status.json")

    assert set(Observation.objects.values_list("flag", "flag_symbol", "value")) == {
        ("confidential", ":", None)}
    assert Observation.objects.count() == 8


def test_fhi_json_stat_reads_fhi_flags_and_education_totals():
    indicator = living_alone()

    run("fhi_open_api.json", indicator=indicator)

    assert cells(geo="9999") == {
        ("9999", "2022_2024", "0", "45_120", "", "RATE"): ("27.4", "", ""),
        ("9999", "2022_2024", "0", "45_120", "", "MEIS"): ("27.6", "", ""),
        ("9999", "2022_2024", "0", "45_120", "UTDANN=1", "RATE"): (None, "suppressed", ":"),
        ("9999", "2022_2024", "0", "45_120", "UTDANN=1", "MEIS"): (None, "suppressed", ":"),
    }


def test_fhi_status_zero_is_a_value_without_a_flag():
    document = load("fhi_open_api.json")
    document["status"] = ["0", "0", "3", "3", "0", "0", "0", "0"]

    result = run_document(document, indicator=living_alone())

    assert result.summary["warnings"] == 0
    assert result.summary["suppressed"] == 2


def test_a_size_that_does_not_match_the_values_is_refused_and_nothing_written():
    population()

    with pytest.raises(ImportFailed) as failure:
        run("ssb_size_mismatch.json")

    assert failure.value.column == "value"
    assert "the sizes give 8 cells, 'value' has 7" in failure.value.message
    assert failure.value.line > 1
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_invalid_json_names_line_and_character():
    with pytest.raises(ImportFailed) as failure:
        import_indicators(b'{"version": "2.0",\n "id": [,]}', "broken.json")

    assert (failure.value.line, failure.value.column) == (2, "character 9")


def test_a_metric_no_indicator_takes_is_refused_with_a_hint():
    with pytest.raises(ImportFailed, match="no indicator takes the measure 'Personer1' of "
                                           "table ssb:07459: choose the indicator"):
        run("ssb_07459_dense.json")


def test_a_named_indicator_takes_every_metric_of_the_file():
    indicator = living_alone()

    run("ssb_07459_dense.json", indicator=indicator)

    assert Observation.objects.filter(indicator=indicator).count() == 8


@pytest.mark.parametrize(("change", "column", "message"), [
    (lambda d: d["dimension"]["Region"]["category"].update(index={"9999": 0, "EAK": 1}),
     "dimension.Region", "not a geography code: 'EAK'"),
    (lambda d: d["dimension"]["Tid"]["category"].update(index={"2025K1": 0}),
     "dimension.Tid", "not a year or period"),
    (lambda d: d["dimension"]["Alder"]["category"].update(index={"000": 0, "gammel": 1}),
     "dimension.Alder", "not an age or age group: 'gammel'"),
    (lambda d: d["dimension"]["Kjonn"]["category"].update(index={"1": 0, "1x": 1}),
     "dimension.Kjonn", "not a sex code"),
    (lambda d: d["dimension"]["Kjonn"]["category"].update(index={"1": 0, "2": 3}),
     "dimension.Kjonn.category.index", "positions must be 0, 1, 2"),
    (lambda d: d.update(size=[2, 2, 2, 1, 2]),
     "dimension.Tid", "size says 2 categories, the index has 1"),
    (lambda d: d.update(value={"8": 1}), "value[8]", "not a cell of this dataset"),
    (lambda d: d.update(status=[".."]), "status", "'status' has 1"),
    (lambda d: d["value"].__setitem__(0, "mange"), "value[0]", "not a number: 'mange'"),
    (lambda d: d["dimension"]["Region"]["category"].update(index={"9999": 0, "K-9999": 1}),
     "cell 4", "the same cell twice"),
])
def test_a_broken_document_is_refused_naming_where(change, column, message):
    population()
    document = load("ssb_07459_dense.json")
    change(document)

    with pytest.raises(ImportFailed) as failure:
        run_document(document)

    assert failure.value.column == column
    assert message in failure.value.message
    assert not Observation.objects.exists()


def test_a_document_that_is_not_a_dataset_is_refused():
    with pytest.raises(ImportFailed, match="not a JSON-stat 2 dataset"):
        import_indicators(b'{"class": "collection"}', "c.json")


@pytest.mark.parametrize(("code", "expected"), [
    ("000", "0_0"), ("018", "18_18"), ("105+", "105_120"), ("020-024", "20_24"),
    ("45_120", "45_120"), ("999", "999_999"), ("old", None), ("30-20", None),
])
def test_ssb_and_fhi_age_codes(code, expected):
    assert age_code(code) == expected
