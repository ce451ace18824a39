"""Acceptance, versioning, leaving and follow-up of community contracts: every path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samskap.audit.models import AuditEntry
from samskap.contracts import actions
from samskap.contracts.models import (
    Acceptance,
    CommunityContract,
    ContractVersion,
    Contribution,
    ContributionStatus,
    Status,
)
from samskap.contracts.tests.conftest import TERMS, accept_all, party_of
from samskap.testing.factories import ActorFactory

pytestmark = pytest.mark.django_db


def fresh(contract: CommunityContract) -> CommunityContract:
    return CommunityContract.objects.get(pk=contract.pk)


# Drafting ------------------------------------------------------------------------------------

def test_a_new_contract_is_a_draft_with_the_municipality_as_a_party_and_one_version(contract):
    assert contract.status == Status.DRAFT
    names = sorted(p.name for p in contract.parties.all())
    assert names == ["Eksempelvik", "Eksempelvik frivilligsentral", "Nordbyen idrettslag"]
    assert list(contract.versions.values_list("number", flat=True)) == [1]
    content = contract.current_version().content
    assert content["title"] == "Aktive eldre i Nordbyen"
    assert {c["what"] for c in content["contributions"]} == {
        "Turvenner", "Trimgruppe i hallen", "Leie av lokaler"}
    assert AuditEntry.objects.filter(action="contracts.create", actor__email__startswith="mira")


def test_editing_a_draft_changes_version_1_in_place(contract, mira, frivilligsentral,
                                                    idrettslag):
    actions.change_contract(contract, mira, data={**TERMS, "title": "Aktive eldre"},
                            actors=[frivilligsentral, idrettslag])

    assert list(contract.versions.values_list("number", flat=True)) == [1]
    assert contract.current_version().content["title"] == "Aktive eldre"


def test_saving_without_a_change_makes_no_version_and_no_log(sent, mira, frivilligsentral,
                                                           idrettslag, frida):
    actions.accept(party_of(sent, frivilligsentral), frida, version_number=1)
    entries = AuditEntry.objects.count()

    result = actions.change_contract(sent, mira, data=TERMS,
                                     actors=[frivilligsentral, idrettslag])

    assert result is None
    assert sent.versions.count() == 1
    assert AuditEntry.objects.count() == entries


def test_a_party_must_be_an_actor_of_the_same_municipality(contract, mira, nabovik):
    stranger = ActorFactory(municipality=nabovik, name="Naboens lag")

    with pytest.raises(ValidationError):
        actions.change_contract(contract, mira, data=TERMS, actors=[stranger])
    assert not contract.parties.filter(actor=stranger).exists()


def test_a_contract_ends_no_earlier_than_it_starts(eksempelvik, mira):
    with pytest.raises(ValidationError):
        actions.create_contract(eksempelvik, mira, data={
            **TERMS, "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2025, 1, 1)})
    assert not CommunityContract.objects.exists()


def test_sending_needs_an_actor_besides_the_municipality(eksempelvik, mira):
    alone = actions.create_contract(eksempelvik, mira, data=TERMS)

    with pytest.raises(actions.ContractRuleError):
        actions.send_for_acceptance(alone, mira)
    assert fresh(alone).status == Status.DRAFT


def test_a_draft_cannot_be_accepted(contract, frida, frivilligsentral):
    with pytest.raises(actions.ContractRuleError):
        actions.accept(party_of(contract, frivilligsentral), frida, version_number=1)


# Acceptance ----------------------------------------------------------------------------------

def test_the_contract_is_active_only_when_every_party_has_accepted(sent, mira, frida, ivar,
                                                                   frivilligsentral,
                                                                   idrettslag):
    assert sent.status == Status.AWAITING
    actions.accept(party_of(sent, frivilligsentral), frida, version_number=1)
    actions.accept(party_of(sent, None), mira, version_number=1)
    assert fresh(sent).status == Status.AWAITING

    actions.accept(party_of(sent, idrettslag), ivar, version_number=1)

    contract = fresh(sent)
    assert contract.status == Status.ACTIVE
    assert contract.activated_at is not None
    acceptance = Acceptance.objects.get(party__actor=idrettslag)
    assert (acceptance.accepted_by, acceptance.version.number) == (ivar, 1)
    assert AuditEntry.objects.filter(action="contracts.accept").count() == 3


def test_only_a_representative_accepts_for_an_actor(sent, frivilligsentral, mira, per, ada,
                                                    ivar, cem, sam, siri):
    party = party_of(sent, frivilligsentral)
    for someone in (mira, per, ada, ivar, cem, sam, siri):
        with pytest.raises(PermissionDenied):
            actions.accept(party, someone, version_number=1)
    assert not Acceptance.objects.exists()


def test_a_representative_who_left_the_municipality_speaks_for_no_one(sent, frivilligsentral,
                                                                     frida):
    frida.memberships.all().delete()

    with pytest.raises(PermissionDenied):
        actions.accept(party_of(sent, frivilligsentral), frida, version_number=1)


def test_the_municipality_accepts_through_its_coordinator_or_administrator(sent, mira, ada,
                                                                          per, frida, sam):
    party = party_of(sent, None)
    for someone in (per, frida, sam):
        with pytest.raises(PermissionDenied):
            actions.accept(party, someone, version_number=1)

    actions.accept(party, ada, version_number=1)

    assert Acceptance.objects.get(party=party).accepted_by == ada


def test_a_party_accepts_a_version_once(sent, frida, frivilligsentral):
    party = party_of(sent, frivilligsentral)
    actions.accept(party, frida, version_number=1)

    with pytest.raises(actions.ContractRuleError):
        actions.accept(party, frida, version_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(version=sent.current_version(), party=party, accepted_by=frida)
    assert Acceptance.objects.count() == 1


def test_accepting_a_version_that_has_been_replaced_is_refused(sent, mira, frida, ivar,
                                                               frivilligsentral, idrettslag):
    actions.accept(party_of(sent, idrettslag), ivar, version_number=1)
    actions.change_contract(sent, mira, data={**TERMS, "ends_on": dt.date(2027, 6, 30)},
                            actors=[frivilligsentral, idrettslag])

    with pytest.raises(actions.ContractRuleError, match="version 2"):
        actions.accept(party_of(sent, frivilligsentral), frida, version_number=1)
    assert not Acceptance.objects.filter(party__actor=frivilligsentral).exists()


# Versions ------------------------------------------------------------------------------------

def test_a_change_after_acceptance_is_a_new_version_that_all_must_accept_again(
        active, mira, frida, ivar, frivilligsentral, idrettslag):
    assert active.status == Status.ACTIVE

    version = actions.change_contract(
        active, mira, data={**TERMS, "purpose": "Flere eldre er aktive hver uke."},
        actors=[frivilligsentral, idrettslag])

    assert version is not None and version.number == 2
    contract = fresh(active)
    assert contract.status == Status.AWAITING
    first = ContractVersion.objects.get(contract=contract, number=1)
    assert first.content["purpose"] == TERMS["purpose"]  # kept as it was accepted
    assert first.acceptances.count() == 3
    assert not version.acceptances.exists()

    accept_all(contract, {None: mira, "Eksempelvik frivilligsentral": frida,
                          "Nordbyen idrettslag": ivar})

    assert fresh(contract).status == Status.ACTIVE
    assert version.acceptances.count() == 3


def test_a_change_is_logged_in_words(active, mira, frivilligsentral, idrettslag):
    actions.change_contract(active, mira, data={**TERMS, "purpose": "Flere eldre er aktive."},
                            actors=[frivilligsentral, idrettslag])

    entry = AuditEntry.objects.get(action="contracts.change")
    assert entry.after["version"] == 2
    assert "Eksempelvik frivilligsentral" in entry.after["parties"]
    assert any("Turvenner" in line for line in entry.after["contributions"])
    assert [label for label, _before, _after in entry.changes()] == [
        "shared goal", "status", "version"]


def test_a_second_change_before_anyone_accepts_stays_in_the_new_version(
        active, mira, frivilligsentral, idrettslag):
    actions.change_contract(active, mira, data={**TERMS, "title": "To"},
                            actors=[frivilligsentral, idrettslag])
    actions.change_contract(active, mira, data={**TERMS, "title": "Tre"},
                            actors=[frivilligsentral, idrettslag])

    assert list(active.versions.values_list("number", flat=True)) == [1, 2]
    assert active.current_version().content["title"] == "Tre"


def test_changing_contributions_after_acceptance_is_a_new_version(active, mira):
    item = active.contributions.get(what="Turvenner")
    item.amount = "15 frivillige"

    version = actions.save_contributions(active, mira, changed=[item])

    assert version is not None and version.number == 2
    assert fresh(active).status == Status.AWAITING
    amounts = {c["what"]: c["amount"] for c in version.content["contributions"]}
    assert amounts["Turvenner"] == "15 frivillige"


def test_adding_a_party_after_acceptance_needs_everyone_again(active, mira, eksempelvik,
                                                              frivilligsentral, idrettslag):
    naering = ActorFactory(municipality=eksempelvik, name="Eksempelvik næringsforening")

    actions.change_contract(active, mira, data=TERMS,
                            actors=[frivilligsentral, idrettslag, naering])

    contract = fresh(active)
    assert contract.status == Status.AWAITING
    assert contract.current_version().number == 2
    assert "Eksempelvik næringsforening" in {
        p["name"] for p in contract.current_version().content["parties"]}


def test_a_party_that_has_accepted_cannot_be_removed_only_leave(active, mira,
                                                                frivilligsentral):
    with pytest.raises(actions.ContractRuleError, match="Nordbyen idrettslag"):
        actions.change_contract(active, mira, data=TERMS, actors=[frivilligsentral])

    assert active.parties.filter(actor__name="Nordbyen idrettslag").exists()
    assert fresh(active).current_version().number == 1


def test_contribution_status_is_follow_up_not_content(active, frida):
    item = active.contributions.get(what="Turvenner")

    actions.update_contribution(item, frida, status=ContributionStatus.DELIVERED)

    contract = fresh(active)
    assert (contract.status, contract.current_version().number) == (Status.ACTIVE, 1)


# Leaving -------------------------------------------------------------------------------------

def test_a_party_leaves_by_the_clause_and_its_open_contributions_are_cancelled(
        sent, frida, mira, ivar, frivilligsentral, idrettslag):
    actions.accept(party_of(sent, None), mira, version_number=1)
    actions.accept(party_of(sent, frivilligsentral), frida, version_number=1)

    actions.leave(party_of(sent, idrettslag), ivar, reason="Hallen skal pusses opp.")

    party = party_of(sent, idrettslag)
    assert party.has_left and party.left_reason == "Hallen skal pusses opp."
    assert party.left_recorded_by == ivar
    assert party.contributions.get().status == ContributionStatus.CANCELLED
    # The others had accepted: without the sports club, everyone has.
    assert fresh(sent).status == Status.ACTIVE
    entry = AuditEntry.objects.get(action="contracts.leave")
    assert entry.reason == "Hallen skal pusses opp."
    assert entry.after["cancelled"] == ["Trimgruppe i hallen"]


def test_leaving_needs_a_reason_and_the_right_person(active, frivilligsentral, frida, ivar,
                                                    cem):
    party = party_of(active, frivilligsentral)
    with pytest.raises(ValidationError):
        actions.leave(party, frida, reason="  ")
    for someone in (ivar, cem):
        with pytest.raises(PermissionDenied):
            actions.leave(party, someone, reason="Vil ut.")
    assert not party_of(active, frivilligsentral).has_left


def test_staff_may_record_that_a_party_left(active, per, frivilligsentral):
    actions.leave(party_of(active, frivilligsentral), per, reason="Varslet per brev.")

    assert party_of(active, frivilligsentral).left_recorded_by == per


def test_the_municipality_does_not_leave_its_own_contract(active, mira):
    with pytest.raises(actions.ContractRuleError):
        actions.leave(party_of(active, None), mira, reason="Ingen penger.")


def test_when_the_last_actor_leaves_the_contract_ends(active, frida, ivar, frivilligsentral,
                                                      idrettslag):
    actions.leave(party_of(active, frivilligsentral), frida, reason="Nedlagt.")
    actions.leave(party_of(active, idrettslag), ivar, reason="Nedlagt.")

    contract = fresh(active)
    assert contract.status == Status.ENDED
    assert contract.ended_at is not None


def test_an_ended_contract_is_frozen(active, mira, frivilligsentral, idrettslag, frida):
    actions.end_contract(active, mira, reason="Perioden er over.")

    with pytest.raises(actions.ContractRuleError):
        actions.change_contract(active, mira, data={**TERMS, "title": "Nytt"},
                                actors=[frivilligsentral, idrettslag])
    with pytest.raises(actions.ContractRuleError):
        actions.leave(party_of(active, frivilligsentral), frida, reason="Ut.")
    assert fresh(active).title == TERMS["title"]


# Follow-up -----------------------------------------------------------------------------------

def test_the_responsible_partys_representative_updates_its_contribution(active, frida):
    item = active.contributions.get(what="Turvenner")

    actions.update_contribution(item, frida, status=ContributionStatus.LATE, note="Få meldte seg.")

    item.refresh_from_db()
    assert (item.status, item.status_note, item.status_changed_by) == (
        "late", "Få meldte seg.", frida)
    assert item.status_changed_at is not None
    entry = AuditEntry.objects.get(action="contracts.update_contribution")
    assert (entry.before["status"], entry.after["status"]) == ("planned", "late")


def test_no_one_else_updates_a_partys_contribution(active, ivar, cem, siri, mira):
    frivillig = active.contributions.get(what="Turvenner")
    municipal = active.contributions.get(what="Leie av lokaler")
    for someone, item in ((ivar, frivillig), (cem, frivillig), (siri, frivillig)):
        with pytest.raises(PermissionDenied):
            actions.update_contribution(item, someone, status=ContributionStatus.DELIVERED)
    assert not Contribution.objects.filter(status=ContributionStatus.DELIVERED).exists()
    # Staff follow up any contribution; the coordinator speaks for the municipality's own.
    actions.update_contribution(municipal, mira, status=ContributionStatus.DELIVERED)
    actions.update_contribution(frivillig, mira, status=ContributionStatus.DELIVERED)
    assert Contribution.objects.filter(status=ContributionStatus.DELIVERED).count() == 2


def test_a_partner_does_not_update_the_municipalitys_contribution(active, frida):
    with pytest.raises(PermissionDenied):
        actions.update_contribution(active.contributions.get(what="Leie av lokaler"), frida,
                                    status=ContributionStatus.DELIVERED)


def test_an_unknown_status_is_refused(active, frida):
    with pytest.raises(ValidationError):
        actions.update_contribution(active.contributions.get(what="Turvenner"), frida,
                                    status="done")


# Overdue -------------------------------------------------------------------------------------

def test_a_contribution_past_due_and_not_delivered_or_cancelled_is_overdue(active, frida, mira):
    today = timezone.localdate()
    items = {c.what: c for c in active.contributions.all()}
    Contribution.objects.filter(pk=items["Turvenner"].pk).update(
        due_on=today - dt.timedelta(days=1))
    Contribution.objects.filter(pk=items["Leie av lokaler"].pk).update(due_on=today)

    assert [c.what for c in Contribution.objects.overdue()] == ["Turvenner"]
    assert Contribution.objects.get(what="Turvenner").is_overdue()
    assert not Contribution.objects.get(what="Leie av lokaler").is_overdue()  # due today

    actions.update_contribution(items["Turvenner"], frida, status=ContributionStatus.LATE)
    assert Contribution.objects.overdue().count() == 1  # late is still owed
    actions.update_contribution(items["Turvenner"], frida, status=ContributionStatus.DELIVERED)
    assert not Contribution.objects.overdue().exists()


def test_a_cancelled_contribution_is_not_overdue(active, mira):
    item = active.contributions.get(what="Turvenner")
    Contribution.objects.filter(pk=item.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=5))

    actions.update_contribution(item, mira, status=ContributionStatus.CANCELLED)

    assert not Contribution.objects.overdue().exists()


def test_nothing_is_overdue_in_a_draft_nor_in_an_ended_contract(contract, mira):
    Contribution.objects.update(due_on=timezone.localdate() - dt.timedelta(days=5))
    assert not Contribution.objects.overdue().exists()  # never agreed

    contract.status, contract.activated_at = Status.ACTIVE, timezone.now()
    contract.save()
    assert Contribution.objects.overdue().count() == 3

    actions.end_contract(contract, mira, reason="Ferdig.")
    assert not Contribution.objects.overdue().exists()
