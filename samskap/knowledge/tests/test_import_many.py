"""Several indicator files in one import (import_indicator_files, ``samskap import-indicators
PATH [PATH ...]`` or a folder): all or nothing, an indicator in only one of the files."""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samskap.audit.models import AuditEntry
from samskap.knowledge import storage
from samskap.knowledge.actions_import import ImportFailed, ImportFile, import_indicator_files
from samskap.knowledge.models import ImportBatch, Indicator, Observation, ObservationBlock
from samskap.knowledge.tests.importing import cells, fixture, living_alone
from samskap.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

LOW_INCOME = b"""GEO;AAR;KJONN;ALDER;MEIS;SPVFLAGG
9999;2023;0;0_120;11.5;0
9998;2023;0;0_120;;3
0;2023;0;0_120;10;0
"""
# The same columns, but text where a number belongs on line 3.
LOW_INCOME_BROKEN = b"""GEO;AAR;KJONN;ALDER;MEIS;SPVFLAGG
9999;2023;0;0_120;11.5;0
9998;2023;0;0_120;mange;0
"""


def low_income() -> Indicator:
    return IndicatorFactory(code="lav_inntekt", name_en="Low income")


def two_files(second: bytes = LOW_INCOME) -> list[ImportFile]:
    return [ImportFile(fixture("fhi_every_flag_and_geo.csv").read_bytes(),
                       "fhi_every_flag_and_geo.csv", living_alone()),
            ImportFile(second, "lav_inntekt.csv", low_income())]


def nothing_stored() -> None:
    assert not Observation.objects.exists()
    assert not ObservationBlock.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.exists()


# --- import_indicator_files --------------------------------------------------------------------

def test_two_files_of_two_indicators_are_both_stored_with_an_import_record_each():
    files = two_files()

    results = import_indicator_files(files)

    assert [result.summary["indicators"] for result in results] == [["bor_alene_45"],
                                                                    ["lav_inntekt"]]
    assert [result.summary["observations"] for result in results] == [20, 3]
    assert ImportBatch.objects.count() == 2
    assert [result.batch.file_name for result in results] == ["fhi_every_flag_and_geo.csv",
                                                              "lav_inntekt.csv"]
    assert results[0].batch.observations.count() == 20
    assert {(o.geo, o.value, o.flag) for o in results[1].batch.observations.all()} == {
        ("9999", 11.5, ""), ("9998", None, "suppressed"), ("0", 10, "")}
    assert list(results[1].batch.indicators.all()) == [files[1].indicator]
    # One block per indicator and place: eight places of the first, three of the second.
    assert ObservationBlock.objects.count() == 8 + 3
    assert AuditEntry.objects.filter(action="indicators.import").count() == 2


def test_each_import_record_is_complete_as_stored():
    """The records are stored before the blocks (which refer to them) and completed at the
    end: what is stored is what each file's own import would have said."""
    files = two_files()

    results = import_indicator_files(files)

    for file, result in zip(files, results, strict=True):
        stored = ImportBatch.objects.get(pk=result.batch.pk)
        assert stored.sha256 == hashlib.sha256(file.data).hexdigest()
        assert (stored.format, stored.encoding, stored.delimiter) == ("fhi_cube", "utf-8", ";")
        assert stored.summary == result.summary
        assert list(stored.indicators.all()) == [file.indicator]
        entry = AuditEntry.objects.get(action="indicators.import", object_id=str(stored.pk))
        assert entry.after["sha256"] == stored.sha256
        assert entry.after["observations"] == result.summary["observations"]
        assert entry.after["file"] == file.file_name


def test_an_error_in_the_second_file_names_it_and_nothing_of_the_first_is_stored():
    with pytest.raises(ImportFailed) as failure:
        import_indicator_files(two_files(LOW_INCOME_BROKEN))

    error = failure.value
    assert (error.path, error.line, error.column) == ("lav_inntekt.csv", 3, "MEIS")
    assert "not a number: 'mange'" in str(error)
    nothing_stored()


def test_an_error_while_writing_the_second_file_undoes_the_first(monkeypatch):
    """The files are written in one transaction: not only parse errors stop them all."""
    written = []
    write_packed = storage.write_packed

    def failing_on_the_second(*args: Any, **kwargs: Any) -> int:
        written.append(write_packed(*args, **kwargs))
        if len(written) == 2:
            raise RuntimeError("disk full")
        return written[-1]

    monkeypatch.setattr(storage, "write_packed", failing_on_the_second)

    with pytest.raises(RuntimeError, match="disk full"):
        import_indicator_files(two_files())

    assert written == [8, 3]
    nothing_stored()


def test_a_failed_import_of_several_files_leaves_the_stored_series_as_they_were():
    import_indicator_files(two_files())
    before, batches = cells(), set(ImportBatch.objects.values_list("pk", flat=True))

    with pytest.raises(ImportFailed, match=r"lav_inntekt\.csv, line 3, column MEIS"):
        import_indicator_files(two_files(LOW_INCOME_BROKEN))

    assert cells() == before
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == batches


def test_the_same_indicator_in_two_files_is_refused():
    indicator = living_alone()
    files = [ImportFile(fixture("fhi_every_flag_and_geo.csv").read_bytes(), "first.csv",
                        indicator),
             ImportFile(fixture("fhi_tab.csv").read_bytes(), "second.csv", indicator)]

    with pytest.raises(ImportFailed) as failure:
        import_indicator_files(files)

    assert failure.value.path == "second.csv"
    assert "bor_alene_45" in str(failure.value) and "first.csv" in str(failure.value)
    nothing_stored()


def test_a_dry_run_of_several_files_reports_each_and_writes_nothing():
    results = import_indicator_files(two_files(), dry_run=True)

    assert all(result.dry_run and result.batch is None for result in results)
    assert [(result.summary["new"], result.summary["removed"]) for result in results] == [
        (20, 0), (3, 0)]
    nothing_stored()


def test_a_dry_run_after_an_import_compares_each_file_with_what_is_stored():
    import_indicator_files(two_files())
    changed = LOW_INCOME.replace(b"11.5", b"12.5")

    results = import_indicator_files(two_files(changed), dry_run=True)

    assert [(r.summary["new"], r.summary["changed"], r.summary["unchanged"],
             r.summary["removed"]) for r in results] == [(0, 0, 20, 0), (0, 1, 2, 0)]
    assert Observation.objects.get(indicator__code="lav_inntekt", geo="9999").value == 11.5


def test_no_files_import_nothing():
    assert import_indicator_files([]) == []
    nothing_stored()


def test_a_file_read_ahead_keeps_its_blocks_and_its_facts_but_lets_its_cells_go():
    """What the worker thread hands over is enough to compare and write, and says the same
    as the file read here."""
    from samskap.knowledge.actions_import import _decoded, _parsed, _read_cube
    from samskap.knowledge.importers import store
    from samskap.knowledge.importers.common import Scope

    file = two_files()[0]
    _text, (ahead, _facts) = _read_cube(file, Scope())
    here, _facts = _parsed(file, *_decoded(file), Scope())
    assert ahead.dropped and ahead.table is None and ahead.packed is not None
    with pytest.raises(RuntimeError, match="let go"):
        ahead.cell_table()
    summary = store.compare(ahead, Scope())
    assert summary == store.compare(here, Scope())
    assert summary["observations"] == summary["new"] == 20
    assert summary["flags"] == {"missing": 2, "not_available": 2, "not_computable": 2,
                                "suppressed": 2}

    import_indicator_files(two_files())
    known = store.Known(Scope(), list(ahead.indicators))
    assert store.compare(ahead, Scope(), known) == summary | {"new": 0, "unchanged": 20}


# --- samskap import-indicators PATH [PATH ...] --------------------------------------------------

def command(*args: str) -> str:
    out = StringIO()
    call_command("import_indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cube_files(tmp_path: Path) -> tuple[Path, Path]:
    living_alone()
    low_income()
    first = tmp_path / "bor_alene_45.csv"
    first.write_bytes(fixture("fhi_every_flag_and_geo.csv").read_bytes())
    second = tmp_path / "lav_inntekt.csv"
    second.write_bytes(LOW_INCOME)
    return first, second


def test_cube_files_named_after_their_indicators_are_imported_together(cube_files):
    output = command(*map(str, cube_files))

    lines = output.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Imported 20 observations of bor_alene_45 from 10 rows")
    assert lines[1].startswith("Imported 3 observations of lav_inntekt from 3 rows")
    assert lines[2] == "Imported 23 observations from 2 files in one transaction."
    assert Observation.objects.filter(indicator__code="bor_alene_45").count() == 20
    assert Observation.objects.filter(indicator__code="lav_inntekt").count() == 3
    assert set(ImportBatch.objects.values_list("file_name", flat=True)) == set(
        map(str, cube_files))


def test_a_folder_stands_for_the_files_in_it(cube_files):
    folder = cube_files[0].parent
    (folder / ".notes.csv").write_text("not a cube")

    output = command(str(folder))

    assert output.splitlines()[-1] == (
        "Imported 23 observations from 2 files in one transaction.")
    assert ImportBatch.objects.count() == 2


def test_a_dry_run_of_a_folder_writes_nothing(cube_files):
    output = command(str(cube_files[0].parent), "--dry-run")

    assert output.splitlines()[-1] == (
        "Would import 23 observations from 2 files in one transaction.")
    nothing_stored()


def test_one_bad_file_among_several_fails_the_command_and_nothing_is_stored(cube_files):
    cube_files[1].write_bytes(LOW_INCOME_BROKEN)

    with pytest.raises(CommandError) as failure:
        command(*map(str, cube_files))

    assert str(failure.value) == (f"{cube_files[1]}, line 3, column MEIS: "
                                  "not a number: 'mange'")
    nothing_stored()


def test_indicator_names_the_indicator_of_one_file_only(cube_files):
    with pytest.raises(CommandError, match="--indicator names the indicator of one file"):
        command(*map(str, cube_files), "--indicator", "bor_alene_45")

    nothing_stored()


def test_a_cube_file_not_named_after_an_indicator_is_refused(cube_files, tmp_path):
    stranger = tmp_path / "ukjent.csv"
    stranger.write_bytes(LOW_INCOME)

    with pytest.raises(CommandError, match="does not name its indicator"):
        command(*map(str, cube_files), str(stranger))

    nothing_stored()


def test_the_same_file_name_in_two_folders_is_the_same_indicator_twice(cube_files, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "lav_inntekt.csv").write_bytes(LOW_INCOME)

    with pytest.raises(CommandError, match="the indicator lav_inntekt is also in"):
        command(*map(str, cube_files), str(other / "lav_inntekt.csv"))

    nothing_stored()


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No files in"):
        command(str(tmp_path))


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        command(str(tmp_path / "borte.csv"))
