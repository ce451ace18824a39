"""Atomic, audited writes to community contracts, and their rules.

- A contract starts as a draft (version 1); staff change it freely, in place.
- Sent for acceptance, it waits until every party that has not left has accepted the current
  version; then it is active.
- Once anyone has accepted the current version, a change of the content makes a new version,
  which every party must accept again (the contract awaits acceptance until they have).
- A party leaves by the leaving clause: recorded with a reason; what it had not delivered is
  cancelled. When the last actor has left, the contract ends.
- A contribution's status is follow-up, not content: it makes no new version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.actors.models import Actor
from samskap.audit import log
from samskap.contracts.models import (
    OPEN_STATUSES,
    Acceptance,
    CommunityContract,
    ContractParty,
    ContractVersion,
    Contribution,
    ContributionStatus,
    Status,
)
from samskap.municipalities.models import Municipality

#: The fields of the contract that are content (a change after acceptance is a new version).
CONTENT_FIELDS = ("title", "purpose", "serves", "starts_on", "ends_on", "follow_up",
                  "leaving_clause", "municipality_contribution")


class ContractRuleError(Exception):
    """The contract's state does not allow this; the message says why, for people."""


def _require(user: Any, perm: str, obj: Any) -> None:
    # The rule itself, not user.has_perm: Django lets a superuser through every has_perm, but
    # a site administrator does not accept for an actor or for the municipality.
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied(perm)


def content_of(contract: CommunityContract) -> dict[str, Any]:
    """The content the parties accept, as JSON: text, parties and contributions."""
    data: dict[str, Any] = log.snapshot(contract, CONTENT_FIELDS)
    parties = sorted(contract.parties.filter(left_at__isnull=True).select_related("actor"),
                     key=lambda p: (not p.is_municipality, p.name.lower(), p.pk))
    data["parties"] = [{"id": p.pk, "name": p.name, "municipality": p.is_municipality}
                       for p in parties]
    ids = {p.pk for p in parties}
    names = {p.pk: p.name for p in parties}
    data["contributions"] = [
        {"id": c.pk, "party": c.party_id, "party_name": names[c.party_id], "what": c.what,
         "amount": c.amount, "due_on": c.due_on.isoformat() if c.due_on else None}
        for c in contract.contributions.order_by("due_on", "id") if c.party_id in ids
    ]
    return data


def loggable(content: dict[str, Any]) -> dict[str, Any]:
    """The content for the audit log, where people read it: parties and contributions as
    lines of text."""
    data = {k: v for k, v in content.items() if k not in ("parties", "contributions")}
    data["parties"] = [p["name"] for p in content.get("parties", [])]
    data["contributions"] = [
        " · ".join(part for part in (c["party_name"], c["what"], c["amount"], c["due_on"] or "")
                   if part) for c in content.get("contributions", [])]
    return data


def _locked(contract: CommunityContract) -> CommunityContract:
    """A fresh copy, locked for the rest of the transaction (acceptances race edits)."""
    return CommunityContract.objects.select_for_update().select_related("municipality").get(
        pk=contract.pk)


def _ensure_editable(contract: CommunityContract) -> None:
    if contract.is_frozen:
        raise ContractRuleError(_("The contract has ended; it can no longer be changed."))


def _refresh_status(contract: CommunityContract) -> None:
    """Active when every remaining party has accepted the current version; else awaiting."""
    if contract.status not in (Status.AWAITING, Status.ACTIVE):
        return
    version = contract.current_version()
    waiting = contract.active_parties().exclude(acceptances__version=version).exists()
    status = Status.AWAITING if waiting else Status.ACTIVE
    fields = []
    if status != contract.status:
        contract.status = status
        fields.append("status")
    if status == Status.ACTIVE and contract.activated_at is None:
        contract.activated_at = timezone.now()
        fields.append("activated_at")
    if fields:
        contract.save(update_fields=[*fields, "updated_at"])


def _change(contract: CommunityContract, user: Any, apply: Callable[[], None],
            action: str) -> ContractVersion | None:
    """Apply a change of content: in place while nobody has accepted the current version,
    otherwise as a new version. None when nothing changed."""
    before = content_of(contract)
    apply()
    after = content_of(contract)
    if before == after:
        return None
    version = contract.current_version()
    if version.acceptances.exists():
        version = ContractVersion.objects.create(contract=contract, number=version.number + 1,
                                                 content=after, created_by=user)
    else:
        version.content = after
        version.save(update_fields=["content"])
    _refresh_status(contract)
    log.record(actor=user, action=action, obj=contract, municipality=contract.municipality,
               before=loggable(before), after={**loggable(after), "version": version.number,
                                               "status": contract.status})
    return version


def _set_fields(contract: CommunityContract, data: Mapping[str, Any]) -> None:
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(contract, name, data[name])
    contract.full_clean(exclude=["municipality", "created_by"])


def _check_actors(municipality: Municipality, actors: Iterable[Actor]) -> list[Actor]:
    actors = list(actors)
    if any(actor.municipality_id != municipality.pk for actor in actors):
        raise ValidationError(_("Every party must be an actor of this municipality."))
    return actors


@transaction.atomic
def create_contract(municipality: Municipality, user: Any, *, data: Mapping[str, Any],
                    actors: Iterable[Actor] = ()) -> CommunityContract:
    """A draft between the municipality and ``actors``, with its first version."""
    actors = _check_actors(municipality, actors)
    contract = CommunityContract(municipality=municipality, created_by=user)
    _set_fields(contract, data)
    contract.save()
    ContractParty.objects.create(contract=contract, actor=None)
    ContractParty.objects.bulk_create(ContractParty(contract=contract, actor=actor)
                                      for actor in actors)
    content = content_of(contract)
    ContractVersion.objects.create(contract=contract, number=1, content=content,
                                   created_by=user)
    log.record(actor=user, action="contracts.create", obj=contract, municipality=municipality,
               after={**loggable(content), "version": 1, "status": contract.status})
    return contract


@transaction.atomic
def change_contract(contract: CommunityContract, user: Any, *, data: Mapping[str, Any],
                    actors: Iterable[Actor]) -> ContractVersion | None:
    """Change the text and the parties. Raises ContractRuleError for an ended contract or
    for removing a party that has accepted a version (it must leave instead)."""
    contract = _locked(contract)
    _ensure_editable(contract)
    chosen = {actor.pk: actor for actor in _check_actors(contract.municipality, actors)}

    def apply() -> None:
        _set_fields(contract, data)
        contract.save()
        for party in contract.parties.filter(actor__isnull=False).select_related("actor"):
            if party.actor_id in chosen:
                chosen.pop(party.actor_id)
                if party.has_left:
                    # Back in: it must accept the current content like everyone else.
                    party.left_at, party.left_reason, party.left_recorded_by = None, "", None
                    party.save(update_fields=["left_at", "left_reason", "left_recorded_by"])
            elif not party.has_left:
                if party.acceptances.exists():
                    raise ContractRuleError(_(
                        "%(name)s has accepted a version of the contract and cannot be "
                        "removed; it can leave the contract instead.") % {"name": party.name})
                party.delete()
        ContractParty.objects.bulk_create(ContractParty(contract=contract, actor=actor)
                                          for actor in chosen.values())

    return _change(contract, user, apply, "contracts.change")


@transaction.atomic
def save_contributions(contract: CommunityContract, user: Any, *,
                       changed: Iterable[Contribution],
                       deleted: Iterable[Contribution] = ()) -> ContractVersion | None:
    """Add, change and remove contributions (content: a new version after acceptance)."""
    contract = _locked(contract)
    _ensure_editable(contract)
    changed, deleted = list(changed), list(deleted)
    parties = set(contract.parties.values_list("pk", flat=True))
    for item in [*changed, *deleted]:
        if item.party_id not in parties or (item.pk and item.contract_id != contract.pk):
            raise ValidationError(_("The contribution belongs to another contract."))

    def apply() -> None:
        for item in deleted:
            item.delete()
        for item in changed:
            item.contract = contract
            item.full_clean()
            item.save()

    return _change(contract, user, apply, "contracts.change_contributions")


@transaction.atomic
def send_for_acceptance(contract: CommunityContract, user: Any) -> CommunityContract:
    contract = _locked(contract)
    if contract.status != Status.DRAFT:
        raise ContractRuleError(_("Only a draft can be sent for acceptance."))
    if not contract.parties.filter(actor__isnull=False).exists():
        raise ContractRuleError(_("Add at least one actor as a party before you send the "
                                  "contract for acceptance."))
    contract.status = Status.AWAITING
    contract.save(update_fields=["status", "updated_at"])
    log.record(actor=user, action="contracts.send", obj=contract,
               municipality=contract.municipality, before={"status": Status.DRAFT},
               after={"status": contract.status, "version": contract.current_version().number})
    return contract


@transaction.atomic
def accept(party: ContractParty, user: Any, *, version_number: int) -> Acceptance:
    """``user`` accepts the current version on behalf of ``party``.

    ``version_number`` is the version the person read: if the content changed meanwhile,
    nothing is accepted (ContractRuleError), so nobody accepts text they have not seen.
    """
    contract = _locked(party.contract)
    party = ContractParty.objects.select_related("actor", "contract__municipality").get(
        pk=party.pk)
    _require(user, "samskap.accept_contract", party)
    if contract.status not in (Status.AWAITING, Status.ACTIVE):
        raise ContractRuleError(_("This contract is not open for acceptance."))
    if party.has_left:
        raise ContractRuleError(_("%(name)s has left the contract.") % {"name": party.name})
    version = contract.current_version()
    if version.number != version_number:
        raise ContractRuleError(_(
            "The contract has changed since you read it. Read version %(number)s and accept "
            "that.") % {"number": version.number})
    if Acceptance.objects.filter(version=version, party=party).exists():
        raise ContractRuleError(_("%(name)s has already accepted version %(number)s.") % {
            "name": party.name, "number": version.number})
    acceptance = Acceptance.objects.create(version=version, party=party, accepted_by=user)
    before = contract.status
    _refresh_status(contract)
    log.record(actor=user, action="contracts.accept", obj=contract,
               municipality=contract.municipality, before={"status": before},
               after={"party": party.name, "version": version.number,
                      "status": contract.status})
    return acceptance


@transaction.atomic
def leave(party: ContractParty, user: Any, *, reason: str) -> ContractParty:
    """The party leaves the contract by its leaving clause; its open contributions are
    cancelled. When no actor is left, the contract ends."""
    contract = _locked(party.contract)
    party = ContractParty.objects.select_related("actor", "contract__municipality").get(
        pk=party.pk)
    _require(user, "samskap.leave_contract", party)
    if party.is_municipality:
        raise ContractRuleError(_("The municipality does not leave its own contract; end "
                                  "the contract instead."))
    if contract.status not in (Status.AWAITING, Status.ACTIVE):
        raise ContractRuleError(_("Only a contract that has been sent to the parties can be "
                                  "left."))
    if party.has_left:
        raise ContractRuleError(_("%(name)s has left the contract.") % {"name": party.name})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the party leaves.")})
    now = timezone.now()
    party.left_at, party.left_reason, party.left_recorded_by = now, reason.strip(), user
    party.save(update_fields=["left_at", "left_reason", "left_recorded_by"])
    open_items = dict(party.contributions.filter(status__in=OPEN_STATUSES)
                      .values_list("pk", "what"))
    cancelled = list(open_items.values())
    Contribution.objects.filter(pk__in=open_items).update(
        status=ContributionStatus.CANCELLED, status_changed_by=user, status_changed_at=now,
        status_note=_("Cancelled: the party left the contract."))
    if not contract.active_parties().filter(actor__isnull=False).exists():
        contract.status, contract.ended_at = Status.ENDED, now
        contract.end_reason = _("The last actor left the contract.")
        contract.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    else:
        _refresh_status(contract)
    log.record(actor=user, action="contracts.leave", obj=contract,
               municipality=contract.municipality, reason=party.left_reason,
               after={"party": party.name, "cancelled": cancelled, "status": contract.status})
    return party


@transaction.atomic
def update_contribution(contribution: Contribution, user: Any, *, status: str,
                        note: str = "") -> Contribution:
    """Follow-up by the responsible party (its representative) or staff."""
    contract = _locked(contribution.contract)
    contribution = Contribution.objects.select_related(
        "party__actor", "contract__municipality").get(pk=contribution.pk)
    _require(user, "samskap.update_contribution", contribution)
    if contract.status not in (Status.AWAITING, Status.ACTIVE):
        raise ContractRuleError(_("Contributions are followed up while the contract runs."))
    if status not in ContributionStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    before = {"status": contribution.status, "status_note": contribution.status_note}
    contribution.status, contribution.status_note = status, note.strip()
    contribution.status_changed_by, contribution.status_changed_at = user, timezone.now()
    contribution.save(update_fields=["status", "status_note", "status_changed_by",
                                     "status_changed_at"])
    log.record(actor=user, action="contracts.update_contribution", obj=contribution,
               municipality=contract.municipality, before=before,
               after={"status": status, "status_note": contribution.status_note,
                      "party": contribution.party.name})
    return contribution


@transaction.atomic
def end_contract(contract: CommunityContract, user: Any, *, reason: str) -> CommunityContract:
    """The contract has run its course (or is stopped): a record from now on."""
    contract = _locked(contract)
    _ensure_editable(contract)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the contract ends.")})
    before = contract.status
    contract.status, contract.ended_at = Status.ENDED, timezone.now()
    contract.end_reason = reason.strip()
    contract.save(update_fields=["status", "ended_at", "end_reason", "updated_at"])
    log.record(actor=user, action="contracts.end", obj=contract,
               municipality=contract.municipality, before={"status": before},
               after={"status": contract.status}, reason=contract.end_reason)
    return contract
