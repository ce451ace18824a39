"""``samskap import-actors`` and ``export-actors``: a summary or the first error and exit 1."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samskap import cli
from samskap.actors.models import Actor
from samskap.testing.factories import ActorFactory

pytestmark = pytest.mark.django_db

GOOD = "name,kind,org_number\nFrivilligsentralen,voluntary,974760673\n"


def test_import_prints_a_summary(eksempelvik, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()

    call_command("import_actors", str(path), "--municipality", "9999", stdout=out)

    assert out.getvalue().startswith("Imported 1 new and 0 changed actors")
    assert Actor.objects.filter(municipality=eksempelvik).count() == 1


def test_a_dry_run_writes_nothing(eksempelvik, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(GOOD, encoding="utf-8")

    call_command("import_actors", str(path), "--municipality", "9999", "--dry-run",
                 stdout=StringIO())

    assert not Actor.objects.exists()


def test_a_bad_file_is_an_error_naming_line_and_column(eksempelvik, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(GOOD.replace("974760673", "974760674"), encoding="utf-8")

    with pytest.raises(CommandError, match=r"actors.csv, line 2, column org_number"):
        call_command("import_actors", str(path), "--municipality", "9999")
    assert not Actor.objects.exists()


def test_an_unknown_municipality_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No municipality numbered 1234"):
        call_command("import_actors", str(tmp_path / "x.csv"), "--municipality", "1234")


def test_cem_may_not_import_as_himself(eksempelvik, cem, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="may not"):
        call_command("import_actors", str(path), "--municipality", "9999", "--as", cem.email)


def test_export_writes_json_to_a_file(eksempelvik, tmp_path):
    ActorFactory(municipality=eksempelvik, name="Frivilligsentralen")
    path = tmp_path / "out.json"

    call_command("export_actors", "--municipality", "9999", "--format", "json",
                 "--output", str(path), stderr=StringIO())

    document = json.loads(path.read_text(encoding="utf-8"))
    assert [a["name"] for a in document["actors"]] == ["Frivilligsentralen"]


def test_export_writes_csv_to_stdout(eksempelvik):
    ActorFactory(municipality=eksempelvik, name="Frivilligsentralen")
    out = StringIO()
    call_command("export_actors", "--municipality", "9999", stdout=out)
    assert out.getvalue().startswith("\ufeffname,kind,")


def test_the_samskap_command_exits_non_zero_on_a_bad_file(eksempelvik, tmp_path, capsys):
    path = tmp_path / "actors.csv"
    path.write_text(GOOD.replace("974760673", "12"), encoding="utf-8")

    with pytest.raises(SystemExit) as exit_:
        cli.main(["import-actors", str(path), "--municipality", "9999"])

    assert exit_.value.code == 1
    assert "line 2, column org_number" in capsys.readouterr().err


def test_both_commands_are_listed_in_the_usage():
    assert "import-actors" in cli.usage()
    assert "export-actors" in cli.usage()
