"""Writes on cycles and steps. Each is atomic, enforces the cycle's rules and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit import log
from samskap.municipalities.models import Municipality
from samskap.planning import steps
from samskap.planning.models import (
    TERM_YEARS,
    CarriedOverItem,
    Cycle,
    CycleStep,
    StepConclusion,
)

STEP_FIELDS = ("status", "lead", "deadline", "summary", "started_at", "completed_at")


class CycleRuleError(Exception):
    """A request that breaks the cycle's rules; the message is shown to the user."""


def _lock_step(step: CycleStep) -> CycleStep:
    """Re-read the step and its cycle's steps under a row lock, so two clicks can't race."""
    list(CycleStep.objects.select_for_update().filter(cycle_id=step.cycle_id))
    return (
        CycleStep.objects.select_related("cycle__municipality")
        .prefetch_related("cycle__steps")
        .get(pk=step.pk)
    )


def _audit_step(actor: Any, action: str, step: CycleStep, before: dict[str, Any],
                reason: str = "") -> None:
    log.record(
        actor=actor, action=action, obj=step, municipality=step.cycle.municipality,
        before=before, after=log.snapshot(step, STEP_FIELDS), reason=reason,
    )


def validate_term(municipality: Municipality, start_year: int) -> None:
    """Raise CycleRuleError if a cycle from ``start_year`` overlaps another of the municipality."""
    end_year = start_year + TERM_YEARS - 1
    overlapping = Cycle.objects.for_municipality(municipality).filter(
        start_year__lte=end_year, end_year__gte=start_year
    )
    if overlapping.exists():
        raise CycleRuleError(
            _("The term %(start)s–%(end)s overlaps an existing cycle (%(other)s).")
            % {"start": start_year, "end": end_year, "other": overlapping.first().term}  # type: ignore[union-attr]
        )


@transaction.atomic
def start_cycle(municipality: Municipality, start_year: int, actor: Any,
                previous: Cycle | None = None) -> Cycle:
    """Create a cycle for a term with its five steps; the overview step starts at once."""
    if Cycle.objects.for_municipality(municipality).active().exists():
        raise CycleRuleError(
            _("The municipality already has an active cycle. Close it before starting another.")
        )
    validate_term(municipality, start_year)
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                municipality=municipality, start_year=start_year,
                end_year=start_year + TERM_YEARS - 1, previous=previous,
            )
    except IntegrityError as error:
        # Another request started a cycle at the same moment; the constraint kept one.
        raise CycleRuleError(_("A cycle was started by someone else just now.")) from error
    now = timezone.now()
    CycleStep.objects.bulk_create(
        CycleStep(
            cycle=cycle, number=definition.number,
            status=(CycleStep.Status.IN_PROGRESS if definition.number == steps.FIRST_STEP
                    else CycleStep.Status.NOT_STARTED),
            started_at=now if definition.number == steps.FIRST_STEP else None,
        )
        for definition in steps.STEPS
    )
    log.record(actor=actor, action="cycle.start", obj=cycle, municipality=municipality,
               after={"term": cycle.term, "status": cycle.status})
    return cycle


@transaction.atomic
def start_step(step: CycleStep, actor: Any) -> CycleStep:
    step = _lock_step(step)
    if not step.can_start():
        raise CycleRuleError(_("This step can start only when the step before it is done."))
    before = log.snapshot(step, STEP_FIELDS)
    step.status = CycleStep.Status.IN_PROGRESS
    step.started_at = timezone.now()
    step.save(update_fields=["status", "started_at"])
    _audit_step(actor, "step.start", step, before)
    return step


@transaction.atomic
def complete_step(step: CycleStep, actor: Any) -> CycleStep:
    step = _lock_step(step)
    if not step.can_complete():
        if step.status != CycleStep.Status.IN_PROGRESS:
            raise CycleRuleError(_("Only a step in progress can be marked as done."))
        raise CycleRuleError(_("The step before this one must be done first."))
    before = log.snapshot(step, STEP_FIELDS)
    step.status = CycleStep.Status.DONE
    step.completed_at = timezone.now()
    step.save(update_fields=["status", "completed_at"])
    _audit_step(actor, "step.complete", step, before)
    return step


@transaction.atomic
def advance(step: CycleStep, actor: Any) -> CycleStep | None:
    """Mark ``step`` done and start the next one if it has not started. Returns the next step."""
    step = complete_step(step, actor)
    following = step.next_step
    if following is not None and following.status == CycleStep.Status.NOT_STARTED:
        return start_step(following, actor)
    return following


@transaction.atomic
def reopen_step(step: CycleStep, actor: Any, reason: str) -> CycleStep:
    reason = reason.strip()
    if not reason:
        raise CycleRuleError(_("Say why the step is reopened."))
    step = _lock_step(step)
    if not step.can_reopen():
        raise CycleRuleError(_("Only a step that is done can be reopened."))
    before = log.snapshot(step, STEP_FIELDS)
    step.status = CycleStep.Status.IN_PROGRESS
    step.completed_at = None
    step.save(update_fields=["status", "completed_at"])
    _audit_step(actor, "step.reopen", step, before, reason=reason)
    return step


@transaction.atomic
def update_step(step: CycleStep, actor: Any, *, lead: Any, deadline: dt.date | None,
                summary: str) -> CycleStep:
    """Change a step's lead, deadline and summary."""
    step = _lock_step(step)
    if not step.cycle.is_active:
        raise CycleRuleError(_("A closed cycle cannot be changed."))
    before = log.snapshot(step, STEP_FIELDS)
    step.lead = lead
    step.deadline = deadline
    step.summary = summary
    step.save(update_fields=["lead", "deadline", "summary"])
    if before != log.snapshot(step, STEP_FIELDS):
        _audit_step(actor, "step.update", step, before)
    return step


@transaction.atomic
def add_conclusion(step: CycleStep, actor: Any, *, kind: str, title: str,
                   text: str = "") -> StepConclusion:
    if step.number != steps.EVALUATION_STEP:
        raise CycleRuleError(_("Conclusions belong to the evaluation step."))
    if not step.cycle.is_active:
        raise CycleRuleError(_("A closed cycle cannot be changed."))
    conclusion = StepConclusion.objects.create(
        step=step, kind=kind, title=title, text=text, created_by=actor
    )
    log.record(actor=actor, action="conclusion.add", obj=conclusion,
               municipality=step.cycle.municipality,
               after={"kind": kind, "title": title, "text": text})
    return conclusion


@transaction.atomic
def delete_conclusion(conclusion: StepConclusion, actor: Any) -> None:
    step = conclusion.step
    if not step.cycle.is_active:
        raise CycleRuleError(_("A closed cycle cannot be changed."))
    log.record(actor=actor, action="conclusion.delete", obj=conclusion,
               municipality=step.cycle.municipality,
               before={"kind": conclusion.kind, "title": conclusion.title,
                       "text": conclusion.text})
    conclusion.delete()


@transaction.atomic
def close_cycle(cycle: Cycle, actor: Any) -> Cycle:
    """Close ``cycle`` and carry its evaluation conclusions into the next cycle's overview.

    The next cycle (the following term) is started if it does not exist. Returns it.
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    blockers = cycle.close_blockers()
    if blockers:
        raise CycleRuleError(" ".join(blockers))
    cycle.status = Cycle.Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    cycle.save(update_fields=["status", "closed_at", "closed_by"])
    log.record(actor=actor, action="cycle.close", obj=cycle, municipality=cycle.municipality,
               before={"status": Cycle.Status.ACTIVE}, after={"status": cycle.status})

    next_cycle = Cycle.objects.filter(
        municipality=cycle.municipality, start_year=cycle.end_year + 1
    ).first()
    if next_cycle is None:
        next_cycle = start_cycle(cycle.municipality, cycle.end_year + 1, actor, previous=cycle)
    overview = next_cycle.steps.get(number=steps.FIRST_STEP)
    conclusions = StepConclusion.objects.filter(
        step__cycle=cycle, step__number=steps.EVALUATION_STEP
    )
    items = CarriedOverItem.objects.bulk_create(
        CarriedOverItem(
            step=overview, source_cycle=cycle, source_conclusion=conclusion,
            kind=conclusion.kind, title=conclusion.title, text=conclusion.text,
        )
        for conclusion in conclusions
    )
    log.record(actor=actor, action="cycle.carry_over", obj=next_cycle,
               municipality=cycle.municipality,
               after={"from": cycle.term, "items": [item.title for item in items]})
    return next_cycle
