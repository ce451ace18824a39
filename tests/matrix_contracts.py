"""Who may read and act on community contracts.

- Active (and ended) contracts are public: anyone reads them and their exports.
- A draft is internal (staff and politicians); to everyone else it does not exist (404).
- A contract awaiting acceptance is internal too, and its parties' representatives see it:
  Frida speaks for the volunteer centre ("contracts.frivillig"), a party.
- Staff draft, change, send and end contracts.
- Only Frida accepts for the volunteer centre; for the municipality, its coordinator or
  administrator. Not even the site admin accepts on anyone's behalf.
- A party leaves through its representative, or staff record that it left.
- A contribution's status is updated by its party's representative, or staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from samskap.actors.models import Actor
from samskap.contracts import actions
from samskap.contracts.models import (
    Acceptance,
    CommunityContract,
    ContractParty,
    Contribution,
)
from tests.authorization_world import FORBIDDEN, World
from tests.matrix_kit import (
    DRAFT_READERS,
    PUBLIC,
    STAFF,
    Check,
    Entry,
    hidden_except,
    members_only,
    redirected,
    town,
)

#: An awaiting contract: internal, and seen by the representative of a party.
AWAITING_READERS = hidden_except("frida", "siri", "per", "mira", "ada", "sam")
#: Accepting for the volunteer centre: only Frida; the others who see the contract get 403.
FRIDA_ACCEPTS = {**AWAITING_READERS, **dict.fromkeys(("siri", "per", "mira", "ada", "sam"),
                                                      FORBIDDEN)}
#: Accepting for the municipality: its coordinator or administrator.
MUNICIPALITY_ACCEPTS = {**AWAITING_READERS, **dict.fromkeys(("frida", "siri", "per", "sam"),
                                                             FORBIDDEN)}
#: Leaving for the volunteer centre: Frida, or staff recording it (the site admin too).
LEAVERS = {**AWAITING_READERS, "siri": FORBIDDEN}
#: Following up the volunteer centre's contribution in an active (public) contract.
FOLLOW_UP = members_only("frida", "per", "mira", "ada")

TERMS = {
    "title": "Aktive eldre", "purpose": "Flere eldre er aktive.", "serves": "",
    "starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2026, 12, 31),
    "follow_up": "Kvartalsmøter.", "leaving_clause": "Tre måneders varsel.",
    "municipality_contribution": "Lokaler.",
}


def make_frivillig(w: World) -> Actor:
    actor = Actor.objects.create(municipality=w.eksempelvik, kind="voluntary",
                                 name="Eksempelvik frivilligsentral")
    actor.representatives.add(w.users["frida"])
    return actor


def make_idrett(w: World) -> Actor:
    return Actor.objects.create(municipality=w.eksempelvik, kind="voluntary",
                                name="Nordbyen idrettslag")


def _contract(w: World, title: str, with_idrett: bool = True) -> CommunityContract:
    frivillig = w.memo("contracts.frivillig")
    actors = [frivillig, w.memo("contracts.idrett")] if with_idrett else [frivillig]
    contract = actions.create_contract(w.eksempelvik, w.users["mira"],
                                       data={**TERMS, "title": title}, actors=actors)
    actions.save_contributions(contract, w.users["mira"], changed=[
        Contribution(party=contract.parties.get(actor=frivillig), what="Turvenner",
                     due_on=dt.date(2025, 6, 1))])
    return contract


def make_draft(w: World) -> CommunityContract:
    return _contract(w, "Utkast")


def make_awaiting(w: World) -> CommunityContract:
    return actions.send_for_acceptance(_contract(w, "Til aksept"), w.users["mira"])


def make_active(w: World) -> CommunityContract:
    contract = actions.send_for_acceptance(_contract(w, "Aktiv", with_idrett=False),
                                           w.users["mira"])
    for party in contract.parties.all():
        user = w.users["mira"] if party.actor is None else w.users["frida"]
        actions.accept(party, user, version_number=1)
    return CommunityContract.objects.get(pk=contract.pk)


def make_ended(w: World) -> CommunityContract:
    return actions.end_contract(make_active_again(w), w.users["mira"], reason="Ferdig.")


def make_active_again(w: World) -> CommunityContract:
    """A second active contract (the ended one starts as this)."""
    contract = actions.send_for_acceptance(_contract(w, "Avsluttet", with_idrett=False),
                                           w.users["mira"])
    for party in contract.parties.all():
        user = w.users["mira"] if party.actor is None else w.users["frida"]
        actions.accept(party, user, version_number=1)
    return contract


MAKERS: dict[str, Callable[[World], Any]] = {
    "contracts.frivillig": make_frivillig,
    "contracts.idrett": make_idrett,
    "contracts.draft": make_draft,
    "contracts.awaiting": make_awaiting,
    "contracts.active": make_active,
    "contracts.ended": make_ended,
}


def of(key: str, **extra: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    """URL kwargs of a contract (and of its parts, each computed from the world)."""
    def kwargs(w: World) -> dict[str, Any]:
        contract = w.memo(key)
        return {"number": w.eksempelvik.number, "pk": contract.pk,
                **{name: part(w) for name, part in extra.items()}}
    return kwargs


def party_pk(key: str, municipality: bool = False) -> Callable[[World], int]:
    def pk(w: World) -> int:
        actor = None if municipality else w.memo("contracts.frivillig")
        return ContractParty.objects.get(contract=w.memo(key), actor=actor).pk
    return pk


def contribution_pk(key: str) -> Callable[[World], int]:
    return lambda w: Contribution.objects.get(contract=w.memo(key), what="Turvenner").pk


# Effects ---------------------------------------------------------------------------------------

def contracts_of(w: World) -> Any:
    return sorted(CommunityContract.objects.filter(municipality=w.eksempelvik)
                  .values_list("pk", "title", "status"))


def contract_row(key: str) -> Callable[[World], Any]:
    return lambda w: CommunityContract.objects.values_list(
        "title", "purpose", "status", "ended_at").get(pk=w.memo(key).pk)


def contract_state(key: str) -> Callable[[World], Any]:
    """Everything a write could change: the text, parties, contributions, versions."""
    def state(w: World) -> Any:
        contract = w.memo(key)
        return (contract_row(key)(w),
                sorted(contract.parties.values_list("pk", "actor", "left_at")),
                sorted(contract.contributions.values_list("pk", "party", "what", "status")),
                sorted(contract.versions.values_list("number", "content")))
    return state


def acceptances_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Acceptance.objects.filter(version__contract=w.memo(key))
                            .values_list("party", "version", "accepted_by"))


def party_row(key: str) -> Callable[[World], Any]:
    return lambda w: ContractParty.objects.values_list("left_at", "left_reason").get(
        pk=party_pk(key)(w))


def contribution_row(key: str) -> Callable[[World], Any]:
    return lambda w: Contribution.objects.values_list(
        "status", "status_note", "status_changed_by").get(pk=contribution_pk(key)(w))


# Posted data -------------------------------------------------------------------------------------

def contract_form(title: str) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        return {**TERMS, "title": title, "starts_on": "2025-01-01", "ends_on": "2026-12-31",
                "actors": [w.memo("contracts.frivillig").pk, w.memo("contracts.idrett").pk]}
    return data


def contributions_form(key: str) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        contract = w.memo(key)
        item = contract.contributions.get()
        return {
            "contributions-TOTAL_FORMS": "2", "contributions-INITIAL_FORMS": "1",
            "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "1000",
            "contributions-0-id": item.pk, "contributions-0-party": item.party_id,
            "contributions-0-what": item.what, "contributions-0-due_on": "2025-06-01",
            "contributions-1-party": party_pk(key)(w), "contributions-1-what": "Kaffe",
        }
    return data


ENTRIES: dict[str, Entry] = {
    "contracts:list": Entry(town, get=Check(PUBLIC)),
    "contracts:new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=contract_form("Ny kontrakt"), effect=contracts_of),
    ),
    "contracts:detail": Entry(of("contracts.draft"), get=Check(DRAFT_READERS)),
    "contracts:detail#awaiting": Entry(of("contracts.awaiting"), get=Check(AWAITING_READERS)),
    "contracts:detail#active": Entry(of("contracts.active"), get=Check(PUBLIC)),
    "contracts:edit": Entry(
        of("contracts.draft"), get=Check(STAFF),
        post=Check(STAFF, data=contract_form("Nytt navn"),
                   effect=contract_state("contracts.draft")),
    ),
    "contracts:edit#ended": Entry(
        of("contracts.ended"), get=Check(redirected(STAFF)),
        post=Check(redirected(STAFF), data=contract_form("Nytt navn"),
                   effect=contract_state("contracts.ended"), frozen=True),
    ),
    "contracts:contributions": Entry(
        of("contracts.draft"), get=Check(STAFF),
        post=Check(STAFF, data=contributions_form("contracts.draft"),
                   effect=contract_state("contracts.draft")),
    ),
    "contracts:contribution_status": Entry(
        of("contracts.active", contribution=contribution_pk("contracts.active")),
        get=Check(FOLLOW_UP),
        post=Check(FOLLOW_UP, data=lambda w: {"status": "delivered", "note": "Levert."},
                   effect=contribution_row("contracts.active")),
    ),
    "contracts:send": Entry(
        of("contracts.draft"),
        post=Check(STAFF, effect=contract_row("contracts.draft")),
    ),
    "contracts:end": Entry(
        of("contracts.active"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"reason": "Perioden er over."},
                   effect=contract_row("contracts.active")),
    ),
    # The POST of Frida's acceptance is not here: the CSRF test of the matrix tries an action
    # as one of mira, ada, per, cem or sam, and only Frida may do this one. The refusals of
    # everyone else are in samskap/contracts/tests/test_views.py
    # (test_no_one_but_frida_accepts_for_the_volunteer_centre).
    "contracts:accept#actor": Entry(
        of("contracts.awaiting", party=party_pk("contracts.awaiting")),
        get=Check(FRIDA_ACCEPTS),
        post=Check(FRIDA_ACCEPTS, data=lambda w: {"version": "1", "confirm": "on"},
                   effect=acceptances_of("contracts.awaiting")),
    ),
    "contracts:accept": Entry(
        of("contracts.awaiting", party=party_pk("contracts.awaiting", municipality=True)),
        get=Check(MUNICIPALITY_ACCEPTS),
        post=Check(MUNICIPALITY_ACCEPTS, data=lambda w: {"version": "1", "confirm": "on"},
                   effect=acceptances_of("contracts.awaiting")),
    ),
    "contracts:leave": Entry(
        of("contracts.awaiting", party=party_pk("contracts.awaiting")),
        get=Check(LEAVERS),
        post=Check(LEAVERS, data=lambda w: {"reason": "Styret vedtok å tre ut."},
                   effect=party_row("contracts.awaiting")),
    ),
    "contracts:version": Entry(of("contracts.draft", version=lambda w: 1),
                               get=Check(DRAFT_READERS)),
    "contracts:version#active": Entry(of("contracts.active", version=lambda w: 1),
                                      get=Check(PUBLIC)),
    "contracts:export": Entry(of("contracts.active", fmt=lambda w: "docx"), get=Check(PUBLIC)),
    "contracts:export#draft": Entry(of("contracts.draft", fmt=lambda w: "docx"),
                                    get=Check(DRAFT_READERS)),
}

