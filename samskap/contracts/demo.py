"""Eksempelvik's community contracts: one signed (active), one awaiting acceptance of its
second version. Needs the actors demo (actors are looked up by name). Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from samskap.accounts.models import Membership, Role, User
from samskap.actors.models import Actor
from samskap.contracts import actions
from samskap.contracts.models import CommunityContract, Contribution, ContributionStatus
from samskap.municipalities.models import Municipality

FRIVILLIG = "Eksempelvik frivilligsentral"
IDRETT = "Nordbyen idrettslag"
NAERING = "Eksempelvik næringsforening"
#: The sports club's chair, who speaks for it in the platform (a second partner).
IVAR = ("ivar@idrett.example", "Ivar Idrettsleder")

ELDRE = {
    "title": "Aktive eldre i Nordbyen",
    "purpose": ("Flere eldre i Nordbyen er fysisk aktive og treffer andre minst én gang i "
                "uka, slik at færre blir ensomme."),
    "serves": "Planstrategien: «Færre ensomme eldre» (mål under arbeid).",
    "follow_up": ("Partene møtes hvert kvartal. Frivilligsentralen teller deltakere på "
                  "turene, idrettslaget i hallen; kommunen samler tallene i årsrapporten."),
    "leaving_clause": ("En part kan tre ut med tre måneders skriftlig varsel til de andre "
                       "partene. Det som er levert, beholdes."),
    "municipality_contribution": "Koordinering ved folkehelsekoordinator og gratis lokaler.",
}
UNGDOM = {
    "title": "Fredagsåpen hall for ungdom i Sentrum",
    "purpose": "Ungdom i Sentrum har et trygt, rusfritt sted å være fredag kveld.",
    "serves": "Innspill fra ungdomsrådet om møteplasser.",
    "follow_up": "Ungdomsrådet og partene evaluerer hvert halvår.",
    "leaving_clause": "En part kan tre ut med én måneds varsel.",
    "municipality_contribution": "Ungdomsarbeider og vaktordning.",
}


def _ivar(municipality: Municipality) -> User:
    from samskap.core.demo import DEMO_PASSWORD

    email, name = IVAR
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
    Membership.objects.get_or_create(user=user, municipality=municipality,
                                     defaults={"role": Role.PARTNER, "title": "Styreleder"})
    return user


@transaction.atomic
def load_contracts_demo(municipality: Municipality, users: Mapping[str, Any]) -> None:
    """Add the two demo contracts unless they are there already (by title)."""
    actors = {a.name: a for a in Actor.objects.of(municipality).filter(
        name__in=(FRIVILLIG, IDRETT, NAERING))}
    if len(actors) < 3:
        return  # no actors demo to build on
    mira, frida = users["mira@eksempelvik.example"], users["frida@frivillig.example"]
    ivar = _ivar(municipality)
    actors[IDRETT].representatives.add(ivar)
    people = {None: mira, FRIVILLIG: frida, IDRETT: ivar}
    existing = set(CommunityContract.objects.of(municipality).values_list("title", flat=True))
    today = timezone.localdate()
    if ELDRE["title"] not in existing:
        _eldre(municipality, mira, actors, people, today)
    if UNGDOM["title"] not in existing:
        _ungdom(municipality, mira, actors, people, today)


def _party(contract: CommunityContract, actor: Actor | None) -> Any:
    return contract.parties.get(actor=actor)


def _accept(contract: CommunityContract, people: Mapping[str | None, User],
            names: list[str | None]) -> None:
    number = contract.current_version().number
    for name in names:
        party = contract.parties.get(actor__name=name) if name else _party(contract, None)
        actions.accept(party, people[name], version_number=number)


def _eldre(municipality: Municipality, mira: User, actors: Mapping[str, Actor],
           people: Mapping[str | None, User], today: dt.date) -> None:
    """Signed by all: active. The sports club's senior exercise class is overdue."""
    contract = actions.create_contract(
        municipality, mira, data={**ELDRE, "starts_on": today - dt.timedelta(days=120),
                                  "ends_on": today + dt.timedelta(days=600)},
        actors=[actors[FRIVILLIG], actors[IDRETT]])
    actions.save_contributions(contract, mira, changed=[
        Contribution(party=_party(contract, actors[FRIVILLIG]),
                     what="Turvenner som går tur med eldre hver uke", amount="12 frivillige",
                     due_on=today - dt.timedelta(days=60)),
        Contribution(party=_party(contract, actors[IDRETT]),
                     what="Seniortrim i hallen to ganger i uka", amount="2 timer i uka",
                     due_on=today - dt.timedelta(days=14)),
        Contribution(party=_party(contract, None),
                     what="Lokaler i Nordbyen bydelshus og koordinering",
                     amount="20 % stilling", due_on=today + dt.timedelta(days=45)),
    ])
    actions.send_for_acceptance(contract, mira)
    _accept(contract, people, [None, FRIVILLIG, IDRETT])
    walk = contract.contributions.get(party__actor=actors[FRIVILLIG])
    actions.update_contribution(walk, people[FRIVILLIG], status=ContributionStatus.DELIVERED,
                                note="Tre turgrupper er i gang, med 31 deltakere.")


def _ungdom(municipality: Municipality, mira: User, actors: Mapping[str, Actor],
            people: Mapping[str | None, User], today: dt.date) -> None:
    """Accepted by all as version 1; version 2 brings in the business association, and the
    volunteer centre has not accepted it yet."""
    contract = actions.create_contract(
        municipality, mira, data={**UNGDOM, "starts_on": today - dt.timedelta(days=30),
                                  "ends_on": today + dt.timedelta(days=335)},
        actors=[actors[FRIVILLIG], actors[IDRETT]])
    actions.save_contributions(contract, mira, changed=[
        Contribution(party=_party(contract, actors[FRIVILLIG]),
                     what="Voksne vakter fredag kveld", amount="2 voksne hver fredag",
                     due_on=today + dt.timedelta(days=14)),
        Contribution(party=_party(contract, actors[IDRETT]), what="Åpen hall fredag 19–23",
                     amount="4 timer i uka", due_on=today + dt.timedelta(days=14)),
        Contribution(party=_party(contract, None), what="Ungdomsarbeider på plass",
                     amount="20 % stilling", due_on=today + dt.timedelta(days=30)),
    ])
    actions.send_for_acceptance(contract, mira)
    _accept(contract, people, [None, FRIVILLIG, IDRETT])
    actions.change_contract(contract, mira, data={
        **UNGDOM, "purpose": UNGDOM["purpose"] + " Næringslivet sponser utstyr og kiosk.",
        "starts_on": contract.starts_on, "ends_on": contract.ends_on},
        actors=[actors[FRIVILLIG], actors[IDRETT], actors[NAERING]])
    actions.save_contributions(contract, mira, changed=[
        Contribution(party=_party(contract, actors[NAERING]),
                     what="Sponsing av utstyr og kiosk", amount="30 000 kr",
                     due_on=today + dt.timedelta(days=60)),
    ])
    _accept(contract, people, [None, IDRETT])
