"""Settings per district and their ripples; import and export of the register in the browser."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samskap.actors.models import Actor, ActorSettingLink, Setting, SettingLink
from samskap.audit.models import AuditEntry
from samskap.testing.factories import ActorFactory, DistrictFactory, SettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(view, municipality, **kwargs):
    return reverse(f"actors:{view}", kwargs={"number": municipality.number, **kwargs})


@pytest.fixture
def nordbyen(eksempelvik):
    return DistrictFactory(municipality=eksempelvik, name="Nordbyen")


@pytest.fixture
def hall(eksempelvik, nordbyen):
    return SettingFactory(municipality=eksempelvik, name="Nordbyhallen", kind="sports_club",
                          district=nordbyen)


@pytest.fixture
def school(eksempelvik, nordbyen):
    return SettingFactory(municipality=eksempelvik, name="Nordbyen skole", kind="school",
                          district=nordbyen)


def upload(name, content, dry_run=False):
    data = content if isinstance(content, bytes) else content.encode()
    return {"file": SimpleUploadedFile(name, data, "text/csv"),
            **({"dry_run": "on"} if dry_run else {})}


# --- Settings -------------------------------------------------------------------------------

def test_settings_are_grouped_by_district_with_the_whole_municipality_last(
        client, cem, eksempelvik, hall, school):
    SettingFactory(municipality=eksempelvik, name="Kommunens Facebook-side", kind="digital")
    client.force_login(cem)
    response = client.get(url("settings", eksempelvik))
    groups = [(d.name if d else None, [s.name for s in rows])
              for d, rows in response.context["groups"]]
    assert groups == [("Nordbyen", ["Nordbyen skole", "Nordbyhallen"]),
                      (None, ["Kommunens Facebook-side"])]
    assert "none – stands alone" in response.content.decode()


def test_per_adds_and_changes_a_setting(client, per, eksempelvik, nordbyen):
    client.force_login(per)
    response = client.post(url("setting_new", eksempelvik),
                           {"name": "Biblioteket", "kind": "library", "district": nordbyen.pk})
    setting = Setting.objects.get(name="Biblioteket")
    assert response.status_code == 302 and setting.district == nordbyen
    client.post(url("setting_edit", eksempelvik, pk=setting.pk),
                {"name": "Biblioteket", "kind": "library", "district": ""})
    setting.refresh_from_db()
    assert setting.district is None
    assert AuditEntry.objects.filter(action="actors.change_setting").count() == 1


@pytest.mark.parametrize("data", [
    {"name": "", "kind": "library"}, {"name": "X", "kind": "castle"},
    {"name": "X", "kind": "library", "district": "999999"},
])
def test_a_bad_setting_is_a_field_error(client, per, eksempelvik, data):
    client.force_login(per)
    response = client.post(url("setting_new", eksempelvik), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Setting.objects.exists()


def test_a_district_of_another_municipality_cannot_be_chosen(client, per, eksempelvik, nabovik):
    theirs = DistrictFactory(municipality=nabovik, name="Naboby")
    client.force_login(per)
    response = client.post(url("setting_new", eksempelvik),
                           {"name": "X", "kind": "library", "district": theirs.pk})
    assert "district" in response.context["form"].errors


def test_per_links_two_settings_once_and_unlinks_them(client, per, eksempelvik, hall, school):
    client.force_login(per)
    client.post(url("setting_link", eksempelvik, pk=school.pk),
                {"other": hall.pk, "description": "Gym i hallen"})
    client.post(url("setting_link", eksempelvik, pk=hall.pk), {"other": school.pk})
    link = SettingLink.objects.get()
    assert link.description == "Gym i hallen"
    page = client.get(url("setting_detail", eksempelvik, pk=hall.pk)).content.decode()
    assert "Nordbyen skole" in page and "Gym i hallen" in page
    client.post(url("setting_unlink", eksempelvik, pk=hall.pk, link=link.pk))
    assert not SettingLink.objects.exists()


def test_a_setting_cannot_be_linked_to_itself(client, per, eksempelvik, hall):
    client.force_login(per)
    response = client.post(url("setting_link", eksempelvik, pk=hall.pk), {"other": hall.pk})
    assert "other" in response.context["form"].errors
    assert not SettingLink.objects.exists()


def test_per_links_an_actor_from_the_settings_side(client, per, eksempelvik, hall):
    club = ActorFactory(municipality=eksempelvik, name="Nordbyen idrettslag")
    client.force_login(per)
    response = client.post(url("setting_add_actor", eksempelvik, pk=hall.pk),
                           {"actor": club.pk, "kind": "present"})
    assert response.status_code == 302
    link = ActorSettingLink.objects.get(actor=club, setting=hall)
    response = client.post(url("unlink", eksempelvik, pk=club.pk, link=link.pk),
                           {"next": "setting"})
    assert response["Location"] == url("setting_detail", eksempelvik, pk=hall.pk)


def test_deleting_a_setting_deletes_its_links(client, per, eksempelvik, hall, school):
    SettingLink.objects.create(setting_a=min(hall, school, key=lambda s: s.pk),
                               setting_b=max(hall, school, key=lambda s: s.pk))
    client.force_login(per)
    assert "1 link to another setting" in client.get(
        url("setting_delete", eksempelvik, pk=hall.pk)).content.decode()
    client.post(url("setting_delete", eksempelvik, pk=hall.pk))
    assert list(Setting.objects.values_list("name", flat=True)) == ["Nordbyen skole"]
    assert not SettingLink.objects.exists()


def test_another_municipalitys_setting_is_not_found(client, per, eksempelvik, nabovik):
    theirs = SettingFactory(municipality=nabovik)
    client.force_login(per)
    for name in ("setting_detail", "setting_edit", "setting_delete", "setting_link"):
        assert client.get(url(name, eksempelvik, pk=theirs.pk)).status_code == 404
    assert client.post(url("setting_delete", eksempelvik, pk=theirs.pk)).status_code == 404
    assert Setting.objects.filter(pk=theirs.pk).exists()


# --- Import and export ----------------------------------------------------------------------

ACTORS_CSV = ("name;kind;sector;org_number;influence;groups_reached\n"
              "Sjøsida kystlag;faith_culture;;;2;elderly\n"
              "Eksempelvik næringsforening;business;;974760673;4;\n")


def test_a_dry_run_shows_what_would_change_and_writes_nothing(client, per, eksempelvik):
    client.force_login(per)
    response = client.post(url("import", eksempelvik),
                           upload("aktorer.csv", ACTORS_CSV, dry_run=True))
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.actors_created, result.actors_changed) == (2, 0)
    assert [name for _table, name, _new in result.rows] == ["Sjøsida kystlag",
                                                            "Eksempelvik næringsforening"]
    assert "Dry run: nothing was written" in response.content.decode()
    assert not Actor.objects.exists() and not AuditEntry.objects.exists()


def test_an_import_writes_everything(client, per, eksempelvik):
    client.force_login(per)
    response = client.post(url("import", eksempelvik), upload("aktorer.csv", ACTORS_CSV))
    assert response.status_code == 302
    assert Actor.objects.of(eksempelvik).count() == 2


def test_a_windows_1252_file_from_excel_is_imported(client, per, eksempelvik):
    client.force_login(per)
    client.post(url("import", eksempelvik), upload("aktorer.csv", ACTORS_CSV.encode("cp1252")))
    assert Actor.objects.filter(name="Sjøsida kystlag").exists()


def test_a_wrong_line_imports_nothing_and_names_line_and_column(client, per, eksempelvik):
    client.force_login(per)
    bad = ACTORS_CSV + "Tredje lag;voluntary;;;9;\n"
    response = client.post(url("import", eksempelvik), upload("aktorer.csv", bad))
    errors = response.context["form"].errors["file"]
    assert errors == ["Nothing was imported. aktorer.csv, line 4, column “influence”: 9 is "
                      "not from 1 to 5"]
    assert not Actor.objects.exists()


def test_a_byte_that_is_no_text_is_named(client, per, eksempelvik):
    client.force_login(per)
    response = client.post(url("import", eksempelvik),
                           upload("aktorer.csv", b"name;kind\nLag\x81;voluntary\n"))
    [error] = response.context["form"].errors["file"]
    assert "line 2" in error and "0x81" in error


@pytest.mark.parametrize("content", [b"", b"just some words\n", b"{not json"])
def test_files_that_are_not_an_actors_file_are_field_errors(client, per, eksempelvik, content):
    client.force_login(per)
    response = client.post(url("import", eksempelvik), upload("x.csv", content))
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_the_exports_are_for_excel_and_for_machines(client, per, eksempelvik):
    ActorFactory(municipality=eksempelvik, name="Sjøsida kystlag", kind="faith_culture")
    client.force_login(per)
    response = client.get(url("export", eksempelvik, name="actors.csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "Sjøsida kystlag" in response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="actors-9999-')
    document = json.loads(client.get(url("export", eksempelvik, name="community.json")).content)
    assert [a["name"] for a in document["actors"]] == ["Sjøsida kystlag"]
    assert client.get(url("export", eksempelvik, name="secrets.txt")).status_code == 404


def test_an_export_round_trips_through_the_import(client, per, eksempelvik, hall, school):
    club = ActorFactory(municipality=eksempelvik, name="Nordbyen idrettslag")
    ActorSettingLink.objects.create(actor=club, setting=hall, kind="runs")
    client.force_login(per)
    exported = client.get(url("export", eksempelvik, name="settings.csv")).content
    response = client.post(url("import", eksempelvik),
                           upload("settings.csv", exported, dry_run=True))
    result = response.context["result"]
    assert (result.settings_created, result.settings_changed) == (0, 2)
