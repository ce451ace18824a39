"""A municipality's public page and its internal dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.planning import actions
from samskap.testing.factories import MunicipalityFactory

DASHBOARD = reverse("municipalities:dashboard", args=["9999"])


def english(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def as_mira(client, mira):
    client.force_login(mira)
    return english(client)


def test_anyone_sees_the_municipality_with_its_cycle_wheel(client, cycle):
    response = english(client).get(reverse("municipalities:detail", args=["9999"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Eksempelvik municipality" in page
    assert 'role="img"' in page
    assert cycle.get_absolute_url() in page
    assert "fictional demo municipality" in page
    assert DASHBOARD not in page


def test_a_municipality_not_on_samskap_says_so_and_shows_no_cycle(client, db):
    MunicipalityFactory(number="0301", name="Oslo", uses_platform=False, is_fictional=False)

    page = english(client).get(reverse("municipalities:detail", args=["0301"])).content.decode()

    assert "Oslo does not use Samskap yet." in page
    assert "<svg" not in page


def test_a_municipality_without_a_cycle_says_none_has_started(client, eksempelvik):
    page = english(client).get(reverse("municipalities:detail", args=["9999"])).content.decode()

    assert "No public health cycle has been started yet." in page


def test_members_inside_the_municipality_get_a_link_to_the_dashboard(client, siri, eksempelvik):
    client.force_login(siri)

    assert DASHBOARD in client.get(reverse("municipalities:detail", args=["9999"])).content.decode()


def test_mira_sees_the_current_step_overdue_steps_and_recent_changes(as_mira, cycle, mira):
    actions.update_step(cycle.step(1), mira, lead=mira, deadline=dt.date(2020, 1, 31),
                        summary="")

    page = as_mira.get(DASHBOARD).content.decode()

    assert "Current cycle: 2024–2027" in page
    assert "1. Overview of health and its determinants" in page
    assert "deadline 31. January 2020" in page
    assert "Recent changes" in page
    assert page.count("<tr>") == 3  # header, the start of the cycle and the change


def test_a_step_done_late_is_not_overdue(as_mira, cycle, mira):
    actions.update_step(cycle.step(1), mira, lead=None, deadline=dt.date(2020, 1, 31),
                        summary="")
    actions.advance(cycle.step(1), mira)

    assert "Nothing is overdue." in as_mira.get(DASHBOARD).content.decode()


def test_siri_reads_the_dashboard_without_the_audit_log(client, siri, cycle):
    client.force_login(siri)

    response = english(client).get(DASHBOARD)

    assert response.status_code == 200
    assert "Recent changes" not in response.content.decode()


def test_the_dashboard_invites_to_start_a_cycle_when_there_is_none(as_mira, eksempelvik):
    assert "No public health cycle has been started yet." in as_mira.get(
        DASHBOARD).content.decode()


@pytest.mark.parametrize(("persona", "status"), [("frida", 403), ("cem", 403), ("olav", 404)])
def test_only_people_working_in_the_municipality_see_the_dashboard(client, request, eksempelvik,
                                                                    persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(DASHBOARD).status_code == status


def test_a_visitor_is_sent_to_log_in_for_the_dashboard(client, eksempelvik):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_dashboard_does_not_query_per_entry_or_step(as_mira, cycle, mira, per,
                                                       django_assert_max_num_queries):
    for number in range(1, 6):
        actions.update_step(cycle.step(number), mira, lead=per, deadline=dt.date(2020, 1, 1),
                            summary=f"Step {number}")

    # The cycle and its steps, the audit log, and one query for each section the later
    # capabilities add (overdue contributions, running processes, inputs waiting for an
    # answer, statements waiting for moderation) besides session, user and municipality.
    with django_assert_max_num_queries(13):
        response = as_mira.get(DASHBOARD)
    assert response.content.decode().count("<tr>") == 1 + 6  # header, start and 5 changes

    with CaptureQueriesContext(connection) as first:
        as_mira.get(DASHBOARD)
    for number in range(1, 6):
        actions.update_step(cycle.step(number), mira, lead=per, deadline=dt.date(2020, 1, 2),
                            summary=f"Step {number}, revised")
    with CaptureQueriesContext(connection) as second:
        as_mira.get(DASHBOARD)
    assert len(second) == len(first)
