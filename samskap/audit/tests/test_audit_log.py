"""The audit log: what the actions write, and who may read it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from samskap.audit import log
from samskap.audit.models import AuditEntry
from samskap.municipalities.models import District
from samskap.planning import actions
from samskap.testing.factories import DistrictFactory

LOG_URL = reverse("audit:log", args=["9999"])


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def rows(page: str) -> list[str]:
    """The rows of the log's table (without its header row)."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []


def listed_actions(page: str) -> set[str]:
    """The action codes the filter offers: every action that is in this municipality's log."""
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return set(re.findall(r'<option value="([^"]+)"', select.group(1)))


@pytest.fixture
def as_per(client, per):
    client.force_login(per)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def entry_for(district: District, actor, action: str = "district.update", **kwargs):  # type: ignore[no-untyped-def]
    return log.record(actor=actor, action=action, obj=district,
                      municipality=district.municipality, **kwargs)


# --- Writing --------------------------------------------------------------------------------


def test_a_snapshot_turns_values_into_json(cycle, per):
    step = cycle.step(1)
    step.lead = per
    step.deadline = dt.date(2025, 1, 31)

    data = log.snapshot(step, ["lead", "deadline", "started_at", "summary"])

    assert data["lead"] == str(per)
    assert data["deadline"] == "2025-01-31"
    assert data["started_at"] == step.started_at.isoformat()
    assert data["summary"] == ""


def test_a_snapshot_writes_decimals_as_text(eksempelvik):
    eksempelvik.area_km2 = Decimal("312.40")

    assert log.snapshot(eksempelvik, ["area_km2"]) == {"area_km2": "312.40"}


def test_an_entry_records_who_what_and_the_object(eksempelvik, per):
    district = DistrictFactory(municipality=eksempelvik, name="Sjøsida")

    entry = entry_for(district, per, before={"name": "Sjøen"}, after={"name": "Sjøsida"},
                      reason="Official name")

    assert (entry.actor, entry.municipality, entry.action) == (per, eksempelvik,
                                                              "district.update")
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "municipalities.district", str(district.pk), "Sjøsida")
    assert entry.reason == "Official name"
    assert entry.changes() == [("name", "Sjøen", "Sjøsida")]


def test_an_anonymous_or_missing_actor_is_logged_as_the_system(eksempelvik):
    district = DistrictFactory(municipality=eksempelvik)

    assert entry_for(district, AnonymousUser()).actor is None
    assert entry_for(district, None).actor is None


def test_changes_lists_only_fields_that_differ(eksempelvik, per):
    entry = entry_for(DistrictFactory(municipality=eksempelvik), per,
                      before={"name": "A", "code": "1"}, after={"name": "B", "code": "1",
                                                                "population": 10})

    assert entry.changes() == [("name", "A", "B"), ("population", None, 10)]


def test_the_newest_entry_comes_first(eksempelvik, per):
    district = DistrictFactory(municipality=eksempelvik)
    first = entry_for(district, per)
    second = entry_for(district, per)

    assert list(AuditEntry.objects.for_municipality(eksempelvik)) == [second, first]
    assert list(AuditEntry.objects.for_object(district)) == [second, first]


# --- Reading --------------------------------------------------------------------------------


def test_per_reads_the_log_with_who_what_reason_and_changes(as_per, cycle, mira):
    actions.advance(cycle.step(1), mira)
    actions.reopen_step(cycle.step(1), mira, "New figures from FHI.")

    response = as_per.get(LOG_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert listed_actions(page) == {"cycle.start", "step.complete", "step.start",
                                    "step.reopen"}
    assert len(rows(page)) == 4
    newest = rows(page)[0]
    assert "Mira Koordinator" in newest
    assert "Reason: New figures from FHI." in newest
    assert re.search(r"<strong>status</strong>: (done|Done) → (in_progress|In progress)",
                     newest)


def test_the_log_can_be_filtered_by_an_action_that_exists(as_per, cycle, mira):
    actions.advance(cycle.step(1), mira)

    page = as_per.get(LOG_URL, {"action": "step.complete"}).content.decode()

    assert len(rows(page)) == 1
    assert "1. Overview" in rows(page)[0]
    assert '<option value="step.complete" selected>' in page


def test_an_unknown_action_filter_shows_everything(as_per, cycle, mira):
    actions.advance(cycle.step(1), mira)

    page = as_per.get(LOG_URL, {"action": "'; DROP TABLE"}).content.decode()

    assert len(rows(page)) == 3


def test_the_log_shows_only_the_municipalitys_own_entries(as_per, cycle, other_cycle):
    page = as_per.get(LOG_URL).content.decode()

    assert len(rows(page)) == 1
    assert "Eksempelvik 2024–2027" in rows(page)[0]
    assert "Nabovik" not in page


def test_the_log_is_paginated_newest_first(as_per, eksempelvik, per):
    district = DistrictFactory(municipality=eksempelvik)
    for n in range(60):
        entry_for(district, per, after={"n": n})

    first = as_per.get(LOG_URL).content.decode()
    second = as_per.get(LOG_URL, {"page": 2}).content.decode()

    assert "Page 1 of 2" in first and "Older" in first
    assert "Page 2 of 2" in second and "Newer" in second
    assert "<strong>n</strong>: – → 59" in first
    assert "<strong>n</strong>: – → 0<" in second


def test_the_log_does_not_query_per_entry(as_per, eksempelvik, per, mira, ada,
                                          django_assert_max_num_queries):
    district = DistrictFactory(municipality=eksempelvik)
    for actor in (per, mira, ada) * 15:
        entry_for(district, actor)

    with django_assert_max_num_queries(9):
        response = as_per.get(LOG_URL)

    assert len(rows(response.content.decode())) == 45


@pytest.mark.parametrize(("persona", "status"), [
    ("ada", 200), ("mira", 200), ("siri", 403), ("frida", 403), ("cem", 403), ("olav", 404),
])
def test_only_the_municipalitys_staff_read_the_log(client, request, eksempelvik, persona,
                                                   status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(LOG_URL).status_code == status


def test_a_visitor_is_sent_to_log_in(client, eksempelvik):
    response = client.get(LOG_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_site_admin_reads_any_municipalitys_log(client, sam, eksempelvik):
    client.force_login(sam)

    assert client.get(LOG_URL).status_code == 200


def test_the_admin_cannot_change_or_delete_entries(client, sam, eksempelvik, per):
    entry = entry_for(DistrictFactory(municipality=eksempelvik), per)
    client.force_login(sam)

    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
