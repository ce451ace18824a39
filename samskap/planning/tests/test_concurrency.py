"""Two clicks at the same moment: row locks and constraints keep the cycle consistent.

PostgreSQL only (SQLite serialises writers, so there is no race to lose). Run with
``DATABASE_URL=postgres://… pytest -m postgres``.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from samskap.audit.models import AuditEntry
from samskap.planning import actions
from samskap.planning.models import Cycle, CycleStep
from samskap.testing.concurrency import at_once, require_postgresql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    require_postgresql("needs PostgreSQL's row locks")


def test_two_coordinators_advancing_the_same_step_at_once_complete_it_once(
    cycle, mira, ada, monkeypatch
):
    step = cycle.step(1)  # both read it while it is still in progress
    audit_step = actions._audit_step

    def slow_audit(*args: Any, **kwargs: Any) -> None:
        time.sleep(0.2)  # hold the row lock long enough for the other click to queue on it
        audit_step(*args, **kwargs)

    monkeypatch.setattr(actions, "_audit_step", slow_audit)

    results = at_once(lambda: actions.advance(step, mira), lambda: actions.advance(step, ada))

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], actions.CycleRuleError)
    assert str(errors[0]) == "Only a step in progress can be marked as done."
    assert sum(isinstance(r, CycleStep) for r in results) == 1
    assert AuditEntry.objects.filter(action="step.complete").count() == 1
    assert AuditEntry.objects.filter(action="step.start").count() == 1
    cycle = Cycle.objects.get(pk=cycle.pk)
    assert [s.status for s in cycle.ordered_steps][:3] == ["done", "in_progress", "not_started"]


@pytest.mark.parametrize("years", [(2024, 2024), (2024, 2028)])
def test_two_cycles_started_at_once_leave_one(eksempelvik, mira, ada, years, monkeypatch):
    first, second = years
    validate_term = actions.validate_term
    both_checked = threading.Barrier(2)

    def validate_then_wait(*args: Any) -> None:
        validate_term(*args)
        # Both requests have now seen "no active cycle"; only the constraint can stop one.
        both_checked.wait(timeout=10)

    monkeypatch.setattr(actions, "validate_term", validate_then_wait)

    results = at_once(lambda: actions.start_cycle(eksempelvik, first, mira),
                      lambda: actions.start_cycle(eksempelvik, second, ada))

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], actions.CycleRuleError)
    assert str(errors[0]) == "A cycle was started by someone else just now."
    assert Cycle.objects.filter(municipality=eksempelvik).count() == 1
    assert CycleStep.objects.count() == 5
    assert AuditEntry.objects.filter(action="cycle.start").count() == 1
