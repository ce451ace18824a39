"""Atomic, audited writes to co-creation processes, and the rules of their states."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.actors.models import Actor
from samskap.audit import log
from samskap.knowledge.models import LocalKnowledge
from samskap.municipalities.models import Municipality
from samskap.processes import guard, typology
from samskap.processes.models import (
    AdvisorDecision,
    Phase,
    Process,
    ProcessActor,
    RoomForAction,
    RoomItem,
    StateChange,
)

State = Process.State
PROCESS_FIELDS = ("cycle", "step", "title", "purpose", "authority_role", "municipality_role",
                  "how_to_take_part")
ROOM_FIELDS = ("can_promise", "cannot_promise", "final_decision_by", "final_decision_when",
               "equality", "transparency", "statutory_duties", "health_equity", "frame_notes")

#: The states a process may move to from each state: forward, or one step back while the
#: process is still running (to hear more, or to look again at the analysis).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.OPEN,),
    State.OPEN: (State.ANALYSING,),
    State.ANALYSING: (State.CONCLUDED, State.OPEN),
    State.CONCLUDED: (State.CLOSED, State.ANALYSING),
    State.CLOSED: (),
}
RESPONSES_SIGNALS = "samskap.responses.signals"


def _user(user: Any) -> Any:
    """The user to store on a row (None for a script or an anonymous visitor)."""
    return user if getattr(user, "pk", None) else None


class ProcessError(ValueError):
    """A change the rules refuse; the message is shown to the user."""


@transaction.atomic
def save_process(*, municipality: Municipality, user: Any, data: Mapping[str, Any],
                 process: Process | None = None) -> Process:
    """Create a process (a draft) or change its description; validated and logged."""
    creating = process is None
    if process is None:
        process = Process(municipality=municipality, created_by=_user(user))
    elif process.municipality_id != municipality.pk:
        raise ValueError("the process belongs to another municipality")
    before = {} if creating else log.snapshot(process, PROCESS_FIELDS)
    for name in PROCESS_FIELDS:
        if name in data:
            setattr(process, name, data[name])
    process.full_clean()
    process.save()
    log.record(actor=user, action="processes.create" if creating else "processes.change",
               obj=process, municipality=municipality, before=before,
               after=log.snapshot(process, PROCESS_FIELDS))
    return process


@transaction.atomic
def record_advice(*, process: Process, user: Any, answers: Mapping[str, str], chosen: str,
                  reason: str = "") -> AdvisorDecision:
    """Store one pass through the advisor and make its choice the process's type.

    The recommendation is computed here from the answers, never taken from the form. Choosing
    another type than the recommended one needs a written reason.
    """
    clean = typology.validate(answers)
    advice = typology.advise(clean)
    reason = (reason or "").strip()
    if chosen != advice.recommended and not reason:
        raise ValidationError({"reason": _("Say why you choose another type than the one "
                                           "recommended.")})
    decision = AdvisorDecision(process=process, answers=clean,
                               recommended=advice.recommended or "", chosen=chosen,
                               reason=reason, decided_by=_user(user))
    decision.full_clean()
    decision.save()
    before = {"cocreation_type": process.cocreation_type}
    process.cocreation_type = chosen
    process.save(update_fields=["cocreation_type", "updated_at"])
    log.record(actor=user, action="processes.advise", obj=process,
               municipality=process.municipality, before=before,
               after={"cocreation_type": chosen, "recommended": decision.recommended,
                      "answers": clean}, reason=reason)
    return decision


@transaction.atomic
def save_room(*, process: Process, user: Any, data: Mapping[str, Any],
              items: Iterable[Mapping[str, str]]) -> RoomForAction:
    """Declare the room for action: the text fields and the decided and open items (the
    items replace the earlier ones)."""
    room = RoomForAction.objects.filter(process=process).first() or RoomForAction(
        process=process)
    before = log.snapshot(room, ROOM_FIELDS) if room.pk else {}
    before_items = [[i.kind, i.decided_by, i.text] for i in process.room_items.all()]
    for name in ROOM_FIELDS:
        if name in data:
            setattr(room, name, data[name])
    room.updated_by = _user(user)
    room.full_clean()
    new = [RoomItem(process=process, kind=i["kind"],
                    decided_by=i.get("decided_by", "") if i["kind"] == RoomItem.Kind.DECIDED
                    else "", text=i["text"].strip()) for i in items if i.get("text", "").strip()]
    for item in new:
        if item.kind == RoomItem.Kind.DECIDED and not item.decided_by:
            raise ValidationError(_("Say what decided “%(text)s”.") % {"text": item.text})
        item.full_clean(exclude=["process"])
    room.save()
    process.room_items.all().delete()
    RoomItem.objects.bulk_create(new)
    after = log.snapshot(room, ROOM_FIELDS)
    after["items"] = [[i.kind, i.decided_by, i.text] for i in new]
    if before:
        before["items"] = before_items
    log.record(actor=user, action="processes.room", obj=process,
               municipality=process.municipality, before=before, after=after)
    return room


@transaction.atomic
def invite_actor(*, process: Process, user: Any, actor: Actor, role: str,
                 notes: str = "") -> ProcessActor:
    """Invite an actor of the municipality (or change the role of one already invited)."""
    if actor.municipality_id != process.municipality_id:
        raise ValueError("the actor belongs to another municipality")
    invitation = ProcessActor.objects.filter(process=process, actor=actor).first()
    before = {"role": invitation.role, "notes": invitation.notes} if invitation else {}
    invitation = invitation or ProcessActor(process=process, actor=actor,
                                            invited_by=_user(user))
    invitation.role, invitation.notes = role, (notes or "").strip()
    invitation.full_clean()
    invitation.save()
    log.record(actor=user, action="processes.invite", obj=process,
               municipality=process.municipality, before=before,
               after={"actor": actor.pk, "role": role, "notes": invitation.notes})
    return invitation


@transaction.atomic
def remove_invitation(*, invitation: ProcessActor, user: Any) -> None:
    process = invitation.process
    before = {"actor": invitation.actor_id, "role": invitation.role}
    invitation.delete()
    log.record(actor=user, action="processes.uninvite", obj=process,
               municipality=process.municipality, before=before)


@transaction.atomic
def set_groups(*, process: Process, user: Any, groups: Sequence[str]) -> None:
    before = {"groups": list(process.groups)}
    process.groups = list(dict.fromkeys(groups))
    process.full_clean(exclude=["cycle", "municipality"])
    process.save(update_fields=["groups", "updated_at"])
    log.record(actor=user, action="processes.groups", obj=process,
               municipality=process.municipality, before=before,
               after={"groups": process.groups})


@transaction.atomic
def add_phase(*, process: Process, user: Any, data: Mapping[str, Any]) -> Phase:
    phase = Phase(process=process, **{k: data[k] for k in ("name", "start", "end",
                                                          "description") if k in data})
    phase.full_clean()
    phase.save()
    log.record(actor=user, action="processes.add_phase", obj=process,
               municipality=process.municipality,
               after={"phase": phase.name, "start": str(phase.start),
                      "end": str(phase.end or "")})
    return phase


@transaction.atomic
def delete_phase(*, phase: Phase, user: Any) -> None:
    process = phase.process
    before = {"phase": phase.name, "start": str(phase.start), "end": str(phase.end or "")}
    phase.delete()
    log.record(actor=user, action="processes.delete_phase", obj=process,
               municipality=process.municipality, before=before)


@transaction.atomic
def link_local_knowledge(*, process: Process, user: Any,
                         items: Iterable[LocalKnowledge]) -> None:
    """Set the local knowledge the process builds on (the municipality's published items)."""
    chosen = list(items)
    if any(item.municipality_id != process.municipality_id for item in chosen):
        raise ValueError("local knowledge of another municipality")
    before = sorted(process.local_knowledge.values_list("pk", flat=True))
    process.local_knowledge.set(chosen)
    log.record(actor=user, action="processes.link_activities", obj=process,
               municipality=process.municipality, before={"local_knowledge": before},
               after={"local_knowledge": sorted(item.pk for item in chosen)})


def _unanswered_exists(process: Process) -> bool:
    count = guard.unanswered_count(process)
    return bool(count)


def blockers(process: Process, to_state: str) -> list[str]:
    """Why ``process`` cannot move to ``to_state`` now (empty when it can)."""
    if to_state not in State.values:
        return [_("There is no such state.")]
    if to_state not in TRANSITIONS.get(process.state, ()):
        return [_("A process that is %(state)s cannot become %(to)s.") % {
            "state": process.get_state_display().lower(),
            "to": State(to_state).label.lower()}]
    reasons = []
    if to_state == State.OPEN and process.state == State.DRAFT:
        if not process.cocreation_type:
            reasons.append(_("Choose the type of co-creation with the advisor first."))
        if not RoomForAction.objects.filter(process=process).exists():
            reasons.append(_("Declare the room for action first: what is decided, what is "
                             "open and who decides last."))
        elif not process.room_items.exists():
            reasons.append(_("The room for action must name at least one thing that is "
                             "decided or open."))
    if to_state == State.CLOSED and _unanswered_exists(process):
        reasons.append(_("Some inputs have no response yet. Answer every input before the "
                         "process is closed: everyone should see what happened to what they "
                         "said."))
    return reasons


def _send_state_signal(process: Process, old: str, new: str) -> None:
    """Tell the responses app (followers get e-mail after the commit), when it exists."""
    if importlib.util.find_spec("samskap.responses") is None \
            or importlib.util.find_spec(RESPONSES_SIGNALS) is None:
        return
    signals = importlib.import_module(RESPONSES_SIGNALS)
    signals.process_state_changed.send(sender=Process, process=process, old_state=old,
                                       new_state=new)


@transaction.atomic
def change_state(*, process: Process, user: Any, to_state: str, note: str = "") -> StateChange:
    """Move the process to another state, if the rules allow it (else ProcessError)."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    refused = blockers(process, to_state)
    if refused:
        raise ProcessError(" ".join(refused))
    old = process.state
    now = timezone.now()
    process.state = to_state
    process.state_changed_at = now
    if process.published_at is None:
        process.published_at = now
    process.save(update_fields=["state", "state_changed_at", "published_at", "updated_at"])
    change = StateChange.objects.create(process=process, from_state=old, to_state=to_state,
                                        note=(note or "").strip(),
                                        changed_by=_user(user))
    log.record(actor=user, action="processes.change_state", obj=process,
               municipality=process.municipality, before={"state": old},
               after={"state": to_state}, reason=change.note)
    _send_state_signal(process, old, to_state)
    return change
