"""The rules of the cycle, enforced by the actions in ``samskap.planning.actions``.

Mira (coordinator) runs Eksempelvik's cycle 2024–2027 (the ``cycle`` fixture: overview in
progress, the other four steps not started).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from samskap.audit.models import AuditEntry
from samskap.planning import actions
from samskap.planning.actions import CycleRuleError
from samskap.planning.models import Cycle, CycleStep, StepConclusion

NOT_STARTED = CycleStep.Status.NOT_STARTED
IN_PROGRESS = CycleStep.Status.IN_PROGRESS
DONE = CycleStep.Status.DONE


@pytest.fixture(autouse=True)
def _messages_in_english():
    """The rules speak the user's language; these tests read the English source texts."""
    with translation.override("en"):
        yield


def fresh(cycle: Cycle) -> Cycle:
    return Cycle.objects.get(pk=cycle.pk)


def statuses(cycle: Cycle) -> list[str]:
    return [step.status for step in fresh(cycle).ordered_steps]


def advance_through(cycle: Cycle, actor, last: int) -> Cycle:  # type: ignore[no-untyped-def]
    """Advance steps 1..``last``; returns the cycle re-read from the database."""
    for number in range(1, last + 1):
        actions.advance(fresh(cycle).step(number), actor)
    return fresh(cycle)


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


# --- Order of the steps -------------------------------------------------------------------


def test_it_refuses_to_start_step_three_before_step_two_is_done(cycle, mira):
    cycle = advance_through(cycle, mira, 1)  # step 2 now in progress

    with pytest.raises(CycleRuleError, match="step before it is done"):
        actions.start_step(cycle.step(3), mira)

    assert statuses(cycle) == [DONE, IN_PROGRESS, NOT_STARTED, NOT_STARTED, NOT_STARTED]
    assert len(entries("step.start")) == 1  # only the start of step 2, by advancing


def test_it_refuses_to_complete_a_step_that_has_not_started(cycle, mira):
    with pytest.raises(CycleRuleError, match="Only a step in progress"):
        actions.complete_step(cycle.step(2), mira)

    assert fresh(cycle).step(2).status == NOT_STARTED
    assert not entries("step.complete")


def test_it_refuses_to_complete_a_step_twice(cycle, mira):
    actions.complete_step(cycle.step(1), mira)

    with pytest.raises(CycleRuleError):
        actions.complete_step(fresh(cycle).step(1), mira)

    assert len(entries("step.complete")) == 1


def test_it_refuses_to_start_a_step_that_is_already_in_progress(cycle, mira):
    with pytest.raises(CycleRuleError):
        actions.start_step(cycle.step(1), mira)


def test_it_starts_the_next_step_only_once_the_previous_is_done(cycle, mira):
    actions.complete_step(cycle.step(1), mira)

    step = actions.start_step(fresh(cycle).step(2), mira)

    assert step.status == IN_PROGRESS
    assert step.started_at is not None


def test_advancing_marks_the_step_done_and_starts_the_next(cycle, mira):
    following = actions.advance(cycle.step(1), mira)

    assert following is not None and following.number == 2
    cycle = fresh(cycle)
    assert cycle.step(1).status == DONE
    assert cycle.step(1).completed_at is not None
    assert cycle.step(2).status == IN_PROGRESS
    assert cycle.current_step.number == 2


def test_advancing_the_evaluation_step_finishes_the_cycle_without_a_next_step(cycle, mira):
    cycle = advance_through(cycle, mira, 4)

    following = actions.advance(cycle.step(5), mira)

    assert following is None
    cycle = fresh(cycle)
    assert cycle.all_steps_done
    assert cycle.done_count == 5
    assert cycle.current_step is None
    assert cycle.close_blockers() == []


def test_advancing_does_not_restart_a_next_step_that_is_already_in_progress(cycle, mira):
    cycle = advance_through(cycle, mira, 2)  # steps 1–2 done, step 3 in progress
    actions.reopen_step(cycle.step(2), mira, "The plan strategy needs another round.")
    started_before = fresh(cycle).step(3).started_at

    following = actions.advance(fresh(cycle).step(2), mira)

    assert following.number == 3
    assert following.status == IN_PROGRESS
    assert following.started_at == started_before
    assert len(entries("step.start")) == 2  # steps 2 and 3, not 3 a second time


def test_advance_is_all_or_nothing_when_the_step_cannot_be_completed(cycle, mira):
    with pytest.raises(CycleRuleError):
        actions.advance(cycle.step(3), mira)

    assert statuses(cycle) == [IN_PROGRESS] + [NOT_STARTED] * 4
    assert not entries("step.complete")
    assert not entries("step.start")


# --- Reopening ------------------------------------------------------------------------------


def test_it_refuses_to_reopen_a_step_without_a_reason(cycle, mira):
    cycle = advance_through(cycle, mira, 1)

    with pytest.raises(CycleRuleError, match="Say why"):
        actions.reopen_step(cycle.step(1), mira, "   ")

    assert fresh(cycle).step(1).status == DONE
    assert not entries("step.reopen")


@pytest.mark.parametrize("number", [1, 2])
def test_it_refuses_to_reopen_a_step_that_is_not_done(cycle, mira, number):
    with pytest.raises(CycleRuleError, match="Only a step that is done"):
        actions.reopen_step(cycle.step(number), mira, "Because.")

    assert not entries("step.reopen")


def test_reopening_puts_the_step_back_in_progress_and_logs_the_reason(cycle, mira):
    cycle = advance_through(cycle, mira, 1)

    step = actions.reopen_step(cycle.step(1), mira, "  New figures from FHI arrived.  ")

    assert step.status == IN_PROGRESS
    assert step.completed_at is None
    (entry,) = entries("step.reopen")
    assert entry.reason == "New figures from FHI arrived."
    assert entry.actor == mira
    assert entry.before["status"] == DONE
    assert entry.after["status"] == IN_PROGRESS
    assert entry.before["completed_at"] is not None
    assert entry.after["completed_at"] is None


def test_a_reopened_earlier_step_blocks_completing_the_step_after_it(cycle, mira):
    cycle = advance_through(cycle, mira, 1)  # step 2 in progress
    actions.reopen_step(cycle.step(1), mira, "The overview missed Nordbyen.")

    with pytest.raises(CycleRuleError, match="step before this one must be done"):
        actions.complete_step(fresh(cycle).step(2), mira)

    assert fresh(cycle).step(2).status == IN_PROGRESS


def test_a_reopened_step_blocks_completing_every_later_step(cycle, mira):
    cycle = advance_through(cycle, mira, 3)  # steps 1–3 done, step 4 in progress
    actions.reopen_step(cycle.step(1), mira, "The overview must be redone.")

    with pytest.raises(CycleRuleError):
        actions.complete_step(fresh(cycle).step(4), mira)

    assert fresh(cycle).step(4).status == IN_PROGRESS


def test_once_the_reopened_step_is_done_again_the_later_step_can_be_completed(cycle, mira):
    cycle = advance_through(cycle, mira, 1)
    actions.reopen_step(cycle.step(1), mira, "Add local knowledge.")
    actions.complete_step(fresh(cycle).step(1), mira)

    step = actions.complete_step(fresh(cycle).step(2), mira)

    assert step.status == DONE


def test_the_current_step_is_the_earliest_step_in_progress(cycle, mira):
    cycle = advance_through(cycle, mira, 2)
    actions.reopen_step(cycle.step(1), mira, "Revisit.")

    assert fresh(cycle).current_step.number == 1


# --- Updating a step ------------------------------------------------------------------------


def test_updating_a_step_changes_lead_deadline_and_summary_and_logs_before_and_after(
    cycle, mira, per
):
    step = actions.update_step(cycle.step(1), mira, lead=per, deadline=dt.date(2025, 3, 31),
                               summary="Overview with the volunteer centre.")

    step.refresh_from_db()
    assert (step.lead, step.deadline, step.summary) == (
        per, dt.date(2025, 3, 31), "Overview with the volunteer centre.")
    (entry,) = entries("step.update")
    assert entry.actor == mira
    assert entry.municipality == cycle.municipality
    assert entry.object_type == "planning.cyclestep"
    assert entry.object_id == str(step.pk)
    assert entry.before["lead"] is None
    assert entry.after["lead"] == str(per)
    assert entry.before["deadline"] is None
    assert entry.after["deadline"] == "2025-03-31"
    assert {field for field, _before, _after in entry.changes()} == {
        "lead", "deadline", "summary"}


def test_saving_a_step_without_changes_writes_no_audit_entry(cycle, mira):
    actions.update_step(cycle.step(1), mira, lead=None, deadline=None, summary="")

    assert not entries("step.update")


def test_a_step_that_is_not_started_can_still_be_planned(cycle, mira, per):
    step = actions.update_step(cycle.step(4), mira, lead=per, deadline=dt.date(2026, 1, 1),
                               summary="")

    assert step.lead == per
    assert step.status == NOT_STARTED


# --- Conclusions ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_it_refuses_conclusions_outside_the_evaluation_step(cycle, mira, number):
    with pytest.raises(CycleRuleError, match="evaluation step"):
        actions.add_conclusion(cycle.step(number), mira, kind="continue", title="Keep going")

    assert not StepConclusion.objects.exists()
    assert not entries("conclusion.add")


def test_conclusions_on_the_evaluation_step_are_saved_and_logged(cycle, mira):
    conclusion = actions.add_conclusion(cycle.step(5), mira, kind="stop",
                                        title="Leaflet campaign", text="Reached few.")

    assert conclusion.step == cycle.step(5)
    assert conclusion.created_by == mira
    (entry,) = entries("conclusion.add")
    assert entry.actor == mira
    assert entry.after == {"kind": "stop", "title": "Leaflet campaign", "text": "Reached few."}


def test_deleting_a_conclusion_logs_what_it_said(cycle, mira):
    conclusion = actions.add_conclusion(cycle.step(5), mira, kind="add", title="Youth council")

    actions.delete_conclusion(conclusion, mira)

    assert not StepConclusion.objects.exists()
    (entry,) = entries("conclusion.delete")
    assert entry.before["title"] == "Youth council"
    assert entry.after == {}


# --- A closed cycle -------------------------------------------------------------------------


@pytest.fixture
def closed_cycle(cycle, mira) -> Cycle:
    """Eksempelvik's 2024–2027 cycle, evaluated and closed (2028–2031 is now active)."""
    cycle = advance_through(cycle, mira, 5)
    actions.add_conclusion(cycle.step(5), mira, kind="continue", title="Meeting places")
    actions.close_cycle(cycle, mira)
    return fresh(cycle)


def test_closing_refuses_while_the_evaluation_is_not_done(cycle, mira):
    cycle = advance_through(cycle, mira, 4)

    with pytest.raises(CycleRuleError, match="evaluation step is not done"):
        actions.close_cycle(cycle, mira)

    assert fresh(cycle).is_active
    assert Cycle.objects.count() == 1
    assert not entries("cycle.close")


def test_closing_names_every_step_that_is_not_done(cycle, mira):
    blockers = cycle.close_blockers()

    assert len(blockers) == 2
    assert "Plan strategy" in blockers[1] and "Measures" in blockers[1]


def test_closing_a_cycle_carries_its_conclusions_into_the_next_overview(closed_cycle, mira):
    following = Cycle.objects.get(previous=closed_cycle)

    assert (following.start_year, following.end_year) == (2028, 2031)
    assert following.is_active
    assert following.step(1).status == IN_PROGRESS
    (item,) = following.step(1).carried_over_items.all()
    assert (item.kind, item.title, item.source_cycle) == ("continue", "Meeting places",
                                                          closed_cycle)
    assert item.origin == "Evaluation of the cycle 2024–2027"
    assert closed_cycle.closed_by == mira
    assert closed_cycle.closed_at is not None


def test_closing_is_logged_with_the_carried_over_items(closed_cycle, mira):
    (close,) = entries("cycle.close")
    assert close.actor == mira
    assert (close.before, close.after) == ({"status": "active"}, {"status": "closed"})
    (carry,) = entries("cycle.carry_over")
    assert carry.after == {"from": "2024–2027", "items": ["Meeting places"]}
    starts = entries("cycle.start")
    assert [entry.after["term"] for entry in starts] == ["2024–2027", "2028–2031"]


def test_a_closed_cycle_cannot_be_closed_again(closed_cycle, mira):
    with pytest.raises(CycleRuleError, match="already closed"):
        actions.close_cycle(closed_cycle, mira)

    assert Cycle.objects.count() == 2


def test_a_closed_cycle_cannot_change(closed_cycle, mira, per):
    step = closed_cycle.step(3)
    audit_rows = AuditEntry.objects.count()

    with pytest.raises(CycleRuleError, match="closed cycle"):
        actions.update_step(step, mira, lead=per, deadline=None, summary="Too late")
    with pytest.raises(CycleRuleError):
        actions.reopen_step(step, mira, "We want to change it")
    with pytest.raises(CycleRuleError):
        actions.add_conclusion(closed_cycle.step(5), mira, kind="add", title="Too late")
    with pytest.raises(CycleRuleError):
        actions.delete_conclusion(closed_cycle.step(5).conclusions.get(), mira)

    step.refresh_from_db()
    assert (step.lead, step.summary, step.status) == (None, "", DONE)
    assert closed_cycle.step(5).conclusions.count() == 1
    assert AuditEntry.objects.count() == audit_rows


# --- Starting cycles ------------------------------------------------------------------------


def test_a_new_cycle_has_five_steps_with_the_overview_in_progress(cycle, mira):
    assert (cycle.start_year, cycle.end_year, cycle.term) == (2024, 2027, "2024–2027")
    assert statuses(cycle) == [IN_PROGRESS] + [NOT_STARTED] * 4
    assert cycle.step(1).started_at is not None
    (entry,) = entries("cycle.start")
    assert entry.actor == mira
    assert entry.after == {"term": "2024–2027", "status": "active"}


def test_it_refuses_a_second_active_cycle(cycle, eksempelvik, mira):
    with pytest.raises(CycleRuleError, match="already has an active cycle"):
        actions.start_cycle(eksempelvik, 2028, mira)

    assert Cycle.objects.count() == 1
    assert len(entries("cycle.start")) == 1


@pytest.mark.parametrize("start_year", [2021, 2024, 2027])
def test_it_refuses_a_term_that_overlaps_an_earlier_cycle(closed_cycle, eksempelvik, mira,
                                                          start_year):
    Cycle.objects.filter(start_year=2028).delete()  # leave only the closed 2024–2027

    with pytest.raises(CycleRuleError, match="overlaps"):
        actions.start_cycle(eksempelvik, start_year, mira)

    assert Cycle.objects.count() == 1


def test_a_term_right_after_a_closed_cycle_is_allowed(closed_cycle, eksempelvik, mira):
    Cycle.objects.filter(start_year=2028).delete()

    assert actions.start_cycle(eksempelvik, 2028, mira).term == "2028–2031"


def test_another_municipality_runs_its_own_cycle_in_the_same_term(cycle, other_cycle):
    assert other_cycle.term == cycle.term
    assert Cycle.objects.active().count() == 2


def test_the_database_keeps_one_active_cycle_per_municipality(cycle, eksempelvik):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(municipality=eksempelvik, start_year=2032, end_year=2035)

    assert Cycle.objects.count() == 1


def test_the_database_allows_many_closed_cycles(cycle, eksempelvik):
    Cycle.objects.create(municipality=eksempelvik, start_year=2016, end_year=2019,
                         status=Cycle.Status.CLOSED)
    Cycle.objects.create(municipality=eksempelvik, start_year=2020, end_year=2023,
                         status=Cycle.Status.CLOSED)

    assert Cycle.objects.for_municipality(eksempelvik).count() == 3


def test_the_database_refuses_a_cycle_that_does_not_span_one_term(eksempelvik):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(municipality=eksempelvik, start_year=2024, end_year=2030)


def test_the_current_cycle_is_the_active_one_with_its_steps(cycle, eksempelvik, mira,
                                                            django_assert_num_queries):
    actions.update_step(cycle.step(1), mira, lead=mira, deadline=None, summary="")
    with django_assert_num_queries(3):  # the cycle, its steps, their leads
        current = Cycle.objects.current(eksempelvik)
        assert [step.number for step in current.ordered_steps] == [1, 2, 3, 4, 5]
