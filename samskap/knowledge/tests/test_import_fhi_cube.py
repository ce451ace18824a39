"""FHI cube files: every GEO form and flag, encodings, separators, and errors that name the
line and column and leave the database as it was."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from samskap.audit.models import AuditEntry
from samskap.knowledge.actions_import import ImportFailed, import_indicators
from samskap.knowledge.importers.common import normalise_geo
from samskap.knowledge.importers.detect import detect_format
from samskap.knowledge.models import ImportBatch, Observation
from samskap.knowledge.tests.importing import cells, fixture, living_alone, run, wellbeing
from samskap.testing.factories import MunicipalityFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_every_geo_form_is_normalised_and_every_flag_is_kept_without_a_value():
    indicator = living_alone()

    result = run("fhi_every_flag_and_geo.csv", indicator=indicator)

    meis = {key[:3]: value for key, value in cells(measure="MEIS").items()}
    assert meis == {
        ("0", "2022_2024", "0"): ("27.4", "", ""),
        ("03", "2022_2024", "0"): ("30.5", "", ""),
        ("0301", "2022_2024", "0"): ("34.6", "", ""),
        ("030101", "2022_2024", "0"): ("35", "", ""),
        ("0301010101", "2022_2024", "0"): (None, "missing", ".."),
        ("99", "2022_2024", "0"): ("26.2", "", ""),
        ("9999", "2022_2024", "0"): (None, "suppressed", ":"),
        ("9999", "2022_2024", "1"): (None, "not_computable", "."),
        ("9999", "2022_2024", "2"): (None, "not_available", "-"),
        ("999901", "2024_2024", "0"): ("0", "", ""),
    }
    levels = dict(Observation.objects.values_list("geo", "geo_level").distinct())
    assert levels == {"0": "L", "03": "F", "0301": "K", "030101": "B", "0301010101": "V",
                      "99": "F", "9999": "K", "999901": "B"}
    assert set(Observation.objects.values_list("n_years", flat=True)) == {1, 3}
    assert result.summary["observations"] == 20  # ten rows, RATE and MEIS each
    assert result.summary["suppressed"] == 8
    assert result.summary["flags"] == {"missing": 2, "not_available": 2, "not_computable": 2,
                                       "suppressed": 2}


def test_a_suppressed_value_is_stored_as_suppressed_never_as_zero():
    indicator = living_alone()

    run("fhi_every_flag_and_geo.csv", indicator=indicator)

    suppressed = Observation.objects.get(geo="9999", sex="0", measure="MEIS")
    assert suppressed.flag == "suppressed"
    assert suppressed.value is None
    assert not Observation.objects.exclude(flag="").filter(value__isnull=False).exists()
    # A real zero is a value, not a flag.
    assert Observation.objects.get(geo="999901", measure="MEIS").value == Decimal("0")


def test_the_database_refuses_a_flagged_observation_with_a_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(flag="suppressed", value=Decimal("0"))


def test_a_text_in_a_number_column_names_file_line_and_column_and_nothing_is_written():
    indicator = living_alone()

    with pytest.raises(ImportFailed) as failure:
        run("fhi_reference_example.csv", indicator=indicator)

    error = failure.value
    assert (error.path, error.line, error.column) == ("fhi_reference_example.csv", 6, "RATE")
    assert str(error) == "fhi_reference_example.csv, line 6, column RATE: not a number: 'x'"
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_error_late_in_the_file_leaves_the_stored_series_untouched():
    indicator = living_alone()
    run("fhi_every_flag_and_geo.csv", indicator=indicator)
    before = cells()

    with pytest.raises(ImportFailed, match="line 4, column RATE: not a number: 'fem'"):
        run("fhi_text_in_number.csv", indicator=indicator)

    assert cells() == before
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize(("name", "line", "column", "message"), [
    ("fhi_wrong_separator.csv", 2, "", "expected 5 fields separated by ',', found 6"),
    ("fhi_no_separator.csv", 1, "", "found no separator"),
    ("fhi_missing_geo.csv", 1, "GEO", "missing column GEO"),
    ("fhi_duplicate.csv", 4, "GEO", "the same cell as line 2"),
    ("fhi_bad_flag.csv", 3, "SPVFLAGG", "expected a flag 0–4: '7'"),
])
def test_a_bad_file_is_refused_with_its_line_and_column(name, line, column, message):
    with pytest.raises(ImportFailed) as failure:
        run(name, indicator=living_alone())

    assert (failure.value.line, failure.value.column) == (line, column)
    assert message in failure.value.message
    assert not Observation.objects.exists()


def test_a_utf8_file_with_a_byte_order_mark_is_read():
    result = run("fhi_bom.csv", indicator=living_alone())

    assert result.summary["encoding"] == "utf-8-sig"
    assert cells() == {("9999", "2024_2024", "0", "0_120", "", "MEIS"): ("12.5", "", "")}


def test_a_windows_1252_file_keeps_its_æøå():
    result = run("fhi_cp1252.csv", indicator=living_alone())

    assert result.summary["encoding"] == "cp1252"
    assert set(Observation.objects.values_list("dimensions_key", flat=True)) == {
        "BOSTED=Sørbyen", "BOSTED=Ærøya"}
    assert Observation.objects.get(dimensions_key="BOSTED=Ærøya").dimensions == {
        "BOSTED": "Ærøya"}


def test_decimal_commas_are_read_when_the_separator_is_a_semicolon():
    result = run("fhi_decimal_comma.csv", indicator=living_alone())

    assert result.summary["decimal"] == ","
    assert Observation.objects.get(geo="9999", measure="MEIS").value == Decimal("26.85")
    assert Observation.objects.get(geo="99", measure="RATE").value == Decimal("30")


def test_numbers_in_other_digits_are_stored_with_ascii_digits():
    """Python's \\d takes Arabic-Indic and full-width digits; the database's numbers don't, so
    such a value is read as the number it is and stored as 0–9 (else the view would fail)."""
    text = "GEO;AAR;KJONN;ALDER;MEIS;RATE;SPVFLAGG\n9999;2023;0;0_120;٣;１２.５;0\n"

    import_indicators(text.encode(), "digits.csv", indicator=living_alone())

    assert cells() == {("9999", "2023_2023", "0", "0_120", "", "MEIS"): ("3", "", ""),
                       ("9999", "2023_2023", "0", "0_120", "", "RATE"): ("12.5", "", "")}


@pytest.mark.parametrize(("name", "delimiter"), [("fhi_tab.csv", "\t"),
                                                 ("fhi_comma.csv", ",")])
def test_tab_and_comma_separated_cubes_are_read(name, delimiter):
    result = run(name, indicator=living_alone())

    assert result.summary["delimiter"] == delimiter
    assert Observation.objects.get(geo="9999").value == Decimal("41.5")


def test_a_flagged_row_with_a_value_keeps_the_flag_drops_the_value_and_warns():
    result = run("fhi_flag_with_value.csv", indicator=living_alone())

    assert set(Observation.objects.values_list("measure", "value", "flag")) == {
        ("MEIS", None, "suppressed"), ("RATE", None, "suppressed")}
    assert result.summary["warnings"] == 1
    assert "MEIS, RATE" in result.summary["warning_messages"][0]


def test_the_unknown_age_group_is_kept_with_a_warning():
    result = run("fhi_unknown_age.csv", indicator=living_alone())

    assert set(Observation.objects.values_list("age", flat=True)) == {"999_999", "0_120"}
    assert "999_999" in result.summary["warning_messages"][0]


def test_the_long_variant_has_one_measure_per_row():
    result = run("fhi_long.csv", indicator=living_alone())

    assert cells() == {
        ("9999", "2024_2024", "0", "0_120", "", "BEFVEKST_ANT"): ("312", "", ""),
        ("0", "2024_2024", "0", "0_120", "", "BEFVEKST_ANT"): (None, "missing", ".."),
    }
    assert result.summary["empty"] == 1


def test_public_column_names_are_understood_and_education_totals_have_no_dimensions():
    run("fhi_education_aliases.csv", indicator=living_alone())

    meis = {(o.geo, o.dimensions_key): (o.dimensions, o.value)
            for o in Observation.objects.filter(measure="MEIS")}
    assert meis == {
        ("9999", ""): ({}, Decimal("12.1")),
        ("9999", "UTDANN=1"): ({"UTDANN": "1"}, Decimal("17.9")),
        ("9999", "UTDANN=2"): ({"UTDANN": "2"}, Decimal("9.4")),
        ("9999", "INNVKAT=1"): ({"INNVKAT": "1"}, Decimal("13.2")),
        ("0", ""): ({}, Decimal("11")),
    }
    assert set(Observation.objects.values_list("measure", flat=True)) == {"RATE", "MEIS", "SMR"}
    assert set(Observation.objects.values_list("age", flat=True)) == {"30_74"}


def test_a_tables_own_dimension_is_kept_with_every_code():
    run("fhi_table_dimension.csv", indicator=living_alone())

    assert set(Observation.objects.values_list("dimensions_key", flat=True)) == {
        "TRINN=7", "TRINN=10", "TRINN=0"}


def test_backslashes_and_quotes_in_a_dimension_are_stored_as_they_are():
    text = 'GEO;AAR;SKOLE;MEIS\n9999;2024;"Skole \\ ""Nord""";1.5\n'

    import_indicators(text.encode(), "quotes.csv", indicator=living_alone())

    assert Observation.objects.get().dimensions == {"SKOLE": 'Skole \\ "Nord"'}


def test_a_cube_needs_to_be_told_its_indicator():
    with pytest.raises(ImportFailed, match="does not name its indicator"):
        run("fhi_bom.csv")


def test_a_dry_run_reports_what_would_change_and_writes_nothing(mira, eksempelvik):
    indicator = living_alone()

    result = run("fhi_every_flag_and_geo.csv", indicator=indicator, dry_run=True)

    assert result.dry_run and result.batch is None
    assert (result.summary["new"], result.summary["changed"], result.summary["unchanged"],
            result.summary["removed"]) == (20, 0, 0, 0)
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_dry_run_after_an_import_compares_with_what_is_stored():
    indicator = living_alone()
    run("fhi_every_flag_and_geo.csv", indicator=indicator)

    same = run("fhi_every_flag_and_geo.csv", indicator=indicator, dry_run=True).summary
    other = run("fhi_decimal_comma.csv", indicator=indicator, dry_run=True).summary

    assert (same["new"], same["changed"], same["unchanged"], same["removed"]) == (0, 0, 20, 0)
    assert (other["new"], other["changed"], other["unchanged"], other["removed"]) == (4, 0, 0,
                                                                                      20)


def test_re_importing_an_indicator_replaces_its_whole_series():
    indicator = living_alone()
    first = run("fhi_every_flag_and_geo.csv", indicator=indicator)
    ObservationFactory(indicator=indicator, geo="9999", period_start=2001, period_end=2003)
    other = ObservationFactory(geo="9999")

    second = run("fhi_tab.csv", indicator=indicator)

    assert set(Observation.objects.filter(indicator=indicator).values_list(
        "geo", "period_start", "batch")) == {("9999", 2021, second.batch.pk),
                                             ("0", 2021, second.batch.pk)}
    assert second.summary["removed"] == 21
    assert Observation.objects.filter(pk=other.pk).exists()  # another indicator's series
    assert first.batch.observations.count() == 0


def test_an_import_for_a_municipality_writes_only_its_own_places(eksempelvik, mira):
    indicator = living_alone()
    neighbour = ObservationFactory(indicator=indicator, geo="9998")
    norway = ObservationFactory(indicator=indicator, geo="0", geo_level="L", value=50)

    result = run("fhi_every_flag_and_geo.csv", indicator=indicator, municipality=eksempelvik,
                 user=mira)

    assert set(Observation.objects.values_list("geo", flat=True)) == {
        "0", "9999", "999901", "9998"}
    # 03, 0301, 030101, the zone of Oslo, and the county's and Norway's rows: every
    # municipality compares with those, so one municipality's upload leaves them alone.
    assert result.summary["rejected"] == 6
    assert Observation.objects.get(geo="0").value == norway.value
    assert Observation.objects.filter(pk=neighbour.pk).exists()


def test_the_import_is_recorded_with_the_file_and_audited(eksempelvik, mira):
    indicator = living_alone()
    data = fixture("fhi_every_flag_and_geo.csv").read_bytes()

    result = run("fhi_every_flag_and_geo.csv", indicator=indicator, municipality=eksempelvik,
                 user=mira)

    batch = result.batch
    assert (batch.file_name, batch.format, batch.encoding, batch.delimiter) == (
        "fhi_every_flag_and_geo.csv", "fhi_cube", "utf-8", ";")
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert (batch.imported_by, batch.municipality) == (mira, eksempelvik)
    assert list(batch.indicators.all()) == [indicator]
    assert batch.observations.count() == Observation.objects.count() == 8
    assert batch.summary["new"] == 8
    entry = AuditEntry.objects.get(action="indicators.import")
    assert (entry.actor, entry.municipality, entry.object_id) == (mira, eksempelvik,
                                                                 str(batch.pk))
    assert entry.after["indicators"] == ["bor_alene_45"]
    assert entry.after["sha256"] == batch.sha256


def test_another_municipalitys_own_indicator_cannot_be_imported_into(eksempelvik):
    theirs = wellbeing(MunicipalityFactory(number="9998"))

    with pytest.raises(ImportFailed, match="no indicator with the code 'trivsel_ung'"):
        run("fhi_bom.csv", indicator=theirs, municipality=eksempelvik)


@pytest.mark.parametrize(("code", "normalised"), [
    ("0", "0"), ("3", "03"), ("03", "03"), ("46", "46"), ("301", "0301"), ("3101", "3101"),
    ("30101", "030101"), ("030101", "030101"), ("301010101", "0301010101"),
    ("K-3103", "3103"), ("F-31", "31"), (" 301 ", "0301"), ("x301", None), ("", None),
    ("12345678901", None),
])
def test_geo_codes_are_normalised_by_their_length(code, normalised):
    assert normalise_geo(code) == normalised


@pytest.mark.parametrize(("name", "expected"), [
    ("fhi_every_flag_and_geo.csv", "fhi_cube"), ("fhi_education_aliases.csv", "fhi_cube"),
    ("fhi_long.csv", "fhi_cube"), ("ssb_07459_dense.json", "json_stat2"),
    ("tidy_survey.csv", "tidy_csv"),
])
def test_the_format_is_told_from_the_content(name, expected):
    assert detect_format(name, fixture(name).read_text(encoding="utf-8-sig")) == expected


def test_a_file_of_an_unknown_format_is_refused():
    with pytest.raises(ImportFailed, match="cannot tell the format"):
        detect_format("x.csv", "a;b\n1;2\n")

