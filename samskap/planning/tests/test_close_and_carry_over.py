"""Mira runs a whole cycle through the pages: start, five steps, conclusions, close, carry over."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from samskap.audit.models import AuditEntry
from samskap.planning.models import Cycle, CycleStep

CONCLUSIONS = [
    ("continue", "Møteplasser for eldre", "Well attended; keep them."),
    ("improve", "Ungdommens stemme", "Involve the youth council from the overview on."),
    ("stop", "Brosjyrekampanje", "Reached few."),
    ("add", "Levekår i Nordbyen", "More children in low-income families."),
]


@pytest.fixture
def as_mira(client, mira):
    client.force_login(mira)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, cycle: Cycle, step: int | None = None) -> str:
    kwargs: dict[str, object] = {"number": cycle.municipality.number, "pk": cycle.pk}
    if step is not None:
        kwargs["step"] = step
    return reverse(f"planning:{name}", kwargs=kwargs)


def test_mira_runs_a_cycle_from_start_to_close_and_its_conclusions_carry_over(
    as_mira, mira, eksempelvik
):
    response = as_mira.post(reverse("planning:cycle_new", args=["9999"]), {"start_year": 2024})
    cycle = Cycle.objects.get(municipality=eksempelvik, start_year=2024)
    assert response.status_code == 302
    assert response["Location"] == cycle.get_absolute_url()

    for number in range(1, 6):
        response = as_mira.post(url("step_advance", cycle, number))
        assert response.status_code == 302, number
    assert Cycle.objects.get(pk=cycle.pk).all_steps_done

    for kind, title, text in CONCLUSIONS:
        response = as_mira.post(url("conclusion_add", cycle, 5),
                                {"kind": kind, "title": title, "text": text})
        assert response.status_code == 302
        assert response["Location"].endswith("#conclusions")
    evaluation = as_mira.get(url("step", cycle, 5)).content.decode()
    assert all(title in evaluation for _kind, title, _text in CONCLUSIONS)

    close_page = as_mira.get(url("cycle_close", cycle))
    assert "Conclusions that will be carried over" in close_page.content.decode()
    response = as_mira.post(url("cycle_close", cycle), follow=True)

    following = Cycle.objects.get(municipality=eksempelvik, start_year=2028)
    assert response.redirect_chain == [(following.get_absolute_url(), 302)]
    assert "The cycle 2024–2027 is closed" in response.content.decode()
    assert (following.term, following.previous_id, following.is_active) == (
        "2028–2031", cycle.pk, True)
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.CLOSED
    assert following.step(1).status == CycleStep.Status.IN_PROGRESS

    overview = as_mira.get(url("step", following, 1))
    page = overview.content.decode()
    assert overview.status_code == 200
    assert "Starting points from the previous cycle" in page
    for _kind, title, text in CONCLUSIONS:
        assert title in page
        assert text in page
    assert page.count("Evaluation of the cycle 2024–2027") == len(CONCLUSIONS)
    assert cycle.get_absolute_url() in page  # the origin links back to the closed cycle

    log = as_mira.get(reverse("audit:log", args=["9999"])).content.decode()
    offered = set(re.findall(r'<option value="([a-z_]+\.[a-z_]+)"', log))
    assert offered == {"cycle.start", "step.complete", "step.start", "conclusion.add",
                       "cycle.close", "cycle.carry_over"}
    # 2 cycle starts, 5 steps done, 4 started, 4 conclusions, the close and the carry-over
    assert AuditEntry.objects.count() == 17
    assert log.count("<tr>") == 1 + 17
    assert "Mira Koordinator" in log
    assert AuditEntry.objects.filter(action="step.complete").count() == 5
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {mira.pk}


def test_mira_cannot_close_a_cycle_before_the_evaluation_is_done(as_mira, cycle):
    for number in range(1, 5):
        as_mira.post(url("step_advance", cycle, number))
    audit_rows = AuditEntry.objects.count()

    response = as_mira.post(url("cycle_close", cycle))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The evaluation step is not done." in page
    assert "The cycle cannot be closed yet" in page
    assert Cycle.objects.get(pk=cycle.pk).is_active
    assert Cycle.objects.count() == 1
    assert AuditEntry.objects.count() == audit_rows


def test_the_close_page_lists_what_blocks_closing(as_mira, cycle):
    page = as_mira.get(url("cycle_close", cycle)).content.decode()

    assert "The evaluation step is not done." in page
    assert "Plan strategy" in page
    assert '<button type="submit">Close the cycle</button>' not in page


def test_a_closed_cycle_shows_where_its_work_went_on(as_mira, cycle):
    for number in range(1, 6):
        as_mira.post(url("step_advance", cycle, number))
    as_mira.post(url("cycle_close", cycle))
    following = Cycle.objects.get(start_year=2028)

    closed_page = as_mira.get(cycle.get_absolute_url()).content.decode()
    evaluation = as_mira.get(url("step", cycle, 5)).content.decode()

    assert "This cycle was closed on" in closed_page
    assert following.get_absolute_url() in closed_page
    assert "Close the cycle" not in closed_page
    assert "Add a conclusion" not in evaluation  # a closed cycle cannot change
    assert "The evaluation has no conclusions" not in evaluation


def test_per_cannot_close_the_cycle(client, per, cycle):
    client.force_login(per)

    assert client.post(url("cycle_close", cycle)).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).is_active
