"""The community: actors, the settings of everyday life, the links between them, and the
dismissals of "who is missing" nudges."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.lib import orgnr
from samskap.municipalities.models import District, Municipality

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise


def validate_org_number(value: str) -> None:
    """A model validator over samskap.lib.orgnr: nine digits with a modulus 11 check digit."""
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (nine digits, modulus 11)."),
            code="invalid_org_number", params={"value": value})


class Kind(models.TextChoices):
    MUNICIPAL_UNIT = "municipal_unit", _("Municipal unit")
    STATE_BODY = "state_body", _("County or state body")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    SOCIAL_ENTREPRENEUR = "social_entrepreneur", _("Social entrepreneur")
    BUSINESS = "business", _("Business")
    SCHOOL = "school", _("School or kindergarten")
    RESEARCH = "research", _("Research institution")
    CITIZEN_GROUP = "citizen_group", _("Citizen group or network")
    FAITH_CULTURE = "faith_culture", _("Faith or cultural community")
    COUNCIL = "council", _("Political council")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    VOLUNTARY = "voluntary", _("Voluntary")
    PRIVATE = "private", _("Private")
    RESEARCH = "research", _("Research")
    CIVIL = "civil", _("Civil society")


#: The sector an actor of each kind belongs to unless one is chosen for it.
SECTOR_OF_KIND: dict[str, str] = {
    Kind.MUNICIPAL_UNIT: Sector.PUBLIC,
    Kind.STATE_BODY: Sector.PUBLIC,
    Kind.VOLUNTARY: Sector.VOLUNTARY,
    Kind.SOCIAL_ENTREPRENEUR: Sector.PRIVATE,
    Kind.BUSINESS: Sector.PRIVATE,
    Kind.SCHOOL: Sector.PUBLIC,
    Kind.RESEARCH: Sector.RESEARCH,
    Kind.CITIZEN_GROUP: Sector.CIVIL,
    Kind.FAITH_CULTURE: Sector.CIVIL,
    Kind.COUNCIL: Sector.PUBLIC,
}


class Group(models.TextChoices):
    """Resident groups an actor reaches or speaks for; a district is ``district:<id>``."""

    YOUTH = "youth", _("Youth")
    ELDERLY = "elderly", _("Elderly people")
    IMMIGRANTS = "immigrants", _("Immigrants")
    LOW_INCOME = "low_income", _("People with low income")
    DISABILITIES = "people_with_disabilities", _("People with disabilities")
    FAMILIES = "families_with_children", _("Families with children")
    WOMEN = "women", _("Women")


DISTRICT_GROUP = re.compile(r"district:(\d+)")


def validate_groups(value: object) -> None:
    """A list of group codes: the fixed groups or ``district:<id>``."""
    if not isinstance(value, list):
        raise ValidationError(_("Expected a list of group codes."), code="invalid_groups")
    for code in value:
        if not isinstance(code, str) or not (code in Group.values
                                             or DISTRICT_GROUP.fullmatch(code)):
            raise ValidationError(_("%(code)s is not a known resident group."),
                                  code="invalid_group", params={"code": code})


def score_field(verbose_name: StrOrPromise) -> models.PositiveSmallIntegerField:
    """A 1–5 assessment, empty when not assessed (the table also checks the range)."""
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])


SCORES = ("influence", "interest", "affected", "obstruction")


class ActorQuerySet(models.QuerySet["Actor"]):
    def of(self, municipality: Municipality) -> ActorQuerySet:
        return self.filter(municipality=municipality)


class Actor(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="actors", verbose_name=_("municipality"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Blank: the sector follows from the kind (SECTOR_OF_KIND); set it to override.
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True,
                                  validators=[validate_org_number])
    description = models.TextField(_("description"), blank=True)
    interests = models.TextField(_("interests (what's in it for us)"), blank=True)
    influence = score_field(_("influence (1–5)"))
    interest = score_field(_("interest in public health (1–5)"))
    affected = score_field(_("affected by the work (1–5)"))
    obstruction = score_field(_("obstruction capacity (1–5)"))
    groups_reached = models.JSONField(_("groups reached"), default=list, blank=True,
                                      validators=[validate_groups])
    # The people who speak for the actor in the platform (role partner, usually): they keep
    # its profile up to date and accept community contracts on its behalf.
    representatives = models.ManyToManyField(
        "accounts.User", blank=True, related_name="represented_actors",
        verbose_name=_("representatives"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "org_number"], condition=~Q(org_number=""),
                name="actor_org_number_unique_per_municipality",
                violation_error_code="duplicate_org_number",
                violation_error_message=_("The municipality already has an actor with this "
                                          "organisation number.")),
            *[models.CheckConstraint(
                condition=Q(**{f"{score}__isnull": True}) | Q(**{f"{score}__range": (1, 5)}),
                name=f"actor_{score}_1_to_5") for score in SCORES],
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", kwargs={"number": self.municipality.number,
                                                "pk": self.pk})

    def clean_fields(self, exclude: Any = None) -> None:
        # People type "974 760 673"; the register (and the unique constraint) has nine digits.
        if self.org_number:
            self.org_number = orgnr.normalise(self.org_number)
        super().clean_fields(exclude)

    @property
    def effective_sector(self) -> str:
        """The chosen sector, or the one that follows from the kind."""
        return self.sector or SECTOR_OF_KIND[self.kind]


class ActorResource(models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        PREMISES = "premises", _("Premises")
        VOLUNTEERS = "volunteers", _("Volunteers")
        MONEY = "money", _("Money")
        NETWORKS = "networks", _("Networks")
        REACH = "reach", _("Reach into a group")
        DECISION_POWER = "decision_power", _("Decision power")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="resources",
                              verbose_name=_("actor"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    amount = models.CharField(_("amount"), max_length=200, blank=True)

    class Meta:
        ordering = ["actor", "kind", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return f"{self.actor}: {self.get_kind_display()}"


class ContactPerson(models.Model):
    """Personal data: stored only with the person's consent and for a stated purpose."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="contacts",
                              verbose_name=_("actor"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    consent_given_at = models.DateTimeField(_("consent given at"))

    class Meta:
        ordering = ["actor", "name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(condition=Q(consent_given_at__isnull=False),
                                   name="contact_person_has_consent"),
            models.CheckConstraint(condition=~Q(purpose=""), name="contact_person_has_purpose"),
        ]

    def __str__(self) -> str:
        return self.name


class Setting(models.Model):
    """An arena of everyday life."""

    class Kind(models.TextChoices):
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        SCHOOL = "school", _("School")
        WORKPLACE = "workplace", _("Workplace")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        HOUSING_AREA = "housing_area", _("Housing area")
        SPORTS_CLUB = "sports_club", _("Sports club")
        LIBRARY = "library", _("Library")
        NURSING_HOME = "nursing_home", _("Nursing home")
        DIGITAL = "digital", _("Digital arena")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="settings", verbose_name=_("municipality"))
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="settings", verbose_name=_("district"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actors = models.ManyToManyField(Actor, through="ActorSettingLink", related_name="settings")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("setting")
        verbose_name_plural = _("settings")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:setting_detail", kwargs={"number": self.municipality.number,
                                                        "pk": self.pk})


class ActorSettingLink(models.Model):
    class Kind(models.TextChoices):
        PRESENT = "present", _("present in")
        RUNS = "runs", _("runs")
        REACHES = "reaches", _("reaches")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="setting_links",
                              verbose_name=_("actor"))
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="actor_links",
                                verbose_name=_("setting"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.PRESENT)

    class Meta:
        verbose_name = _("actor in a setting")
        verbose_name_plural = _("actors in settings")
        constraints = [
            models.UniqueConstraint(fields=["actor", "setting", "kind"],
                                    name="actor_setting_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} – {self.get_kind_display()} – {self.setting}"


class SettingLink(models.Model):
    """Two settings coordinate activities ("ripples in water"); undirected, stored a < b."""

    setting_a = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("setting"))
    setting_b = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("other setting"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("link between settings")
        verbose_name_plural = _("links between settings")
        constraints = [
            models.UniqueConstraint(fields=["setting_a", "setting_b"],
                                    name="setting_link_unique"),
            # One row per unordered pair: the action puts the smaller id first.
            models.CheckConstraint(condition=Q(setting_a__lt=models.F("setting_b")),
                                   name="setting_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.setting_a} – {self.setting_b}"


class NudgeDismissal(models.Model):
    """A "who is missing" nudge set aside, with the reason (samskap.analysis.nudges)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="nudge_dismissals",
                                     verbose_name=_("municipality"))
    code = models.CharField(_("rule"), max_length=50)
    subject = models.CharField(_("subject"), max_length=100)
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("dismissed by"))
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        ordering = ["-dismissed_at", "id"]
        verbose_name = _("dismissed nudge")
        verbose_name_plural = _("dismissed nudges")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code", "subject"],
                                    name="nudge_dismissal_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="nudge_dismissal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"
