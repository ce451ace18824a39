"""The JSON API: municipalities and cycles are public; advancing follows the page rules."""

from __future__ import annotations

import pytest
from django.test import Client

from samskap.audit.models import AuditEntry
from samskap.municipalities.importer import import_municipalities
from samskap.planning.models import Cycle, CycleStep
from samskap.testing.factories import DistrictFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def advance_url(cycle: Cycle, step: int) -> str:
    number = cycle.municipality.number
    return f"/api/v1/municipalities/{number}/cycles/{cycle.pk}/steps/{step}/advance/"


def fresh(cycle: Cycle) -> Cycle:
    return Cycle.objects.get(pk=cycle.pk)


# --- Municipalities -------------------------------------------------------------------------


def test_anyone_searches_municipalities_by_name(client, eksempelvik, nabovik):
    import_municipalities()

    response = client.get("/api/v1/municipalities/", {"q": "oslo"})

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    (oslo,) = data["results"]
    assert oslo["number"] == "0301"
    assert oslo["name"] == "Oslo"
    assert oslo["default_language"] == "nb"
    assert oslo["language_form"] == "neutral"
    assert oslo["uses_platform"] is False


def test_the_municipality_list_is_paginated_in_number_order(client, db):
    import_municipalities()

    data = client.get("/api/v1/municipalities/").json()

    assert data["count"] == 357
    assert len(data["results"]) == 50
    assert data["results"][0]["number"] == "0301"
    assert data["next"].endswith("page=2")


def test_a_number_search_finds_oslo(client, db):
    import_municipalities()

    numbers = [m["number"] for m in client.get("/api/v1/municipalities/", {"q": "301"}).json()[
        "results"]]

    assert numbers == ["0301"]


def test_a_municipality_shows_its_districts(client, eksempelvik):
    DistrictFactory(municipality=eksempelvik, name="Sentrum", code="999901", population=4120)

    response = client.get("/api/v1/municipalities/9999/")

    assert response.status_code == 200
    data = response.json()
    assert (data["number"], data["name"], data["uses_platform"]) == ("9999", "Eksempelvik", True)
    assert data["districts"] == [{"id": data["districts"][0]["id"], "name": "Sentrum",
                                  "code": "999901", "population": 4120}]


def test_a_nynorsk_municipality_defaults_to_nynorsk(client, nabovik):
    assert client.get("/api/v1/municipalities/9998/").json()["default_language"] == "nn"


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get("/api/v1/municipalities/1234/").status_code == 404


def test_the_api_cannot_change_municipalities(client, sam, eksempelvik):
    client.force_login(sam)

    response = client.patch("/api/v1/municipalities/9999/", {"name": "Mine"},
                            content_type="application/json")

    assert response.status_code == 405


# --- Cycles ---------------------------------------------------------------------------------


def test_anyone_reads_a_municipalitys_cycles_with_their_steps(client, cycle, other_cycle):
    response = client.get("/api/v1/municipalities/9999/cycles/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    (item,) = data["results"]
    assert (item["id"], item["municipality"], item["start_year"], item["end_year"],
            item["status"]) == (cycle.pk, "9999", 2024, 2027, "active")
    assert [step["number"] for step in item["steps"]] == [1, 2, 3, 4, 5]
    assert item["steps"][0]["name"] == "Overview of health and its determinants"
    assert item["steps"][0]["cocreation_form"] == "co-knowledge"
    assert [step["status"] for step in item["steps"]] == ["in_progress"] + ["not_started"] * 4


def test_one_cycle_can_be_read(client, cycle):
    response = client.get(f"/api/v1/municipalities/9999/cycles/{cycle.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == cycle.pk


def test_a_cycle_is_not_found_under_another_municipality(client, cycle, nabovik):
    assert client.get(f"/api/v1/municipalities/9998/cycles/{cycle.pk}/").status_code == 404


def test_the_cycle_list_does_not_query_per_cycle(client, cycle, eksempelvik,
                                                 django_assert_max_num_queries):
    for start in range(1984, 2024, 4):
        old = Cycle.objects.create(municipality=eksempelvik, start_year=start,
                                   end_year=start + 3, status=Cycle.Status.CLOSED)
        CycleStep.objects.bulk_create(CycleStep(cycle=old, number=n) for n in range(1, 6))

    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/municipalities/9999/cycles/")

    assert response.json()["count"] == 11


def test_mira_advances_a_step_through_the_api(client, mira, cycle):
    client.force_login(mira)

    response = client.post(advance_url(cycle, 1))

    assert response.status_code == 200
    steps = response.json()["steps"]
    assert [step["status"] for step in steps[:2]] == ["done", "in_progress"]
    assert fresh(cycle).step(2).status == CycleStep.Status.IN_PROGRESS
    entry = AuditEntry.objects.get(action="step.complete")
    assert entry.actor == mira


def test_an_advance_that_breaks_the_rules_is_a_400_with_the_reason(client, mira, cycle):
    client.force_login(mira)

    response = client.post(advance_url(cycle, 3), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"detail": "Only a step in progress can be marked as done."}
    assert fresh(cycle).step(3).status == CycleStep.Status.NOT_STARTED


def test_cem_may_not_advance_a_step(client, cem, cycle):
    client.force_login(cem)

    assert client.post(advance_url(cycle, 1)).status_code == 403
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS


def test_olav_does_not_even_see_that_eksempelviks_cycle_can_be_advanced(client, olav, cycle):
    client.force_login(olav)

    assert client.post(advance_url(cycle, 1)).status_code == 404
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS


def test_an_anonymous_advance_is_refused(client, cycle):
    response = client.post(advance_url(cycle, 1))

    assert response.status_code in {401, 403}
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS


def test_an_advance_needs_the_csrf_token_of_the_session(mira, cycle):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mira)

    assert client.post(advance_url(cycle, 1)).status_code == 403
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS


def test_a_step_number_outside_one_to_five_is_not_found(client, mira, cycle):
    client.force_login(mira)

    assert client.post(advance_url(cycle, 6)).status_code == 404


# --- Schema ---------------------------------------------------------------------------------


def test_the_openapi_schema_is_served(client, db):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi:" in body
    assert "/api/v1/municipalities/{number}/cycles/{id}/steps/{step}/advance/" in body
