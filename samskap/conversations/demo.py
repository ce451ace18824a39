"""The demo conversation of Eksempelvik: 40 statements, 300 pseudonymous participants in three
planted opinion groups, some consented demographic answers, and a computed map. Idempotent."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from samskap.conversations import actions
from samskap.conversations.mapping import compute_and_store
from samskap.conversations.models import (
    Conversation,
    Demographics,
    ModerationMode,
    Participant,
    Statement,
    StatementState,
    Vote,
)
from samskap.municipalities.models import Municipality
from samskap.processes.demo import open_demo_process
from samskap.processes.models import AuthorityRole, Process

TOPIC = "Hva er viktigst for folkehelsa i Eksempelvik de neste fire årene?"
PEOPLE = 300

#: (statement, how each of the three groups leans: +1 agree, -1 disagree, 0 no clear view).
#: Group 0: active outdoor life and the centre; group 1: the districts, transport and the
#: elderly; group 2: children, young people and schools.
STATEMENTS: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("Kommunen bør bygge flere turstier med lys rundt sentrum.", (1, -1, 0)),
    ("Bussen til Fjellgrenda må gå minst annenhver time.", (-1, 1, 0)),
    ("Skolegårdene bør være åpne for alle på kveldstid.", (0, -1, 1)),
    ("Det trengs en møteplass for ungdom i Nordbyen.", (0, 0, 1)),
    ("Eldre som bor alene bør få tilbud om hjemmebesøk hvert år.", (0, 1, 0)),
    ("Gratis leie av idrettshallen for lag som jobber med barn.", (1, -1, 1)),
    ("Skolemat hver dag for alle elever.", (-1, 0, 1)),
    ("Kommunen bruker for mye penger på sentrum og for lite på grendene.", (-1, 1, 0)),
    ("Sykkelveien langs fylkesveien bør prioriteres foran ny parkering.", (1, -1, 1)),
    ("Frivilligsentralen bør få mer støtte til besøksvenner.", (0, 1, 0)),
    ("Flere benker langs strandpromenaden på Sjøsida.", (1, 1, 0)),
    ("Helsestasjonen for ungdom bør ha åpent på ettermiddagen.", (0, -1, 1)),
    ("Vi trenger flere lekeplasser i boligfeltene i Austmarka.", (0, 0, 1)),
    ("Kommunen bør ikke bruke penger på en ny kunstgressbane.", (-1, 1, -1)),
    ("Ensomhet er den største folkehelseutfordringen i kommunen.", (0, 1, 0)),
    ("Det bør være forbudt å røyke på alle uteserveringer.", (1, -1, 1)),
    ("Nærbutikken i Fjellgrenda er viktig for helsa til de som bor der.", (-1, 1, 0)),
    ("Alle barn bør få prøve en fritidsaktivitet gratis.", (0, 0, 1)),
    ("Kommunen bør lage en turkalender med felles turer hver uke.", (1, 0, 0)),
    ("Det er for få fastleger i kommunen.", (0, 1, 0)),
    ("Trafikken forbi skolene er for farlig.", (0, 0, 1)),
    ("Kommunen bør satse på aktivitetsparker fremfor nye parkeringsplasser.", (1, -1, 1)),
    ("Gatelysene i grendene må være på hele natten.", (-1, 1, 0)),
    ("Ungdomsrådet bør få bestemme over en egen pott med penger.", (0, -1, 1)),
    ("Det bør være lettere å dyrke egen mat i parsellhager.", (1, 0, 0)),
    ("Det er viktigere med gode gangveier enn nye sykkelstier.", (-1, 1, 0)),
    ("Skolene bør ha fysisk aktivitet hver dag.", (1, 0, 1)),
    ("Kulturhuset bør ha flere gratis arrangementer for eldre.", (0, 1, -1)),
    ("Kommunen bør stenge sentrumsgata for biler om sommeren.", (1, -1, 0)),
    ("Flere voksne bør få tilbud om svømmeopplæring.", (0, 0, 0)),
    ("Det trengs flere utleieboliger for unge i kommunen.", (0, -1, 1)),
    ("Idrettslagene gjør en viktig jobb og bør få mer støtte.", (1, 0, 1)),
    ("Alle som flytter hit bør få en velkomstpakke om lag og foreninger.", (0, 0, 0)),
    ("Bibliotekene bør være åpne på søndager.", (1, -1, 0)),
    ("Kommunen bør samarbeide mer med næringslivet om folkehelse.", (1, 0, -1)),
    ("Hjemmetjenesten trenger flere ansatte.", (-1, 1, 0)),
    ("Det bør være gratis kollektivtransport for ungdom.", (0, 0, 1)),
    ("Det bør bygges en gapahuk ved hvert skoleområde.", (1, 0, 1)),
    ("Kommunen bør prioritere rent vann og avløp foran nye tiltak.", (-1, 1, -1)),
    ("Folk i kommunen har for få steder å møtes uten å måtte betale.", (0, 1, 1)),
)


def _process(municipality: Municipality, users: dict[str, Any]) -> Process:
    """The processes demo's open process; without it, the first open one, or a new one."""
    found = open_demo_process(municipality)
    if found is not None:
        return found
    found = (Process.objects.of(municipality).filter(state=Process.State.OPEN)
             .order_by("created_at", "pk").first())
    if found is not None:
        return found
    from samskap.planning.models import Cycle

    cycle = Cycle.objects.current(municipality)
    assert cycle is not None, "the demo needs its cycle first"
    return Process.objects.create(
        municipality=municipality, cycle=cycle, step=2,
        title="Prioriteringer for planstrategien 2028–2031",
        purpose="Hva skal kommunen prioritere i folkehelsearbeidet de neste fire årene?",
        authority_role=AuthorityRole.COMMUNITY_DEVELOPMENT, state=Process.State.OPEN,
        published_at=timezone.now(), created_by=users.get("mira@eksempelvik.example"))


@transaction.atomic
def load_conversations_demo(municipality: Municipality, users: dict[str, Any]) -> Conversation:
    process = _process(municipality, users)
    existing = Conversation.objects.filter(process=process, topic=TOPIC).first()
    if existing is not None:
        return existing
    mira = users.get("mira@eksempelvik.example")
    conversation = actions.save_conversation(process=process, user=mira, data={
        "topic": TOPIC,
        "description": ("Stem på påstandene én etter én: enig, uenig eller vet ikke. Skriv gjerne "
                        "dine egne. Resultatet viser hva innbyggerne er enige om, og hvor "
                        "synspunktene går fra hverandre."),
        "reading_text": ("Oversiktsdokumentet viser at flere barn i Nordbyen vokser opp i "
                         "lavinntektsfamilier, at mange eldre i grendene bor alene, og at "
                         "ungdom savner møteplasser."),
        "moderation": ModerationMode.PRE,
    })
    statements = actions.add_seed_statements(conversation, mira, [s for s, _lean in STATEMENTS])
    _participants(conversation, municipality, statements)
    # A statement from a participant waiting for moderation, one hidden with a reason.
    author = Participant.objects.create()
    actions.submit_statement(conversation, author,
                             "Det bør være hundeparker i alle bydeler.")
    hidden = actions.submit_statement(conversation, author,
                                      "Naboen min i Sjøsida bråker hver helg.")
    actions.moderate_statement(hidden, mira, "hide",
                               "Handler om en enkeltperson, ikke om nærmiljøet.")
    Conversation.objects.filter(pk=conversation.pk).update(map_queued_at=None)
    compute_and_store(conversation)
    return conversation


def _participants(conversation: Conversation, municipality: Municipality,
                  statements: list[Statement]) -> None:
    rng = random.Random(9999)
    districts = list(municipality.districts.all())
    participants = Participant.objects.bulk_create(Participant() for _ in range(PEOPLE))
    votes, answers = [], []
    now = timezone.now()
    for participant in participants:
        group = rng.choices((0, 1, 2), weights=(0.45, 0.3, 0.25))[0]
        seen = rng.sample(statements, k=rng.randint(8, len(statements)))
        for statement in seen:
            lean = dict(STATEMENTS)[statement.text][group]
            roll = rng.random()
            if lean == 0:
                value = rng.choice((-1, 0, 0, 1))
            else:
                value = lean if roll < 0.8 else (0 if roll < 0.9 else -lean)
            votes.append(Vote(participant=participant, statement=statement, value=value,
                              created_at=now, updated_at=now))
        if rng.random() < 0.45:  # about half answer the optional questions
            answers.append(Demographics(
                participant=participant, municipality=municipality,
                district=rng.choice(districts) if districts and rng.random() < 0.9 else None,
                age_band=rng.choice(("18-29", "30-44", "30-44", "45-66", "45-66", "67-79")),
                gender=rng.choice(("female", "female", "male", "male", "other", "")),
                # The well educated take part more often: the equity monitor's warning case.
                education=rng.choices(("1", "2", "3", ""), weights=(1, 3, 6, 1))[0]))
    Vote.objects.bulk_create(votes, batch_size=5000)
    Demographics.objects.bulk_create(answers)
    assert all(s.state == StatementState.VISIBLE for s in statements)
