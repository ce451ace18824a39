"""A small community for the contract tests: Eksempelvik frivilligsentral (Frida speaks for
it) and Nordbyen idrettslag (Ivar speaks for it), and a contract between them and the
municipality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import timezone, translation

from samskap.accounts.models import Role, User
from samskap.actors.models import Actor
from samskap.contracts import actions
from samskap.contracts.models import CommunityContract, ContractParty, Contribution
from samskap.testing.factories import ActorFactory, member


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _in_english(client) -> Iterator[None]:
    """The tests read the English source strings: in the pages (the language cookie) and in
    the actions' messages. The exports are in the municipality's language regardless."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def ivar(eksempelvik) -> User:
    return member(eksempelvik, Role.PARTNER, "ivar@idrett.example", "Ivar Idrett")


@pytest.fixture
def frivilligsentral(eksempelvik, frida) -> Actor:
    actor = ActorFactory(municipality=eksempelvik, name="Eksempelvik frivilligsentral",
                         kind="voluntary")
    actor.representatives.add(frida)
    return actor


@pytest.fixture
def idrettslag(eksempelvik, ivar) -> Actor:
    actor = ActorFactory(municipality=eksempelvik, name="Nordbyen idrettslag", kind="voluntary")
    actor.representatives.add(ivar)
    return actor


TERMS = {
    "title": "Aktive eldre i Nordbyen",
    "purpose": "Flere eldre i Nordbyen er fysisk aktive og møter andre hver uke.",
    "serves": "Mål 2 i planstrategien: færre ensomme eldre.",
    "starts_on": dt.date(2025, 1, 1),
    "ends_on": dt.date(2026, 12, 31),
    "follow_up": "Partene møtes hvert kvartal og teller deltakere.",
    "leaving_clause": "En part kan tre ut med tre måneders varsel.",
    "municipality_contribution": "Koordinering og lokaler.",
}


@pytest.fixture
def contract(eksempelvik, mira, frivilligsentral, idrettslag) -> CommunityContract:
    """A draft between the municipality, the volunteer centre and the sports club, with a
    contribution from each."""
    contract = actions.create_contract(eksempelvik, mira, data=TERMS,
                                       actors=[frivilligsentral, idrettslag])
    today = timezone.localdate()
    actions.save_contributions(contract, mira, changed=[
        Contribution(party=party_of(contract, frivilligsentral), what="Turvenner",
                     amount="10 frivillige", due_on=today + dt.timedelta(days=30)),
        Contribution(party=party_of(contract, idrettslag), what="Trimgruppe i hallen",
                     amount="2 timer i uka", due_on=today + dt.timedelta(days=60)),
        Contribution(party=party_of(contract, None), what="Leie av lokaler",
                     amount="50 000 kr", due_on=today + dt.timedelta(days=10)),
    ])
    return CommunityContract.objects.get(pk=contract.pk)


def party_of(contract: CommunityContract, actor: Actor | None) -> ContractParty:
    return contract.parties.get(actor=actor)


@pytest.fixture
def sent(contract, mira) -> CommunityContract:
    """The contract, sent to the parties for acceptance."""
    return actions.send_for_acceptance(contract, mira)


def accept_all(contract: CommunityContract, people: dict[str | None, User]) -> None:
    """Every party accepts the current version; ``people`` maps actor name → user (None is
    the municipality)."""
    number = contract.current_version().number
    for party in contract.active_parties().select_related("actor"):
        user = people[party.actor.name if party.actor else None]
        actions.accept(party, user, version_number=number)


@pytest.fixture
def active(sent, mira, frida, ivar) -> CommunityContract:
    accept_all(sent, {None: mira, "Eksempelvik frivilligsentral": frida,
                      "Nordbyen idrettslag": ivar})
    return CommunityContract.objects.get(pk=sent.pk)
