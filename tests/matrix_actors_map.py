"""Who may use the community map: the network, the stakeholder grid and the nudges.

The map is internal (samskap.view_internal): Siri, the politician, reads it; Frida (partner) and
Cem (citizen) get a 403, strangers a 404 and visitors the login page. Only staff set a nudge
aside or undo that (samskap.dismiss_nudges).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samskap.actors.models import Actor, NudgeDismissal
from tests.authorization_world import World
from tests.matrix_kit import INTERNAL, STAFF, Check, Entry, of_memo, town


def make_silent_voice(w: World) -> Actor:
    return Actor.objects.create(municipality=w.eksempelvik, name="Kvinnenettverket i Nordbyen",
                                kind="citizen_group", affected=5, influence=1)


def make_dismissal(w: World) -> NudgeDismissal:
    return NudgeDismissal.objects.create(
        municipality=w.eksempelvik, code="group_not_reached", subject="group:elderly",
        reason="Eldrerådet er invitert.", dismissed_by=w.users["mira"])


MAKERS: dict[str, Callable[[World], Any]] = {
    "actors_map.silent_voice": make_silent_voice,
    "actors_map.dismissal": make_dismissal,
}


def of_nudge(code: str, subject: Callable[[World], str]) -> Callable[[World], dict[str, Any]]:
    return lambda w: {**town(w), "code": code, "subject": subject(w)}


def dismissals(w: World) -> Any:
    return sorted(NudgeDismissal.objects.values_list("municipality", "code", "subject",
                                                     "reason"))


def reason(w: World) -> dict[str, Any]:
    return {"reason": "De er med i arbeidsgruppen for Nordbyen."}


ENTRIES: dict[str, Entry] = {
    "actors:map": Entry(town, get=Check(INTERNAL)),
    "actors:grid": Entry(town, get=Check(INTERNAL)),
    "actors:nudges": Entry(town, get=Check(INTERNAL)),
    "actors:nudge_dismiss": Entry(
        of_nudge("sector_not_represented", lambda w: "sector:research"),
        get=Check(STAFF),
        post=Check(STAFF, data=reason, effect=dismissals),
    ),
    "actors:nudge_dismiss#actor": Entry(
        of_nudge("silent_voice_not_involved",
                 lambda w: f"actor:{w.memo('actors_map.silent_voice').pk}"),
        get=Check(STAFF),
        post=Check(STAFF, data=reason, effect=dismissals),
    ),
    "actors:nudge_restore": Entry(
        of_memo("actors_map.dismissal"),
        post=Check(STAFF, effect=lambda w: NudgeDismissal.objects.filter(
            pk=w.memo("actors_map.dismissal").pk).exists()),
    ),
}
