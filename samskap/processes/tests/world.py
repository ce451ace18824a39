"""Processes for the tests: a draft, and one ready to open (type and room for action)."""

from __future__ import annotations

from typing import Any

from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle
from samskap.processes import actions
from samskap.processes.models import AuthorityRole, CoCreationType, Process, RoomItem

ANSWERS_EQUAL = {"statutory": "yes", "authority": "no", "outcome": "open",
                 "lead": "municipality", "situation": "lacks_knowledge"}


def draft(municipality: Municipality, cycle: Cycle, user: Any, **data: Any) -> Process:
    return actions.save_process(municipality=municipality, user=user, data={
        "cycle": cycle, "step": 2, "title": "Trygge møteplasser for unge",
        "purpose": "Finne ut sammen hva som gjør møteplassene trygge.",
        "authority_role": AuthorityRole.COMMUNITY_DEVELOPMENT, **data})


def declare_room(process: Process, user: Any, *, decided: int = 1, open_: int = 2) -> None:
    items = [{"kind": RoomItem.Kind.DECIDED, "decided_by": RoomItem.DecidedBy.BUDGET,
              "text": f"Vedtatt {i}"} for i in range(decided)]
    items += [{"kind": RoomItem.Kind.OPEN, "decided_by": "", "text": f"Åpent {i}"}
              for i in range(open_)]
    actions.save_room(process=process, user=user, items=items, data={
        "can_promise": "Vi lytter.", "cannot_promise": "Nye penger.",
        "final_decision_by": "Kommunestyret", "final_decision_when": "juni 2027",
        "equality": True, "health_equity": True})


def ready(municipality: Municipality, cycle: Cycle, user: Any,
          cocreation_type: str = CoCreationType.EQUAL, **room: int) -> Process:
    """A draft with a type chosen through the advisor and a room for action."""
    process = draft(municipality, cycle, user)
    actions.record_advice(process=process, user=user, answers=ANSWERS_EQUAL,
                          chosen=cocreation_type,
                          reason="" if cocreation_type == CoCreationType.EQUAL else "Vi vet")
    declare_room(process, user, **room)
    process.refresh_from_db()
    return process


def opened(municipality: Municipality, cycle: Cycle, user: Any, **kwargs: Any) -> Process:
    process = ready(municipality, cycle, user, **kwargs)
    actions.change_state(process=process, user=user, to_state=Process.State.OPEN)
    process.refresh_from_db()
    return process
