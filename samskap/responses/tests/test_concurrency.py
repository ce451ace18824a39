"""At the same moment: the same statement registered twice, the same input answered twice, the
same person following twice, the questionnaire sent twice. Constraints and row locks keep one.

PostgreSQL only (SQLite serialises writers). Run with ``DATABASE_URL=postgres://… pytest -m
postgres``.
"""

from __future__ import annotations

import pytest

from samskap.audit.models import AuditEntry
from samskap.processes.models import Process
from samskap.responses import actions, services
from samskap.responses.models import Follow, Input, InputKind, Outcome, Response, ValueAssessment
from samskap.responses.tests.conftest import contribution, give_input, make_process
from samskap.testing.concurrency import at_once, require_postgresql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(db):  # type: ignore[no-untyped-def]
    require_postgresql("needs PostgreSQL's concurrency")


def test_a_source_registered_twice_at_once_is_one_input(process, cem):
    source = contribution(cem, "Benker")

    def register() -> int:
        return services.register_input(process, source=source, author=cem, text="Benker",
                                       kind=InputKind.STATEMENT).pk

    first, second = at_once(register, register)

    assert first == second
    assert Input.objects.count() == 1
    assert AuditEntry.objects.filter(action="input.register").count() == 1


def test_an_input_answered_twice_at_once_has_one_response(process, cem, per, mira):
    item = give_input(process, cem, "Benker")

    results = at_once(
        lambda: services.respond([item], user=per, outcome=Outcome.USED, why="Per: brukt."),
        lambda: services.respond([item], user=mira, outcome=Outcome.NOT_USED, why="Mira: nei."))

    assert not [r for r in results if isinstance(r, Exception)]
    assert Response.objects.count() == 1
    assert AuditEntry.objects.filter(action="response.give").count() == 1
    assert AuditEntry.objects.filter(action="response.change").count() == 1


def test_following_twice_at_once_is_one_consent(process, cem):
    results = at_once(lambda: actions.follow(process, cem), lambda: actions.follow(process, cem))

    assert not [r for r in results if isinstance(r, Exception)]
    assert Follow.objects.filter(process=process, user=cem).count() == 1


def test_the_questionnaire_sent_twice_at_once_is_one_answer(cycle, per):
    concluded = make_process(cycle, state=Process.State.CONCLUDED)

    results = at_once(lambda: actions.save_assessment(concluded, per, trust=4),
                      lambda: actions.save_assessment(concluded, per, trust=5))

    assert ValueAssessment.objects.filter(process=concluded, user=per).count() == 1
    assert not [r for r in results if isinstance(r, Exception)]
