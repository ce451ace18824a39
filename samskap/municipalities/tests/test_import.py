"""The municipality register: all 357, idempotent, all-or-nothing, with the bad line named."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from samskap.municipalities.importer import COLUMNS, ImportError_, import_municipalities
from samskap.municipalities.models import LanguageForm, Municipality

HEADER = ",".join(COLUMNS)
GOOD_LINES = [
    "0301,Oslo,03,Oslo,Oslo,717710,454.12,Nøytral",
    "1508,Ålesund,15,Møre og Romsdal,Ålesund,58509,371.34,Nøytral",
    "1515,Herøy,15,Møre og Romsdal,Fosnavåg,8968,119.53,Nynorsk",
    "1818,Herøy,18,Nordland,Silvalen,1842,64.46,Bokmål",
]


def write_csv(tmp_path: Path, lines: list[str], name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_it_loads_all_357_municipalities_from_the_bundled_register(db):
    summary = import_municipalities()

    assert (summary.created, summary.updated, summary.unchanged) == (357, 0, 0)
    assert Municipality.objects.count() == 357
    oslo = Municipality.objects.get(number="0301")
    assert (oslo.name, oslo.county, oslo.population) == ("Oslo", "Oslo", 717710)
    assert oslo.language_form == LanguageForm.NEUTRAL
    assert oslo.default_language == "nb"
    herøy = Municipality.objects.get(number="1515")
    assert herøy.language_form == LanguageForm.NYNORSK
    assert herøy.default_language == "nn"
    assert Municipality.objects.get(number="1818").default_language == "nb"
    assert not Municipality.objects.on_platform().exists()


def test_importing_twice_changes_nothing(db):
    import_municipalities()

    summary = import_municipalities()

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 357)
    assert Municipality.objects.count() == 357


def test_importing_updates_changed_figures_and_keeps_the_rest(tmp_path, db):
    import_municipalities(write_csv(tmp_path, GOOD_LINES))
    changed = [GOOD_LINES[0].replace("717710", "720000"), *GOOD_LINES[1:]]

    summary = import_municipalities(write_csv(tmp_path, changed, "next-year.csv"))

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    assert Municipality.objects.get(number="0301").population == 720000


def test_importing_keeps_a_municipalitys_platform_settings(tmp_path, db):
    import_municipalities(write_csv(tmp_path, GOOD_LINES))
    Municipality.objects.filter(number="1508").update(uses_platform=True)

    import_municipalities(write_csv(tmp_path, GOOD_LINES))

    assert Municipality.objects.get(number="1508").uses_platform


@pytest.mark.parametrize(("bad_line", "column"), [
    ("301,Oslo,03,Oslo,Oslo,717710,454.12,Nøytral", "kommunenummer"),
    ("0302,,03,Oslo,Oslo,1,1,Nøytral", "name"),
    ("0302,Oslo2,X3,Oslo,Oslo,1,1,Nøytral", "county_number"),
    ("0302,Oslo2,03,Oslo,Oslo,many,1,Nøytral", "population_2024"),
    ("0302,Oslo2,03,Oslo,Oslo,1,big,Nøytral", "area_km2"),
    ("0302,Oslo2,03,Oslo,Oslo,1,1,Samisk", "language_form"),
    ("0301,Oslo again,03,Oslo,Oslo,1,1,Nøytral", "kommunenummer"),
    ("0302,Oslo2,03,Oslo,Oslo,-5,1,Nøytral", "population_2024"),
    ("0302,Oslo2,03,Oslo,Oslo,1,NaN,Nøytral", "area_km2"),
    ("0302,Oslo2,03,Oslo,Oslo,1,123456789,Nøytral", "area_km2"),
    ("0302," + "O" * 101 + ",03,Oslo,Oslo,1,1,Nøytral", "name"),
    ("0302,Oslo2,03," + "O" * 101 + ",Oslo,1,1,Nøytral", "county"),
])
def test_a_bad_line_names_file_line_and_column_and_nothing_is_written(tmp_path, db, bad_line,
                                                                       column):
    # The header is line 1, so the fourth data row is line 5.
    path = write_csv(tmp_path, [*GOOD_LINES[:3], bad_line, GOOD_LINES[3]])

    with pytest.raises(ImportError_) as caught:
        import_municipalities(path)

    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), 5, column)
    assert str(error).startswith(f"{path}, line 5, column {column}: ")
    assert not Municipality.objects.exists()


def test_a_bad_line_leaves_earlier_imports_untouched(tmp_path, db):
    import_municipalities(write_csv(tmp_path, GOOD_LINES))
    changed = [GOOD_LINES[0].replace("717710", "1"), GOOD_LINES[1],
               GOOD_LINES[2].replace(",Nynorsk", ",Latin")]

    with pytest.raises(ImportError_):
        import_municipalities(write_csv(tmp_path, changed, "broken.csv"))

    assert Municipality.objects.get(number="0301").population == 717710


def test_a_file_without_a_needed_column_is_refused_on_line_1(tmp_path, db):
    path = tmp_path / "short.csv"
    path.write_text("kommunenummer,name\n0301,Oslo\n", encoding="utf-8")

    with pytest.raises(ImportError_) as caught:
        import_municipalities(path)

    assert (caught.value.line, caught.value.column) == (1, "county_number")


def test_a_file_saved_by_excel_with_a_bom_is_read(tmp_path, db):
    path = tmp_path / "excel.csv"
    path.write_text("\ufeff" + HEADER + "\n" + GOOD_LINES[1] + "\n", encoding="utf-8")

    import_municipalities(path)

    assert Municipality.objects.get(number="1508").name == "Ålesund"


def test_a_dry_run_reports_and_writes_nothing(tmp_path, db):
    summary = import_municipalities(write_csv(tmp_path, GOOD_LINES), dry_run=True)

    assert summary.created == 4
    assert not Municipality.objects.exists()


# --- The management command -----------------------------------------------------------------


def test_the_command_loads_the_bundled_register(db):
    out = StringIO()

    call_command("import_municipalities", stdout=out)

    assert Municipality.objects.count() == 357
    assert out.getvalue().strip() == "Imported 357 municipalities: 357 new, 0 changed, 0 unchanged."


def test_the_command_run_twice_reports_no_changes(db):
    call_command("import_municipalities", stdout=StringIO())
    out = StringIO()

    call_command("import_municipalities", stdout=out)

    assert "0 new, 0 changed, 357 unchanged" in out.getvalue()


def test_the_command_fails_naming_the_bad_line(tmp_path, db):
    path = write_csv(tmp_path, [*GOOD_LINES[:3], "1577,Volda,15,Møre og Romsdal,Volda,1,1,Klingon"])

    with pytest.raises(CommandError) as caught:
        call_command("import_municipalities", str(path), stdout=StringIO())

    assert str(caught.value) == (
        f"{path}, line 5, column language_form: expected Bokmål, Nynorsk or Nøytral, "
        "got 'Klingon'")
    assert not Municipality.objects.exists()


def test_the_command_fails_cleanly_for_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match=r"missing\.csv"):
        call_command("import_municipalities", str(tmp_path / "missing.csv"))


def test_the_command_dry_run_writes_nothing(tmp_path, db):
    out = StringIO()

    call_command("import_municipalities", str(write_csv(tmp_path, GOOD_LINES)), "--dry-run",
                 stdout=out)

    assert out.getvalue().startswith("Would import 4 municipalities: 4 new")
    assert not Municipality.objects.exists()
