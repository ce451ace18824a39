"""Import is all or nothing with file/line/column errors; export round-trips."""

from __future__ import annotations

import io
import json

import pytest

from samskap.actors import transfer
from samskap.actors.models import Actor, ActorSettingLink, Setting, SettingLink
from samskap.audit.models import AuditEntry
from samskap.testing.factories import DistrictFactory

pytestmark = pytest.mark.django_db

ACTORS_CSV = (
    "name;kind;sector;org_number;description;interests;influence;interest;affected;"
    "obstruction;groups_reached\n"
    "Frivilligsentralen;voluntary;;974 760 673;Koordinerer frivillige;Flere frivillige;3;5;2;;"
    "\"elderly;district:Sentrum\"\n"
    "Kvinnenettverket;citizen_group;;;;;1;4;5;1;immigrants\n"
)
SETTINGS_CSV = (
    "name,kind,district,actors,linked_settings\n"
    "Skolen,school,Sentrum,present:Frivilligsentralen;reaches:Kvinnenettverket,Biblioteket\n"
    "Biblioteket,library,,runs:Frivilligsentralen,\n"
)


def run(text: str | bytes, municipality, path="actors.csv", **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return transfer.import_file(data, path, municipality=municipality, user=None, **options)


@pytest.fixture
def sentrum(eksempelvik):
    return DistrictFactory(municipality=eksempelvik, name="Sentrum")


def test_it_imports_actors_then_settings_with_their_links(eksempelvik, sentrum):
    result = run(ACTORS_CSV, eksempelvik)
    assert (result.actors_created, result.actors_changed) == (2, 0)
    result = run(SETTINGS_CSV, eksempelvik, "settings.csv")
    assert (result.settings_created, result.links) == (2, 4)

    frivillig = Actor.objects.get(name="Frivilligsentralen")
    assert frivillig.org_number == "974760673"
    assert frivillig.groups_reached == ["elderly", f"district:{sentrum.pk}"]
    assert frivillig.obstruction is None
    assert Setting.objects.get(name="Skolen").district == sentrum
    assert ActorSettingLink.objects.count() == 3
    assert SettingLink.objects.count() == 1
    assert AuditEntry.objects.filter(action="actors.create_actor").count() == 2


def test_importing_again_changes_rather_than_duplicates(eksempelvik, sentrum):
    run(ACTORS_CSV, eksempelvik)
    result = run(ACTORS_CSV.replace(";3;5;2;", ";4;5;2;"), eksempelvik)

    assert (result.actors_created, result.actors_changed) == (0, 2)
    assert Actor.objects.get(name="Frivilligsentralen").influence == 4


def test_a_bad_org_number_names_file_line_and_column_and_nothing_is_written(eksempelvik,
                                                                             sentrum):
    bad = ACTORS_CSV + "Lag;voluntary;;974760674;;;;;;;\n"

    with pytest.raises(transfer.ImportFailed) as error:
        run(bad, eksempelvik)

    assert str(error.value).startswith("actors.csv, line 4, column org_number:")
    assert not Actor.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("row", "column"), [
    ("Lag;voluntary;;;;;7;;;;", "influence"),
    ("Lag;voluntary;;;;;x;;;;", "influence"),
    ("Lag;spaceship;;;;;;;;;", "kind"),
    ("Lag;voluntary;;;;;;;;;aliens", "groups_reached"),
    ("Lag;voluntary;;;;;;;;;district:Atlantis", "groups_reached"),
    ("Frivilligsentralen 2;voluntary;;974760673;;;;;;;", "org_number"),
])
def test_bad_cells_are_named_by_their_column(eksempelvik, sentrum, row, column):
    # The last case gives the first actor's number to another name: a duplicate in the file.
    with pytest.raises(transfer.ImportFailed) as error:
        run(ACTORS_CSV + row + "\n", eksempelvik)

    assert error.value.line == 4
    assert error.value.column == column
    assert not Actor.objects.exists()


def test_an_unknown_actor_in_a_settings_file_writes_nothing(eksempelvik, sentrum):
    with pytest.raises(transfer.ImportFailed) as error:
        run(SETTINGS_CSV, eksempelvik, "settings.csv")

    assert (error.value.line, error.value.column) == (2, "actors")
    assert not Setting.objects.exists()


def test_an_unknown_column_is_refused(eksempelvik):
    with pytest.raises(transfer.ImportFailed) as error:
        run("name,kind,org_number,colour\nLag,voluntary,,red\n", eksempelvik)
    assert (error.value.line, error.value.column) == (1, "colour")


def test_a_dry_run_writes_nothing(eksempelvik, sentrum):
    result = run(ACTORS_CSV, eksempelvik, dry_run=True)

    assert result.actors_created == 2
    assert result.summary().startswith("Dry run")
    assert not Actor.objects.exists()
    assert not AuditEntry.objects.exists()


def test_json_errors_name_the_record_and_field(eksempelvik):
    document = {"actors": [{"name": "Lag", "kind": "voluntary", "influence": 0}]}
    with pytest.raises(transfer.ImportFailed) as error:
        run(json.dumps(document), eksempelvik, "actors.json")
    assert error.value.column == "actors[0].influence"


def test_the_csv_export_is_for_excel_and_formula_safe(eksempelvik, sentrum):
    run(ACTORS_CSV.replace("Koordinerer frivillige", "=HYPERLINK(1)"), eksempelvik)

    data = transfer.actors_csv(eksempelvik)

    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "district:Sentrum" in text


def test_csv_export_round_trips_into_another_municipality(eksempelvik, nabovik, sentrum):
    DistrictFactory(municipality=nabovik, name="Sentrum")
    run(ACTORS_CSV.replace("Koordinerer frivillige", "=HYPERLINK(1)"), eksempelvik)
    run(SETTINGS_CSV, eksempelvik, "settings.csv")

    run(transfer.actors_csv(eksempelvik), nabovik)
    run(transfer.settings_csv(eksempelvik), nabovik, "settings.csv")

    assert transfer.actor_records(nabovik) == [
        {**r, "resources": []} for r in transfer.actor_records(eksempelvik)]
    assert transfer.setting_records(nabovik) == transfer.setting_records(eksempelvik)
    assert Actor.objects.get(municipality=nabovik,
                             name="Frivilligsentralen").description == "=HYPERLINK(1)"


def test_json_export_round_trips_with_resources(eksempelvik, nabovik, sentrum):
    DistrictFactory(municipality=nabovik, name="Sentrum")
    run(ACTORS_CSV, eksempelvik)
    run(SETTINGS_CSV, eksempelvik, "settings.csv")
    actor = Actor.objects.get(municipality=eksempelvik, name="Kvinnenettverket")
    actor.resources.create(kind="reach", description="Women new in Norway", amount="60")
    out = io.StringIO()
    assert transfer.write_json(eksempelvik, out) == 4

    run(out.getvalue(), nabovik, "community.json")

    assert transfer.actor_records(nabovik) == transfer.actor_records(eksempelvik)
    assert transfer.setting_records(nabovik) == transfer.setting_records(eksempelvik)


def test_the_export_takes_a_fixed_number_of_queries(eksempelvik, sentrum,
                                                    django_assert_num_queries):
    run(ACTORS_CSV, eksempelvik)
    run(SETTINGS_CSV, eksempelvik, "settings.csv")

    with django_assert_num_queries(6):  # districts, actors, resources; settings, links, pairs
        transfer.write_json(eksempelvik, io.StringIO())
