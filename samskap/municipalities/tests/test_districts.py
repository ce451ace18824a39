"""Districts: anyone reads them, staff such as Per keep them up to date, every change logged."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from samskap.audit.models import AuditEntry
from samskap.municipalities.models import District
from samskap.testing.factories import DistrictFactory


@pytest.fixture
def as_per(client, per):
    client.force_login(per)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def sentrum(eksempelvik) -> District:
    return DistrictFactory(municipality=eksempelvik, name="Sentrum", code="999901",
                           population=4120)


def districts_url(number: str = "9999") -> str:
    return reverse("municipalities:districts", args=[number])


def edit_url(district: District, number: str = "9999") -> str:
    return reverse("municipalities:district_edit", args=[number, district.pk])


def delete_url(district: District, number: str = "9999") -> str:
    return reverse("municipalities:district_delete", args=[number, district.pk])


def test_anyone_can_read_the_districts(client, sentrum):
    response = client.get(districts_url())

    assert response.status_code == 200
    assert "Sentrum" in response.content.decode()
    assert edit_url(sentrum) not in response.content.decode()


def test_per_adds_a_district_and_it_is_logged(as_per, eksempelvik, per):
    response = as_per.post(reverse("municipalities:district_new", args=["9999"]), {
        "name": "Nordbyen", "code": "999902", "population": "3380", "description": ""})

    assert response.status_code == 302
    assert response["Location"] == districts_url()
    district = District.objects.get(municipality=eksempelvik, name="Nordbyen")
    entry = AuditEntry.objects.get(action="district.create")
    assert (entry.actor, entry.municipality, entry.object_id) == (per, eksempelvik,
                                                                 str(district.pk))
    assert entry.before == {}
    assert entry.after == {"name": "Nordbyen", "code": "999902", "population": 3380,
                           "description": ""}


def test_per_renames_a_district_and_the_log_shows_before_and_after(as_per, sentrum, per):
    response = as_per.post(edit_url(sentrum), {
        "name": "Sentrum og havna", "code": "999901", "population": "4200", "description": ""})

    assert response.status_code == 302
    sentrum.refresh_from_db()
    assert (sentrum.name, sentrum.population) == ("Sentrum og havna", 4200)
    entry = AuditEntry.objects.get(action="district.update")
    assert entry.actor == per
    assert entry.changes() == [("name", "Sentrum", "Sentrum og havna"),
                               ("population", 4120, 4200)]


def test_per_deletes_a_district_and_the_log_keeps_what_it_was(as_per, sentrum):
    response = as_per.post(delete_url(sentrum))

    assert response.status_code == 302
    assert not District.objects.exists()
    entry = AuditEntry.objects.get(action="district.delete")
    assert entry.before["name"] == "Sentrum"
    assert entry.object_repr == "Sentrum"


def test_the_edit_page_shows_the_district(as_per, sentrum):
    response = as_per.get(edit_url(sentrum))

    assert response.status_code == 200
    assert 'value="Sentrum"' in response.content.decode()


def test_a_district_name_taken_in_the_municipality_is_a_form_error(as_per, sentrum):
    response = as_per.post(reverse("municipalities:district_new", args=["9999"]), {
        "name": "Sentrum", "code": "", "population": "", "description": ""})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "already has a district with this name" in response.content.decode()
    assert District.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_renaming_onto_another_districts_name_is_a_form_error(as_per, sentrum, eksempelvik):
    nordbyen = DistrictFactory(municipality=eksempelvik, name="Nordbyen")

    response = as_per.post(edit_url(nordbyen), {"name": "Sentrum", "code": "",
                                                "population": "", "description": ""})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    nordbyen.refresh_from_db()
    assert nordbyen.name == "Nordbyen"


def test_a_district_code_taken_in_the_municipality_is_a_form_error(as_per, sentrum):
    response = as_per.post(reverse("municipalities:district_new", args=["9999"]), {
        "name": "Havna", "code": "999901", "population": "", "description": ""})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Another district of the municipality has this code" in response.content.decode()
    assert District.objects.count() == 1


def test_districts_without_a_code_do_not_clash(as_per, eksempelvik):
    DistrictFactory(municipality=eksempelvik, name="Fjellgrenda", code="")

    response = as_per.post(reverse("municipalities:district_new", args=["9999"]), {
        "name": "Austmarka", "code": "", "population": "", "description": ""})

    assert response.status_code == 302
    assert District.objects.count() == 2


def test_the_same_district_name_is_fine_in_another_municipality(as_per, sentrum, nabovik):
    DistrictFactory(municipality=nabovik, name="Havna")

    response = as_per.post(reverse("municipalities:district_new", args=["9999"]), {
        "name": "Havna", "code": "", "population": "", "description": ""})

    assert response.status_code == 302
    assert District.objects.filter(name="Havna").count() == 2


def test_another_municipalitys_district_is_not_found(as_per, nabovik):
    foreign = DistrictFactory(municipality=nabovik, name="Havna")

    assert as_per.get(edit_url(foreign)).status_code == 404
    assert as_per.post(edit_url(foreign), {"name": "Mine now"}).status_code == 404
    assert as_per.post(delete_url(foreign)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Havna"
    assert not AuditEntry.objects.exists()


def test_olav_cannot_touch_eksempelviks_districts(client, olav, sentrum):
    client.force_login(olav)

    assert client.get(edit_url(sentrum)).status_code == 404
    assert client.post(delete_url(sentrum)).status_code == 404
    assert District.objects.filter(pk=sentrum.pk).exists()


@pytest.mark.parametrize("persona", ["siri", "frida", "cem"])
def test_members_outside_the_staff_cannot_edit_districts(client, request, persona, sentrum):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("municipalities:district_new", args=["9999"])).status_code == 403
    assert client.post(delete_url(sentrum)).status_code == 403
    assert District.objects.filter(pk=sentrum.pk).exists()


def test_a_visitor_is_sent_to_log_in_before_editing(client, sentrum):
    response = client.post(delete_url(sentrum))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert District.objects.filter(pk=sentrum.pk).exists()


def test_the_districts_page_does_not_query_per_district(as_per, eksempelvik,
                                                       django_assert_max_num_queries):
    DistrictFactory.create_batch(15, municipality=eksempelvik)

    with django_assert_max_num_queries(7):
        response = as_per.get(districts_url())

    assert response.content.decode().count('<th scope="row">') == 15
