"""Pages of co-creation processes: the public list and page and their feed, and the staff pages
(create and edit, the typology advisor, the room for action, invitations, phases, activities
and state changes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.core.access import get_municipality, require
from samskap.municipalities.models import Municipality
from samskap.processes import actions, guard, presentation, typology
from samskap.processes.activities import activities
from samskap.processes.forms import (
    ActivitiesForm,
    AdvisorForm,
    ChoiceForm,
    GroupsForm,
    InviteForm,
    PhaseForm,
    ProcessForm,
    RoomForm,
    StateForm,
)
from samskap.processes.models import (
    Phase,
    Process,
    ProcessActor,
    ProcessQuerySet,
    RoomForAction,
    RoomItem,
    StateChange,
)

HEARD_AND_DONE = "responses/includes/heard_and_done.html"
FEED_SIZE = 30
State = Process.State


def _processes(municipality: Municipality) -> ProcessQuerySet:
    return Process.objects.of(municipality).select_related("municipality", "cycle")


def _process(request: HttpRequest, municipality: Municipality, pk: int,
             perm: str = "samskap.manage_processes") -> Process:
    process = get_object_or_404(_processes(municipality), pk=pk)
    require(request, perm, process)
    return process


def _editable(request: HttpRequest, process: Process) -> bool:
    """A closed process is kept as it was: say so and change nothing."""
    if process.state == State.CLOSED:
        messages.error(request, _("The process is closed and can no longer be changed."))
        return False
    return True


def _room(process: Process) -> RoomForAction | None:
    return RoomForAction.objects.filter(process=process).first()


def _room_context(process: Process) -> dict[str, Any]:
    items = list(process.room_items.all())
    return {
        "room": _room(process),
        "decided_items": [i for i in items if i.kind == RoomItem.Kind.DECIDED],
        "open_items": [i for i in items if i.kind == RoomItem.Kind.OPEN],
    }


def _heard_and_done() -> str | None:
    try:
        get_template(HEARD_AND_DONE)
    except TemplateDoesNotExist:
        return None
    return HEARD_AND_DONE


# ---------------------------------------------------------------------------------------------
# Public pages
# ---------------------------------------------------------------------------------------------

@require_GET
def public_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    published = list(_processes(municipality).published().order_by("-published_at", "-pk"))
    return render(request, "processes/public_list.html", {
        "municipality": municipality,
        "running": [p for p in published if p.state in (State.OPEN, State.ANALYSING)],
        "finished": [p for p in published if p.state in (State.CONCLUDED, State.CLOSED)],
        "can_manage": request.user.has_perm("samskap.manage_processes", municipality),
    })


@require_GET
def public_detail(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = get_object_or_404(_processes(municipality), pk=pk)
    if not request.user.has_perm("samskap.view_process", process):
        raise Http404
    info = typology.TYPES.get(process.cocreation_type)
    return render(request, "processes/public_detail.html", {
        "municipality": municipality,
        "process": process,
        "info": info,
        **_room_context(process),
        "phases": process.phases.all(),
        "groups": presentation.group_labels(process),
        "invited": process.invitations.select_related("actor"),
        "activities": activities(process),
        "updates": process.state_changes.all()[:10],
        "heard_and_done": _heard_and_done(),
        "can_manage": request.user.has_perm("samskap.manage_processes", process),
    })


class ProcessFeed(Feed):  # type: ignore[type-arg]
    """An Atom feed of the municipality's process updates: publications and state changes."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, number: str) -> Municipality:  # type: ignore[override]
        return get_municipality(number)

    def title(self, municipality: Municipality) -> str:
        return _("Co-creation processes in %(name)s") % {"name": municipality.name}

    def link(self, municipality: Municipality) -> str:
        return reverse("processes:public_list", kwargs={"number": municipality.number})

    def subtitle(self, municipality: Municipality) -> str:
        return _("What happens in the municipality's co-creation processes.")

    def items(self, municipality: Municipality) -> QuerySet[StateChange]:
        return (StateChange.objects.filter(process__municipality=municipality)
                .exclude(process__state=State.DRAFT)
                .select_related("process__municipality")
                .order_by("-changed_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: StateChange) -> str:
        return _("%(title)s: %(state)s") % {"title": item.process.title,
                                              "state": item.get_to_state_display()}

    def item_description(self, item: StateChange) -> str:
        return item.note or str(item.process.purpose)

    def item_link(self, item: StateChange) -> str:
        return item.process.get_absolute_url()

    def item_guid(self, item: StateChange) -> str:
        return f"{item.process.get_absolute_url()}#update-{item.pk}"

    def item_pubdate(self, item: StateChange) -> Any:
        return item.changed_at

    def item_updateddate(self, item: StateChange) -> Any:
        return item.changed_at


# ---------------------------------------------------------------------------------------------
# Staff pages
# ---------------------------------------------------------------------------------------------

@require_GET
def manage_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_internal", municipality)
    processes = _processes(municipality).annotate(invited=Count("invitations"))
    return render(request, "processes/manage_list.html", {
        "municipality": municipality,
        "processes": processes,
        "can_manage": request.user.has_perm("samskap.manage_processes", municipality),
    })


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.manage_processes", municipality)
    form = ProcessForm(request.POST or None, municipality=municipality,
                       instance=Process(municipality=municipality))
    if request.method == "POST" and form.is_valid():
        process = actions.save_process(municipality=municipality, user=request.user,
                                       data=form.cleaned_data)
        messages.success(request, _("The process was created as a draft. Next, find its type "
                                    "with the advisor and declare the room for action."))
        return redirect(process.get_staff_url())
    return render(request, "processes/process_form.html", {
        "municipality": municipality, "form": form,
    })


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if not _editable(request, process):
        return redirect(process.get_staff_url())
    form = ProcessForm(request.POST or None, municipality=municipality, instance=process)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_process(municipality=municipality, user=request.user,
                                 data=form.cleaned_data, process=process)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The process was saved."))
            return redirect(process.get_staff_url())
    return render(request, "processes/process_form.html", {
        "municipality": municipality, "form": form, "process": process,
    })


@require_GET
def manage(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk, "samskap.view_internal")
    nudges = presentation.process_nudges(process)
    return render(request, "processes/manage.html", {
        "municipality": municipality,
        "process": process,
        "info": typology.TYPES.get(process.cocreation_type),
        "warnings": guard.check(guard.facts_for(process, nudges)),
        **_room_context(process),
        "decision": process.advisor_decisions.select_related("decided_by").first(),
        "invited": process.invitations.select_related("actor"),
        "groups": presentation.group_labels(process),
        "phases": process.phases.all(),
        "activities": activities(process),
        "transitions": [(state, State(state).label, actions.blockers(process, state))
                        for state in actions.TRANSITIONS[process.state]],
        "changes": process.state_changes.select_related("changed_by"),
        "can_manage": request.user.has_perm("samskap.manage_processes", process),
    })


def _advisor_step(request: HttpRequest) -> int:
    try:
        step = int(request.POST.get("step", 0))
    except ValueError:
        step = 0
    return min(max(step, 0), len(typology.ADVISOR_STEPS))


@require_http_methods(["GET", "POST"])
def advisor(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The guided advisor: three steps of questions, then the advice and the choice. The
    answers so far travel as hidden fields; every step is validated again on the way."""
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if not _editable(request, process):
        return redirect(process.get_staff_url())
    context: dict[str, Any] = {"municipality": municipality, "process": process,
                               "steps": typology.ADVISOR_STEPS,
                               "history": process.advisor_decisions.select_related(
                                   "decided_by")}
    last = len(typology.ADVISOR_STEPS) - 1
    if request.method == "GET":
        form = AdvisorForm(step=0)
        return render(request, "processes/advisor.html", {**context, "form": form, "step": 0})
    step = _advisor_step(request)
    if step <= last:
        form = AdvisorForm(request.POST, step=step)
        if not form.is_valid():
            # An earlier step's answers travel hidden; if one is broken, start over from it.
            broken = next((i for i, s in enumerate(typology.ADVISOR_STEPS)
                           if any(q.key in form.errors for q in s.questions)), step)
            if broken < step:
                form = AdvisorForm(request.POST, step=broken)
                form.is_valid()
                step = broken
            return render(request, "processes/advisor.html",
                          {**context, "form": form, "step": step})
        if step < last:
            answers = {k: form.cleaned_data[k] for k in form.cleaned_data}
            return render(request, "processes/advisor.html", {
                **context, "form": AdvisorForm(initial=answers, step=step + 1),
                "step": step + 1})
        answers = dict(form.cleaned_data)
        advice = typology.advise(answers)
        return _advice_page(request, context, answers, advice,
                            ChoiceForm(recommended=advice.recommended))
    # The choice: the answers again (hidden), the chosen type and a reason.
    answers_form = AdvisorForm(request.POST, step=len(typology.ADVISOR_STEPS))
    if not answers_form.is_valid():
        return render(request, "processes/advisor.html",
                      {**context, "form": AdvisorForm(step=0), "step": 0})
    answers = dict(answers_form.cleaned_data)
    advice = typology.advise(answers)
    choice = ChoiceForm(request.POST, recommended=advice.recommended)
    if choice.is_valid():
        try:
            actions.record_advice(process=process, user=request.user, answers=answers,
                                  chosen=choice.cleaned_data["chosen"],
                                  reason=choice.cleaned_data["reason"])
        except ValidationError as error:
            choice.add_error(None, error)
        else:
            messages.success(request, _("The type of co-creation was saved with the "
                                        "advisor's record."))
            return redirect(process.get_staff_url())
    return _advice_page(request, context, answers, advice, choice)


def _advice_page(request: HttpRequest, context: dict[str, Any], answers: dict[str, str],
                 advice: typology.Advice, choice: ChoiceForm) -> HttpResponse:
    hidden = AdvisorForm(initial=answers, step=len(typology.ADVISOR_STEPS))
    return render(request, "processes/advice.html", {
        **context, "advice": advice, "choice": choice, "hidden": hidden,
        "answers": [(typology.question_text(k), typology.answer_label(k, v))
                    for k, v in answers.items()],
        "types": list(typology.TYPES.values()),
        "final_step": len(typology.ADVISOR_STEPS),
    })


@require_http_methods(["GET", "POST"])
def room(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if not _editable(request, process):
        return redirect(process.get_staff_url())
    form = RoomForm(request.POST or None, initial=RoomForm.initial_for(process))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_room(process=process, user=request.user, data=form.room_data(),
                              items=form.items())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The room for action was saved."))
            return redirect(process.get_staff_url())
    return render(request, "processes/room_form.html", {
        "municipality": municipality, "process": process, "form": form,
        "threshold": int(guard.NEARLY_ALL_FIXED * 100),
    })


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Invite actors and resident groups, with the nudges about who is missing in view."""
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if request.method == "POST" and not _editable(request, process):
        return redirect(process.get_staff_url())
    form = InviteForm(request.POST or None, process=process)
    groups_form = GroupsForm(initial={"groups": process.groups},
                             choices=presentation.group_choices(municipality))
    if request.method == "POST" and form.is_valid():
        actions.invite_actor(process=process, user=request.user,
                             actor=form.cleaned_data["actor"], role=form.cleaned_data["role"],
                             notes=form.cleaned_data["notes"])
        messages.success(request, _("%(actor)s was invited.") % {
            "actor": form.cleaned_data["actor"].name})
        return redirect("processes:invite", number=number, pk=process.pk)
    return _invite_page(request, process, form, groups_form)


def _invite_page(request: HttpRequest, process: Process, form: InviteForm,
                 groups_form: GroupsForm) -> HttpResponse:
    return render(request, "processes/invite.html", {
        "municipality": process.municipality, "process": process, "form": form,
        "groups_form": groups_form,
        "invited": process.invitations.select_related("actor"),
        "nudges": presentation.process_nudges(process),
        "can_dismiss": request.user.has_perm("samskap.dismiss_nudges", process.municipality),
    })


@require_POST
def groups(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if not _editable(request, process):
        return redirect(process.get_staff_url())
    form = GroupsForm(request.POST, choices=presentation.group_choices(municipality))
    if not form.is_valid():
        return _invite_page(request, process, InviteForm(process=process), form)
    actions.set_groups(process=process, user=request.user, groups=form.cleaned_data["groups"])
    messages.success(request, _("The invited resident groups were saved."))
    return redirect("processes:invite", number=number, pk=process.pk)


@require_POST
def uninvite(request: HttpRequest, number: str, pk: int, invitation: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    found = get_object_or_404(ProcessActor.objects.select_related("actor"), process=process,
                              pk=invitation)
    if not _editable(request, process):
        return redirect(process.get_staff_url())
    actions.remove_invitation(invitation=found, user=request.user)
    messages.success(request, _("The invitation of %(actor)s was withdrawn.") % {
        "actor": found.actor.name})
    return redirect("processes:invite", number=number, pk=process.pk)


@require_http_methods(["GET", "POST"])
def phases(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if request.method == "POST" and not _editable(request, process):
        return redirect(process.get_staff_url())
    form = PhaseForm(request.POST or None, instance=Phase(process=process))
    if request.method == "POST" and form.is_valid():
        actions.add_phase(process=process, user=request.user, data=form.cleaned_data)
        messages.success(request, _("The phase was added."))
        return redirect("processes:phases", number=number, pk=process.pk)
    return render(request, "processes/phases.html", {
        "municipality": municipality, "process": process, "form": form,
        "phases": process.phases.all(),
    })


@require_POST
def phase_delete(request: HttpRequest, number: str, pk: int, phase: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    found = get_object_or_404(Phase, process=process, pk=phase)
    if not _editable(request, process):
        return redirect(process.get_staff_url())
    actions.delete_phase(phase=found, user=request.user)
    messages.success(request, _("The phase “%(name)s” was removed.") % {"name": found.name})
    return redirect("processes:phases", number=number, pk=process.pk)


@require_http_methods(["GET", "POST"])
def link_activities(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if request.method == "POST" and not _editable(request, process):
        return redirect(process.get_staff_url())
    form = ActivitiesForm(request.POST or None, process=process,
                          initial={"local_knowledge": process.local_knowledge.all()})
    if request.method == "POST" and form.is_valid():
        actions.link_local_knowledge(process=process, user=request.user,
                                     items=form.cleaned_data["local_knowledge"])
        messages.success(request, _("The activities were saved."))
        return redirect(process.get_staff_url())
    return render(request, "processes/activities_form.html", {
        "municipality": municipality, "process": process, "form": form,
        "activities": activities(process),
    })


@require_http_methods(["GET", "POST"])
def change_state(request: HttpRequest, number: str, pk: int, to: str) -> HttpResponse:
    """Confirm a change of state; the sham-process warnings are shown before opening, and
    opening despite them needs an explicit acknowledgement."""
    municipality = get_municipality(number)
    process = _process(request, municipality, pk)
    if to not in State.values:
        raise Http404
    # The sham-process warnings are weighed before opening, when the process goes public.
    warnings = guard.warnings_for(process) if to == State.OPEN else []
    blockers = actions.blockers(process, to)
    form = StateForm(request.POST or None, warnings=len(warnings))
    if request.method == "POST":
        if blockers:
            for blocker in blockers:
                messages.error(request, blocker)
            return redirect(process.get_staff_url())
        if form.is_valid():
            try:
                actions.change_state(process=process, user=request.user, to_state=to,
                                     note=form.cleaned_data["note"])
            except actions.ProcessError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The process is now %(state)s.") % {
                    "state": State(to).label.lower()})
            return redirect(process.get_staff_url())
    return render(request, "processes/state_form.html", {
        "municipality": municipality, "process": process, "form": form, "to": to,
        "to_label": State(to).label, "warnings": warnings, "blockers": blockers,
    })

