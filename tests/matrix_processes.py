"""Who may see and change co-creation processes.

Published processes (every state but draft) and their feed are public; a draft is seen only by
the municipality's internal members (404 for everyone else, so not even its existence shows).
The staff pages are read by internal members and changed by staff. A closed process is frozen,
and a process whose inputs lack a response cannot be closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samskap.actors.models import Actor, Kind
from samskap.processes import actions
from samskap.processes.models import AdvisorDecision, Phase, Process, ProcessActor, RoomItem
from samskap.responses import services
from tests.authorization_world import World
from tests.matrix_kit import (
    INTERNAL,
    PUBLIC,
    STAFF,
    Check,
    Entry,
    hidden_except,
    of_memo,
    redirected,
    town,
)

ANSWERS = {"statutory": "yes", "authority": "no", "outcome": "open", "lead": "municipality",
           "situation": "lacks_knowledge"}
DRAFT_READERS = hidden_except("siri", "per", "mira", "ada", "sam")


def _draft(w: World, title: str = "Trygge møteplasser for unge") -> Process:
    return actions.save_process(municipality=w.eksempelvik, user=w.users["per"], data={
        "cycle": w.cycle, "step": 2, "title": title, "purpose": "Finne ut sammen.",
        "authority_role": "community_development"})


def _ready(w: World, title: str) -> Process:
    process = _draft(w, title)
    per = w.users["per"]
    actions.record_advice(process=process, user=per, answers=ANSWERS, chosen="equal")
    actions.save_room(process=process, user=per, items=[
        {"kind": RoomItem.Kind.DECIDED, "decided_by": RoomItem.DecidedBy.BUDGET,
         "text": "Budsjettrammen"},
        {"kind": RoomItem.Kind.OPEN, "text": "Hvor møteplassene skal være"}],
        data={"can_promise": "Svar", "cannot_promise": "Nye penger",
              "final_decision_by": "Kommunestyret", "final_decision_when": "juni 2027"})
    return process


def _moved(w: World, title: str, *states: str) -> Process:
    process = _ready(w, title)
    for state in states:
        actions.change_state(process=process, user=w.users["per"], to_state=state)
    process.refresh_from_db()
    return process


def make_unanswered(w: World) -> Process:
    """Concluded, with an input that has no response: it cannot be closed."""
    process = _moved(w, "Innspill uten svar", "open", "analysing")
    services.register_input(process, source=w.memo("processes.actor"),
                            author=w.users["cem"], text="Mer lys på stien", kind="other")
    actions.change_state(process=process, user=w.users["per"], to_state="concluded")
    return process


MAKERS: dict[str, Callable[[World], Any]] = {
    "processes.draft": _draft,
    "processes.ready": lambda w: _ready(w, "Klar til å åpne"),
    "processes.open": lambda w: _moved(w, "Åpen prosess", "open"),
    "processes.concluded": lambda w: _moved(w, "Konkludert", "open", "analysing", "concluded"),
    "processes.closed": lambda w: _moved(w, "Lukket", "open", "analysing", "concluded",
                                         "closed"),
    "processes.unanswered": make_unanswered,
    "processes.actor": lambda w: Actor.objects.create(
        municipality=w.eksempelvik, name="Ungdomsrådet", kind=Kind.COUNCIL),
    "processes.invitation": lambda w: actions.invite_actor(
        process=w.memo("processes.draft"), user=w.users["per"],
        actor=w.memo("processes.actor"), role="participant"),
    "processes.phase": lambda w: Phase.objects.create(
        process=w.memo("processes.draft"), name="Innspill", start="2027-01-10"),
}


def of_state(key: str, to: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"number": w.eksempelvik.number, "pk": w.memo(key).pk, "to": to}


def process_row(key: str) -> Callable[[World], Any]:
    return lambda w: Process.objects.values_list(
        "title", "state", "groups", "cocreation_type").get(pk=w.memo(key).pk)


def processes_of(w: World) -> Any:
    return sorted(Process.objects.values_list("municipality", "title"))


def room_of(key: str) -> Callable[[World], Any]:
    return lambda w: (sorted(RoomItem.objects.filter(process=w.memo(key)).values_list(
        "kind", "text")), list(Process.objects.filter(pk=w.memo(key).pk).values_list(
            "room_for_action__can_promise")))


def invitations_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(ProcessActor.objects.filter(process=w.memo(key)).values_list(
        "actor_id", "role"))


def phases_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Phase.objects.filter(process=w.memo(key)).values_list("name"))


def process_data(w: World) -> dict[str, Any]:
    return {"title": "Nytt navn", "cycle": w.cycle.pk, "step": 2, "purpose": "Nytt formål",
            "authority_role": "service_delivery"}


def room_data(w: World) -> dict[str, Any]:
    return {"law": "Folkehelseloven", "open": "Tiltakene", "can_promise": "Svar",
            "cannot_promise": "Penger", "final_decision_by": "Formannskapet",
            "final_decision_when": "mai 2027"}


def of_invitation(w: World) -> dict[str, Any]:
    invitation = w.memo("processes.invitation")
    return {"number": w.eksempelvik.number, "pk": invitation.process_id,
            "invitation": invitation.pk}


def of_phase(w: World) -> dict[str, Any]:
    phase = w.memo("processes.phase")
    return {"number": w.eksempelvik.number, "pk": phase.process_id, "phase": phase.pk}


def local_knowledge_of(w: World) -> Any:
    return sorted(w.memo("processes.open").local_knowledge.values_list("pk", flat=True))


ENTRIES: dict[str, Entry] = {
    "processes:public_list": Entry(town, get=Check(PUBLIC)),
    "processes:feed": Entry(town, get=Check(PUBLIC)),
    "processes:public_detail": Entry(of_memo("processes.open"), get=Check(PUBLIC)),
    "processes:public_detail#closed": Entry(of_memo("processes.closed"), get=Check(PUBLIC)),
    "processes:public_detail#draft": Entry(of_memo("processes.draft"),
                                           get=Check(DRAFT_READERS)),
    "processes:manage_list": Entry(town, get=Check(INTERNAL)),
    "processes:manage": Entry(of_memo("processes.draft"), get=Check(INTERNAL)),
    "processes:create": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=process_data, effect=processes_of)),
    "processes:edit": Entry(
        of_memo("processes.draft"), get=Check(STAFF),
        post=Check(STAFF, data=process_data, effect=process_row("processes.draft"))),
    "processes:edit#closed": Entry(
        of_memo("processes.closed"), get=Check(redirected(STAFF)),
        post=Check(redirected(STAFF), data=process_data, effect=process_row("processes.closed"),
                   frozen=True)),
    "processes:advisor": Entry(
        of_memo("processes.draft"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"step": 3, **ANSWERS, "chosen": "equal"},
                   effect=lambda w: AdvisorDecision.objects.filter(
                       process=w.memo("processes.draft")).count())),
    "processes:room": Entry(
        of_memo("processes.draft"), get=Check(STAFF),
        post=Check(STAFF, data=room_data, effect=room_of("processes.draft"))),
    "processes:room#closed": Entry(
        of_memo("processes.closed"), get=Check(redirected(STAFF)),
        post=Check(redirected(STAFF), data=room_data, effect=room_of("processes.closed"),
                   frozen=True)),
    "processes:invite": Entry(
        of_memo("processes.draft"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"actor": w.memo("processes.actor").pk,
                                          "role": "expert"},
                   effect=invitations_of("processes.draft"))),
    "processes:uninvite": Entry(
        of_invitation, post=Check(STAFF, effect=invitations_of("processes.draft"))),
    "processes:groups": Entry(
        of_memo("processes.draft"),
        post=Check(STAFF, data=lambda w: {"groups": ["youth"]},
                   effect=process_row("processes.draft"))),
    "processes:phases": Entry(
        of_memo("processes.draft"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"name": "Verksted", "start": "2027-02-01"},
                   effect=phases_of("processes.draft"))),
    "processes:phase_delete": Entry(
        of_phase, post=Check(STAFF, effect=phases_of("processes.draft"))),
    "processes:activities": Entry(
        of_memo("processes.open"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"local_knowledge": [w.published.pk]},
                   effect=local_knowledge_of)),
    "processes:change_state": Entry(
        of_state("processes.ready", "open"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"note": "Nå åpner vi", "acknowledge": "on"},
                   effect=process_row("processes.ready"))),
    "processes:change_state#close": Entry(
        of_state("processes.concluded", "closed"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"note": "Takk", "acknowledge": "on"},
                   effect=process_row("processes.concluded"))),
    # Inputs without a response: closing is refused with a message, nothing changes.
    "processes:change_state#unanswered": Entry(
        of_state("processes.unanswered", "closed"), get=Check(STAFF),
        post=Check(redirected(STAFF), data=lambda w: {"note": "Takk", "acknowledge": "on"},
                   effect=process_row("processes.unanswered"), frozen=True)),
}
