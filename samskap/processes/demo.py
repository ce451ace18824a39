"""Eksempelvik's co-creation processes: several states and types, one that the sham-process
guard warns about, and one fully answered and closed. Idempotent (processes are found by title).

Runs after the actors demo (it invites actors by name; a name the actors demo lacks is skipped)
and before the conversations demo, which attaches its conversation to
:func:`open_demo_process`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from samskap.actors.models import Actor, Group
from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle
from samskap.processes import actions, typology
from samskap.processes.models import AuthorityRole, CoCreationType, Process, RoomItem

State = Process.State
D = RoomItem.DecidedBy
OPEN_TITLE = "Prioriteringer for planstrategien 2028–2031"


@dataclass(frozen=True)
class DemoProcess:
    title: str
    step: int
    authority_role: str
    purpose: str
    how_to_take_part: str
    answers: dict[str, str]
    chosen: str
    reason: str
    decided: tuple[tuple[str, str], ...]
    open: tuple[str, ...]
    can_promise: str
    cannot_promise: str
    final_decision_by: str
    final_decision_when: str
    states: tuple[str, ...]
    actors: tuple[tuple[str, str], ...] = ()
    groups: tuple[str, ...] = ()
    phases: tuple[tuple[str, str, str | None, str], ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


PROCESSES: tuple[DemoProcess, ...] = (
    DemoProcess(
        OPEN_TITLE, 2, AuthorityRole.COMMUNITY_DEVELOPMENT,
        "Hva skal Eksempelvik prioritere i folkehelsearbeidet de neste fire årene? Vi vil "
        "finne svaret sammen med innbyggere, lag og næringsliv før planstrategien vedtas.",
        "Si din mening i samtalen på nett, eller kom på folkemøtet på biblioteket. "
        "Ungdomsrådet og frivilligsentralen holder egne samlinger.",
        {"statutory": "yes", "authority": "no", "outcome": "open", "lead": "municipality",
         "situation": "lacks_knowledge"},
        CoCreationType.EQUAL, "",
        ((D.LAW, "Folkehelseloven krever at planstrategien bygger på folkehelseoversikten"),
         (D.POLITICAL, "Kommunestyret vedtar planstrategien")),
        ("Hvilke tre utfordringer som skal prioriteres",
         "Hvordan lag og foreninger kan bidra",
         "Hvilke bydeler som skal få mest oppmerksomhet"),
        "Alle innspill blir lest, og du får svar på hva som ble brukt og hvorfor.",
        "Vi kan ikke love nye penger før budsjettet for 2028 er vedtatt.",
        "Kommunestyret", "desember 2027",
        (State.OPEN,),
        actors=(("Ungdomsrådet", "co_organiser"), ("Eksempelvik frivilligsentral", "co_organiser"),
                ("Nordbyen idrettslag", "participant"),
                ("Kvinnenettverket i Nordbyen", "affected")),
        groups=(Group.YOUTH, Group.IMMIGRANTS, Group.LOW_INCOME),
        phases=(("Innspill", "2027-01-15", "2027-03-31", "Samtale på nett og folkemøter."),
                ("Analyse", "2027-04-01", "2027-05-31", "Vi samler og sorterer innspillene."),
                ("Vedtak", "2027-12-01", None, "Kommunestyret vedtar planstrategien.")),
        notes={State.OPEN: "Nå kan alle si sin mening om hva som bør prioriteres."},
    ),
    DemoProcess(
        "Nye turstier i Fjellgrenda", 4, AuthorityRole.COMMUNITY_DEVELOPMENT,
        "Flere turstier nær boligene i Fjellgrenda, så flere kommer seg ut i hverdagen.",
        "Kom med forslag til traseer på innbyggermøtet i grendehuset.",
        {"statutory": "no", "authority": "no", "outcome": "open", "lead": "external",
         "situation": "new_services"},
        CoCreationType.FACILITATING, "",
        ((D.POLITICAL, "Traseen er vedtatt i kommunedelplanen"),
         (D.BUDGET, "Budsjettet er 400 000 kroner"),
         (D.ADMINISTRATIVE, "Teknisk drift bygger stien"),
         (D.ADMINISTRATIVE, "Stien skal være ferdig til sommeren")),
        ("Navnet på stien",),
        "Vi forteller hva som skjer med forslagene.",
        "Vi kan ikke endre traseen eller budsjettet.",
        "Teknisk sjef", "mars 2027",
        (State.OPEN, State.ANALYSING),
        actors=(("Eksempelvik turlag", "participant"),),
        groups=(Group.ELDERLY, Group.FAMILIES),
        phases=(("Innbyggermøte", "2026-10-01", "2026-10-01", "I grendehuset."),),
        notes={State.ANALYSING: "Takk for forslagene. Vi går gjennom dem nå."},
    ),
    DemoProcess(
        "Unges psykiske helse: kunnskapsgrunnlaget", 1, AuthorityRole.SERVICE_DELIVERY,
        "Ungdata viser at flere unge strever. Vi ville vite hva tallene ikke viser, fra de "
        "unge selv og fra dem som møter dem.",
        "Prosessen er avsluttet. Takk til alle som bidro!",
        {"statutory": "yes", "authority": "no", "outcome": "defined", "lead": "municipality",
         "situation": "depends_on_others"},
        CoCreationType.STEERED, "",
        ((D.LAW, "Oversikten skal beskrive helsetilstanden og påvirkningsfaktorene"),
         (D.ADMINISTRATIVE, "Oversikten skrives av folkehelsekoordinatoren")),
        ("Hvilken lokal kunnskap som skal med i oversikten",),
        "Alt som kom inn er vurdert, og du kan se hva som ble brukt.",
        "Vi kan ikke love tiltak i denne fasen; det kommer i steg 4.",
        "Kommunedirektøren", "juni 2025",
        (State.OPEN, State.ANALYSING, State.CONCLUDED, State.CLOSED),
        actors=(("Ungdomsrådet", "participant"), ("Helsestasjonen", "expert")),
        groups=(Group.YOUTH,),
        phases=(("Innspill", "2025-01-10", "2025-03-01", "Lokal kunnskap fra unge og ansatte."),
                ("Oversikten skrives", "2025-03-02", "2025-06-01", "")),
        notes={State.CONCLUDED: "Innspillene er med i folkehelseoversikten.",
               State.CLOSED: "Alle innspill har fått svar. Prosessen er lukket."},
    ),
    DemoProcess(
        "Møteplasser i Nordbyen", 3, AuthorityRole.COMMUNITY_DEVELOPMENT,
        "Nordbyen mangler steder å møtes uten å betale. Sammen med dem som bor der vil vi "
        "finne ut hva som trengs.",
        "Prosessen er konkludert; svarene på innspillene kommer her.",
        {"statutory": "no", "authority": "no", "outcome": "open", "lead": "municipality",
         "situation": "lacks_knowledge"},
        CoCreationType.EQUAL, "",
        ((D.BUDGET, "Det finnes 200 000 kroner til tiltak i 2027"),),
        ("Hva slags møteplass", "Hvor den skal ligge", "Hvem som driver den"),
        "Forslaget fra prosessen legges fram for formannskapet.",
        "Vi kan ikke love drift ut over 2027.",
        "Formannskapet", "februar 2027",
        (State.OPEN, State.ANALYSING, State.CONCLUDED),
        actors=(("Kvinnenettverket i Nordbyen", "co_organiser"),
                ("Kaffebrenneriet i Nordbyen", "participant"),
                ("Nordbyen idrettslag", "participant")),
        notes={State.CONCLUDED: "Forslaget er klart og sendes formannskapet."},
    ),
    DemoProcess(
        "Frisklivstilbud for eldre hjemmeboende", 4, AuthorityRole.SERVICE_DELIVERY,
        "Flere eldre hjemmeboende skal få et frisklivstilbud nær der de bor, drevet sammen "
        "med frivillige.",
        "",
        {"statutory": "no", "authority": "no", "outcome": "defined", "lead": "external",
         "situation": "lacks_resources"},
        CoCreationType.RESPONSIBILISING, "",
        (), (), "", "", "", "",
        (),
        actors=(("Eksempelvik frivilligsentral", "co_organiser"),),
    ),
)


def open_demo_process(municipality: Municipality) -> Process | None:
    """The open process the conversations demo attaches its conversation to."""
    return Process.objects.of(municipality).filter(title=OPEN_TITLE).first()


def _actor(municipality: Municipality, name: str) -> Actor | None:
    return Actor.objects.of(municipality).filter(name=name).first()


def _answer_inputs(process: Process, municipality: Municipality, user: Any) -> None:
    """Bring the municipality's published local knowledge into the process as input and
    answer it, so the process can close ("you said, we did")."""
    from samskap.responses import services

    items = list(LocalKnowledge.objects.for_municipality(municipality)
                 .filter(status=Moderation.PUBLISHED).order_by("pk")[:4])
    actions.link_local_knowledge(process=process, user=user, items=items)
    outcomes = ("used", "partly_used", "not_used", "outside_room")
    whys = ("Det er tatt med i folkehelseoversikten under oppvekst.",
            "Det er nevnt i oversikten, men vi trenger flere kilder.",
            "Tallene vi har viser ikke det samme; vi følger med.",
            "Dette gjelder drift av skolen, som ikke var en del av denne prosessen.")
    for index, item in enumerate(items):
        found = services.register_input(process, source=item, author=item.author,
                                        text=item.text or item.title, kind="local_knowledge",
                                        added_by=user)
        services.respond([found], user=user, outcome=outcomes[index % 4],
                         why=whys[index % 4], theme="Oppvekst")


def _make(spec: DemoProcess, municipality: Municipality, cycle: Cycle, user: Any) -> Process:
    process = actions.save_process(municipality=municipality, user=user, data={
        "cycle": cycle, "step": spec.step, "title": spec.title, "purpose": spec.purpose,
        "authority_role": spec.authority_role, "how_to_take_part": spec.how_to_take_part})
    advice = typology.advise(spec.answers)
    actions.record_advice(process=process, user=user, answers=spec.answers,
                          chosen=spec.chosen, reason=spec.reason)
    assert advice.recommended == spec.chosen or spec.reason
    if spec.decided or spec.open:
        items = [{"kind": RoomItem.Kind.DECIDED, "decided_by": by, "text": text}
                 for by, text in spec.decided]
        items += [{"kind": RoomItem.Kind.OPEN, "text": text} for text in spec.open]
        actions.save_room(process=process, user=user, items=items, data={
            "can_promise": spec.can_promise, "cannot_promise": spec.cannot_promise,
            "final_decision_by": spec.final_decision_by,
            "final_decision_when": spec.final_decision_when, "equality": True,
            "transparency": True, "statutory_duties": spec.answers["statutory"] == "yes",
            "health_equity": True})
    for name, role in spec.actors:
        actor = _actor(municipality, name)
        if actor is not None:
            actions.invite_actor(process=process, user=user, actor=actor, role=role)
    if spec.groups:
        actions.set_groups(process=process, user=user, groups=list(spec.groups))
    for name, start, end, description in spec.phases:
        actions.add_phase(process=process, user=user, data={
            "name": name, "start": dt.date.fromisoformat(start),
            "end": dt.date.fromisoformat(end) if end else None, "description": description})
    for state in spec.states:
        if state == State.CLOSED:
            _answer_inputs(process, municipality, user)
        actions.change_state(process=process, user=user, to_state=state,
                             note=spec.notes.get(state, ""))
    return process


@transaction.atomic
def load_processes_demo(municipality: Municipality, users: dict[str, Any]) -> list[Process]:
    cycle = Cycle.objects.current(municipality)
    if cycle is None:
        return []
    mira = users.get("mira@eksempelvik.example")
    made = []
    for spec in PROCESSES:
        existing = Process.objects.of(municipality).filter(title=spec.title).first()
        made.append(existing or _make(spec, municipality, cycle, mira))
    return made
