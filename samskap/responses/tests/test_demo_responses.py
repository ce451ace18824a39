"""The demo's “you said, we did”: loaded with the whole demo, twice, changing nothing."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from samskap.audit.models import AuditEntry
from samskap.core.demo import DEMO_NUMBER
from samskap.municipalities.models import Municipality
from samskap.processes.models import Process
from samskap.responses import presentation, services
from samskap.responses.demo import CLOSED, CONCLUDED, OPEN
from samskap.responses.models import Follow, Input, Response, ValueAssessment


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Input, Response, Follow, ValueAssessment,
                                                     AuditEntry))


@pytest.fixture
def demo(db) -> Municipality:  # type: ignore[no-untyped-def]
    with open(os.devnull, "w") as null:
        call_command("demo", stdout=null)
    return Municipality.objects.get(number=DEMO_NUMBER)


def test_the_demo_answers_some_inputs_and_loads_twice_without_change(demo):
    processes = {p.title: p for p in Process.objects.of(demo)}
    closed, running, concluded = processes[CLOSED], processes[OPEN], processes[CONCLUDED]
    before = counts()

    with open(os.devnull, "w") as null:
        call_command("demo", stdout=null)

    assert counts() == before
    assert closed.inputs.exists() and not services.unanswered(closed).exists()
    assert services.unanswered(running).exists()
    assert Response.objects.filter(input__process=running).count() >= 2
    themes = {decision.theme for group in presentation.heard_and_done(running).groups
              for decision in group.decisions}
    assert "Møteplasser for unge" in themes
    assert not services.unanswered(concluded).exists()
    value = presentation.process_value(concluded)
    assert value.everyone.n == 6 and value.everyone.shown
    assert not any(group.shown for _label, group in value.by_group)
    assert Follow.objects.active().filter(process=running, user__email="cem@innbygger.example")
