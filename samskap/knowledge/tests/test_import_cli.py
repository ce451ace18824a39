"""``samskap import-indicators`` on the command line: a summary, or the first error and a
non-zero exit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samskap import cli
from samskap.audit.models import AuditEntry
from samskap.knowledge.models import ImportBatch, Observation
from samskap.knowledge.tests.importing import fixture, living_alone, population

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_indicators", *args, stdout=out)
    return out.getvalue()


def test_it_imports_a_cube_and_prints_the_summary():
    living_alone()

    output = run(str(fixture("fhi_every_flag_and_geo.csv")), "--indicator", "bor_alene_45")

    assert output.startswith("Imported 20 observations of bor_alene_45 from 10 rows "
                             "(fhi_cube, utf-8, separator ';'): 20 new, 0 changed, 0 unchanged, "
                             "0 removed; 8 suppressed (no value), 0 rejected, 0 warnings.")
    assert Observation.objects.count() == 20
    entry = AuditEntry.objects.get(action="indicators.import")
    assert entry.actor is None  # the operator's shell


def test_a_dry_run_prints_what_would_change_and_writes_nothing():
    living_alone()

    output = run(str(fixture("fhi_every_flag_and_geo.csv")), "--indicator", "bor_alene_45",
                 "--dry-run")

    assert output.startswith("Would import 20 observations")
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_the_first_error_is_printed_with_file_line_and_column_and_the_exit_is_non_zero():
    living_alone()
    path = fixture("fhi_reference_example.csv")

    with pytest.raises(CommandError) as failure:
        run(str(path), "--indicator", "bor_alene_45")

    assert str(failure.value) == f"{path}, line 6, column RATE: not a number: 'x'"
    assert failure.value.returncode == 1
    assert not Observation.objects.exists()


def test_the_format_is_detected_and_json_stat_finds_its_indicator():
    population()

    output = run(str(fixture("ssb_07459_dense.json")))

    assert "of befolkning from 8 rows (json_stat2, utf-8)" in output


def test_a_forced_format_is_used():
    living_alone()

    with pytest.raises(CommandError, match="line 1, column value: missing column value"):
        run(str(fixture("fhi_tab.csv")), "--format", "tidy_csv")


@pytest.mark.parametrize(("args", "message"), [
    (["--indicator", "nope"], "No indicator with the code 'nope'"),
    (["--municipality", "1234"], "No municipality numbered 1234"),
    (["--as", "mira@eksempelvik.example"], "--as needs --municipality"),
    ([], "does not name its indicator"),
])
def test_wrong_options_are_errors(args, message):
    living_alone()

    with pytest.raises(CommandError, match=message):
        run(str(fixture("fhi_bom.csv")), *args)


def test_a_missing_file_is_an_error():
    with pytest.raises(CommandError, match="No such file"):
        run("/nonexistent/file.csv")


def test_mira_imports_for_eksempelvik_and_it_is_audited_as_her(eksempelvik, mira):
    living_alone()

    output = run(str(fixture("fhi_every_flag_and_geo.csv")), "--indicator", "bor_alene_45",
                 "--municipality", "9999", "--as", mira.email)

    assert "6 rejected" in output  # other places, the county and Norway
    assert AuditEntry.objects.get(action="indicators.import").actor == mira
    assert ImportBatch.objects.get().municipality == eksempelvik


def test_a_citizen_may_not_import_from_the_command_line(eksempelvik, cem):
    living_alone()

    with pytest.raises(CommandError, match="may not"):
        run(str(fixture("fhi_bom.csv")), "--indicator", "bor_alene_45", "--municipality",
            "9999", "--as", cem.email)
    assert not Observation.objects.exists()


def test_both_commands_are_in_the_samskap_help():
    assert "import-indicators" in cli.usage()
    assert "export-indicators" in cli.usage()
