"""The systematic public health cycle: one Cycle per municipal term, five CycleSteps."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from samskap.municipalities.models import Municipality
from samskap.planning import steps

TERM_YEARS = 4


class CycleQuerySet(models.QuerySet["Cycle"]):
    def active(self) -> CycleQuerySet:
        return self.filter(status=Cycle.Status.ACTIVE)

    def for_municipality(self, municipality: Municipality) -> CycleQuerySet:
        return self.filter(municipality=municipality)

    def current(self, municipality: Municipality) -> Cycle | None:
        """The municipality's active cycle, with its steps, or None."""
        return (
            self.for_municipality(municipality)
            .active()
            .select_related("municipality")
            .prefetch_related("steps__lead")
            .first()
        )


class Cycle(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="cycles",
        verbose_name=_("municipality"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2200)]
    )
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next",
        verbose_name=_("previous cycle"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("closed by"),
    )

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "start_year"], name="one_cycle_per_term_start"
            ),
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(status="active"),
                name="one_active_cycle_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(end_year=models.F("start_year") + TERM_YEARS - 1),
                name="cycle_spans_one_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.term}"

    def get_absolute_url(self) -> str:
        return reverse(
            "planning:cycle", kwargs={"number": self.municipality.number, "pk": self.pk}
        )

    @property
    def term(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @cached_property
    def ordered_steps(self) -> list[CycleStep]:
        return sorted(self.steps.all(), key=lambda step: step.number)

    def step(self, number: int) -> CycleStep:
        return self.ordered_steps[number - 1]

    @property
    def current_step(self) -> CycleStep | None:
        """The earliest step in progress; else the first not started; None when all done."""
        in_progress = [s for s in self.ordered_steps if s.status == CycleStep.Status.IN_PROGRESS]
        if in_progress:
            return in_progress[0]
        return next(
            (s for s in self.ordered_steps if s.status == CycleStep.Status.NOT_STARTED), None
        )

    @property
    def done_count(self) -> int:
        return sum(step.status == CycleStep.Status.DONE for step in self.ordered_steps)

    @property
    def all_steps_done(self) -> bool:
        return all(step.status == CycleStep.Status.DONE for step in self.ordered_steps)

    def close_blockers(self) -> list[str]:
        """Why this cycle cannot be closed yet (empty when it can)."""
        if not self.is_active:
            return [str(_("The cycle is already closed."))]
        blockers = []
        if self.step(steps.EVALUATION_STEP).status != CycleStep.Status.DONE:
            blockers.append(str(_("The evaluation step is not done.")))
        open_steps = [
            str(s.definition.short_name) for s in self.ordered_steps
            if s.status != CycleStep.Status.DONE and s.number != steps.EVALUATION_STEP
        ]
        if open_steps:
            blockers.append(
                str(_("These steps are not done: %(steps)s.")) % {"steps": ", ".join(open_steps)}
            )
        return blockers


class CycleStep(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="steps", verbose_name=_("cycle")
    )
    number = models.PositiveSmallIntegerField(_("step"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="led_steps", verbose_name=_("lead"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("cycle step")
        verbose_name_plural = _("cycle steps")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="one_step_per_number"),
            models.CheckConstraint(
                condition=Q(number__gte=steps.FIRST_STEP) & Q(number__lte=steps.LAST_STEP),
                name="step_number_in_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.definition.short_name} ({self.cycle.term})"

    def get_absolute_url(self) -> str:
        return reverse(
            "planning:step",
            kwargs={
                "number": self.cycle.municipality.number,
                "pk": self.cycle_id,
                "step": self.number,
            },
        )

    @property
    def definition(self) -> steps.StepDefinition:
        return steps.definition(self.number)

    @property
    def previous_step(self) -> CycleStep | None:
        return self.cycle.step(self.number - 1) if self.number > steps.FIRST_STEP else None

    @property
    def next_step(self) -> CycleStep | None:
        return self.cycle.step(self.number + 1) if self.number < steps.LAST_STEP else None

    def _previous_done(self) -> bool:
        # Every earlier step, not only the one before: a reopened step 1 must hold back
        # step 4 even when steps 2 and 3 are still marked done.
        earlier = self.cycle.ordered_steps[: self.number - 1]
        return all(step.status == self.Status.DONE for step in earlier)

    def can_start(self) -> bool:
        """A step starts only when every step before it is done (steps advance in order)."""
        return (
            self.cycle.is_active
            and self.status == self.Status.NOT_STARTED
            and self._previous_done()
        )

    def can_complete(self) -> bool:
        return (
            self.cycle.is_active
            and self.status == self.Status.IN_PROGRESS
            and self._previous_done()
        )

    def can_reopen(self) -> bool:
        return self.cycle.is_active and self.status == self.Status.DONE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.deadline and self.status != self.Status.DONE and self.deadline < today)


class StepConclusion(models.Model):
    """A conclusion of the evaluation step: what to continue, improve, stop or add."""

    class Kind(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        IMPROVE = "improve", _("Improve")
        STOP = "stop", _("Stop")
        ADD = "add", _("Add")

    step = models.ForeignKey(
        CycleStep, on_delete=models.CASCADE, related_name="conclusions", verbose_name=_("step")
    )
    kind = models.CharField(_("conclusion"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class CarriedOverItem(models.Model):
    """A starting point in a cycle's overview step, carried from the previous evaluation."""

    step = models.ForeignKey(
        CycleStep, on_delete=models.CASCADE, related_name="carried_over_items",
        verbose_name=_("step"),
    )
    source_cycle = models.ForeignKey(
        Cycle, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("from cycle"),
    )
    source_conclusion = models.OneToOneField(
        StepConclusion, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="carried_over_as",
    )
    kind = models.CharField(_("conclusion"), max_length=10, choices=StepConclusion.Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("carried-over item")
        verbose_name_plural = _("carried-over items")

    def __str__(self) -> str:
        return self.title

    @property
    def origin(self) -> str:
        if self.source_cycle is None:
            return str(_("an earlier cycle"))
        return str(_("Evaluation of the cycle %(term)s")) % {"term": self.source_cycle.term}
