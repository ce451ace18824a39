from samskap.planning import actions
from samskap.planning.models import CycleStep


def test_a_new_cycle_starts_with_the_overview_in_progress(cycle):
    statuses = [step.status for step in cycle.ordered_steps]
    assert statuses == [CycleStep.Status.IN_PROGRESS] + [CycleStep.Status.NOT_STARTED] * 4


def test_advancing_completes_the_step_and_starts_the_next(cycle, mira):
    following = actions.advance(cycle.step(1), mira)
    assert following is not None
    assert following.number == 2
    assert following.status == CycleStep.Status.IN_PROGRESS
