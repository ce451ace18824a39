"""The demo's processes: several states and types, a sham-process warning, one closed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from samskap.municipalities.models import Municipality
from samskap.processes import guard
from samskap.processes.demo import OPEN_TITLE, open_demo_process
from samskap.processes.models import Process

pytestmark = pytest.mark.django_db


class _Null:
    def write(self, *_args: object) -> None:
        pass

    def flush(self) -> None:
        pass


def test_demo(client):
    call_command("demo", stdout=_Null())
    municipality = Municipality.objects.get(number="9999")
    processes = {p.title: p for p in Process.objects.of(municipality)}
    count = len(processes)
    assert {p.state for p in processes.values()} == set(Process.State.values)
    assert {p.cocreation_type for p in processes.values()} == {
        "steered", "responsibilising", "equal", "facilitating"}
    assert open_demo_process(municipality).title == OPEN_TITLE
    sham = processes["Nye turstier i Fjellgrenda"]
    codes = [w.code for w in guard.warnings_for(sham)]
    assert "open_type_but_fixed" in codes and "affected_missing" in codes
    closed = next(p for p in processes.values() if p.state == Process.State.CLOSED)
    assert guard.unanswered_count(closed) == 0
    assert closed.local_knowledge.exists()
    assert open_demo_process(municipality).invitations.filter(
        actor__name="Ungdomsrådet").exists()
    # Loading again changes nothing.
    call_command("demo", stdout=_Null())
    assert Process.objects.of(municipality).count() == count
    for process in Process.objects.of(municipality).published():
        assert client.get(process.get_absolute_url()).status_code == 200
