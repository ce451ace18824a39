"""The cycle on the command line, with the same permissions as the pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from samskap.audit.models import AuditEntry
from samskap.planning.models import CycleStep


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("cycle", *args, stdout=out)
    return out.getvalue()


def test_it_shows_the_current_cycle(cycle):
    output = run("--municipality", "9999")
    assert "2024–2027" in output
    assert "1. Overview" in output


def test_mira_advances_a_step_and_it_is_audited_as_her(cycle, mira):
    run("--municipality", "9999", "--advance", "1", "--as", mira.email)
    assert cycle.steps.get(number=1).status == CycleStep.Status.DONE
    assert AuditEntry.objects.filter(action="step.complete").get().actor == mira


def test_a_citizen_may_not_advance_a_step_from_the_command_line(cycle, cem):
    with pytest.raises(CommandError, match="may not"):
        run("--municipality", "9999", "--advance", "1", "--as", cem.email)
    assert cycle.steps.get(number=1).status == CycleStep.Status.IN_PROGRESS


def test_a_coordinator_of_another_municipality_may_not_either(cycle, olav):
    with pytest.raises(CommandError, match="may not"):
        run("--municipality", "9999", "--advance", "1", "--as", olav.email)


def test_the_rules_of_the_cycle_hold_on_the_command_line(cycle, mira):
    with pytest.raises(CommandError, match="Only a step in progress"):
        run("--municipality", "9999", "--advance", "3", "--as", mira.email)
