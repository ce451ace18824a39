"""The value of co-creation: the questionnaire, one answer per person, k-suppressed results."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from samskap.accounts.models import Role
from samskap.processes.models import Process
from samskap.responses import actions, values
from samskap.responses.models import Respondent, ValueAssessment
from samskap.responses.tests.conftest import give_input, make_process
from samskap.testing.factories import member

ALL_FOUR = {"empowerment": 4, "social_capital": 3, "trust": 5, "efficiency": 4,
            "quality": 4, "innovation": 2, "public_value": 5}


def url(name: str, process: Process) -> str:
    return reverse(f"responses:{name}", args=[process.municipality.number, process.pk])


@pytest.fixture
def concluded(cycle) -> Process:  # type: ignore[no-untyped-def]
    return make_process(cycle, state=Process.State.CONCLUDED, title="Turstier for alle")


def posted(scores: dict[str, int | None], comment: str = "") -> dict[str, str]:
    return {**{name: "" if score is None else str(score) for name, score in scores.items()},
            "comment": comment}


def citizens(municipality, count: int) -> list:  # type: ignore[no-untyped-def, type-arg]
    return [member(municipality, Role.CITIZEN, f"innbygger{n}@example.org", f"Innbygger {n}")
            for n in range(count)]


# The pure summaries --------------------------------------------------------------------------

def test_an_item_summary_counts_scores_and_cant_say():
    result = values.summarise([5, 4, None, 4, 1, 2])

    assert (result.n, result.mean, result.cant_say) == (5, 3.2, 1)
    assert result.distribution == (1, 1, 0, 2, 1)
    assert result.shown


def test_fewer_than_five_scores_are_not_shown():
    assert not values.summarise([5, 5, 5, 5, None, None]).shown
    assert not values.results([ALL_FOUR] * 4).shown
    assert values.results([ALL_FOUR] * 5).shown


def test_a_score_outside_1_to_5_is_refused():
    with pytest.raises(ValueError):
        values.summarise([0, 3])


def test_a_values_mean_is_over_its_shown_items():
    rows = [{**ALL_FOUR, "trust": None}] * 5
    democratic = values.results(rows).values[0]

    assert democratic.value.key == "democratic"
    assert democratic.mean == 3.5  # empowerment 4 and social capital 3; trust has no scores


# The questionnaire ---------------------------------------------------------------------------

def test_a_participant_assesses_a_concluded_process(client, concluded, cem):
    give_input(concluded, cem, "Benker")
    client.force_login(cem)

    assert client.get(url("assess", concluded)).status_code == 200
    response = client.post(url("assess", concluded), posted({**ALL_FOUR, "trust": None},
                                                            "Godt møte."))

    assert response.status_code == 302
    answer = ValueAssessment.objects.get()
    assert (answer.user, answer.respondent, answer.trust, answer.empowerment, answer.comment) \
        == (cem, Respondent.PARTICIPANT, None, 4, "Godt møte.")


def test_answering_again_replaces_the_answer(client, concluded, per):
    client.force_login(per)
    client.post(url("assess", concluded), posted(ALL_FOUR))

    client.post(url("assess", concluded), posted({**ALL_FOUR, "innovation": 5}))

    answer = ValueAssessment.objects.get()
    assert (answer.innovation, answer.respondent) == (5, Respondent.MUNICIPALITY)


def test_the_database_allows_one_answer_per_person_and_process(concluded, per):
    ValueAssessment.objects.create(process=concluded, user=per,
                                   respondent=Respondent.MUNICIPALITY)

    with pytest.raises(IntegrityError), transaction.atomic():
        ValueAssessment.objects.create(process=concluded, user=per,
                                       respondent=Respondent.MUNICIPALITY)


def test_the_database_refuses_a_score_outside_1_to_5(concluded, per):
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueAssessment.objects.create(process=concluded, user=per, trust=6,
                                       respondent=Respondent.MUNICIPALITY)


def test_a_score_outside_the_scale_is_a_field_error(client, concluded, per):
    client.force_login(per)

    response = client.post(url("assess", concluded), posted({**ALL_FOUR, "trust": 9}))

    assert "trust" in response.context["form"].errors
    assert not ValueAssessment.objects.exists()


def test_someone_who_took_no_part_may_not_assess(client, concluded, frida, sam):
    for user in (frida, sam):
        client.force_login(user)
        assert client.post(url("assess", concluded), posted(ALL_FOUR)).status_code == 403
    assert not ValueAssessment.objects.exists()


def test_a_process_that_is_not_concluded_is_not_assessed(client, cycle, per):
    running = make_process(cycle, state=Process.State.OPEN)
    client.force_login(per)

    response = client.post(url("assess", running), posted(ALL_FOUR))

    assert response.status_code == 302
    assert not ValueAssessment.objects.exists()
    with pytest.raises(actions.AssessmentError):
        actions.save_assessment(running, per, **ALL_FOUR)


# The results ---------------------------------------------------------------------------------

def test_results_are_hidden_until_five_have_answered(client, concluded, eksempelvik):
    people = citizens(eksempelvik, 5)
    for person in people[:4]:
        give_input(concluded, person, f"Innspill fra {person.name}")
        actions.save_assessment(concluded, person, comment="Hemmelig kommentar", **ALL_FOUR)

    four = client.get(url("value", concluded))
    give_input(concluded, people[4], "Det femte")
    actions.save_assessment(concluded, people[4], **ALL_FOUR)
    five = client.get(url("value", concluded))

    assert not four.context["result"].everyone.shown
    assert "<table" not in four.content.decode()
    assert five.context["result"].everyone.shown
    assert "<table" in five.content.decode()


def test_a_group_with_fewer_than_five_is_not_shown_apart(client, concluded, eksempelvik, per):
    for person in citizens(eksempelvik, 5):
        give_input(concluded, person, f"Innspill fra {person.name}")
        actions.save_assessment(concluded, person, **ALL_FOUR)
    actions.save_assessment(concluded, per, **ALL_FOUR)

    result = client.get(url("value", concluded)).context["result"]

    (_staff, municipality), (_others, participants) = result.by_group  # Respondent's order
    assert result.everyone.n == 6
    assert (municipality.n, municipality.shown) == (1, False)
    assert (participants.n, participants.shown) == (5, True)


def test_comments_are_for_staff_only_and_never_named(client, concluded, eksempelvik, per, cem):
    for person in citizens(eksempelvik, 5):
        give_input(concluded, person, f"Innspill fra {person.name}")
        actions.save_assessment(concluded, person, comment="Mer tid til samtaler", **ALL_FOUR)

    client.force_login(cem)
    citizen_page = client.get(url("value", concluded)).content.decode()
    client.force_login(per)
    staff_page = client.get(url("value", concluded)).content.decode()

    assert "Mer tid til samtaler" not in citizen_page
    assert "Mer tid til samtaler" in staff_page
    assert "Innbygger 0" not in staff_page


def test_the_overview_shows_each_process_and_all_together(client, cycle, eksempelvik):
    first = make_process(cycle, state=Process.State.CONCLUDED, title="Turstier")
    second = make_process(cycle, state=Process.State.CONCLUDED, title="Benker")
    people = citizens(eksempelvik, 6)
    for person in people:
        give_input(first, person, f"Tur {person.name}")
        actions.save_assessment(first, person, **ALL_FOUR)
    for person in people[:2]:
        give_input(second, person, f"Benk {person.name}")
        actions.save_assessment(second, person, **{**ALL_FOUR, "trust": 1})

    response = client.get(reverse("responses:value_overview", args=[eksempelvik.number]))

    rows = {row.process.title: row.results for row in response.context["rows"]}
    assert (rows["Turstier"].n, rows["Turstier"].shown) == (6, True)
    assert (rows["Benker"].n, rows["Benker"].shown) == (2, False)
    assert response.context["pooled"].n == 8


def test_the_evaluation_step_lists_the_assessed_processes(client, concluded, cycle, per):
    actions.save_assessment(concluded, per, **ALL_FOUR)
    make_process(cycle, state=Process.State.CONCLUDED, title="Ikke vurdert ennå")

    page = client.get(cycle.step(5).get_absolute_url()).content.decode()

    assert url("value", concluded) in page
    assert "Ikke vurdert ennå" not in page
