"""Which actors the municipality's processes involve: for "who is missing" nudges elsewhere."""

from __future__ import annotations

from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle
from samskap.processes.models import Process, ProcessActor

#: The states in which a process counts as involving its invited actors.
INVOLVING_STATES = (Process.State.OPEN, Process.State.ANALYSING, Process.State.CONCLUDED)


def involved_actor_ids(municipality: Municipality, process: Process | None = None) -> set[int]:
    """The actors invited to ``process``; with None, to any process of the current cycle that
    is neither a draft nor closed. One query (two with None: the current cycle)."""
    invitations = ProcessActor.objects.filter(process__municipality=municipality)
    if process is not None:
        invitations = invitations.filter(process=process)
    else:
        cycle = Cycle.objects.for_municipality(municipality).active().first()
        if cycle is None:
            return set()
        invitations = invitations.filter(process__cycle=cycle,
                                         process__state__in=INVOLVING_STATES)
    return set(invitations.values_list("actor_id", flat=True))
