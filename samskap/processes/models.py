"""Co-creation processes: a first-class, transparent piece of co-creation in a cycle step.

A :class:`Process` belongs to a step of a cycle (its co-creation form), declares its type in the
report's typology (DESIGN.md, table 5.1) and its room for action (handlingsrom), invites actors
and resident groups, and moves through the states draft → open → analysing → concluded → closed.
Only processes past draft are public. Other apps depend on :class:`Process`, its
:class:`Process.State` names and :meth:`Process.get_absolute_url` (the public page).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samskap.actors.models import Actor, validate_groups
from samskap.municipalities.models import Municipality
from samskap.planning import steps
from samskap.planning.models import Cycle


class CoCreationType(models.TextChoices):
    """The four types of the co-creation typology (Pedersen-Ulrich 2016, report table 5.1)."""

    STEERED = "steered", _("Steered co-creation")
    RESPONSIBILISING = "responsibilising", _("Responsibilising co-creation")
    EQUAL = "equal", _("Equal co-creation")
    FACILITATING = "facilitating", _("Facilitating co-creation")


class AuthorityRole(models.TextChoices):
    """The two authority roles of the municipality the report's examples are sorted by."""

    SERVICE_DELIVERY = "service_delivery", _("Service delivery")
    COMMUNITY_DEVELOPMENT = "community_development", _("Community development")


class ProcessQuerySet(models.QuerySet["Process"]):
    def of(self, municipality: Municipality) -> ProcessQuerySet:
        return self.filter(municipality=municipality)

    def published(self) -> ProcessQuerySet:
        """Processes the public may see: every state but draft."""
        return self.exclude(state=Process.State.DRAFT)

    def running(self) -> ProcessQuerySet:
        """Published and not closed: the ones people can still take part in or follow."""
        return self.exclude(state__in=(Process.State.DRAFT, Process.State.CLOSED))


class Process(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        ANALYSING = "analysing", _("Analysing")
        CONCLUDED = "concluded", _("Concluded")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="processes", verbose_name=_("municipality"))
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="processes",
                              verbose_name=_("cycle"))
    step = models.PositiveSmallIntegerField(
        _("step"), validators=[MinValueValidator(steps.FIRST_STEP),
                               MaxValueValidator(steps.LAST_STEP)])
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose in plain language"), max_length=4000)
    authority_role = models.CharField(_("authority role"), max_length=30,
                                      choices=AuthorityRole.choices)
    cocreation_type = models.CharField(_("type of co-creation"), max_length=20,
                                       choices=CoCreationType.choices, blank=True)
    municipality_role = models.TextField(
        _("the municipality's role"), blank=True, max_length=2000,
        help_text=_("How the municipality takes part, in plain language. Left empty, the "
                    "role that belongs to the type is shown."))
    how_to_take_part = models.TextField(_("how to take part"), blank=True, max_length=4000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    actors = models.ManyToManyField(Actor, through="ProcessActor", related_name="processes",
                                    blank=True, verbose_name=_("invited actors"))
    groups = models.JSONField(_("invited resident groups"), default=list, blank=True,
                              validators=[validate_groups])
    local_knowledge = models.ManyToManyField(
        "knowledge.LocalKnowledge", blank=True, related_name="processes",
        verbose_name=_("local knowledge"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("co-creation process")
        verbose_name_plural = _("co-creation processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(step__gte=steps.FIRST_STEP) & Q(step__lte=steps.LAST_STEP),
                name="process_step_in_cycle"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="process_published_unless_draft"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page (404 for everyone but members while the process is a draft)."""
        return reverse("processes:public_detail",
                       kwargs={"number": self.municipality.number, "pk": self.pk})

    def clean(self) -> None:
        if self.cycle_id and self.municipality_id and \
                self.cycle.municipality_id != self.municipality_id:
            raise ValidationError({"cycle": _("The cycle belongs to another municipality.")})

    def get_staff_url(self) -> str:
        return reverse("processes:manage",
                       kwargs={"number": self.municipality.number, "pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def step_definition(self) -> steps.StepDefinition:
        return steps.definition(self.step)

    @property
    def cocreation_form(self) -> str:
        return str(self.step_definition.cocreation_form)


class ProcessActor(models.Model):
    """An actor invited to a process, with the part it plays."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        EXPERT = "expert", _("Contributes knowledge")
        AFFECTED = "affected", _("Affected party")
        DECISION_MAKER = "decision_maker", _("Decision maker")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="invitations",
                                verbose_name=_("process"))
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="invitations",
                              verbose_name=_("actor"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices,
                            default=Role.PARTICIPANT)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["actor__name", "id"]
        verbose_name = _("invited actor")
        verbose_name_plural = _("invited actors")
        constraints = [
            models.UniqueConstraint(fields=["process", "actor"], name="process_actor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class Phase(models.Model):
    """A phase of the process's timeline."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases",
                                verbose_name=_("process"))
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="phase_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The phase cannot end before it starts.")})


class RoomForAction(models.Model):
    """The room for action (handlingsrom) declared before a process opens.

    What is decided and what is open are :class:`RoomItem` rows, so how fixed a process is
    can be measured (samskap.processes.guard).
    """

    process = models.OneToOneField(Process, on_delete=models.CASCADE,
                                   related_name="room_for_action", verbose_name=_("process"))
    can_promise = models.TextField(_("what the municipality can promise"), max_length=2000)
    cannot_promise = models.TextField(_("what the municipality cannot promise"),
                                      max_length=2000)
    final_decision_by = models.CharField(_("who decides last"), max_length=200)
    final_decision_when = models.CharField(
        _("when the final decision is made"), max_length=200,
        help_text=_("A date or a meeting, for example “the municipal council in June 2027”."))
    equality = models.BooleanField(_("equal treatment and equality"), default=False)
    transparency = models.BooleanField(_("transparency"), default=False)
    statutory_duties = models.BooleanField(_("statutory duties"), default=False)
    health_equity = models.BooleanField(_("public interests such as health equity"),
                                        default=False)
    frame_notes = models.TextField(_("more about the principled frame"), blank=True,
                                   max_length=2000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("room for action")
        verbose_name_plural = _("rooms for action")

    def __str__(self) -> str:
        return str(self.process)


class RoomItem(models.Model):
    """One thing that is already decided (and by what), or one thing open for co-creation."""

    class Kind(models.TextChoices):
        DECIDED = "decided", _("Already decided")
        OPEN = "open", _("Open for co-creation")

    class DecidedBy(models.TextChoices):
        LAW = "law", _("Law or regulation")
        BUDGET = "budget", _("Budget frame")
        POLITICAL = "political", _("Political decision")
        ADMINISTRATIVE = "administrative", _("Administrative decision")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="room_items",
                                verbose_name=_("process"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    decided_by = models.CharField(_("decided by"), max_length=20, choices=DecidedBy.choices,
                                  blank=True)
    text = models.CharField(_("what"), max_length=500)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("room for action item")
        verbose_name_plural = _("room for action items")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="decided") & ~Q(decided_by=""))
                | (Q(kind="open") & Q(decided_by="")),
                name="room_item_decided_by_iff_decided"),
        ]

    def __str__(self) -> str:
        return self.text


class AdvisorDecision(models.Model):
    """One pass through the typology advisor: the answers, the advice and the choice made.

    The history is kept; the newest decision is the process's type.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE,
                                related_name="advisor_decisions", verbose_name=_("process"))
    answers = models.JSONField(_("answers"))
    recommended = models.CharField(_("recommended type"), max_length=20,
                                   choices=CoCreationType.choices, blank=True)
    chosen = models.CharField(_("chosen type"), max_length=20, choices=CoCreationType.choices)
    reason = models.TextField(_("reason for choosing another type"), blank=True,
                              max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("advisor decision")
        verbose_name_plural = _("advisor decisions")
        constraints = [
            # Choosing against the advice needs a written reason.
            models.CheckConstraint(
                condition=Q(chosen=models.F("recommended")) | ~Q(reason=""),
                name="advisor_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_chosen_display()}"

    @property
    def overridden(self) -> bool:
        return self.chosen != self.recommended


class StateChange(models.Model):
    """A change of a process's state, with a public note: the process's update feed."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE,
                                related_name="state_changes", verbose_name=_("process"))
    from_state = models.CharField(_("from"), max_length=10, choices=Process.State.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=Process.State.choices)
    note = models.TextField(_("note to the public"), blank=True, max_length=2000)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.process}: {self.from_state} → {self.to_state}"
