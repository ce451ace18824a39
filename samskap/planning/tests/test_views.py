"""The cycle pages: public reading, the accessible wheel, htmx, the step form, access."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from samskap.audit.models import AuditEntry
from samskap.planning import actions, steps
from samskap.planning.models import CarriedOverItem, Cycle, CycleStep

STEP_NAMES = [
    "Overview of health and its determinants",
    "Anchoring in the plan strategy",
    "Goals and priorities in plans",
    "Measures: design and implementation",
    "Evaluation through internal control",
]


def english(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def visitor(client):
    return english(client)


@pytest.fixture
def as_mira(client, mira):
    client.force_login(mira)
    return english(client)


@pytest.fixture
def as_per(client, per):
    client.force_login(per)
    return english(client)


def url(name: str, cycle: Cycle, step: int | None = None, number: str | None = None) -> str:
    kwargs: dict[str, object] = {"number": number or cycle.municipality.number, "pk": cycle.pk}
    if step is not None:
        kwargs["step"] = step
    return reverse(f"planning:{name}", kwargs=kwargs)


def fresh(cycle: Cycle) -> Cycle:
    return Cycle.objects.get(pk=cycle.pk)


# --- Public reading -------------------------------------------------------------------------


def test_anyone_can_read_the_list_of_cycles(visitor, cycle):
    response = visitor.get(reverse("planning:cycles", args=["9999"]))

    assert response.status_code == 200
    assert "2024–2027" in response.content.decode()
    assert "Start a new cycle" not in response.content.decode()


def test_anyone_can_read_a_cycle_and_each_of_its_steps(visitor, cycle):
    assert visitor.get(cycle.get_absolute_url()).status_code == 200
    for number in range(1, 6):
        response = visitor.get(url("step", cycle, number))
        assert response.status_code == 200, number
        assert STEP_NAMES[number - 1] in response.content.decode()


def test_visitors_see_no_buttons_and_no_history(visitor, cycle):
    cycle_page = visitor.get(cycle.get_absolute_url()).content.decode()
    step_page = visitor.get(url("step", cycle, 1)).content.decode()

    assert "advance/" not in cycle_page
    assert "Close the cycle" not in cycle_page
    assert "advance/" not in step_page
    assert "History" not in step_page


def test_the_wheel_is_an_image_with_a_title(visitor, cycle):
    page = visitor.get(cycle.get_absolute_url()).content.decode()

    svg = re.search(r"<svg\b[^>]*>.*?</svg>", page, re.S)
    assert svg is not None
    opening = re.match(r"<svg\b[^>]*>", svg.group()).group()
    assert 'role="img"' in opening
    title = re.search(r'<title id="([^"]+)">([^<]+)</title>', svg.group())
    assert title is not None
    assert f'aria-labelledby="{title.group(1)}"' in opening
    assert "2024–2027" in title.group(2)


def test_the_wheel_has_an_ordered_list_with_all_five_steps_in_order(visitor, cycle):
    page = visitor.get(cycle.get_absolute_url()).content.decode()

    steps_list = re.search(r'<ol class="steps-list">(.*?)</ol>', page, re.S)
    assert steps_list is not None
    positions = [steps_list.group(1).find(name) for name in STEP_NAMES]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert steps_list.group(1).count('aria-current="step"') == 1


def test_an_unknown_step_number_is_not_found(visitor, cycle):
    assert visitor.get(url("step", cycle, 0)).status_code == 404
    assert visitor.get(url("step", cycle, 6)).status_code == 404


def test_a_cycle_is_not_found_under_another_municipality(visitor, cycle, nabovik):
    assert visitor.get(url("cycle", cycle, number="9998")).status_code == 404
    assert visitor.get(url("step", cycle, 1, number="9998")).status_code == 404


def test_an_unknown_municipality_is_not_found(visitor, db):
    assert visitor.get(reverse("planning:cycles", args=["1234"])).status_code == 404


# --- Advancing through the pages ------------------------------------------------------------


def test_mira_advances_a_step_from_the_wheel_and_returns_to_the_cycle(as_mira, cycle):
    response = as_mira.post(url("step_advance", cycle, 1), {"return_to": "cycle"})

    assert response.status_code == 302
    assert response["Location"] == cycle.get_absolute_url()
    assert fresh(cycle).step(2).status == CycleStep.Status.IN_PROGRESS


def test_an_htmx_advance_returns_only_the_wheel(as_mira, cycle):
    response = as_mira.post(url("step_advance", cycle, 1), {"return_to": "cycle"},
                            HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="wheel-region">')
    assert "<html" not in page and "<h1" not in page
    assert 'role="status"' in page
    assert "The step is done. Next: Anchoring in the plan strategy." in page
    current = re.search(r'<li aria-current="step">.*?</li>', page, re.S)
    assert current is not None and STEP_NAMES[1] in current.group()
    assert fresh(cycle).step(1).status == CycleStep.Status.DONE


def test_an_htmx_advance_that_breaks_the_rules_shows_why_in_the_wheel(as_mira, cycle):
    response = as_mira.post(url("step_advance", cycle, 3), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Only a step in progress can be marked as done." in response.content.decode()
    assert fresh(cycle).step(3).status == CycleStep.Status.NOT_STARTED


def test_a_refused_advance_shows_a_message_and_changes_nothing(as_mira, cycle):
    response = as_mira.post(url("step_advance", cycle, 2), follow=True)

    assert "Only a step in progress can be marked as done." in response.content.decode()
    assert fresh(cycle).step(2).status == CycleStep.Status.NOT_STARTED
    assert not AuditEntry.objects.filter(action="step.complete").exists()


def test_advancing_needs_a_post(as_mira, cycle):
    assert as_mira.get(url("step_advance", cycle, 1)).status_code == 405


def test_mira_starts_a_step_whose_previous_step_is_done(as_mira, cycle, mira):
    actions.complete_step(cycle.step(1), mira)

    response = as_mira.post(url("step_start", cycle, 2))

    assert response["Location"] == fresh(cycle).step(2).get_absolute_url()
    assert fresh(cycle).step(2).status == CycleStep.Status.IN_PROGRESS


def test_reopening_asks_for_a_reason(as_mira, cycle, mira):
    actions.advance(cycle.step(1), mira)

    response = as_mira.post(url("step_reopen", cycle, 1), {"reason": ""})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert fresh(cycle).step(1).status == CycleStep.Status.DONE


def test_mira_reopens_a_done_step_with_a_reason(as_mira, cycle, mira):
    actions.advance(cycle.step(1), mira)
    assert as_mira.get(url("step_reopen", cycle, 1)).status_code == 200

    response = as_mira.post(url("step_reopen", cycle, 1), {"reason": "New FHI figures."})

    assert response.status_code == 302
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS
    assert AuditEntry.objects.get(action="step.reopen").reason == "New FHI figures."


@pytest.mark.parametrize(("persona", "status"), [("per", 403), ("siri", 403), ("cem", 403),
                                                 ("olav", 404)])
def test_only_coordinators_of_the_municipality_advance_steps(client, cycle, request, persona,
                                                             status):
    client.force_login(request.getfixturevalue(persona))

    assert client.post(url("step_advance", cycle, 1)).status_code == status
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS


def test_a_visitor_who_advances_is_sent_to_log_in(visitor, cycle):
    response = visitor.post(url("step_advance", cycle, 1))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert fresh(cycle).step(1).status == CycleStep.Status.IN_PROGRESS


# --- The step form --------------------------------------------------------------------------


def test_per_edits_lead_deadline_and_summary(as_per, cycle, per):
    response = as_per.post(url("step_edit", cycle, 1), {
        "lead": per.pk, "deadline": "2025-06-30", "summary": "With the youth council."})

    assert response.status_code == 302
    step = fresh(cycle).step(1)
    assert (step.lead, str(step.deadline), step.summary) == (
        per, "2025-06-30", "With the youth council.")
    entry = AuditEntry.objects.get(action="step.update")
    assert entry.actor == per


def test_a_bad_date_shows_the_field_error_and_an_error_summary(as_per, cycle):
    response = as_per.post(url("step_edit", cycle, 1),
                           {"lead": "", "deadline": "31.02.2025", "summary": "x"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and "There is a problem" in page
    assert 'href="#id_deadline"' in page
    assert 'id="id_deadline_error"' in page
    assert re.search(r'<input[^>]*aria-describedby="id_deadline_error"', page)
    assert fresh(cycle).step(1).summary == ""
    assert not AuditEntry.objects.filter(action="step.update").exists()


def test_only_internal_members_of_the_municipality_can_lead_a_step(
    as_per, cycle, ada, mira, per, siri, frida, cem, olav, sam
):
    page = as_per.get(url("step_edit", cycle, 1)).content.decode()

    options = set(re.findall(r'<option value="(\d+)"', page))
    assert options == {str(user.pk) for user in (ada, mira, per, siri)}


def test_a_tampered_lead_from_another_municipality_is_refused(as_per, cycle, olav, frida):
    for outsider in (olav, frida):
        response = as_per.post(url("step_edit", cycle, 1),
                               {"lead": outsider.pk, "deadline": "", "summary": "Tampered"})

        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    step = fresh(cycle).step(1)
    assert (step.lead, step.summary) == (None, "")
    assert not AuditEntry.objects.filter(action="step.update").exists()


def test_a_closed_cycle_cannot_be_edited_through_the_form(as_per, cycle, mira):
    for number in range(1, 6):
        actions.advance(fresh(cycle).step(number), mira)
    actions.close_cycle(cycle, mira)

    response = as_per.post(url("step_edit", cycle, 2), {"summary": "Too late"})

    assert response.status_code == 200
    assert "A closed cycle cannot be changed." in response.content.decode()
    assert fresh(cycle).step(2).summary == ""


def test_citizens_cannot_edit_a_step(client, cem, cycle):
    client.force_login(cem)

    assert client.get(url("step_edit", cycle, 1)).status_code == 403


# --- Conclusions through the pages ----------------------------------------------------------


def test_a_conclusion_needs_a_kind_and_a_title(as_per, cycle):
    response = as_per.post(url("conclusion_add", cycle, 5), {"kind": "", "title": ""})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert 'href="#id_kind_0"' in response.content.decode()


def test_a_conclusion_posted_to_another_step_is_refused(as_per, cycle):
    response = as_per.post(url("conclusion_add", cycle, 2), {"kind": "add", "title": "Hm"},
                           follow=True)

    assert "Conclusions belong to the evaluation step." in response.content.decode()
    assert not cycle.step(2).conclusions.exists()


def test_a_conclusion_on_a_closed_cycle_is_refused(as_per, cycle, mira):
    for number in range(1, 6):
        actions.advance(fresh(cycle).step(number), mira)
    actions.close_cycle(cycle, mira)

    response = as_per.post(url("conclusion_add", cycle, 5), {"kind": "add", "title": "Late"})

    assert "A closed cycle cannot be changed." in response.content.decode()
    assert not cycle.step(5).conclusions.exists()


def test_per_deletes_a_conclusion(as_per, cycle, per):
    conclusion = actions.add_conclusion(cycle.step(5), per, kind="add", title="Walking paths")

    response = as_per.post(reverse("planning:conclusion_delete", kwargs={
        "number": "9999", "pk": cycle.pk, "step": 5, "conclusion": conclusion.pk}))

    assert response.status_code == 302
    assert not cycle.step(5).conclusions.exists()


# --- Starting a cycle through the pages -----------------------------------------------------


def test_mira_cannot_start_a_second_active_cycle(as_mira, cycle):
    response = as_mira.post(reverse("planning:cycle_new", args=["9999"]), {"start_year": 2028})

    assert response.status_code == 200
    assert "already has an active cycle" in response.content.decode()
    assert Cycle.objects.count() == 1


def test_a_start_year_out_of_range_is_a_form_error(as_mira, eksempelvik):
    response = as_mira.post(reverse("planning:cycle_new", args=["9999"]), {"start_year": 1999})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Cycle.objects.exists()


# --- Query counts ---------------------------------------------------------------------------


def closed_cycles(municipality, years):  # type: ignore[no-untyped-def]
    """Closed earlier cycles with their five steps, straight into the database."""
    for start in years:
        old = Cycle.objects.create(municipality=municipality, start_year=start,
                                   end_year=start + 3, status=Cycle.Status.CLOSED)
        CycleStep.objects.bulk_create(
            CycleStep(cycle=old, number=n, status=CycleStep.Status.DONE) for n in range(1, 6))


def test_the_cycle_list_does_not_query_per_cycle(visitor, cycle, eksempelvik,
                                                 django_assert_max_num_queries):
    closed_cycles(eksempelvik, range(1980, 2024, 4))  # eleven earlier cycles

    with django_assert_max_num_queries(6):
        response = visitor.get(reverse("planning:cycles", args=["9999"]))

    assert response.content.decode().count("<tr>") == 13  # header and twelve cycles


def test_the_cycle_page_does_not_query_per_step(as_mira, cycle, mira, per, siri, ada,
                                                django_assert_max_num_queries):
    for number, lead in zip(range(1, 6), (mira, per, siri, ada, mira), strict=True):
        actions.update_step(fresh(cycle).step(number), mira, lead=lead, deadline=None,
                            summary="Summary")

    with django_assert_max_num_queries(9):
        response = as_mira.get(cycle.get_absolute_url())

    assert response.status_code == 200


def test_the_step_page_does_not_query_per_carried_over_item(as_mira, cycle, eksempelvik,
                                                            django_assert_max_num_queries):
    closed_cycles(eksempelvik, [2012, 2016, 2020])
    overview = cycle.step(1)
    for source in Cycle.objects.filter(status=Cycle.Status.CLOSED):
        for n in range(4):
            CarriedOverItem.objects.create(step=overview, source_cycle=source, kind="add",
                                           title=f"Item {source.start_year}-{n}")

    # Each app that lists its items on the step (steps.register_items) adds one query.
    sections = len(steps.sections_for(overview))
    with django_assert_max_num_queries(9 + sections):
        response = as_mira.get(url("step", cycle, 1))

    assert response.content.decode().count("Item 20") == 12


def test_a_lead_without_a_name_is_not_shown_by_e_mail_address(client, cycle, mira, eksempelvik):
    from samskap.accounts.models import Role
    from samskap.planning import actions
    from samskap.testing.factories import member

    nameless = member(eksempelvik, Role.STAFF, "hidden.person@eksempelvik.example", "")
    actions.update_step(cycle.step(1), mira, lead=nameless, deadline=None, summary="")
    for url in (cycle.get_absolute_url(), cycle.step(1).get_absolute_url(),
                f"/api/v1/municipalities/9999/cycles/{cycle.pk}/"):
        assert "hidden.person" not in client.get(url).content.decode(), url


def test_the_edit_page_of_a_closed_cycle_offers_no_form(client, mira, eksempelvik):
    from samskap.planning import actions
    from samskap.planning.models import Cycle

    old = actions.start_cycle(eksempelvik, 2020, mira)
    for number in range(1, 6):
        actions.advance(Cycle.objects.get(pk=old.pk).step(number), mira)
    actions.close_cycle(old, mira)
    client.force_login(mira)
    closed = Cycle.objects.get(pk=old.pk)
    page = client.get(closed.step(2).get_absolute_url() + "edit/").content.decode()
    assert 'name="summary"' not in page
    assert 'class="notice"' in page
