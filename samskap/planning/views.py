"""The cycle wheel and the step pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.audit.models import AuditEntry
from samskap.core.access import get_municipality, require
from samskap.municipalities.models import Municipality
from samskap.planning import actions, steps
from samskap.planning.forms import ConclusionForm, CycleForm, ReopenForm, StepForm
from samskap.planning.models import Cycle, CycleStep, StepConclusion


def _cycle(municipality: Municipality, pk: int) -> Cycle:
    return get_object_or_404(
        Cycle.objects.select_related("municipality").prefetch_related("steps__lead"),
        municipality=municipality, pk=pk,
    )


def _step(number: str, pk: int, step: int) -> tuple[Municipality, Cycle, CycleStep]:
    municipality = get_municipality(number)
    cycle = _cycle(municipality, pk)
    if not steps.FIRST_STEP <= step <= steps.LAST_STEP:
        raise Http404
    return municipality, cycle, cycle.step(step)


def _wheel_context(
    request: HttpRequest, municipality: Municipality, cycle: Cycle
) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "cycle": cycle,
        "can_manage": request.user.has_perm("samskap.manage_cycle", municipality),
        "can_edit": request.user.has_perm("samskap.edit_step", municipality),
    }


@require_GET
def cycle_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    return render(request, "planning/cycle_list.html", {
        "municipality": municipality,
        "cycles": Cycle.objects.for_municipality(municipality)
        .select_related("municipality").prefetch_related("steps"),
        "can_manage": request.user.has_perm("samskap.manage_cycle", municipality),
        "has_active": Cycle.objects.for_municipality(municipality).active().exists(),
    })


@require_GET
def cycle_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    cycle = _cycle(municipality, pk)
    return render(request, "planning/cycle_detail.html",
                  _wheel_context(request, municipality, cycle))


@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.manage_cycle", municipality)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = actions.start_cycle(municipality, form.cleaned_data["start_year"],
                                        request.user)
        except actions.CycleRuleError as error:
            form.add_error("start_year", str(error))
        else:
            messages.success(request, _("The cycle %(term)s has started.") % {"term": cycle.term})
            return redirect(cycle)
    return render(request, "planning/cycle_new.html", {"municipality": municipality,
                                                        "form": form})


@require_http_methods(["GET", "POST"])
def cycle_close(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.manage_cycle", municipality)
    cycle = _cycle(municipality, pk)
    if request.method == "POST":
        try:
            next_cycle = actions.close_cycle(cycle, request.user)
        except actions.CycleRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _(
                "The cycle %(term)s is closed. Its conclusions are starting points in the "
                "overview of %(next)s.") % {"term": cycle.term, "next": next_cycle.term})
            return redirect(next_cycle)
    conclusions = StepConclusion.objects.filter(step__cycle=cycle)
    return render(request, "planning/cycle_close.html", {
        "municipality": municipality, "cycle": cycle,
        "blockers": cycle.close_blockers(), "conclusions": conclusions,
    })


@require_GET
def step_detail(request: HttpRequest, number: str, pk: int, step: int) -> HttpResponse:
    municipality, cycle, cycle_step = _step(number, pk, step)
    context = _wheel_context(request, municipality, cycle)
    context.update({
        "step": cycle_step,
        "sections": steps.sections_for(cycle_step),
        "carried_over": cycle_step.carried_over_items.select_related(
            "source_cycle__municipality"),
        "conclusions": cycle_step.conclusions.all(),
        "conclusion_form": ConclusionForm() if cycle_step.number == steps.EVALUATION_STEP else None,
        "reopen_form": ReopenForm(),
        "history": (AuditEntry.objects.for_object(cycle_step).select_related("actor")[:20]
                    if request.user.has_perm("samskap.view_audit_log", municipality) else []),
    })
    return render(request, "planning/step_detail.html", context)


@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, number: str, pk: int, step: int) -> HttpResponse:
    municipality, cycle, cycle_step = _step(number, pk, step)
    require(request, "samskap.edit_step", municipality)
    initial = {"lead": cycle_step.lead, "deadline": cycle_step.deadline,
               "summary": cycle_step.summary}
    form = StepForm(request.POST or None, initial=initial, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_step(cycle_step, request.user, **form.cleaned_data)
        except actions.CycleRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The step was saved."))
            return redirect(cycle_step)
    return render(request, "planning/step_edit.html", {
        "municipality": municipality, "cycle": cycle, "step": cycle_step, "form": form,
    })


def _transition(request: HttpRequest, number: str, pk: int, step: int, verb: str) -> HttpResponse:
    municipality, cycle, cycle_step = _step(number, pk, step)
    require(request, "samskap.manage_cycle", municipality)
    reopen_form = ReopenForm(request.POST) if verb == "reopen" else None
    try:
        if verb == "start":
            actions.start_step(cycle_step, request.user)
            messages.success(request, _("The step has started."))
        elif verb == "advance":
            following = actions.advance(cycle_step, request.user)
            if following is None:
                messages.success(request, _("The step is done. All steps of the cycle are done."))
            else:
                messages.success(request, _("The step is done. Next: %(step)s.") % {
                    "step": following.definition.name})
        elif reopen_form is not None and reopen_form.is_valid():
            actions.reopen_step(cycle_step, request.user, reopen_form.cleaned_data["reason"])
            messages.success(request, _("The step was reopened."))
        else:
            context = _wheel_context(request, municipality, cycle)
            context.update({"step": cycle_step, "reopen_form": reopen_form})
            return render(request, "planning/step_reopen.html", context, status=400)
    except actions.CycleRuleError as error:
        messages.error(request, str(error))
    cycle = _cycle(municipality, pk)  # fresh state for the response
    if request.htmx:  # type: ignore[attr-defined]
        context = _wheel_context(request, municipality, cycle)
        return render(request, "planning/cycle_detail.html#wheel", context)
    if request.POST.get("return_to") == "cycle":
        return redirect(cycle)
    return redirect(cycle.step(step))


@require_POST
def step_start(request: HttpRequest, number: str, pk: int, step: int) -> HttpResponse:
    return _transition(request, number, pk, step, "start")


@require_POST
def step_advance(request: HttpRequest, number: str, pk: int, step: int) -> HttpResponse:
    return _transition(request, number, pk, step, "advance")


@require_http_methods(["GET", "POST"])
def step_reopen(request: HttpRequest, number: str, pk: int, step: int) -> HttpResponse:
    if request.method == "POST":
        return _transition(request, number, pk, step, "reopen")
    municipality, cycle, cycle_step = _step(number, pk, step)
    require(request, "samskap.manage_cycle", municipality)
    context = _wheel_context(request, municipality, cycle)
    context.update({"step": cycle_step, "reopen_form": ReopenForm()})
    return render(request, "planning/step_reopen.html", context)


@require_POST
def conclusion_add(request: HttpRequest, number: str, pk: int, step: int) -> HttpResponse:
    municipality, cycle, cycle_step = _step(number, pk, step)
    require(request, "samskap.edit_step", municipality)
    form = ConclusionForm(request.POST)
    if form.is_valid():
        try:
            actions.add_conclusion(cycle_step, request.user, **form.cleaned_data)
        except actions.CycleRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The conclusion was added."))
            return redirect(cycle_step.get_absolute_url() + "#conclusions")
    context = _wheel_context(request, municipality, cycle)
    context.update({"step": cycle_step, "form": form})
    return render(request, "planning/conclusion_form.html", context,
                  status=400 if form.errors else 200)


@require_POST
def conclusion_delete(request: HttpRequest, number: str, pk: int, step: int,
                      conclusion: int) -> HttpResponse:
    municipality, _closed, cycle_step = _step(number, pk, step)
    require(request, "samskap.edit_step", municipality)
    item = get_object_or_404(StepConclusion, pk=conclusion, step=cycle_step)
    try:
        actions.delete_conclusion(item, request.user)
    except actions.CycleRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conclusion was deleted."))
    return redirect(cycle_step.get_absolute_url() + "#conclusions")
