"""Community contracts (samfunnskontrakter): parties, their contributions, versions and
acceptances.

The contract's working content lives on :class:`CommunityContract`, its parties and their
contributions; each :class:`ContractVersion` holds a frozen copy of that content. A party
accepts a version, never "the contract": once anyone has accepted the current version, a change
of the content makes a new version that every party must accept again (see ``actions.py``).
A contribution's follow-up status is not content: updating it makes no new version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.actors.models import Actor
from samskap.municipalities.models import Municipality


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING = "awaiting", _("Awaiting acceptance")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


#: States anyone may read (see ``samskap.view_contract``): the municipality's agreements are
#: public once they bind it, as its other decisions are.
PUBLIC_STATES = (Status.ACTIVE, Status.ENDED)


class ContractQuerySet(models.QuerySet["CommunityContract"]):
    def of(self, municipality: Municipality) -> ContractQuerySet:
        return self.filter(municipality=municipality)

    def public(self) -> ContractQuerySet:
        return self.filter(status__in=PUBLIC_STATES)

    def visible_to(self, user: Any, municipality: Municipality) -> ContractQuerySet:
        """What ``user`` may read in ``municipality`` (the same rule as view_contract)."""
        contracts = self.of(municipality)
        if user.has_perm("samskap.view_internal", municipality):
            return contracts
        public = Q(status__in=PUBLIC_STATES)
        if not user.is_authenticated or user.role_in(municipality) is None:
            return contracts.filter(public)
        party_of = Q(parties__actor__representatives=user) & ~Q(status=Status.DRAFT)
        return contracts.filter(public | party_of).distinct()


class CommunityContract(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="contracts", verbose_name=_("municipality"))
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("shared goal"), help_text=_(
        "What the parties want to achieve together, in plain language."))
    # What the contract serves, in words for now. Goals and measures come with later steps of
    # the cycle; a nullable foreign key to them can sit beside this field without a rewrite.
    serves = models.TextField(_("what it serves"), blank=True, help_text=_(
        "The goal, priority or measure the contract serves."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    follow_up = models.TextField(_("how results are followed up"))
    leaving_clause = models.TextField(_("how a party leaves"))
    municipality_contribution = models.TextField(
        _("the municipality's contribution"), blank=True, help_text=_(
            "What the municipality brings in general, besides the contributions listed below."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    #: When every party had accepted a version for the first time: from then on the
    #: contributions are due (see ContributionQuerySet.overdue).
    activated_at = models.DateTimeField(_("first active"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title", "id"]
        verbose_name = _("community contract")
        verbose_name_plural = _("community contracts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")),
                                   name="contract_ends_after_it_starts"),
            models.CheckConstraint(condition=(Q(status="ended") & Q(ended_at__isnull=False))
                                   | (~Q(status="ended") & Q(ended_at__isnull=True)),
                                   name="contract_ended_has_a_time"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail",
                       kwargs={"number": self.municipality.number, "pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATES

    @property
    def is_frozen(self) -> bool:
        """An ended contract is a record: nothing about it changes any more."""
        return self.status == Status.ENDED

    def current_version(self) -> ContractVersion:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]

    def active_parties(self) -> models.QuerySet[ContractParty]:
        return self.parties.filter(left_at__isnull=True)


class ContractParty(models.Model):
    """An actor bound by the contract, or (``actor`` empty) the municipality itself."""

    contract = models.ForeignKey(CommunityContract, on_delete=models.CASCADE,
                                 related_name="parties", verbose_name=_("contract"))
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="contract_parties", verbose_name=_("actor"))
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    left_reason = models.TextField(_("why the party left"), blank=True)
    left_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+",
                                         verbose_name=_("recorded by"))

    class Meta:
        ordering = ["contract", "actor__name", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["contract", "actor"],
                                    condition=Q(actor__isnull=False),
                                    name="contract_party_actor_once"),
            models.UniqueConstraint(fields=["contract"], condition=Q(actor__isnull=True),
                                    name="contract_one_municipality_party"),
            models.CheckConstraint(condition=Q(left_at__isnull=True) | ~Q(left_reason=""),
                                   name="contract_party_leaves_with_a_reason"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.actor is None:
            return str(self.contract.municipality.name)
        return self.actor.name

    @property
    def municipality(self) -> Municipality:
        """The tenant (for the permission rules)."""
        return self.contract.municipality

    @property
    def is_municipality(self) -> bool:
        return self.actor_id is None

    @property
    def has_left(self) -> bool:
        return self.left_at is not None


class ContractVersion(models.Model):
    """The content as it was put to the parties: kept, and readable, for ever."""

    contract = models.ForeignKey(CommunityContract, on_delete=models.CASCADE,
                                 related_name="versions", verbose_name=_("contract"))
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_version_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="contract_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.number}"


class ContributionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    LATE = "late", _("Late")
    CANCELLED = "cancelled", _("Cancelled")


#: Contributions still owed: past their due date, these are overdue.
OPEN_STATUSES = (ContributionStatus.PLANNED, ContributionStatus.LATE)


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def overdue(self, today: dt.date | None = None) -> ContributionQuerySet:
        """Past due, neither delivered nor cancelled, in a contract that has been agreed
        (active, or awaiting acceptance of a changed version) and has not ended."""
        today = today or timezone.localdate()
        return self.filter(
            due_on__lt=today, status__in=OPEN_STATUSES,
            contract__status__in=(Status.ACTIVE, Status.AWAITING),
            contract__activated_at__isnull=False,
        )


class Contribution(models.Model):
    """What one party brings: what, how much, when; followed up with a status."""

    contract = models.ForeignKey(CommunityContract, on_delete=models.CASCADE,
                                 related_name="contributions", verbose_name=_("contract"))
    party = models.ForeignKey(ContractParty, on_delete=models.CASCADE,
                              related_name="contributions", verbose_name=_("party"))
    what = models.CharField(_("what"), max_length=300)
    amount = models.CharField(_("how much"), max_length=200, blank=True)
    due_on = models.DateField(_("when (due date)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ContributionStatus.choices,
                              default=ContributionStatus.PLANNED)
    status_note = models.TextField(_("note on the status"), blank=True)
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("status changed by"))
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "due_on", "id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="contribution_says_what"),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def municipality(self) -> Municipality:
        return self.contract.municipality

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        contract = self.contract
        return bool(self.due_on is not None and self.due_on < today
                    and self.status in OPEN_STATUSES
                    and contract.status in (Status.ACTIVE, Status.AWAITING)
                    and contract.activated_at is not None)


class Acceptance(models.Model):
    """A party's acceptance of one version, by the person who speaks for it."""

    version = models.ForeignKey(ContractVersion, on_delete=models.CASCADE,
                                related_name="acceptances", verbose_name=_("version"))
    party = models.ForeignKey(ContractParty, on_delete=models.CASCADE,
                              related_name="acceptances", verbose_name=_("party"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        ordering = ["version", "accepted_at", "id"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.UniqueConstraint(fields=["version", "party"],
                                    name="acceptance_once_per_party_and_version"),
        ]

    def __str__(self) -> str:
        return f"{self.party} – v{self.version.number}"
